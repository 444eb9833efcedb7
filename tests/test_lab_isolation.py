"""The test lab keeps to itself: its engines run in network namespaces of their own.

scripts/test runs pytest inside engine 1's namespace and compares the host namespace's links,
bridges, addresses, routes and iptables rules before the lab starts and after it stops (the other
half of the proof). These tests check, while the lab runs, that the tests and both dockerds are
where they should be, that the lab's bridges are nowhere in the host's namespace, and that the
two engines form one swarm over the lab's private link. (They never import `tui`.)
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
from pathlib import Path

import pytest

from tests.lab import LAB_DIR, LAB_NETNS, LAB_NETNS2, lab_client, lab_client2

LINK_ADDRESSES = {"10.250.0.1", "10.250.0.2"}  # scripts/docker-lab: the veth between the two namespaces


def _inode(path: str | Path) -> int:
    return os.stat(path).st_ino


def _netns_file(name: str) -> Path:
    path = Path("/var/run/netns") / name
    if not path.exists():
        pytest.fail(f"network namespace {name} does not exist: the lab is not scripts/docker-lab's")
    return path


def _host_netns() -> str:
    """The namespace outside the lab: scripts/test's own, ours when we are not in the lab, else the
    nearest ancestor's that differs from ours."""
    given = os.environ.get("DOCKERNET_HOST_NETNS")
    if given and os.path.exists(given):
        return given
    own = _inode("/proc/self/ns/net")
    if own not in {_inode(_netns_file(LAB_NETNS)), _inode(_netns_file(LAB_NETNS2))}:
        return "/proc/self/ns/net"
    pid = os.getppid()
    while pid > 1:
        try:
            if _inode(f"/proc/{pid}/ns/net") != own:
                return f"/proc/{pid}/ns/net"
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            break
        pid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
    pytest.skip("cannot find the host's network namespace: run the tests with scripts/test")


def _in_lab_namespace() -> None:
    if _inode("/proc/self/ns/net") != _inode(_netns_file(LAB_NETNS)):
        pytest.skip(f"the tests do not run inside the lab's namespace {LAB_NETNS}: run them with scripts/test")


def _ip(netns_path: str, *args: str) -> str:
    return subprocess.run(
        ["nsenter", f"--net={netns_path}", "ip", "-o", *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout


def _addresses(netns_path: str) -> set[str]:
    return {str(ipaddress.ip_interface(line.split()[3]).ip) for line in _ip(netns_path, "addr", "show").splitlines()}


def _sys(name: str, attr: str) -> str:
    return Path(f"/sys/class/net/{name}/{attr}").read_text().strip()


def _bridge_or_veth(name: str) -> bool:
    """A bridge, or a veth end (its iflink is its peer's index, not its own)."""
    return Path(f"/sys/class/net/{name}/bridge").is_dir() or _sys(name, "iflink") != _sys(name, "ifindex")


def _bridge_gateway(client) -> str:  # type: ignore[no-untyped-def]
    return client.networks.get("bridge").attrs["IPAM"]["Config"][0]["Gateway"]


def _dockerd_netns_inode(pidfile: Path) -> int:
    pid = int(pidfile.read_text().strip())
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert Path(cmdline[0].decode()).name == "dockerd" and str(pidfile).encode() in cmdline
    return _inode(f"/proc/{pid}/ns/net")


def test_the_tests_run_inside_the_lab_namespace_and_see_its_bridge(engine_host: str) -> None:
    _in_lab_namespace()
    # /sys is this namespace's (ip netns exec mounts it): docker0 here is engine 1's bridge.
    assert Path("/sys/class/net/docker0/bridge").is_dir()
    client = lab_client()
    try:
        gateway = _bridge_gateway(client)
    finally:
        client.close()
    shown = subprocess.run(["ip", "-o", "-4", "addr", "show", "dev", "docker0"], capture_output=True, text=True)
    assert f" {gateway}/" in shown.stdout, shown.stdout + shown.stderr


def test_both_dockerds_run_in_their_own_namespaces_not_the_hosts(engine_host: str, engine2_host: str) -> None:
    lab1, lab2 = _inode(_netns_file(LAB_NETNS)), _inode(_netns_file(LAB_NETNS2))
    assert _dockerd_netns_inode(Path(LAB_DIR) / "dockerd.pid") == lab1
    assert _dockerd_netns_inode(Path(LAB_DIR) / "eng2" / "dockerd.pid") == lab2
    host = _inode(_host_netns())
    assert len({lab1, lab2, host}) == 3


def test_the_lab_bridges_and_link_are_not_in_the_host_namespace(engine_host: str) -> None:
    """By MAC and by the lab's private addresses, not by name: the host may run a docker0 of its own."""
    _in_lab_namespace()
    host = _host_netns()
    lab_macs = {_sys(name, "address") for name in os.listdir("/sys/class/net") if _bridge_or_veth(name)}
    assert len(lab_macs) >= 3  # docker0, docker_gwbridge and the link to engine 2 at least
    host_links = _ip(host, "link", "show")
    assert not [mac for mac in lab_macs if mac in host_links], host_links
    host_addresses = _addresses(host)
    assert not (host_addresses & LINK_ADDRESSES), host_addresses
    assert "10.250.0.1" in _addresses("/proc/self/ns/net")  # the lab's end of the link is here


def test_engine2_answers_and_the_two_engines_form_one_swarm(engine_host: str, engine2_host: str) -> None:
    one, two = lab_client(), lab_client2()
    try:
        assert two.ping()
        nodes = one.nodes.list()
        assert len(nodes) == 2
        assert {n.attrs["Status"]["State"] for n in nodes} == {"ready"}
        assert {n.attrs["Status"]["Addr"] for n in nodes} == LINK_ADDRESSES
        info2 = two.info()["Swarm"]
        assert info2["LocalNodeState"] == "active" and not info2["ControlAvailable"]  # the worker
        assert info2["NodeID"] in {n.id for n in nodes}
        # Distinct default bridges, so merged views of both engines show distinct subnets.
        assert _bridge_gateway(one) != _bridge_gateway(two)
    finally:
        one.close()
        two.close()
