"""The character grid the topology map is drawn on, and the finished map with its hit regions.

Pure (no Textual, no Rich): each cell is a character plus a style *role* ("bus", "box", "addr"...),
so the map can be asserted as plain text and the widget only maps roles to theme styles. Wide
characters take two cells (the second holds "") so columns stay aligned whatever names contain.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from tui.model.sanitize import clean


class Cell(NamedTuple):
    """One terminal cell: its character and the role that picks its style."""

    char: str
    role: str


@dataclass(frozen=True, slots=True)
class Rect:
    """A screen region in map coordinates (x, y of the top-left corner)."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


def char_width(ch: str) -> int:
    """Terminal cells a character takes: 2 for wide East Asian, 0 for combining/format marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def to_cells(text: object) -> list[str]:
    """`text` cleaned, one string per terminal cell ("" fills the second cell of a wide character)."""
    cells: list[str] = []
    for ch in clean(text):
        w = char_width(ch)
        if w:
            cells.extend([ch, ""] if w == 2 else [ch])
    return cells


def fit(text: object, width: int) -> list[str]:
    """`text` cleaned and cut to `width` cells (… marks a cut), as a list of cell strings."""
    cells = to_cells(text)
    if len(cells) <= width:
        return cells
    cut = cells[: max(width - 1, 0)]
    if cut and cut[-1] and char_width(cut[-1]) == 2:  # half a wide character would not fit
        cut[-1] = " "
    return [*cut, "…"] if width > 0 else []


class Canvas:
    """A growable grid of cells, drawn with a few primitives."""

    def __init__(self) -> None:
        self.chars: list[list[str]] = []
        self.roles: list[list[str]] = []
        self.width = 0

    def _ensure(self, x: int, y: int) -> None:
        while len(self.chars) <= y:
            self.chars.append([])
            self.roles.append([])
        row = self.chars[y]
        if len(row) <= x:
            grow = x + 1 - len(row)
            row.extend([" "] * grow)
            self.roles[y].extend([""] * grow)
        self.width = max(self.width, x + 1)

    def get(self, x: int, y: int) -> str:
        if 0 <= y < len(self.chars) and 0 <= x < len(self.chars[y]):
            return self.chars[y][x]
        return " "

    def is_free(self, x: int, y: int) -> bool:
        return self.get(x, y) == " "

    def role(self, x: int, y: int) -> str:
        if 0 <= y < len(self.roles) and 0 <= x < len(self.roles[y]):
            return self.roles[y][x]
        return ""

    def put(self, x: int, y: int, char: str, role: str) -> None:
        if x < 0 or y < 0:
            return
        self._ensure(x, y)
        self.chars[y][x] = char
        self.roles[y][x] = role

    def write(self, x: int, y: int, text: object, role: str, width: int, only_free: bool = False) -> int:
        """Write untrusted text cut to `width` cells; with only_free, stop before a drawn cell."""
        if only_free:
            room = 0
            while room < width and self.is_free(x + room, y):
                room += 1
            width = room
        cells = fit(text, width)
        for i, ch in enumerate(cells):
            self.put(x + i, y, ch, role)
        return len(cells)

    def hline(self, x0: int, x1: int, y: int, char: str, role: str) -> None:
        """`put` along the row, as one slice (a bus on a 10,000-container map is 17,000 cells)."""
        x0 = max(x0, 0)
        if y < 0 or x1 < x0:
            return
        self._ensure(x1, y)
        self.chars[y][x0 : x1 + 1] = [char] * (x1 + 1 - x0)
        self.roles[y][x0 : x1 + 1] = [role] * (x1 + 1 - x0)

    def vline(self, x: int, y0: int, y1: int, char: str, role: str) -> None:
        for y in range(y0, y1 + 1):
            self.put(x, y, char, role)


@dataclass
class MapLayout:
    """A drawn map: cells, the node under each region, and the cells that light up when selected."""

    chars: list[list[str]]
    roles: list[list[str]]
    width: int
    height: int
    regions: dict[str, Rect] = field(default_factory=dict)  # node id -> where selection/scrolling aims
    hits: list[tuple[Rect, str]] = field(default_factory=list)
    owned: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # node id -> its cells
    order: list[str] = field(default_factory=list)  # node ids in reading order
    targets: dict[str, list[Rect]] = field(default_factory=dict)  # where navigation can land on a node
    home: dict[str, str] = field(default_factory=dict)  # container node -> the bus node its box hangs from
    fixed: int = 0  # columns of network labels left of every box: the widget keeps them in view

    def row(self, y: int, selected: str | None = None) -> list[Cell]:
        """Row `y` padded to the map width; the selected node's cells get a "-selected" role."""
        chars = self.chars[y] if 0 <= y < len(self.chars) else []
        roles = self.roles[y] if 0 <= y < len(self.roles) else []
        lit = self.owned.get(selected, set()) if selected else set()
        cells = []
        for x in range(self.width):
            ch = chars[x] if x < len(chars) else " "
            role = roles[x] if x < len(roles) else ""
            if (x, y) in lit:
                role = f"{role or 'blank'}-selected"
            cells.append(Cell(ch, role))
        return cells

    def lines(self, selected: str | None = None) -> list[list[Cell]]:
        return [self.row(y, selected) for y in range(self.height)]

    def text(self) -> str:
        """The map as plain text (trailing spaces removed), for tests and plain exports."""
        return "\n".join("".join(row).rstrip() for row in self.chars)

    def hit(self, x: int, y: int) -> str | None:
        """The node drawn at (x, y), if any."""
        for rect, node in self.hits:
            if rect.contains(x, y):
                return node
        return None

    def neighbour(self, node: str | None, direction: str) -> str | None:
        """The nearest node from `node` going "up", "down", "left" or "right".

        A node is left from its region (a network from its label in the gutter) and reached
        through any of its targets (a network also through its bus line), so up from a box
        lands on the bus it hangs from and left from a box on its band's network label. Up and
        down from a network go to the network above or below, like a list in the gutter.
        """
        if node not in self.regions:
            return self.order[0] if self.order else None
        here = self.regions[node]
        in_gutter = node.startswith("network:") and direction in ("up", "down")
        best: tuple[float, str] | None = None
        for other in self.order:
            if other == node or (in_gutter and not other.startswith("network:")):
                continue
            for r in self.targets.get(other, [self.regions[other]]):
                score = _score(here, r, direction)
                if score is not None and (best is None or score < best[0]):
                    best = (score, other)
        return best[1] if best else None


def _score(here: Rect, r: Rect, direction: str) -> float | None:
    """How far `r` is from `here` in `direction` (None when it is not that way)."""
    centre = abs((r.x + r.right) - (here.x + here.right)) / 2, abs((r.y + r.bottom) - (here.y + here.bottom)) / 2
    x_gap = max(0, r.x - here.right, here.x - r.right)
    y_gap = max(0, r.y - here.bottom, here.y - r.bottom)
    if direction in ("up", "down"):
        ahead = r.bottom <= here.y if direction == "up" else r.y >= here.bottom
        return y_gap * 2 + x_gap + centre[0] * 0.05 if ahead else None
    ahead = r.right <= here.x if direction == "left" else r.x >= here.right
    return x_gap + centre[1] * 0.05 if ahead and y_gap == 0 else None
