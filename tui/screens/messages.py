"""App-wide messages between the screens and the App: requests for engine work and their answers.

Screens never call Docker: they post a request (`ActionRequested`, `InspectWanted`,
`DatapathWanted`) that bubbles to the App, whose thread workers answer the screen that asked
(`ActionFinished`, `InspectArrived`). Data every screen shows (the topology, the datapath book)
does not travel by message: it is reactive state on the App (`tui.screens.state`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from tui.changes.change import Request
from tui.presentation.datapath import Request as DatapathRequest

Json = dict[str, Any]
__all__ = ["ActionFinished", "ActionRequested", "DatapathRequest", "DatapathWanted", "InspectArrived", "InspectWanted"]


@dataclass
class InspectWanted(Message):
    """A screen wants the engine's raw JSON for one network or container; answered to `reply_to`."""

    kind: str
    object_id: str
    reply_to: MessagePump


@dataclass
class InspectArrived(Message, bubble=False):
    """The engine's raw JSON for one network or container (the raw inspect view), or why not."""

    kind: str
    object_id: str
    data: Json | None
    error: str = ""


@dataclass
class ActionRequested(Message):
    """A panel asks the App to carry out a confirmed change; the answer goes to `reply_to`."""

    request: Request
    reply_to: MessagePump


@dataclass
class ActionFinished(Message, bubble=False):
    """The engine's answer to an `ActionRequested`: ok, or its refusal in its own words."""

    request: Request
    ok: bool
    error: str = ""
    result: object = None


@dataclass
class DatapathWanted(Message):
    """A screen wants the host side of these namespaces: ((owner container id, key), ...).

    It bubbles from the screen to the App, whose datapath worker records each answer in the
    App's `datapaths` book (reactive state every screen watches).
    """

    requests: tuple[DatapathRequest, ...]
