"""The swarm and multi-engine model without an engine: tests/data/swarm.json, recorded from the lab's
two real engines by `python3 -m tests.record_swarm` (engine e1 the manager, e2 the worker).

The scenario: an attachable overlay `ovl`; a service `web` (2 replicas, one per node, port 80
published through the routing mesh) and a service `rr` in dnsrr mode on it; `c1` on e1 and `c2`
on e2 attached to it; `b2` on e2's default bridge only.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tui.model.explain import explain_container, explain_network, network_topics
from tui.model.export import export
from tui.model.graph import build_graph
from tui.model.merge import engine_view, merge_snapshots
from tui.model.parse import parse_snapshot
from tui.model.snapshot import Container, Snapshot
from tui.reach.service import service_verdict
from tui.reach.text import verdict_lines
from tui.reach.verdict import host_verdict, verdict
from tui.topomap.layout import MapOptions, layout_map
from tui.topomap.status import describe_node

DATA = json.loads((Path(__file__).parent / "data" / "swarm.json").read_text())
ROLES: dict[str, str] = DATA["roles"]


def _parts() -> list[tuple[str, Snapshot]]:
    return [(p["label"], parse_snapshot(p["raw"])) for p in DATA["engines"]]


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return merge_snapshots(_parts())


def _c(snap: Snapshot, role: str) -> Container:
    found = snap.container(ROLES[role])
    assert found is not None
    return found


def test_parts_parse_the_swarm_only_on_the_manager() -> None:
    (_, s1), (_, s2) = _parts()
    assert s1.engine.swarm_manager and not s2.engine.swarm_manager
    assert s1.swarm is not None and s2.swarm is None
    assert {n.role for n in s1.swarm.nodes} == {"manager", "worker"}
    web = s1.swarm.service(ROLES["web"])
    assert web is not None and web.mode == "replicated" and web.replicas == 2 and web.endpoint_mode == "vip"
    assert [p.publish_mode for p in web.ports] == ["ingress"] and web.ports[0].published_port
    assert web.vip_on(ROLES["ovl"]) is not None
    rr = s1.swarm.service(ROLES["rr"])
    assert rr is not None and rr.endpoint_mode == "dnsrr" and rr.vips == ()
    assert len(s1.swarm.tasks_of(web.id)) >= 2
    detail = s1.swarm.overlay(ROLES["ovl"])
    assert detail is not None and {p.ip for p in detail.peers} == {"10.250.0.1", "10.250.0.2"}


def test_merge_labels_everything_and_keeps_one_overlay(snap: Snapshot) -> None:
    assert snap.engines == ("e1", "e2") and snap.multi_engine
    assert [i.label for i in snap.engine_infos] == ["e1", "e2"]
    assert all(n.engine in ("e1", "e2") for n in snap.networks)
    assert all(c.engine in ("e1", "e2") for c in snap.containers)
    assert all(e.engine in ("e1", "e2") for e in snap.endpoints)
    ovl = [n for n in snap.networks if n.id == ROLES["ovl"]]
    assert len(ovl) == 1
    members = {e.engine for e in snap.members_of(ROLES["ovl"])}
    assert members == {"e1", "e2"}
    assert len(snap.networks_named("bridge")) == 2, "local networks stay one per engine"
    assert snap.network("bridge", engine="e2") is not None and snap.network("bridge", engine="e2").engine == "e2"
    assert snap.swarm is not None and snap.swarm.manager_engine == "e1"
    assert {n.role: n.engine for n in snap.swarm.nodes} == {"manager": "e1", "worker": "e2"}


def test_merge_is_order_independent_for_the_swarm() -> None:
    parts = _parts()
    reverse = merge_snapshots(parts[::-1])
    assert reverse.swarm is not None and reverse.swarm.manager_engine == "e1"
    assert {n.id for n in reverse.networks} == {n.id for n in merge_snapshots(parts).networks}


def test_lookups_prefer_ids_over_names() -> None:
    one = Container(id="abc", name="x")
    other = Container(id="def", name="abc")  # a container named like another's id
    s = Snapshot(containers=(other, one))
    assert s.container("abc") is one
    assert s.container("x", engine="") is one and s.container("x", engine="e9") is None


def test_one_engine_snapshots_are_unchanged_by_engine_view() -> None:
    (_, s1), _ = _parts()
    assert engine_view(s1, "") is s1
    assert all(n.engine == "" for n in s1.networks) and s1.engines == ()


def test_engine_view_keeps_overlays_and_the_engine_own(snap: Snapshot) -> None:
    view = engine_view(snap, "e1")
    assert {n.engine for n in view.networks if n.scope != "swarm"} == {"e1"}
    assert ROLES["c2"] in {c.id for c in view.containers}, "overlay members of other engines stay"
    assert ROLES["b2"] not in {c.id for c in view.containers}


def test_graph_kinds_and_engines(snap: Snapshot) -> None:
    g = build_graph(snap)
    assert g.graph["engines"] == ["e1", "e2"]
    assert all("engine" in d for _, d in g.nodes(data=True))
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"network", "container", "service", "swarm-node"}
    web = g.nodes[f"service:{ROLES['web']}"]
    assert set(web) >= {"kind", "engine", "id", "name", "mode", "replicas", "vips", "ports"}
    ovl_name = next(n.name for n in snap.networks if n.id == ROLES["ovl"])
    assert set(web["vips"]) == {ovl_name, "ingress"}
    node = next(d for _, d in g.nodes(data=True) if d["kind"] == "swarm-node")
    assert set(node) >= {"kind", "engine", "id", "hostname", "role", "addr"}
    tasks = [(u, v) for u, v, d in g.edges(data=True) if d["kind"] == "task" and v == f"service:{ROLES['web']}"]
    assert {g.nodes[u]["engine"] for u, _ in tasks} == {"e1", "e2"}
    runs_on = {u: v for u, v, d in g.edges(data=True) if d["kind"] == "runs-on"}
    assert g.nodes[runs_on[f"container:{ROLES['c2']}"]]["role"] == "worker"
    assert g.nodes[runs_on[f"container:{ROLES['c1']}"]]["role"] == "manager"


def test_one_engine_export_has_no_new_kinds() -> None:
    """Without a swarm the export is what it always was, plus `engine` ("") and `engines` ([])."""
    (_, s2) = _parts()[1]
    g = build_graph(s2)
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"network", "container"}
    assert {d["kind"] for _, _, d in g.edges(data=True)} <= {"member", "link", "namespace"}
    assert {d["engine"] for _, d in g.nodes(data=True)} == {""} and g.graph["engines"] == []


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "graphml"])
def test_other_formats_name_the_new_kinds(snap: Snapshot, fmt: str) -> None:
    text = export(build_graph(snap), fmt)
    assert "shares netns" not in text, "task and runs-on edges are not namespace edges"
    if fmt != "graphml":
        assert "task" in text and "runs on" in text


def test_why_across_engines(snap: Snapshot) -> None:
    c1, c2, b2 = _c(snap, "c1"), _c(snap, "c2"), _c(snap, "b2")
    v = verdict(snap, c1, c2)
    assert v.ip_reachable and c2.name in v.names and f"{c2.name}.{_ovl(snap)}" in v.names
    assert any("spans the swarm's nodes" in r for r in v.reasons)
    assert v.published_via == ()
    no = verdict(snap, c1, b2)
    assert not no.ip_reachable and not no.names
    assert any("local to its engine" in r for r in no.reasons)
    assert any("attachable overlay" in f for f in no.fixes)
    text = "\n".join(verdict_lines(no))
    assert "engine e2" in text


def test_host_rules_stay_on_the_source_engine(snap: Snapshot) -> None:
    """c1's host is e1's: e2's bridge gateways are not among the host addresses it reaches."""
    h = host_verdict(snap, _c(snap, "c1"))
    e2_gateways = {gw for n in snap.networks if n.engine == "e2" and n.scope != "swarm" for gw in n.gateways}
    assert e2_gateways and not (set(h.addresses) & e2_gateways)


def _ovl(snap: Snapshot) -> str:
    return next(n.name for n in snap.networks if n.id == ROLES["ovl"])


def test_why_to_a_service_vip_and_dnsrr(snap: Snapshot) -> None:
    assert snap.swarm is not None
    web, rr = snap.swarm.service(ROLES["web"]), snap.swarm.service(ROLES["rr"])
    assert web is not None and rr is not None
    for role in ("c1", "c2"):
        v = service_verdict(snap, _c(snap, role), web)
        vip = web.vip_on(ROLES["ovl"])
        assert v.ip_reachable and v.dst == web.name and v.dst_id == web.id
        assert set(v.names) == {web.name, f"tasks.{web.name}"}
        assert [p.dst_address for p in v.via if p.kind == "vip"] == [vip]
        assert len([p for p in v.via if p.kind == "task"]) == 2
        assert any("virtual IP" in r for r in v.reasons) and any("not ping" in r for r in v.reasons)
        r = service_verdict(snap, _c(snap, role), rr)
        assert r.ip_reachable and set(r.names) == {rr.name, f"tasks.{rr.name}"}
        assert not [p for p in r.via if p.kind == "vip"] and any("round robin" in x for x in r.reasons)
    off = service_verdict(snap, _c(snap, "b2"), web)
    assert not off.ip_reachable and off.published and any("routing mesh" in n for n in off.published_notes)
    assert any(f"docker network connect {_ovl(snap)}" in f for f in off.fixes)


def test_service_names_resolve_for_containers_too(snap: Snapshot) -> None:
    """A task's container: `web` does not name it (that is the VIP), nor does `tasks.web` alone (it
    also gives the other task's address, which the verdict says)."""
    assert snap.swarm is not None
    web = snap.swarm.service(ROLES["web"])
    assert web is not None
    task = next(t for t in snap.swarm.tasks_of(web.id) if t.running and snap.container(t.container_id))
    target = snap.container(task.container_id)
    assert target is not None
    v = verdict(snap, _c(snap, "c1"), target)
    assert web.name not in v.names and f"tasks.{web.name}" not in v.names
    assert f"tasks.{web.name}" in " ".join(v.reasons)


def _text(lines: list[list[str]]) -> list[str]:
    return ["".join(row).rstrip() for row in lines]


def test_map_groups_an_overlay_members_by_node(snap: Snapshot) -> None:
    g = build_graph(snap)
    layout = layout_map(snap, g, MapOptions(focus=f"network:{ROLES['ovl']}"))
    rows = _text(layout.chars)
    brackets = [r for r in rows if "╰" in r]
    assert len(brackets) == 1
    row = brackets[0]
    manager, worker = row.index("manager · 10.250.0.1"), row.index("worker · 10.250.0.2")
    assert manager < worker
    c1, c2 = layout.regions[f"container:{ROLES['c1']}"], layout.regions[f"container:{ROLES['c2']}"]
    first_bracket_end = row.index("╯")
    assert c1.x < first_bracket_end < c2.x, "c1 under the manager's bracket, c2 under the worker's"
    text = "\n".join(rows)
    assert ".web.1" in text or "-web.1" in text, "task boxes keep service.slot, not the task id"
    assert "on vm · worker · 10.250.0.2" in describe_node(snap, g, f"container:{ROLES['c2']}")
    assert "members on 2 swarm nodes" in describe_node(snap, g, f"network:{ROLES['ovl']}")


def test_one_engine_map_has_no_brackets() -> None:
    (_, s1), _ = _parts()
    rows = _text(layout_map(s1, build_graph(s1)).chars)
    assert not [r for r in rows if "╰" in r] and not [r for r in rows if r.strip().startswith("@ ")]


def test_map_names_the_engine_of_local_networks(snap: Snapshot) -> None:
    rows = _text(layout_map(snap, build_graph(snap)).chars)
    assert any(r.strip() == "@ e1" for r in rows) and any(r.strip() == "@ e2" for r in rows)
    assert any("routing mesh" in r for r in rows)


def test_explain_ingress_and_the_routing_mesh(snap: Snapshot) -> None:
    ingress = next(n for n in snap.networks if n.ingress)
    assert network_topics(ingress) == ["overlay", "ingress", "routing-mesh"]
    notes = dict(explain_network(ingress, snap))
    assert snap.swarm is not None
    web = snap.swarm.service(ROLES["web"])
    assert web is not None
    port = web.ports[0].published_port
    mesh = notes["The routing mesh here"]
    assert f"10.250.0.1:{port}" in mesh and f"10.250.0.2:{port}" in mesh
    ovl = next(n for n in snap.networks if n.id == ROLES["ovl"])
    notes = dict(explain_network(ovl, snap))
    assert "VIP" in notes["Services on it"] and "worker" in notes["Where its members run"]
    assert "services: a virtual IP per network, or DNS round robin" in notes
    task = next(c for c in snap.containers if "com.docker.swarm.task.id" in dict(c.labels))
    assert "a swarm task's container" in dict(explain_container(task, snap))


def test_names_repeat_across_engines_without_confusion(snap: Snapshot) -> None:
    """Two engines' `bridge` networks: lookups by id find each; an endpoint's network is its own."""
    b2 = _c(snap, "b2")
    ep = snap.endpoints_of(b2.id)[0]
    net = snap.network(ep.network_id)
    assert net is not None and net.engine == "e2" and net.name == "bridge"
    first = dataclasses.replace(snap, networks=tuple(reversed(snap.networks)))
    assert first.network(ep.network_id) == net


def test_service_and_node_events_ask_for_a_swarm_read() -> None:
    """A manager's service or node event invalidates no container, but the reader's swarm cache."""
    from tui.app.live import Coalescer
    from tui.engine.events import parse_event

    event = parse_event({"Type": "service", "Action": "update", "Actor": {"ID": "svc1"}, "timeNano": 1})
    assert event is not None and event.type == "service" and event.container_id == ""
    node = parse_event({"Type": "node", "Action": "update", "Actor": {"ID": "n1"}, "timeNano": 2})
    assert node is not None and node.container_id == ""
    pending = Coalescer()
    assert pending.add(event) and not pending.add(node)
    assert pending.take() == set()
    assert pending.take_swarm() and not pending.take_swarm()
