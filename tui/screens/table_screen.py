"""A table of items over the selected item's detail, with a `/` filter: networks and containers.

Subclasses say which rows exist and what the detail of one row is; this module keeps the table
in step with new snapshots (by key, so the cursor stays put) and handles the filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input

from tui.presentation import Section, matches
from tui.screens.base import ExplorerScreen
from widgets.detail_panel import DetailPanel
from widgets.keyed_table import KeyedTable

DIM = "dim italic"


class TableScreen(ExplorerScreen):
    """Filterable, sortable table + detail pane."""

    AUTO_FOCUS = "#table"
    KIND = ""
    COLUMNS: Sequence[tuple[str, str]] = ()
    SORT_BY: Sequence[str] = ()

    BINDINGS = [
        # priority: handled as the key arrives, so keys typed right after it reach the box
        Binding("slash", "start_filter", "Filter", id="filter", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
    ]

    DEFAULT_CSS = """
    TableScreen #filter {
        display: none;
        height: 3;
    }
    TableScreen #filter.-shown {
        display: block;
    }
    """

    def compose_body(self) -> Iterable[Widget]:
        yield Input(placeholder="filter: words to match (Enter keeps it, Esc clears it)", id="filter")
        yield KeyedTable(self.COLUMNS, sort_by=self.SORT_BY, id="table")
        yield DetailPanel(id="detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one(KeyedTable)

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    def rows(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """(key, cells, dimmed) for every item of the snapshot in the current project."""
        raise NotImplementedError

    def also_matched(self, key: str) -> tuple[str, ...]:
        """Texts the `/` filter matches besides the row's cells (none by default)."""
        return ()

    def describe(self, key: str) -> tuple[str, list[Section]]:
        """(heading, sections) for the detail pane."""
        raise NotImplementedError

    def refresh_view(self) -> None:
        super().refresh_view()
        shown = [
            (key, [Text(c, style=DIM) if dim else Text(c) for c in cells])
            for key, cells, dim in self.rows()
            if not self.filter_text or matches((*cells, *self.also_matched(key)), self.filter_text)
        ]
        self.table.sync(shown)
        self.show_detail()

    def show_detail(self) -> None:
        key = self.table.current_key
        if key is None:
            empty = "nothing matches the filter" if self.filter_text else f"no {self.KIND}s"
            self.detail.show("", [Section("", (("", empty),))])
            return
        heading, sections = self.describe(key)
        self.detail.show(heading, sections)

    @on(DataTable.RowHighlighted, "#table")
    def _row_highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self) -> None:
        self.detail.focus()

    def action_start_filter(self) -> None:
        """Show the filter box and type into it ("/" typed in the box is just a slash)."""
        box = self.query_one("#filter", Input)
        if self.focused is box:
            box.insert_text_at_cursor("/")
            return
        box.add_class("-shown")
        self.set_focus(box)  # now, not later: keys typed right after "/" must land in the box

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-shown")
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_view()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if not self.filter_text:
            self.query_one("#filter", Input).remove_class("-shown")
        self.table.focus()

    def selected(self) -> tuple[str, str] | None:
        key = self.table.current_key
        return (self.KIND, key) if key else None

    def select(self, kind: str, object_id: str) -> bool:
        if kind != self.KIND:
            return False
        if not self.table.select_key(object_id) and self.filter_text:
            self.action_clear_filter()
            return self.table.select_key(object_id)
        return self.table.current_key == object_id
