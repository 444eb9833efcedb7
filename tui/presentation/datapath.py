"""The datapath as detail rows: where each container interface lands on the host (the veth pair).

Pure: the App reads the host side (`tui.engine.datapath`) in a thread worker; screens keep what
came back in a `DatapathBook` and render it with these functions. A container that shares
another's namespace (`--network container:X`) shows X's interfaces, so everything is keyed by the
namespace owner. The key of a request changes whenever the wires may have changed (a restart or
a connect gives new endpoint ids), so a stale answer is asked for again instead of shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tui.model.sanitize import clean
from tui.model.snapshot import Container, Endpoint, Snapshot
from tui.presentation.tables import Section
from tui.reach.stack import Stack, stack_of
from tui.reach.verdict import Verdict

READING = "reading…"
# What the wires depend on: the owner's state and (network id, endpoint id, MAC) of each endpoint.
Key = tuple[str, tuple[tuple[str, str, str], ...]]
Request = tuple[str, Key]  # (namespace owner id, key)


class WireLike(Protocol):
    """One container interface and its host side (`tui.engine.datapath.Wire`), read-only."""

    @property
    def interface(self) -> str: ...

    @property
    def network(self) -> str: ...

    @property
    def host_interface(self) -> str: ...

    @property
    def bridge(self) -> str: ...

    @property
    def note(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Found:
    """The wires read for one namespace, or why they could not be read."""

    wires: tuple[WireLike, ...] = ()
    problem: str = ""
    retry: bool = False  # the problem may pass (the engine did not answer): ask again with the next snapshot


def needs_live(snap: Snapshot) -> str:
    """Why a saved topology shows no datapath: it lives in the kernel of the engine's host."""
    where = "the built-in demo" if snap.source == "demo" else "a saved snapshot file"
    return f"needs a live local engine: this topology comes from {where}, not from an engine on this host"


def datapath_request(snap: Snapshot, container: Container) -> Request | None:
    """(namespace owner id, key) to read, or None when there is nothing to read from the host."""
    if snap.source != "engine":
        return None
    st = stack_of(snap, container)
    if st.mode != "endpoints" or not st.endpoints:
        return None
    return st.owner.id, (st.owner.state, tuple((e.network_id, e.endpoint_id, e.mac or "") for e in st.endpoints))


def host_side(wire: WireLike) -> str:
    """`veth1a2b3c @ br-5f2e…`, or what the other end is when it is not a veth on a bridge."""
    if wire.host_interface:
        return clean(f"{wire.host_interface} @ {wire.bridge}" if wire.bridge else wire.host_interface)
    return clean(wire.note or "unknown")


def _no_wires(st: Stack) -> str:
    if st.mode == "host":
        return "none of its own: it uses the host's interfaces directly (no veth, no bridge)"
    if st.mode == "none":
        return "none: it has only lo (no veth, no bridge)"
    if st.mode == "down":
        return f"none: {clean(st.problem)}"
    return "none: no interface with an address"


def _iface_order(wire: WireLike | None) -> tuple[int, int, str]:
    if wire is None:
        return (1, 0, "")
    digits = wire.interface.lstrip("abcdefghijklmnopqrstuvwxyz")
    return (0, int(digits) if digits.isdigit() else 0, wire.interface)


def _wire_rows(endpoints: Sequence[Endpoint], found: Found) -> list[tuple[str, str]]:
    by_network = {w.network: w for w in found.wires}
    rows: list[tuple[str, str]] = []
    explained = False
    # eth0, eth1, … in the kernel's order; an endpoint with no interface found comes last
    ordered = sorted(endpoints, key=lambda e: _iface_order(by_network.get(e.network_name)))
    for ep in ordered:
        wire = by_network.get(ep.network_name)
        where = f"({clean(ep.network_name)}) {clean(ep.address or '')}"
        if wire is None:
            rows.append(("", f"? {where}  =  not found among the container's interfaces"))
            continue
        rows.append(("", f"{clean(wire.interface)} {where}  =  {host_side(wire)}"))
        if wire.host_interface and not explained:
            explained = True
            bridge = f"the Linux bridge {clean(wire.bridge)}" if wire.bridge else "the host"
            rows.append(
                (
                    "",
                    f"(a veth pair: one end is {clean(wire.interface)} inside the container's network namespace, "
                    f"the other, {clean(wire.host_interface)}, is plugged into {bridge} on the host)",
                )
            )
    return rows


def datapath_section(container: Container, snap: Snapshot, found: Found | None) -> Section:
    """One line per interface: `eth0 (appnet) 172.28.0.2  =  veth1a2b3c @ br-5f2e…`, or why not."""
    st = stack_of(snap, container)
    rows: list[tuple[str, str]] = []
    if st.joined:
        owner = clean(st.owner.name)
        rows.append(("", f"shares {owner}'s network namespace: these are {owner}'s interfaces"))
    if st.mode != "endpoints" or not st.endpoints:
        rows.append(("", _no_wires(st)))
    elif snap.source != "engine":
        rows.append(("", needs_live(snap)))
    elif found is None:
        rows.append(("", READING))
    elif found.problem:
        rows.append(("", f"cannot be shown: {clean(found.problem)}"))
    else:
        rows += _wire_rows(st.endpoints, found)
    return Section("Datapath (host side)", tuple(rows))


def _sides(
    snap: Snapshot, containers: Sequence[Container], founds: Mapping[str, Found]
) -> tuple[dict[str, dict[str, WireLike]], list[tuple[str, str]]]:
    """Each container's wires by network name, and a row for each container whose wires are not known."""
    sides: dict[str, dict[str, WireLike]] = {}
    rows: list[tuple[str, str]] = []
    for c in containers:
        name = clean(c.name)
        request = datapath_request(snap, c)
        found = founds.get(request[0]) if request else None
        if request is None:
            rows.append((name, _no_wires(stack_of(snap, c))))
        elif found is None:
            rows.append((name, READING))
        elif found.problem:
            rows.append((name, f"cannot be shown: {clean(found.problem)}"))
        else:
            sides[c.id] = {w.network: w for w in found.wires}
    return sides, rows


def _chain(src: str, s: WireLike, d: WireLike, dst: str) -> str:
    if s.host_interface and d.host_interface and s.bridge and s.bridge == d.bridge:
        hops = [f"{src} {s.interface}", s.host_interface, s.bridge, d.host_interface, f"{d.interface} {dst}"]
        return clean(" -> ".join(hops))
    return f"{clean(src)} {clean(s.interface)} = {host_side(s)};  {clean(dst)} {clean(d.interface)} = {host_side(d)}"


def reach_datapath_section(snap: Snapshot, v: Verdict, founds: Mapping[str, Found]) -> Section:
    """The host-side interfaces along each path of a verdict (or each side's, when there is no path)."""
    title = "Datapath (host side)"
    src, dst = snap.container(v.src_id), snap.container(v.dst_id)
    if src is None or dst is None:
        return Section(title, ())
    if snap.source != "engine":
        return Section(title, (("", needs_live(snap)),))
    sides, rows = _sides(snap, [src, dst], founds)
    mine, theirs = sides.get(src.id, {}), sides.get(dst.id, {})
    for p in v.via:
        s, d = mine.get(p.network), theirs.get(p.network)
        if p.kind == "network" and s is not None and d is not None:
            rows.append((clean(p.network), _chain(src.name, s, d, dst.name)))
        elif p.kind == "from-host" and d is not None and d.host_interface:
            hops = ["host stack", d.bridge or "?", d.host_interface, f"{d.interface} {dst.name}"]
            rows.append((clean(p.network), clean(" -> ".join(hops))))
        elif p.kind == "to-host" and s is not None and s.host_interface:
            hops = [f"{src.name} {s.interface}", s.host_interface, s.bridge or "?", "host stack"]
            rows.append((clean(p.network), clean(" -> ".join(hops))))
        elif p.kind == "namespace":
            rows.append(("lo", "inside the one shared namespace: no veth, no bridge"))
    if not v.via:
        for c, wires in ((src, mine), (dst, theirs)):
            for wire in wires.values():
                rows.append((clean(c.name), f"{clean(wire.interface)} ({clean(wire.network)})  =  {host_side(wire)}"))
    return Section(title, tuple(rows))


class DatapathBook:
    """What one screen has learnt of each namespace's datapath, and what it has already asked for."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[Key, Found]] = {}
        self._asked: dict[str, Key] = {}

    def get(self, owner_id: str, key: Key) -> Found | None:
        """The answer for this owner if it was read for this key (else None: not known yet)."""
        entry = self._found.get(owner_id)
        return entry[1] if entry is not None and entry[0] == key else None

    def current(self, requests: Iterable[Request]) -> dict[str, Found]:
        """{owner id: answer} for the requests already answered for their key."""
        result = {}
        for owner_id, key in requests:
            found = self.get(owner_id, key)
            if found is not None:
                result[owner_id] = found
        return result

    def wanted(self, requests: Iterable[Request]) -> tuple[Request, ...]:
        """The requests neither answered nor asked for with their key; they count as asked from now on."""
        result = []
        for owner_id, key in requests:
            if self.get(owner_id, key) is None and self._asked.get(owner_id) != key:
                self._asked[owner_id] = key
                result.append((owner_id, key))
        return tuple(result)

    def store(self, owner_id: str, key: Key, found: Found) -> None:
        self._found[owner_id] = (key, found)
        if self._asked.get(owner_id) == key:
            del self._asked[owner_id]

    def forget_passing(self) -> None:
        """Drop the answers whose problem may have passed; call it when a new snapshot arrives."""
        self._found = {k: v for k, v in self._found.items() if not v[1].retry}
