"""Every verdict against the kernel's own answer, for every ordered pair of a container matrix.

The matrix covers the seed's scenarios: the default bridge with and without a legacy link and
with --add-host entries, two user-defined networks with aliases, a multi-homed container, a
per-network link, an internal network, two bridges with ICC off (`enable_icc=false` and `=0`),
none, host, container:X, a stopped container, a macvlan network and an attachable overlay
network. Beyond the seed: macvlan networks in private and vepa mode, one whose parent has lost
its carrier (its veth peer set down), a container whose default route goes out through a macvlan
child while it is also on a bridge, and a `container:X` sidecar left behind when X restarted
(orphaned: only lo, though docker still reports `container:X`). For every SRC, one exec runs
bounded probes in parallel inside it: `ping -c1 -W1` to each lab address, and a lookup of each
candidate name (busybox ping's own resolver, cut off after 3 s: the embedded DNS forwards misses
to the lab's `--dns 127.0.0.1`, where they only time out, after 10 s).
Probes go only to the lab's own containers and gateways.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.lab import LAB_NETNS, Lab, lab_client
from tests.probes import read_probe_lines
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.reach.verdict import host_verdict, verdict

LOOPBACK = "127.0.0.1"
_HTTPD = "mkdir -p /w && echo hi >/w/index.html && httpd -p 81 -h /w && exec httpd -f -p 80 -h /w"


def build_matrix(lab: Lab) -> dict[str, Any]:
    api = lab.client.api
    u1, u2 = lab.name("u1"), lab.name("u2")
    nets = {
        "u1": lab.network("u1", subnet=lab.free_subnet()),
        "u2": lab.network("u2", subnet=lab.free_subnet()),
        "int": lab.network("int", subnet=lab.free_subnet(), internal=True),
        "icc": lab.network("icc", subnet=lab.free_subnet(), options={"com.docker.network.bridge.enable_icc": "false"}),
        # Go's ParseBool: "0" is as false as "false" for dockerd (the model once read only "false").
        "icc0": lab.network("icc0", subnet=lab.free_subnet(), options={"com.docker.network.bridge.enable_icc": "0"}),
        "mac": lab.network(
            "mac", subnet=lab.free_subnet("192.168.0.0/16"), driver="macvlan", options={"parent": lab.veth_parent()}
        ),
        "ovl": lab.network("ovl", subnet=lab.free_subnet("10.240.0.0/14"), driver="overlay", attachable=True),
    }
    parents = {}
    for key, mode in (("macp", "private"), ("macv", "vepa"), ("macd", "bridge")):
        parents[key] = lab.veth_parent()
        options = {"parent": parents[key], **({"macvlan_mode": mode} if mode != "bridge" else {})}
        nets[key] = lab.network(key, subnet=lab.free_subnet("192.168.0.0/16"), driver="macvlan", options=options)
    c: dict[str, Any] = {}
    c["b1"] = lab.container("b1")
    b1_ip = c["b1"].attrs["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]
    c["b2"] = lab.container("b2", links={lab.name("b1"): "b1alias"})  # one-way: only b2 names b1
    c["h1"] = lab.container("h1", extra_hosts={"host.docker.internal": "host-gateway", lab.name("b1x"): b1_ip})
    c["u1a"] = lab.container("u1a", network=u1, networking_config={u1: api.create_endpoint_config(aliases=["u1alias"])})
    c["m"] = lab.container("m", network=u1)
    nets["u2"].connect(c["m"], aliases=["malias2"])  # multi-homed, with an alias only on u2
    c["u2a"] = lab.container("u2a", network=u2)
    c["lk"] = lab.container(
        "lk", network=u1, networking_config={u1: api.create_endpoint_config(links={lab.name("u1a"): "u1link"})}
    )
    pairs = {"i1": "int", "i2": "int", "c1": "icc", "c2": "icc", "z1": "icc0", "z2": "icc0"}
    pairs |= {"mv1": "mac", "mv2": "mac", "o1": "ovl", "o2": "ovl"}
    pairs |= {"mp1": "macp", "mp2": "macp", "mq1": "macv", "mq2": "macv", "md1": "macd", "md2": "macd"}
    # z2 publishes one port on every host address and one on the host's loopback only, so that the
    # "go through the host" route `why` suggests is tried from inside every other container.
    served = {
        "z2": {"command": ["sh", "-c", _HTTPD], "ports": {"80/tcp": ("0.0.0.0", None), "81/tcp": (LOOPBACK, None)}}
    }
    for short, net in pairs.items():
        c[short] = lab.container(short, network=lab.name(net), **served.get(short, {}))
    c["nonec"] = lab.container("nonec", network_mode="none")
    c["hostc"] = lab.container("hostc", network_mode="host")
    c["side"] = lab.container("side", network_mode=f"container:{c['u1a'].id}")
    # The default route on the macvlan (libnetwork sorts `mac` before `u1`), a bridge on the side.
    c["mvb"] = lab.container("mvb", network=lab.name("mac"))
    nets["u1"].connect(c["mvb"])
    # A sidecar of xo, left in xo's old namespace when xo restarts.
    c["xo"] = lab.container("xo", network=lab.name("u2"))
    c["xs"] = lab.container("xs", network_mode=f"container:{c['xo'].id}")
    c["xo"].restart(timeout=1)
    c["stopped"] = lab.container("stopped", network=u1)
    c["stopped"].kill()
    c["stopped"].wait(timeout=10)
    # The parent of macd loses its carrier: its veth peer goes down (bridge-mode members are cut off).
    peer = "dnp" + parents["macd"].removeprefix("dnl")
    subprocess.run(["ip", "-n", LAB_NETNS, "link", "set", peer, "down"], check=True)
    _wait_for(lambda: _operstate(parents["macd"]) == "lowerlayerdown", f"{parents['macd']} without carrier")
    for x in c.values():
        x.reload()
    return {
        "nets": nets,
        "containers": c,
        "parents": parents,
        "link_names": ["b1alias", "u1link", f"u1link.{u1}", "host.docker.internal", lab.name("b1x")],
    }


def _operstate(link: str) -> str:
    """A lab link's state: the tests run in the lab's namespace, as dockernet on the engine's host."""
    with open(f"/sys/class/net/{link}/operstate", encoding="ascii") as fh:
        return fh.read().strip()


def _wait_for(check: Any, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _ips(x: Any) -> set[str]:
    return {n["IPAddress"] for n in x.attrs["NetworkSettings"]["Networks"].values() if n.get("IPAddress")}


def _host_addresses(c: dict[str, Any], nets: dict[str, Any]) -> set[str]:
    """The host's addresses this lab may probe: the gateways of its bridge networks and docker0's."""
    bridges = {n.name for key, n in nets.items() if not key.startswith(("mac", "ovl"))} | {"bridge"}
    return {
        ep["Gateway"]
        for x in c.values()
        for name, ep in x.attrs["NetworkSettings"]["Networks"].items()
        if name in bridges and ep.get("Gateway")
    }


ORPHANS = frozenset({"xs"})  # sidecars whose X restarted: they keep X's old namespace, only lo


def _owner(c: dict[str, Any], role: str) -> str:
    """Whose namespace `role` really uses: an orphaned sidecar's own (only lo), whatever docker reports."""
    mode = c[role].attrs["HostConfig"]["NetworkMode"]
    if mode.startswith("container:") and role not in ORPHANS:
        target = mode.split(":", 1)[1]
        return next(r for r, x in c.items() if x.id == target)
    return role


def _names(x: Any) -> set[str]:
    names = {x.name, x.id[:12]}
    for net, ep in x.attrs["NetworkSettings"]["Networks"].items():
        names.add(f"{x.name}.{net}")
        names.update(ep.get("Aliases") or [])
        names.update(f"{a}.{net}" for a in ep.get("Aliases") or [])  # alias.network, shortid.network
    return names


def _probe(
    container_id: str, addresses: list[str], names: list[str], routes: list[str]
) -> tuple[dict[str, bool], dict[str, str], dict[str, bool]]:
    """From inside one container: which addresses answer a ping, which names resolve to what, and
    which `ADDRESS:PORT` routes to a published port answer an HTTP GET (cut off after 2 s: this
    image's busybox wget crashes on -T)."""
    client = lab_client()
    try:
        box = client.containers.get(container_id)
        rc, out = box.exec_run(["cat", "/etc/resolv.conf"])
        servers = re.findall(r"^nameserver\s+(\S+)", out.decode(), re.M)
        safe = rc == 0 and all(s.startswith("127.") for s in servers)
        script = [
            f"for a in {' '.join(map(shlex.quote, addresses))}; do "
            '(if ping -c1 -W1 "$a" >/dev/null 2>&1; then echo "A $a ok"; else echo "A $a no"; fi) & done',
            f"for t in {' '.join(map(shlex.quote, routes))}; do "
            '(if busybox timeout 2 wget -q -O- "http://$t/" 2>/dev/null | grep -q hi; '
            'then echo "T $t ok"; else echo "T $t no"; fi) & done',
        ]
        if safe:  # lookups stay on this machine: the lab engine runs with --dns 127.0.0.1
            script.append(
                f"for n in {' '.join(map(shlex.quote, names))}; do "
                '(r=$(busybox timeout 3 ping -c1 -W1 "$n" 2>&1 | head -n1); echo "N $n $r") & done'
            )
        script.append("wait")
        _, out = box.exec_run(["sh", "-c", "; ".join(script)])
    finally:
        client.close()
    found = read_probe_lines(out)
    pings, lookups, tcp = found.pings, found.lookups, found.tcp
    assert set(pings) == set(addresses) and set(tcp) == set(routes), f"probe output incomplete for {box.name}"
    if not safe:
        pytest.fail(f"{box.name} resolves through {servers}: name probes would leave the machine")
    return pings, lookups, tcp


def test_every_pair_agrees_with_the_kernel(lab: Lab, engine_host: str) -> None:
    built = build_matrix(lab)
    c, nets = built["containers"], built["nets"]
    host = _host_addresses(c, nets)
    addrs: dict[str, set[str]] = {}
    for role in c:
        owner = _owner(c, role)
        if c[owner].attrs["HostConfig"]["NetworkMode"] == "host":
            addrs[role] = set(host)
        else:
            addrs[role] = _ips(c[owner])
    all_addresses = sorted(set().union(*addrs.values()) | host | {LOOPBACK})
    all_names = sorted(set().union(*(_names(x) for x in c.values())) | set(built["link_names"]) | {"localhost"})

    published = {
        f"{a}:{b[0]['HostPort']}"
        for x in c.values()
        for b in (x.attrs["NetworkSettings"].get("Ports") or {}).values()
        if b
        for a in sorted(host | {LOOPBACK})
    }
    all_routes = sorted(published)
    sources = [r for r, x in c.items() if x.status == "running"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        probes = pool.map(lambda r: _probe(c[r].id, all_addresses, all_names, all_routes), sources)
        results = dict(zip(sources, probes, strict=True))

    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    model = {r: snap.container(x.id) for r, x in c.items()}
    Row = tuple[str, str, str, str, str]

    def compare() -> tuple[list[Row], int]:
        rows: list[Row] = []
        compared = 0
        for src in results:  # the host as DST, and SRC as its own DST (lo and its own addresses)
            pings = results[src][0]
            hv = host_verdict(snap, model[src])  # type: ignore[arg-type]
            probed = host | ({LOOPBACK} if c[_owner(c, src)].attrs["HostConfig"]["NetworkMode"] == "host" else set())
            for a in sorted(probed):
                compared += 1
                if (a in hv.addresses) != pings[a]:
                    rows.append((src, "host", f"ping {a}", _yn(a in hv.addresses), _yn(pings[a])))
            me = verdict(snap, model[src], model[src])  # type: ignore[arg-type]
            for a in sorted(addrs[src] | {LOOPBACK}):
                if (a in me.addresses) != pings[a]:
                    rows.append((src, src, f"ping {a}", _yn(a in me.addresses), _yn(pings[a])))
            if not me.via or me.via[0].kind != "self":
                rows.append((src, src, "path", me.via[0].kind if me.via else "none", "self"))
        for src in c:
            for dst in c:
                if src == dst:
                    continue
                v = verdict(snap, model[src], model[dst])  # type: ignore[arg-type]
                if src not in results:  # a stopped SRC: nothing to exec; it must reach nothing
                    if v.ip_reachable or v.names:
                        rows.append((src, dst, "stopped SRC", "reaches", "cannot run"))
                    continue
                pings, lookups, tcp = results[src]
                same = _owner(c, src) == _owner(c, dst) or {src, dst} <= {"hostc"}
                targets = addrs[dst] | ({LOOPBACK} if same else set())
                for a in sorted(targets):
                    compared += 1
                    if (a in v.addresses) != pings[a]:
                        rows.append((src, dst, f"ping {a}", _yn(a in v.addresses), _yn(pings[a])))
                if v.ip_reachable != any(pings[a] for a in targets):
                    rows.append((src, dst, "ip_reachable", _yn(v.ip_reachable), _yn(not v.ip_reachable)))
                for n in sorted(set(all_names) | set(v.names)):
                    resolved = lookups.get(n, "")
                    if src in ORPHANS:  # X's /etc/hosts still names X, at an address the orphan cannot reach
                        if n in v.names:
                            rows.append((src, dst, f"name {n}", "usable", "only lo"))
                        continue
                    compared += 1
                    if (n in v.names) != (resolved in targets):
                        rows.append((src, dst, f"name {n}", _yn(n in v.names), resolved or "unresolved"))
                dst_ports = {
                    str(b[0]["HostPort"])
                    for b in (c[_owner(c, dst)].attrs["NetworkSettings"].get("Ports") or {}).values()
                    if b
                }
                for route in all_routes:  # through the host: DST's published ports, at every host address
                    if route.rpartition(":")[2] in dst_ports and (route in v.published_via) != tcp[route]:
                        rows.append((src, dst, f"via host {route}", _yn(route in v.published_via), _yn(tcp[route])))
                for fix in v.fixes:  # a suggested route through the host must itself work
                    if "go through the host" in fix and not tcp.get(fix.rpartition(" at ")[2], False):
                        rows.append((src, dst, f"suggested {fix.rpartition(' at ')[2]}", "works", "fails"))
                if dst == next(d for d in c if d != src):  # host reachability: once per SRC
                    kernel = any(pings[g] for g in host)
                    if v.host_reachable != kernel:
                        rows.append((src, "(host)", "host_reachable", _yn(v.host_reachable), _yn(kernel)))
        return rows, compared

    rows, compared = compare()
    if rows:  # a second look at each disagreement (see _recheck), then the verdicts again
        _recheck(c, results, rows, addrs, host)
        rows, compared = compare()
    prefix = lab.prefix
    if rows:
        table = "\n".join(
            f"{s:8} -> {d:8} {what.replace(prefix, ''):40} model={m:5} kernel={k}" for s, d, what, m, k in rows
        )
        pytest.fail(f"{len(rows)} disagreements between the model and the kernel:\n{table}")
    assert compared > 1000  # the matrix really ran: 30 containers, ~30 addresses, ~100 names
    _assert_beyond_the_seed(snap, model, results, built)
    # The seed's case, both ways, straight from the kernel's answers.
    # ICC off spelled "0": the kernel drops z1 <-> z2, and the model said so (checked above).
    assert not results["z1"][0][next(iter(_ips(c["z2"])))] and not results["z2"][0][next(iter(_ips(c["z1"])))]
    # The route through the host: z2's all-address port works from another bridge (as suggested),
    # not from an internal network; its loopback-only port works only from the host's own stack.
    ports = c["z2"].attrs["NetworkSettings"]["Ports"]
    wide, lo_only = ports["80/tcp"][0]["HostPort"], ports["81/tcp"][0]["HostPort"]
    c1 = verdict(snap, model["c1"], model["z2"])  # type: ignore[arg-type]
    route = next(f for f in c1.fixes if "go through the host" in f).rpartition(" at ")[2]
    assert route.endswith(f":{wide}") and results["c1"][2][route]
    i1 = verdict(snap, model["i1"], model["z2"])  # type: ignore[arg-type]
    assert not i1.published_via and not any("go through the host" in f for f in i1.fixes)
    assert not any(ok for r, ok in results["i1"][2].items() if r.endswith(f":{wide}"))
    assert results["hostc"][2][f"{LOOPBACK}:{lo_only}"]
    assert not any(
        ok
        for src in results
        for r, ok in results[src][2].items()
        if r.endswith(f":{lo_only}") and (src != "hostc" or not r.startswith(LOOPBACK))
    )
    b1_ip = next(iter(_ips(c["b1"])))
    assert results["b2"][1]["b1alias"] == b1_ip and results["b1"][0][next(iter(_ips(c["b2"])))]


def _recheck(
    c: dict[str, Any],
    results: dict[str, Any],
    rows: list[tuple[str, str, str, str, str]],
    addrs: dict[str, set[str]],
    host: set[str],
) -> None:
    """Probe once more what disagreed, and keep the second answer.

    The lab engine is shared: whenever anyone creates or removes a network, dockerd 20.10 rewrites
    its isolation rules (it takes the FORWARD jumps out and puts them back), and for that moment
    packets cross networks they never cross otherwise (measured: an overlay member pinging a
    bridge member, an --internal member reaching a published port). A wrong rule disagrees every
    time; such a window does not come back for the same probe a few seconds later.
    """
    again: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for src, dst, what, _, _ in rows:
        if src not in results:
            continue
        pings, names, routes = again.setdefault(src, (set(), set(), set()))
        kind, _, item = what.partition(" ")
        if kind == "ping":
            pings.add(item)
        elif kind == "ip_reachable":
            pings.update(addrs[dst] | {LOOPBACK})
        elif kind == "host_reachable":
            pings.update(host)
        elif kind == "name":
            names.add(item)
        elif kind in ("via", "suggested"):
            routes.add(item.removeprefix("host "))
    for src, (pings, names, routes) in again.items():
        known = set(results[src][0])
        fresh = _probe(c[src].id, sorted(pings & known), sorted(names), sorted(routes & set(results[src][2])))
        for old, new in zip(results[src], fresh, strict=True):
            old.update(new)


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


def _assert_beyond_the_seed(snap: Any, model: dict[str, Any], results: dict[str, Any], built: dict[str, Any]) -> None:
    """The macvlan modes, the parent without carrier, the default route on a macvlan and the orphaned
    sidecar: what the kernel did, and the verdict's words for it (the pairs themselves are checked above)."""
    c = built["containers"]

    def ping(src: str, dst: str) -> bool:
        return bool(results[src][0][next(iter(_ips(c[dst])))])

    for a, b, words in (
        ("mv1", "mv2", ""),
        ("mp1", "mp2", "private"),
        ("mq1", "mq2", "vepa"),
        ("md1", "md2", "carrier"),
    ):
        v = verdict(snap, model[a], model[b])
        assert ping(a, b) == ping(b, a) == v.ip_reachable == (not words), (a, b, v.reasons)
        assert not words or any(words in r for r in v.reasons), v.reasons
    # The parent's state came from the engine's host (the tests run in its namespace).
    assert snap.host is not None
    link = snap.host.link(built["parents"]["macd"])
    assert link is not None and link.carrier is False and link.operstate == "lowerlayerdown"
    assert any("bring" in f and built["parents"]["macd"] in f for f in verdict(snap, model["md1"], model["md2"]).fixes)
    # The default route through the macvlan: the host answers only at u1's gateway, on-link.
    u1_gw = c["mvb"].attrs["NetworkSettings"]["Networks"][built["nets"]["u1"].name]["Gateway"]
    hv = host_verdict(snap, model["mvb"])
    assert [a for a in hv.addresses if ":" not in a] == [u1_gw] and results["mvb"][0][u1_gw]
    assert any("default route goes out through macvlan" in r for r in hv.reasons)
    answered = {a for a, ok in results["mvb"][0].items() if ok and a.endswith(".1") and a not in (u1_gw, LOOPBACK)}
    assert not answered, answered
    # The orphaned sidecar: only lo, though docker still reports container:xo.
    assert c["xs"].attrs["HostConfig"]["NetworkMode"] == f"container:{c['xo'].id}"
    # Read on the engine's host: the sidecar's process sits in another net namespace than xo's.
    xs_ns, xo_ns = snap.host.net_namespace(c["xs"].id), snap.host.net_namespace(c["xo"].id)
    assert xs_ns.startswith("net:[") and xo_ns.startswith("net:[") and xs_ns != xo_ns
    assert not any(ok for a, ok in results["xs"][0].items() if a != LOOPBACK) and results["xs"][0][LOOPBACK]
    assert results["xs"][1][c["xo"].name] == ""  # the embedded DNS is not in its namespace
    v = verdict(snap, model["xs"], model["xo"])
    assert not v.ip_reachable and any("restart" in r for r in v.reasons)
    assert v.fixes and v.fixes[0].startswith(f"restart {c['xs'].name}")
