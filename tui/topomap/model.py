"""The pieces of a topology map plan: options, box columns (units), buses, and the plan itself.

Plain mutable dataclasses shared by planning (`tui.topomap.plan`), track packing (`tui.topomap.tracks`)
and drawing (`tui.topomap.draw`). Geometry constants live here so all three agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.graph import network_node
from tui.model.snapshot import Container, Network

BOX_W = 18  # box width; a line enters it LINE_OFF cells from its left edge
BOX_H = 4  # border, name, meta, border
LINE_OFF = 2
GAP = 2  # blank cells between tracks (the junction address uses them)
NETNS = "◀━"  # connector (in the gap) from a namespace joiner to the box whose namespace it shares
NETNS_TAG = " netns "  # written into the joiner box's top border
NO_NETWORK = "no network"
PITCH = BOX_W + GAP  # one track


@dataclass(frozen=True, slots=True)
class MapOptions:
    """What the map shows: all, one focused network, collapsed networks, one Compose project."""

    focus: str | None = None  # network node id ("network:<id>"): only that bus and its containers
    collapsed: frozenset[str] = frozenset()  # network node ids drawn as one line with a count
    project: str | None = None  # Compose project: only its containers (and the networks they use)
    group_by_project: bool = False  # networks ordered and headed by Compose project
    builtin_first: bool = False  # bridge/host/none before user-defined networks (default: last)


@dataclass
class Unit:
    """A box column: one container plus the containers joining its network namespace."""

    boxes: list[Container]
    buses: list[int]  # indices into the visible buses, ascending
    endpoints: dict[int, str]  # bus index -> address text at the junction
    group: str = ""
    node: str = ""  # where it runs, when the map spans a swarm or several engines: "vm · manager · 10.250.0.1"
    track: int = 0
    x: int = 0
    box_y: int = 0

    @property
    def top(self) -> int:
        return self.buses[0]

    @property
    def bottom(self) -> int:
        return self.buses[-1]

    @property
    def width(self) -> int:
        return BOX_W + (BOX_W + GAP) * (len(self.boxes) - 1)

    @property
    def line_x(self) -> int:
        return self.x + LINE_OFF

    def box_x(self, i: int) -> int:
        return self.x + (BOX_W + GAP) * i


@dataclass
class Bus:
    """A visible network (or the trailing pseudo-band of containers on no network)."""

    net: Network | None
    collapsed: bool = False
    hidden: int = 0  # containers not drawn because the network is collapsed
    group: str = ""
    row: int = 0
    height: int = 0
    units: list[Unit] = field(default_factory=list)
    lanes: list[tuple[str, str, str]] = field(default_factory=list)  # (source id, target id, alias)

    @property
    def node(self) -> str | None:
        return network_node(self.net.id) if self.net else None

    @property
    def kind(self) -> str:
        if self.net is None:
            return "void"
        return {"host": "host", "null": "none"}.get(self.net.driver, "bus")


@dataclass
class Plan:
    """Everything `tui.topomap.draw` needs: buses in order, units placed, links, lookup tables."""

    buses: list[Bus]
    units: list[Unit]
    containers: dict[str, Container]
    box_of: dict[str, tuple[Unit, int]]  # container id -> (unit, box index)
    links: list[tuple[str, str, str]]
    gutter: int
    x0: int
    options: MapOptions
