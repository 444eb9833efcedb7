"""One connection from the host itself or from another machine to ADDRESS:PORT, followed as the
kernel does: nat (Docker's DNAT), then filter (INPUT, or FORWARD after a DNAT), then who listens.

Measured on the lab engine (dockerd 20.10, iptables-nft, userland proxy on), and checked by
tests/test_outside_matrix.py with real connections from the engine's namespace and from a second
namespace joined to it by a veth pair:

- a published port is DNAT-ed in nat PREROUTING (another machine) or nat OUTPUT (the host, except
  to 127.0.0.0/8) to the container's address, then goes through FORWARD (DOCKER-USER first, then
  DOCKER-ISOLATION-*, then the DOCKER chain's ACCEPT for that container port) — never INPUT, which
  is where ufw and most host firewalls filter;
- to 127.0.0.1 the host's own connection is not DNAT-ed: it reaches docker-proxy listening there;
- a container's own address is reachable from the host on a bridge network, and from another
  machine that routes the subnet through this host whenever FORWARD lets it: with FORWARD's policy
  ACCEPT (Docker leaves it so when ip_forward was already on) every port of every container on a
  non-internal bridge, else the published container ports only (the DOCKER chain's ACCEPTs);
- an --internal network's members are cut off by DOCKER-ISOLATION-STAGE-1, and get no DNAT.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace

from tui.model.addressing import bridge_name
from tui.model.firewall import Ruleset
from tui.model.hostfacts import HostFacts, Listener
from tui.model.snapshot import Container, Network, Snapshot
from tui.reach.hostpaths import host_addresses
from tui.reach.netfilter import OUTSIDE_LINK, Context, Outcome, Packet, walk

HOST_SOURCE = "host"
OUTSIDE_SOURCE = "outside"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A connection to try: from the host or another machine, to ADDRESS:PORT."""

    source: str  # HOST_SOURCE or OUTSIDE_SOURCE
    address: str
    port: int
    proto: str = "tcp"
    link: str = OUTSIDE_LINK  # the host interface another machine's packet arrives on
    client: str = ""  # that machine's address ("" when unknown)


@dataclass(frozen=True, slots=True)
class PortPath:
    """What happens to one attempt: reachable (None: depends on what dockernet cannot see), and why."""

    attempt: Attempt
    reachable: bool | None
    reason: str
    steps: tuple[str, ...] = ()  # the kernel's path, one rule or decision a line
    lands_in: str = ""  # the container that answers ("" the host, or nobody)


def context_of(snap: Snapshot) -> Context:
    links = {"lo", "docker_gwbridge"} | {bridge_name(n) for n in snap.networks if n.driver == "bridge"}
    subnets = tuple(s for n in snap.networks if n.driver in ("bridge", "overlay") for s in n.subnets)
    return Context(frozenset(links), subnets)


def local_addresses(snap: Snapshot) -> set[str]:
    """The host's own addresses: its interfaces' (when read) and every bridge gateway."""
    found = set(host_addresses(snap))
    if snap.host and snap.host.addresses:
        found |= {a.cidr.split("/", 1)[0] for a in snap.host.addresses}
    return found


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def owner_of(snap: Snapshot, address: str) -> tuple[Network, Container] | None:
    """The bridge/overlay/macvlan network and container holding ADDRESS, if any."""
    for net in snap.networks:
        for e in snap.members_of(net.id):
            if (e.ipv4 or "").split("/", 1)[0] == address or (e.ipv6 or "").split("/", 1)[0] == address:
                c = snap.container(e.container_id)
                if c is not None:
                    return net, c
    return None


def follow(snap: Snapshot, a: Attempt) -> PortPath:
    """Follow one attempt through the host's rules (read on the engine's host) to who answers."""
    facts = snap.host
    fw = facts.firewall if facts else None
    if fw is None or fw.ipv4 is None:
        return PortPath(a, None, "the host's firewall was not read" + (f": {fw.problem}" if fw and fw.problem else ""))
    six = ":" in a.address
    rules = fw.ipv6 if six else fw.ipv4
    if rules is None:
        rules = Ruleset()
    outside = a.source == OUTSIDE_SOURCE
    if outside and is_loopback(a.address):
        return PortPath(a, False, f"{a.address} is the host's loopback: no other machine can send to it")
    ctx = context_of(snap)
    local = a.address in local_addresses(snap) or is_loopback(a.address)
    pkt = Packet(
        src=("" if outside else (a.address if local else "")) if not a.client else a.client,
        dst=a.address,
        dport=a.port,
        proto=a.proto,
        iif=a.link if outside else None,
        oif=None if outside else "lo" if local else None,
        local_dst=local,
        local_src=not outside,
    )
    steps: list[str] = []
    nat_chain = "PREROUTING" if outside else "OUTPUT"
    nat = walk(rules, "nat", nat_chain, pkt, ctx)
    if nat.verdict == "uncertain":
        return _unsure(a, steps, "nat", nat)
    if nat.verdict == "dnat":
        steps.append(f"nat {nat_chain}: {nat.decision(nat_chain)}")
        target, _, port = nat.to.partition(":")
        where = owner_of(snap, target)
        if where is None:
            return PortPath(a, False, f"DNAT to {nat.to}, which no container holds", tuple(steps))
        net, container = where
        pkt = Packet(
            src=pkt.src,
            dst=target,
            dport=int(port or a.port),
            proto=a.proto,
            iif=pkt.iif,
            oif=bridge_name(net),
            orig_dst=a.address,
            orig_dport=a.port,
            dnat=True,
            local_src=not outside,
        )
        return _into_container(snap, rules, ctx, a, pkt, container, steps, "FORWARD" if outside else "OUTPUT")
    if local:
        return _into_host(snap, facts, rules, ctx, a, pkt, steps)
    where = owner_of(snap, a.address)
    if where is None:
        return PortPath(a, False, f"{a.address} is neither the host's nor a container's address here", tuple(steps))
    net, container = where
    if net.driver != "bridge":
        why = {
            "overlay": "an overlay address is not routed through the host: only the overlay's members reach it",
            "macvlan": "a macvlan container is a machine of its own on the parent's network, not behind the host",
            "ipvlan": "an ipvlan container is reached on the parent's network, not through the host",
        }.get(net.driver, f"a {net.driver} network's address is not reachable through the host")
        return PortPath(a, False if not outside or net.driver == "overlay" else None, why)
    if outside and fw.ip_forward is False:
        return PortPath(a, False, "the host does not forward (net.ipv4.ip_forward = 0)", tuple(steps))
    pkt = Packet(
        src=pkt.src,
        dst=a.address,
        dport=a.port,
        proto=a.proto,
        iif=pkt.iif,
        oif=bridge_name(net),
        local_src=not outside,
    )
    return _into_container(snap, rules, ctx, a, pkt, container, steps, "FORWARD" if outside else "OUTPUT")


def _into_container(
    snap: Snapshot,
    rules: Ruleset,
    ctx: Context,
    a: Attempt,
    pkt: Packet,
    container: Container,
    steps: list[str],
    chain: str,
) -> PortPath:
    stopped = _filter(rules, chain, pkt, ctx, a, steps)
    if stopped is not None:
        return stopped
    # The answer crosses the filter too, as ESTABLISHED: FORWARD again (another machine), or INPUT
    # (the host): a rule against the container's own packets stops connections to it as well.
    forward = chain == "FORWARD"
    answer = Packet(
        src=pkt.dst,
        dst=pkt.src,
        dport=0,
        sport=pkt.dport,
        proto=pkt.proto,
        iif=pkt.oif,
        oif=pkt.iif if forward else None,
        local_dst=not forward,
        state="ESTABLISHED",
    )
    stopped = _filter(rules, chain if forward else "INPUT", answer, ctx, a, steps, "its answer: ")
    if stopped is not None:
        return stopped
    if not container.running:
        return PortPath(a, False, f"{container.name} is not running", tuple(steps))
    return _listening(snap.host, container.id, pkt.dst, pkt.dport, a, steps, container.name)


def _filter(
    rules: Ruleset, chain: str, pkt: Packet, ctx: Context, a: Attempt, steps: list[str], what: str = ""
) -> PortPath | None:
    """The filter chain's say, as a step; the attempt's end when it does not accept, else None."""
    result = walk(rules, "filter", chain, pkt, ctx)
    if result.verdict == "uncertain":
        return _unsure(a, steps, "filter", result)
    if what and result.rule is None and result.verdict == "accept":
        return None  # an answer nothing but the policy speaks of: no step worth a line
    steps.append(f"filter {chain}: {what}{result.decision(chain)}")
    if result.verdict != "accept":
        return PortPath(a, False, f"{what}{result.blocked()} in filter {chain}", tuple(steps))
    return None


def _into_host(
    snap: Snapshot, facts: HostFacts | None, rules: Ruleset, ctx: Context, a: Attempt, pkt: Packet, steps: list[str]
) -> PortPath:
    chains = ("INPUT",) if a.source == OUTSIDE_SOURCE else ("OUTPUT", "INPUT")
    for chain in chains:
        step = pkt if chain == "OUTPUT" else replace(pkt, iif=pkt.iif or "lo", oif=None)
        stopped = _filter(rules, chain, step, ctx, a, steps)
        if stopped is not None:
            return stopped
    found = _listening(facts, "host", a.address, a.port, a, steps, "")
    if not found.reachable:
        return found
    proxy = _proxied(snap, a)
    if proxy is None:
        return found
    container, binding = proxy
    steps.append(f"docker-proxy ({binding}) forwards it to {container.name}")
    target = next((e.address for e in snap.endpoints_of(container.id) if e.address), None)
    if not container.running or target is None:
        return PortPath(a, False, f"{container.name} is not running", tuple(steps))
    return _listening(facts, container.id, target, _container_port(container, a), a, steps, container.name)


def _proxied(snap: Snapshot, a: Attempt) -> tuple[Container, str] | None:
    """The container whose published binding docker-proxy holds at ADDRESS:PORT on the host."""
    for c in snap.containers:
        for b in c.bindings or c.ports:
            if (
                b.host_port == a.port
                and b.protocol == a.proto
                and Listener(b.host_ip or "0.0.0.0", 0).accepts(a.address)
            ):
                return c, str(b)
    return None


def _container_port(container: Container, a: Attempt) -> int:
    for b in container.bindings or container.ports:
        if b.host_port == a.port:
            return b.container_port
    return a.port


def _listening(
    facts: HostFacts | None, owner: str, address: str, port: int, a: Attempt, steps: list[str], name: str
) -> PortPath:
    sockets = facts.listening(owner) if facts else None
    where = name or "the host"
    if sockets is None:
        return PortPath(a, None, f"whether anything in {where} listens on {port} was not read", tuple(steps), name)
    hit = next((s for s in sockets if s.port == port and s.proto == a.proto and s.accepts(address)), None)
    if hit is None:
        others = sorted({f"{s.address}:{s.port}" for s in sockets if s.port == port})
        but = f" (it listens on {', '.join(others)} only)" if others else ""
        return PortPath(a, False, f"nothing in {where} listens on {address}:{port}{but}", tuple(steps), name)
    steps.append(f"{where} listens on {hit.address}:{hit.port}")
    return PortPath(a, True, f"{where} answers on {hit.address}:{hit.port}", tuple(steps), name)


def _unsure(a: Attempt, steps: list[str], table: str, o: Outcome) -> PortPath:
    rule = o.rule.text if o.rule else "a rule"
    steps.append(f"{table}: `{rule}` decides it, with a match dockernet cannot evaluate")
    return PortPath(a, None, f"it depends on `{rule}`, which dockernet cannot evaluate", tuple(steps))
