"""The topology map widget: the nwdiag-style diagram of `tui.topomap.layout`, scrollable, with a selection.

Line API: each row of the layout becomes one `Strip` of plain segments styled by role through
component classes, so names are never parsed as markup and a big map scrolls cheaply; the
labels' column stays put while the boxes scroll sideways (`widgets.map_render`). The
widget only keeps view state (selection, focus, collapsed networks, project); the screen feeds
it snapshots and turns its messages into navigation.
"""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.snapshot import Snapshot
from tui.topomap.layout import ROLES, MapLayout, MapOptions, layout_map, node_kind_id
from widgets.map_render import fixed_width, row_strip, view_strip

LINE_ROLES = ("bus", "line", "box", "stopped")  # selected lines and borders are recoloured, not filled


class MapMessage(Message):
    """Base of the map's messages: which node (kind "network" | "container", object_id), from which map.

    `control` is the map, so screens can handle them with `@on(TopologyMap.NodeChosen, "#map")`.
    """

    def __init__(self, topology_map: TopologyMap, kind: str = "", object_id: str = "") -> None:
        super().__init__()
        self.topology_map = topology_map
        self.kind = kind
        self.object_id = object_id

    @property
    def control(self) -> TopologyMap:
        return self.topology_map


class TopologyMap(ScrollView, can_focus=True):
    """Networks as buses, containers as boxes; arrows/hjkl select, Enter opens, f focuses, c collapses."""

    COMPONENT_CLASSES = {f"topology-map--{role}" for role in ROLES} | {
        "topology-map--selected",
        "topology-map--selected-line",
    }

    DEFAULT_CSS = """
    TopologyMap {
        background: $surface;
        color: $foreground;
        scrollbar-size: 1 1;
    }
    TopologyMap > .topology-map--bus { color: $primary; text-style: bold; }
    TopologyMap > .topology-map--line { color: $primary; }
    TopologyMap > .topology-map--leader { color: $primary 60%; }
    TopologyMap > .topology-map--box { color: $foreground-muted; }
    TopologyMap > .topology-map--stopped { color: $text-muted; }
    TopologyMap > .topology-map--name { color: $foreground; text-style: bold; }
    TopologyMap > .topology-map--meta { color: $text-muted; }
    TopologyMap > .topology-map--addr { color: $success; }
    TopologyMap > .topology-map--muted { color: $text-muted; text-style: italic; }
    TopologyMap > .topology-map--label { color: $text-primary; text-style: bold; }
    TopologyMap > .topology-map--note { color: $text-muted; text-style: italic; }
    TopologyMap > .topology-map--link { color: $accent; }
    TopologyMap > .topology-map--netns { color: $accent; text-style: bold; }
    TopologyMap > .topology-map--header { color: $text-secondary; text-style: bold underline; }
    TopologyMap > .topology-map--node { color: $text-secondary; }
    TopologyMap > .topology-map--warn { color: $error; }
    TopologyMap > .topology-map--selected {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    TopologyMap:focus > .topology-map--selected {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    TopologyMap > .topology-map--selected-line { color: $accent; text-style: bold; }
    """

    BINDINGS = [
        Binding("up,k", "move('up')", "Up", show=False, id="map.up"),
        Binding("down,j", "move('down')", "Down", show=False, id="map.down"),
        Binding("left,h", "move('left')", "Left", show=False, id="map.left"),
        Binding("right,l", "move('right')", "Right", show=False, id="map.right"),
        Binding("g,home", "first", "First", show=False, id="map.first"),
        Binding("G,end", "last", "Last", show=False, id="map.last"),
        Binding("enter", "choose", "Open", id="map.choose"),
        Binding("f", "toggle_focus", "Focus net", id="map.focus"),
        Binding("c", "toggle_collapse", "Collapse", id="map.collapse"),
        Binding("P", "toggle_grouping", "Group by project", id="map.group"),
    ]

    class SelectionChanged(MapMessage):
        """The selection moved to another network or container (kind, object_id)."""

    class NodeChosen(MapMessage):
        """Enter (or a double click) on a network or container: the screen opens its detail."""

    class ViewChanged(MapMessage):
        """Focus, collapsed networks, project or grouping changed (see `TopologyMap.options`)."""

    def __init__(
        self, snapshot: Snapshot, graph: nx.MultiDiGraph[str], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._snapshot = snapshot
        self._graph = graph
        self._options = MapOptions()
        self._layout: MapLayout = layout_map(snapshot, graph, self._options)
        self._selected: str | None = self._layout.order[0] if self._layout.order else None
        self._strips: dict[int, Strip] = {}
        self.virtual_size = Size(self._layout.width, self._layout.height)

    # -- state --------------------------------------------------------------------------------

    @property
    def layout_now(self) -> MapLayout:
        """The layout currently drawn."""
        return self._layout

    @property
    def options(self) -> MapOptions:
        return self._options

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot drawn."""
        return self._snapshot

    @property
    def selected_node(self) -> str | None:
        """The selected node id ("network:<id>" or "container:<id>"), if any."""
        return self._selected

    def update_snapshot(self, snapshot: Snapshot, graph: nx.MultiDiGraph[str]) -> None:
        """Redraw from a new snapshot, keeping the selection on the same node id when it still exists."""
        self._snapshot, self._graph = snapshot, graph
        known = {n.id for n in snapshot.networks}
        focus = self._options.focus if self._options.focus and node_kind_id(self._options.focus)[1] in known else None
        collapsed = frozenset(n for n in self._options.collapsed if node_kind_id(n)[1] in known)
        self._relayout(replace(self._options, focus=focus, collapsed=collapsed))

    def set_project(self, project: str | None) -> None:
        """Show only one Compose project's containers (None or "" shows everything)."""
        self._relayout(replace(self._options, project=project or None))

    def select(self, node: str | None, scroll: bool = True) -> bool:
        """Select a node id; False if the map does not show it."""
        if node is None or node not in self._layout.regions:
            return False
        changed = node != self._selected
        self._selected = node
        self._strips.clear()
        self.refresh()
        if scroll:
            self._scroll_to_selection()
        if changed:
            self.post_message(self.SelectionChanged(self, *node_kind_id(node)))
        return True

    def _relayout(self, options: MapOptions, prefer: str | None = None) -> None:
        """Lay out again; the selected node keeps its place on screen (the view scrolls with it)."""
        if options != self._options:
            self.post_message(self.ViewChanged(self))
        before = self._layout.regions.get(self._selected or "")
        self._options = options
        self._layout = layout_map(self._snapshot, self._graph, options)
        self.virtual_size = Size(self._layout.width, self._layout.height)
        self._strips.clear()
        self.refresh()
        keep = prefer if prefer in self._layout.regions else self._selected
        if keep not in self._layout.regions:
            keep = self._layout.order[0] if self._layout.order else None
        if keep is None:
            self._selected = None
        elif keep != self._selected:
            self.select(keep)
        elif before is not None and self.is_mounted:
            after = self._layout.regions[keep]
            self.scroll_to(
                self.scroll_x + after.x - before.x, self.scroll_y + after.y - before.y, animate=False, immediate=True
            )

    @property
    def fixed_width(self) -> int:
        """Columns kept in place on the left: the network labels (`widgets.map_render`)."""
        return fixed_width(self._layout, self.scrollable_content_region.width)

    def _scroll_to_selection(self) -> None:
        region, fixed = self._layout.regions.get(self._selected or ""), self.fixed_width
        if region is not None and region.x < fixed:  # a label is always in view sideways: only up or down
            here, spacing = Region(int(self.scroll_x) + fixed, region.y, 1, region.height), Spacing(1, 0, 2, 0)
            self.scroll_to_region(here, spacing=spacing, animate=False)
        elif region is not None:
            here, spacing = Region(region.x, region.y, region.width, region.height), Spacing(1, 2, 2, 2 + fixed)
            self.scroll_to_region(here, spacing=spacing, animate=False)

    # -- rendering ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _style(self, role: str) -> Style:
        selected = role.endswith("-selected")
        base = role.removesuffix("-selected")
        style = self.get_component_rich_style(f"topology-map--{base}") if base in ROLES else self.rich_style
        if selected:
            overlay = "topology-map--selected-line" if base in LINE_ROLES else "topology-map--selected"
            style += self.get_component_rich_style(overlay, partial=True)
        return style

    def _strip(self, y: int) -> Strip:
        if y not in self._strips:
            self._strips[y] = row_strip(self._layout, y, self._selected, self._style)
        return self._strips[y]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        row = y + scroll_y
        if row >= self._layout.height:
            return Strip.blank(width, self.rich_style)
        strip = view_strip(self._strip(row), self.fixed_width, scroll_x, width)
        return strip.extend_cell_length(width, self.rich_style)

    # -- actions ------------------------------------------------------------------------------

    def action_move(self, direction: str) -> None:
        """Select the nearest network or container in that direction."""
        nxt = self._layout.neighbour(self._selected, direction)
        if nxt is not None:
            self.select(nxt)

    def action_first(self) -> None:
        """Select the first node (top left)."""
        if self._layout.order:
            self.select(self._layout.order[0])

    def action_last(self) -> None:
        """Select the last node (bottom right)."""
        if self._layout.order:
            self.select(self._layout.order[-1])

    def action_choose(self) -> None:
        """Open the selected node's detail."""
        if self._selected is not None:
            self.post_message(self.NodeChosen(self, *node_kind_id(self._selected)))

    def _network_of_selection(self) -> str | None:
        """The selected network, or the network the selected box hangs from."""
        if self._selected and self._selected.startswith("network:"):
            return self._selected
        return self._layout.home.get(self._selected or "")

    def action_toggle_focus(self) -> None:
        """Show only the selected network (or the selected container's first network); again to show all."""
        if self._options.focus:
            self._relayout(replace(self._options, focus=None))
            return
        network = self._network_of_selection()
        if network is None:
            self.app.bell()
            return
        self._relayout(replace(self._options, focus=network, collapsed=self._options.collapsed - {network}))

    def action_toggle_collapse(self) -> None:
        """Draw the selected network as one line with its container count, or expand it again."""
        network = self._network_of_selection()
        if network is None:
            self.app.bell()
            return
        collapsed = self._options.collapsed ^ {network}
        self._relayout(replace(self._options, collapsed=collapsed), prefer=network)

    def action_toggle_grouping(self) -> None:
        """Order and head the networks by Compose project, or by name."""
        self._relayout(replace(self._options, group_by_project=not self._options.group_by_project))

    def on_click(self, event: events.Click) -> None:
        x = event.x if event.x < self.fixed_width else event.x + self.scroll_offset.x
        node = self._layout.hit(x, event.y + self.scroll_offset.y)
        if node is not None:
            self.select(node, scroll=False)
            if event.chain >= 2:
                self.action_choose()
