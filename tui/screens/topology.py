"""The topology map screen: the network diagram, and one line about what is selected on it.

The map widget does the drawing and keys; this screen feeds it snapshots and the App's Compose
project, shows the selection's addresses, and re-posts Enter on a node as `NodeChosen` so the
App can open that network's or container's detail.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.screens.base import ExplorerScreen
from tui.topomap.layout import node_kind_id
from tui.topomap.status import SEP, describe_node, describe_view
from widgets.topology_map import TopologyMap


class TopologyScreen(ExplorerScreen):
    """Every network as a bus, every container as a box on the buses it is attached to."""

    DEFAULT_CSS = """
    TopologyScreen #map {
        height: 1fr;
    }
    TopologyScreen #selection {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text;
    }
    """

    class NodeChosen(Message):
        """A network or container was chosen on the map (kind "network" | "container", object_id)."""

        def __init__(self, kind: str, object_id: str) -> None:
            super().__init__()
            self.kind = kind
            self.object_id = object_id

    def compose_body(self) -> Iterable[Widget]:
        yield TopologyMap(self.snapshot, self.graph, id="map")
        yield Static("", markup=False, id="selection")

    @property
    def topology_map(self) -> TopologyMap:
        return self.query_one("#map", TopologyMap)

    def on_mount(self) -> None:  # ExplorerScreen.on_mount runs too (Textual calls each class's handler)
        self.topology_map.focus()

    drawn = False  # refreshed once: later changes while hidden wait until the map is shown again
    stale = False

    def refresh_view(self) -> None:
        if self.drawn and self.is_mounted and not self.is_current:
            self.stale = True  # a 10,000-container map takes seconds to lay out: not for a hidden screen
            return
        self.drawn, self.stale = True, False
        super().refresh_view()
        topology_map = self.topology_map
        if topology_map.snapshot is not self.snapshot:
            topology_map.update_snapshot(self.snapshot, self.graph)
        if topology_map.options.project != (self.project or None):
            topology_map.set_project(self.project)
        self._show_selection()

    def _show_selection(self) -> None:
        topology_map = self.topology_map
        text = describe_node(self.snapshot, self.graph, topology_map.selected_node)
        if view := describe_view(self.snapshot, topology_map.options):
            text = f"{text}{SEP}[{view}]"
        self.query_one("#selection", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    @on(TopologyMap.SelectionChanged, "#map")
    @on(TopologyMap.ViewChanged, "#map")
    def _selection_changed(self) -> None:
        self._show_selection()

    @on(TopologyMap.NodeChosen, "#map")
    def _node_chosen(self, message: TopologyMap.NodeChosen) -> None:
        message.stop()
        self.post_message(self.NodeChosen(message.kind, message.object_id))

    def on_screen_resume(self) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Lay out the snapshot that came while this screen was hidden."""
        if self.stale:
            self.refresh_view()

    def selected(self) -> tuple[str, str] | None:
        self.catch_up()
        node = self.topology_map.selected_node
        return node_kind_id(node) if node else None

    def select(self, kind: str, object_id: str) -> bool:
        self.catch_up()
        return self.topology_map.select(f"{kind}:{object_id}")
