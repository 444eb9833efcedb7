"""Where a container's interfaces land on the host: the veth pair and its bridge.

The seed's veth-pair principle made visible: a bridge endpoint is one end of a veth pair whose
other end sits on the host, enslaved to the network's bridge (`veth1a2b3c @ br-5f2e…`). This can
only be read on the engine's own host, with the rights to look into the container's process.

How (measured on the lab engine): the container's sysfs, mounted inside its network namespace,
is visible at `/proc/<pid>/root/sys/class/net/<if>/{ifindex,iflink,address}`; the host-side
veth is the host interface whose `ifindex` is the container side's `iflink` *and* whose own
`iflink` points back (both ends checked, since ifindex numbers repeat across namespaces); its
bridge is `/sys/class/net/<veth>/master`. (`nsenter -n cat /sys/...` does not work: /sys stays
the host's mount.) When /proc/<pid>/root/sys is unreadable, `nsenter -t PID -n ip -o link`
gives the same numbers through netlink.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from tui.model.snapshot import Endpoint


@dataclass(frozen=True, slots=True)
class Wire:
    """One container interface and where its other end is on the host."""

    interface: str  # the name inside the container, e.g. eth0
    mac: str
    network: str = ""  # the endpoint's network name ('' when no endpoint has this MAC)
    host_interface: str = ""  # the host-side veth ('' when the other end is not on this host)
    bridge: str = ""  # the bridge that veth is attached to ('' when none)
    note: str = ""  # plain words when the host side is not a veth on a bridge

    def __str__(self) -> str:
        if self.host_interface:
            return f"{self.host_interface} @ {self.bridge}" if self.bridge else self.host_interface
        return self.note or "unknown"


@dataclass(frozen=True, slots=True)
class Datapath:
    """The wires of one container, or why they could not be read."""

    pid: int
    wires: tuple[Wire, ...] = ()
    problem: str = ""

    @property
    def available(self) -> bool:
        return not self.problem


@dataclass(frozen=True, slots=True)
class _Iface:
    name: str
    ifindex: int
    iflink: int
    mac: str


def local_engine_problem(base_url: str) -> str:
    """Why the datapath cannot be read for this engine URL, or '' when it may be local."""
    if not base_url or base_url.startswith(("unix://", "http+unix://")):
        return ""
    return f"the engine at {base_url} is not a local socket: its veth pairs live on that machine, not here"


def _read(path: str) -> str:
    with open(path, encoding="ascii") as fh:
        return fh.read().strip()


def _ifaces_from_sysfs(net_dir: str) -> list[_Iface]:
    result = []
    for name in sorted(os.listdir(net_dir)):
        base = os.path.join(net_dir, name)
        try:
            result.append(
                _Iface(name, int(_read(f"{base}/ifindex")), int(_read(f"{base}/iflink")), _read(f"{base}/address"))
            )
        except (OSError, ValueError):
            continue
    return result


_IP_LINK = re.compile(r"^(\d+):\s+([^:@\s]+)(?:@if(\d+))?:.*?link/\S+\s+([0-9a-f:]{17})", re.M)


def _ifaces_from_nsenter(pid: int) -> list[_Iface]:
    """Fallback through netlink inside the namespace (needs nsenter and ip, and root)."""
    if not (shutil.which("nsenter") and shutil.which("ip")):
        raise OSError("nsenter or ip is not installed")
    proc = subprocess.run(
        ["nsenter", "-t", str(pid), "-n", "ip", "-o", "link"], capture_output=True, text=True, timeout=5, check=False
    )
    if proc.returncode != 0:
        raise PermissionError(proc.stderr.strip() or "nsenter failed")
    return [_Iface(m[2], int(m[1]), int(m[3]) if m[3] else int(m[1]), m[4]) for m in _IP_LINK.finditer(proc.stdout)]


def _container_ifaces(pid: int, proc_root: str, use_nsenter: bool) -> list[_Iface]:
    net_dir = f"{proc_root}/{pid}/root/sys/class/net"
    try:
        return _ifaces_from_sysfs(net_dir)
    except FileNotFoundError:
        if not os.path.exists(f"{proc_root}/{pid}"):
            raise
        if not use_nsenter:
            raise
        return _ifaces_from_nsenter(pid)


def _host_ifaces(sys_root: str) -> dict[int, _Iface]:
    return {i.ifindex: i for i in _ifaces_from_sysfs(f"{sys_root}/class/net")}


def _bridge_of(sys_root: str, name: str) -> str:
    try:
        return os.path.basename(os.readlink(f"{sys_root}/class/net/{name}/master"))
    except OSError:
        return ""


def read_datapath(
    pid: int,
    endpoints: Sequence[Endpoint] = (),
    base_url: str = "",
    drivers: dict[str, str] | None = None,
    proc_root: str = "/proc",
    sys_root: str = "/sys",
    use_nsenter: bool = True,
) -> Datapath:
    """The host side of each of the container's interfaces (those matching `endpoints` by MAC).

    `pid` is the container's `State.Pid` (from a container inspect); `drivers` maps network
    names to drivers, so a macvlan interface is named for what it is.
    """
    problem = local_engine_problem(base_url)
    if problem:
        return Datapath(pid, problem=problem)
    if pid <= 0:
        return Datapath(pid, problem="the container is not running: it has no process, so no interfaces")
    try:
        inside = _container_ifaces(pid, proc_root, use_nsenter)
        host = _host_ifaces(sys_root)
    except PermissionError:
        return Datapath(pid, problem=f"no rights to look into process {pid}'s network namespace: run as root")
    except FileNotFoundError:
        return Datapath(pid, problem=f"process {pid} is not on this machine: dockernet is not on the engine's host")
    except (OSError, subprocess.SubprocessError) as exc:
        return Datapath(pid, problem=f"cannot read process {pid}'s interfaces: {exc}")
    by_mac = {e.mac.lower(): e for e in endpoints if e.mac}
    drivers = drivers or {}
    wires = []
    for iface in inside:
        if iface.name == "lo":
            continue
        ep = by_mac.get(iface.mac.lower())
        if endpoints and ep is None:
            continue
        network = ep.network_name if ep else ""
        peer = host.get(iface.iflink)
        if peer is not None and peer.iflink == iface.ifindex and iface.iflink != iface.ifindex:
            wires.append(Wire(iface.name, iface.mac, network, peer.name, _bridge_of(sys_root, peer.name)))
            continue
        driver = drivers.get(network, "")
        if driver in ("macvlan", "ipvlan") and peer is not None:
            note = f"{driver} child of the host's {peer.name} (no veth: the host cannot reach it)"
        elif driver == "overlay":
            note = "veth into the overlay network's own namespace, not the host's"
        else:
            note = "the other end is not in this host's network namespace"
        wires.append(Wire(iface.name, iface.mac, network, note=note))
    if endpoints and not wires:
        return Datapath(pid, problem=f"process {pid} has none of the container's interfaces: not the engine's host?")
    return Datapath(pid, tuple(wires))
