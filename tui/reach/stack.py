"""The network namespace a container's traffic uses (`Stack`), a way through it (`Path`), and the
network facts every reach rule reads (a network's driver, ICC, whether it is user-defined).

Split from `tui.reach.ip` (whose docstring gives every rule and how it was measured) as the ground
the rule modules stand on: `tui.reach.ip`, `hostpaths`, `macvlan`, `ip6`, `published` and the name
rules all import it, and it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.options import ICC_OPTION, parse_go_bool
from tui.model.snapshot import Container, Endpoint, Network, Snapshot

# Go's strconv.ParseBool, which dockerd applies to every boolean driver option. Anything else is
# an error: dockerd refuses the `network create` (measured on the lab engine: `no`, `off` fail).
UP_STATES = ("running", "paused")  # a paused container's kernel stack still answers
LOOPBACK = "127.0.0.1"


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
