"""Remove a network; when containers are still connected, list them and offer to disconnect them first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from tui.changes.change import Ref, RemoveNetwork
from tui.changes.losses import endpoint_text, remove_loss
from tui.changes.validate import validate_remove
from tui.model.snapshot import Snapshot
from tui.screens.panels.base import ActionPanel, Errors
from tui.screens.panels.pick import fixed_keys, fixed_or_picker, fixed_ref, network_items, picked
from widgets.check import Check


class RemoveNetworkPanel(ActionPanel[RemoveNetwork]):
    """`docker network rm`, preceded by `docker network disconnect` for each member when agreed."""

    TITLE_TEXT = "Remove a network"
    APPLY_LABEL = "Remove…"
    CONFIRM_LABEL = "Yes, remove"
    DESTRUCTIVE = True

    def __init__(self, snapshot: Snapshot, network_id: str = "") -> None:
        super().__init__(snapshot)
        self.fixed_network = fixed_ref(snapshot.network, network_id)
        self.touched |= fixed_keys(network=self.fixed_network)

    def compose_form(self) -> ComposeResult:
        removable = {n.id for n in self.snapshot.networks if not n.is_builtin}
        yield from fixed_or_picker(
            self, "Network", "network", self.fixed_network, network_items(self.snapshot, set(), removable)
        )
        yield Static(id="members", classes="hint")
        yield from self.row(
            "", Check("disconnect these containers first", id="disconnect-first", compact=True), key="disconnect"
        )
        yield from self.row("", Check("force the disconnects", id="force", compact=True))

    def _network(self) -> Ref:
        return self.fixed_network or picked(self, "network", self.snapshot.network)

    def build(self) -> tuple[RemoveNetwork | None, Errors]:
        network = self._network()
        members = self.snapshot.members_of(network.id) if network.id else []
        listing = Text("Connected: " if members else "No container is connected.")
        listing.append(", ".join(endpoint_text(self.snapshot, e) for e in members))
        self.query_one("#members", Static).update(listing)
        for key in ("#disconnect-first", "#force"):
            self.show_row(key, bool(members))
        first = self.query_one("#disconnect-first", Checkbox).value
        refs = []
        if first:
            for e in members:
                c = self.snapshot.container(e.container_id)
                refs.append(Ref(e.container_id, c.name if c else ""))
        request = RemoveNetwork(network, tuple(refs), self.query_one("#force", Checkbox).value and first)
        return request, {}

    def check(self, request: RemoveNetwork) -> Errors:
        return validate_remove(request, self.snapshot)

    def loss(self, request: RemoveNetwork) -> str:
        return remove_loss(self.snapshot, request)
