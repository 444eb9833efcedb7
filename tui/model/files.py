"""Saved snapshots and the embedded demo: raw engine JSON on disk, read back read-only."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from tui.model.errors import SourceError
from tui.model.parse import SNAPSHOT_FORMAT, Raw, parse_snapshot
from tui.model.snapshot import Snapshot


def raw_text(raw: Raw) -> str:
    """A snapshot file's text (also what `dockernet snapshot -o -` prints)."""
    return json.dumps(raw, indent=1, sort_keys=True) + "\n"


def save_raw(raw: Raw, path: str | Path) -> None:
    Path(path).write_text(raw_text(raw), encoding="utf-8")


def load_raw(path: str | Path) -> Raw:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"snapshot file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read snapshot file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"snapshot file {path} is not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(raw, dict) or raw.get("format") != SNAPSHOT_FORMAT:
        raise SourceError(f"{path} is not a dockernet snapshot (expected format {SNAPSHOT_FORMAT!r})")
    return raw


def load_snapshot(path: str | Path) -> tuple[Raw, Snapshot]:
    raw = load_raw(path)
    try:
        return raw, parse_snapshot(raw, source="snapshot")
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise SourceError(f"snapshot file {path} is damaged: {exc}") from None


def load_demo() -> tuple[Raw, Snapshot]:
    """The embedded demo topology, recorded from a real engine by scripts/make-demo."""
    text = resources.files("tui.model.demo").joinpath("demo.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    return raw, parse_snapshot(raw, source="demo")
