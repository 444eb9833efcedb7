"""The port inventory: every published binding with its exposure, the ports only exposed, conflicts.

"Which container holds host port 8080?", "is this open to the world?" and "why did it not start?"
are answered from the snapshot alone: the engine lists each binding per address family (`0.0.0.0`
and `::` apart, sometimes with different host ports), a stopped container's wishes live in its
inspect (`HostConfig.PortBindings`), and a failed start leaves the engine's own words in
`State.Error`. Pure: the ports screen, `dockernet ports` and the tests share it. The plain-word
descriptions live in `tui.model.portwords`.
"""

from __future__ import annotations

import ipaddress

from tui.model.portconflicts import find_conflicts, firewall_sentence, firewall_surprises
from tui.model.portfacts import EXPOSURES, WILDCARDS, ExposedPort, PortConflict, PortInventory, PortRow, family_of
from tui.model.snapshot import Container, PortBinding, Snapshot

__all__ = [
    "EXPOSURES",
    "ExposedPort",
    "PortConflict",
    "PortInventory",
    "PortRow",
    "exposure_of",
    "family_of",
    "firewall_sentence",
    "port_inventory",
    "reached_on",
]


def exposure_of(host_ip: str) -> str:
    """`all` for every address (0.0.0.0, ::, ""), `loopback` for 127.0.0.0/8 and ::1, else `address`."""
    if host_ip in WILDCARDS:
        return "all"
    try:
        return "loopback" if ipaddress.ip_address(host_ip.strip("[]")).is_loopback else "address"
    except ValueError:
        return "address"


def _owner(snap: Snapshot, container: Container) -> Container:
    """The container whose network namespace this one uses (itself, unless `container:X`)."""
    target = container.namespace_target
    return (snap.container(target, container.engine) or container) if target is not None else container


def reached_on(snap: Snapshot, container: Container) -> tuple[str, ...]:
    """The networks a published port reaches the container on: its (namespace owner's) networks
    that the host forwards into (not --internal; bridge, or overlay through docker_gwbridge)."""
    owner = _owner(snap, container)
    names = []
    for e in snap.endpoints_of(owner.id):
        net = snap.network(e.network_id, owner.engine) or snap.network(e.network_name, owner.engine)
        if net is None or (not net.internal and net.driver in ("bridge", "overlay")):
            names.append(e.network_name)
    return tuple(sorted(names))


def _networks_of(snap: Snapshot, container: Container) -> tuple[str, ...]:
    """Every network of the container (of its namespace owner): an exposed port answers on each."""
    return tuple(sorted(e.network_name for e in snap.endpoints_of(_owner(snap, container).id)))


def _row(snap: Snapshot, c: Container, b: PortBinding, running: bool) -> PortRow:
    ip = b.host_ip
    nets = reached_on(snap, c)
    return PortRow(c.id, c.name, c.engine, ip, b.host_port, b.container_port, b.protocol, nets, exposure_of(ip),
                   family_of(ip), running)  # fmt: skip


def _ingress_rows(snap: Snapshot) -> list[PortRow]:
    """The routing mesh's ports: one row per service port, held on every node of the swarm."""
    if snap.swarm is None:
        return []
    mesh = ("ingress",)
    return [
        PortRow(
            "",
            svc.name,
            snap.swarm.manager_engine,
            "",
            p.published_port,
            p.target_port,
            p.protocol,
            mesh,
            "ingress",
            "IPv4",
            service=svc.name,
        )
        for svc in snap.swarm.services
        for p in svc.ports
        if p.publish_mode == "ingress" and p.published_port is not None
    ]


def _exposed(snap: Snapshot, c: Container) -> list[ExposedPort]:
    # A wish counts even without a host port (`-p 80`: the engine picks one when it starts).
    published = {(b.container_port, b.protocol) for b in (*c.bindings, *c.ports) if b.host_port is not None}
    published |= {(b.container_port, b.protocol) for b in c.wanted_ports}
    candidates = {(b.container_port, b.protocol) for b in (*c.exposed_ports, *c.bindings) if b.host_port is None}
    return [
        ExposedPort(c.id, c.name, c.engine, port, proto, _networks_of(snap, c), c.running)
        for port, proto in sorted(candidates - published)
    ]


def _publishes(c: Container) -> bool:
    """Whether -p means anything: the engine discards published ports in host, none and container: modes."""
    return c.network_mode not in ("host", "none") and c.namespace_target is None


def port_inventory(snap: Snapshot, firewall_front_end: str | None = None) -> PortInventory:
    """Every binding, wish, exposed-only port and conflict of the snapshot.

    `firewall_front_end` (e.g. "ufw", "firewalld", from the host's firewall model when known) adds
    a "firewall" surprise for each binding on every address: Docker's DNAT happens before it.
    """
    held: list[PortRow] = []
    wanted: list[PortRow] = []
    exposed: list[ExposedPort] = []
    for c in snap.containers:
        if c.running:
            held.extend(_row(snap, c, b, True) for b in (c.bindings or c.ports) if b.host_port is not None)
        elif _publishes(c):
            wanted.extend(_row(snap, c, b, False) for b in c.wanted_ports)
        exposed.extend(_exposed(snap, c))
    held.extend(_ingress_rows(snap))
    conflicts = find_conflicts(snap, held, wanted, snap.containers)
    if firewall_front_end:
        conflicts.extend(firewall_surprises(held, firewall_front_end))

    def order(r: PortRow) -> tuple[int, str, str, str, int]:
        return (r.host_port or 0, r.proto, r.host_ip, r.container, r.container_port)

    return PortInventory(
        tuple(sorted(held, key=order)), tuple(sorted(wanted, key=order)), tuple(exposed), tuple(conflicts)
    )
