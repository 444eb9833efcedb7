"""Following a live engine: the App's internal messages from its threads, and event coalescing.

Thread workers and the event watcher never touch the UI: they post these messages (posting is
thread-safe) and the App applies them on its own loop. `Coalescer` gathers a burst of events
(a `compose up` sends dozens) into one refresh that invalidates only the containers touched.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from tui.engine.connect import EngineTarget
from tui.engine.events import SWARM_TYPES, EngineEvent
from tui.engine.reader import EngineReader
from tui.presentation.datapath import Key
from tui.screens.state import Topology

DEBOUNCE_SECONDS = 0.2  # a burst after its first event (tui.app.following) is read at most this often


@dataclass
class EngineConnected(Message):
    """The connect worker reached the engine and read a first snapshot."""

    target: EngineTarget
    reader: EngineReader
    topology: Topology
    engine: str = ""  # the session's label (tui.app.engines)
    generation: int = 0  # the set of sessions it belongs to
    seq: int = 0  # the topology's number in the SnapshotBook: only a newer one is shown
    reading: bool = False  # an early topology (`Snapshot.pending`): the read goes on, a TopologyRead follows


@dataclass
class EngineUnavailable(Message):
    """The connect worker could not reach the engine; `reason` is one readable sentence."""

    reason: str
    engine: str = ""
    generation: int = 0


@dataclass
class EngineStateChanged(Message):
    """The engine connection went away or came back; `text` says so for the banner."""

    connected: bool
    text: str
    engine: str = ""
    generation: int = 0


@dataclass
class EngineEventArrived(Message):
    """One topology event from the watcher thread."""

    event: EngineEvent
    engine: str = ""
    generation: int = 0


@dataclass
class TopologyRead(Message):
    """A refresh worker read the engine again (or says why it could not); a newer read replaces
    one not yet applied."""

    topology: Topology | None
    error: str = ""
    engine: str = ""
    generation: int = 0
    seq: int = 0
    early: bool = False  # the lists' snapshot, its new containers' inspects still on their way: the read goes on

    def can_replace(self, message: Message) -> bool:
        """Only a read of the same engine: another engine's read must still reach the App; an
        early read never replaces a finished one (the App learns from it that the read ended)."""
        return (
            isinstance(message, TopologyRead)
            and message.engine == self.engine
            and message.generation == self.generation
            and (message.early or not self.early)
        )


@dataclass
class DatapathArrived(Message):
    """The host side of one container's interfaces (veth pairs and bridges), or why it cannot be read.

    `key` is the one the request carried, so an answer about an older state of the container is
    told apart; `retry` marks a problem that may pass (the engine did not answer).
    """

    container_id: str
    key: Key
    wires: tuple[Any, ...] = ()
    problem: str = ""
    retry: bool = False


@dataclass
class Coalescer:
    """Collects events until the next refresh; `take` hands over what to invalidate."""

    containers: set[str] = field(default_factory=set)
    pending: bool = False
    swarm: bool = False  # a service or node event: the reader reads the swarm again

    def add(self, event: EngineEvent) -> bool:
        """Record the event; True when this is the first of a burst (schedule a refresh)."""
        if event.container_id:
            self.containers.add(event.container_id)
        if event.type in SWARM_TYPES:
            self.swarm = True
        first = not self.pending
        self.pending = True
        return first

    def take(self) -> set[str]:
        ids, self.containers, self.pending = self.containers, set(), False
        return ids

    def take_swarm(self) -> bool:
        """Whether a service or node event came since the last call (and forget it)."""
        swarm, self.swarm = self.swarm, False
        return swarm


def post_safely(target: MessagePump, message: Message) -> None:
    """Post from a thread; after the App has closed its loop there is no one to tell."""
    with contextlib.suppress(RuntimeError):
        target.post_message(message)


@dataclass
class EventsRefused(Message):
    """The engine answers, but refuses its event stream (e.g. a socket proxy): live updates are off."""

    text: str
    engine: str = ""
    generation: int = 0


@dataclass
class DriversRead(Message):
    """The engine's network drivers for the create panel (None when they could not be read)."""

    drivers: list[str] | None
    worker: Worker[None]
