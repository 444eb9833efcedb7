"""Following a live engine: the App's internal messages from its threads, and event coalescing.

Thread workers and the event watcher never touch the UI: they post these messages (posting is
thread-safe) and the App applies them on its own loop. `Coalescer` gathers a burst of events
(a `compose up` sends dozens) into one refresh that invalidates only the containers touched.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from textual.message import Message

from tui.engine.events import EngineEvent
from tui.model.snapshot import Snapshot

DEBOUNCE_SECONDS = 0.2


class EngineConnected(Message):
    """The connect worker reached the engine and read a first snapshot."""

    def __init__(self, target: Any, reader: Any, snapshot: Snapshot, graph: nx.MultiDiGraph) -> None:
        super().__init__()
        self.target, self.reader, self.snapshot, self.graph = target, reader, snapshot, graph


class EngineUnavailable(Message):
    """The connect worker could not reach the engine; `reason` is one readable sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class EngineEventArrived(Message):
    """One topology event from the watcher thread."""

    def __init__(self, event: EngineEvent) -> None:
        super().__init__()
        self.event = event


class Broadcast(Message):
    """A worker's result for every screen (e.g. `ActionFinished`); the App passes it on."""

    def __init__(self, payload: Message) -> None:
        super().__init__()
        self.payload = payload


@dataclass
class Coalescer:
    """Collects events until the next refresh; `take` hands over what to invalidate."""

    containers: set[str] = field(default_factory=set)
    pending: bool = False

    def add(self, event: EngineEvent) -> bool:
        """Record the event; True when this is the first of a burst (schedule a refresh)."""
        if event.container_id:
            self.containers.add(event.container_id)
        first = not self.pending
        self.pending = True
        return first

    def take(self) -> set[str]:
        ids, self.containers, self.pending = self.containers, set(), False
        return ids


def post_safely(target: Any, message: Message) -> None:
    """Post from a thread; after the App has closed its loop there is no one to tell."""
    with contextlib.suppress(RuntimeError):
        target.post_message(message)
