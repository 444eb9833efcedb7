"""Connect a container to a network, with aliases, fixed IPv4/IPv6 addresses and links.

Opened from a container row the network is picked from a filtered list, and the other way
round from a network row; with neither, both are picked.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from tui.changes.change import ConnectContainer
from tui.changes.validate import NO_ALIAS_NETWORKS, parse_list, validate_connect
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.screens.panels.base import ActionPanel, Errors
from tui.screens.panels.pick import (
    container_items,
    fixed_keys,
    fixed_or_picker,
    fixed_ref,
    network_items,
    picked,
    subnet_hint,
)


class ConnectPanel(ActionPanel[ConnectContainer]):
    """`docker network connect`."""

    TITLE_TEXT = "Connect a container to a network"
    APPLY_LABEL = "Connect"

    def __init__(self, snapshot: Snapshot, container_id: str = "", network_id: str = "") -> None:
        super().__init__(snapshot)
        self.fixed_container = fixed_ref(snapshot.container, container_id)
        self.fixed_network = fixed_ref(snapshot.network, network_id)
        # What the panel was opened on is checked at once: one that cannot work says so now.
        self.touched |= fixed_keys(container=self.fixed_container, network=self.fixed_network)

    def compose_form(self) -> ComposeResult:
        member_of = (
            {e.network_id for e in self.snapshot.endpoints_of(self.fixed_container.id)}
            if (self.fixed_container)
            else set()
        )
        members = (
            {e.container_id for e in self.snapshot.members_of(self.fixed_network.id)} if (self.fixed_network) else set()
        )
        yield from fixed_or_picker(
            self, "Container", "container", self.fixed_container, container_items(self.snapshot, members)
        )
        yield from fixed_or_picker(
            self, "Network", "network", self.fixed_network, network_items(self.snapshot, member_of)
        )
        yield Static(id="net-info", classes="hint")
        yield from self.row("Aliases", Input(id="aliases", placeholder="db, primary", compact=True), key="aliases")
        yield from self.row(
            "IPv4 address", Input(id="ipv4", placeholder="leave empty for any", compact=True), key="ipv4"
        )
        yield from self.row(
            "IPv6 address", Input(id="ipv6", placeholder="leave empty for any", compact=True), key="ipv6"
        )
        yield from self.row("Links", Input(id="links", placeholder="container:alias, ...", compact=True), key="links")
        yield Static(id="link-note", classes="hint")
        yield Label("Aliases and fixed addresses need a user-defined network.", id="user-defined", classes="section")

    def build(self) -> tuple[ConnectContainer | None, Errors]:
        container = self.fixed_container or picked(self, "container", self.snapshot.container)
        network = self.fixed_network or picked(self, "network", self.snapshot.network)
        self.query_one("#net-info", Static).update(Text(subnet_hint(self.snapshot, network.id)))
        chosen = self.snapshot.network(network.id) if network.id else None
        self.query_one("#user-defined").display = chosen is None or chosen.name in NO_ALIAS_NETWORKS
        request = ConnectContainer(
            network=network,
            container=container,
            aliases=parse_list(self.query_one("#aliases", Input).value),
            ipv4=self.query_one("#ipv4", Input).value.strip(),
            ipv6=self.query_one("#ipv6", Input).value.strip(),
            links=parse_list(self.query_one("#links", Input).value),
        )
        warning = link_warning(self.snapshot, request)
        note = self.query_one("#link-note", Static)
        note.update(Text(warning))
        note.display = bool(warning)
        return request, {}

    def check(self, request: ConnectContainer) -> Errors:
        return validate_connect(request, self.snapshot)


def link_warning(snap: Snapshot, request: ConnectContainer) -> str:
    """Links whose target is not on the network: the engine accepts them, but the embedded DNS
    answers a per-network link alias only with the target's address on that network, so the
    alias would resolve to nothing (as `why` and the container pane then say)."""
    network = snap.network(request.network.id) if request.network.id else None
    if network is None:
        return ""
    members = {e.container_id for e in snap.members_of(network.id)}
    lost = []
    for link in request.links:
        name, _, alias = link.partition(":")
        target = snap.container(name)
        if target is not None and target.id not in members:
            lost.append(f"'{alias or name}' will not resolve: {target.name} is not on {network.name} (connect it too)")
    return clean("; ".join(lost))
