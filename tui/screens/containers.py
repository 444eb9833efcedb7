"""Containers with their network mode, addresses and ports, grouped by Compose project."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.presentation import CONTAINER_COLUMNS, Section, container_row, container_sections, in_project
from tui.sanitize import clean
from tui.screens.actions.keys import panel_bindings
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

    def rows(self) -> list[tuple[str, tuple[str, ...], bool]]:
        snap = self.snapshot
        return [
            (c.id, container_row(c, snap), not c.running) for c in snap.containers if in_project(c, snap, self.project)
        ]

    def describe(self, key: str) -> tuple[str, list[Section]]:
        container = self.snapshot.container(key)
        if container is None:
            return "", []
        return f"container {clean(container.name)}", container_sections(container, self.snapshot, self.graph)

    def update_status(self) -> None:
        super().update_status()
        source = self.snapshot.container(self.reach_src) if self.reach_src else None
        if source is not None:
            text = f"reach from {clean(source.name)}: select the destination and press x (x again here cancels)"
            self.query_one("#status", Static).update(Text(text))

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
