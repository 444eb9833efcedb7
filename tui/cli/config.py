"""The user's settings file (`~/.config/dockernet/config.toml` or `--config FILE`).

Pure and tiny: it only decides settings. A missing default file means defaults; a file the
user named that is missing or broken is an error, phrased as one sentence.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    """The config file cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Config:
    """Settings read from the config file."""

    read_only: bool = False
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, for App.set_keymap
    path: str = ""


def default_path(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "dockernet" / "config.toml"


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read `path` (explicit: must exist) or the default file (optional)."""
    explicit = path is not None
    file = default_path(env) if path is None else Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {file} does not exist") from None
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {file}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None
    read_only = data.get("read_only", False)
    if not isinstance(read_only, bool):
        raise ConfigError(f"config file {file}: read_only must be true or false")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"config file {file}: [keymap] maps binding ids to key strings")
    return Config(read_only=read_only, keymap={str(k): v for k, v in keymap.items()}, path=str(file))
