"""Containers with their network mode, addresses and ports, grouped by Compose project.

The detail includes the datapath (each interface's veth and bridge on the host): the screen asks
the App for it with `DatapathWanted` when the selection changes and shows "reading…" until the
answer (`DatapathArrived`) comes back.
"""

from __future__ import annotations

from textual.binding import Binding

from tui.model.sanitize import clean
from tui.presentation import (
    CONTAINER_COLUMNS,
    DatapathBook,
    Section,
    container_row,
    container_sections,
    datapath_request,
    in_project,
)
from tui.screens.base import StatusLine
from tui.screens.messages import DatapathRequest, DatapathWanted
from tui.screens.panels.keys import panel_bindings
from tui.screens.reach import ReachScreen
from tui.screens.table_screen import TableScreen


class ContainersScreen(TableScreen):
    """`docker ps -a` through a network lens; stopped containers are dimmed."""

    KIND = "container"
    COLUMNS = CONTAINER_COLUMNS
    SORT_BY = ("project", "name")

    BINDINGS = [
        Binding("x", "mark_reach", "Reach SRC→DST", id="reach.mark"),
        Binding("w", "who_reaches", "Who reaches", id="reach.who"),
        *panel_bindings(),
    ]

    reach_src = ""

    def on_mount(self) -> None:  # ExplorerScreen.on_mount runs too (Textual calls each class's handler)
        self.watch(self.app, "datapaths", self._datapaths_changed, init=False)

    def rows(self) -> list[tuple[str, tuple[str, ...], bool]]:
        snap = self.snapshot
        return [
            (c.id, container_row(c, snap), not c.running) for c in snap.containers if in_project(c, snap, self.project)
        ]

    def describe(self, key: str) -> tuple[str, list[Section]]:
        container = self.snapshot.container(key)
        if container is None:
            return "", []
        request = datapath_request(self.snapshot, container)
        found = self.host.datapaths.get(*request) if request else None
        return f"container {clean(container.name)}", container_sections(container, self.snapshot, self.graph, found)

    def _datapath_shown(self) -> DatapathRequest | None:
        """(namespace owner id, key) of the selected container's datapath; None when there is none to read."""
        key = self.table.current_key
        container = self.snapshot.container(key) if key else None
        return datapath_request(self.snapshot, container) if container else None

    def show_detail(self) -> None:
        super().show_detail()
        request = self._datapath_shown()
        if request is not None and self.host.datapaths.get(*request) is None:
            self.post_message(DatapathWanted((request,)))

    def _datapaths_changed(self, book: DatapathBook) -> None:
        """An answer arrived (for this screen or another): redraw if it is the selected container's."""
        request = self._datapath_shown()
        if request is not None and book.get(*request) is not None:
            self.show_detail()

    def update_status(self) -> None:
        super().update_status()
        source = self.snapshot.container(self.reach_src) if self.reach_src else None
        if source is not None:
            text = f"reach from {clean(source.name)}: select the destination and press x (x again here cancels)"
            self.query_one(StatusLine).show(lambda width: clean(text, limit=width or None))

    def action_mark_reach(self) -> None:
        """First press marks SRC; the second, on another container, shows whether SRC reaches it."""
        key = self.table.current_key
        if key is None:
            return
        if not self.reach_src or self.reach_src == key:
            self.reach_src = "" if self.reach_src == key else key
            self.update_status()
            return
        source, self.reach_src = self.reach_src, ""
        self.update_status()
        self.app.push_screen(ReachScreen(self.snapshot, self.graph, source, key))

    def action_who_reaches(self) -> None:
        """Whom the selected container reaches, and who reaches it."""
        key = self.table.current_key
        if key is not None:
            self.app.push_screen(ReachScreen(self.snapshot, self.graph, key))
