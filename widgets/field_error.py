"""A one-line message under a form field saying what is wrong with it (hidden when nothing is)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.model.sanitize import clean


class FieldError(Static):
    """Plain text only: messages quote user input and engine names, which may look like markup."""

    DEFAULT_CSS = """
    FieldError {
        height: auto;
        color: $text-error;
        display: none;
        &.-shown { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.message = ""

    def show(self, message: str) -> None:
        if message == self.message:
            return
        self.message = message
        self.update(Text(clean(message)))
        self.set_class(bool(message), "-shown")
