"""Can SRC reach DST, and why; or, for one container, whom it reaches and who reaches it.

Opened from the containers screen (`x` marks SRC, `x` again on DST; `w` for one container, whose
list also holds the way in from the host and from other machines: `tui.reach.exposure`).
It follows new snapshots like every explorer screen, so the verdict stays current. For a pair
it also shows the host-side interfaces along the path (veth pairs and bridges), asked of the App
with `DatapathWanted` like the containers screen does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.presentation import DatapathBook, Found, Section, datapath_request, reach_datapath_section
from tui.reach.exposure import exposure
from tui.reach.exposuretext import exposure_lines
from tui.reach.exposuretext import headline as exposure_headline
from tui.reach.outside import HOST_SOURCE, OUTSIDE_SOURCE
from tui.reach.text import headline, verdict_lines
from tui.reach.verdict import reachable_from, reaches, verdict
from tui.screens.base import ExplorerScreen
from tui.screens.messages import DatapathRequest, DatapathWanted
from widgets.detail_panel import DetailPanel


def pair_sections(
    snap: Snapshot, src_id: str, dst_id: str, datapaths: Mapping[str, Found] | None = None
) -> tuple[str, list[Section]]:
    """The verdict both ways, and the path's host side (`datapaths`: answers by namespace owner id)."""
    if src_id in OUTSIDE_SOURCES:
        return exposure_sections(snap, src_id, dst_id)
    src, dst = snap.container(src_id), snap.container(dst_id)
    if src is None or dst is None:
        return "reach", [Section("gone", (("", "one of the two containers no longer exists"),))]
    forth = verdict(snap, src, dst)
    back = verdict(snap, dst, src)
    heading = f"{clean(src.name)} -> {clean(dst.name)}"
    return heading, [
        Section("Verdict", tuple(("", line) for line in verdict_lines(forth))),
        reach_datapath_section(snap, forth, datapaths or {}),
        Section("The other way (x swaps)", (("", clean(headline(back))),)),
    ]


OUTSIDE_SOURCES = (HOST_SOURCE, OUTSIDE_SOURCE)


def exposure_sections(snap: Snapshot, source: str, container_id: str) -> tuple[str, list[Section]]:
    """Every way in from the host or another machine to the container's ports, rule by rule."""
    container = snap.container(container_id)
    if container is None:
        return "reach", [Section("gone", (("", "this container no longer exists"),))]
    lines = exposure_lines(snap, exposure(snap, container, source))
    who = "the host" if source == HOST_SOURCE else "another machine"
    return f"{who} -> {clean(container.name)}", [Section("Verdict", tuple(("", line) for line in lines))]


PairLine = tuple[str, str]  # (option id "SRC-id DST-id", or "" for a title or a note; text)


def one_lines(snap: Snapshot, container_id: str) -> tuple[str, list[PairLine]]:
    """Whom the container reaches and who reaches it: one line per pair, each opening that pair."""
    container = snap.container(container_id)
    if container is None:
        return "reach", [("", "this container no longer exists")]
    name = clean(container.name)
    lines: list[PairLine] = []
    for title, verdicts in (("{} reaches", reaches(snap, container)), ("reach {}", reachable_from(snap, container))):
        lines.append(("", f"{title.format(name)} ({len(verdicts)})"))
        lines += [(f"{v.src_id} {v.dst_id}", clean(headline(v))) for v in verdicts]
        if not verdicts:
            lines.append(("", "  no other container"))
    lines.append(("", f"reach {name} from the host and from other machines"))
    for source in OUTSIDE_SOURCES:
        lines.append((f"{source} {container.id}", exposure_headline(exposure(snap, container, source))))
    return f"who {name} reaches, and who reaches it (enter on a line: why)", lines


class PairList(OptionList):
    """The one-container lists: titles, then one selectable line per pair (Enter opens it)."""

    DEFAULT_CSS = """
    PairList {
        height: 1fr;
    }
    """

    def show(self, lines: list[PairLine]) -> None:
        """Replace the lines, keeping the highlighted pair where it still is."""
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self.add_options(
            [
                Option(Text(text), id=key) if key else Option(Text(text, style="bold underline"), disabled=True)
                for key, text in lines
            ]
        )
        keys = [key for key, _ in lines]
        if highlighted in keys:
            self.highlighted = keys.index(highlighted)
        elif any(keys):
            self.highlighted = next(i for i, key in enumerate(keys) if key)

    @property
    def plain(self) -> str:
        """The shown text, for tests and screen readers."""
        return "\n".join(str(self.get_option_at_index(i).prompt) for i in range(self.option_count))


class ReachScreen(ExplorerScreen):
    """The reachability verdict for a pair, or the reach lists of one container."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="reach.close"),
        Binding("x", "swap", "Swap SRC/DST", id="reach.swap"),
        Binding("enter", "open_pair", "Why (this pair)", id="reach.open"),
        Binding("j", "cursor_down", "Down", show=False, id="reach.down"),
        Binding("k", "cursor_up", "Up", show=False, id="reach.up"),
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

    def __init__(self, snapshot: Snapshot, graph: nx.MultiDiGraph[str], src_id: str, dst_id: str = "") -> None:
        super().__init__(snapshot, graph)
        self.src_id, self.dst_id = src_id, dst_id
        self.shown_datapaths: dict[str, Found] = {}

    def compose_body(self) -> Iterable[Widget]:
        yield Static("", id="reach-title")
        yield DetailPanel(id="reach-body") if self.dst_id else PairList(id="reach-body")

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "datapaths", self._datapaths_changed, init=False)
        self.query_one("#reach-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Swap only for a pair (the footer then offers it), the line keys only for the lists."""
        if action == "swap":
            return bool(self.dst_id) and self.src_id not in OUTSIDE_SOURCES
        if action in ("cursor_down", "cursor_up", "open_pair"):
            return not self.dst_id
        return True

    def action_open_pair(self) -> None:
        self.query_one(PairList).action_select()

    def action_cursor_down(self) -> None:
        self.query_one(PairList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(PairList).action_cursor_up()

    @on(OptionList.OptionSelected, "#reach-body")
    def _pair_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a line: can this SRC reach this DST, and why."""
        src, _, dst = (event.option.id or "").partition(" ")
        if src and dst:
            self.app.push_screen(ReachScreen(self.snapshot, self.graph, src, dst))

    def refresh_view(self) -> None:
        super().refresh_view()
        if self.dst_id:
            requests = self._datapath_requests()
            found = self.shown_datapaths = self.host.datapaths.current(requests)
            heading, sections = pair_sections(self.snapshot, self.src_id, self.dst_id, found)
            unanswered = tuple(r for r in requests if r[0] not in found)
            if unanswered:
                self.post_message(DatapathWanted(unanswered))
            self.query_one(DetailPanel).show(heading, sections)
        else:
            heading, lines = one_lines(self.snapshot, self.src_id)
            self.query_one(PairList).show(lines)
        self.query_one("#reach-title", Static).update(Text(f"reach: {heading}"))

    def _datapath_requests(self) -> list[DatapathRequest]:
        """(namespace owner id, key) of the pair's datapaths that can be read."""
        pair = [self.snapshot.container(self.src_id), self.snapshot.container(self.dst_id)] if self.dst_id else []
        if self.src_id in OUTSIDE_SOURCES:
            return []
        requests = [datapath_request(self.snapshot, c) for c in pair if c is not None]
        return [r for r in requests if r is not None]

    def _datapaths_changed(self, book: DatapathBook) -> None:
        """An answer arrived: redraw if it tells more about this pair than what is shown."""
        if self.dst_id and book.current(self._datapath_requests()) != self.shown_datapaths:
            self.refresh_view()

    def action_swap(self) -> None:
        """Ask the question the other way round (links are one-way)."""
        if self.dst_id and self.src_id not in OUTSIDE_SOURCES:
            self.src_id, self.dst_id = self.dst_id, self.src_id
            self.refresh_view()

    def selected(self) -> tuple[str, str] | None:
        return ("container", self.dst_id if self.src_id in OUTSIDE_SOURCES else self.src_id)
