"""The App's shared state and navigation, typed, so each part of the App can be its own module.

`DockernetApp` is assembled from `ActionPanels`, `ViewActions` and `DatapathReader`; each is a
subclass of `AppBase`, so the type checker (and a reader) sees every attribute they share here,
and Textual builds each with its metaclass (their `@on` handlers and bindings all count).

The state screens watch lives here as reactives (`tui.screens.state` says how screens use it):
`topology`, `datapaths`, `banner`, `project`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from textual.app import App
from textual.reactive import reactive

from tui.app.engines import EngineSession
from tui.app.launch import EngineSpec, Launch
from tui.changes.change import ConnectContainer, DisconnectContainer, PruneNetworks, Ref, RemoveNetwork, Request
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.parse import Raw
from tui.model.snapshot import Snapshot
from tui.presentation.datapath import DatapathBook
from tui.screens.base import ExplorerScreen
from tui.screens.state import Topology

ITEM_MODES = {"network": "networks", "container": "containers"}


class AppBase(App[None]):
    """State and navigation shared by every part of the App."""

    topology: reactive[Topology] = reactive(Topology.empty, always_update=True)
    datapaths: reactive[DatapathBook] = reactive(DatapathBook, always_update=True)
    banner: reactive[tuple[str, str]] = reactive(("", ""))
    project: reactive[str] = reactive("")

    def __init__(self, launch: Launch) -> None:
        super().__init__()
        self.launch = launch
        self.raw: Raw | None = launch.raw
        # One per engine on screen, in the order given (tui.app.engines); empty for a file or the demo.
        self.sessions: dict[str, EngineSession] = {}
        self.set_reactive(AppBase.topology, Topology.of(launch.snapshot))

    @property
    def several_engines(self) -> bool:
        return len(self.sessions) > 1

    def primary(self) -> EngineSession | None:
        """The first engine that is connected (the only one, with one engine)."""
        return next((s for s in self.sessions.values() if s.reader is not None), None)

    @property
    def reader(self) -> EngineReader | None:
        """The first connected engine's reader (with one engine: its reader)."""
        session = self.primary()
        return session.reader if session is not None else None

    @property
    def target(self) -> EngineTarget | None:
        session = self.primary()
        return session.target if session is not None else None

    def write_target(self, request: Request) -> EngineTarget | None:
        """The engine a change goes to: the engine of the container or network it is about.

        With several engines a new network goes to the engine of the item selected (else the first
        engine); a prune is split per engine first (`write_parts`).
        """
        if not self.several_engines:
            return self.target
        kind, object_id = "", ""
        match request:
            case ConnectContainer() | DisconnectContainer():
                kind, object_id = "container", request.container.id
            case RemoveNetwork():
                kind, object_id = "network", request.network.id
            case PruneNetworks() if request.networks:
                kind, object_id = "network", request.networks[0].id
            case _:
                kind, object_id = self.selected() or ("", "")
        session = self.session_of(kind, object_id) if kind else None
        return session.target if session is not None else self.target

    def write_parts(self, request: Request) -> list[tuple[Request, EngineTarget | None]]:
        """The request as sent: to its one engine, or a prune split into one prune per engine."""
        if not (self.several_engines and isinstance(request, PruneNetworks)):
            return [(request, self.write_target(request))]
        by_engine: dict[str, list[Ref]] = {}
        for ref in request.networks:
            network = self.snapshot.network(ref.id)
            by_engine.setdefault(network.engine if network is not None else "", []).append(ref)
        parts: list[tuple[Request, EngineTarget | None]] = []
        for refs in by_engine.values():
            part = dataclasses.replace(request, networks=tuple(refs))
            parts.append((part, self.write_target(part)))
        return parts

    def session_of(self, kind: str, object_id: str) -> EngineSession | None:
        """The connected engine a network or container lives on (with one engine: that engine)."""
        if not self.several_engines:
            return self.primary()
        item = self.snapshot.network(object_id) if kind == "network" else self.snapshot.container(object_id)
        session = self.sessions.get(item.engine) if item is not None else None
        return session if session is not None and session.reader is not None else None

    @property
    def snapshot(self) -> Snapshot:
        return self.topology.snapshot

    @property
    def read_only(self) -> bool:
        return self.launch.read_only or self.snapshot.read_only

    @property
    def access_label(self) -> str:
        """The status line's word on writes; a served app says so, its viewer may not know who else can."""
        if not self.launch.served:
            return "read-only" if self.read_only else ""
        return "read-only (served)" if self.read_only else "served: writes allowed"

    def action_refresh(self) -> None:
        """Read the engine again now (`tui.app.following` implements it)."""

    def follow_changed_item(self, snapshot: Snapshot) -> None:
        """After a refresh, select what the last change made (`tui.app.panels` implements it)."""

    def start_sessions(self, specs: Sequence[EngineSpec]) -> None:
        """Show these engines instead of the ones shown (`tui.app.dockernet` implements it)."""

    def set_project(self, project: str) -> None:
        self.project = project

    def explorer(self) -> ExplorerScreen | None:
        """The topmost explorer screen (under any pop-up), which owns the selection."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ExplorerScreen):
                return screen
        return None

    def selected(self) -> tuple[str, str] | None:
        """(kind, id) of the item selected on the topmost explorer screen."""
        screen = self.explorer()
        return screen.selected() if screen is not None else None

    async def show_item(self, kind: str, object_id: str) -> None:
        """Open the networks or containers screen with this item selected (its detail shown)."""
        await self.switch_mode(ITEM_MODES[kind])
        while not isinstance(self.screen, ExplorerScreen):
            self.pop_screen()
        if not self.screen.select(kind, object_id):
            self.notify("that item is not shown (check the project filter)", severity="warning", markup=False)
