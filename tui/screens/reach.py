"""Can SRC reach DST, and why; or, for one container, whom it reaches and who reaches it.

Opened from the containers screen (`x` marks SRC, `x` again on DST; `w` for one container).
It follows new snapshots like every explorer screen, so the verdict stays current.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.model import Snapshot
from tui.presentation import Section
from tui.reach import reachable_from, reaches, verdict
from tui.reach_text import headline, verdict_lines
from tui.sanitize import clean
from tui.screens.base import ExplorerScreen
from widgets.detail_panel import DetailPanel


def pair_sections(snap: Snapshot, src_id: str, dst_id: str) -> tuple[str, list[Section]]:
    src, dst = snap.container(src_id), snap.container(dst_id)
    if src is None or dst is None:
        return "reach", [Section("gone", (("", "one of the two containers no longer exists"),))]
    lines = verdict_lines(verdict(snap, src, dst))
    back = verdict(snap, dst, src)
    heading = f"{clean(src.name)} -> {clean(dst.name)}"
    return heading, [
        Section("Verdict", tuple(("", line) for line in lines)),
        Section("The other way (x swaps)", (("", clean(headline(back))),)),
    ]


def one_sections(snap: Snapshot, container_id: str) -> tuple[str, list[Section]]:
    container = snap.container(container_id)
    if container is None:
        return "reach", [Section("gone", (("", "this container no longer exists"),))]
    out = [("", clean(headline(v))) for v in reaches(snap, container)]
    into = [("", clean(headline(v))) for v in reachable_from(snap, container)]
    name = clean(container.name)
    return f"who {name} reaches, and who reaches it", [
        Section(f"{name} reaches ({len(out)})", tuple(out) or (("", "no other container"),)),
        Section(f"reach {name} ({len(into)})", tuple(into) or (("", "no other container"),)),
    ]


class ReachScreen(ExplorerScreen):
    """The reachability verdict for a pair, or the reach lists of one container."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="reach.close"),
        Binding("x", "swap", "Swap SRC/DST", id="reach.swap"),
    ]

    DEFAULT_CSS = """
    ReachScreen #reach-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    ReachScreen DetailPanel {
        border-top: none;
    }
    """

    def __init__(self, snapshot: Snapshot, graph: nx.MultiDiGraph, src_id: str, dst_id: str = "") -> None:
        super().__init__(snapshot, graph)
        self.src_id, self.dst_id = src_id, dst_id

    def compose_body(self) -> Iterable[Widget]:
        yield Static("", id="reach-title")
        yield DetailPanel(id="reach-body")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(DetailPanel).focus()

    def refresh_view(self) -> None:
        super().refresh_view()
        if self.dst_id:
            heading, sections = pair_sections(self.snapshot, self.src_id, self.dst_id)
        else:
            heading, sections = one_sections(self.snapshot, self.src_id)
        self.query_one("#reach-title", Static).update(Text(f"reach: {heading}"))
        self.query_one(DetailPanel).show(heading, sections)

    def action_swap(self) -> None:
        """Ask the question the other way round (links are one-way)."""
        if self.dst_id:
            self.src_id, self.dst_id = self.dst_id, self.src_id
            self.refresh_view()

    def selected(self) -> tuple[str, str] | None:
        return ("container", self.src_id)
