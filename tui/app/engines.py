"""One session per engine on screen, and the one topology made from all of them.

Every engine the App shows (`--host A --host B`, `--context X`, the engine switcher) has an
`EngineSession`: its own target, reader, event watcher, refresh bookkeeping and status. Its
workers run in worker groups named after it (`connect:<label>`, `refresh:<label>`,
`events:<label>`), so an engine that hangs holds up only its own group, never another engine's
refreshes.

`SnapshotBook` keeps the latest snapshot of every engine. A worker that has read its engine
puts the snapshot in and gets back the topology of all engines (`tui.model.merge`), numbered:
the App shows a topology only when it is newer than the one on screen, so two engines' workers
finishing in either order never bring back an older state. With one engine the snapshot is shown
as read (no engine labels), exactly as before there were several.

Nothing here touches Textual: the App (`tui.app.dockernet`) runs the workers and applies what
they post.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tui.app.launch import EngineSpec
from tui.app.live import Coalescer
from tui.engine.connect import EngineTarget
from tui.engine.events import EventWatcher
from tui.engine.reader import EngineReader
from tui.model.merge import merge_snapshots
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.screens.state import Topology

State = Literal["connecting", "live", "lost", "unavailable", "failing"]
SLOW_SECONDS = 3.0  # a read taking longer than this shows the engine as not answering (yet)
RETRY_FIRST, RETRY_MAX = 2.0, 30.0  # an engine that never answered is tried again, backing off


@dataclass(eq=False)
class EngineSession:
    """One engine's connection, reader, watcher and refresh state; touched only on the App's loop."""

    spec: EngineSpec
    generation: int  # which set of sessions it belongs to: answers for an older set are dropped
    target: EngineTarget | None = None
    reader: EngineReader | None = None
    watcher: EventWatcher | None = None
    state: State = "connecting"
    reason: str = ""
    refreshing: bool = False  # a refresh worker is reading this engine
    refresh_again: bool = False  # something changed while it read: read once more after it
    read_started: float = 0.0
    pending: Coalescer = field(default_factory=Coalescer)
    flushed_at: float = 0.0  # monotonic time events were last turned into a refresh
    retry_delay: float = RETRY_FIRST

    @property
    def label(self) -> str:
        return self.spec.label

    def group(self, kind: str) -> str:
        """The worker group of one kind of work for this engine (`exclusive` stays within it)."""
        return f"{kind}:{self.label}"

    def slow_for(self, now: float | None = None) -> float:
        """Seconds the read under way has taken, when that is more than SLOW_SECONDS; else 0."""
        if not self.refreshing or not self.read_started:
            return 0.0
        waited = (time.monotonic() if now is None else now) - self.read_started
        return waited if waited > SLOW_SECONDS else 0.0

    def status(self, now: float | None = None) -> tuple[str, str] | None:
        """(one sentence, severity) when this engine needs saying something about; None when all is well."""
        name = clean(self.label) or "the engine"
        reason = clean(self.reason).rstrip(".")
        if self.state == "connecting":
            return f"{name}: connecting…", "information"
        if self.state == "unavailable":
            return f"{name}: unreachable: {reason}; trying again by itself", "error"
        if self.state == "lost":
            return f"{name}: {reason}; showing its last known state, reconnecting by itself", "error"
        if self.state == "failing":
            return f"{name}: not answering: {reason}; showing its last known state", "error"
        waited = self.slow_for(now)
        if waited:
            return f"{name}: not answering (waited {waited:.0f} s); showing its last known state", "warning"
        return None


SEVERITY_ORDER = {"information": 0, "warning": 1, "error": 2}


def sessions_banner(sessions: Iterable[EngineSession], now: float | None = None) -> tuple[str, str]:
    """The banner for several engines: one sentence per engine that is not well, the worst severity."""
    found = [s for s in (session.status(now) for session in sessions) if s is not None]
    if not found:
        return "", ""
    severity = max((sev for _, sev in found), key=lambda sev: SEVERITY_ORDER.get(sev, 0))
    return "  ·  ".join(text for text, _ in found), severity


class SnapshotBook:
    """The latest snapshot of each engine and their merge; thread-safe (workers put, the App reads)."""

    def __init__(self, labels: Sequence[str], merged: bool) -> None:
        self.labels = list(labels)
        self.merged = merged  # several engines: label objects and merge; one: show it as read
        self._lock = threading.Lock()
        self._latest: dict[str, Snapshot] = {}
        self._seq = 0

    def put(self, label: str, snapshot: Snapshot) -> tuple[int, Topology]:
        """Record one engine's new snapshot; the numbered topology of every engine's latest."""
        with self._lock:
            self._latest[label] = snapshot
            self._seq += 1
            return self._seq, Topology.of(self._combined())

    def forget(self, label: str) -> tuple[int, Topology] | None:
        """Drop an engine's snapshot (it left the view); the topology without it, if any engine is left."""
        with self._lock:
            self._latest.pop(label, None)
            if not self._latest:
                return None
            self._seq += 1
            return self._seq, Topology.of(self._combined())

    def has(self, label: str) -> bool:
        with self._lock:
            return label in self._latest

    @property
    def empty(self) -> bool:
        with self._lock:
            return not self._latest

    def _combined(self) -> Snapshot:
        parts = [(label, self._latest[label]) for label in self.labels if label in self._latest]
        if not self.merged:
            return parts[0][1]
        return merge_snapshots(parts)
