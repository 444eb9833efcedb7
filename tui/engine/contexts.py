"""The engines dockernet may show: the docker CLI's contexts, and `--host` / `--context` choices with labels.

`list_contexts` reads what `docker context ls` lists, from the CLI's own store
(`$DOCKER_CONFIG` or `~/.docker`: `contexts/meta/<sha256 of name>/meta.json`, TLS material in
`contexts/tls/<sha256>/docker/`), without running the CLI: the implicit `default` context (the
`DOCKER_HOST` or the local socket) and every stored one, whatever its endpoint (unix, tcp with or
without TLS, ssh). An unreadable context is listed with its error rather than dropped.

An `EngineChoice` is one engine to show: a host URL or a context name, with the short label its
objects carry in a merged view (`tui.model.merge`). `choices_from_flags` turns repeated
`--host`/`--context` flags into choices with distinct labels; `--host NAME=URL` names one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from tui.engine.connect import DEFAULT_HOST, EngineTarget, resolve_target

DEFAULT_CONTEXT = "default"


@dataclass(frozen=True)
class DockerContext:
    """One line of `docker context ls`."""

    name: str
    host: str
    description: str = ""
    tls: bool = False  # TLS material is stored with it (or, for default, DOCKER_TLS_VERIFY is set)
    current: bool = False
    error: str = ""  # why the context could not be read (it is still listed)


@dataclass(frozen=True)
class EngineChoice:
    """One engine to connect to: by URL (`host`) or by context name; `label` names it on screen."""

    label: str
    host: str | None = None
    context: str | None = None

    def resolve(self, env: Mapping[str, str] | None = None) -> EngineTarget:
        """Where the engine is (raises EngineError for an unknown context); reads files, so call it in a worker."""
        return resolve_target(self.host, self.context, env)

    @property
    def source(self) -> str:
        return f"--context {self.context}" if self.context else f"--host {self.host}" if self.host else "the default"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("DOCKER_CONFIG") or Path(env.get("HOME") or Path.home()) / ".docker")


def current_context(env: Mapping[str, str] | None = None) -> str:
    """The context the docker CLI would use: DOCKER_HOST means default, then DOCKER_CONTEXT, then config.json."""
    env = os.environ if env is None else env
    if env.get("DOCKER_HOST"):
        return DEFAULT_CONTEXT
    if env.get("DOCKER_CONTEXT"):
        return env["DOCKER_CONTEXT"]
    try:
        data = json.loads((config_dir(env) / "config.json").read_text())
    except (OSError, ValueError):
        return DEFAULT_CONTEXT
    name = data.get("currentContext") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else DEFAULT_CONTEXT


def _mapping(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _stored_context(meta_dir: Path, tls_root: Path) -> DockerContext | None:
    path = meta_dir / "meta.json"
    try:
        meta = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return DockerContext(meta_dir.name[:12], "", error=f"cannot read {path}: {exc}")
    if not isinstance(meta, dict) or not isinstance(meta.get("Name"), str):
        return DockerContext(meta_dir.name[:12], "", error=f"{path} is not a docker context")
    name = meta["Name"]
    docker_ep = _mapping(_mapping(meta.get("Endpoints")).get("docker"))
    description = _mapping(meta.get("Metadata")).get("Description")
    host = docker_ep.get("Host")
    description = description if isinstance(description, str) else ""
    host = host if isinstance(host, str) else ""
    ident = hashlib.sha256(name.encode()).hexdigest()
    tls = (tls_root / ident / "docker").is_dir()
    error = "" if host else "no docker endpoint"
    return DockerContext(name, host or DEFAULT_HOST, description, tls, error=error)


def list_contexts(env: Mapping[str, str] | None = None) -> list[DockerContext]:
    """`docker context ls`: default first, then the stored contexts by name; blocking (reads files)."""
    env = os.environ if env is None else env
    current = current_context(env)
    default_host = env.get("DOCKER_HOST") or DEFAULT_HOST
    default_tls = bool(env.get("DOCKER_TLS_VERIFY") or env.get("DOCKER_CERT_PATH"))
    found = [DockerContext(DEFAULT_CONTEXT, default_host, "Current DOCKER_HOST based configuration", default_tls)]
    store = config_dir(env) / "contexts"
    try:
        metas = sorted(p for p in (store / "meta").iterdir() if p.is_dir())
    except OSError:
        metas = []
    stored = [c for c in (_stored_context(p, store / "tls") for p in metas) if c is not None]
    found += sorted(stored, key=lambda c: c.name)
    return [DockerContext(c.name, c.host, c.description, c.tls, c.name == current, c.error) for c in found]


def host_label(url: str) -> str:
    """A short name for an engine URL: the host of tcp:// and ssh://, the directory of a unix socket."""
    parsed = urlparse(url)
    if parsed.scheme in ("tcp", "ssh", "http", "https") and parsed.hostname:
        return parsed.hostname
    if parsed.scheme == "unix" or url.startswith("/"):
        path = PurePosixPath(parsed.path if parsed.scheme else url)
        if url.rstrip("/") in (DEFAULT_HOST, "unix://"):
            return "local"
        if path.name == "docker.sock" and path.parent.name not in ("", "run", "/"):
            return path.parent.name
        return path.stem or "local"
    return url


def split_named(value: str) -> tuple[str | None, str]:
    """`NAME=URL` gives the engine a label of its own; a bare URL has none."""
    name, sep, rest = value.partition("=")
    if sep and name and "/" not in name and ":" not in name and rest:
        return name, rest
    return None, value


def choices_from_flags(hosts: Sequence[str] = (), contexts: Sequence[str] = ()) -> list[EngineChoice]:
    """One choice per `--host` and `--context` flag, in that order, with distinct labels.

    No flag at all gives one choice that resolves like the docker CLI (DOCKER_HOST, DOCKER_CONTEXT,
    the current context). The same engine given twice is kept once.
    """
    wanted: list[tuple[str, str | None, str | None]] = []
    for value in hosts:
        name, url = split_named(value)
        wanted.append((name or host_label(url), url, None))
    wanted += [(name, None, name) for name in contexts]
    if not wanted:
        return [EngineChoice("")]
    choices: list[EngineChoice] = []
    seen: set[tuple[str | None, str | None]] = set()
    used: set[str] = set()
    for label, host, context in wanted:
        if (host, context) in seen:
            continue
        seen.add((host, context))
        unique, n = label, 2
        while unique in used:
            unique, n = f"{label}-{n}", n + 1
        used.add(unique)
        choices.append(EngineChoice(unique, host, context))
    return choices


def choice_for_context(context: DockerContext) -> EngineChoice:
    return EngineChoice(context.name, None, context.name)
