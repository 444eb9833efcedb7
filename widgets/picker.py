"""Choose one item from a list narrowed by typing: a filter box above an option list.

Used where a panel starts from one object and needs the other (the network for a container,
the container for a network). The highlighted item is the choice, so arrows alone pick.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.model.sanitize import clean


@dataclass(frozen=True)
class PickItem:
    """One choice: its value (an id), what to show, and a dimmed note (e.g. "already connected")."""

    value: str
    label: str
    note: str = ""
    search: str = ""  # extra text the filter matches (ids, subnets)


class _Filter(Input):
    """The filter box; down arrow moves into the list."""

    BINDINGS = [Binding("down", "to_list", "To the list", show=False)]

    def action_to_list(self) -> None:
        if self.parent is not None:
            self.parent.query_one(OptionList).focus()


class Picker(Vertical):
    """Posts `Picked` whenever the highlighted item changes."""

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > OptionList { height: auto; max-height: 7; }
    """

    class Picked(Message):
        """The chosen item changed; `value` is "" when nothing matches the filter."""

        def __init__(self, picker: Picker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self, items: list[PickItem], placeholder: str = "type to filter", value: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.placeholder = placeholder
        self.value = value
        self._shown: list[PickItem] = []

    def compose(self) -> ComposeResult:
        yield _Filter(placeholder=self.placeholder, compact=True)
        yield OptionList(compact=True)

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, needle: str) -> None:
        needle = needle.strip().lower()
        self._shown = [
            i
            for i in self.items
            if not needle or needle in f"{i.label} {i.search} {i.note}".lower() or i.value.startswith(needle)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self._prompt(i), id=i.value) for i in self._shown])
        values = [i.value for i in self._shown]
        if not values:
            self._set("")
            return
        options.highlighted = values.index(self.value) if self.value in values else 0

    @staticmethod
    def _prompt(item: PickItem) -> Text:
        text = Text(clean(item.label))
        if item.note:
            text.append(f"  {clean(item.note)}", style="dim")
        return text

    def _set(self, value: str) -> None:
        self.value = value
        self.post_message(self.Picked(self, value))

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._set(event.option_id or "")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._set(event.option_id or "")
        self.screen.focus_next()
