"""A swarm as one topology, on the lab's two real engines (engine 1 the manager, engine 2 a worker).

The scenario (`tests.lab.build_swarm`): an attachable overlay; a replicated service with one task
on each node, publishing port 80 through the routing mesh; a second service in DNS round-robin
mode; a plain container on each engine attached to the overlay; and, on engine 2, a container on
its default bridge only. Both engines are read and merged as the App does; the export, the reader's
swarm reads and `why` (across engines, and to a service name) are checked, `why` against the
kernel: from inside each source, one exec runs bounded probes in parallel (`ping -c1 -W1` to each
address, `nslookup` of each name cut off after 3 s, an HTTP request to the VIP cut off after 2 s).
Probes go only to the lab's own containers. A VIP is IPVS in the source's namespace: where the
kernel has no IPVS (the lab's, so far) connections to it cannot work, and the test expects that.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from tests.lab import LAB_HOST, LAB_HOST2, Lab, build_swarm_world, lab_client, lab_client2, remove_swarm_world
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.export import export
from tui.model.graph import build_graph
from tui.model.merge import merge_snapshots
from tui.model.snapshot import Container, Snapshot
from tui.reach.service import find_service, service_verdict
from tui.reach.verdict import Verdict, verdict


@pytest.fixture(scope="module")
def swarm(engine_host: str, engine2_host: str) -> Iterator[dict[str, Any]]:
    """The scenario, built once for the module; removed afterwards (services first)."""
    c1, c2 = lab_client(), lab_client2()
    lab1 = Lab(c1)
    lab2 = Lab(c2, prefix=lab1.prefix, run_id=lab1.run_id)
    try:
        o = build_swarm_world(lab1, lab2)
        for x in (o["c1"], o["c2"], o["b2"]):
            x.reload()
        o["lab1"], o["lab2"] = lab1, lab2
        yield o
    finally:
        remove_swarm_world(lab1, lab2)
        c1.close()
        c2.close()


def _read(readers: list[tuple[str, EngineReader]]) -> Snapshot:
    return merge_snapshots([(label, r.snapshot()) for label, r in readers])


@pytest.fixture(scope="module")
def readers(swarm: dict[str, Any]) -> list[tuple[str, EngineReader]]:
    return [(LAB_HOST, EngineReader(EngineTarget(LAB_HOST))), (LAB_HOST2, EngineReader(EngineTarget(LAB_HOST2)))]


@pytest.fixture(scope="module")
def snap(readers: list[tuple[str, EngineReader]]) -> Snapshot:
    return _read(readers)


@pytest.fixture(scope="module")
def exported(snap: Snapshot) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export(build_graph(snap), "json"))
    return data


def _node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = next(n for n in data["nodes"] if n["id"] == node_id)
    return node


def test_every_node_carries_its_engine(exported: dict[str, Any]) -> None:
    assert exported["graph"]["engines"] == [LAB_HOST, LAB_HOST2]
    assert all("engine" in n for n in exported["nodes"])
    assert {n["engine"] for n in exported["nodes"] if n["kind"] in ("container", "network")} == {LAB_HOST, LAB_HOST2}


def test_the_overlay_is_one_node_with_members_on_both_engines(swarm: dict[str, Any], exported: dict[str, Any]) -> None:
    ovl = [n for n in exported["nodes"] if n["kind"] == "network" and n["name"] == swarm["lab1"].name("ovl")]
    assert len(ovl) == 1, "a swarm-scoped network seen from two engines is one node"
    assert ovl[0]["id"] == f"network:{swarm['ovl'].id}" and ovl[0]["scope"] == "swarm"
    members = [e for e in exported["edges"] if e["kind"] == "member" and e["target"] == ovl[0]["id"]]
    engines = {_node(exported, e["source"])["engine"] for e in members}
    assert engines == {LAB_HOST, LAB_HOST2}
    member_ids = {e["source"] for e in members}
    assert {f"container:{swarm['c1'].id}", f"container:{swarm['c2'].id}"} <= member_ids
    # Local networks keep one node per engine, even under the same name.
    bridges = [n for n in exported["nodes"] if n["kind"] == "network" and n["name"] == "bridge"]
    assert sorted(n["engine"] for n in bridges) == [LAB_HOST, LAB_HOST2]
    assert len({n["id"] for n in bridges}) == 2


def test_services_tasks_and_nodes_in_the_export(swarm: dict[str, Any], exported: dict[str, Any]) -> None:
    web = _node(exported, f"service:{swarm['web'].id}")
    assert web["kind"] == "service" and web["name"] == swarm["lab1"].name("web")
    assert web["mode"] == "replicated" and web["replicas"] == 2 and web["engine"] == LAB_HOST
    ovl_name = swarm["lab1"].name("ovl")
    swarm["ovl"].reload()
    subnet = swarm["ovl"].attrs["IPAM"]["Config"][0]["Subnet"]
    assert set(web["vips"]) == {ovl_name, "ingress"}
    assert _in(web["vips"][ovl_name], subnet)
    swarm["web"].reload()
    published = swarm["web"].attrs["Endpoint"]["Ports"][0]["PublishedPort"]
    assert web["ports"] == [f"{published}->80/tcp"]
    rr = _node(exported, f"service:{swarm['rr'].id}")
    assert rr["vips"] == {} and rr["endpoint_mode"] == "dnsrr"

    tasks = [e for e in exported["edges"] if e["kind"] == "task" and e["target"] == web["id"]]
    assert len(tasks) == 2
    assert {_node(exported, e["source"])["engine"] for e in tasks} == {LAB_HOST, LAB_HOST2}, "a task on each engine"

    nodes = {n["id"]: n for n in exported["nodes"] if n["kind"] == "swarm-node"}
    assert sorted((n["role"], n["addr"], n["engine"]) for n in nodes.values()) == [
        ("manager", "10.250.0.1", LAB_HOST),
        ("worker", "10.250.0.2", LAB_HOST2),
    ]
    runs_on = {e["source"]: e["target"] for e in exported["edges"] if e["kind"] == "runs-on"}
    for e in tasks:  # each task container runs on the node of its own engine
        assert nodes[runs_on[e["source"]]]["engine"] == _node(exported, e["source"])["engine"]
    assert nodes[runs_on[f"container:{swarm['c1'].id}"]]["role"] == "manager"
    assert nodes[runs_on[f"container:{swarm['c2'].id}"]]["role"] == "worker"
    back = nx.node_link_graph(exported, edges="edges")
    assert back.number_of_edges() == len(exported["edges"])


def test_other_formats_carry_the_swarm(snap: Snapshot) -> None:
    g = build_graph(snap)
    dot, mermaid, graphml = export(g, "dot"), export(g, "mermaid"), export(g, "graphml")
    assert "task" in dot and "runs on" in dot
    assert "task" in mermaid and "runs on" in mermaid
    assert "service" in graphml and "swarm-node" in graphml


def _in(addr: str, subnet: str) -> bool:
    import ipaddress

    return ipaddress.ip_address(addr) in ipaddress.ip_network(subnet)


# -- the reader -------------------------------------------------------------------------------


def test_only_the_manager_reads_the_swarm_and_not_on_every_refresh(readers: list[tuple[str, EngineReader]]) -> None:
    (_, manager), (_, worker) = readers
    assert "swarm" not in worker.read_raw(), "a worker cannot answer for the swarm and is not asked"
    manager.read_raw()
    calls: list[str] = []
    client = manager.client
    real = client.nodes

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("nodes")
        return real(*args, **kwargs)

    client.nodes = counting  # type: ignore[method-assign]
    try:
        raw = manager.read_raw()
        assert calls == [] and raw["swarm"]["services"], "within the interval the swarm comes from the cache"
        manager.invalidate_swarm()  # what a service or node event does
        manager.read_raw()
        assert calls == ["nodes"]
    finally:
        client.nodes = real  # type: ignore[method-assign]


def test_a_saved_swarm_snapshot_parses_the_same(swarm: dict[str, Any], readers: list[tuple[str, EngineReader]]) -> None:
    """The raw swarm goes into `dockernet snapshot` files, and parses back to the same SwarmInfo."""
    from tui.model.parse import parse_snapshot

    raw = readers[0][1].read_raw()
    again = parse_snapshot(json.loads(json.dumps(raw)))
    assert again.swarm is not None and again.swarm == parse_snapshot(raw).swarm
    assert again.swarm.service(swarm["lab1"].name("web")) is not None


# -- why, against the kernel ------------------------------------------------------------------

_NAME = re.compile(r"^Name:\s*(\S+)", re.M)


def _probe(
    client_for: Any, container_id: str, addresses: list[str], names: list[str], tcp: list[str]
) -> dict[str, Any]:
    """From inside one container: which addresses answer a ping, what each name resolves to, and
    which `ADDRESS:PORT` accept a TCP connection and answer HTTP."""
    client = client_for()
    try:
        box = client.containers.get(container_id)
        rc, out = box.exec_run(["cat", "/etc/resolv.conf"])
        servers = re.findall(r"^nameserver\s+(\S+)", out.decode(), re.M)
        if rc != 0 or not all(s.startswith("127.") for s in servers):
            pytest.fail(f"{box.name} resolves through {servers}: name probes would leave the machine")
        script = [
            f"for a in {' '.join(map(shlex.quote, addresses))}; do "
            '(if ping -c1 -W1 "$a" >/dev/null 2>&1; then echo "A $a ok"; else echo "A $a no"; fi) & done',
            f"for n in {' '.join(map(shlex.quote, names))}; do "
            '(r=$(busybox timeout 3 nslookup "$n" 2>/dev/null | sed -n "/^Name:/,\\$p" | '
            "grep '^Address' | sed 's/^Address[^:]*: *//' | tr '\\n' ,); echo \"N $n $r\") & done",
            f"for t in {' '.join(map(shlex.quote, tcp))}; do "
            '(if printf "GET / HTTP/1.0\\r\\n\\r\\n" | busybox timeout 2 nc "${t%:*}" "${t#*:}" 2>/dev/null '
            '| grep -q "^HTTP/"; then echo "T $t ok"; else echo "T $t no"; fi) & done',
            "if [ -e /proc/net/ip_vs ]; then echo 'I ipvs yes'; else echo 'I ipvs no'; fi",
            "wait",
        ]
        _, out = box.exec_run(["sh", "-c", "; ".join(script)])
    finally:
        client.close()
    pings: dict[str, bool] = {}
    lookups: dict[str, set[str]] = {}
    conns: dict[str, bool] = {}
    ipvs = False
    for line in out.decode(errors="replace").splitlines():
        kind, _, rest = line.partition(" ")
        key, _, value = rest.partition(" ")
        if kind == "A":
            pings[key] = value == "ok"
        elif kind == "N":
            lookups[key] = {a for a in value.split(",") if a and ":" not in a}
        elif kind == "T":
            conns[key] = value == "ok"
        elif kind == "I":
            ipvs = value == "yes"
    assert set(pings) == set(addresses) and set(lookups) == set(names) and set(conns) == set(tcp), out
    return {"pings": pings, "lookups": lookups, "tcp": conns, "ipvs": ipvs}


def _ips(x: Any) -> set[str]:
    return {n["IPAddress"] for n in x.attrs["NetworkSettings"]["Networks"].values() if n.get("IPAddress")}


def _names(x: Any) -> set[str]:
    names = {x.name, x.id[:12]}
    for net, ep in x.attrs["NetworkSettings"]["Networks"].items():
        names.add(f"{x.name}.{net}")
        names.update(ep.get("Aliases") or [])
    return names


def _model(snap: Snapshot, x: Any) -> Container:
    found = snap.container(x.id)
    assert found is not None
    return found


def test_why_across_engines_agrees_with_ping_and_lookups(swarm: dict[str, Any], snap: Snapshot) -> None:
    c1, c2, b2 = swarm["c1"], swarm["c2"], swarm["b2"]
    assert _model(snap, c1).engine == LAB_HOST and _model(snap, c2).engine == LAB_HOST2
    targets = {"c1": c1, "c2": c2, "b2": b2}
    addresses = sorted(set().union(*(_ips(x) for x in targets.values())))
    names = sorted(set().union(*(_names(x) for x in targets.values())))
    clients = {"c1": lab_client, "c2": lab_client2}
    disagreements = []
    for src_role, dst_role in (("c1", "c2"), ("c2", "c1"), ("c1", "b2"), ("c2", "b2")):
        src, dst = targets[src_role], targets[dst_role]
        v = verdict(snap, _model(snap, src), _model(snap, dst))
        probe = _probe(clients[src_role], src.id, addresses, names, [])
        for a in sorted(_ips(dst)):
            if (a in v.addresses) != probe["pings"][a]:
                disagreements.append((src_role, dst_role, f"ping {a}", a in v.addresses, probe["pings"][a]))
        for n in sorted(_names(dst)):
            resolves = bool(probe["lookups"][n] & _ips(dst))
            if (n in v.names) != resolves:
                disagreements.append((src_role, dst_role, f"lookup {n}", n in v.names, probe["lookups"][n]))
    assert not disagreements, "\n".join(map(str, disagreements))
    across = verdict(snap, _model(snap, c1), _model(snap, c2))
    assert across.ip_reachable and c2.name in across.names, "the overlay joins the two engines"
    assert any("overlay" in r for r in across.reasons)
    apart = verdict(snap, _model(snap, c1), _model(snap, b2))
    assert not apart.ip_reachable and any("engine" in r for r in apart.reasons)


def _service_check(v: Verdict, probe: dict[str, Any], vip: str | None, tasks: set[str], name: str) -> list[Any]:
    """The verdict's claims about a service against what happened inside the source."""
    bad: list[Any] = []
    for t in sorted(tasks):  # every task address answers a ping, as the verdict says
        if t not in v.addresses or not probe["pings"][t]:
            bad.append(("task", t, t in v.addresses, probe["pings"][t]))
    if vip is not None:
        if probe["pings"][vip]:
            bad.append(("the verdict says a VIP answers no ping, but it did", vip))
        # The VIP is IPVS in the source's namespace: with IPVS in the kernel a connection to the
        # service's port gets through; without it (this lab's kernel has none) it cannot, which the
        # verdict warns about. Either way the kernel has the last word.
        if probe["tcp"][f"{vip}:80"] != (v.ip_reachable and probe["ipvs"]):
            bad.append(("connect through the VIP", v.ip_reachable, probe["ipvs"], probe["tcp"][f"{vip}:80"]))
        if not any("IPVS in the kernel" in r for r in v.reasons):
            bad.append(("the verdict does not say that the VIP needs IPVS",))
        if (name in v.names) != (probe["lookups"][name] == {vip}):
            bad.append(("lookup", name, name in v.names, probe["lookups"][name]))
    elif (name in v.names) != (bool(probe["lookups"][name]) and probe["lookups"][name] <= tasks):
        bad.append(("lookup (dnsrr)", name, name in v.names, probe["lookups"][name]))
    if (f"tasks.{name}" in v.names) != (probe["lookups"][f"tasks.{name}"] == tasks):
        bad.append(("lookup", f"tasks.{name}", v.names, probe["lookups"][f"tasks.{name}"]))
    return bad


def test_why_to_a_service_resolves_through_its_vip_or_dnsrr(swarm: dict[str, Any], snap: Snapshot) -> None:
    lab1 = swarm["lab1"]
    ovl = swarm["ovl"].id
    web, rr = find_service(snap, lab1.name("web")), find_service(snap, lab1.name("rr"))
    assert web is not None and rr is not None
    vip = web.vip_on(ovl)
    assert vip is not None and rr.vip_on(ovl) is None
    assert snap.swarm is not None
    web_tasks = {a.split("/")[0] for t in snap.swarm.tasks_of(web.id) for n, a in t.addresses if n == ovl}
    rr_tasks = {a.split("/")[0] for t in snap.swarm.tasks_of(rr.id) for n, a in t.addresses if n == ovl}
    assert len(web_tasks) == len(rr_tasks) == 2
    bad = []
    for role, client_for in (("c1", lab_client), ("c2", lab_client2)):
        src = _model(snap, swarm[role])
        probe = _probe(
            client_for,
            src.id,
            sorted({vip} | web_tasks | rr_tasks),
            [web.name, f"tasks.{web.name}", rr.name, f"tasks.{rr.name}"],
            [f"{vip}:80"],
        )
        v = service_verdict(snap, src, web)
        assert v.ip_reachable and web.name in v.names and any(vip in r and "virtual IP" in r for r in v.reasons)
        assert any(p.kind == "vip" and p.dst_address == vip for p in v.via)
        bad += [(role, "web", *b) for b in _service_check(v, probe, vip, web_tasks, web.name)]
        r = service_verdict(snap, src, rr)
        assert r.ip_reachable and rr.name in r.names and any("round robin" in x for x in r.reasons)
        bad += [(role, "rr", *b) for b in _service_check(r, probe, None, rr_tasks, rr.name)]
    assert not bad, "\n".join(map(str, bad))
    # Not on the overlay: no way to the service but its published port.
    b2 = _model(snap, swarm["b2"])
    v = service_verdict(snap, b2, web)
    assert not v.ip_reachable and v.published and any("routing mesh" in n for n in v.published_notes)


def test_why_cli_to_a_service_on_the_manager(swarm: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """`dockernet --host <manager> why c1 web --json`: a service name as DST, through its VIP."""
    from tui.cli.main import main

    lab1 = swarm["lab1"]
    assert main(["why", "--host", LAB_HOST, lab1.name("c1"), lab1.name("web"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dst"] == lab1.name("web") and data["ip_reachable"] is True
    assert lab1.name("web") in data["names"] and any(p["kind"] == "vip" for p in data["via"])
    assert main(["why", "--host", LAB_HOST, lab1.name("c1"), lab1.name("web")]) == 0
    assert "virtual IP" in capsys.readouterr().out
