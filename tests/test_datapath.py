"""The host side of a container's interfaces: a fake /proc+/sys tree, then the real lab engine."""

from __future__ import annotations

import os
from pathlib import Path

from tui.engine.connect import EngineTarget
from tui.engine.datapath import read_datapath
from tui.engine.reader import EngineReader
from tui.model.snapshot import Endpoint


def _iface(root: Path, name: str, ifindex: int, iflink: int, mac: str) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "ifindex").write_text(f"{ifindex}\n")
    (d / "iflink").write_text(f"{iflink}\n")
    (d / "address").write_text(f"{mac}\n")
    return d


def test_veth_pair_found_in_a_fake_tree(tmp_path: Path) -> None:
    inside = tmp_path / "proc/42/root/sys/class/net"
    host = tmp_path / "sys/class/net"
    _iface(inside, "lo", 1, 1, "00:00:00:00:00:00")
    _iface(inside, "eth0", 7, 8, "02:42:ac:11:00:02")
    _iface(inside, "eth1", 9, 3, "02:42:ac:12:00:02")  # peer index 3 exists on the host, but is not its pair
    veth = _iface(host, "veth1a2b3c", 8, 7, "aa:bb:cc:dd:ee:ff")
    _iface(host, "br-5f2e00000000", 4, 4, "02:42:00:00:00:01")
    _iface(host, "eth0", 3, 3, "52:54:00:00:00:01")
    os.symlink("../br-5f2e00000000", veth / "master")
    endpoints = [
        Endpoint("c", "n1", "appnet", mac="02:42:AC:11:00:02"),
        Endpoint("c", "n2", "ovl", mac="02:42:ac:12:00:02"),
    ]
    dp = read_datapath(
        42,
        endpoints,
        "unix:///var/run/docker.sock",
        {"ovl": "overlay"},
        str(tmp_path / "proc"),
        str(tmp_path / "sys"),
        use_nsenter=False,
    )
    assert dp.available, dp.problem
    eth0, eth1 = dp.wires
    assert (eth0.interface, eth0.network, str(eth0)) == ("eth0", "appnet", "veth1a2b3c @ br-5f2e00000000")
    assert eth1.host_interface == "" and "overlay" in str(eth1)


def test_says_plainly_when_it_cannot(tmp_path: Path) -> None:
    remote = read_datapath(42, base_url="tcp://10.0.0.9:2376")
    assert not remote.available and "not a local socket" in remote.problem
    assert "not running" in read_datapath(0, base_url="unix:///x.sock").problem
    gone = read_datapath(42, proc_root=str(tmp_path / "proc"), sys_root=str(tmp_path / "sys"), use_nsenter=False)
    assert "not on the engine's host" in gone.problem
    other = tmp_path / "proc/43/root/sys/class/net"
    _iface(other, "eth0", 5, 6, "02:42:00:00:00:99")
    (tmp_path / "sys/class/net").mkdir(parents=True)
    wrong = read_datapath(
        43,
        [Endpoint("c", "n", "appnet", mac="02:42:00:00:00:01")],
        "",
        None,
        str(tmp_path / "proc"),
        str(tmp_path / "sys"),
        use_nsenter=False,
    )
    assert "none of the container's interfaces" in wrong.problem


def test_real_veths_and_bridges(lab, engine_host: str) -> None:
    net = lab.network("dp", subnet=lab.free_subnet())
    multi = lab.container("multi", network=lab.name("dp"))
    lab.client.networks.get("bridge").connect(multi)
    parent = lab.veth_parent()
    mac_net = lab.network(
        "dpmac", subnet=lab.free_subnet("192.168.0.0/16"), driver="macvlan", options={"parent": parent}
    )
    macc = lab.container("dpmacc", network=lab.name("dpmac"))
    snap = EngineReader(EngineTarget(engine_host)).snapshot()
    default = next(n for n in snap.networks if n.is_default_bridge)
    docker0 = dict(default.options).get("com.docker.network.bridge.name", "docker0")
    drivers = {n.name: n.driver for n in snap.networks}

    multi.reload()
    dp = read_datapath(multi.attrs["State"]["Pid"], snap.endpoints_of(multi.id), engine_host, drivers)
    assert dp.available, dp.problem
    bridges = {w.network: w.bridge for w in dp.wires}
    assert bridges == {lab.name("dp"): f"br-{net.id[:12]}", "bridge": docker0}
    for w in dp.wires:
        assert w.host_interface.startswith("veth")
        assert Path(f"/sys/class/net/{w.host_interface}/master").resolve().name == w.bridge

    macc.reload()
    dp = read_datapath(macc.attrs["State"]["Pid"], snap.endpoints_of(macc.id), engine_host, drivers)
    assert dp.available, dp.problem
    (wire,) = dp.wires
    assert wire.network == mac_net.name and wire.host_interface == ""
    assert f"macvlan child of the host's {parent}" in wire.note
