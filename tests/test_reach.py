"""Reachability verdicts on the demo snapshot (recorded from the seed's scenarios on a real engine)."""

from __future__ import annotations

import dataclasses

import pytest

from tui.model.files import load_demo
from tui.model.snapshot import PortBinding, Snapshot
from tui.reach.ip import ICC_OPTION, icc_off, option_flag, parse_go_bool
from tui.reach.text import verdict_lines
from tui.reach.verdict import Verdict, reachable_from, reaches, verdict


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return load_demo()[1]


def why(snap: Snapshot, src: str, dst: str) -> Verdict:
    a, b = snap.container(src), snap.container(dst)
    assert a is not None and b is not None
    return verdict(snap, a, b)


def addr(snap: Snapshot, name: str, network: str) -> str:
    c = snap.container(name)
    assert c is not None
    found = [e.address for e in snap.endpoints_of(c.id) if e.network_name == network and e.address]
    assert found, f"{name} has no address on {network}"
    return found[0]


def test_link_works_one_way_by_name(snap: Snapshot) -> None:
    v = why(snap, "tomcat2", "tomcat1")
    assert v.ip_reachable
    assert "tomcat1" in v.names
    assert [p.network for p in v.via] == ["bridge"]
    assert v.addresses == (addr(snap, "tomcat1", "bridge"),)
    assert any("--link" in r for r in v.reasons)


def test_reverse_of_a_link_is_ip_only(snap: Snapshot) -> None:
    v = why(snap, "tomcat1", "tomcat2")
    assert v.ip_reachable  # the default bridge has ICC on
    assert v.names == ()
    assert any("one-way" in r for r in v.reasons)
    assert any("user-defined network instead of --link" in f for f in v.fixes)


def test_embedded_dns_names_are_scoped_to_the_shared_network(snap: Snapshot) -> None:
    v = why(snap, "web", "api")
    assert v.ip_reachable
    assert {"api", "backend-api", "api.appnet"} <= set(v.names)
    assert "api-internal" not in v.names  # that alias lives on backend, which web is not on
    assert v.addresses == (addr(snap, "api", "appnet"),)  # not api's backend address
    assert any("isolation" in r for r in v.reasons)

    v = why(snap, "db", "api")
    assert v.ip_reachable
    assert "api-internal" in v.names and "backend-api" not in v.names
    assert any("internal" in r for r in v.reasons)


def test_different_networks_do_not_meet(snap: Snapshot) -> None:
    v = why(snap, "web", "db")
    assert not v.ip_reachable and v.names == () and v.via == ()
    assert "connect web to backend: docker network connect backend web" in v.fixes[0]

    v = why(snap, "tomcat1", "web")
    assert not v.ip_reachable
    assert any("connect tomcat1 to appnet" in f for f in v.fixes)
    assert any("publishes 8080->80/tcp" in f for f in v.fixes)


def _with_ports(snap: Snapshot, name: str, *ports: PortBinding) -> Snapshot:
    c = snap.container(name)
    assert c is not None
    changed = dataclasses.replace(c, ports=ports)
    return dataclasses.replace(snap, containers=tuple(changed if x.id == c.id else x for x in snap.containers))


def test_the_route_through_the_host_is_suggested_only_where_it_works(snap: Snapshot) -> None:
    gw = next(e.gateway for e in snap.endpoints if e.network_name == "bridge" and e.gateway)
    v = why(snap, "tomcat1", "web")  # web publishes 8080 on every address
    assert v.published_via[0] == f"{gw}:8080"  # tomcat1's own gateway first
    assert f"or go through the host: web publishes 8080->80/tcp, which this source reaches at {gw}:8080" in v.fixes
    lo = _with_ports(snap, "web", PortBinding(80, "tcp", "127.0.0.1", 8080))
    v = why(lo, "tomcat1", "web")
    assert v.published_via == () and not any("go through the host" in f for f in v.fixes)
    assert any("loopback only" in n for n in v.published_notes)
    assert why(lo, "hostc", "web").published_via == ("127.0.0.1:8080",)  # the host itself can
    text = "\n".join(verdict_lines(v))
    assert "reachable from outside" not in text and "tomcat1 cannot reach them through the host" in text
    v = why(snap, "db", "web")  # db is only on the internal backend network
    assert not v.ip_reachable and v.published_via == ()
    assert not any("go through the host" in f for f in v.fixes)
    assert any("--internal" in n for n in v.published_notes)
    assert why(snap, "macc", "web").published_via == ()


def test_icc_off_blocks_members_but_names_still_resolve(snap: Snapshot) -> None:
    v = why(snap, "iso1", "iso2")
    assert not v.ip_reachable
    assert "iso2" in v.names
    assert any("ICC is off" in r for r in v.reasons)
    assert any("turn ICC back on for isolated" in f for f in v.fixes)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        *((v, True) for v in ("1", "t", "T", "TRUE", "true", "True")),
        *((v, False) for v in ("0", "f", "F", "FALSE", "false", "False")),
        *((v, None) for v in ("", "no", "off", "yes", "fAlSe", "tRUE", " 0", "00", "2")),
    ],
)
def test_driver_booleans_parse_like_go(value: str, parsed: bool | None) -> None:
    assert parse_go_bool(value) is parsed


@pytest.mark.parametrize("value", ["0", "f", "F", "FALSE", "False", "false"])
def test_every_go_false_turns_icc_off(snap: Snapshot, value: str) -> None:
    isolated = snap.network("isolated")
    assert isolated is not None
    other = dict(isolated.options) | {ICC_OPTION: value}
    net = dataclasses.replace(isolated, options=tuple(other.items()))
    snap2 = dataclasses.replace(snap, networks=tuple(net if n.id == net.id else n for n in snap.networks))
    assert icc_off(net)
    v = why(snap2, "iso1", "iso2")
    assert not v.ip_reachable
    assert any(f"{ICC_OPTION}={value}" in r for r in v.reasons)
    assert any(f"without -o {ICC_OPTION}={value}" in f for f in v.fixes)


@pytest.mark.parametrize(("value", "off"), [("1", False), ("True", False), ("bogus", False), ("no", False)])
def test_true_or_unparseable_icc_is_on(snap: Snapshot, value: str, off: bool) -> None:
    isolated = snap.network("isolated")
    assert isolated is not None
    net = dataclasses.replace(isolated, options=((ICC_OPTION, value),))
    assert icc_off(net) is off
    assert option_flag(net, "com.docker.network.bridge.enable_ip_masquerade", True)


def test_host_mode_reaches_bridges_not_macvlan_or_overlay(snap: Snapshot) -> None:
    for dst in ("iso1", "db", "tomcat1", "web"):
        v = why(snap, "hostc", dst)
        assert v.ip_reachable, dst
        assert v.via[0].kind == "from-host"
    assert not why(snap, "hostc", "macc").ip_reachable
    assert not why(snap, "hostc", "svc").ip_reachable
    assert any("cannot reach its own macvlan" in r for r in why(snap, "hostc", "macc").reasons)


def test_bridge_members_reach_a_host_mode_container_at_the_host(snap: Snapshot) -> None:
    for src in ("iso1", "db", "tomcat1", "web"):
        v = why(snap, src, "hostc")
        assert v.ip_reachable, src
        assert v.via and v.via[0].kind == "to-host"
        assert v.host_reachable
    gateway = next(e.gateway for e in snap.endpoints if e.network_name == "isolated" and e.gateway)
    assert gateway in why(snap, "iso1", "hostc").addresses
    macc = why(snap, "macc", "hostc")
    assert not macc.ip_reachable and not macc.host_reachable


def test_none_mode_reaches_nothing_and_is_reached_by_nothing(snap: Snapshot) -> None:
    assert reaches(snap, snap.container("nonec")) == []  # type: ignore[arg-type]
    assert reachable_from(snap, snap.container("nonec")) == []  # type: ignore[arg-type]
    v = why(snap, "nonec", "web")
    assert any("--network none" in r for r in v.reasons) and v.fixes


def test_sidecar_shares_webs_namespace(snap: Snapshot) -> None:
    v = why(snap, "sidecar", "web")
    assert v.ip_reachable and v.via[0].kind == "namespace"
    assert "localhost" in v.names and "web" in v.names
    side, web = why(snap, "sidecar", "api"), why(snap, "web", "api")
    assert (side.ip_reachable, side.names, side.addresses) == (web.ip_reachable, web.names, web.addresses)
    v = why(snap, "api", "sidecar")
    assert v.ip_reachable
    assert v.addresses == (addr(snap, "web", "appnet"),)
    assert "web" in v.names and "sidecar" not in v.names
    assert v.published == ("8080->80/tcp",)


def test_stopped_and_created_containers(snap: Snapshot) -> None:
    for src, dst in (("web", "stopped"), ("stopped", "web"), ("macc", "ipvc"), ("ipvc", "macc")):
        v = why(snap, src, dst)
        assert not v.ip_reachable and v.names == ()
        assert any("not running" in r for r in v.reasons)
    assert why(snap, "web", "stopped").fixes == ("start stopped",)


def test_macvlan_members_reach_each_other(snap: Snapshot) -> None:
    macc = snap.container("macc")
    assert macc is not None
    other = dataclasses.replace(macc, id="f" * 64, name="macc2")
    ep = next(e for e in snap.endpoints if e.container_id == macc.id)
    twin = dataclasses.replace(ep, container_id=other.id, ipv4="192.168.240.99/24")
    bigger = dataclasses.replace(snap, containers=(*snap.containers, other), endpoints=(*snap.endpoints, twin))
    v = verdict(bigger, macc, other)
    assert v.ip_reachable and "macc2" in v.names


def test_add_host_entries_name_containers_and_the_host(snap: Snapshot) -> None:
    hosty = snap.container("hosty")
    assert hosty is not None
    target = addr(snap, "tomcat1", "bridge")
    changed = dataclasses.replace(hosty, extra_hosts=(f"oldname:{target}", "host.docker.internal:host-gateway"))
    snap2 = dataclasses.replace(snap, containers=tuple(changed if c.id == hosty.id else c for c in snap.containers))
    assert why(snap2, "hosty", "tomcat1").names == ("oldname",)
    v = why(snap2, "hosty", "hostc")
    assert v.names == ("host.docker.internal",)
    assert any("host.docker.internal" in h for h in v.host_via)
    assert why(snap, "hosty", "tomcat1").names == ()  # legacy-db points elsewhere


def test_reachable_from_and_reaches_lists(snap: Snapshot) -> None:
    web = snap.container("web")
    assert web is not None
    into = {v.src for v in reachable_from(snap, web)}
    assert {"api", "sidecar", "hostc"} <= into
    assert not into & {"tomcat1", "db", "nonec", "stopped", "macc"}
    out = {v.dst for v in reaches(snap, web)}
    assert {"api", "sidecar", "hostc"} <= out and "db" not in out


def test_every_pair_is_explained(snap: Snapshot) -> None:
    for a in snap.containers:
        for b in snap.containers:
            v = verdict(snap, a, b)
            assert v.ip_reachable == bool(v.addresses), (a.name, b.name)
            assert v.reasons, (a.name, b.name)
            if not v.ip_reachable:
                assert v.fixes, (a.name, b.name)
            with pytest.raises(dataclasses.FrozenInstanceError):
                v.ip_reachable = not v.ip_reachable  # type: ignore[misc]


def test_text_is_plain_and_free_of_control_characters(snap: Snapshot) -> None:
    tomcat1 = snap.container("tomcat1")
    assert tomcat1 is not None
    evil = dataclasses.replace(tomcat1, name="evil\x1b[31m[/]\nname")
    snap2 = dataclasses.replace(snap, containers=tuple(evil if c.id == tomcat1.id else c for c in snap.containers))
    lines = verdict_lines(verdict(snap2, evil, snap2.container("tomcat2")))  # type: ignore[arg-type]
    assert lines[0].startswith("evil[31m[/] name -> tomcat2: reachable")
    assert all(ch >= " " for line in lines for ch in line)
    text = "\n".join(verdict_lines(why(snap, "tomcat1", "tomcat2")))
    assert "names: (none)" in text and "one-way" in text
