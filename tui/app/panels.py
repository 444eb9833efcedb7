"""Opening the action panels from keys and the command palette, and carrying out what they ask.

Panels open on the selected network or container, or refuse with one clear sentence when
dockernet is read-only (nothing is sent then anyway: `EngineWriter` checks again). A panel
posts `ActionRequested`; the write worker answers that panel with `ActionFinished` and then the
App reads the engine again.

Every write and driver lookup to an engine goes through one `EngineWriter` (one client, reused;
closed when the App ends). A lookup whose worker was cancelled (`n` pressed again while the
drivers were read) is dropped on the App's loop, where the cancelling happens: only the newest
answer opens the panel.
"""

from __future__ import annotations

import contextlib
from functools import partial

from textual import events, on, work
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from tui.app.base import AppBase
from tui.app.commands import highlight, with_key
from tui.app.live import DriversRead, post_safely
from tui.app.readonly import TOAST_SECONDS, ReadOnlyToast, read_only_text
from tui.changes.change import CreateNetwork, Request
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.writer import READ_ONLY_TEXT, EngineWriter
from tui.model.snapshot import Snapshot
from tui.screens.messages import ActionFinished, ActionRequested
from tui.screens.panels.base import ActionPanel, R
from tui.screens.panels.connect import ConnectPanel
from tui.screens.panels.create_network import CreateNetworkPanel
from tui.screens.panels.disconnect import DisconnectPanel
from tui.screens.panels.keys import panel_bindings
from tui.screens.panels.prune import PrunePanel
from tui.screens.panels.remove_network import RemoveNetworkPanel
from widgets.command_preview import CommandPreview

# (palette name, App action, what it does)
ACTION_COMMANDS = (
    ("Create network…", "create_network", "docker network create"),
    ("Connect container to network…", "connect", "docker network connect"),
    ("Disconnect container from network…", "disconnect", "docker network disconnect"),
    ("Remove network…", "remove_network", "docker network rm"),
    ("Prune unused networks…", "prune_networks", "remove the unused networks listed"),
)


class ActionPanels(AppBase):
    """The five panel actions and the write worker."""

    follow: tuple[str, str] | None = None  # (kind, name) of what the last change made, to select it
    drivers: list[str] | None = None  # the engine's network drivers, read once
    writers: dict[EngineTarget, EngineWriter] | None = None  # one per engine, made on the App's loop

    def writer_for(self, target: EngineTarget) -> EngineWriter:
        """The one writer for this engine: every request and driver lookup reuses its client."""
        if self.writers is None:
            self.writers = {}
        writer = self.writers.get(target)
        if writer is None:
            writer = self.writers[target] = EngineWriter(target, self.read_only)
        return writer

    @on(events.Unmount)
    def _close_writers(self) -> None:
        for writer in (self.writers or {}).values():
            writer.close()

    read_only_toast: ReadOnlyToast | None = None

    def allowed(self) -> bool:
        """False when read-only, said in one toast naming the cause (not one more per key press)."""
        if not self.read_only:
            return True
        if self.read_only_toast is None:
            self.read_only_toast = ReadOnlyToast()
        if self.read_only_toast.due():
            text = read_only_text(self.launch, self.snapshot)
            self.notify(text, title="read-only", severity="warning", timeout=TOAST_SECONDS, markup=False)
        return False

    def chosen(self) -> tuple[str, str]:
        """(container id, network id) of the selected item; one of them is empty."""
        chosen = self.selected()
        if chosen is None:
            return "", ""
        kind, object_id = chosen
        return (object_id, "") if kind == "container" else ("", object_id)

    def open_panel(self, panel: ActionPanel[R]) -> None:
        self.push_screen(panel, self.panel_closed)

    def action_create_network(self) -> None:
        """Create a network (the driver list includes the engine's network plugins)."""
        if not self.allowed():
            return
        if self.drivers is not None or self.target is None:
            self.open_create(self.drivers)
        else:
            self.fetch_drivers(self.writer_for(self.target))

    @work(thread=True, exclusive=True, group="drivers", exit_on_error=False)
    def fetch_drivers(self, writer: EngineWriter) -> None:
        worker = get_current_worker()
        try:
            drivers: list[str] | None = writer.network_drivers()  # a read: allowed even read-only
        except EngineError:
            drivers = None
        post_safely(self, DriversRead(drivers, worker))

    @on(DriversRead)
    def _drivers_read(self, message: DriversRead) -> None:
        if message.worker.is_cancelled:
            return  # `n` was pressed again meanwhile: the newer lookup's answer opens the panel
        self.open_create(message.drivers)

    def open_create(self, drivers: list[str] | None) -> None:
        self.drivers = drivers
        if not isinstance(self.screen, CreateNetworkPanel):  # a second press while the drivers were read
            self.open_panel(CreateNetworkPanel(self.snapshot, drivers))

    def action_connect(self) -> None:
        """Connect the selected container (or a container to the selected network)."""
        if self.allowed():
            self.open_panel(ConnectPanel(self.snapshot, *self.chosen()))

    def action_disconnect(self) -> None:
        """Disconnect the selected container from one of its networks (or one member of the selected network)."""
        if self.allowed():
            self.open_panel(DisconnectPanel(self.snapshot, *self.chosen()))

    def action_remove_network(self) -> None:
        """Remove the selected network, offering to disconnect its containers first."""
        if self.allowed():
            self.open_panel(RemoveNetworkPanel(self.snapshot, self.chosen()[1]))

    def action_prune_networks(self) -> None:
        """Remove unused networks, listed one by one first."""
        if self.allowed():
            self.open_panel(PrunePanel(self.snapshot))

    def extra_help(self) -> list[tuple[str, list[object]]]:
        """The help screen's section for the panels (read by `tui.screens.help`)."""
        return [
            ("Change the engine (networks and containers screens)", list(panel_bindings())),
            ("In an action panel", [*ActionPanel.BINDINGS, *CommandPreview.BINDINGS]),
        ]

    def panel_closed(self, request: Request | None) -> None:
        if isinstance(request, CreateNetwork):
            self.follow = ("network", request.name)

    def follow_changed_item(self, snapshot: Snapshot) -> None:
        """After a refresh: select what the last action made (a new network), once it shows up."""
        if self.follow is None:
            return
        kind, name = self.follow
        item = snapshot.network(name) if kind == "network" else snapshot.container(name)
        if item is not None:
            self.follow = None
            self.call_later(self.show_item, kind, item.id)

    @on(ActionRequested)
    def _action_requested(self, message: ActionRequested) -> None:
        message.stop()
        # To the engine the change is about; with several engines a prune is one per engine.
        parts = [
            (part, self.writer_for(target) if target else None) for part, target in self.write_parts(message.request)
        ]
        self.run_request(message.request, message.reply_to, parts)

    @work(thread=True, group="write", exit_on_error=False)
    def run_request(
        self, request: Request, reply_to: MessagePump, parts: list[tuple[Request, EngineWriter | None]]
    ) -> None:
        """Carry out a confirmed change and answer the panel that asked."""
        if not parts or any(writer is None for _, writer in parts):
            answer = ActionFinished(request, False, READ_ONLY_TEXT)
        else:
            try:
                results = [writer.execute(part) for part, writer in parts if writer is not None]
                if len(results) == 1:
                    result = results[0]
                else:  # a prune over several engines: every network removed
                    result = [one for found in results for one in ([found] if isinstance(found, str) else found)]
                answer = ActionFinished(request, True, result=result)
            except EngineError as exc:
                answer = ActionFinished(request, False, str(exc))
        post_safely(reply_to, answer)
        if answer.ok:
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self.action_refresh)


class ActionCommands(Provider):
    """The action panels by name in the command palette, with the keys bound to them now."""

    def commands(self) -> list[tuple[str, str, str]]:
        return [(name, action, with_key(self.screen, action, what)) for name, action, what in ACTION_COMMANDS]

    async def discover(self) -> Hits:
        for name, action, help_text in self.commands():
            yield DiscoveryHit(Content(name), partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), partial(self.app.run_action, action), help=help_text)
