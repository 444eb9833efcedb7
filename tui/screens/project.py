"""Pick one Docker Compose project to show (or all of them)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.presentation import counted

ALL = "\x00all"  # option id for "every project" (cannot clash with a project name: clean() strips NUL)


class ProjectScreen(ModalScreen[str | None]):
    """Dismisses with the chosen project ("" for all), or None when cancelled."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="project.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="project.down"),
        Binding("k", "move(-1)", "Up", show=False, id="project.up"),
    ]

    DEFAULT_CSS = """
    ProjectScreen {
        align: center middle;
    }
    ProjectScreen > Vertical {
        width: 60;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
    }
    ProjectScreen Static {
        padding: 0 1;
    }
    """

    def __init__(self, projects: Sequence[tuple[str, int, int]], current: str) -> None:
        super().__init__()
        self.projects = list(projects)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Show one Compose project"))
            options = [Option(Text("(all projects)"), id=ALL)]
            for name, containers, networks in self.projects:
                sizes = f"{counted(containers, 'container')}, {counted(networks, 'network')}"
                options.append(Option(Text(f"{name}   {sizes}"), id=name))
            yield OptionList(*options, id="projects")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [ALL] + [p[0] for p in self.projects]
        option_list.highlighted = ids.index(self.current) if self.current in ids else 0
        option_list.focus()

    @on(OptionList.OptionSelected, "#projects")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or ALL
        self.dismiss("" if chosen == ALL else chosen)

    def action_move(self, step: int) -> None:
        """j / k move the highlight as in the tables (the list itself knows only the arrows)."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
