"""Read the engine host's packet filter and listening sockets, never changing anything.

Only on the engine's own host, in its network namespace (`tui.engine.hostinfo` checks that):
`iptables-save` / `ip6tables-save` (the nft-backed tools, else the legacy ones when only they show
Docker's chains), `nft -j list ruleset` for tables iptables did not write, `ip_forward`, and the
listening TCP sockets of the host and of each running container (`/proc/PID/net/tcp*` shows the
namespace PID lives in). Reading the rules needs root; without it the facts say why, one sentence.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from typing import Any

Raw = dict[str, Any]
LISTEN = "0A"  # /proc/net/tcp's state of a listening socket
BRIDGE_NF = (("bridge_nf", "iptables"), ("bridge_nf6", "ip6tables"))
MAX_CONTAINERS = 500  # listeners are kept for at most this many running containers
LISTENERS_INTERVAL = 30.0  # seconds a container's listening sockets are reused
LISTENERS_BUDGET = 0.05  # seconds a refresh may spend reading them
HOST_LISTENERS_INTERVAL = 5.0  # seconds the host's own sockets are reused by a live view


def _run(argv: list[str]) -> tuple[str | None, str]:
    """(stdout, "") when the tool ran; (None, why not) otherwise."""
    if shutil.which(argv[0]) is None:
        return None, f"{argv[0]} is not installed"
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"{argv[0]} failed: {exc}"
    if proc.returncode != 0:
        first = (proc.stderr or proc.stdout).strip().splitlines()[:1]
        return None, f"{argv[0]} failed: {first[0] if first else 'exit ' + str(proc.returncode)}"
    return proc.stdout, ""


def has_docker_chains(saved: str | None) -> bool:
    """An `iptables-save` output holding Docker's own chains (DOCKER, DOCKER-ISOLATION-*)."""
    return saved is not None and any(line.startswith((":DOCKER ", ":DOCKER-ISOLATION")) for line in saved.splitlines())


def read_firewall() -> Raw:
    """The raw firewall facts (`tui.model.parsefirewall.parse_firewall` reads them)."""
    if os.geteuid() != 0:
        return {"problem": "reading the firewall rules needs root (iptables-save): run dockernet as root to see them"}
    four, problem = _run(["iptables-save"])
    six, _ = _run(["ip6tables-save"])
    if not has_docker_chains(four):
        legacy, _ = _run(["iptables-legacy-save"])
        if has_docker_chains(legacy):
            four, problem = legacy, ""
            six, _ = _run(["ip6tables-legacy-save"])
    nft_text, _ = _run(["nft", "-j", "list", "ruleset"])
    try:
        nft = json.loads(nft_text) if nft_text else None
    except ValueError:
        nft = None
    ipvs = os.path.exists("/proc/net/ip_vs")  # per network namespace: present once the ip_vs module is in
    bridge_nf = {key: _sysctl(f"/proc/sys/net/bridge/bridge-nf-call-{tool}") for key, tool in BRIDGE_NF}
    return {
        "iptables": four,
        "ip6tables": six,
        "nft": nft,
        "ip_forward": _sysctl("/proc/sys/net/ipv4/ip_forward"),
        "ipvs": ipvs,
        **bridge_nf,
        "problem": problem,
    }


def _sysctl(path: str) -> bool | None:
    """A 0/1 setting of this network namespace; None when it is not there (its module not loaded)."""
    try:
        with open(path, encoding="ascii") as fh:
            return fh.read().strip() == "1"
    except OSError:
        return None


class ListenerReader:
    """The listening TCP sockets of the host and of each running container, kept per container.

    Reading /proc/PID/net/tcp costs ~4.5 ms a file here (the kernel walks its whole socket table
    for each namespace): 1.3 s for 150 containers, too much for every refresh. A live view (a
    `budget`) reads only containers that publish a port, and the host's own sockets every few
    seconds; a container's sockets are read again only when its process changed or
    LISTENERS_INTERVAL passed, at most `budget` seconds a refresh (at least one container); those
    left over are "not read" until their turn, never guessed. A one-shot command (no budget)
    reads every container and the host, now.
    """

    def __init__(self, proc_root: str = "/proc", budget: float | None = LISTENERS_BUDGET) -> None:
        self.proc_root = proc_root
        self.budget = budget
        self._kept: dict[str, tuple[int, float, list[Raw]]] = {}  # container id -> (pid, read at, sockets)
        self._host: tuple[float, list[Raw] | None] = (0.0, None)  # (read at, the host's own sockets)

    def read(self, inspects: Mapping[str, Raw]) -> dict[str, list[Raw]]:
        """`{"host": [...], container id: [...]}` for every namespace read (now or recently)."""
        result: dict[str, list[Raw]] = {}
        started = time.monotonic()
        if self.budget is None or started - self._host[0] > HOST_LISTENERS_INTERVAL:
            self._host = (started, _sockets(f"{self.proc_root}/self/net"))
        if self._host[1] is not None:
            result["host"] = self._host[1]
        kept: dict[str, tuple[int, float, list[Raw]]] = {}
        fetched = 0
        for cid, data in list(inspects.items())[:MAX_CONTAINERS]:
            state = data.get("State") or {}
            pid = state.get("Pid") or 0
            if not state.get("Running") or not isinstance(pid, int) or pid <= 0:
                continue
            if self.budget is not None and not _publishes(data):
                continue  # a live view reads only where a published port leads (a command reads all)
            old = self._kept.get(cid)
            now = time.monotonic()
            fresh = old is not None and old[0] == pid and now - old[1] < LISTENERS_INTERVAL
            if not fresh and (self.budget is None or not fetched or now - started < self.budget):
                fetched += 1  # at least one a refresh, so the readings always move on
                found = self._container(cid, pid)
                if found is not None:
                    kept[cid] = (pid, now, found)
            elif old is not None and old[0] == pid:
                kept[cid] = old  # stale but the same process: kept until its turn comes
        self._kept = kept
        result.update({cid: sockets for cid, (_, _, sockets) in kept.items()})
        return result

    def _container(self, cid: str, pid: int) -> list[Raw] | None:
        try:
            with open(f"{self.proc_root}/{pid}/cgroup", encoding="utf-8", errors="replace") as fh:
                if cid not in fh.read():
                    return None  # another PID namespace's process: not this container
        except OSError:
            return None
        return _sockets(f"{self.proc_root}/{pid}/net")


def _publishes(inspect: Raw) -> bool:
    """The container holds a published port now (its inspect's NetworkSettings.Ports has a binding)."""
    ports = (inspect.get("NetworkSettings") or {}).get("Ports") or {}
    return any(bindings for bindings in ports.values())


def _sockets(net_dir: str) -> list[Raw] | None:
    found: list[Raw] = []
    seen: set[tuple[str, int]] = set()
    read_any = False
    for name, six in (("tcp", False), ("tcp6", True)):
        try:
            with open(f"{net_dir}/{name}", encoding="ascii") as fh:
                lines = fh.read().splitlines()[1:]
        except OSError:
            continue
        read_any = True
        for line in lines:
            fields = line.split()
            if len(fields) < 4 or fields[3] != LISTEN:
                continue
            address, port = _address(fields[1], six)
            if (address, port) not in seen:
                seen.add((address, port))
                found.append({"address": address, "port": port, "proto": "tcp"})
    return sorted(found, key=lambda s: (s["port"], s["address"])) if read_any else None


def _address(field: str, six: bool) -> tuple[str, int]:
    """`0100007F:0050` (little-endian words) as ("127.0.0.1", 80)."""
    hexaddr, _, hexport = field.partition(":")
    raw = bytes.fromhex(hexaddr)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(words)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None and six:
        return str(ip.ipv4_mapped), int(hexport, 16)
    return str(ip), int(hexport, 16)
