"""Rows of a topology map as Textual strips, and the view of one with the label column held.

Kept apart from the widget (`widgets.topology_map`) so that file stays about keys and state.
The network labels' column (`MapLayout.fixed`) stays put while the boxes scroll sideways under
it: with twenty networks the map is wider than the terminal, and labels that scrolled away
with the boxes left nothing to say which bus is which.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.topomap.layout import PITCH, MapLayout


def row_strip(layout: MapLayout, y: int, selected: str | None, style: Callable[[str], Style]) -> Strip:
    """Row `y` as runs of cells with the same role, each styled by `style(role)`."""
    segments: list[Segment] = []
    run, role = "", None
    for cell in layout.row(y, selected):
        if cell.role != role and run:
            segments.append(Segment(run, style(role or "")))
            run = ""
        run += cell.char
        role = cell.role
    if run:
        segments.append(Segment(run, style(role or "")))
    return Strip(segments, layout.width)


def fixed_width(layout: MapLayout, view_width: int) -> int:
    """Columns held on the left: the labels, unless the view is too narrow for a box beside them."""
    return layout.fixed if view_width >= layout.fixed + 2 * PITCH else 0


def view_strip(strip: Strip, fixed: int, scroll_x: int, width: int) -> Strip:
    """What `width` cells show of a row scrolled by `scroll_x`: the first `fixed` cells stay."""
    if fixed and scroll_x:
        return Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x, scroll_x + width)])
    return strip.crop(scroll_x, scroll_x + width)
