"""Every validation case of the action panels, on the embedded demo snapshot (no engine needed)."""

from __future__ import annotations

import dataclasses

import pytest

from tui.changes.change import (
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PoolSpec,
    PruneNetworks,
    Ref,
    RemoveNetwork,
)
from tui.changes.validate import (
    explain_engine_error,
    parse_list,
    parse_pairs,
    prune_candidates,
    validate_connect,
    validate_disconnect,
    validate_prune,
    validate_remove,
)
from tui.changes.validatecreate import validate_create
from tui.model.files import load_demo
from tui.model.snapshot import Network


@pytest.fixture(scope="module")
def snap():
    return load_demo()[1]


def ref(snap, kind: str, name: str) -> Ref:
    obj = snap.network(name) if kind == "n" else snap.container(name)
    assert obj is not None, name
    return Ref(obj.id, obj.name)


def create(**kw) -> CreateNetwork:
    return CreateNetwork(**{"name": "newnet", **kw})


def pool(subnet="10.5.0.0/24", gateway="", ip_range="", aux=()) -> tuple[PoolSpec, ...]:
    return (PoolSpec(subnet, gateway, ip_range, tuple(aux)),)


# -- parsing the free-text fields ------------------------------------------------------------------


def test_parse_pairs_accepts_comma_separated_key_values():
    assert parse_pairs("a=1, b = 2,,c=") == ((("a", "1"), ("b", "2"), ("c", "")), "")


@pytest.mark.parametrize("text", ["novalue", "=x", "a=1,a=2"])
def test_parse_pairs_rejects_malformed_input(text):
    pairs, error = parse_pairs(text)
    assert pairs == () and error


def test_parse_list_splits_on_commas_and_spaces():
    assert parse_list(" db, primary  cache,") == ("db", "primary", "cache")


# -- create ----------------------------------------------------------------------------------------


def test_a_valid_bridge_with_subnet_and_gateway_passes(snap):
    assert (
        validate_create(create(pools=pool("10.5.0.0/24", "10.5.0.1", "10.5.0.128/25", [("h", "10.5.0.5")])), snap) == {}
    )


def test_name_is_required(snap):
    assert "required" in validate_create(create(name=" "), snap)["name"]


def test_duplicate_network_name(snap):
    assert "already exists" in validate_create(create(name="appnet"), snap)["name"]


@pytest.mark.parametrize("subnet", ["10.5.0.0", "10.5.0.0/33", "nonsense/24", "300.1.1.0/24"])
def test_invalid_cidr(snap, subnet):
    assert "CIDR" in validate_create(create(pools=pool(subnet)), snap)["pool0-subnet"]


def test_ipv6_subnet_in_the_ipv4_pool_is_redirected(snap):
    assert "IPv6 field" in validate_create(create(pools=pool("fd00::/64")), snap)["pool0-subnet"]


def test_gateway_outside_its_subnet(snap):
    errors = validate_create(create(pools=pool("10.5.0.0/24", gateway="10.6.0.1")), snap)
    assert errors == {"pool0-gateway": "gateway 10.6.0.1 is outside subnet 10.5.0.0/24"}


def test_gateway_not_an_address(snap):
    assert "not an IP address" in validate_create(create(pools=pool(gateway="10.5.0.x")), snap)["pool0-gateway"]


def test_gateway_on_the_network_address(snap):
    assert "network address" in validate_create(create(pools=pool(gateway="10.5.0.0")), snap)["pool0-gateway"]


def test_ip_range_outside_its_subnet(snap):
    errors = validate_create(create(pools=pool(ip_range="10.5.1.0/25")), snap)
    assert errors["pool0-ip-range"] == "ip-range 10.5.1.0/25 is not inside subnet 10.5.0.0/24"


def test_ip_range_not_a_cidr(snap):
    assert "CIDR" in validate_create(create(pools=pool(ip_range="10.5.0.1")), snap)["pool0-ip-range"]


def test_aux_address_outside_its_subnet(snap):
    errors = validate_create(create(pools=pool(aux=[("router", "10.9.0.1")])), snap)
    assert errors["pool0-aux"] == "aux address router=10.9.0.1 is outside subnet 10.5.0.0/24"


def test_gateway_without_subnet(snap):
    assert "give the subnet" in validate_create(create(pools=pool("", gateway="10.5.0.1")), snap)["pool0-subnet"]


def test_subnet_overlapping_an_existing_network_names_it(snap):
    errors = validate_create(create(pools=pool("172.28.0.0/16")), snap)
    assert "network appnet (172.28.0.0/24)" in errors["pool0-subnet"]
    assert "network backend (172.28.1.0/24)" in errors["pool0-subnet"]


def test_two_pools_of_the_same_request_overlapping(snap):
    pools = (PoolSpec("10.5.0.0/24"), PoolSpec("10.5.0.0/25"))
    assert (
        "overlaps pool 1"
        in validate_create(create(driver="macvlan", pools=pools, options=(("parent", "x"),)), snap)["pool1-subnet"]
    )


def test_bridge_takes_a_single_ipv4_subnet(snap):
    pools = (PoolSpec("10.5.0.0/24"), PoolSpec("10.6.0.0/24"))
    assert "single IPv4 subnet" in validate_create(create(pools=pools), snap)["pool1-subnet"]


def test_config_only_subnet_does_not_count_as_overlap(snap):
    template = Network(
        id="c" * 64,
        name="tmpl",
        driver="null",
        config_only=True,
        ipam=(dataclasses.replace(snap.network("appnet").ipam[0], subnet="10.77.0.0/24"),),
    )
    with_template = dataclasses.replace(snap, networks=(*snap.networks, template))
    assert validate_create(create(pools=pool("10.77.0.0/24")), with_template) == {}


@pytest.mark.parametrize("driver", ["macvlan", "ipvlan"])
def test_macvlan_and_ipvlan_need_a_parent(snap, driver):
    assert "parent" in validate_create(create(driver=driver), snap)["parent"]
    assert validate_create(create(driver=driver, options=(("parent", "eth0"),)), snap) == {}


def test_overlay_needs_swarm(snap):
    inactive = dataclasses.replace(snap, engine=dataclasses.replace(snap.engine, swarm="inactive"))
    assert "swarm" in validate_create(create(driver="overlay"), inactive)["driver"]
    assert validate_create(create(driver="overlay"), snap) == {}


def test_ipv6_subnet_checks(snap):
    assert "turn IPv6 on" in validate_create(create(ipv6_subnet="fd00:5::/64"), snap)["ipv6-subnet"]
    assert "IPv6 subnet" in validate_create(create(ipv6=True, ipv6_subnet="10.5.0.0/24"), snap)["ipv6-subnet"]
    assert validate_create(create(ipv6=True, ipv6_subnet="fd00:5::/64"), snap) == {}


def test_config_only_and_config_from_exclude_each_other(snap):
    template = Network(id="c" * 64, name="tmpl", driver="null", config_only=True)
    with_template = dataclasses.replace(snap, networks=(*snap.networks, template))
    errors = validate_create(create(driver="macvlan", config_only=True, config_from="tmpl"), with_template)
    assert "not both" in errors["config-from"]
    assert (
        "no config-only network named appnet"
        in validate_create(create(driver="macvlan", config_from="appnet"), snap)["config-from"]
    )
    assert (
        "leave those empty"
        in validate_create(create(driver="macvlan", config_from="tmpl", pools=pool()), with_template)["config-from"]
    )
    assert validate_create(create(driver="macvlan", config_from="tmpl"), with_template) == {}


# -- connect ---------------------------------------------------------------------------------------


def connect(snap, container: str, network: str, **kw) -> dict[str, str]:
    return validate_connect(ConnectContainer(ref(snap, "n", network), ref(snap, "c", container), **kw), snap)


def test_connect_valid_with_alias_and_static_ip(snap):
    assert connect(snap, "web", "backend", aliases=("www",), ipv4="172.28.1.50") == {}


def test_connect_nothing_chosen(snap):
    errors = validate_connect(ConnectContainer(Ref(""), Ref("")), snap)
    assert errors == {"container": "choose a container", "network": "choose a network"}


def test_connect_already_on_that_network(snap):
    assert connect(snap, "web", "appnet")["network"] == "web is already connected to appnet"


@pytest.mark.parametrize(
    ("container", "words"), [("hostc", "--net=host"), ("sidecar", "--net=container:"), ("nonec", "none network")]
)
def test_connect_a_container_that_shares_a_stack(snap, container, words):
    assert words in connect(snap, container, "backend")["container"]


@pytest.mark.parametrize("network", ["host", "none"])
def test_connect_to_host_or_none(snap, network):
    assert f"--net={network}" in connect(snap, "web", network)["network"]


def test_connect_to_a_swarm_network_that_is_not_attachable(snap):
    ovl = dataclasses.replace(snap.network("ovl"), attachable=False)
    changed = dataclasses.replace(snap, networks=tuple(ovl if n.name == "ovl" else n for n in snap.networks))
    assert "not attachable" in connect(changed, "web", "ovl")["network"]


def test_connect_to_a_config_only_network(snap):
    template = Network(id="c" * 64, name="tmpl", driver="null", config_only=True)
    changed = dataclasses.replace(snap, networks=(*snap.networks, template))
    assert "configuration-only" in connect(changed, "web", "tmpl")["network"]


def test_aliases_on_the_default_bridge(snap):
    assert "user-defined" in connect(snap, "db", "bridge", aliases=("x",))["aliases"]


def test_static_ip_on_the_default_bridge(snap):
    assert "user-defined" in connect(snap, "db", "bridge", ipv4="172.17.0.50")["ipv4"]


def test_static_ip_outside_the_subnets(snap):
    assert connect(snap, "web", "backend", ipv4="10.1.1.1")["ipv4"] == (
        "10.1.1.1 is outside backend's subnets (172.28.1.0/24)"
    )


def test_static_ip_already_taken(snap):
    assert connect(snap, "web", "backend", ipv4="172.28.1.2")["ipv4"] == "172.28.1.2 is already taken by db"


def test_static_ip_is_the_gateway(snap):
    assert "gateway" in connect(snap, "db", "appnet", ipv4="172.28.0.1")["ipv4"]


def test_static_ip_not_an_address(snap):
    assert connect(snap, "web", "backend", ipv4="fd00::1")["ipv4"] == "fd00::1 is not an IPv4 address"


def test_static_ipv6_on_a_network_without_ipv6(snap):
    assert connect(snap, "web", "backend", ipv6="fd00::5")["ipv6"] == "backend has no IPv6 subnet"


def test_link_to_an_unknown_container(snap):
    assert connect(snap, "web", "backend", links=("ghost:g",))["links"] == "no container named ghost to link to"
    assert connect(snap, "web", "backend", links=("db:database",)) == {}


# -- disconnect, remove, prune ---------------------------------------------------------------------


def test_disconnect_valid(snap):
    assert validate_disconnect(DisconnectContainer(ref(snap, "n", "appnet"), ref(snap, "c", "web")), snap) == {}


def test_disconnect_from_a_network_it_is_not_on(snap):
    errors = validate_disconnect(DisconnectContainer(ref(snap, "n", "backend"), ref(snap, "c", "web")), snap)
    assert errors == {"network": "web is not connected to backend"}


def test_disconnect_from_host(snap):
    errors = validate_disconnect(DisconnectContainer(ref(snap, "n", "host"), ref(snap, "c", "hostc")), snap)
    assert "--net=host" in errors["network"]


def test_remove_a_builtin_network(snap):
    assert "engine's own" in validate_remove(RemoveNetwork(ref(snap, "n", "bridge")), snap)["network"]


def test_remove_with_members_requires_disconnecting_them(snap):
    appnet = ref(snap, "n", "appnet")
    errors = validate_remove(RemoveNetwork(appnet), snap)
    assert "still connected" in errors["disconnect"] and "web" in errors["disconnect"]
    members = tuple(ref(snap, "c", n) for n in ("web", "api", "stopped"))
    assert validate_remove(RemoveNetwork(appnet, members), snap) == {}


def test_remove_a_config_network_in_use(snap):
    template = Network(id="c" * 64, name="tmpl", driver="null", config_only=True)
    user = Network(id="d" * 64, name="macuser", driver="macvlan", config_from="tmpl")
    changed = dataclasses.replace(snap, networks=(*snap.networks, template, user))
    assert "macuser" in validate_remove(RemoveNetwork(Ref(template.id, "tmpl")), changed)["network"]
    assert [n.name for n in prune_candidates(changed)] == ["macuser"]


def test_prune_candidates_and_checks(snap):
    assert prune_candidates(snap) == []
    spare = Network(id="e" * 64, name="spare", driver="bridge")
    changed = dataclasses.replace(snap, networks=(*snap.networks, spare))
    assert [n.name for n in prune_candidates(changed)] == ["spare"]
    assert validate_prune(PruneNetworks((Ref(spare.id, "spare"),)), changed) == {}
    assert "no unused network" in validate_prune(PruneNetworks(()), changed)["networks"]
    assert "appnet" in validate_prune(PruneNetworks((ref(snap, "n", "appnet"),)), changed)["networks"]


def test_pool_exhaustion_gets_a_hint():
    text = "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"
    explained = explain_engine_error(text)
    assert explained.startswith(text)
    assert "--subnet" in explained and "default-address-pools in daemon.json" in explained
    assert explain_engine_error("other error") == "other error"
