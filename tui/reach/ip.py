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
- `--network container:X` shares X's namespace: the two talk over lo;
- a published port is a second way in, through the host (measured with HTTP GETs from inside
  the containers): one bound to all addresses answers a bridge or overlay member at every bridge
  gateway of the host, but not a member of an `--internal` network (the connection times out:
  the host forwards it on and the internal network's rules drop it) nor a macvlan child; one
  bound to 127.0.0.1 answers only the host's own stack (a `--network host` container), there.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    kind: str = "network"  # "network" | "namespace" | "self" | "from-host" | "to-host"


@dataclass(frozen=True, slots=True)
class Stack:
    """The network namespace a container's traffic uses, and what it holds."""

    container: Container
    owner: Container  # whose namespace it is: the container itself unless --network container:X
    mode: str  # "host" | "none" | "endpoints" | "down"
    endpoints: tuple[Endpoint, ...] = ()  # the owner's endpoints that have an IPv4 address
    problem: str = ""  # why it has no network at all (mode "down")

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
    if owner.network_mode == "host":
        return Stack(c, owner, "host")
    if owner.network_mode == "none":
        return Stack(c, owner, "none")
    return Stack(c, owner, "endpoints", tuple(e for e in snap.endpoints_of(owner.id) if e.address))


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
    """The host's own address on a bridge network (IPAM config, else what its members were told)."""
    if net.driver != "bridge":
        return ""
    for gw in net.gateways:
        return gw.split("/", 1)[0]
    for e in snap.members_of(net.id):
        if e.gateway:
            return e.gateway
    return ""


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
    default_route = False
    for e in st.endpoints:
        net = network_of(snap, e)
        driver = net.driver if net else "unknown"
        if driver == "bridge" and net is not None:
            gw = bridge_gateway(snap, net)
            if gw:
                paths.append(Path(net.name, net.id, "host", e.address or "", gw, "to-host"))
                reached.add(gw)
            default_route = default_route or bool(e.gateway)
        elif driver == "overlay" and net is not None and not net.internal:
            gwb = _gwbridge(snap)
            gw = (bridge_gateway(snap, gwb) if gwb else "") or next(iter(sorted(hosts)), "")
            if gw:
                paths.append(Path("docker_gwbridge", gwb.id if gwb else "", "host", "", gw, "to-host"))
            reasons.append(f"overlay {net.name}: the host is reached through docker_gwbridge")
            default_route = True
        elif driver in ("macvlan", "ipvlan") and net is not None:
            reasons.append(f"{driver} {net.name}: the kernel keeps a {driver} child and its host apart")
    if default_route:
        reached |= set(hosts)
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
        paths.append(Path(name, e.network_id, driver, ours.address or "", e.address or ""))
        kind = "the default bridge" if net is not None and net.is_default_bridge else f"{driver} network {name}"
        internal = net is not None and net.internal
        note = " (internal: members reach each other, but nothing beyond the host)" if internal else ""
        reasons.append(f"both are on {kind}{note}: {s} {ours.address} -> {d} {e.address}")
    return paths, reasons


def ip_paths(snap: Snapshot, src: Stack, dst: Stack) -> tuple[list[Path], list[str], list[str]]:
    """Paths from SRC to DST, every DST address reached, and the reasons, in plain words."""
    s, d = src.container.name, dst.container.name
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
