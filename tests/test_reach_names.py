"""The name rules of `tui.reach.names` on small hand-built snapshots (no engine needed).

Each rule here was measured on the lab engine; tests/test_reach_names_matrix.py checks the same
rules from inside real containers. These pin the model's own reasoning: the order of /etc/hosts
and the DNS, hostnames, the embedded DNS's network order, ambiguity and staleness.
"""

from __future__ import annotations

import dataclasses

from tui.model.snapshot import Container, Endpoint, EngineInfo, IPAMConfig, Link, Network, Snapshot
from tui.reach.embeddeddns import dns_order
from tui.reach.hostsfile import parse_extra_host
from tui.reach.names import resolver
from tui.reach.stack import stack_of
from tui.reach.verdict import Verdict, verdict

BRIDGE = Network("n-bridge", "bridge", "bridge", ipam=(IPAMConfig("172.17.0.0/16", "172.17.0.1"),))


def net(name: str, driver: str = "bridge", **kw: object) -> Network:
    return Network(f"n-{name}", name, driver, **kw)  # type: ignore[arg-type]


def box(name: str, **kw: object) -> Container:
    return Container(f"{name:x<64}", name, state="running", **kw)  # type: ignore[arg-type]


def ep(c: Container, n: Network, ip: str, ipv6: str = "", aliases: tuple[str, ...] = ()) -> Endpoint:
    return Endpoint(
        c.id, n.id, n.name, ipv4=f"{ip}/24", ipv6=f"{ipv6}/64" if ipv6 else None, aliases=(c.short_id, *aliases)
    )


def world(
    containers: list[Container],
    endpoints: list[Endpoint],
    networks: list[Network],
    links: tuple[Link, ...] = (),
    swarm: str = "active",
) -> Snapshot:
    return Snapshot(
        engine=EngineInfo(name="enginehost", swarm=swarm),
        networks=(BRIDGE, *networks),
        containers=tuple(containers),
        endpoints=tuple(endpoints),
        links=links,
    )


def why(snap: Snapshot, src: Container, dst: Container) -> Verdict:
    return verdict(snap, src, dst)


def known(snap: Snapshot, c: Container) -> dict[str, frozenset[str]]:
    return {name: e.addresses for name, e in resolver(snap, stack_of(snap, c)).items() if not e.doubt}


# 5. /etc/hosts before the embedded DNS.


def test_a_link_alias_or_add_host_equal_to_a_container_name_wins_over_the_dns() -> None:
    app = net("app")
    target, other, third = box("target"), box("db"), box("cache")
    src = box("src", extra_hosts=("cache:172.17.0.2",))
    snap = world(
        [target, other, third, src],
        [
            ep(target, BRIDGE, "172.17.0.2"),
            ep(other, app, "10.0.0.2"),
            ep(third, app, "10.0.0.3"),
            ep(src, BRIDGE, "172.17.0.3"),
            ep(src, app, "10.0.0.4"),
        ],
        [app],
        links=(Link(src.id, target.id, "db"),),
    )
    names = known(snap, src)
    assert names["db"] == {"172.17.0.2"} and names["cache"] == {"172.17.0.2"}  # the file, not the DNS
    assert {"db", "cache"} <= set(why(snap, src, target).names)
    v = why(snap, src, other)
    assert "db" not in v.names and "db.app" in v.names  # name.network still asks the DNS
    assert "cache" not in why(snap, src, third).names
    assert any(
        r.startswith("db does not name db here: src's /etc/hosts (legacy --link target:db) names it first")
        for r in v.reasons
    )
    assert names["localhost"] == {"127.0.0.1", "::1"}


def test_file_order_add_host_then_links_then_the_own_hostname_and_ambiguous_lines() -> None:
    a, b = box("a"), box("b")
    src = box("src", extra_hosts=("twice:172.17.0.2", "twice:172.17.0.5"))
    snap = world(
        [a, b, src],
        [ep(a, BRIDGE, "172.17.0.2"), ep(b, BRIDGE, "172.17.0.5"), ep(src, BRIDGE, "172.17.0.3")],
        [],
    )
    entry = resolver(snap, stack_of(snap, src))["twice"]
    assert entry.doubt.startswith("ambiguous: 2 lines") and entry.addresses == {"172.17.0.2", "172.17.0.5"}
    v = why(snap, src, a)
    assert "twice" not in v.names and any(r.startswith("twice: ambiguous") for r in v.reasons)


# 6. --hostname / --domainname.


def test_the_hostname_names_the_container_itself_and_its_sidecar_shares_it() -> None:
    app = net("app")
    web = box("web", hostname="db", domainname="example.org")
    db = box("db")
    side = box("side", network_mode=f"container:{web.id}", hostname="db", domainname="example.org")
    snap = world([web, db, side], [ep(web, app, "10.0.0.2"), ep(db, app, "10.0.0.3")], [app])
    names = known(snap, web)
    assert names["db"] == {"10.0.0.2"} and names["db.example.org"] == {"10.0.0.2"}
    entries = resolver(snap, stack_of(snap, web))
    assert entries[web.short_id].source.startswith("the embedded DNS")  # not /etc/hosts: the hostname replaced it
    assert "db" in why(snap, side, web).names and "db.example.org" in why(snap, web, side).names
    assert "db" not in why(snap, web, db).names and "db.app" in why(snap, web, db).names
    assert "localhost" in why(snap, side, web).names


def test_a_legacy_link_line_carries_the_targets_hostname_not_its_short_id() -> None:
    target = box("target", hostname="myhost", domainname="d.example")
    old = dataclasses.replace(box("old"), hostname="")  # an old snapshot: no Config.Hostname
    src = box("src")
    snap = world(
        [target, old, src],
        [ep(target, BRIDGE, "172.17.0.2"), ep(old, BRIDGE, "172.17.0.4"), ep(src, BRIDGE, "172.17.0.3")],
        [],
        links=(Link(src.id, target.id, "al"), Link(src.id, old.id, "ol")),
    )
    assert set(why(snap, src, target).names) == {"al", "myhost", "target"}  # not myhost.d.example
    assert {"ol", old.short_id, "old"} <= set(why(snap, src, old).names)


# 7. One name on several of SRC's networks: libnetwork's endpoint order.


def _order_world(*nets: Network) -> tuple[Snapshot, Container, dict[str, Container]]:
    src = box("src")
    targets = {n.name: box(f"t-{n.name}") for n in nets}
    eps = []
    for i, n in enumerate(nets):
        v6 = f"fd00:{i}::2" if n.ipv6 else ""
        eps.append(ep(targets[n.name], n, f"10.{i}.0.2", v6, aliases=("dup",)))
        eps.append(ep(src, n, f"10.{i}.0.9", f"fd00:{i}::9" if n.ipv6 else ""))
    return world([src, *targets.values()], eps, list(nets)), src, targets


def test_the_dns_asks_overlays_first_then_ipv6_then_by_name_internal_last() -> None:
    ovl = net("zz-ovl", "overlay", scope="swarm", attachable=True)
    v6 = net("yy-v6", ipv6=True)
    b, a = net("b-plain"), net("a-plain")
    internal = net("0-internal", internal=True)
    snap, src, targets = _order_world(internal, b, v6, a, ovl)  # the order SRC joined them in plays no part
    assert [n.name for _, n in dns_order(snap, stack_of(snap, src))] == [
        "zz-ovl",
        "yy-v6",
        "a-plain",
        "b-plain",
        "0-internal",
    ]
    entry = resolver(snap, stack_of(snap, src))["dup"]
    assert entry.addresses == {"10.4.0.2", "fd00:2::2"} and entry.doubt.startswith("ambiguous: an IPv4 lookup")
    v = why(snap, src, targets["zz-ovl"])
    assert "dup" not in v.names and any(r.startswith("dup: ambiguous") for r in v.reasons)
    assert "dup.zz-ovl" in v.names and "dup.a-plain" in why(snap, src, targets["a-plain"]).names

    snap, src, targets = _order_world(b, internal, a)
    assert known(snap, src)["dup"] == {"10.2.0.2"}
    v = why(snap, src, targets["a-plain"])
    assert "dup" in v.names and any("by name: a-plain sorts before b-plain" in r for r in v.reasons)
    v = why(snap, src, targets["b-plain"])
    assert "dup" not in v.names and "dup.b-plain" in v.names
    assert (
        "dup does not name t-b-plain here: the embedded DNS asks a-plain first, where it names t-a-plain"
        in " ".join(v.reasons)
    )

    snap, src, targets = _order_world(v6, a)
    assert "dup" in why(snap, src, targets["yy-v6"]).names  # A and AAAA both from yy-v6


def test_an_unknown_driver_or_a_shared_alias_makes_the_answer_ambiguous() -> None:
    plugin = net("a-weave", "weave")
    snap, src, targets = _order_world(plugin, net("b-plain"))
    v = why(snap, src, targets["b-plain"])
    assert "dup" not in v.names and any("weave driver" in r for r in v.reasons)

    app = net("app")
    one, two, src = box("one"), box("two"), box("src")
    snap = world(
        [one, two, src],
        [
            ep(one, app, "10.0.0.2", aliases=("rr",)),
            ep(two, app, "10.0.0.3", aliases=("rr",)),
            ep(src, app, "10.0.0.4"),
        ],
        [app],
    )
    v = why(snap, src, one)
    assert "rr" not in v.names and any(r.startswith("rr: ambiguous") and "round robin" in r for r in v.reasons)


# 8. Renames: the engine shows no old name, so verdicts say when names may be stale.


def test_dns_names_carry_the_rename_caveat_only_with_swarm_active() -> None:
    app = net("app")
    web, src = box("web"), box("src")
    eps = [ep(web, app, "10.0.0.2", aliases=("front",)), ep(src, app, "10.0.0.3")]
    v = why(world([web, src], eps, [app]), src, web)
    assert "web" in v.names and any("renamed" in r for r in v.reasons)
    v = why(world([web, src], eps, [app], swarm="inactive"), src, web)
    assert "web" in v.names and not any("renamed" in r for r in v.reasons)
    only_alias = [ep(web, app, "10.0.0.2", aliases=("front",)), ep(src, app, "10.0.0.3")]
    snap = world([web, src], only_alias, [app])
    entry = resolver(snap, stack_of(snap, src))["front"]
    assert entry.caveat == ""  # an alias survives a rename


def test_a_stopped_link_target_leaves_a_stale_line_that_may_name_someone_else() -> None:
    gone = dataclasses.replace(box("gone"), state="exited")
    other, src = box("other"), box("src")
    snap = world(
        [gone, other, src],
        [ep(other, BRIDGE, "172.17.0.2"), ep(src, BRIDGE, "172.17.0.3")],
        [],
        links=(Link(src.id, gone.id, "g"),),
    )
    v = why(snap, src, other)
    assert "g" not in v.names and any(r.startswith("g: stale: gone is not running") for r in v.reasons)
    assert "the --link" not in " ".join(v.reasons)
    back = dataclasses.replace(gone, state="running")
    snap = world([back, src], [ep(back, BRIDGE, "172.17.0.4"), ep(src, BRIDGE, "172.17.0.3")], [], snap.links)
    renamed = why(snap, src, back)
    assert any("still holds its old name" in r for r in renamed.reasons)


# 9. Name forms, IPv6 --add-host, host mode.


def test_alias_shortid_and_link_alias_with_the_network_suffix_and_any_case() -> None:
    app = net("app")
    f1 = box("f1")
    f2 = box("f2")
    snap = world(
        [f1, f2],
        [ep(f1, app, "10.0.0.2", aliases=("fal",)), ep(f2, app, "10.0.0.3")],
        [app],
        links=(Link(f2.id, f1.id, "flink", network_id=app.id),),
    )
    names = set(why(snap, f2, f1).names)
    assert {"f1", "f1.app", "fal", "fal.app", f1.short_id, f"{f1.short_id}.app", "flink", "flink.app"} <= names
    assert "flink" not in why(snap, f1, f2).names  # per-network links are one-way too


def test_extra_host_forms_and_ipv6_entries() -> None:
    assert parse_extra_host("db:10.0.0.5") == ("db", "10.0.0.5")
    assert parse_extra_host("v6:fd00::5") == ("v6", "fd00::5")
    assert parse_extra_host("v6b:[fd00::6]") == ("v6b", "fd00::6")
    assert parse_extra_host("eq=10.0.0.7") == ("eq", "10.0.0.7")
    app = net("app", ipv6=True)
    t, src = box("t"), box("src", extra_hosts=("v6:fd00::2",))
    snap = world([t, src], [ep(t, app, "10.0.0.2", "fd00::2"), ep(src, app, "10.0.0.3", "fd00::3")], [app])
    assert "v6" in why(snap, src, t).names


def test_host_mode_pairs_share_localhost_and_the_hosts_name_unless_add_host_rebuilt_the_file() -> None:
    h1 = box("h1", network_mode="host", hostname="enginehost")
    h2 = box("h2", network_mode="host", hostname="enginehost")
    h3 = box("h3", network_mode="host", hostname="enginehost", extra_hosts=("x:10.9.9.9",))
    snap = world([h1, h2, h3], [], [])
    assert {"localhost", "enginehost"} <= set(why(snap, h2, h1).names)
    v = why(snap, h3, h1)
    assert "localhost" in v.names and "enginehost" not in v.names
    old = dataclasses.replace(h2, hostname="")  # an old snapshot: the engine's name is the host's
    assert "enginehost" in why(dataclasses.replace(snap, containers=(h1, old, h3)), old, h1).names
