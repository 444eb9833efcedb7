"""A DataTable kept in sync with a list of keyed rows, without ever clearing it.

Live updates must not make the table jump: `sync` removes rows whose key is gone, updates only
the cells that changed, appends new rows, re-sorts, and puts the cursor back on the key it was
on. Scroll position is left alone unless the cursor would leave the view.

The sort column is marked in its header (`Name ▲`, `▼` when reversed): a toast naming it is
gone in two seconds and a new user could not tell how the rows were ordered. Every label keeps
room for the mark, so moving it never changes a column's width.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist


class Cell:
    """A plain cell: shown as its text, never parsed as markup (a `str` cell would be), and a
    fifth of a `Text`'s memory (issue 11: 70,000 cells at 10,000 containers). Like `Text`, it
    has `.plain`; styled cells (a dimmed row) stay `Text`."""

    __slots__ = ("plain",)

    def __init__(self, plain: str) -> None:
        self.plain = plain

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Cell({self.plain!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and other.plain == self.plain

    def __hash__(self) -> int:
        return hash(self.plain)


CellType = Text | Cell
Row = tuple[str, Sequence[CellType]]
EMPTY = "-"
UP, DOWN = "▲", "▼"


def _sort_value(cell: object) -> tuple[int, float, str]:
    """Numbers sort as numbers, "-" and blanks sort last, the rest case-insensitively."""
    return _text_sort_value(cell.plain if isinstance(cell, Text | Cell) else str(cell))


@lru_cache(maxsize=1 << 16)
def _text_sort_value(text: str) -> tuple[int, float, str]:
    """Cached: re-sorting 10,000 rows would parse every address again (issue 11)."""
    if text in ("", EMPTY):
        return (2, 0.0, "")
    try:
        return (0, float(text), "")
    except ValueError:
        pass
    if "/" in text or text.count(".") == 3 or ":" in text:
        try:  # subnets and addresses sort by address (10.2.0.0/24 before 10.10.0.0/24), IPv4 before IPv6
            net = ipaddress.ip_network(text.split(" ", 1)[0], strict=False)
            return (1, 0.0, f"{net.version}:{int(net.network_address):032x}/{net.prefixlen:03d}")
        except ValueError:
            pass
    return (1, 0.0, text.lower())


class KeyedTable(DataTable[CellType]):
    """Rows addressed by a stable key (an object id); sortable by any column."""

    DEFAULT_CSS = """
    KeyedTable {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Cursor down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Cursor up", show=False, id="table.up"),
        Binding("g", "scroll_top", "Top", show=False, id="table.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
        Binding("s", "next_sort", "Sort", id="table.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="table.reverse"),
    ]

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        sort_by: Sequence[str] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id, classes=classes)
        self._columns = list(columns)
        self.sort_by: list[str] = list(sort_by) or [columns[0][0]]
        self.sort_reverse = False
        self._rows_added = False
        self._marked: tuple[str, bool] | None = None

    def on_mount(self) -> None:
        for key, label in self._columns:
            self.add_column(self._label(key, label), key=key)

    def _label(self, key: str, label: str) -> Text:
        """A header label with the sort mark after it, or a blank where the mark goes."""
        if self.sort_by and self.sort_by[0] == key:
            return Text(f"{label} {DOWN if self.sort_reverse else UP}")
        return Text(f"{label}  ")

    def _mark_sort_column(self) -> None:
        """Move the mark when the sort changed (not on every sync: that would drop the caches)."""
        state = (self.sort_by[0] if self.sort_by else "", self.sort_reverse)
        if state == self._marked:
            return
        self._marked = state
        for key, label in self._columns:
            column = self.columns.get(ColumnKey(key))
            if column is not None:
                column.label = self._label(key, label)
        self.notify_style_update()  # the header is cached; this drops its render cache

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except RowDoesNotExist:
            return None

    @property
    def keys(self) -> list[str]:
        """Row keys in display order."""
        return [self.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value or "" for i in range(self.row_count)]

    def sync(self, rows: Sequence[Row]) -> None:
        """Make the table show exactly `rows`, touching only what changed.

        Re-sorts only when a row was added or a sorted-by cell changed (removing rows keeps the
        order); rows added to an empty table are added already sorted, as `_sort` would order them.
        """
        before = self.current_key
        before_index = self.cursor_row
        wanted = {key: cells for key, cells in rows}
        existing = {str(k.value) for k in self.rows}
        for key in existing - wanted.keys():
            self.remove_row(key)
        column_keys = [key for key, _ in self._columns]
        sorted_by = set(self._sort_columns())
        resort = False
        if not existing:
            rows = self._presorted(rows)
        for key, cells in rows:
            if key in existing:
                old = self.get_row(key)
                for column, new_cell, old_cell in zip(column_keys, cells, old, strict=False):
                    if new_cell is not old_cell and new_cell != old_cell:
                        self.update_cell(key, column, new_cell)
                        resort = resort or column in sorted_by
            else:
                self.add_row(*cells, key=key)
                self._rows_added = True
                resort = resort or bool(existing)
        if resort:
            self._sort()
        else:
            self._mark_sort_column()
        self._restore_cursor(before, before_index)

    def _presorted(self, rows: Sequence[Row]) -> Sequence[Row]:
        """`rows` in the order `_sort` gives (a stable sort of the same keys), for an empty table."""
        index = {key: i for i, (key, _) in enumerate(self._columns)}
        picks = [index[c] for c in self._sort_columns() if c in index]

        def key(row: Row) -> tuple[tuple[int, float, str], ...]:
            return tuple(_sort_value(row[1][i]) if i < len(row[1]) else (2, 0.0, "") for i in picks)

        return sorted(rows, key=key, reverse=self.sort_reverse)

    def _sort_columns(self) -> list[str]:
        return list(dict.fromkeys([*self.sort_by, self._columns[0][0]]))

    def on_idle(self) -> None:
        # DataTable widens its columns for new rows on idle, but cells it already rendered
        # keep their old width in its cache (Textual 8.2.8): drop that cache once widths are in.
        if self._rows_added:
            self._rows_added = False
            self.call_later(self.notify_style_update)

    def select_key(self, key: str) -> bool:
        """Put the cursor on a row by key; False if there is no such row."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index)
        return True

    def _restore_cursor(self, key: str | None, index: int) -> None:
        if not self.row_count:
            return
        if key is not None and key in {str(k.value) for k in self.rows}:
            target = self.get_row_index(key)
        else:
            target = min(index, self.row_count - 1)
        if target != self.cursor_row:
            self.move_cursor(row=target, scroll=False)

    def _sort(self) -> None:
        columns = self._sort_columns()

        def key(values: object) -> tuple[tuple[int, float, str], ...]:
            items = values if isinstance(values, tuple) else (values,)
            return tuple(_sort_value(v) for v in items)

        self.sort(*columns, key=key, reverse=self.sort_reverse)
        self._mark_sort_column()

    def sort_on(self, column: str) -> None:
        """Sort by a column (again on the same column reverses the order)."""
        before, index = self.current_key, self.cursor_row
        if self.sort_by and self.sort_by[0] == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_by, self.sort_reverse = [column], False
        self._sort()
        self._restore_cursor(before, index)

    def action_next_sort(self) -> None:
        """Cycle the sort column to the next one."""
        keys = [k for k, _ in self._columns]
        current = keys.index(self.sort_by[0]) if self.sort_by and self.sort_by[0] in keys else -1
        before, index = self.current_key, self.cursor_row
        self.sort_by, self.sort_reverse = [keys[(current + 1) % len(keys)]], False
        self._sort()
        self._restore_cursor(before, index)
        self.notify(f"sorted by {dict(self._columns)[self.sort_by[0]]}", timeout=2, markup=False)

    def action_reverse_sort(self) -> None:
        """Reverse the current sort order."""
        self.sort_on(self.sort_by[0])

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_on(str(event.column_key.value))
