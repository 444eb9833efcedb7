"""Table cells, detail sections and explain notes, as plain strings, on the demo and synthetic data."""

from __future__ import annotations

import pytest

from tui.cli.config import ConfigError, load_config
from tui.model.addressing import bridge_name
from tui.model.explain import TOPICS, all_topics, container_topics, explain_network, network_topics
from tui.model.files import load_demo
from tui.model.graph import build_graph
from tui.model.snapshot import Container, Endpoint, IPAMConfig, Link, Network, Snapshot
from tui.presentation import (
    CONTAINER_COLUMNS,
    NETWORK_COLUMNS,
    container_row,
    container_sections,
    engine_line,
    hosts_line,
    in_project,
    matches,
    network_mode,
    network_row,
    network_sections,
    projects,
)


@pytest.fixture(scope="module")
def demo():
    _, snap = load_demo()
    return snap, build_graph(snap)


def rows(sections) -> dict[str, list[tuple[str, str]]]:
    return {s.title: list(s.rows) for s in sections}


def flat(sections) -> str:
    return "\n".join(f"{label} {value}" for s in sections for label, value in s.rows)


def test_network_row_has_one_cell_per_column(demo) -> None:
    snap, _ = demo
    appnet = snap.network("appnet")
    cells = dict(zip([k for k, _ in NETWORK_COLUMNS], network_row(appnet, snap), strict=True))
    assert cells["driver"] == "bridge"
    assert cells["subnet"] == appnet.subnets[0]
    assert cells["gateway"] == appnet.gateways[0]
    assert cells["members"] == "3"  # web, api, stopped
    backend = dict(zip([k for k, _ in NETWORK_COLUMNS], network_row(snap.network("backend"), snap), strict=True))
    assert backend["internal"] == "yes"
    ovl = dict(zip([k for k, _ in NETWORK_COLUMNS], network_row(snap.network("ovl"), snap), strict=True))
    assert (ovl["scope"], ovl["attachable"]) == ("swarm", "yes")


def test_container_rows_name_every_network_mode(demo) -> None:
    snap, _ = demo
    modes = {c.name: network_mode(c, snap) for c in snap.containers}
    assert modes["hostc"] == "host"
    assert modes["nonec"] == "none"
    assert modes["sidecar"] == "container:web"  # the id in NetworkMode is shown as a name
    assert modes["tomcat1"] == "bridge"  # "default" is the default bridge
    assert modes["web"] == "appnet"
    api = dict(zip([k for k, _ in CONTAINER_COLUMNS], container_row(snap.container("api"), snap), strict=True))
    assert api["addresses"] == "appnet=172.28.0.10, backend=172.28.1.3"
    assert api["project"] == "shop/api"
    web = dict(zip([k for k, _ in CONTAINER_COLUMNS], container_row(snap.container("web"), snap), strict=True))
    assert web["ports"] == "8080->80/tcp"
    sidecar = container_row(snap.container("sidecar"), snap)
    assert "(shares web)" in sidecar


def test_network_detail_shows_what_inspect_shows(demo) -> None:
    snap, _ = demo
    sections = rows(network_sections(snap.network("appnet"), snap))
    assert ("Subnet", "172.28.0.0/24") in sections["IPAM"]
    assert ("Gateway", "172.28.0.1") in sections["IPAM"]
    members = dict(sections["Members (3)"])
    assert "IPv4 172.28.0.10/24" in members["api"] and "MAC 02:42:" in members["api"]
    assert "stopped (exited)" in members
    assert ("  shared by", "sidecar (--net=container:web)") in sections["Members (3)"]
    bridge = rows(network_sections(snap.network("bridge"), snap))
    assert ("", "com.docker.network.bridge.name=docker0") in bridge["Options"]
    assert ("Linux bridge", "docker0") in bridge["Network"]


def test_empty_network_says_so() -> None:
    net = Network(id="n1" * 32, name="lonely", driver="bridge", ipam=(IPAMConfig("10.9.0.0/24"),))
    snap = Snapshot(networks=(net,))
    assert network_row(net, snap)[8] == "0"
    assert rows(network_sections(net, snap))["Members (0)"] == [("", "no containers: this network is empty")]


def test_link_detail_gives_the_hosts_line_and_direction(demo) -> None:
    snap, graph = demo
    tomcat1, tomcat2 = snap.container("tomcat1"), snap.container("tomcat2")
    ip = next(e.address for e in snap.endpoints_of(tomcat1.id))
    text = flat(container_sections(tomcat2, snap, graph))
    assert f"{ip}\ttomcat1 {tomcat1.id[:12]}" in text
    assert "tomcat2 sees tomcat1 as 'tomcat1'; tomcat1 has no entry for tomcat2 (one-way)" in text
    target_side = flat(container_sections(tomcat1, snap, graph))
    assert "tomcat2 sees tomcat1 as 'tomcat1'; tomcat1 has no entry for tomcat2" in target_side


def test_hosts_line_adds_the_name_when_the_alias_differs() -> None:
    a = Container(id="a" * 64, name="app")
    b = Container(id="b" * 64, name="database")
    ep = Endpoint(b.id, "n" * 64, "bridge", ipv4="172.17.0.5/16")
    snap = Snapshot(containers=(a, b), endpoints=(ep,), links=(Link(a.id, b.id, "db"),))
    assert hosts_line(snap.links[0], snap) == f"172.17.0.5\tdb {'b' * 12} database"


def test_add_host_and_namespace_sections(demo) -> None:
    snap, graph = demo
    hosty = rows(container_sections(snap.container("hosty"), snap, graph))
    assert ("--add-host legacy-db:10.99.0.5", "10.99.0.5\tlegacy-db") in hosty["/etc/hosts and links"]
    sidecar = rows(container_sections(snap.container("sidecar"), snap, graph))
    assert sidecar["Network namespace"][0][0] == "joins"
    assert "web's network namespace" in sidecar["Network namespace"][0][1]
    web = rows(container_sections(snap.container("web"), snap, graph))
    assert ("joined by", "sidecar (--net=container:web)") in web["Network namespace"]
    api = rows(container_sections(snap.container("api"), snap, graph))
    assert ("  aliases", "backend-api, " + snap.container("api").id[:12]) in api["Endpoints"]
    assert ("  fixed IP", "172.28.0.10 (--ip)") in api["Endpoints"]


def test_filter_and_projects(demo) -> None:
    snap, _ = demo
    assert matches(("api", "running", "appnet"), "API app")
    assert not matches(("api", "running"), "db")
    assert projects(snap) == [("shop", 3, 0)]
    assert in_project(snap.container("web"), snap, "shop")
    assert not in_project(snap.container("tomcat1"), snap, "shop")
    assert in_project(snap.network("backend"), snap, "shop")  # a shop container is on it
    assert not in_project(snap.network("macnet"), snap, "shop")
    assert engine_line(snap).startswith("demo topology")


def test_engine_strings_lose_control_characters() -> None:
    net = Network(id="x" * 64, name="evil\x1b[31mnet\x07", driver="bridge", labels=(("k\x9b", "v\nw"),))
    snap = Snapshot(networks=(net,))
    assert network_row(net, snap)[0] == "evil[31mnet"
    labels = rows(network_sections(net, snap))["Labels"]
    assert labels == [("", "k=v w")]


def test_explain_covers_every_seed_concept(demo) -> None:
    snap, _ = demo
    text = " ".join(t.text + " " + t.title for t in all_topics())
    for concept in ("docker0", "veth", "NAT", "lo", "namespace", "overlay", "macvlan", "ipvlan", "parent",
                    "one-way", "Deprecated", "127.0.0.11", "--subnet", "--gateway", "network connect",
                    "/etc/hosts", "none", "host"):  # fmt: skip
        assert concept in text, concept
    assert network_topics(snap.network("bridge"))[:3] == ["bridge", "default-bridge", "link"]
    assert "dns" in network_topics(snap.network("appnet"))
    assert "icc" in network_topics(snap.network("isolated"))
    assert container_topics(snap.container("sidecar"), snap)[0] == "container-mode"
    assert "connect" in container_topics(snap.container("api"), snap)
    assert "add-host" in container_topics(snap.container("hosty"), snap)
    assert "link" in container_topics(snap.container("tomcat1"), snap)
    assert bridge_name(snap.network("appnet")) == "br-" + snap.network("appnet").id[:12]
    parent = dict(snap.network("macnet").options)["parent"]
    assert explain_network(snap.network("macnet"))[0][1].endswith(f"parent interface {parent}.")
    assert set(TOPICS) >= {"bridge", "host", "none", "container-mode", "overlay", "macvlan", "ipvlan", "link", "dns"}


def test_config_file(tmp_path) -> None:
    assert load_config(env={"HOME": str(tmp_path)}).read_only is False
    path = tmp_path / "c.toml"
    path.write_text('read_only = true\n[keymap]\nquit = "ctrl+x"\n')
    config = load_config(path)
    assert config.read_only is True and config.keymap == {"quit": "ctrl+x"}
    path.write_text("read_only = 'yes'\n")
    with pytest.raises(ConfigError, match="read_only must be true or false"):
        load_config(path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")
    path.write_text("read_only = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
