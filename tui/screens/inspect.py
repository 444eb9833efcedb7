"""The engine's own JSON for one network or container, syntax-highlighted and scrollable.

The App fetches the JSON (a thread worker against a live engine, the stored raw dicts in demo
and snapshot mode) and delivers it as `InspectArrived`; this screen only shows it.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.highlight import highlight
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.model.sanitize import clean, clean_block
from tui.screens.messages import InspectArrived, InspectWanted
from widgets.banner import Banner


def _escape(ch: str) -> str:
    """A JSON escape for what json leaves raw with ensure_ascii=False but a terminal must not get: C1
    and other unprintable characters (bidi controls, separators), and lone surrogates (a snapshot
    file may hold one), which cannot even be encoded for writing."""
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_json(data: Any) -> str:
    """Pretty JSON with every unprintable character escaped (json escapes C0; the rest done here)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False, default=str)
    return "\n".join(line if line.isprintable() else "".join(_escape(ch) for ch in line) for line in text.split("\n"))


class JsonView(VerticalScroll):
    """Scrolls the JSON with the arrows, j/k, g/G and page keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="inspect.down"),
        Binding("k", "scroll_up", "Up", show=False, id="inspect.up"),
        Binding("g", "scroll_home", "Top", show=False, id="inspect.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="inspect.bottom"),
    ]


class InspectScreen(Screen[None]):
    """Raw `docker network inspect` / `docker container inspect` output."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="inspect.close"),
        Binding("r", "reload", "Reload", id="inspect.reload"),
    ]

    DEFAULT_CSS = """
    InspectScreen #inspect-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    InspectScreen JsonView {
        padding: 0 1;
    }
    """

    def __init__(self, kind: str, object_id: str, name: str) -> None:
        super().__init__()
        self.kind, self.object_id, self.item_name = kind, object_id, clean(name)
        self.json_text = ""
        self.error = ""

    def compose(self) -> ComposeResult:
        title = f"raw inspect: {self.kind} {self.item_name} ({self.object_id[:12]})"
        yield Static(Text(title), id="inspect-title")
        yield Banner(id="inspect-error")
        with JsonView(id="json"):
            yield Static(Text("loading…"), id="json-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(JsonView).focus()
        self.post_message(InspectWanted(self.kind, self.object_id, self))

    @on(InspectArrived)
    def _arrived(self, message: InspectArrived) -> None:
        message.stop()
        if (message.kind, message.object_id) != (self.kind, self.object_id):
            return
        body = self.query_one("#json-body", Static)
        if message.error or message.data is None:
            self.error = clean_block(message.error or "the engine returned nothing")
            self.query_one(Banner).show(self.error, "error")
            if not self.json_text:
                body.update(Text("no data"))
            return
        self.error = ""
        self.query_one(Banner).hide()
        self.json_text = to_json(message.data)
        body.update(highlight(self.json_text, language="json"))

    def action_reload(self) -> None:
        """Fetch the JSON again."""
        self.post_message(InspectWanted(self.kind, self.object_id, self))
