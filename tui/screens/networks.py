"""The first screen: every network with its addresses and flags, and the selected one's detail."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from tui.model.sanitize import clean
from tui.presentation import (
    NETWORK_COLUMNS,
    Section,
    in_project,
    member_count,
    member_names,
    network_row,
    network_sections,
)
from tui.screens.panels.keys import panel_bindings
from tui.screens.table_screen import TableScreen


class NetworksScreen(TableScreen):
    """`docker network ls` and `docker network inspect`, side by side. Empty networks are dimmed."""

    KIND = "network"
    BINDINGS: ClassVar[list[BindingType]] = [*panel_bindings(remove_keys="delete,x")]
    COLUMNS = NETWORK_COLUMNS
    SORT_BY = ("name",)

    def rows(self) -> list[tuple[str, tuple[str, ...], bool]]:
        snap = self.snapshot
        return [
            (n.id, network_row(n, snap), member_count(snap, n) == 0)
            for n in snap.networks
            if in_project(n, snap, self.project)
        ]

    def also_matched(self, key: str) -> tuple[str, ...]:
        """Its members' names: "which network is web on?" is a question asked by filtering."""
        network = self.snapshot.network(key)
        return member_names(self.snapshot, network) if network is not None else ()

    def describe(self, key: str) -> tuple[str, list[Section]]:
        network = self.snapshot.network(key)
        if network is None:
            return "", []
        return f"network {clean(network.name)}", network_sections(network, self.snapshot)
