"""The address-space screen: every subnet of every network shown, the pools, the conflicts.

Address trouble is silent in Docker: a pool runs out only when a create fails, and a subnet
that overlaps a host route just cuts containers off. This screen shows both before they bite.
Rows are subnets; the selection still means their network, so inspect, explain and the
network panels act on it.
"""

from __future__ import annotations

from tui.model.addrspace import AddressSpace, address_space
from tui.presentation import Section, in_project
from tui.presentation.addresses import ADDRESS_COLUMNS, address_sections, network_of_key, row_key, subnet_cells
from tui.screens.table_screen import TableScreen


class AddressesScreen(TableScreen):
    """Subnets sorted by address over the selected one's detail and the engine-wide facts."""

    KIND = "network"
    COLUMNS = ADDRESS_COLUMNS
    SORT_BY = ()

    def space(self) -> AddressSpace:
        return address_space(self.snapshot)

    def rows(self) -> list[tuple[str, tuple[str, ...], bool]]:
        space = self.space()
        shown = []
        for row in space.subnets:
            network = self.snapshot.network(row.network_id)
            if network is None or in_project(network, self.snapshot, self.project):
                shown.append((row_key(row), subnet_cells(space, row), row.used <= 1))
        return shown

    def describe(self, key: str) -> tuple[str, list[Section]]:
        space = self.space()
        row = next((r for r in space.subnets if row_key(r) == key), None)
        return (f"subnet {row.cidr}" if row else "address space"), address_sections(space, row)

    def show_detail(self) -> None:
        if self.table.current_key is None and not self.filter_text:
            self.detail.show("address space", address_sections(self.space(), None))
            return
        super().show_detail()

    def selected(self) -> tuple[str, str] | None:
        key = self.table.current_key
        return ("network", network_of_key(key)) if key else None

    def select(self, kind: str, object_id: str) -> bool:
        if kind != "network":
            return False
        key = next((row_key(r) for r in self.space().subnets if r.network_id == object_id), None)
        return key is not None and super().select(kind, key)
