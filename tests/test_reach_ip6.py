"""IPv6 verdicts against the kernel: where the engine's IPv4 isolation does not hold over IPv6.

Docker 20.10 does not manage ip6tables (only an experimental daemon told --ip6tables does), so
ICC off, --internal and the isolation between networks are IPv4 rules only. Four dual-stack
networks (two plain ones, one with ICC off, one --internal), two members each: every member pings
every other member's IPv4 and IPv6 address and every gateway of the lab (`ping -c1 -W1`, in
parallel, from inside the container), and the verdicts must say the same, address by address and
per family. The same snapshot with the engine's ip6tables managed (Docker 27's default) must give
IPv6 the IPv4 verdicts.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import itertools
import shlex
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from docker.types import IPAMConfig, IPAMPool

from tests.lab import Lab, lab_client
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.hostfacts import HostFacts
from tui.model.snapshot import Snapshot
from tui.reach.ip6 import ip6tables_state
from tui.reach.text import verdict_lines
from tui.reach.verdict import host_verdict, verdict

NETWORKS = {
    "p": {},
    "q": {},
    "icc": {"options": {"com.docker.network.bridge.enable_icc": "false"}},
    "int": {"internal": True},
}


def _free_prefix(lab: Lab) -> str:
    """A ULA /48 no lab network uses (the /64s inside it are the networks' subnets)."""
    used = [
        ipaddress.ip_network(c["Subnet"], strict=False)
        for n in lab.client.api.networks()
        for c in (n.get("IPAM") or {}).get("Config") or []
        if ":" in (c.get("Subnet") or "")
    ]
    while True:
        prefix = ipaddress.ip_network(f"fd00:{uuid.uuid4().int % 0xFFFF:x}::/48")
        if not any(prefix.overlaps(u) for u in used):
            return str(prefix.network_address).rstrip(":")


def build(lab: Lab) -> dict[str, Any]:
    prefix = _free_prefix(lab)
    for i, (short, kw) in enumerate(NETWORKS.items()):
        ipam = IPAMConfig(pool_configs=[IPAMPool(subnet=lab.free_subnet()), IPAMPool(subnet=f"{prefix}:{i}::/64")])
        net = lab.client.networks.create(lab.name(short), ipam=ipam, enable_ipv6=True, labels=lab.labels, **kw)
        lab.created_networks.append(net.id)
    c = {f"{short}{j}": lab.container(f"{short}{j}", network=lab.name(short)) for short in NETWORKS for j in (1, 2)}
    for x in c.values():
        x.reload()
    _settle()
    return c


def _settle(timeout: float = 10.0) -> None:
    """Wait until the new bridges' IPv6 addresses have passed duplicate address detection.

    For a second or two a new bridge's gateway address is "tentative": the host neither answers
    at it nor routes through it, and the first pings to the last network made fail (measured).
    The tests run in the lab's namespace, so `ip -6 addr` here shows the engine's bridges.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["ip", "-6", "-o", "addr", "show", "tentative"], capture_output=True, text=True).stdout
        if not out.strip():
            return
        time.sleep(0.2)


def _endpoint(x: Any) -> dict[str, Any]:
    (ep,) = x.attrs["NetworkSettings"]["Networks"].values()
    return dict(ep)


def _probe(container_id: str, targets: list[str]) -> dict[str, bool]:
    """From inside one container: which addresses answer one ping (IPv4 or IPv6 by their form)."""
    client = lab_client()
    try:
        box = client.containers.get(container_id)
        loop = (
            f"for a in {' '.join(map(shlex.quote, targets))}; do "
            '(case "$a" in *:*) f=-6;; *) f=-4;; esac; '
            'if ping $f -c1 -W1 "$a" >/dev/null 2>&1; then echo "$a ok"; else echo "$a no"; fi) & done; wait'
        )
        _, out = box.exec_run(["sh", "-c", loop])
    finally:
        client.close()
    found = dict(line.split(" ", 1) for line in out.decode(errors="replace").splitlines() if " " in line)
    assert set(found) == set(targets), f"probe output incomplete for {box.name}"
    return {a: ok == "ok" for a, ok in found.items()}


def test_ipv6_crosses_what_ipv4_isolation_stops(lab: Lab, engine_host: str) -> None:
    c = build(lab)
    eps = {r: _endpoint(x) for r, x in c.items()}
    v4 = {r: ep["IPAddress"] for r, ep in eps.items()}
    v6 = {r: ep["GlobalIPv6Address"] for r, ep in eps.items()}
    gateways = sorted({ep["Gateway"] for ep in eps.values()} | {ep["IPv6Gateway"] for ep in eps.values()})
    targets = sorted(set(v4.values()) | set(v6.values()) | set(gateways))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(c, pool.map(lambda r: _probe(c[r].id, targets), c), strict=True))

    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    # Read on the engine's host (the tests run in its network namespace): no DOCKER chains in ip6tables.
    assert snap.host is not None and snap.host.ip6tables is False
    assert ip6tables_state(snap)[0] is False
    model = {r: snap.container(x.id) for r, x in c.items()}

    def compare() -> tuple[list[str], set[tuple[str, str]], int]:
        """Disagreements in words, the (SRC, address) probes behind them, and the IPv6-only pairs."""
        rows: list[str] = []
        suspects: set[tuple[str, str]] = set()
        leaked = 0
        for src, dst in itertools.permutations(c, 2):
            v = verdict(snap, model[src], model[dst])  # type: ignore[arg-type]
            pings = results[src]
            for a in (v4[dst], v6[dst]):
                if (a in v.addresses) != pings[a]:
                    rows.append(f"{src} -> {dst} ping {a}: model={a in v.addresses} kernel={pings[a]}")
                    suspects.add((src, a))
            if (v.ipv4_reachable, v.ipv6_reachable) != (pings[v4[dst]], pings[v6[dst]]):
                rows.append(f"{src} -> {dst} families: model={v.ipv4_reachable, v.ipv6_reachable}")
            if pings[v6[dst]] and not pings[v4[dst]]:
                leaked += 1
                if not any("isolation does not hold over IPv6 on this engine" in w for w in v.warnings):
                    rows.append(f"{src} -> {dst}: no warning that the isolation does not hold over IPv6")
                if "reachable over IPv6 only" not in verdict_lines(v)[0]:
                    rows.append(f"{src} -> {dst}: headline {verdict_lines(v)[0]!r}")
        for src in c:  # the host's own addresses, both families
            hv = host_verdict(snap, model[src])  # type: ignore[arg-type]
            for a in gateways:
                if (a in hv.addresses) != results[src][a]:
                    rows.append(f"{src} -> host ping {a}: model={a in hv.addresses} kernel={results[src][a]}")
                    suspects.add((src, a))
        return rows, suspects, leaked

    rows, suspects, leaked = compare()
    if suspects:  # once more, as the matrix does: another lab's network create opens IPv4 for a moment
        for src in {s for s, _ in suspects}:
            results[src].update(_probe(c[src].id, sorted(a for s, a in suspects if s == src)))
        rows, suspects, leaked = compare()
    prefix = lab.prefix
    assert not rows, "\n".join(r.replace(prefix, "") for r in rows)
    # The kernel's own answers: every blocked IPv4 pair of these four networks gets through over IPv6.
    assert not results["icc1"][v4["icc2"]] and results["icc1"][v6["icc2"]]  # ICC off: IPv4 only
    assert not results["p1"][v4["q1"]] and results["p1"][v6["q1"]]  # isolation between networks
    assert not results["p1"][v4["int1"]] and results["p1"][v6["int1"]]  # --internal
    assert not results["int1"][v4["q1"]] and results["int1"][v6["q1"]]
    assert leaked == 8 * 7 - 6  # of 56 ordered pairs only the 6 mates on p, q and int reach over IPv4

    # The same engine managing ip6tables (Docker 27's default, or an experimental 20.10 with
    # --ip6tables): IPv6 then follows the IPv4 verdict exactly, with no warning.
    managed = dataclasses.replace(snap, host=dataclasses.replace(snap.host, ip6tables=True))
    for src, dst in itertools.permutations(c, 2):
        v = verdict(managed, model[src], model[dst])  # type: ignore[arg-type]
        assert v.ipv6_reachable == v.ipv4_reachable == results[src][v4[dst]], (src, dst)
        assert not v.warnings


@pytest.mark.parametrize(
    ("version", "experimental", "managed"),
    [("20.10.24", False, False), ("26.1.4", False, False), ("20.10.24", True, None), ("27.0.1", False, True)],
)
def test_ip6tables_from_the_engine_when_the_host_is_not_read(version: str, experimental: bool, managed: bool) -> None:
    """Without host facts (a saved snapshot, a remote engine) the version and the experimental flag decide."""
    snap = Snapshot()
    snap = dataclasses.replace(
        snap, engine=dataclasses.replace(snap.engine, server_version=version, experimental=experimental)
    )
    assert ip6tables_state(snap)[0] is managed
    # Facts read on the host win over the version.
    assert ip6tables_state(dataclasses.replace(snap, host=HostFacts(ip6tables=True)))[0] is True
