"""The topology map as a pure layout: a `Snapshot` and its graph in, cells and hit regions out.

This is the entry point the widget and the tests use. Planning (what shows, in which order,
which column) is `tui.topomap.plan`; drawing is `tui.topomap.draw`; the grid and the result type are
`tui.topomap.canvas`. No Textual, Rich or Docker here, so the map can be asserted as plain text.
"""

from __future__ import annotations

import networkx as nx

from tui.model.snapshot import Snapshot
from tui.topomap.canvas import Cell, MapLayout, Rect
from tui.topomap.draw import ROLES, draw
from tui.topomap.model import BOX_H, BOX_W, PITCH, MapOptions
from tui.topomap.plan import plan_map


def layout_map(snap: Snapshot, g: nx.MultiDiGraph[str], options: MapOptions | None = None) -> MapLayout:
    """The whole map of `snap`: buses, boxes, lines, addresses, links, with regions per node id."""
    plan = plan_map(snap, g, options or MapOptions())
    layout = draw(plan)
    layout.fixed = plan.gutter + 2  # the labels (from x=1) and a blank; boxes start at x0 = gutter + 3
    return layout


def node_kind_id(node: str) -> tuple[str, str]:
    """("network" | "container", docker id) of a map node id such as "network:<id>"."""
    kind, _, ident = node.partition(":")
    return kind, ident


__all__ = [
    "BOX_H",
    "BOX_W",
    "PITCH",
    "ROLES",
    "Cell",
    "MapLayout",
    "MapOptions",
    "Rect",
    "layout_map",
    "node_kind_id",
]
