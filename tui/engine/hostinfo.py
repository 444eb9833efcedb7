"""Facts about the engine's host that its API does not give, read on that host (`Snapshot.host`).

Three verdicts depend on them (tui/reach/ip.py):

- a macvlan network's parent link: with no carrier (a cable out, a veth peer down) the kernel
  takes every macvlan child down with it, so even bridge-mode members stop reaching each other.
  Read from `/sys/class/net/<parent>/operstate` and `carrier`;
- whether the daemon manages ip6tables: Docker before 27 does not by default (20.10 only with
  --experimental --ip6tables), and then ICC off, isolation between networks and --internal hold
  for IPv4 only. Read as `ip6tables-save` showing Docker's chains (or not), checked against
  `iptables-save` showing them (so an empty answer is not a different iptables backend);
- the network namespace a `container:X` joiner's process really sits in (`/proc/PID/ns/net`):
  after X restarts, X gets a new namespace and the joiner stays in the old one, with only lo,
  though the engine still reports it as `container:X`.

They are read only where they mean something: the engine is a local socket
(`datapath.local_engine_problem`), this process sits in the engine's network namespace (one of the
engine's bridges is in /sys/class/net), and a process belongs to the container whose State.Pid it
is (the container id is in its /proc/PID/cgroup). Anything else gives no facts, never wrong ones:
the rules then say the state is unknown. Nothing here needs the Docker API.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from typing import Any

from tui.engine.datapath import local_engine_problem
from tui.engine.firewall import LISTENERS_BUDGET, ListenerReader, has_docker_chains, read_firewall
from tui.engine.hostroutes import read_addresses, read_routes

Raw = dict[str, Any]

ROUTES_INTERVAL = 2.0  # seconds a routes/addresses reading is reused (three `ip` calls, ~6 ms, per reading)
_BRIDGE_NAME = "com.docker.network.bridge.name"


def _read(path: str) -> str:
    with open(path, encoding="ascii") as fh:
        return fh.read().strip()


def bridge_names(networks: Iterable[Raw]) -> list[str]:
    """The host bridge of each bridge network: its bridge.name option, else `br-` and 12 id digits."""
    names = []
    for n in networks:
        if n.get("Driver") != "bridge":
            continue
        option = (n.get("Options") or {}).get(_BRIDGE_NAME)
        names.append(str(option) if option else f"br-{str(n.get('Id', ''))[:12]}")
    return names


def in_engine_namespace(networks: Iterable[Raw], sys_root: str = "/sys") -> bool:
    """This process sees the engine's links: one of its bridges is in our /sys/class/net."""
    return any(os.path.exists(f"{sys_root}/class/net/{name}") for name in bridge_names(networks))


def link_state(name: str, sys_root: str = "/sys") -> Raw:
    """`{"operstate", "carrier", "present"}` of one host link.

    Reading `carrier` of an admin-down link fails (EINVAL): the kernel does not know, so null.
    """
    base = f"{sys_root}/class/net/{name}"
    if not os.path.isdir(base):
        return {"operstate": "", "carrier": None, "present": False}
    try:
        operstate = _read(f"{base}/operstate")
    except OSError:
        operstate = ""
    try:
        carrier: bool | None = _read(f"{base}/carrier") == "1"
    except OSError:
        carrier = None
    return {"operstate": operstate, "carrier": carrier, "present": True}


def parents(networks: Iterable[Raw]) -> list[str]:
    """The parent links of the macvlan and ipvlan networks (their `parent` driver option)."""
    found = []
    for n in networks:
        if n.get("Driver") in ("macvlan", "ipvlan"):
            parent = (n.get("Options") or {}).get("parent")
            if parent:
                found.append(str(parent))
    return sorted(set(found))


def net_namespaces(inspects: Mapping[str, Raw], proc_root: str = "/proc") -> dict[str, str]:
    """`{container id: "net:[inode]"}` for each running `container:X` joiner and its X.

    Only a process whose cgroup names the container counts: a PID from another PID namespace (the
    engine in a VM, or dockernet in a container of its own) would be some other process here.
    """
    wanted: set[str] = set()
    for cid, data in inspects.items():
        mode = str((data.get("HostConfig") or {}).get("NetworkMode") or "")
        if mode.startswith("container:"):
            wanted.add(cid)
            target = mode.split(":", 1)[1]
            wanted.update(other for other, d in inspects.items() if other == target or _name(d) == target)
    result = {}
    for cid in sorted(wanted):
        pid = (inspects[cid].get("State") or {}).get("Pid") or 0
        if not isinstance(pid, int) or pid <= 0:
            continue
        try:
            if cid not in _read_text(f"{proc_root}/{pid}/cgroup"):
                continue
            result[cid] = os.readlink(f"{proc_root}/{pid}/ns/net")
        except OSError:
            continue
    return result


def _name(data: Raw) -> str:
    return str(data.get("Name") or "").lstrip("/")


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def ip6tables_managed(firewall: Raw) -> bool | None:
    """True: Docker's chains are in ip6tables; False: they are in iptables but not in ip6tables; None: unknown.

    From the firewall reading (`read_firewall`, root only). An empty ip6tables beside an iptables
    that has no DOCKER chain either says nothing: another backend (legacy vs nft), or iptables off.
    """
    six, four = firewall.get("ip6tables"), firewall.get("iptables")
    if not isinstance(six, str):
        return None
    if has_docker_chains(six):
        return True
    return False if isinstance(four, str) and has_docker_chains(four) else None


class HostReader:
    """Reads `Snapshot.host` for one engine; the firewall and routes readings are reused for a while."""

    def __init__(
        self, sys_root: str = "/sys", proc_root: str = "/proc", listener_budget: float | None = LISTENERS_BUDGET
    ) -> None:
        self.sys_root = sys_root
        self.proc_root = proc_root
        self._listeners = ListenerReader(proc_root, listener_budget)
        self._routes: tuple[list[Raw] | None, list[Raw] | None] = (None, None)
        self._routes_at = 0.0
        self._firewall: Raw = {}
        self._firewall_at = 0.0

    def invalidate(self) -> None:
        self._routes_at = 0.0
        self._firewall_at = 0.0

    def _firewall_state(self) -> Raw:
        # Docker rewrites its rules as containers start and stop: read as often as the routes.
        if not self._firewall_at or time.monotonic() - self._firewall_at > ROUTES_INTERVAL:
            self._firewall, self._firewall_at = read_firewall(), time.monotonic()
        return self._firewall

    def _routes_state(self) -> tuple[list[Raw] | None, list[Raw] | None]:
        if not self._routes_at or time.monotonic() - self._routes_at > ROUTES_INTERVAL:
            self._routes, self._routes_at = (read_routes(self.proc_root), read_addresses()), time.monotonic()
        return self._routes

    def read(self, base_url: str, networks: list[Raw], inspects: Mapping[str, Raw]) -> Raw | None:
        """The raw host facts (parsed by `tui.model.parse.parse_host`), or None when not on the engine's host."""
        if local_engine_problem(base_url) or not in_engine_namespace(networks, self.sys_root):
            return None
        routes, addresses = self._routes_state()
        firewall = self._firewall_state()
        return {
            "links": {name: link_state(name, self.sys_root) for name in parents(networks)},
            "ip6tables": ip6tables_managed(firewall),
            "net_namespaces": net_namespaces(inspects, self.proc_root),
            # The host's own routes and addresses: subnets overlapping them cut containers off (tui.model.addrspace).
            "routes": routes,
            "addresses": addresses,
            # Who reaches a published port from outside: the packet filter and the listening sockets.
            "firewall": firewall,
            "listeners": self._listeners.read(inspects),
        }
