"""What every explorer screen shares: the status line, the banner, and following new snapshots.

A screen receives its first snapshot in its constructor and watches the App's reactive state
(`tui.screens.state`): `topology` for every later snapshot, `banner` and `project`. Watching
works for screens on display, under pop-ups and on other modes' stacks alike, so a screen that
comes back into view is already current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import cast

import networkx as nx
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from tui.model.snapshot import Snapshot
from tui.presentation.status import status_text
from tui.screens.state import Host, Topology
from widgets.banner import Banner


class StatusLine(Static):
    """Which engine, how much of it, and the active filters: one plain line, fitted to its width
    again when that changes (the text for a width comes from the screen)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    fit: Callable[[int], str] | None = None

    def show(self, fit: Callable[[int], str]) -> None:
        """Show `fit(width)` now and again after each resize."""
        self.fit = fit
        self._fit_to_width()

    def on_resize(self) -> None:
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        if self.fit is not None:
            width = self.content_region.width or max(self.app.size.width - 2, 0)
            self.update(Text(self.fit(width)))


class ExplorerScreen(Screen[None]):
    """A view of the current snapshot; subclasses fill the body and say what is selected."""

    def __init__(self, snapshot: Snapshot, graph: nx.MultiDiGraph[str]) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.graph = graph
        self.project = ""
        self.filter_text = ""

    @property
    def host(self) -> Host:
        """The App, seen through what screens may read of it."""
        return cast(Host, self.app)

    def compose(self) -> ComposeResult:
        yield StatusLine("", markup=False, id="status")
        yield Banner(id="banner")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        return ()

    def on_mount(self) -> None:
        self.watch(self.app, "banner", self._banner_changed, init=True)
        self.watch(self.app, "project", self._project_changed, init=True)
        self.watch(self.app, "topology", self._topology_changed, init=True)
        self.refresh_view()

    def _banner_changed(self, banner: tuple[str, str]) -> None:
        text, severity = banner
        self.query_one(Banner).show(text, severity)

    def _project_changed(self, project: str) -> None:
        if project != self.project:
            self.project = project
            self.refresh_view()

    def _topology_changed(self, topology: Topology) -> None:
        if topology.snapshot is not self.snapshot:
            self.update_snapshot(topology.snapshot, topology.graph)

    def update_snapshot(self, snapshot: Snapshot, graph: nx.MultiDiGraph[str]) -> None:
        self.snapshot, self.graph = snapshot, graph
        if self.is_mounted:
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw from `self.snapshot`; subclasses extend."""
        self.update_status()

    def update_status(self) -> None:
        """The status line, fitted to its width (`status_text` says what goes first)."""
        self.query_one(StatusLine).show(
            partial(status_text, self.snapshot, self.project, self.filter_text, self.host.access_label)
        )

    def selected(self) -> tuple[str, str] | None:
        """(kind, id) of the selected network or container, for inspect and explain."""
        return None

    def select(self, kind: str, object_id: str) -> bool:
        """Move the selection to an item; False if this screen does not show it."""
        return False
