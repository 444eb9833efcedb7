"""The port inventory (`tui.model.ports`) without an engine: exposure, families, wishes, conflicts.

The raw JSON below is what the lab engine (dockerd 20.10.24, API 1.41) returned for these cases
(see tests/test_ports_engine.py, which checks the same against the real engine).
"""

from __future__ import annotations

from typing import Any

from tui.model.parse import parse_snapshot
from tui.model.ports import exposure_of, port_inventory
from tui.model.portwords import exposure_label, exposure_meaning, who_can_connect
from tui.model.snapshot import Snapshot
from tui.model.swarm import ServicePort, SwarmInfo, SwarmService

TAKEN = (
    "driver failed programming external connectivity on endpoint late (477a4214e486): "
    "Bind for 0.0.0.0:18080 failed: port is already allocated"
)
NET = {"Id": "n" * 64, "Name": "appnet", "Driver": "bridge", "IPAM": {"Config": [{"Subnet": "172.28.0.0/24"}]}}
INTERNAL = {"Id": "i" * 64, "Name": "backend", "Driver": "bridge", "Internal": True}


def _container(name: str, state: str, ports: list[dict[str, Any]], **inspect: Any) -> tuple[dict[str, Any], Any]:
    cid = name[0] * 64
    nets = inspect.pop("nets", {"appnet": {"NetworkID": "n" * 64, "IPAddress": "172.28.0.5", "IPPrefixLen": 24}})
    summary = {
        "Id": cid,
        "Names": [f"/{name}"],
        "State": state,
        "Ports": ports,
        "HostConfig": {"NetworkMode": "appnet"},
        "NetworkSettings": {"Networks": nets},
    }
    full = {
        "Id": cid,
        "Name": f"/{name}",
        "State": {"Status": state, "Error": inspect.pop("error", "")},
        "HostConfig": {"PortBindings": inspect.pop("bindings", {})},
        "Config": {"ExposedPorts": inspect.pop("exposed", {})},
    }
    return summary, full


def _snap(*containers: tuple[dict[str, Any], Any], networks: tuple[dict[str, Any], ...] = (NET,)) -> Snapshot:
    return parse_snapshot(
        {
            "containers": [s for s, _ in containers],
            "inspects": {s["Id"]: i for s, i in containers},
            "networks": list(networks),
        }
    )


def _p(ip: str, private: int, public: int | None = None) -> dict[str, Any]:
    return (
        {"IP": ip, "PrivatePort": private, "PublicPort": public, "Type": "tcp"}
        if public
        else {
            "PrivatePort": private,
            "Type": "tcp",
        }
    )


def test_exposure_of_every_binding_kind() -> None:
    assert [exposure_of(ip) for ip in ("127.0.0.1", "127.0.0.2", "::1", "0.0.0.0", "::", "", "10.250.0.1")] == [
        "loopback",
        "loopback",
        "loopback",
        "all",
        "all",
        "all",
        "address",
    ]
    assert exposure_of("fe80::1") == "address"


def test_both_families_are_kept_even_with_different_host_ports() -> None:
    web = _container("web", "running", [_p("0.0.0.0", 80, 32768), _p("::", 80, 32770), _p("127.0.0.1", 81, 18082)])
    inv = port_inventory(_snap(web))
    got = [(r.host_side, r.container_port, r.exposure, r.family) for r in inv.ports]
    assert got == [
        ("127.0.0.1:18082", 81, "loopback", "IPv4"),
        ("0.0.0.0:32768", 80, "all", "IPv4"),
        ("[::]:32770", 80, "all", "IPv6"),
    ]
    v4 = inv.ports[1]
    assert [s.host_port for s in inv.siblings(v4)] == [32770]
    assert exposure_label(v4) == "all IPv4" and exposure_label(inv.ports[2]) == "all IPv6"
    assert "every IPv4 address" in exposure_meaning(v4)
    assert "Other machines cannot" in who_can_connect(inv.ports[0])
    assert inv.ports[1].networks == ("appnet",)
    # The merged `ports` of the containers table are unchanged: IPv4 wins where the ports agree.
    assert [str(p) for p in _snap(web).containers[0].ports] == [
        "32768->80/tcp",
        "[::]:32770->80/tcp",
        "127.0.0.1:18082->81/tcp",
    ]


def test_one_address_and_exposed_only() -> None:
    c = _container(
        "api",
        "running",
        [_p("10.250.0.1", 80, 18081), _p("", 9000)],
        exposed={"9000/tcp": {}, "9001/udp": {}, "80/tcp": {}},
        bindings={"80/tcp": [{"HostIp": "10.250.0.1", "HostPort": "18081"}]},
    )
    inv = port_inventory(_snap(c))
    assert [(r.host_side, r.exposure) for r in inv.ports] == [("10.250.0.1:18081", "address")]
    assert "10.250.0.1" in who_can_connect(inv.ports[0])
    assert [(e.container_port, e.proto) for e in inv.exposed] == [(9000, "tcp"), (9001, "udp")]


def test_internal_networks_carry_no_published_port() -> None:
    nets = {
        "appnet": {"NetworkID": "n" * 64, "IPAddress": "172.28.0.5", "IPPrefixLen": 24},
        "backend": {"NetworkID": "i" * 64, "IPAddress": "10.0.0.5", "IPPrefixLen": 24},
    }
    c = _container("web", "running", [_p("0.0.0.0", 80, 18080)], nets=nets)
    inv = port_inventory(_snap(c, networks=(NET, INTERNAL)))
    assert inv.ports[0].networks == ("appnet",)


def test_a_stopped_container_wanting_a_held_port_is_a_conflict_with_the_engine_error() -> None:
    holder = _container("early", "running", [_p("0.0.0.0", 80, 18080), _p("::", 80, 18080)])
    late = _container("late", "created", [], error=TAKEN, bindings={"80/tcp": [{"HostIp": "", "HostPort": "18080"}]})
    inv = port_inventory(_snap(holder, late))
    assert [(r.container, r.host_side, r.running, r.family) for r in inv.wanted] == [
        ("late", "*:18080", False, "IPv4+IPv6")
    ]
    assert "not running" in who_can_connect(inv.wanted[0])
    (conflict,) = inv.conflicts
    assert conflict.kind == "taken" and conflict.container == "late" and conflict.holder == "early"
    assert conflict.error == TAKEN and "late cannot start" in conflict.detail
    assert inv.conflicts_of("e" * 64) == [conflict]


def test_a_port_error_without_a_visible_holder() -> None:
    late = _container("late", "created", [], error=TAKEN, bindings={"80/tcp": [{"HostIp": "", "HostPort": "18080"}]})
    (conflict,) = port_inventory(_snap(late)).conflicts
    assert conflict.kind == "start-failed" and conflict.host_port == 18080 and conflict.host_ip == "0.0.0.0"
    assert "no container dockernet sees holds it" in conflict.detail


def test_two_stopped_containers_wanting_one_port_and_distinct_addresses() -> None:
    a = _container("alpha", "exited", [], bindings={"80/tcp": [{"HostIp": "", "HostPort": "18090"}]})
    b = _container("beta", "exited", [], bindings={"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18090"}]})
    c = _container("gamma", "exited", [], bindings={"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "18091"}]})
    d = _container("delta", "exited", [], bindings={"80/tcp": [{"HostIp": "127.0.0.2", "HostPort": "18091"}]})
    kinds = [(k.kind, k.container, k.holder) for k in port_inventory(_snap(a, b, c, d)).conflicts]
    assert kinds == [("contended", "alpha", "beta")]  # 127.0.0.1 and 127.0.0.2 do not collide


def test_ingress_ports_and_a_container_wanting_one() -> None:
    base = _snap(_container("late", "created", [], bindings={"80/tcp": [{"HostIp": "", "HostPort": "30000"}]}))
    svc = SwarmService(
        "s" * 25, "web", ports=(ServicePort(80, "tcp", 30000, "ingress"), ServicePort(81, "tcp", 30001, "host"))
    )
    from dataclasses import replace

    from tui.model.snapshot import EngineInfo
    from tui.model.swarm import SwarmNode

    snap = replace(
        base, swarm=SwarmInfo(nodes=(SwarmNode("node1"),), services=(svc,)), engine=EngineInfo(node_id="node1")
    )
    inv = port_inventory(snap)
    (mesh,) = inv.ports
    assert (mesh.exposure, mesh.host_side, mesh.service, mesh.networks) == (
        "ingress",
        "mesh:30000",
        "web",
        ("ingress",),
    )
    assert "every node" in exposure_meaning(mesh)
    (conflict,) = inv.conflicts
    assert conflict.kind == "taken" and conflict.holder == "service web (routing mesh)"


def test_firewall_front_end_hook() -> None:
    web = _container("web", "running", [_p("0.0.0.0", 80, 18080), _p("::", 80, 18080), _p("127.0.0.1", 81, 18081)])
    assert port_inventory(_snap(web)).conflicts == ()
    (fw,) = port_inventory(_snap(web), firewall_front_end="ufw").conflicts
    assert fw.kind == "firewall" and fw.host_port == 18080  # once for both families; loopback is not concerned
    assert fw.detail == "Docker's published-port rules come before ufw: it does not filter this port"


def test_old_snapshots_without_inspect_port_fields_still_parse() -> None:
    summary, _ = _container("web", "running", [_p("0.0.0.0", 80, 8080)])
    snap = parse_snapshot({"containers": [summary], "networks": [NET]})
    c = snap.containers[0]
    assert c.wanted_ports == () and c.exposed_ports == () and c.error == ""
    assert [r.host_side for r in port_inventory(snap).ports] == ["0.0.0.0:8080"]


def test_the_screen_and_cli_take_the_front_end_from_the_host_firewall_facts() -> None:
    from dataclasses import replace

    from tui.model.firewall import Firewall
    from tui.model.hostfacts import HostFacts
    from tui.presentation.ports import front_end_of, port_sections

    web = _snap(_container("web", "running", [_p("0.0.0.0", 80, 18080)]))
    assert front_end_of(web) is None
    snap = replace(web, host=HostFacts(firewall=Firewall(front_ends=("ufw",))))
    assert front_end_of(snap) == "ufw"
    inv = port_inventory(snap, front_end_of(snap))
    text = str(port_sections(inv, inv.ports[0].key, snap, front_end_of(snap)))
    assert "Docker's published-port rules come before ufw: it does not filter this port" in text


def test_host_mode_discards_published_ports() -> None:
    summary, inspect = _container("hostc", "exited", [], bindings={"80/tcp": [{"HostIp": "", "HostPort": "18080"}]})
    summary["HostConfig"]["NetworkMode"] = "host"
    holder = _container("web", "running", [_p("0.0.0.0", 80, 18080)])
    inv = port_inventory(_snap((summary, inspect), holder))
    assert inv.wanted == () and inv.conflicts == ()  # the engine ignores -p in host mode: no wish, no conflict


def test_a_start_failed_udp_port_keeps_its_protocol() -> None:
    error = "driver failed programming external connectivity on endpoint d: Bind for 0.0.0.0:18053 failed: " + (
        "port is already allocated"
    )
    c = _container("dns", "created", [], error=error, bindings={"53/udp": [{"HostIp": "", "HostPort": "18053"}]})
    (conflict,) = port_inventory(_snap(c)).conflicts
    assert (conflict.kind, conflict.host_port, conflict.proto) == ("start-failed", 18053, "udp")
