"""Opening the action panels from keys and the command palette, and following what they changed.

A mixin of `DockernetApp`. Panels open on the selected network or container, or refuse with one
clear sentence when dockernet is read-only (nothing is sent then anyway: `EngineWriter` checks
again). The panels post `ActionRequested`; the App's write worker answers with `ActionFinished`.
"""

from __future__ import annotations

import contextlib
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.app.commands import highlight
from tui.changes.change import CreateNetwork
from tui.engine.connect import EngineError
from tui.model.snapshot import Snapshot
from tui.screens.base import ExplorerScreen
from tui.screens.panels.base import ActionPanel
from tui.screens.panels.connect import ConnectPanel
from tui.screens.panels.create_network import CreateNetworkPanel
from tui.screens.panels.disconnect import DisconnectPanel
from tui.screens.panels.prune import PrunePanel
from tui.screens.panels.remove_network import RemoveNetworkPanel

READ_ONLY_REFUSAL = (
    "dockernet is read-only (--read-only, read_only in the config file, a saved snapshot or the demo): "
    "changes are disabled"
)

# (palette name, App action, help)
ACTION_COMMANDS = (
    ("Create network…", "create_network", "docker network create (n)"),
    ("Connect container to network…", "connect", "docker network connect (c)"),
    ("Disconnect container from network…", "disconnect", "docker network disconnect (d)"),
    ("Remove network…", "remove_network", "docker network rm (delete or x on the networks screen)"),
    ("Prune unused networks…", "prune_networks", "remove the unused networks listed (P)"),
)

if TYPE_CHECKING:
    from textual.app import App

    _AppBase = App[None]
else:
    _AppBase = object


class ActionPanels(_AppBase):
    """The five panel actions; mixed into the Textual App (needs `snapshot`, `target`, `read_only`)."""

    snapshot: Snapshot
    target: Any
    _follow: tuple[str, str] | None = None
    _drivers: list[str] | None = None

    def _allowed(self) -> bool:
        if getattr(self, "read_only", True):
            self.notify(READ_ONLY_REFUSAL, title="read-only", severity="warning", markup=False)
            return False
        return True

    def _chosen(self) -> tuple[str, str]:
        """(container id, network id) of the selected item; one of them is empty."""
        chosen = self.selected()  # type: ignore[attr-defined]
        if chosen is None:
            return "", ""
        kind, object_id = chosen
        return (object_id, "") if kind == "container" else ("", object_id)

    def action_create_network(self) -> None:
        """Create a network (the driver list includes the engine's network plugins)."""
        if not self._allowed():
            return
        if self._drivers is not None or self.target is None:
            self._open_create(self._drivers)
        else:
            self._fetch_drivers()

    @work(thread=True, exclusive=True, group="drivers", exit_on_error=False)
    def _fetch_drivers(self) -> None:
        from tui.engine.writer import EngineWriter

        try:
            drivers = EngineWriter(self.target, read_only=True).network_drivers()  # a read: allowed
        except EngineError:
            drivers = None
        with contextlib.suppress(RuntimeError):  # the App closed meanwhile
            self.call_from_thread(self._open_create, drivers)

    def _open_create(self, drivers: list[str] | None) -> None:
        self._drivers = drivers
        self.push_screen(CreateNetworkPanel(self.snapshot, drivers), self._panel_closed)

    def action_connect(self) -> None:
        """Connect the selected container (or a container to the selected network)."""
        if self._allowed():
            container_id, network_id = self._chosen()
            self.push_screen(ConnectPanel(self.snapshot, container_id, network_id), self._panel_closed)

    def action_disconnect(self) -> None:
        """Disconnect the selected container from one of its networks (or one member of the selected network)."""
        if self._allowed():
            container_id, network_id = self._chosen()
            self.push_screen(DisconnectPanel(self.snapshot, container_id, network_id), self._panel_closed)

    def action_remove_network(self) -> None:
        """Remove the selected network, offering to disconnect its containers first."""
        if self._allowed():
            _, network_id = self._chosen()
            self.push_screen(RemoveNetworkPanel(self.snapshot, network_id), self._panel_closed)

    def action_prune_networks(self) -> None:
        """Remove unused networks, listed one by one first."""
        if self._allowed():
            self.push_screen(PrunePanel(self.snapshot), self._panel_closed)

    def extra_help(self) -> list[tuple[str, list[Any]]]:
        """The help screen's section for the panels (read by `tui.screens.help`)."""
        from tui.screens.panels.keys import panel_bindings
        from widgets.command_preview import CommandPreview

        return [
            ("Change the engine (networks and containers screens)", panel_bindings("delete,x")),
            ("In an action panel", [*ActionPanel.BINDINGS, *CommandPreview.BINDINGS]),
        ]

    def _panel_closed(self, request: Any) -> None:
        if isinstance(request, CreateNetwork):
            self._follow = ("network", request.name)

    def follow_changed_item(self, snapshot: Snapshot) -> None:
        """After a refresh: select what the last action made (a new network), once it shows up."""
        if self._follow is None:
            return
        kind, name = self._follow
        item = snapshot.network(name) if kind == "network" else snapshot.container(name)
        if item is not None:
            self._follow = None
            self.call_later(self._select_followed, kind, item.id)

    async def _select_followed(self, kind: str, object_id: str) -> None:
        # The screens get the new snapshot by message; bring them up to date first so the row exists.
        for screen in self.all_screens():  # type: ignore[attr-defined]
            if isinstance(screen, ExplorerScreen) and screen.snapshot is not self.snapshot:
                screen.update_snapshot(self.snapshot, self.graph)  # type: ignore[attr-defined]
        await self.show_item(kind, object_id)  # type: ignore[attr-defined]


class ActionCommands(Provider):
    """The action panels by name in the command palette."""

    async def discover(self) -> Hits:
        for name, action, help_text in ACTION_COMMANDS:
            yield DiscoveryHit(Content(name), partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in ACTION_COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), partial(self.app.run_action, action), help=help_text)
