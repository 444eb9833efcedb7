"""What the App opens on: a live engine (resolved lazily), a saved snapshot, or the demo.

No Textual here: `tui.cli.run` builds a `Launch` from the command line and the config file,
and the App only reads it. Engine resolution is deferred to the App's connect worker, so a
missing engine becomes a banner over the demo instead of an exit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.engine.connect import EngineTarget
from tui.engine.contexts import EngineChoice, choices_from_flags
from tui.model.files import load_demo, load_snapshot
from tui.model.parse import Raw
from tui.model.snapshot import Snapshot

FIX_HINT = "start dockerd, set DOCKER_HOST (e.g. unix:///var/run/docker.sock) or pass --context NAME"


@dataclass(frozen=True)
class EngineSpec:
    """One engine to show: its label in a merged view and how to find it (blocking: call it in a worker)."""

    label: str
    connect: Callable[[], EngineTarget]
    host: str | None = None  # how it was named: a URL, or a context (for the engine switcher)
    context: str | None = None

    @classmethod
    def of(cls, choice: EngineChoice) -> EngineSpec:
        return cls(choice.label, choice.resolve, choice.host, choice.context)


@dataclass
class Launch:
    """The App's starting point. `engines` is set for live engines (one or several); `raw` for file or demo."""

    snapshot: Snapshot = field(default_factory=lambda: Snapshot(source="engine"))
    raw: Raw | None = None
    engines: tuple[EngineSpec, ...] = ()
    read_only: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    served: bool = False  # run by `dockernet serve` for a browser tab (the status line says so)
    read_only_why: str = ""  # what set read_only on a live engine, for the read-only toast

    @property
    def connect(self) -> Callable[[], EngineTarget] | None:
        """The first engine's resolver (None for a file or the demo)."""
        return self.engines[0].connect if self.engines else None

    @property
    def live(self) -> bool:
        return bool(self.engines)


def demo_launch(keymap: dict[str, str] | None = None) -> Launch:
    raw, snap = load_demo()
    return Launch(snap, raw, (), True, dict(keymap or {}))


def snapshot_launch(path: str, keymap: dict[str, str] | None = None) -> Launch:
    """Raises EngineError when the file is missing or not a dockernet snapshot."""
    raw, snap = load_snapshot(path)
    return Launch(snap, raw, (), True, dict(keymap or {}))


def _flags(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def engine_launch(
    host: str | Sequence[str] | None = None,
    context: str | Sequence[str] | None = None,
    read_only: bool = False,
    keymap: dict[str, Any] | None = None,
) -> Launch:
    """Live engines: each `host` URL and each `context` (several are merged into one view); none: the
    CLI's own choice (DOCKER_HOST, DOCKER_CONTEXT, the current context)."""
    choices = choices_from_flags(_flags(host), _flags(context))
    return choices_launch(choices, read_only, keymap)


def choices_launch(
    choices: Sequence[EngineChoice], read_only: bool = False, keymap: dict[str, Any] | None = None
) -> Launch:
    return Launch(engines=tuple(EngineSpec.of(c) for c in choices), read_only=read_only, keymap=dict(keymap or {}))


def fallback_text(reason: str) -> str:
    """The banner over the demo when no engine answers: why, how to fix it, what is shown.

    Most reasons say how to fix them (a hung engine, TLS files, a refusing proxy, an old API);
    "cannot connect" gets the general hint (start dockerd or point dockernet at the engine).
    """
    reason = reason.strip()
    end = "" if reason.endswith((".", "?", "!")) else "."
    fix = f" To fix it: {FIX_HINT}." if "cannot connect to the Docker engine" in reason else ""
    return f"{reason}{end}{fix} You are looking at the built-in demo topology; press R to retry the engine."
