"""The App's shared state and navigation, typed, so each part of the App can be its own module.

`DockernetApp` is assembled from `ActionPanels`, `ViewActions` and `DatapathReader`; each is a
subclass of `AppBase`, so the type checker (and a reader) sees every attribute they share here,
and Textual builds each with its metaclass (their `@on` handlers and bindings all count).

The state screens watch lives here as reactives (`tui.screens.state` says how screens use it):
`topology`, `datapaths`, `banner`, `project`.
"""

from __future__ import annotations

from textual.app import App
from textual.reactive import reactive

from tui.app.launch import Launch
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
        self.reader: EngineReader | None = None
        self.target: EngineTarget | None = None
        self.set_reactive(AppBase.topology, Topology.of(launch.snapshot))

    @property
    def snapshot(self) -> Snapshot:
        return self.topology.snapshot

    @property
    def read_only(self) -> bool:
        return self.launch.read_only or self.snapshot.read_only

    def action_refresh(self) -> None:
        """Read the engine again now (`tui.app.dockernet` implements it)."""

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
