"""What the App shares with every screen, as reactive state the screens watch.

One path for data to reach the screens: the App assigns a new `Topology` to its `topology`
reactive (and mutates its `datapaths` book) and every screen that called
`self.watch(self.app, "topology", ...)` is told, whether it is on display, under a pop-up or on
the stack of another mode. Screens never receive snapshots by message and the App never walks
its screen stacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from tui.model.graph import build_graph
from tui.model.snapshot import Snapshot
from tui.presentation.datapath import DatapathBook


@dataclass(frozen=True, eq=False)
class Topology:
    """One snapshot and the graph built from it; compared by identity (a new read is a new value)."""

    snapshot: Snapshot
    graph: nx.MultiDiGraph[str]

    @classmethod
    def of(cls, snapshot: Snapshot) -> Topology:
        return cls(snapshot, build_graph(snapshot))

    @classmethod
    def empty(cls) -> Topology:
        return cls.of(Snapshot(source="engine"))


class Host(Protocol):
    """What screens may read from the App (the App satisfies it; screens never import the App)."""

    topology: Topology
    datapaths: DatapathBook
    project: str

    @property
    def read_only(self) -> bool: ...

    @property
    def access_label(self) -> str: ...
