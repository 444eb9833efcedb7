"""The App's view actions: switching screens, opening inspect / explain / help / project picker.

A mixin of `DockernetApp`, kept apart so the App module holds only the engine lifecycle. It
reads the App's current snapshot and raw data; the one engine call (a live inspect) runs in a
thread worker and comes back as `InspectArrived`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from tui.app.live import post_safely
from tui.engine.connect import EngineError
from tui.model.explain import explain_container, explain_network
from tui.model.snapshot import Snapshot
from tui.model.stored import stored_inspect
from tui.presentation import projects
from tui.screens.base import ExplorerScreen
from tui.screens.explain import ExplainScreen
from tui.screens.help import HelpScreen, help_sections
from tui.screens.inspect import InspectScreen
from tui.screens.messages import InspectArrived
from tui.screens.project import ProjectScreen

ITEM_MODES = {"network": "networks", "container": "containers"}
POPUPS = (InspectScreen, ExplainScreen, HelpScreen)

if TYPE_CHECKING:
    from textual.app import App

    _AppBase = App[None]
else:
    _AppBase = object


class ViewActions(_AppBase):
    """Actions bound to keys and palette commands; mixed into a Textual `App`."""

    snapshot: Snapshot
    raw: dict[str, Any] | None
    reader: Any
    project: str

    def set_project(self, project: str) -> None:
        self.project = project

    def action_show(self, mode: str) -> None:
        """Switch to the networks, containers or map screen."""
        self.switch_mode(mode)

    async def show_item(self, kind: str, object_id: str) -> None:
        """Open the networks or containers screen with this item selected (its detail shown)."""
        await self.switch_mode(ITEM_MODES[kind])
        while not isinstance(self.screen, ExplorerScreen):
            self.pop_screen()
        if not self.screen.select(kind, object_id):
            self.notify("that item is not shown (check the project filter)", severity="warning", markup=False)

    def selected(self) -> tuple[str, str] | None:
        """The selected item of the topmost screen that has a selection (under any pop-up)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ExplorerScreen):
                return screen.selected()
        return None

    def open_popup(self, screen: Screen) -> None:
        """Push a pop-up screen, replacing one of the same family already on top."""
        if isinstance(self.screen, POPUPS):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_inspect(self) -> None:
        """Show the engine's raw JSON for the selected network or container."""
        chosen = self.selected()
        if chosen is None:
            self.notify("select a network or container first", severity="warning", markup=False)
            return
        kind, object_id = chosen
        item = self.snapshot.network(object_id) if kind == "network" else self.snapshot.container(object_id)
        screen = InspectScreen(kind, object_id, item.name if item else object_id)
        self.open_popup(screen)
        self.request_inspect(kind, object_id, screen)

    def request_inspect(self, kind: str, object_id: str, screen: Screen) -> None:
        if self.reader is not None:
            self.fetch_inspect(kind, object_id, screen)
        else:
            data = stored_inspect(self.raw or {}, kind, object_id)
            error = "" if data is not None else f"the stored topology has no inspect data for this {kind}"
            screen.post_message(InspectArrived(kind, object_id, data, error))

    @work(thread=True, exclusive=True, group="inspect", exit_on_error=False)
    def fetch_inspect(self, kind: str, object_id: str, screen: Screen) -> None:
        try:
            data, error = self.reader.inspect(kind, object_id), ""
        except EngineError as exc:
            data, error = None, str(exc)
        post_safely(screen, InspectArrived(kind, object_id, data, error))

    def action_explain(self) -> None:
        """Explain the selected item's driver or mode, with every topic beside it."""
        chosen = self.selected()
        heading, notes = "", []
        if chosen is not None and chosen[0] == "network" and (net := self.snapshot.network(chosen[1])):
            heading, notes = f"network {net.name}", explain_network(net)
        elif chosen is not None and chosen[0] == "container" and (ctr := self.snapshot.container(chosen[1])):
            heading, notes = f"container {ctr.name}", explain_container(ctr, self.snapshot)
        self.open_popup(ExplainScreen(heading, notes))

    def action_pick_project(self) -> None:
        """Choose one Compose project to show, or all."""

        def chosen(project: str | None) -> None:
            if project is not None:
                self.project = project

        self.push_screen(ProjectScreen(projects(self.snapshot), self.project), chosen)

    def action_help(self) -> None:
        """List every key binding."""
        self.open_popup(HelpScreen(help_sections(self)))
