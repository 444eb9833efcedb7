"""Every seed scenario built on the real lab engine, read back through dockernet."""

from __future__ import annotations

import json
import time

import pytest

from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.export import export
from tui.model.graph import build_graph, container_node, links_from, namespace_joiners, network_node, networks_of


@pytest.fixture(scope="module")
def world(seed, engine_host):
    lab, objects = seed
    reader = EngineReader(EngineTarget(engine_host))
    snap = reader.snapshot()
    return lab, objects, snap, build_graph(snap), reader


def _c(world, short):
    lab, _, snap, _, _ = world
    return snap.container(lab.name(short))


def _n(world, short):
    lab, _, snap, _, _ = world
    return snap.network(lab.name(short))


def test_default_bridge_link_is_one_way(world) -> None:
    _, _, snap, g, _ = world
    t1, t2 = _c(world, "tomcat1"), _c(world, "tomcat2")
    assert links_from(g, t2.id) == [(t1.id, t1.name)]
    assert links_from(g, t1.id) == []
    bridge = snap.network("bridge")
    assert networks_of(g, t1.id) == [bridge.id] and networks_of(g, t2.id) == [bridge.id]


def test_link_entry_really_is_in_the_linking_containers_hosts_file(world) -> None:
    lab, objects, _, _, _ = world
    hosts2 = objects["tomcat2"].exec_run(["cat", "/etc/hosts"]).output.decode()
    hosts1 = objects["tomcat1"].exec_run(["cat", "/etc/hosts"]).output.decode()
    assert lab.name("tomcat1") in hosts2
    assert lab.name("tomcat2") not in hosts1


def test_user_bridge_subnet_gateway_static_ip_and_alias(world) -> None:
    _, objects, _snap, g, _ = world
    appnet = _n(world, "appnet")
    assert appnet.driver == "bridge" and appnet.subnets == [objects["appnet_subnet"]]
    assert appnet.gateways == [objects["appnet_subnet"].rsplit(".", 1)[0] + ".1"]
    api = _c(world, "api")
    (edge,) = g.get_edge_data(container_node(api.id), network_node(appnet.id)).values()
    assert edge["ipv4"] == f"{objects['api_ip']}/24"
    assert "backend-api" in edge["aliases"]


def test_multi_network_container_and_internal_network(world) -> None:
    _, _, _, g, _ = world
    api, backend = _c(world, "api"), _n(world, "backend")
    assert set(networks_of(g, api.id)) == {_n(world, "appnet").id, backend.id}
    assert backend.internal is True
    assert g.nodes[network_node(backend.id)]["internal"] is True


def test_host_none_and_namespace_sharing(world) -> None:
    _, _, snap, g, _ = world
    assert networks_of(g, _c(world, "hostc").id) == [snap.network("host").id]
    assert networks_of(g, _c(world, "nonec").id) == [snap.network("none").id]
    web, sidecar = _c(world, "web"), _c(world, "sidecar")
    assert sidecar.network_mode == f"container:{web.id}"
    assert namespace_joiners(g, web.id) == [sidecar.id]
    assert networks_of(g, sidecar.id) == []


def test_stopped_container_has_membership_but_no_address(world) -> None:
    _, _, _, g, _ = world
    stopped = _c(world, "stopped")
    assert stopped.state == "exited"
    (edge,) = g.get_edge_data(container_node(stopped.id), network_node(_n(world, "appnet").id)).values()
    assert edge["ipv4"] is None


def test_macvlan_overlay_ipvlan(world) -> None:
    _, _, _, g, _ = world
    macnet, ovl, ipvnet = _n(world, "macnet"), _n(world, "ovl"), _n(world, "ipvnet")
    assert macnet.driver == "macvlan" and dict(macnet.options)["parent"].startswith("dnl")
    assert networks_of(g, _c(world, "macc").id) == [macnet.id]
    assert ovl.driver == "overlay" and ovl.scope == "swarm" and ovl.attachable
    assert networks_of(g, _c(world, "svc").id) == [ovl.id]
    assert ipvnet.driver == "ipvlan"
    ipvc = _c(world, "ipvc")
    assert ipvc.state == "created" and networks_of(g, ipvc.id) == [ipvnet.id]


def test_isolated_bridge_has_icc_off(world) -> None:
    assert dict(_n(world, "isolated").options)["com.docker.network.bridge.enable_icc"] == "false"


def test_add_host_and_published_port(world) -> None:
    assert _c(world, "hosty").extra_hosts == ("legacy-db:10.99.0.5",)
    _, objects, *_ = world
    bindings = objects["web"].attrs["NetworkSettings"]["Ports"]["80/tcp"]
    v4 = next(b["HostPort"] for b in bindings if b["HostIp"] == "0.0.0.0")
    v6 = [b["HostPort"] for b in bindings if b["HostIp"] == "::"]
    # one -p gives a binding per address family; the same port shows once, differing ports both
    shown = [(int(v4), f"{v4}->80/tcp")] + [(int(port), f"[::]:{port}->80/tcp") for port in v6 if port != v4]
    expected = [text for _, text in sorted(shown)]  # listed by host port
    assert [str(p) for p in _c(world, "web").ports] == expected


def test_export_json_contains_the_seed(world) -> None:
    lab, _, _, g, _ = world
    data = json.loads(export(g, "json"))
    names = {n["name"] for n in data["nodes"]}
    assert {lab.name(x) for x in ("tomcat1", "tomcat2", "web", "sidecar", "appnet", "ovl", "macnet")} <= names
    assert data["graph"]["engine"]["api_version"]


def test_steady_state_refresh_is_two_requests(world) -> None:
    """Once nothing changes, a refresh is the two list calls. Swarm data is read again on its timer
    or when this engine's task containers change (another module's service may still be going
    away), so the timer is held and the refresh repeated until the engine is quiet."""
    *_, reader = world
    interval, reader.swarm_interval = reader.swarm_interval, 3600.0
    try:
        reader.snapshot()
        costs = []
        for _ in range(20):
            before = reader.requests
            reader.snapshot()
            costs.append(reader.requests - before)
            if costs[-1] <= 2:
                break
            time.sleep(0.5)
        assert costs[-1] == 2, costs
    finally:
        reader.swarm_interval = interval
