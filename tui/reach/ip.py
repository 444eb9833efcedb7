"""Which addresses of DST can SRC's packets reach, and why — the IP half of `tui.reach.verdict`.

Pure functions of a `Snapshot`. The rules were measured on a real engine (20.10, iptables on)
by pinging every pair from inside the containers (tests/test_reach_matrix.py keeps them honest):

- members of one network reach each other, internal networks included; on a bridge with ICC
  off (`com.docker.network.bridge.enable_icc=false`, or any other false of Go's
  `strconv.ParseBool`: `0`, `f`, `F`, `FALSE`, `False`) they do not;
- docker's isolation rules drop traffic between two different bridge networks, so only
  addresses on a shared network count;
- the host's own stack (and every `--network host` container) reaches every bridge address,
  ICC and --internal notwithstanding, but neither macvlan/ipvlan children nor overlay addresses;
- a bridge member reaches the host's addresses: its gateway on-link, and every other one
  through its default route (internal networks too, on this engine);
- `--network container:X` shares X's namespace: the two talk over lo — until X restarts: X then
  gets a new namespace and the joiner stays in the old one with only lo (it reaches nothing and
  resolves nothing, though the engine still reports `container:X`) until it is restarted itself;
- macvlan: only `macvlan_mode=bridge` (the default) lets two children of one parent talk;
  `private` never does, `vepa` only through a switch that sends frames back (none on a plain
  link), `passthru` gives the parent to one container alone. A parent without carrier takes every
  child down with it, bridge mode too (read on the engine's host; `Snapshot.host`);
- the default route: docker gives it to one endpoint (not --internal first, dual-stack first,
  then by network name, as libnetwork sorts them). Through a bridge it reaches every host
  address; through a macvlan child it reaches none, so the host answers only at the gateways of
  the container's own bridges (on-link);
- IPv6: on an engine that does not manage ip6tables (Docker before 27, unless experimental and
  told to; read from ip6tables on the engine's host when possible) ICC off, the isolation between
  networks and --internal are IPv4 rules only: over IPv6 every bridge member reaches every other
  (see `ip6_paths`);
- a published port is a second way in, through the host (measured with HTTP GETs from inside
  the containers): one bound to all addresses answers a bridge or overlay member at every bridge
  gateway of the host, but not a member of an `--internal` network (the connection times out:
  the host forwards it on and the internal network's rules drop it) nor a macvlan child; one
  bound to 127.0.0.1 answers only the host's own stack (a `--network host` container), there.

The rules live by what they hold: the namespace and network facts in `tui.reach.stack`, the
host's addresses and paths to it in `tui.reach.hostpaths`, macvlan modes and parents in
`tui.reach.macvlan`, IPv6 and ip6tables in `tui.reach.ip6`, published ports in
`tui.reach.published`; this module finds the paths between two containers.
"""

from __future__ import annotations

from tui.model.snapshot import Snapshot
from tui.reach.hostpaths import host_addresses, host_paths, paths_from_host
from tui.reach.macvlan import macvlan_block, macvlan_note
from tui.reach.stack import LOOPBACK, Path, Stack, driver_of, icc_off, icc_setting, network_of
from tui.reach.swarm import engines_differ, spans_engines, where


def addresses_of(snap: Snapshot, st: Stack) -> list[str]:
    """The IPv4 addresses DST answers on (a host-mode container answers on the host's)."""
    if st.mode == "host":
        return sorted(host_addresses(snap))
    return [e.address for e in st.endpoints if e.address]


def _shared(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str]]:
    paths: list[Path] = []
    reasons: list[str] = []
    s, d = src.container.name, dst.container.name
    mine = {e.network_id: e for e in src.endpoints}
    for e in dst.endpoints:
        net = network_of(snap, e)
        name = net.name if net else e.network_name
        driver = net.driver if net else "unknown"
        ours = mine.get(e.network_id)
        if ours is None:
            why = f"{d}'s {e.address} is on {name}, which {s} is not connected to"
            if driver == "bridge" and any(driver_of(snap, x) == "bridge" for x in src.endpoints):
                why += " (docker's isolation rules drop traffic between different bridge networks)"
            reasons.append(why)
            continue
        if icc_off(net) and net is not None:
            reasons.append(
                f"both are on {name}, but ICC is off there ({icc_setting(net)}): members cannot reach each other"
            )
            continue
        blocked = macvlan_block(snap, net) if net is not None else ""
        if blocked:
            reasons.append(f"both are on {name}, but {blocked}")
            continue
        paths.append(Path(name, e.network_id, driver, ours.address or "", e.address or ""))
        kind = "the default bridge" if net is not None and net.is_default_bridge else f"{driver} network {name}"
        internal = net is not None and net.internal
        note = " (internal: members reach each other, but nothing beyond the host)" if internal else ""
        if net is not None and net.driver == "macvlan":
            note = macvlan_note(snap, net)
        reasons.append(f"both are on {kind}{note}: {s} {ours.address} -> {d} {e.address}")
    return paths, reasons


def ip_paths(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str], list[str]]:
    """Paths from SRC to DST, every DST address reached, and the reasons, in plain words."""
    s, d = src.container.name, dst.container.name
    if src.orphaned and src.container.id == dst.container.id:
        why = f"{s} reaches itself over lo, and nothing else: {src.problem}"
        return [Path("lo", "", "loopback", LOOPBACK, LOOPBACK, "self")], [LOOPBACK], [why]
    if src.mode == "down":
        return [], [], [src.problem]
    if dst.mode == "down":
        return [], [], [dst.problem]
    if engines_differ(src.owner, dst.owner):
        return _across_engines(snap, src, dst)
    if src.container.id == dst.container.id:  # not a shared namespace: the same container
        why = f"{s} is {d} itself: it reaches itself over lo (localhost) and at its own addresses"
        return [Path("lo", "", "loopback", LOOPBACK, LOOPBACK, "self")], [LOOPBACK, *addresses_of(snap, dst)], [why]
    if src.owner.id == dst.owner.id or src.mode == dst.mode == "host":
        if src.mode == "host":
            why = f"{s} and {d} both use the host's network stack: they reach each other over lo (localhost)"
        else:
            who = src.owner.name
            why = f"{s} and {d} share {who}'s network namespace (--network container:{who}): they talk over lo"
        addrs = [LOOPBACK, *addresses_of(snap, dst)]
        return [Path("lo", "", "loopback", LOOPBACK, LOOPBACK, "namespace")], addrs, [why]
    if src.mode == "none":
        return [], [], [f"{s} runs with --network none: it has only lo and reaches no other container"]
    if dst.mode == "none":
        return [], [], [f"{d} runs with --network none: it has only lo and nothing can reach it"]
    if src.mode == "host":
        paths, reasons = paths_from_host(snap, src, dst)
        if not dst.endpoints:
            reasons.append(f"{d} has no address")
        return paths, [p.dst_address for p in paths], reasons
    if dst.mode == "host":
        paths, reached, reasons = host_paths(snap, src)
        if reached:
            reasons.insert(0, f"{d} uses the host's network stack: {s} reaches it at the host's addresses")
        else:
            reasons.insert(0, f"{d} uses the host's network stack, and {s} has no route to the host")
        return paths, sorted(reached), reasons
    if not dst.endpoints:
        return [], [], [f"{d} has no IPv4 address on any network"]
    if not src.endpoints:
        return [], [], [f"{s} has no IPv4 address on any network"]
    paths, reasons = _shared(snap, src, dst)
    return paths, [p.dst_address for p in paths], reasons


def _across_engines(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str], list[str]]:
    """SRC and DST on different engines: only a swarm-scoped network both are on joins them."""
    s, d = src.container.name, dst.container.name
    apart = f"{s} runs on {where(snap, src.container)}, {d} on {where(snap, dst.container)}"
    if src.mode != "endpoints" or dst.mode != "endpoints":
        who, mode = (s, src.mode) if src.mode != "endpoints" else (d, dst.mode)
        stack = "the host's network stack" if mode == "host" else "--network none"
        return [], [], [f"{apart}; {who} uses {stack}, and only a swarm overlay network joins two engines"]
    paths: list[Path] = []
    reasons: list[str] = []
    mine = {e.network_id: e for e in src.endpoints}
    for e in dst.endpoints:
        net = network_of(snap, e)
        ours = mine.get(e.network_id)
        if ours is not None and spans_engines(net) and net is not None:
            paths.append(Path(net.name, net.id, net.driver, ours.address or "", e.address or ""))
            reasons.append(
                f"both are on {net.driver} network {net.name}, which spans the swarm's nodes: "
                f"{s} {ours.address} -> {d} {e.address} ({apart})"
            )
        else:
            reasons.append(
                f"{d}'s {e.address} is on {e.network_name}, local to its engine: nothing on another engine "
                f"reaches it ({apart}; only a swarm overlay network spans engines)"
            )
    return paths, [p.dst_address for p in paths], reasons
