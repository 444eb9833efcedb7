"""A one-or-two-line notice across the top of a screen (engine lost, demo fallback, read-only).

Hidden while empty. The text is always plain: it often quotes a daemon error or a host name.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.model.sanitize import clean_block

SEVERITIES = ("information", "warning", "error")


class Banner(Static):
    """Say what is wrong and what to do, in plain words."""

    DEFAULT_CSS = """
    Banner {
        display: none;
        width: 1fr;
        height: auto;
        padding: 0 1;
        background: $warning 30%;
        color: $text;
    }
    Banner.-shown {
        display: block;
    }
    Banner.-error {
        background: $error 35%;
    }
    Banner.-information {
        background: $primary 25%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)
        self.message = ""

    def show(self, message: str, severity: str = "warning") -> None:
        """Show `message` (empty hides the banner)."""
        self.message = clean_block(message)
        self.update(Text(self.message))
        self.set_class(bool(self.message), "-shown")
        for name in SEVERITIES:
            self.set_class(name == severity, f"-{name}")

    def hide(self) -> None:
        self.show("")
