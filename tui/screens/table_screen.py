"""A table of items over the selected item's detail, with a `/` filter: networks and containers.

Subclasses say which rows exist and what the detail of one row is; this module keeps the table
in step with new snapshots (by key, so the cursor stays put) and handles the filter.

At thousands of rows (issue 11) three things keep it quick: a screen not on display only notes
that its snapshot changed and catches up when it is shown again (or asked what is selected); the
cells of one snapshot and project are built once, so typing in the filter only re-matches them;
and the detail pane is not rebuilt for a highlight of the row it already shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input

from tui.presentation import Section, matches
from tui.screens.base import ExplorerScreen
from widgets.detail_panel import DetailPanel
from widgets.keyed_table import Cell, CellType, KeyedTable

DIM = "dim italic"
Cells = tuple[str, list[CellType], tuple[str, ...], bool]  # key, cells shown, texts the filter matches, dimmed


def shown_cells(cells: tuple[str, ...], dim: bool) -> list[CellType]:
    if dim:
        return [Text(c, style=DIM) for c in cells]
    return [Cell(c) for c in cells]


def matched(cells: tuple[str, ...], also: tuple[str, ...]) -> tuple[str, ...]:
    """What the filter matches: the row's own cells tuple when nothing else (no copy per row)."""
    return (*cells, *also) if also else cells


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

    stale = False  # the snapshot or project changed while this screen was not on display
    built: tuple[object, str, list[Cells]] | None = None  # (snapshot, project, cells) last built
    detail_snapshot: object = None  # the snapshot and key the detail pane shows
    detail_key: str | None = None

    def refresh_view(self) -> None:
        if self.is_mounted and not self.is_current and self.table.row_count:
            self.stale = True  # built once already; catch up when shown (`catch_up`)
            return
        self.stale = False
        super().refresh_view()
        text = self.filter_text
        shown = [(key, cells) for key, cells, words, _ in self.cells() if not text or matches(words, text)]
        self.table.sync(shown)
        self.show_detail()

    def cells(self) -> list[Cells]:
        """Every row of this snapshot and project as cells, built once and reused while filtering.

        Plain `Cell`s (no markup, a fifth of a `Text`'s memory); a dimmed row's cells are `Text`.
        """
        if self.built is None or self.built[0] is not self.snapshot or self.built[1] != self.project:
            before = {key: (words, dim, cells) for key, cells, words, dim in self.built[2]} if self.built else {}
            built = []
            for key, texts, dim in self.rows():
                words = matched(texts, self.also_matched(key))
                old = before.get(key)  # the same texts as last snapshot: the same cells (the table skips them)
                cells = old[2] if old is not None and old[0] == words and old[1] == dim else shown_cells(texts, dim)
                built.append((key, cells, words, dim))
            self.built = (self.snapshot, self.project, built)
        return self.built[2]

    def catch_up(self) -> None:
        """Redraw now if the snapshot changed while this screen was hidden."""
        if self.stale:
            self.stale = False
            self.refresh_view()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.catch_up()

    def show_detail(self) -> None:
        key = self.table.current_key
        self.detail_snapshot, self.detail_key = self.snapshot, key
        if key is None:
            empty = "nothing matches the filter" if self.filter_text else f"no {self.KIND}s"
            self.detail.show("", [Section("", (("", empty),))])
            return
        heading, sections = self.describe(key)
        self.detail.show(heading, sections)

    @on(DataTable.RowHighlighted, "#table")
    def _row_highlighted(self) -> None:
        if self.detail_snapshot is not self.snapshot or self.detail_key != self.table.current_key:
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
        self.catch_up()
        key = self.table.current_key
        return (self.KIND, key) if key else None

    def select(self, kind: str, object_id: str) -> bool:
        if kind != self.KIND:
            return False
        self.catch_up()
        if not self.table.select_key(object_id) and self.filter_text:
            self.action_clear_filter()
            return self.table.select_key(object_id)
        return self.table.current_key == object_id
