"""`?`: every key binding of every screen, with the keys the user's keymap gives them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from widgets.detail_panel import DetailPanel

# The panel keys of both tables, listed once in the panels' own section (`extra_help`).
SHARED_PANEL_KEYS = ("action.create", "action.connect", "action.disconnect", "action.prune")


class HelpSection:
    """A group of bindings: where they apply, and (keys, description) rows."""

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        self.title = title
        self.rows = list(rows)


class HelpScreen(ModalScreen[None]):
    """Lists bindings grouped by where they work; Esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-box {
        width: 90%;
        height: 90%;
        border: round $accent;
        background: $surface;
    }
    HelpScreen #help-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text("dockernet keys (ctrl+p finds every command by name)"), id="help-title")
            yield DetailPanel(id="help-body")
        yield Footer()

    def on_mount(self) -> None:
        panel = self.query_one(DetailPanel)
        panel.show("", self.sections)
        panel.focus()


def binding_rows(app: App[Any], bindings: Iterable[BindingType], keymap: dict[str, str]) -> list[tuple[str, str]]:
    """(keys, description and binding id) per description, keys as the footer shows them, after
    the user's keymap. The id is what `[keymap]` in the config file remaps; one description is
    one row (ctrl+y on the panel and y on its command line both copy the command)."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for binding in Binding.make_bindings(bindings):
        keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
        shown_keys, ids = merged.setdefault(binding.description or binding.action, ([], []))
        if binding.id and binding.id not in ids:
            ids.append(binding.id)
        for key in keys.split(","):
            shown = app.get_key_display(Binding(key.strip(), binding.action))
            if shown not in shown_keys:
                shown_keys.append(shown)
    return [
        (" ".join(keys), f"{description}  ({', '.join(ids)})" if ids else description)
        for description, (keys, ids) in merged.items()
    ]


def _map_bindings() -> list[BindingType]:
    try:
        from tui.screens import topology
    except ImportError:
        return []
    # Each class's own bindings: Textual's inherited ones (focus next, copy selected text) are not the map's.
    found: list[BindingType] = list(topology.TopologyScreen.__dict__.get("BINDINGS", []))
    for name in dir(topology):
        widget = getattr(topology, name)
        if isinstance(widget, type) and widget.__module__.startswith("widgets."):
            found += list(widget.__dict__.get("BINDINGS", []))
    return found


def known_binding_ids(app: App[Any]) -> set[str]:
    """Every binding id dockernet defines: the App's and those of each screen and widget of its own
    (the classes loaded with the App), so a `[keymap]` id that is none of them can be named."""
    from textual.dom import DOMNode

    ids: set[str] = set()
    found: list[type] = [*type(app).__mro__]
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        found.append(cls)
    for cls in found:
        if cls.__module__.startswith(("tui.", "widgets.")):
            ids |= {b.id for b in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])) if b.id}
    return ids


def help_sections(app: Any) -> list[HelpSection]:
    """Every binding of the App and of each screen, grouped by where it works."""
    from tui.screens.containers import ContainersScreen
    from tui.screens.engines import EngineScreen
    from tui.screens.explain import ExplainScreen
    from tui.screens.inspect import InspectScreen, JsonView
    from tui.screens.networks import NetworksScreen
    from tui.screens.project import ProjectScreen
    from tui.screens.reach import ReachScreen
    from tui.screens.table_screen import TableScreen
    from widgets.keyed_table import KeyedTable

    def own(cls: type) -> list[BindingType]:
        return list(cls.__dict__.get("BINDINGS", []))

    def screen_only(cls: type) -> list[BindingType]:
        """A screen's own keys, without the panel keys both screens share (their own section)."""
        return [b for b in Binding.make_bindings(own(cls)) if b.id not in SHARED_PANEL_KEYS]

    keymap: dict[str, str] = dict(getattr(app.launch, "keymap", {}) or {})
    groups: list[tuple[str, list[BindingType]]] = [
        ("Everywhere", [*list(type(app).BINDINGS), Binding("ctrl+p", "command_palette", "Command palette")]),
        ("Networks (1) and containers (2)", own(TableScreen) + own(KeyedTable) + own(DataTable)),
        ("Networks only", screen_only(NetworksScreen)),
        ("Containers only", screen_only(ContainersScreen)),
        ("Detail pane (tab or Enter to focus)", list(DetailPanel.BINDINGS)),
        ("Topology map (3 or m)", _map_bindings()),
        ("Raw inspect (i)", list(InspectScreen.BINDINGS) + JsonView.BINDINGS),
        ("Explain (e)", list(ExplainScreen.BINDINGS)),
        ("Reachability (x on two containers, or w)", own(ReachScreen)),
        ("Compose project picker (p)", list(ProjectScreen.BINDINGS)),
        ("Engine switcher (E)", list(EngineScreen.BINDINGS)),
        ("This help (?)", list(HelpScreen.BINDINGS)),
    ]
    extra = getattr(app, "extra_help", None)
    if callable(extra):
        groups += extra()
    return [HelpSection(title, binding_rows(app, bindings, keymap)) for title, bindings in groups if bindings]
