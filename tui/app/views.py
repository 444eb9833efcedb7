"""The App's view actions: switching screens, opening inspect / explain / help / project picker.

Kept apart from the engine lifecycle (`tui.app.dockernet`). The one engine call here, a live
inspect, runs in a thread worker and is answered to the inspect screen that asked for it.
"""

from __future__ import annotations

from textual import on, work
from textual.message_pump import MessagePump
from textual.screen import Screen

from tui.app.base import AppBase
from tui.app.live import post_safely
from tui.engine.connect import EngineError
from tui.engine.reader import EngineReader
from tui.model.explain import explain_container, explain_network
from tui.model.stored import stored_inspect
from tui.presentation import projects
from tui.screens.explain import ExplainScreen
from tui.screens.help import HelpScreen, help_sections
from tui.screens.inspect import InspectScreen
from tui.screens.messages import InspectArrived, InspectWanted
from tui.screens.project import ProjectScreen

POPUPS = (InspectScreen, ExplainScreen, HelpScreen)


class ViewActions(AppBase):
    """Actions bound to keys and palette commands that show things (they change nothing)."""

    def action_show(self, mode: str) -> None:
        """Switch to the networks, containers or map screen."""
        self.switch_mode(mode)

    def open_popup(self, screen: Screen[None]) -> None:
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
        self.open_popup(InspectScreen(kind, object_id, item.name if item else object_id))

    @on(InspectWanted)
    def _inspect_wanted(self, message: InspectWanted) -> None:
        message.stop()
        session = self.session_of(message.kind, message.object_id)  # its own engine's reader
        if session is not None and session.reader is not None:
            self.fetch_inspect(session.reader, message.kind, message.object_id, message.reply_to)
            return
        data = stored_inspect(self.raw or {}, message.kind, message.object_id)
        error = "" if data is not None else f"the stored topology has no inspect data for this {message.kind}"
        message.reply_to.post_message(InspectArrived(message.kind, message.object_id, data, error))

    @work(thread=True, exclusive=True, group="inspect", exit_on_error=False)
    def fetch_inspect(self, reader: EngineReader, kind: str, object_id: str, reply_to: MessagePump) -> None:
        try:
            data, error = reader.inspect(kind, object_id), ""
        except EngineError as exc:
            data, error = None, str(exc)
        post_safely(reply_to, InspectArrived(kind, object_id, data, error))

    def action_explain(self) -> None:
        """Explain the selected item's driver or mode, with every topic beside it."""
        chosen = self.selected()
        heading, notes = "", []
        if chosen is not None and chosen[0] == "network" and (net := self.snapshot.network(chosen[1])):
            heading, notes = f"network {net.name}", explain_network(net, self.snapshot)
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
