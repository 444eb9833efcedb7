"""Rows of a topology map as Textual strips, and the view of one with the label column held.

Kept apart from the widget (`widgets.topology_map`) so that file stays about keys and state.
The network labels' column (`MapLayout.fixed`) stays put while the boxes scroll sideways under
it: with twenty networks the map is wider than the terminal, and labels that scrolled away
with the boxes left nothing to say which bus is which.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.topomap.layout import PITCH, MapLayout


def row_strip(layout: MapLayout, y: int, selected: str | None, style: Callable[[str], Style]) -> Strip:
    """Row `y` as runs of cells with the same role, each styled by `style(role)`.

    The same runs as walking `MapLayout.row(y, selected)` cell by cell, read straight from the
    layout's lists: a row of a 10,000-container map is 17,000 cells wide (issue 11).
    """
    drawn = 0 <= y < len(layout.chars)
    chars, roles = (layout.chars[y], layout.roles[y]) if drawn else ([], [])
    if pad := layout.width - len(chars):
        chars, roles = [*chars, *" " * pad], [*roles, *[""] * pad]
    lit = layout.owned.get(selected, set()) if selected else set()
    lit_x = {x for x, row in lit if row == y}
    if lit_x:
        roles = [f"{role or 'blank'}-selected" if x in lit_x else role for x, role in enumerate(roles)]
    segments: list[Segment] = []
    x = 0
    for role, run in groupby(roles):
        width = sum(1 for _ in run)
        segments.append(Segment("".join(chars[x : x + width]), style(role or "")))
        x += width
    return Strip(segments, layout.width)


def fixed_width(layout: MapLayout, view_width: int) -> int:
    """Columns held on the left: the labels, unless the view is too narrow for a box beside them."""
    return layout.fixed if view_width >= layout.fixed + 2 * PITCH else 0


def view_strip(strip: Strip, fixed: int, scroll_x: int, width: int) -> Strip:
    """What `width` cells show of a row scrolled by `scroll_x`: the first `fixed` cells stay."""
    if fixed and scroll_x:
        return Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x, scroll_x + width)])
    return strip.crop(scroll_x, scroll_x + width)
