"""What a new user tripped on (issue 16), the items left after tests/test_new_user.py.

Each test failed on the code before its fix.
"""

from __future__ import annotations

from tui.model.addressing import BRIDGE, DEFAULT, ENDPOINT, IPAM, effective_gateway, gateway_source
from tui.model.hostfacts import HostFacts
from tui.model.hostroutes import HostAddress
from tui.model.snapshot import Endpoint, IPAMConfig, Network, Snapshot
from tui.presentation.details import network_sections

# -- effective gateway: what the endpoints report beats a derived default ------------------------


def test_gateway_reported_by_endpoints_beats_the_derived_ones() -> None:
    """A non-default IPAM driver gave the containers 10.1.0.254: that is the gateway, not .1."""
    net = Network(id="n" * 64, name="ipamnet", driver="bridge", ipam_driver="other", ipam=(IPAMConfig("10.1.0.0/24"),))
    eps = tuple(Endpoint(f"c{i}", net.id, net.name, ipv4=f"10.1.0.{i + 2}/24", gateway="10.1.0.254") for i in range(2))
    other = Endpoint("c9", "x" * 64, "other", ipv4="10.1.0.3/24", gateway="10.1.0.77")
    host = HostFacts(addresses=(HostAddress(f"br-{net.id[:12]}", "10.1.0.200/24"),))
    snap = Snapshot(networks=(net,), endpoints=(*eps, other), host=host)
    assert effective_gateway(net, snap) == ("10.1.0.254", False)
    assert gateway_source(net, net.ipam[0], snap) == ("10.1.0.254", ENDPOINT)
    # the IPAM config still wins; then the bridge's address, then the subnet's first address
    named = Network(id=net.id, name="n", driver="bridge", ipam=(IPAMConfig("10.1.0.0/24", "10.1.0.9"),))
    assert gateway_source(named, named.ipam[0], snap) == ("10.1.0.9", IPAM)
    no_eps = Snapshot(networks=(net,), endpoints=(other,), host=host)
    assert effective_gateway(net, no_eps) == ("10.1.0.200", True)
    assert gateway_source(net, net.ipam[0], no_eps)[1] == BRIDGE
    assert gateway_source(net, net.ipam[0], Snapshot(networks=(net,))) == ("10.1.0.1", DEFAULT)
    # an endpoint's gateway outside the pool (another family, a stale value) is not the pool's
    stray = Endpoint("c5", net.id, net.name, ipv4="10.1.0.5/24", gateway="192.168.9.1")
    assert effective_gateway(net, Snapshot(networks=(net,), endpoints=(stray,))) == ("10.1.0.1", True)
    # the network pane says where each gateway came from
    text = "\n".join(f"{k} {v}" for s in network_sections(net, snap) for k, v in s.rows)
    assert "10.1.0.254 (reported by its endpoints)" in text
    text = "\n".join(f"{k} {v}" for s in network_sections(net, no_eps) for k, v in s.rows)
    assert "10.1.0.200 (derived: the host bridge's address)" in text
