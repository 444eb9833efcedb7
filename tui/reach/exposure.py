"""Who reaches a container's port from the host itself or from another machine, and why.

The attempts a user means by `why outside web:80`: the container's published bindings at each of
the host's addresses they listen on, its own addresses (from another machine: one that routes the
container's subnet through this host), or the host's addresses for a host-mode container. Each is
followed through the host's rules by `tui.reach.outside.follow`. Where the firewall was not read
(a remote engine, a saved snapshot, no root), the answer is what Docker's own rules do, and says
that a rule of the host's might still change it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.model.addressing import bridge_name
from tui.model.firewall import Firewall
from tui.model.hostfacts import Listener
from tui.model.portfacts import WILDCARDS
from tui.model.snapshot import Container, PortBinding, Snapshot
from tui.reach.ingress import ingress_ports, through_mesh
from tui.reach.netfilter import OUTSIDE_LINK
from tui.reach.outside import (
    HOST_SOURCE,
    OUTSIDE_SOURCE,
    Attempt,
    PortPath,
    context_of,
    follow,
    is_loopback,
    owner_of,
)
from tui.reach.stack import stack_of

ANY_HOST_ADDRESS = "HOST"  # stands for "each of the host's addresses" when they were not read
ANY_HOST_ADDRESS6 = "HOST6"  # the same, IPv6


@dataclass(frozen=True, slots=True)
class Exposure:
    """Every way from SOURCE to the container's port(s), and what the rules made of each."""

    container: str
    source: str
    ports: tuple[int, ...]
    paths: tuple[PortPath, ...]  # through the host's addresses (published ports, host mode)
    direct: tuple[PortPath, ...]  # at the container's own addresses
    notes: tuple[str, ...] = ()

    @property
    def reachable(self) -> bool | None:
        """Reachable at all: through the host, or (from the host) at the container's own address."""
        ways = self.paths + (self.direct if self.source == HOST_SOURCE else ())
        if any(p.reachable for p in ways):
            return True
        return None if any(p.reachable is None for p in ways) else False


def external_addresses(snap: Snapshot) -> list[tuple[str, str]] | None:
    """(interface, address) of the host's own links that are not Docker's; None when not read."""
    if snap.host is None or snap.host.addresses is None:
        return None
    ctx = context_of(snap)
    found = []
    for a in snap.host.addresses:
        ip = a.cidr.split("/", 1)[0]
        if ctx.is_docker_link(a.interface) or is_loopback(ip) or ip.startswith("fe80"):
            continue
        found.append((a.interface, ip))
    return found


def exposure(snap: Snapshot, container: Container, source: str, port: int | None = None) -> Exposure:
    """The ways from SOURCE ("host" or "outside") to the container's port (every port when None)."""
    st = stack_of(snap, container)
    owner = st.owner
    fw = snap.host.firewall if snap.host else None
    bindings = [b for b in (owner.bindings or owner.ports) if b.host_port is not None and b.protocol == "tcp"]
    service, mesh = ingress_ports(snap, owner)
    wanted = _ports(owner, bindings, port, st.mode)
    if port is None:
        wanted = sorted({*wanted, *(p.target_port for p in mesh)})
    mesh = [p for p in mesh if p.target_port in wanted]
    notes: list[str] = []
    addresses = external_addresses(snap)
    attempts: list[Attempt] = []
    if st.mode == "host":
        for p in wanted:
            attempts += _at_host(snap, source, addresses, p, "")
    elif st.mode == "endpoints":
        for b in bindings:
            if b.container_port in wanted:
                attempts += _at_host(snap, source, addresses, b.host_port or 0, b.host_ip)
    if st.mode == "none":
        notes.append(f"{owner.name} has no network (--network none): only lo, nothing reaches it")
    elif st.mode == "down":
        notes.append(f"{owner.name} is not running: nothing answers for it")
    if source == OUTSIDE_SOURCE and addresses == []:
        notes.append("the host has no address outside Docker's own networks: no other machine reaches it there")
    chosen = set(wanted)
    if st.mode == "endpoints" and not mesh and not any(b.container_port in chosen for b in bindings):
        notes.append(_unpublished(snap, owner, wanted))
    direct = [
        Attempt(source, e.address, p) for e in st.endpoints if e.address and _bridge(snap, e.network_id) for p in wanted
    ]
    paths = tuple(_judge(snap, fw, a) for a in dict.fromkeys(attempts))
    for sp in mesh:
        for a in _at_host(snap, source, addresses, sp.published_port or 0, ""):
            paths += (through_mesh(snap, _judge(snap, fw, a), service, sp),)
    direct_paths = tuple(_judge(snap, fw, a) for a in direct)
    notes += _firewall_notes(fw, bindings, source)
    paths, direct_paths = _nft_doubt(fw, paths, direct_paths, notes)
    return Exposure(container.name, source, tuple(wanted), paths, direct_paths, tuple(notes))


def _unpublished(snap: Snapshot, owner: Container, wanted: list[int]) -> str:
    """Why nothing on the host's addresses leads to these ports."""
    shown = ", ".join(str(p) for p in wanted) or "no port"
    udp = [b for b in (owner.bindings or owner.ports) if b.container_port in wanted and b.protocol != "tcp"]
    if udp and all(b.host_port is not None for b in udp):
        return f"published over UDP only ({', '.join(map(str, udp))}): dockernet follows TCP connections only"
    asked = [str(b) for b in owner.wanted_ports if b.container_port in wanted and b.host_port is not None]
    if not asked:
        return f"{shown} is not published: nothing on the host's addresses leads to it"
    nets = [snap.network(e.network_id) for e in snap.endpoints_of(owner.id)]
    if not owner.running:
        return f"{owner.name} asks to publish {', '.join(asked)}, but it is not running, so nothing is bound"
    if nets and all(n is not None and n.internal for n in nets):
        return (
            f"{owner.name} asks to publish {', '.join(asked)}, but Docker publishes no port of a container"
            " whose networks are all --internal"
        )
    return f"{owner.name} asks to publish {', '.join(asked)}, but the engine bound none of it"


def _ports(owner: Container, bindings: list[PortBinding], port: int | None, mode: str) -> list[int]:
    if port is not None:
        if mode != "host" and not any(b.container_port == port for b in bindings):
            # `web:8080` may name the host port: take the container port it leads to.
            by_host = sorted({b.container_port for b in bindings if b.host_port == port})
            if by_host:
                return by_host
        return [port]
    found = {b.container_port for b in bindings}
    found |= {p.container_port for p in owner.exposed_ports if p.protocol == "tcp"}
    return sorted(found)


def _at_host(
    snap: Snapshot, source: str, addresses: list[tuple[str, str]] | None, port: int, host_ip: str
) -> list[Attempt]:
    """The host addresses a binding (or a host-mode port) answers at, as SOURCE would try them."""
    if host_ip not in WILDCARDS:
        link = next((i for i, a in addresses or [] if a == host_ip), OUTSIDE_LINK)
        return [Attempt(source, host_ip, port, link=link)]
    six = host_ip == "::"
    found = []
    if source == HOST_SOURCE:
        found.append(Attempt(source, "::1" if six else "127.0.0.1", port))
    if addresses is None:
        return [*found, Attempt(source, ANY_HOST_ADDRESS6 if six else ANY_HOST_ADDRESS, port)]
    for link, address in addresses:
        if (":" in address) == six:
            found.append(Attempt(source, address, port, link=link))
    return found


def _bridge(snap: Snapshot, network_id: str) -> bool:
    net = snap.network(network_id)
    return net is not None and net.driver == "bridge"


def _judge(snap: Snapshot, fw: Firewall | None, a: Attempt) -> PortPath:
    if fw is not None and fw.ipv4 is not None and a.address not in (ANY_HOST_ADDRESS, ANY_HOST_ADDRESS6):
        return follow(snap, a)
    return _assumed(snap, fw, a)


def _assumed(snap: Snapshot, fw: Firewall | None, a: Attempt) -> PortPath:
    """What Docker's own rules do, when the host's rules were not read."""
    unread = (
        f"the host's firewall was not read ({fw.problem})" if fw and fw.problem else "the host's firewall was not read"
    )
    if a.source == OUTSIDE_SOURCE and is_loopback(a.address):
        return PortPath(a, False, f"{a.address} is the host's loopback: no other machine can send to it")
    where = owner_of(snap, a.address)
    if where is not None:
        net, c = where
        if a.source == HOST_SOURCE and net.driver == "bridge" and c.running:
            return PortPath(a, True, f"the host reaches {c.name} on {bridge_name(net)} (if it listens on {a.port})")
        return PortPath(a, None, f"it depends on the host's FORWARD rules and policy: {unread}")
    for c in snap.containers:
        for b in c.bindings or c.ports:
            if b.host_port == a.port and b.protocol == a.proto and _binds(b.host_ip, a.address):
                if not c.running:
                    return PortPath(a, False, f"{c.name} is not running", lands_in=c.name)
                why = f"published as {b}: Docker forwards it to {c.name} (unless a rule of the host's stops it)"
                return PortPath(a, True, why, lands_in=c.name)
    return PortPath(a, None, f"nothing is published on {a.port}; whether a host process listens there is unknown")


def _binds(host_ip: str, address: str) -> bool:
    """A binding on HOST_IP answers a connection to ADDRESS (or to each host address of its family)."""
    if address in (ANY_HOST_ADDRESS, ANY_HOST_ADDRESS6):
        return (host_ip == "::") == (address == ANY_HOST_ADDRESS6) and host_ip in WILDCARDS
    return Listener(host_ip or "0.0.0.0", 0).accepts(address)


def _firewall_notes(fw: Firewall | None, bindings: list[PortBinding], source: str) -> list[str]:
    notes = []
    if fw is None:
        notes.append("the host's firewall was not read: dockernet reads it only on the engine's own host, as root")
    elif fw.problem:
        notes.append(f"the host's firewall was not read: {fw.problem}")
    open_all = [b for b in bindings if b.host_ip in WILDCARDS]
    if fw is not None and fw.front_ends and open_all and source == OUTSIDE_SOURCE:
        ports = ", ".join(sorted({str(b.host_port) for b in open_all}))
        for front in fw.front_ends:
            notes.append(
                f"{front} is on this host, but Docker's rules come before it: a published port is DNAT-ed in"
                f" PREROUTING and goes through FORWARD, not INPUT where {front} filters, so {front} does not"
                f" stop {ports}; restrict it in DOCKER-USER (match the host port with -m conntrack"
                " --ctorigdstport) or publish on 127.0.0.1"
            )
    return notes


def _nft_doubt(
    fw: Firewall | None, paths: tuple[PortPath, ...], direct: tuple[PortPath, ...], notes: list[str]
) -> tuple[tuple[PortPath, ...], tuple[PortPath, ...]]:
    """A base chain of another nftables table that may drop on these hooks makes every yes a maybe."""
    doubt = [c for c in (fw.nft_chains if fw else ()) if c.drops and c.hook in ("prerouting", "input", "forward")]
    if not doubt:
        return paths, direct
    names = ", ".join(f"{c.family} {c.table} {c.name} ({c.hook})" for c in doubt)
    notes.append(f"nftables chains dockernet does not evaluate may drop these packets: {names}")

    def maybe(p: PortPath) -> PortPath:
        return replace(p, reachable=None, reason=f"{p.reason}, unless {names} drops it") if p.reachable else p

    return tuple(maybe(p) for p in paths), tuple(maybe(p) for p in direct)
