"""The parser on JSON recorded from the real engine (the demo) and on awkward engine output."""

from __future__ import annotations

import copy

from tui.model.files import load_demo
from tui.model.parse import parse_network, parse_snapshot


def _demo():
    return load_demo()


def test_demo_has_every_seed_scenario() -> None:
    _, snap = _demo()
    drivers = {n.driver for n in snap.networks}
    assert {"bridge", "host", "null", "overlay", "macvlan", "ipvlan"} <= drivers
    modes = {c.name: c.network_mode for c in snap.containers}
    assert modes["hostc"] == "host"
    assert modes["nonec"] == "none"
    assert modes["sidecar"].startswith("container:")
    assert snap.container("sidecar").namespace_target == snap.container("web").id
    assert snap.container("stopped").state == "exited"


def test_endpoints_carry_addresses_aliases_and_static_ip() -> None:
    _, snap = _demo()
    api = snap.container("api")
    eps = {e.network_name: e for e in snap.endpoints_of(api.id)}
    assert set(eps) == {"appnet", "backend"}
    assert "backend-api" in eps["appnet"].aliases
    assert "api-internal" in eps["backend"].aliases
    assert eps["appnet"].static_ipv4 == eps["appnet"].address
    assert eps["appnet"].ipv4.endswith("/24")


def test_stopped_container_keeps_membership_without_address() -> None:
    _, snap = _demo()
    (ep,) = snap.endpoints_of(snap.container("stopped").id)
    assert ep.network_name == "appnet"
    assert ep.ipv4 is None
    assert ep.network_id == snap.network("appnet").id


def test_legacy_link_is_one_way() -> None:
    _, snap = _demo()
    t1, t2 = snap.container("tomcat1"), snap.container("tomcat2")
    assert [(lk.source_id, lk.target_id, lk.alias) for lk in snap.links] == [(t2.id, t1.id, "tomcat1")]


def test_null_ipam_config_and_missing_fields() -> None:
    net = parse_network({"Id": "abc", "Name": "host", "Driver": "host", "IPAM": {"Driver": "default", "Config": None}})
    assert net.ipam == () and net.subnets == [] and net.scope == "local"
    bare = parse_network({"Id": "x", "Name": "n"})
    assert bare.driver == "" and not bare.internal and bare.labels == () and bare.options == ()


def test_container_that_vanished_before_inspect_is_still_listed_from_summary() -> None:
    raw, _ = _demo()
    raw = copy.deepcopy(raw)
    web_id = next(c["Id"] for c in raw["containers"] if c["Names"] == ["/web"])
    del raw["inspects"][web_id]
    snap = parse_snapshot(raw)
    web = snap.container("web")
    assert web is not None and web.state == "running"
    assert [e.network_name for e in snap.endpoints_of(web.id)] == ["appnet"]
    assert all(e.aliases == () for e in snap.endpoints_of(web.id))  # only inspect has aliases


def test_newer_api_fields_are_accepted() -> None:
    """API 1.44+ adds DNSNames and may send Links as "name:alias"."""
    raw, _ = _demo()
    raw = copy.deepcopy(raw)
    t2 = next(c["Id"] for c in raw["containers"] if c["Names"] == ["/tomcat2"])
    raw["inspects"][t2]["HostConfig"]["Links"] = ["tomcat1:t1"]
    for ep in raw["inspects"][t2]["NetworkSettings"]["Networks"].values():
        ep["DNSNames"] = ["tomcat2", "abc"]
    snap = parse_snapshot(raw)
    assert [lk.alias for lk in snap.links] == ["t1"]
    assert snap.endpoints_of(t2)[0].dns_names == ("tomcat2", "abc")


def test_published_ports_are_deduplicated_across_ipv4_and_ipv6() -> None:
    from tui.model.parse import parse_container

    summary = {
        "Id": "c1",
        "Names": ["/p"],
        "State": "running",
        "Ports": [
            {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"PrivatePort": 443, "Type": "tcp"},
        ],
    }
    c = parse_container(summary, None)
    assert [str(p) for p in c.ports] == ["8080->80/tcp", "443/tcp"]


def test_old_engine_link_names_do_not_become_the_container_name() -> None:
    from tui.model.parse import parse_container

    c = parse_container({"Id": "c1", "Names": ["/app/db", "/db"], "State": "running"}, None)
    assert c.name == "db"


def test_find_by_name_id_and_prefix() -> None:
    _, snap = _demo()
    web = snap.container("web")
    assert snap.container(web.id) == web
    assert snap.container(web.id[:12]) == web
    assert snap.container("/web") == web
    assert snap.container("") is None
    assert snap.network("appnet") == snap.network(snap.network("appnet").id[:10])
