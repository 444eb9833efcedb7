"""Pure address-space logic: effective gateways, subnets, pools, conflicts, suggestions."""

from __future__ import annotations

import json

import pytest

from tui.cli.main import main
from tui.model.addressing import effective_gateway
from tui.model.addrpools import BUILTIN_POOLS, engine_pools, pool_warning
from tui.model.addrspace import address_space, overlapping, suggest_subnet
from tui.model.hostfacts import HostFacts
from tui.model.hostroutes import HostAddress, HostRoute
from tui.model.parse import parse_routes
from tui.model.snapshot import Endpoint, EngineInfo, IPAMConfig, Network, Snapshot


def _net(name: str, *pools: IPAMConfig, driver: str = "bridge", options: tuple[tuple[str, str], ...] = ()) -> Network:
    return Network(id=f"{name}0123456789abcdef", name=name, driver=driver, ipam=pools, options=options)


def test_gateway_reported_by_the_engine_is_not_derived() -> None:
    net = _net("a", IPAMConfig(subnet="10.1.0.0/24", gateway="10.1.0.9"))
    assert effective_gateway(net, Snapshot()) == ("10.1.0.9", False)


def test_gateway_without_ipam_gateway_is_the_first_host_address() -> None:
    net = _net("a", IPAMConfig(subnet="10.1.0.0/24"))
    assert effective_gateway(net, Snapshot()) == ("10.1.0.1", True)


def test_gateway_from_the_host_bridge_when_known() -> None:
    net = _net("a", IPAMConfig(subnet="10.1.0.0/24"))
    host = HostFacts(addresses=(HostAddress("br-a0123456789a", "10.1.0.200/24"), HostAddress("eth0", "10.1.0.5/24")))
    assert effective_gateway(net, Snapshot(host=host)) == ("10.1.0.200", True)
    named = _net("bridge", IPAMConfig(subnet="172.17.0.0/16"), options=(("com.docker.network.bridge.name", "docker0"),))
    host = HostFacts(addresses=(HostAddress("docker0", "172.17.0.1/16"),))
    assert effective_gateway(named, Snapshot(host=host)) == ("172.17.0.1", True)


def test_gateway_prefers_ipv4_and_none_for_host_and_none() -> None:
    net = _net("a", IPAMConfig(subnet="fd00:1::/64"), IPAMConfig(subnet="10.2.0.0/16"))
    assert effective_gateway(net, Snapshot()) == ("10.2.0.1", True)
    v6 = _net("b", IPAMConfig(subnet="fd00:1::/64"))
    assert effective_gateway(v6, Snapshot()) == ("fd00:1::1", True)
    assert effective_gateway(_net("host", driver="host"), Snapshot()) == ("", False)
    assert effective_gateway(_net("none", driver="null"), Snapshot()) == ("", False)
    assert effective_gateway(_net("c", IPAMConfig(subnet="10.9.9.9/32")), Snapshot()) == ("", False)


# --- the address space: subnets, pools, conflicts, suggestions -------------------------------

# `ip -j route` of a laptop on a LAN with a VPN, as hostroutes.read_routes turns it into rows.
RECORDED_ROUTES = [
    {"dst": "0.0.0.0/0", "dev": "wlan0", "gateway": "192.168.1.1", "proto": "dhcp", "scope": ""},
    {"dst": "192.168.1.0/24", "dev": "wlan0", "gateway": "", "proto": "kernel", "scope": "link"},
    {"dst": "10.8.0.0/16", "dev": "tun0", "gateway": "", "proto": "static", "scope": ""},
    {"dst": "172.17.0.0/16", "dev": "docker0", "gateway": "", "proto": "kernel", "scope": "link"},
    {"dst": "fe80::/64", "dev": "wlan0", "gateway": "", "proto": "kernel", "scope": ""},
]


def _laptop() -> Snapshot:
    routes = parse_routes(RECORDED_ROUTES)
    assert routes is not None and routes[2] == HostRoute("10.8.0.0/16", "tun0", "", "static", "")
    nets = (
        _net(
            "bridge",
            IPAMConfig(subnet="172.17.0.0/16", gateway="172.17.0.1"),
            options=(("com.docker.network.bridge.name", "docker0"),),
        ),
        _net("vpnclash", IPAMConfig(subnet="10.8.3.0/24")),
        _net("lanwide", IPAMConfig(subnet="192.168.0.0/16")),
        _net("v6a", IPAMConfig(subnet="fd00:1::/48")),
        _net("v6b", IPAMConfig(subnet="fd00:1:0:5::/64")),
        _net("host", driver="host"),
        _net("none", driver="null"),
    )
    eps = (
        Endpoint("c1", nets[1].id, "vpnclash", ipv4="10.8.3.2/24"),
        Endpoint("c2", nets[3].id, "v6a", ipv6="fd00:1::2/48"),
    )
    return Snapshot(networks=nets, endpoints=eps, host=HostFacts(routes=routes, addresses=()))


def test_subnets_sorted_with_usage_and_no_rows_for_host_and_none() -> None:
    space = address_space(_laptop())
    assert [r.cidr for r in space.subnets] == [
        "10.8.3.0/24",
        "172.17.0.0/16",
        "192.168.0.0/16",
        "fd00:1::/48",
        "fd00:1:0:5::/64",
    ]
    row = space.subnets[0]
    assert (row.network, row.gateway, row.gateway_derived, row.used, row.size) == ("vpnclash", "10.8.3.1", True, 2, 256)
    assert space.subnets[3].used == 2 and space.subnets[3].size == 2**80
    assert space.routes_problem == ""


def test_overlaps_of_different_prefix_lengths_and_ipv6() -> None:
    kinds = {(c.kind, c.a, c.b) for c in address_space(_laptop()).conflicts}
    assert ("overlap", "v6a fd00:1::/48", "v6b fd00:1:0:5::/64") in kinds


def test_host_route_conflicts_name_the_route_and_skip_dockers_own() -> None:
    found = [c for c in address_space(_laptop()).conflicts if c.kind == "host-route"]
    by = {c.a: c for c in found}
    assert set(by) == {
        "vpnclash 10.8.3.0/24",
        "lanwide 192.168.0.0/16",
    }  # docker0's route and the default route are not conflicts
    assert by["vpnclash 10.8.3.0/24"].b == "host route 10.8.0.0/16 dev tun0"
    assert "cut off" in by["vpnclash 10.8.3.0/24"].detail
    assert "cannot reach what lies behind wlan0" in by["lanwide 192.168.0.0/16"].detail


def test_routes_unreadable_is_said() -> None:
    assert address_space(Snapshot(source="demo")).routes_problem.startswith("the host's routes cannot be read (")
    remote = Snapshot(engine=EngineInfo(host="ssh://me@far"))
    assert "remote" in address_space(remote).routes_problem


def test_pools_usage_and_warning() -> None:
    import ipaddress

    taken = [ipaddress.ip_network(c) for c in ("10.123.0.0/24", "10.123.1.0/24", "10.123.2.128/25")]
    pools = engine_pools((("10.123.0.0/22", 24),), taken)
    assert (pools[0].blocks_total, pools[0].blocks_used) == (4, 3)
    assert "only 1 default pool block left" in pool_warning(pools)
    full = engine_pools((("10.123.0.0/22", 24),), [ipaddress.ip_network("10.123.0.0/22")])
    assert full[0].blocks_free == 0 and "could not find an available" in pool_warning(full)
    builtin = engine_pools(None, [ipaddress.ip_network("172.17.0.0/16"), ipaddress.ip_network("192.168.0.0/24")])
    assert len(builtin) == len(BUILTIN_POOLS) and builtin[0].builtin
    assert sum(p.blocks_total for p in builtin) == 31 and sum(p.blocks_used for p in builtin) == 2


def test_suggest_skips_everything_known_and_other_sized_pools() -> None:
    snap = _laptop()
    assert suggest_subnet(snap) == "172.16.0.0/24"  # built-in pools are /16 and /20 blocks: never eaten by a /24
    pooled = Snapshot(engine=EngineInfo(address_pools=(("10.8.0.0/16", 24),)), networks=snap.networks, host=snap.host)
    assert suggest_subnet(pooled) == "172.16.0.0/24"  # 10.8/16 is the VPN's: the whole pool is taken
    small = Snapshot(
        engine=EngineInfo(address_pools=(("10.123.0.0/22", 24),)),
        networks=(_net("a", IPAMConfig(subnet="10.123.0.0/24")),),
    )
    assert suggest_subnet(small) == "10.123.1.0/24"
    assert overlapping("10.8.3.128/25", snap) == "10.8.3.0/24 of vpnclash"
    assert overlapping("10.8.200.0/24", snap) == "the host route 10.8.0.0/16 dev tun0"
    assert overlapping("10.99.0.0/24", snap) == ""


def test_subnets_json_on_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "subnets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"subnets", "pools", "conflicts", "suggest"}
    backend = next(s for s in data["subnets"] if s["network"] == "backend")
    assert {k: backend[k] for k in ("cidr", "gateway", "gateway_derived")} == {
        "cidr": "172.28.1.0/24",
        "gateway": "172.28.1.1",
        "gateway_derived": False,  # no IPAM gateway, but its endpoints report this one
    }
    ipvnet = next(s for s in data["subnets"] if s["network"] == "ipvnet")
    assert (ipvnet["gateway"], ipvnet["gateway_derived"]) == ("192.168.1.1", True)  # no endpoints
    assert set(data["pools"][0]) >= {"base", "size", "blocks_total", "blocks_used"}
    assert data["suggest"] == "172.16.0.0/24"
    assert data["host_routes"].startswith("the host's routes cannot be read")
    assert main(["--demo", "subnets"]) == 0
    assert "a free /24: 172.16.0.0/24" in capsys.readouterr().out


def test_create_validation_refuses_host_route_overlaps_but_not_for_macvlan() -> None:
    from tui.changes.change import CreateNetwork, PoolSpec
    from tui.changes.validatecreate import validate_create

    snap = _laptop()
    errors = validate_create(CreateNetwork("n", pools=(PoolSpec("10.8.200.0/24"),)), snap)
    assert errors["pool0-subnet"] == "overlaps the host route 10.8.0.0/16 dev tun0"
    mac = CreateNetwork("m", driver="macvlan", pools=(PoolSpec("10.8.7.0/24"),), options=(("parent", "tun0"),))
    assert "pool0-subnet" not in validate_create(mac, snap)  # a macvlan shares its parent's network on purpose
    assert validate_create(CreateNetwork("n", pools=(PoolSpec(suggest_subnet(snap)),)), snap) == {}
