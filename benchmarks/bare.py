"""The anchors of the UI benchmarks: the smallest Textual apps doing what a dockernet view does.

Each is what someone would write with Textual alone and no care for scale: a DataTable filled
with `add_rows` from ready-made strings, screens as modes, a filter that clears the table and
adds back the rows that match. Measured in the same run as dockernet, they carry the machine's
speed and load, so a ratio to them means the same on a slow or busy machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input

Rows = Sequence[tuple[str, ...]]


def table(columns: Sequence[str], rows: Rows) -> DataTable[str]:
    """A DataTable of rows keyed by their index, filled at once."""
    widget: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
    widget.add_columns(*columns)
    widget.add_rows(rows)
    return widget


class TableScreen(Screen[None]):
    """One full-size DataTable (a bare container list)."""

    def __init__(self, columns: Sequence[str], rows: Rows, tables: int = 1) -> None:
        super().__init__()
        self.columns, self.rows, self.tables = columns, rows, tables

    def compose(self) -> ComposeResult:
        for _ in range(self.tables):
            yield table(self.columns, self.rows)
        yield Footer()


class TableApp(App[None]):
    """Opens on a table (`tables` of them, to hold as many rows as dockernet's two screens)."""

    def __init__(self, columns: Sequence[str], rows: Rows, tables: int = 1) -> None:
        super().__init__()
        self.columns, self.rows, self.tables = columns, rows, tables

    def on_mount(self) -> None:
        self.push_screen(TableScreen(self.columns, self.rows, self.tables))


class ModesApp(App[None]):
    """Two table screens as modes ("a" and "b"): a bare screen switch, built once then switched back to."""

    def __init__(self, a: tuple[Sequence[str], Rows], b: tuple[Sequence[str], Rows]) -> None:
        super().__init__()
        self.add_mode("a", lambda: TableScreen(*a))
        self.add_mode("b", lambda: TableScreen(*b))

    def on_mount(self) -> None:
        self.switch_mode("a")


class EmptyApp(App[None]):
    """Opens on an empty screen; the bench pushes a `TableScreen` onto it (the first switch)."""


def matching(rows: Rows, text: str) -> Iterable[tuple[str, ...]]:
    words = text.lower().split()
    for row in rows:
        haystack = " ".join(row).lower()
        if all(word in haystack for word in words):
            yield row


class FilterApp(App[None]):
    """An Input over a DataTable: each keystroke clears the table and adds back the rows that match."""

    def __init__(self, columns: Sequence[str], rows: Rows) -> None:
        super().__init__()
        self.columns, self.rows = columns, rows

    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield table(self.columns, self.rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        widget = self.query_one(DataTable)
        widget.clear()
        widget.add_rows(matching(self.rows, event.value.strip()))
