"""The `docker network ...` command equivalent to a form, kept current as the user types.

Seeing the command teaches the CLI and lets the user run the change elsewhere; `y` (when the
preview has focus) or the panel's ctrl+y copies it.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.model.sanitize import clean


class CommandPreview(Static, can_focus=True):
    """Shows one or more command lines (run in order) and an optional note below them."""

    DEFAULT_CSS = """
    CommandPreview {
        height: auto;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
        &:focus { background: $surface-lighten-1; }
    }
    """

    BINDINGS = [Binding("y,ctrl+y", "copy", "Copy command", id="command_preview.copy")]

    class Copied(Message):
        """The command line was put on the clipboard."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.lines: list[str] = []
        self.note = ""

    @property
    def command(self) -> str:
        """Everything as one pasteable line."""
        return " && ".join(self.lines)

    def show(self, lines: list[str], note: str = "") -> None:
        self.lines = list(lines)
        self.note = note
        text = Text()
        if not self.lines:
            text.append("(no command yet)", style="italic")
        for i, line in enumerate(self.lines):
            if i:
                text.append("\n")
            text.append("$ ", style="bold")
            text.append(clean(line))
        if note:
            text.append("\n" + clean(note), style="italic")
        self.update(text)

    def action_copy(self) -> None:
        if not self.lines:
            return
        self.app.copy_to_clipboard(self.command)
        self.post_message(self.Copied(self.command))
        self.notify("Command copied to the clipboard", timeout=2)
