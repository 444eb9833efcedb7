"""Pure address-space logic: effective gateways, subnets, pools, conflicts, suggestions."""

from __future__ import annotations

from tui.model.addressing import effective_gateway
from tui.model.hostroutes import HostAddress
from tui.model.snapshot import HostFacts, IPAMConfig, Network, Snapshot


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
