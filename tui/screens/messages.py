"""App-wide messages: data arriving from the engine, and action requests/results.

Engine work happens in the App's thread workers; these messages carry results to the screens,
so screens and widgets never call Docker themselves.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from textual.message import Message

from tui.model.snapshot import Snapshot


class SnapshotArrived(Message):
    """A fresh snapshot (and its graph) replaced the previous one."""

    def __init__(self, snapshot: Snapshot, graph: nx.MultiDiGraph) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.graph = graph


class EngineStateChanged(Message):
    """The engine connection went away or came back; `text` says so for a banner."""

    def __init__(self, connected: bool, text: str) -> None:
        super().__init__()
        self.connected = connected
        self.text = text


class InspectArrived(Message):
    """The engine's raw JSON for one network or container (the raw inspect view)."""

    def __init__(self, kind: str, object_id: str, data: dict[str, Any] | None, error: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.object_id = object_id
        self.data = data
        self.error = error


class ActionRequested(Message):
    """A panel asks the App to carry out a confirmed change (a `tui.changes.change` object)."""

    def __init__(self, request: Any) -> None:
        super().__init__()
        self.request = request


class ActionFinished(Message):
    """The engine's answer to an `ActionRequested`: ok, or its refusal in its own words."""

    def __init__(self, request: Any, ok: bool, error: str = "", result: Any = None) -> None:
        super().__init__()
        self.request = request
        self.ok = ok
        self.error = error
        self.result = result


class DatapathWanted(Message):
    """A screen wants the host side of these namespaces: ((owner container id, key), ...).

    It bubbles from the screen to the App, whose datapath worker answers each with `DatapathArrived`.
    """

    def __init__(self, requests: tuple[tuple[str, tuple], ...]) -> None:
        super().__init__()
        self.requests = requests


class DatapathArrived(Message, bubble=False):
    """The host side of one container's interfaces (its veth pairs and bridges), or why it cannot be read.

    `wires` are `tui.engine.datapath.Wire`s; `key` is the one the request carried, so a screen can
    tell an answer about an older state of the container; `retry` marks a problem that may pass
    (the engine did not answer). Sent to the App, which hands a copy to every screen; it does not
    bubble (a screen's copy must not come back to the App).
    """

    def __init__(
        self, container_id: str, key: tuple, wires: tuple[Any, ...] = (), problem: str = "", retry: bool = False
    ) -> None:
        super().__init__()
        self.container_id = container_id
        self.key = key
        self.wires = wires
        self.problem = problem
        self.retry = retry
