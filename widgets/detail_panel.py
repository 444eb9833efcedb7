"""A scrollable pane of titled sections of (label, value) rows: an item's detail, readably.

Takes anything with `.title` and `.rows` (e.g. `tui.presentation.Section`), so it knows nothing
about Docker. Labels and values are set as plain `Text`: engine strings are never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static


class SectionLike(Protocol):
    """A titled block of (label, value) rows, read-only (`tui.presentation.Section` is one)."""

    @property
    def title(self) -> str: ...

    @property
    def rows(self) -> Sequence[tuple[str, str]]: ...


def render_sections(heading: str, sections: Sequence[SectionLike]) -> RenderableType:
    """Sections as a Rich group: a bold title, then a two-column grid that wraps long values."""
    parts: list[RenderableType] = []
    if heading:
        parts.append(Text(heading, style="bold reverse"))
    for section in sections:
        parts.append(Text(section.title, style="bold underline"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, max_width=34)
        grid.add_column(overflow="fold")
        for label, value in section.rows:
            grid.add_row(Text(label), Text(value.expandtabs(8) if "\t" in value else value))
        parts.append(grid)
        parts.append(Text(""))
    return Group(*parts)


class DetailPanel(VerticalScroll):
    """The detail of the selected item; focus it (tab) to scroll with j/k."""

    DEFAULT_CSS = """
    DetailPanel {
        height: 1fr;
        padding: 0 1;
        border-top: solid $primary 50%;
    }
    DetailPanel:focus {
        border-top: solid $accent;
    }
    DetailPanel > Static {
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Up", show=False, id="detail.up"),
        Binding("g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.heading = ""
        self.sections: list[SectionLike] = []
        self._body = Static("", markup=False)

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, heading: str, sections: Sequence[SectionLike]) -> None:
        """Replace the content; the scroll position is kept when the item is the same."""
        same = heading == self.heading
        self.heading, self.sections = heading, list(sections)
        self._body.update(render_sections(heading, self.sections))
        if not same:
            self.scroll_home(animate=False)

    @property
    def plain(self) -> str:
        """The shown text, for tests and screen readers."""
        lines = [self.heading]
        for section in self.sections:
            lines.append(section.title)
            lines += [f"{label}  {value}" for label, value in section.rows]
        return "\n".join(lines)
