"""A checkbox whose state reads without colour.

Textual's checkbox draws the same `▐X▌` ticked or not and tells them apart by colour only, which a
monochrome terminal, a screen reader's text or a colour-blind user cannot see. This one shows
`[x]` or `[ ]`, and its label is underlined while it has focus.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class Check(Checkbox):
    """`[x] label` when ticked, `[ ] label` when not."""

    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""

    DEFAULT_CSS = """
    Check {
        & > .toggle--button {
            color: $text;
            background: transparent;
        }
        &.-on > .toggle--button {
            color: $text-success;
            background: transparent;
        }
        &:focus > .toggle--label, &.-textual-compact:focus > .toggle--label {
            text-style: bold underline;
        }
    }
    """

    def __init__(self, label: str = "", value: bool = False, *, id: str | None = None, compact: bool = True) -> None:
        super().__init__(label, value, id=id, compact=compact)
        self.BUTTON_INNER = self.mark()

    def mark(self) -> str:
        return "[x]" if self.value else "[ ]"

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.mark()
        super().watch_value()
