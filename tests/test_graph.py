"""The networkx model and its queries, on the demo recorded from the real engine."""

from __future__ import annotations

import pytest

from tui.model.files import load_demo
from tui.model.graph import (
    build_graph,
    container_node,
    containers_of,
    links_from,
    namespace_joiners,
    neighbours,
    network_node,
    networks_of,
    overlapping,
)
from tui.model.snapshot import IPAMConfig, Network, Snapshot


@pytest.fixture(scope="module")
def demo():
    _, snap = load_demo()
    return snap, build_graph(snap)


def test_nodes_carry_the_documented_attributes(demo) -> None:
    snap, g = demo
    net = snap.network("appnet")
    attrs = g.nodes[network_node(net.id)]
    assert attrs["kind"] == "network" and attrs["driver"] == "bridge"
    assert attrs["subnets"] == ["172.28.0.0/24"] and attrs["gateways"] == ["172.28.0.1"]
    web = snap.container("web")
    cattrs = g.nodes[container_node(web.id)]
    assert cattrs["kind"] == "container" and cattrs["name"] == "web" and cattrs["state"] == "running"


def test_member_edges(demo) -> None:
    snap, g = demo
    api = snap.container("api")
    nets = {snap.network(n).name for n in networks_of(g, api.id)}
    assert nets == {"appnet", "backend"}
    data = g.get_edge_data(container_node(api.id), network_node(snap.network("appnet").id))
    (edge,) = data.values()
    assert edge["kind"] == "member" and edge["ipv4"] == "172.28.0.10/24" and "backend-api" in edge["aliases"]


def test_host_and_none_containers_are_members_of_those_networks(demo) -> None:
    snap, g = demo
    assert containers_of(g, snap.network("host").id) == [snap.container("hostc").id]
    assert containers_of(g, snap.network("none").id) == [snap.container("nonec").id]


def test_link_edge_points_from_the_container_with_the_hosts_entry(demo) -> None:
    snap, g = demo
    t1, t2 = snap.container("tomcat1"), snap.container("tomcat2")
    assert links_from(g, t2.id) == [(t1.id, "tomcat1")]
    assert links_from(g, t1.id) == []
    assert g.has_edge(container_node(t2.id), container_node(t1.id))
    assert not g.has_edge(container_node(t1.id), container_node(t2.id))


def test_namespace_edge(demo) -> None:
    snap, g = demo
    web, sidecar = snap.container("web"), snap.container("sidecar")
    assert namespace_joiners(g, web.id) == [sidecar.id]
    (edge,) = g.get_edge_data(container_node(sidecar.id), container_node(web.id)).values()
    assert edge["kind"] == "namespace"
    assert networks_of(g, sidecar.id) == []  # it has no endpoints of its own


def test_neighbours_share_networks(demo) -> None:
    snap, g = demo
    api = snap.container("api")
    names = {snap.container(c).name for c in neighbours(g, api.id)}
    assert names == {"web", "stopped", "db"}


def test_overlapping_subnets() -> None:
    a = Network("a" * 64, "a", "bridge", ipam=(IPAMConfig("10.1.0.0/16"),))
    b = Network("b" * 64, "b", "bridge", ipam=(IPAMConfig("10.1.2.0/24"),))
    c = Network("c" * 64, "c", "bridge", ipam=(IPAMConfig("10.2.0.0/24"),))
    snap = Snapshot(networks=(a, b, c))
    assert overlapping(snap, "10.1.5.0/24") == [("a", "10.1.0.0/16")]
    assert overlapping(snap, "not-a-cidr") == []
