"""The host's own FORWARD rules between containers, checked against pings on the lab engine.

Docker loads br_netfilter, so a packet bridged between two containers on one bridge goes through
filter FORWARD, where DOCKER-USER comes first. With a user's rules there (one dropping a → b on the
default bridge, one refusing TCP to c's port 80 on a user-defined network), every verdict's
reached addresses must be exactly what a ping from inside SRC answers; b's pings of a fail too,
since a's answers cross FORWARD as well.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from itertools import permutations

import pytest

from tests.lab import Lab
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.reach.verdict import verdict


def _address(c, network: str) -> str:  # type: ignore[no-untyped-def]
    c.reload()
    return str(c.attrs["NetworkSettings"]["Networks"][network]["IPAddress"])


@pytest.fixture
def world(lab: Lab, engine_host: str) -> Iterator[dict[str, str]]:
    user = lab.network("user", subnet=lab.free_subnet())
    a, b, d = lab.container("a"), lab.container("b"), lab.container("d")
    c = lab.container("c", network=user.name)
    user.connect(a)
    rules = [
        ("DOCKER-USER", "-s", _address(a, "bridge"), "-d", _address(b, "bridge"), "-j", "DROP"),
        # a port rule: it must not be taken for a rule against pings
        ("DOCKER-USER", "-p", "tcp", "-d", _address(c, user.name), "--dport", "80", "-j", "REJECT"),
    ]
    added = []
    try:
        for chain, *spec in rules:
            subprocess.run(["iptables", "-I", chain, *spec], check=True, capture_output=True)
            added.append((chain, *spec))
        yield {"a": a.id, "b": b.id, "c": c.id, "d": d.id}
    finally:
        for chain, *spec in added:
            subprocess.run(["iptables", "-D", chain, *spec], check=False, capture_output=True)


def _ping(lab: Lab, container_id: str, address: str) -> bool:
    out = lab.client.containers.get(container_id).exec_run(["ping", "-c1", "-W1", address])
    return out.exit_code == 0


def test_verdicts_follow_the_hosts_forward_rules(world: dict[str, str], lab: Lab, engine_host: str) -> None:
    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    fw = snap.host.firewall if snap.host else None
    assert fw is not None and fw.bridge_nf, "the lab's bridged traffic goes through iptables (br_netfilter)"
    wrong, answers = [], []
    for s, d in permutations("abcd", 2):
        src, dst = snap.container(world[s]), snap.container(world[d])
        assert src is not None and dst is not None
        v = verdict(snap, src, dst)
        for e in snap.endpoints_of(dst.id):
            address = (e.ipv4 or "").split("/", 1)[0]
            if not address:
                continue
            answered = _ping(lab, src.id, address)
            answers.append(answered)
            if answered != (address in v.addresses):
                wrong.append(f"{s} -> {d} at {address}: ping {answered}, dockernet {address in v.addresses}")
    assert wrong == []
    assert any(answers) and not all(answers)
    a, b = snap.container(world["a"]), snap.container(world["b"])
    assert a is not None and b is not None
    stopped = verdict(snap, a, b)
    assert not stopped.ip_reachable and any("DOCKER-USER" in r and "filter FORWARD" in r for r in stopped.reasons)
    # The rule names a -> b, but b's pings of a need a's answers to cross FORWARD too.
    back = verdict(snap, b, a)
    assert not back.ip_reachable and any("-s " in r and "DOCKER-USER" in r for r in back.reasons)
