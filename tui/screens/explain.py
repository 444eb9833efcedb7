"""`e`: what the selected network's driver or container's mode means in practice, and every topic.

The list on the left starts with the selected item's notes, then every concept dockernet
explains (bridge, host, none, container mode, overlay, macvlan, ipvlan, links, DNS...), so
each is a couple of keys away from any screen.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.model.explain import all_topics
from tui.model.sanitize import clean
from tui.presentation import Section
from widgets.detail_panel import DetailPanel

ITEM = "\x00item"


class ExplainScreen(Screen[None]):
    """Notes for one item (if any) plus the full list of topics."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="explain.close"),
        Binding("j", "cursor_down", "Down", show=False, id="explain.down"),
        Binding("k", "cursor_up", "Up", show=False, id="explain.up"),
    ]

    DEFAULT_CSS = """
    ExplainScreen #explain-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    ExplainScreen #topics {
        width: 44;
        height: 1fr;
    }
    ExplainScreen DetailPanel {
        border-top: none;
        border-left: solid $primary 50%;
    }
    """

    def __init__(self, heading: str = "", notes: list[tuple[str, str]] | None = None, topic: str = "") -> None:
        super().__init__()
        self.heading = clean(heading)
        self.notes = notes or []
        self.topic = topic

    def compose(self) -> ComposeResult:
        yield Static(Text("explain: what it means in practice (Enter or arrows pick a topic)"), id="explain-title")
        options = []
        if self.notes:
            options.append(Option(Text(f"» {self.heading}"), id=ITEM))
        options += [Option(Text(t.title), id=t.id) for t in all_topics()]
        with Horizontal():
            yield OptionList(*options, id="topics")
            yield DetailPanel(id="explain-body")
        yield Footer()

    def on_mount(self) -> None:
        topics = self.query_one(OptionList)
        ids = [o.id for o in topics.options]
        topics.highlighted = ids.index(self.topic) if self.topic in ids else 0
        topics.focus()
        self._show(ids[topics.highlighted or 0])

    def _show(self, option_id: str | None) -> None:
        panel = self.query_one(DetailPanel)
        if option_id == ITEM:
            panel.show(self.heading, [Section(title, (("", text),)) for title, text in self.notes])
            return
        topic = next((t for t in all_topics() if t.id == option_id), None)
        if topic is not None:
            panel.show(topic.title, [Section("", (("", topic.text),))])

    @on(OptionList.OptionHighlighted, "#topics")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    def action_cursor_down(self) -> None:
        """Next topic."""
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Previous topic."""
        self.query_one(OptionList).action_cursor_up()
