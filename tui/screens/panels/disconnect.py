"""Disconnect a container from a network (optionally forced), after saying what it loses."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox

from tui.changes.change import DisconnectContainer
from tui.changes.losses import disconnect_loss
from tui.changes.validate import validate_disconnect
from tui.model.snapshot import Snapshot
from tui.screens.panels.base import ActionPanel, Errors
from tui.screens.panels.pick import container_items, fixed_keys, fixed_or_picker, fixed_ref, network_items, picked
from widgets.check import Check


class DisconnectPanel(ActionPanel[DisconnectContainer]):
    """`docker network disconnect [--force]`."""

    TITLE_TEXT = "Disconnect a container from a network"
    APPLY_LABEL = "Disconnect…"
    CONFIRM_LABEL = "Yes, disconnect"
    DESTRUCTIVE = True

    def __init__(self, snapshot: Snapshot, container_id: str = "", network_id: str = "") -> None:
        super().__init__(snapshot)
        self.fixed_container = fixed_ref(snapshot.container, container_id)
        self.fixed_network = fixed_ref(snapshot.network, network_id)
        self.touched |= fixed_keys(container=self.fixed_container, network=self.fixed_network)

    def compose_form(self) -> ComposeResult:
        snap = self.snapshot
        # Offer only what is connected to the fixed side; with neither fixed, offer everything.
        members = {e.container_id for e in snap.members_of(self.fixed_network.id)} if self.fixed_network else None
        nets = {e.network_id for e in snap.endpoints_of(self.fixed_container.id)} if self.fixed_container else None
        yield from fixed_or_picker(
            self, "Container", "container", self.fixed_container, container_items(snap, set(), members)
        )
        yield from fixed_or_picker(self, "Network", "network", self.fixed_network, network_items(snap, set(), nets))
        yield from self.row(
            "Force", Check("remove the endpoint even if the engine cannot clean it up", id="force", compact=True)
        )

    def build(self) -> tuple[DisconnectContainer | None, Errors]:
        request = DisconnectContainer(
            network=self.fixed_network or picked(self, "network", self.snapshot.network),
            container=self.fixed_container or picked(self, "container", self.snapshot.container),
            force=self.query_one("#force", Checkbox).value,
        )
        return request, {}

    def check(self, request: DisconnectContainer) -> Errors:
        return {**validate_disconnect(request, self.snapshot), **self.nothing_to_disconnect()}

    def nothing_to_disconnect(self) -> Errors:
        """Opened on a network without members (or a container without networks): say so now."""
        snap = self.snapshot
        if self.fixed_network and not self.fixed_container and not snap.members_of(self.fixed_network.id):
            return {"container": f"nothing to disconnect: no container is connected to {self.fixed_network.label}"}
        if self.fixed_container and not self.fixed_network and not snap.endpoints_of(self.fixed_container.id):
            return {"network": f"nothing to disconnect: {self.fixed_container.label} is on no network"}
        return {}

    def loss(self, request: DisconnectContainer) -> str:
        return disconnect_loss(self.snapshot, request)
