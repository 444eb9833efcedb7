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
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from tui.model.addressing import effective_gateway
from tui.model.options import ICC_OPTION, parse_go_bool
from tui.model.snapshot import Container, Endpoint, Network, PortBinding, Snapshot
from tui.reach.swarm import engines_differ, spans_engines, where

# Go's strconv.ParseBool, which dockerd applies to every boolean driver option. Anything else is
# an error: dockerd refuses the `network create` (measured on the lab engine: `no`, `off` fail).
UP_STATES = ("running", "paused")  # a paused container's kernel stack still answers
LOOPBACK = "127.0.0.1"
ALL_ADDRESSES = ("", "0.0.0.0", "::")  # a published port's host_ip when it listens everywhere


@dataclass(frozen=True, slots=True)
class Path:
    """One way SRC's packets reach DST: a shared network, the host's stack, or loopback."""

    network: str  # network name; "lo" for a shared namespace
    network_id: str
    driver: str  # network driver, "loopback", or "host" when DST is the host's stack
    src_address: str  # SRC's address on that network (the host's address when SRC is the host)
    dst_address: str
    kind: str = "network"  # "network" | "namespace" | "self" | "from-host" | "to-host" | "routed"


@dataclass(frozen=True, slots=True)
class Stack:
    """The network namespace a container's traffic uses, and what it holds."""

    container: Container
    owner: Container  # whose namespace it is: the container itself unless --network container:X
    mode: str  # "host" | "none" | "endpoints" | "down"
    endpoints: tuple[Endpoint, ...] = ()  # the owner's endpoints that have an IPv4 address
    problem: str = ""  # why it has no network at all (mode "down")
    orphaned: bool = False  # a `container:X` joiner left in X's old namespace (mode "down", only lo)

    @property
    def joined(self) -> bool:
        return self.owner.id != self.container.id


def is_up(c: Container) -> bool:
    return c.state in UP_STATES


def stack_of(snap: Snapshot, c: Container) -> Stack:
    """Follow `container:X` to the namespace owner and say what that namespace has."""
    if not is_up(c):
        state = c.state or "not running"
        return Stack(c, c, "down", problem=f"{c.name} is {state}: a container that is not running has no address")
    owner = c
    for _ in range(5):  # a joiner of a joiner ends at the first real namespace
        target = owner.namespace_target
        if target is None:
            break
        joined = snap.container(target)
        if joined is None:
            return Stack(c, c, "down", problem=f"{c.name} joins the namespace of a container that no longer exists")
        owner = joined
    if not is_up(owner):
        return Stack(c, owner, "down", problem=f"{c.name} shares {owner.name}'s namespace, and {owner.name} is stopped")
    if owner.id != c.id and orphaned(snap, c, owner):
        problem = (
            f"{c.name} is left in a network namespace {owner.name} no longer uses: {owner.name} restarted "
            f"and got a new one, while {c.name} kept the old one, with only lo (Docker still reports "
            f"--network container:{owner.name}); it reaches nothing and resolves nothing"
        )
        return Stack(c, owner, "down", problem=problem, orphaned=True)
    if owner.network_mode == "host":
        return Stack(c, owner, "host")
    if owner.network_mode == "none":
        return Stack(c, owner, "none")
    return Stack(c, owner, "endpoints", tuple(e for e in snap.endpoints_of(owner.id) if e.address))


def _instant(stamp: str) -> tuple[str, int] | None:
    """An RFC 3339 UTC time as docker writes it, comparable (its nanoseconds lose trailing zeros)."""
    if not stamp.endswith("Z") or stamp.startswith("0001-"):
        return None
    whole, _, frac = stamp[:-1].partition(".")
    return (whole, int((frac + "000000000")[:9])) if frac.isdigit() or not frac else None


def orphaned(snap: Snapshot, joiner: Container, owner: Container) -> bool:
    """The joiner no longer sits in its owner's namespace: the owner restarted after the joiner started.

    On the engine's host the namespaces themselves say so (`/proc/PID/ns/net` differ); elsewhere
    the start times do: each start of the owner makes a new namespace, and a joiner enters one
    only when it starts itself.
    """
    if snap.host is not None:
        mine, theirs = snap.host.net_namespace(joiner.id), snap.host.net_namespace(owner.id)
        if mine and theirs:
            return mine != theirs
    joined, started = _instant(joiner.started_at), _instant(owner.started_at)
    return joined is not None and started is not None and joined < started


def network_of(snap: Snapshot, e: Endpoint) -> Network | None:
    """The endpoint's network: by id, else by name among its own engine's (names repeat across engines)."""
    return snap.network(e.network_id) if e.network_id else snap.network(e.network_name, engine=e.engine)


def driver_of(snap: Snapshot, e: Endpoint) -> str:
    net = network_of(snap, e)
    return net.driver if net else "unknown"


def option_flag(net: Network | None, key: str, default: bool) -> bool:
    """A boolean driver option of `net`, read as dockerd does; `default` when unset or unparseable.

    An unparseable value cannot come from the engine (the create fails), only from an edited
    snapshot file, so the engine's default is the least surprising reading.
    """
    if net is None:
        return default
    raw = dict(net.options).get(key)
    parsed = parse_go_bool(raw) if raw is not None else None
    return default if parsed is None else parsed


def icc_off(net: Network | None) -> bool:
    """ICC is a bridge driver option; it defaults to on."""
    return net is not None and net.driver == "bridge" and not option_flag(net, ICC_OPTION, True)


def icc_setting(net: Network) -> str:
    """`com.docker.network.bridge.enable_icc=0`: the option as the network was created, for reasons."""
    return f"{ICC_OPTION}={dict(net.options).get(ICC_OPTION, 'false')}"


def is_user_defined(net: Network | None) -> bool:
    """Networks with docker's embedded DNS: everything but the default bridge, host and none."""
    return net is not None and not net.is_default_bridge and net.driver not in ("host", "null")


def bridge_gateway(snap: Snapshot, net: Network) -> str:
    """The host's own address on a bridge network: its effective gateway (`effective_gateway`, the
    one answer every view gives), else what its members were told."""
    if net.driver != "bridge":
        return ""
    gateway, _ = effective_gateway(net, snap)
    if gateway and ":" not in gateway:  # a dual-stack network lists its IPv6 gateway too
        return gateway
    for e in snap.members_of(net.id):
        if e.gateway:
            return e.gateway
    return ""


def bridge_gateway6(net: Network) -> str:
    """The host's IPv6 address on a dual-stack bridge network ('' when it has none).

    The engine lists an IPv6 gateway only when `--gateway` gave one; otherwise the default IPAM
    driver puts it at the subnet's first address (as `docker network inspect` leaves unsaid and
    each member's IPv6Gateway shows).
    """
    if net.driver != "bridge" or not net.ipv6:
        return ""
    for c in net.ipam:
        if c.subnet and ":" in c.subnet:
            if c.gateway:
                return c.gateway.split("/", 1)[0]
            if net.ipam_driver == "default":
                try:
                    return str(ipaddress.ip_network(c.subnet, strict=False)[1])
                except ValueError:
                    return ""
    return ""


def host_addresses6(snap: Snapshot) -> dict[str, Network]:
    """The host's IPv6 addresses the snapshot shows: the IPv6 gateway of each dual-stack bridge."""
    result: dict[str, Network] = {}
    for net in snap.networks:
        gw = bridge_gateway6(net)
        if gw:
            result.setdefault(gw, net)
    return result


def host_addresses(snap: Snapshot) -> dict[str, Network]:
    """Every address the host holds that the snapshot shows: the gateway of each bridge network."""
    result: dict[str, Network] = {}
    for net in snap.networks:
        gw = bridge_gateway(snap, net)
        if gw:
            result.setdefault(gw, net)
    return result


def default_bridge_gateway(snap: Snapshot) -> str:
    """Where `--add-host NAME:host-gateway` points (the engine's default, docker0's address)."""
    for net in snap.networks:
        if net.is_default_bridge:
            return bridge_gateway(snap, net)
    return ""


def addresses_of(snap: Snapshot, st: Stack) -> list[str]:
    """The IPv4 addresses DST answers on (a host-mode container answers on the host's)."""
    if st.mode == "host":
        return sorted(host_addresses(snap))
    return [e.address for e in st.endpoints if e.address]


def _gwbridge(snap: Snapshot) -> Network | None:
    return next((n for n in snap.networks if n.name == "docker_gwbridge" and n.driver == "bridge"), None)


ROUTE_DRIVERS = ("bridge", "macvlan", "ipvlan")  # drivers whose endpoints carry a gateway of their own


def default_route(snap: Snapshot, st: Stack) -> tuple[Endpoint | None, str]:
    """The endpoint holding the container's default route, and its driver.

    libnetwork gives the default route to one endpoint, the first of the sandbox's endpoints in
    its order (sandbox.go, epHeap.Less): an --internal network after the others, a dual-stack one
    before an IPv4-only one, then by network name; docker_gwbridge (an overlay member's way out)
    comes last of all. Measured: a container on `amac` (macvlan) and `zbr` (bridge) routes through
    the macvlan, whichever it joined first. The driver is "gwbridge" when only an overlay's
    docker_gwbridge is left, "" when there is no default route.
    """
    if st.mode != "endpoints":
        return None, ""
    candidates: list[tuple[tuple[bool, bool, str], Endpoint, str]] = []
    for e in st.endpoints:
        net = network_of(snap, e)
        if net is not None and e.gateway and net.driver in ROUTE_DRIVERS:
            candidates.append(((net.internal, not (net.ipv6 and e.ipv6), net.name), e, net.driver))
    if candidates:
        _, e, driver = min(candidates, key=lambda c: c[0])
        return e, driver
    nets = [network_of(snap, e) for e in st.endpoints]
    overlay = any(n is not None and n.driver == "overlay" and not n.internal for n in nets)
    return None, "gwbridge" if overlay else ""


def _route_reason(snap: Snapshot, st: Stack) -> str:
    """Why a container with its default route on a macvlan/ipvlan child reaches only some host addresses."""
    e, driver = default_route(snap, st)
    if e is None or driver not in ("macvlan", "ipvlan"):
        return ""
    return (
        f"{st.container.name}'s default route goes out through {driver} {e.network_name} (docker gives it to one "
        f"network: not --internal, dual-stack first, then by name), and a {driver} child never reaches its host: "
        "the host answers only at the gateways of its own bridge networks, on-link"
    )


def host_paths(snap: Snapshot, st: Stack) -> tuple[list[Path], set[str], list[str]]:
    """How a container reaches the host: paths to show, every host address it reaches, reasons."""
    hosts = host_addresses(snap)
    if st.mode == "host":
        return [], set(hosts), [f"{st.container.name} uses the host's own network stack"]
    if st.mode != "endpoints" or not st.endpoints:
        return [], set(), []
    paths: list[Path] = []
    reached: set[str] = set()
    reasons: list[str] = []
    for e in st.endpoints:
        net = network_of(snap, e)
        driver = net.driver if net else "unknown"
        if driver == "bridge" and net is not None:
            gw = bridge_gateway(snap, net)
            if gw:
                paths.append(Path(net.name, net.id, "host", e.address or "", gw, "to-host"))
                reached.add(gw)
        elif driver == "overlay" and net is not None and not net.internal:
            gwb = _gwbridge(snap)
            gw = (bridge_gateway(snap, gwb) if gwb else "") or next(iter(sorted(hosts)), "")
            if gw:
                paths.append(Path("docker_gwbridge", gwb.id if gwb else "", "host", "", gw, "to-host"))
            reasons.append(f"overlay {net.name}: the host is reached through docker_gwbridge")
        elif driver in ("macvlan", "ipvlan") and net is not None:
            reasons.append(f"{driver} {net.name}: the kernel keeps a {driver} child and its host apart")
    if default_route(snap, st)[1] in ("bridge", "gwbridge"):
        reached |= set(hosts)
    elif reached and (why := _route_reason(snap, st)):
        reasons.append(why)
    return paths, reached, reasons


def _from_host(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str]]:
    paths: list[Path] = []
    reasons: list[str] = []
    s, d = src.container.name, dst.container.name
    for e in dst.endpoints:
        net = network_of(snap, e)
        name = net.name if net else e.network_name
        driver = net.driver if net else "unknown"
        if driver == "bridge" and net is not None:
            paths.append(Path(name, net.id, driver, bridge_gateway(snap, net) or "host", e.address or "", "from-host"))
            extra = " (ICC and --internal do not apply to the host)" if net.internal or icc_off(net) else ""
            reasons.append(f"{s} uses the host's stack, which sits on {name}: it reaches {e.address}{extra}")
        elif driver in ("macvlan", "ipvlan"):
            reasons.append(f"{d}'s {e.address} is on {driver} {name}: the host cannot reach its own {driver} children")
        elif driver == "overlay":
            reasons.append(f"{d}'s {e.address} is on overlay {name}: the host has no route into an overlay network")
        else:
            reasons.append(
                f"{d}'s {e.address} is on {name} (driver {driver}): unknown to dockernet, assumed unreachable"
            )
    return paths, reasons


MACVLAN_MODE = "macvlan_mode"


def macvlan_mode(net: Network) -> str:
    """A macvlan network's mode: `bridge` unless created with -o macvlan_mode=..."""
    return dict(net.options).get(MACVLAN_MODE) or "bridge"


def parent_of(net: Network) -> str:
    return dict(net.options).get("parent", "")


def parent_state(snap: Snapshot, net: Network) -> str:
    """The parent link's state in words, read on the engine's host ("unknown" when not read)."""
    parent = parent_of(net)
    link = snap.host.link(parent) if snap.host is not None and parent else None
    if link is None:
        return "unknown"
    if not link.present:
        return "missing from the host"
    if link.carrier is False:
        return f"without carrier (operstate {link.operstate or 'unknown'})"
    return link.operstate or "unknown"


def macvlan_block(snap: Snapshot, net: Network) -> str:
    """Why two members of this macvlan network cannot reach each other ('' when they can).

    Measured on the lab engine with two children of one veth: bridge mode reaches, private and
    vepa do not (a veth peer does not send frames back), and with the peer down (the parent
    without carrier, operstate lowerlayerdown) bridge-mode members stop too.
    """
    if net.driver != "macvlan":
        return ""
    mode, parent = macvlan_mode(net), parent_of(net) or "(a dummy link docker made)"
    if mode == "private":
        return f"{net.name} is a macvlan network in private mode: the kernel passes nothing between two of its children"
    if mode == "vepa":
        return (
            f"{net.name} is a macvlan network in vepa mode: every frame leaves through the parent {parent}, and only "
            "a switch that sends it back (hairpin, reflective relay) returns it; a plain link does not"
        )
    if mode == "passthru":
        return f"{net.name} is a macvlan network in passthru mode: the parent {parent} goes to one container alone"
    link = snap.host.link(parent) if snap.host is not None else None
    if link is not None and link.cut_off:
        return (
            f"{net.name}'s parent {parent} is {parent_state(snap, net)}: the kernel takes every macvlan child "
            "down with it, so its members reach nothing, bridge mode too"
        )
    return ""


def _macvlan_note(snap: Snapshot, net: Network) -> str:
    """What a reachable macvlan path depends on: its mode and its parent's state (or that it is unknown)."""
    state = parent_state(snap, net)
    if state == "unknown":
        state = "state unknown (read only on the engine's host; a parent without carrier cuts every member off)"
    return f" ({macvlan_mode(net)} mode; parent {parent_of(net) or '(a dummy link)'} {state})"


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
            note = _macvlan_note(snap, net)
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
        paths, reasons = _from_host(snap, src, dst)
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


def published_ports(st: Stack) -> list[PortBinding]:
    """DST's ports published on the host (a joiner's are its namespace owner's)."""
    if st.mode != "endpoints":  # host mode publishes nothing; none and down have nothing to publish
        return []
    return [p for p in st.owner.ports if p.host_port is not None and p.protocol == "tcp"]


def host_entrances(snap: Snapshot, st: Stack) -> list[str]:
    """The host addresses at which SRC's connections reach the host's listening sockets.

    Measured with TCP connects to a published port: a member of a bridge that is not --internal
    gets through at every bridge gateway of the host, its own first; so does an overlay member
    (through docker_gwbridge), except at docker_gwbridge's own address (the connection fails).
    Pings reach the host from an internal network too, but a published port is a forwarded
    connection, not a ping: the internal network's rules drop it.
    """
    if st.mode == "host":
        return [LOOPBACK, *sorted(host_addresses(snap))]
    if st.mode != "endpoints":
        return []
    own: list[str] = []
    forwarded = False
    for e in st.endpoints:
        net = network_of(snap, e)
        if net is None or net.internal or net.driver not in ("bridge", "overlay"):
            continue
        forwarded = True
        gw = bridge_gateway(snap, net)
        if gw:
            own.append(gw)
    if not forwarded:
        return []
    if default_route(snap, st)[1] not in ("bridge", "gwbridge"):  # out through a macvlan child: on-link only
        return list(dict.fromkeys(own))
    gwb = _gwbridge(snap)
    skip = bridge_gateway(snap, gwb) if gwb else ""
    # Own gateways first (on-link), then docker0's (always there), then the rest: other networks
    # come and go, so a suggestion names the most lasting address SRC gets through at.
    ordered = [*own, default_bridge_gateway(snap), *sorted(host_addresses(snap))]
    return [a for a in dict.fromkeys(ordered) if a and a != skip]


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


def published_routes(snap: Snapshot, src: Stack, dst: Stack) -> list[str]:
    """`ADDRESS:HOSTPORT` for each of DST's published ports SRC reaches through the host.

    A port bound to 127.0.0.1 listens only on the host's loopback, which no container but a
    host-mode one shares; one bound to a single address answers only there.
    """
    if src.mode == "down" or dst.mode == "down":
        return []
    if engines_differ(src.owner, dst.owner):  # DST's ports are on another host, SRC's entrances on its own
        return []
    entrances = host_entrances(snap, src)
    routes: list[str] = []
    for port in published_ports(dst):
        if port.host_ip in ALL_ADDRESSES:
            usable = [a for a in entrances if a != LOOPBACK or src.mode == "host"]
        else:
            usable = [a for a in entrances if a == port.host_ip]
        routes.extend(f"{a}:{port.host_port}" for a in usable)
    return list(dict.fromkeys(routes))


def port_scope(port: PortBinding) -> str:
    """What a published port's binding means for who can use it."""
    if port.host_ip in ALL_ADDRESSES:
        return "on every host address"
    if port.host_ip.startswith("127.") or port.host_ip == "::1":
        return "on the host's loopback only: only the host itself (and host-mode containers) can use it"
    return f"on the host's {port.host_ip} only"


def v6(e: Endpoint) -> str:
    """An endpoint's IPv6 address without its prefix length ('' when it has none)."""
    return e.ipv6.split("/", 1)[0] if e.ipv6 else ""


def _major(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def ip6tables_state(snap: Snapshot, engine: str = "") -> tuple[bool | None, str]:
    """Does the engine apply its IPv4 rules (ICC off, isolation, --internal) to IPv6 too, and how we know.

    Read on the engine's host when dockernet runs there (ip6tables holds Docker's chains, or not);
    otherwise from the engine: Docker 27 and later manage ip6tables by default; before 27 only an
    experimental daemon told `--ip6tables` does (20.10's default: it does not). None: cannot tell.
    """
    if snap.host is not None and snap.host.ip6tables is not None:
        if snap.host.ip6tables:
            return True, "ip6tables on the engine's host holds Docker's chains"
        return False, "ip6tables on the engine's host holds none of Docker's chains, while iptables does"
    info = next((i for i in snap.engine_infos if i.label == engine), snap.engine)
    major = _major(info.server_version)
    if major is None:
        return None, "the engine's version is unknown"
    if major >= 27:
        return True, f"Docker {info.server_version} manages ip6tables by default"
    if info.experimental is False:
        return False, f"Docker {info.server_version} manages ip6tables only when experimental, and this daemon is not"
    if info.experimental:
        return None, f"Docker {info.server_version} is experimental: it manages ip6tables only if told --ip6tables"
    return None, f"Docker {info.server_version} manages ip6tables only when experimental, and that is not recorded"


def route6(snap: Snapshot, st: Stack) -> str:
    """SRC's IPv6 address on the endpoint holding its IPv6 default route through a bridge ('' when none)."""
    e, driver = default_route(snap, st)
    return v6(e) if e is not None and driver == "bridge" else ""


def host_reach6(snap: Snapshot, st: Stack) -> set[str]:
    """The host's IPv6 addresses SRC reaches, as for IPv4: its own dual-stack bridges' IPv6 gateways
    on-link, and every other one when its IPv6 default route goes through a bridge (internal too)."""
    hosts = host_addresses6(snap)
    if st.mode == "host":
        return set(hosts)
    if st.mode != "endpoints":
        return set()
    reached = set()
    for e in st.endpoints:
        net = network_of(snap, e)
        if v6(e) and net is not None and (gw := bridge_gateway6(net)):
            reached.add(gw)
    if route6(snap, st):
        reached |= set(hosts)
    return reached


@dataclass(frozen=True, slots=True)
class Reach6:
    """The IPv6 half of a verdict: addresses, the paths IPv4 does not already take, and what leaks."""

    addresses: tuple[str, ...] = ()
    paths: tuple[Path, ...] = ()
    reasons: tuple[str, ...] = ()
    leaks: tuple[str, ...] = ()  # IPv6 gets through where an IPv4 rule stops the packets
    doubts: tuple[str, ...] = ()  # would get through if the engine does not manage ip6tables (unknown)
    managed: bool | None = None
    how_known: str = ""


def ip6_paths(snap: Snapshot, src: Stack, dst: Stack, v4: list[Path]) -> Reach6:
    """Which IPv6 addresses of DST SRC reaches (measured on 20.10 with `ping -6` between members).

    A network IPv4 crosses carries IPv6 too (both ends dual-stack). On an engine that does not
    manage ip6tables nothing else stops IPv6: members of a bridge with ICC off reach each other,
    and a bridge member whose IPv6 default route goes through a bridge reaches every other such
    member, on another network or an --internal one, the host routing between them.
    """
    if src.mode in ("down", "none") or dst.mode in ("down", "none"):
        return Reach6()
    managed, how = ip6tables_state(snap, src.owner.engine)
    dst6 = [(e, v6(e)) for e in dst.endpoints if v6(e)]
    if src.container.id == dst.container.id or src.owner.id == dst.owner.id or src.mode == dst.mode == "host":
        own = sorted(host_addresses6(snap)) if dst.mode == "host" else [a for _, a in dst6]
        return Reach6(tuple(own), managed=managed, how_known=how)
    if src.mode == "host":  # the host's stack sits on every bridge: no rule applies to it
        found = [a for e, a in dst6 if driver_of(snap, e) == "bridge"]
        return Reach6(tuple(found), managed=managed, how_known=how)
    if dst.mode == "host":
        return Reach6(tuple(sorted(host_reach6(snap, src))), managed=managed, how_known=how)
    s, d = src.container.name, dst.container.name
    mine = {e.network_id: e for e in src.endpoints}
    wired = {p.network_id for p in v4 if p.kind == "network"}
    reached: list[str] = []
    paths: list[Path] = []
    reasons: list[str] = []
    leaks: list[str] = []
    doubts: list[str] = []
    src6, dst_route = route6(snap, src), route6(snap, dst)
    same_engine = not engines_differ(src.owner, dst.owner)
    for e, a6 in dst6:
        net = network_of(snap, e)
        ours = mine.get(e.network_id)
        if e.network_id in wired:
            if ours is not None and v6(ours):
                reached.append(a6)
                reasons.append(f"over IPv6 too, on {e.network_name}: {s} {v6(ours)} -> {d} {a6}")
            continue
        if net is None or net.driver != "bridge" or not same_engine:
            continue
        if ours is not None:
            if not (v6(ours) and icc_off(net)):
                continue
            path = Path(net.name, net.id, "bridge", v6(ours), a6)
            leak = f"ICC is off on {net.name} for IPv4 only: {s} {v6(ours)} -> {d} {a6} over IPv6"
        elif src6 and dst_route:
            path = Path(net.name, net.id, "bridge", src6, a6, "routed")
            rule = "--internal" if net.internal else "the isolation between networks"
            leak = f"{rule} stops IPv4 only: the host routes {s} {src6} -> {d} {a6} ({net.name}) over IPv6"
        else:
            continue
        if managed is False:
            paths.append(path)
            reached.append(a6)
            leaks.append(leak)
        elif managed is None:
            doubts.append(a6)
    return Reach6(tuple(reached), tuple(paths), tuple(reasons), tuple(leaks), tuple(doubts), managed, how)
