"""Reachability verdicts on the demo snapshot (recorded from the seed's scenarios on a real engine)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tui.engine.hostinfo import HostReader
from tui.model.files import load_demo
from tui.model.hostfacts import HostFacts, LinkState
from tui.model.options import ICC_OPTION, parse_go_bool
from tui.model.parse import parse_host
from tui.model.snapshot import PortBinding, Snapshot
from tui.reach.stack import icc_off, option_flag
from tui.reach.text import verdict_lines
from tui.reach.verdict import Verdict, host_verdict, reachable_from, reaches, verdict


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


def _macvlan_pair(snap: Snapshot, options: dict[str, str], host: HostFacts | None = None) -> tuple[Snapshot, str]:
    """The demo with a second member on macnet, macnet's options replaced, and the host facts given."""
    macc = snap.container("macc")
    assert macc is not None
    other = dataclasses.replace(macc, id="f" * 64, name="macc2")
    ep = next(e for e in snap.endpoints if e.container_id == macc.id)
    twin = dataclasses.replace(ep, container_id=other.id, ipv4="192.168.0.99/24")
    nets = tuple(
        dataclasses.replace(n, options=tuple(sorted(options.items()))) if n.name == "macnet" else n
        for n in snap.networks
    )
    return dataclasses.replace(
        snap, networks=nets, containers=(*snap.containers, other), endpoints=(*snap.endpoints, twin), host=host
    ), other.name


def test_macvlan_modes_other_than_bridge_keep_members_apart(snap: Snapshot) -> None:
    for mode, words in (("private", "private mode"), ("vepa", "hairpin"), ("passthru", "one container alone")):
        bigger, other = _macvlan_pair(snap, {"parent": "dnldemo0", "macvlan_mode": mode})
        v = why(bigger, "macc", other)
        assert not v.ip_reachable and any(words in r for r in v.reasons), v.reasons
        assert any("bridge mode" in f for f in v.fixes)
    bigger, other = _macvlan_pair(snap, {"parent": "dnldemo0", "macvlan_mode": "bridge"})
    assert why(bigger, "macc", other).ip_reachable


def test_a_macvlan_parent_without_carrier_cuts_bridge_mode_members_off(snap: Snapshot) -> None:
    down = HostFacts(links=(LinkState("dnldemo0", operstate="lowerlayerdown", carrier=False),))
    bigger, other = _macvlan_pair(snap, {"parent": "dnldemo0"}, down)
    v = why(bigger, "macc", other)
    assert not v.ip_reachable
    assert any("without carrier (operstate lowerlayerdown)" in r for r in v.reasons)
    assert v.fixes == ("bring dnldemo0 back up: it has no carrier (its cable, switch port or veth peer is down)",)
    up = HostFacts(links=(LinkState("dnldemo0", operstate="up", carrier=True),))
    v = why(_macvlan_pair(snap, {"parent": "dnldemo0"}, up)[0], "macc", other)
    assert v.ip_reachable and any("parent dnldemo0 up" in r for r in v.reasons)
    # Not read (a saved snapshot, a remote engine, the demo): said so, and the verdict stays "reaches".
    v = why(_macvlan_pair(snap, {"parent": "dnldemo0"})[0], "macc", other)
    assert v.ip_reachable and any("parent dnldemo0 state unknown" in r for r in v.reasons)


def _restarted(snap: Snapshot, name: str, started_at: str) -> Snapshot:
    return dataclasses.replace(
        snap,
        containers=tuple(
            dataclasses.replace(c, started_at=started_at) if c.name == name else c for c in snap.containers
        ),
    )


def test_a_sidecar_whose_namespace_owner_restarted_is_orphaned(snap: Snapshot) -> None:
    # The start times alone say so (web started again after sidecar joined it): a saved snapshot too.
    later = _restarted(snap, "web", "2026-11-29T07:00:00.5Z")
    v = why(later, "sidecar", "web")
    assert not v.ip_reachable and v.names == () and v.via == ()
    assert any("only lo" in r and "container:web" in r for r in v.reasons)
    assert v.fixes == ("restart sidecar (docker restart sidecar): it joins web's current namespace again",)
    assert not why(later, "api", "sidecar").ip_reachable
    me = why(later, "sidecar", "sidecar")
    assert me.addresses == ("127.0.0.1",) and me.via[0].kind == "self"
    # Nanoseconds lose their trailing zeros: .9119 is before sidecar's .911928101, whatever the string order.
    assert why(_restarted(snap, "web", "2026-11-29T06:36:12.9119Z"), "sidecar", "web").ip_reachable
    # On the engine's host the namespaces decide, whatever the clocks say.
    web, side = snap.container("web"), snap.container("sidecar")
    assert web is not None and side is not None
    same = HostFacts(net_namespaces=((web.id, "net:[1]"), (side.id, "net:[1]")))
    assert why(dataclasses.replace(later, host=same), "sidecar", "web").ip_reachable
    apart = HostFacts(net_namespaces=((web.id, "net:[2]"), (side.id, "net:[1]")))
    assert not why(dataclasses.replace(snap, host=apart), "sidecar", "web").ip_reachable


def test_a_default_route_on_a_macvlan_reaches_the_host_only_on_link(snap: Snapshot) -> None:
    """macc joins appnet too; libnetwork sorts `appnet` before `macnet`, so rename it `zapp` first."""
    macc = snap.container("macc")
    appnet = snap.network("appnet")
    assert macc is not None and appnet is not None
    web_ep = next(e for e in snap.endpoints if e.network_name == "appnet" and e.gateway)
    ep = dataclasses.replace(web_ep, container_id=macc.id, ipv4="172.28.0.77/24")
    nets = tuple(dataclasses.replace(n, name="zapp") if n.id == appnet.id else n for n in snap.networks)
    mixed = dataclasses.replace(snap, networks=nets, endpoints=(*snap.endpoints, ep))
    hv = host_verdict(mixed, macc)
    assert hv.addresses == ("172.28.0.1",)  # zapp's gateway, on-link; not docker0 nor backend's
    assert any("default route goes out through macvlan macnet" in r for r in hv.reasons)
    # With the bridge first in libnetwork's order, its default route reaches every host address.
    first = dataclasses.replace(snap, endpoints=(*snap.endpoints, ep))
    assert {"172.28.0.1", "172.17.0.1", "172.28.1.1"} <= set(host_verdict(first, macc).addresses)


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


def _fake_host(tmp_path: Path) -> tuple[str, str]:
    """A /sys with docker0 and a macvlan parent without carrier, and a /proc with two processes."""
    sys_root, proc_root = tmp_path / "sys", tmp_path / "proc"
    for link, state, carrier in (("docker0", "up", "1"), ("dnl0", "lowerlayerdown", "0"), ("dnl1", "down", None)):
        d = sys_root / "class" / "net" / link
        d.mkdir(parents=True)
        (d / "operstate").write_text(state + "\n")
        if carrier is not None:  # an admin-down link's carrier cannot be read (EINVAL)
            (d / "carrier").write_text(carrier + "\n")
    for pid, cid, ns in ((10, "a" * 64, "net:[1]"), (11, "b" * 64, "net:[2]"), (12, "other", "net:[3]")):
        d = proc_root / str(pid)
        (d / "ns").mkdir(parents=True)
        (d / "cgroup").write_text(f"1:name=systemd:/docker/{cid}\n")
        (d / "ns" / "net").symlink_to(ns)
    return str(sys_root), str(proc_root)


def test_host_facts_are_read_only_on_the_engines_host(tmp_path: Path) -> None:
    sys_root, proc_root = _fake_host(tmp_path)
    networks = [
        {"Id": "1" * 64, "Driver": "bridge", "Options": {"com.docker.network.bridge.name": "docker0"}},
        {"Id": "2" * 64, "Driver": "macvlan", "Options": {"parent": "dnl0"}},
        {"Id": "3" * 64, "Driver": "macvlan", "Options": {"parent": "dnl1"}},
        {"Id": "4" * 64, "Driver": "macvlan", "Options": {"parent": "gone0"}},
    ]
    inspects = {
        "a" * 64: {"Name": "/x", "State": {"Pid": 10}, "HostConfig": {"NetworkMode": "default"}},
        "b" * 64: {"Name": "/side", "State": {"Pid": 11}, "HostConfig": {"NetworkMode": "container:" + "a" * 64}},
        # PID 12 is some other process (another PID namespace): its cgroup does not name the container.
        "c" * 64: {"Name": "/side2", "State": {"Pid": 12}, "HostConfig": {"NetworkMode": "container:" + "a" * 64}},
    }
    reader = HostReader(sys_root=sys_root, proc_root=proc_root)
    raw = reader.read("unix:///var/run/docker.sock", networks, inspects)
    assert raw is not None
    host = parse_host(raw)
    assert host is not None
    assert host.link("dnl0") == LinkState("dnl0", "lowerlayerdown", False, True)
    assert host.link("dnl1") == LinkState("dnl1", "down", None, True)  # carrier unreadable: unknown
    assert host.link("gone0") == LinkState("gone0", "", None, False)
    assert all(host.link(n).cut_off for n in ("dnl0", "dnl1", "gone0"))  # type: ignore[union-attr]
    assert dict(host.net_namespaces) == {"a" * 64: "net:[1]", "b" * 64: "net:[2]"}
    # Another machine's engine, or a namespace without the engine's bridges: no facts, never wrong ones.
    assert reader.read("tcp://10.0.0.5:2376", networks, inspects) is None
    elsewhere = [{"Id": "9" * 64, "Driver": "bridge", "Options": {}}]
    assert reader.read("unix:///var/run/docker.sock", elsewhere, inspects) is None
    # A saved snapshot without the key: no host facts at all.
    assert parse_host(None) is None
