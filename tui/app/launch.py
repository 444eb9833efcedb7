"""What the App opens on: a live engine (resolved lazily), a saved snapshot, or the demo.

No Textual here: `tui.cli.run` builds a `Launch` from the command line and the config file,
and the App only reads it. Engine resolution is deferred to the App's connect worker, so a
missing engine becomes a banner over the demo instead of an exit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.engine.connect import EngineTarget, resolve_target
from tui.model.files import load_demo, load_snapshot
from tui.model.parse import Raw
from tui.model.snapshot import Snapshot

FIX_HINT = "start dockerd, set DOCKER_HOST (e.g. unix:///var/run/docker.sock) or pass --context NAME"


@dataclass
class Launch:
    """The App's starting point. `connect` is set for a live engine; `raw` for file or demo."""

    snapshot: Snapshot = field(default_factory=lambda: Snapshot(source="engine"))
    raw: Raw | None = None
    connect: Callable[[], EngineTarget] | None = None
    read_only: bool = False
    keymap: dict[str, str] = field(default_factory=dict)


def demo_launch(keymap: dict[str, str] | None = None) -> Launch:
    raw, snap = load_demo()
    return Launch(snap, raw, None, True, dict(keymap or {}))


def snapshot_launch(path: str, keymap: dict[str, str] | None = None) -> Launch:
    """Raises EngineError when the file is missing or not a dockernet snapshot."""
    raw, snap = load_snapshot(path)
    return Launch(snap, raw, None, True, dict(keymap or {}))


def engine_launch(
    host: str | None = None, context: str | None = None, read_only: bool = False, keymap: dict[str, Any] | None = None
) -> Launch:
    return Launch(connect=lambda: resolve_target(host, context), read_only=read_only, keymap=dict(keymap or {}))


def fallback_text(reason: str) -> str:
    """The banner over the demo when no engine answers: why, how to fix it, what is shown."""
    reason = reason.strip()
    end = "" if reason.endswith((".", "?", "!")) else "."
    return (
        f"{reason}{end} To fix it: {FIX_HINT}. "
        "You are looking at the built-in demo topology; press R to retry the engine."
    )
