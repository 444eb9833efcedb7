"""Choose the engines to show: the Docker contexts (as `docker context ls`) and the engines on screen.

The App hands plain rows (the contexts are read by `tui.engine.contexts` in a worker, never here).
`space` ticks an engine, `enter` shows every ticked one (several are merged into one view), `o`
shows only the one under the cursor, `esc` leaves things as they are. Names, endpoints and
descriptions come from files and engines, so they are shown as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from tui.model.sanitize import clean


@dataclass(frozen=True)
class EngineRow:
    """One engine the user may choose: a context, or an engine given by URL that is on screen."""

    key: str  # what the choice hands back ("context:NAME" or "shown:LABEL")
    name: str
    endpoint: str
    note: str = ""  # the context's description, the engine's status, or why the context is unusable
    current: bool = False  # the docker CLI's current context
    shown: bool = False  # on screen now
    usable: bool = True


def row_text(row: EngineRow, width: int, endpoint_width: int = 0) -> Text:
    """`name  endpoint  note` in plain text, the current context marked with `*` as `docker context ls` does."""
    name = clean(row.name, limit=width) + (" *" if row.current else "")
    text = Text(name.ljust(width + 2), style="bold" if row.shown else "")
    text.append(clean(row.endpoint, limit=60).ljust(endpoint_width), style="" if row.usable else "dim")
    if row.note:
        text.append("  " + clean(row.note, limit=60), style="dim" if row.usable else "red")
    return text


class EngineScreen(ModalScreen[list[str] | None]):
    """Dismisses with the keys of the engines to show, or None when cancelled."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="engines.cancel"),
        Binding("enter", "apply", "Show ticked", priority=True, id="engines.apply"),
        Binding("o", "only", "Show only this", id="engines.only"),
    ]

    DEFAULT_CSS = """
    EngineScreen {
        align: center middle;
    }
    EngineScreen > Vertical {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
    }
    EngineScreen Static {
        padding: 0 1;
    }
    EngineScreen #engines-hint {
        color: $text-muted;
    }
    """

    def __init__(self, rows: Sequence[EngineRow], problem: str = "") -> None:
        super().__init__()
        self.rows = list(rows)
        self.problem = problem

    def compose(self) -> ComposeResult:
        width = min(24, max((len(clean(r.name)) + (2 if r.current else 0) for r in self.rows), default=8))
        endpoint_width = min(60, max((len(clean(r.endpoint)) for r in self.rows), default=0))
        with Vertical():
            yield Static(Text("Engines to show (Docker contexts; * is the current one)"))
            selections = [
                Selection(row_text(row, width, endpoint_width), row.key, row.shown, disabled=not row.usable)
                for row in self.rows
            ]
            yield SelectionList[str](*selections, id="engines")
            if self.problem:
                yield Static(Text(clean(self.problem)), id="engines-problem")
            yield Static(
                Text("space tick · enter show the ticked engines (merged) · o only this one · esc cancel"),
                id="engines-hint",
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @property
    def ticked(self) -> list[str]:
        """The keys ticked now, in the order of the rows."""
        chosen = set(self.query_one(SelectionList).selected)
        return [row.key for row in self.rows if row.key in chosen]

    def action_apply(self) -> None:
        """Show every ticked engine (several are merged into one view)."""
        ticked = self.ticked
        if not ticked:
            self.notify("tick at least one engine (space), or press esc", severity="warning", markup=False)
            return
        self.dismiss(ticked)

    def action_only(self) -> None:
        """Show only the engine under the cursor."""
        selections = self.query_one(SelectionList)
        index = selections.highlighted
        if index is None:
            return
        row = self.rows[index]
        if row.usable:
            self.dismiss([row.key])

    def action_cancel(self) -> None:
        """Close without changing the engines shown."""
        self.dismiss(None)
