"""`why host|outside` against the kernel: every verdict agrees with a real connection attempt.

On the lab engine: a web server published on every address, on 127.0.0.1, on one host address,
from a user-defined network, not published, on an --internal network, in host mode, stopped,
and one that listens only on its own loopback. Each is tried from the engine's namespace (the
host) and from a second namespace joined by a veth pair (another machine, routing the container
subnets through the host), at the host's IPv4 and IPv6 addresses and at the containers' own,
under four firewalls: Docker's rules as they are, FORWARD's policy DROP, DOCKER-USER rules (a
naive one on the host port, which does not match after the DNAT, one on the original port, which
does, one by source and container address), and INPUT rules like `ufw deny` (which do not stop a
published port). The verdict must be the probe's answer, every time.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.lab import Lab
from tests.outside import HOST_ADDRESS, HOST_ADDRESS6, Outside, outside_machine, probe_from, probe_here
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.snapshot import Snapshot
from tui.reach.hostpaths import bridge_gateway
from tui.reach.outside import Attempt, follow

SERVE = ["busybox", "httpd", "-f", "-p", "80"]


@pytest.fixture(scope="module")
def world(docker_client, engine_host: str) -> Iterator[tuple[Lab, Outside]]:  # type: ignore[no-untyped-def]
    lab = Lab(docker_client, prefix="dnoutm-")
    try:
        with outside_machine() as outside:
            user = lab.network("user", subnet=lab.free_subnet())
            internal = lab.network("internal", subnet=lab.free_subnet(), internal=True)
            lab.container("all", command=SERVE, ports={"80/tcp": 19101})
            lab.container("lo", command=SERVE, ports={"80/tcp": ("127.0.0.1", 19102)})
            lab.container("addr", command=SERVE, ports={"80/tcp": (HOST_ADDRESS, 19103)})
            lab.container("unpub", command=SERVE, network=user.name)
            lab.container("internal", command=SERVE, network=internal.name, ports={"80/tcp": 19105})
            lab.container("host", command=["busybox", "httpd", "-f", "-p", "19106"], network_mode="host")
            lab.container("stopped", start=False, command=SERVE, ports={"80/tcp": 19107})
            lab.container("inner", command=[*SERVE[:-1], "127.0.0.1:80"], ports={"80/tcp": 19108})
            lab.container("userpub", command=SERVE, network=user.name, ports={"80/tcp": 19109})
            yield lab, outside
    finally:
        lab.cleanup()


def _snapshot(engine_host: str) -> Snapshot:
    return EngineReader(EngineTarget(engine_host), one_shot=True).snapshot()  # every listening socket read


def _attempts(snap: Snapshot, lab: Lab, outside: Outside) -> list[Attempt]:
    ports = range(19101, 19110)
    mine = [c for c in snap.containers if c.name.startswith(lab.prefix)]
    own = sorted({e.address for c in mine for e in snap.endpoints_of(c.id) if e.address})
    docker0 = bridge_gateway(snap, next(n for n in snap.networks if n.is_default_bridge))
    user_gw = bridge_gateway(snap, next(n for n in snap.networks if n.name == lab.name("user")))
    found = []
    for source, addresses in (
        ("host", ["127.0.0.1", docker0, HOST_ADDRESS, user_gw, "::1", HOST_ADDRESS6]),
        ("outside", [HOST_ADDRESS, docker0, HOST_ADDRESS6]),
    ):
        found += [
            Attempt(source, a, p, link=outside.link, client="fd00:252::2" if ":" in a else "10.252.0.2")
            for a in addresses
            for p in ports
        ]
        found += [Attempt(source, a, 80, link=outside.link, client="10.252.0.2") for a in own]
    return found


def _check(engine_host: str, lab: Lab, outside: Outside) -> tuple[list[str], dict[tuple[str, str, int], bool]]:
    """The disagreements, and what the kernel answered: {(source, container or address, port): answered}."""
    snap = _snapshot(engine_host)
    attempts = _attempts(snap, lab, outside)
    here = [a for a in attempts if a.source == "host"]
    there = [a for a in attempts if a.source == "outside"]
    seen = dict(zip(here, probe_here([(a.address, a.port) for a in here]), strict=True))
    seen |= dict(zip(there, probe_from(outside, [(a.address, a.port) for a in there]), strict=True))
    wrong = []
    for a, answered in seen.items():
        path = follow(snap, a)
        if path.reachable is not answered:
            wrong.append(
                f"{a.source} -> {a.address}:{a.port}: kernel {answered}, dockernet {path.reachable}: {path.reason}"
            )
    assert len(seen) > 50
    answered_yes = sum(seen.values())
    assert 10 < answered_yes < len(seen) - 10, "the matrix must hold both answers to mean anything"
    names = {e.address: c.name.removeprefix(lab.prefix) for c in snap.containers for e in snap.endpoints_of(c.id)}
    return wrong, {(a.source, names.get(a.address, a.address), a.port): answered for a, answered in seen.items()}


def _iptables(*argv: str) -> None:
    subprocess.run(["iptables", *argv], check=True, capture_output=True)


@contextmanager
def _rules(*rules: tuple[str, ...]) -> Iterator[None]:
    """Insert rules (chain first) into the lab namespace's filter table; delete them afterwards."""
    added = []
    try:
        for chain, *spec in rules:
            _iptables("-I", chain, *spec)
            added.append((chain, *spec))
        yield
    finally:
        for chain, *spec in added:
            subprocess.run(["iptables", "-D", chain, *spec], check=False, capture_output=True)


@contextmanager
def _forward_policy(policy: str) -> Iterator[None]:
    saved = subprocess.run(["iptables", "-S", "FORWARD"], capture_output=True, text=True, check=True).stdout
    before = saved.splitlines()[0].split()[-1]  # "-P FORWARD ACCEPT"
    _iptables("-P", "FORWARD", policy)
    try:
        yield
    finally:
        _iptables("-P", "FORWARD", before)


def test_docker_rules_as_they_are(world: tuple[Lab, Outside], engine_host: str) -> None:
    wrong, kernel = _check(engine_host, *world)
    assert wrong == []
    # FORWARD's policy is ACCEPT in the lab (forwarding was on before Docker): a routing neighbour
    # reaches an unpublished port; a published port is reached at the host's address.
    assert kernel["outside", "unpub", 80] and kernel["outside", HOST_ADDRESS, 19101]
    assert not kernel["outside", "internal", 80] and not kernel["outside", HOST_ADDRESS, 19102]


def test_forward_policy_drop(world: tuple[Lab, Outside], engine_host: str) -> None:
    with _forward_policy("DROP"):
        wrong, kernel = _check(engine_host, *world)
    assert wrong == []
    # Still open at the container's own address: the published container ports, 127.0.0.1 ones too.
    assert kernel["outside", "lo", 80] and not kernel["outside", "unpub", 80]


def test_docker_user_rules(world: tuple[Lab, Outside], engine_host: str) -> None:
    lab, _ = world
    unpub = lab.client.containers.get(lab.name("unpub")).attrs["NetworkSettings"]["Networks"][lab.name("user")]
    naive = ("DOCKER-USER", "-p", "tcp", "--dport", "19101", "-j", "DROP")  # sees port 80 after the DNAT
    original = ("DOCKER-USER", "-p", "tcp", "-m", "conntrack", "--ctorigdstport", "19103", "-j", "DROP")
    ip = unpub["IPAddress"]
    source = ("DOCKER-USER", "-s", "10.252.0.0/24", "-d", f"{ip}/32", "-p", "tcp", "--dport", "80", "-j", "REJECT")
    # Against the container's own packets: its answers to another machine cross FORWARD too.
    userpub = lab.client.containers.get(lab.name("userpub")).attrs["NetworkSettings"]["Networks"][lab.name("user")]
    answers = ("DOCKER-USER", "-s", f"{userpub['IPAddress']}/32", "-d", "10.252.0.0/24", "-j", "DROP")
    with _rules(naive, original, source, answers):
        wrong, kernel = _check(engine_host, *world)
    assert wrong == []
    assert kernel["outside", HOST_ADDRESS, 19101] and not kernel["outside", HOST_ADDRESS, 19103]
    assert not kernel["outside", HOST_ADDRESS, 19109] and kernel["host", HOST_ADDRESS, 19109]


def test_input_rules_like_ufw(world: tuple[Lab, Outside], engine_host: str) -> None:
    _, outside = world
    deny_published = ("INPUT", "-i", outside.link, "-p", "tcp", "--dport", "19101", "-j", "DROP")
    deny_host_mode = ("INPUT", "-i", outside.link, "-p", "tcp", "--dport", "19106", "-j", "DROP")
    deny_loopback = ("INPUT", "-i", "lo", "-p", "tcp", "--dport", "19102", "-j", "REJECT")
    with _rules(deny_published, deny_host_mode, deny_loopback):
        wrong, kernel = _check(engine_host, *world)
    assert wrong == []
    # Like `ufw deny`: INPUT stops the host-mode server, not the published port.
    assert kernel["outside", HOST_ADDRESS, 19101] and not kernel["outside", HOST_ADDRESS, 19106]
