"""Read the host's routes and interface addresses (`HostFacts.routes` / `.addresses`).

A Docker subnet overlapping one of the host's own routes (a LAN, a VPN) takes those addresses
away from the network's containers, and only the engine's own host can tell its routes: these
are read only when `HostReader` decided dockernet runs there (a local socket, in the engine's
network namespace). `ip -j route` / `ip -j -6 route` / `ip -j addr` give everything; without
iproute2, /proc/net/route still gives the IPv4 routes (and no addresses). Nothing here needs the
Docker API.
"""

from __future__ import annotations

import json
import shutil
import socket
import struct
import subprocess
from typing import Any

Raw = dict[str, Any]


def _ip_json(*args: str) -> list[Raw] | None:
    if shutil.which("ip") is None:
        return None
    try:
        proc = subprocess.run(["ip", "-j", *args], capture_output=True, text=True, timeout=5, check=False)
        data = json.loads(proc.stdout) if proc.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else None


def _dst(dst: str, six: bool) -> str:
    """`ip`'s dst as a CIDR: "default" is everything, a bare address is a host route."""
    if dst == "default":
        return "::/0" if six else "0.0.0.0/0"
    if "/" not in dst:
        return f"{dst}/{128 if six else 32}"
    return dst


def read_routes(proc_root: str = "/proc") -> list[Raw] | None:
    """The main table's IPv4 and IPv6 routes as `{"dst", "dev", "gateway", "proto", "scope"}`; None when unreadable."""
    four = _ip_json("route", "show", "table", "main")
    if four is None:
        return _proc_routes(proc_root)
    six = _ip_json("-6", "route", "show", "table", "main") or []
    routes = []
    for fam, items in ((False, four), (True, six)):
        for r in items:
            if r.get("type") not in (None, "unicast"):
                continue  # unreachable/blackhole/multicast entries route nothing to an interface
            routes.append(
                {
                    "dst": _dst(str(r.get("dst", "")), fam),
                    "dev": str(r.get("dev") or ""),
                    "gateway": str(r.get("gateway") or ""),
                    "proto": str(r.get("protocol") or ""),
                    "scope": str(r.get("scope") or ""),
                }
            )
    return routes


def _proc_routes(proc_root: str) -> list[Raw] | None:
    """/proc/net/route (IPv4 only): hex little-endian destination, gateway and mask."""
    try:
        with open(f"{proc_root}/net/route", encoding="ascii") as fh:
            lines = fh.read().splitlines()[1:]
    except OSError:
        return None
    routes = []
    for line in lines:
        f = line.split()
        if len(f) < 8:
            continue
        try:
            dst, gw, mask = (socket.inet_ntoa(struct.pack("<L", int(x, 16))) for x in (f[1], f[2], f[7]))
        except ValueError:
            continue
        length = bin(struct.unpack(">L", socket.inet_aton(mask))[0]).count("1")
        gateway = "" if gw == "0.0.0.0" else gw
        routes.append({"dst": f"{dst}/{length}", "dev": f[0], "gateway": gateway, "proto": "", "scope": ""})
    return routes


def read_addresses() -> list[Raw] | None:
    """Every interface address as `{"interface", "cidr"}`; None when `ip` cannot tell."""
    links = _ip_json("addr", "show")
    if links is None:
        return None
    found = []
    for link in links:
        for a in link.get("addr_info") or []:
            if isinstance(a, dict) and a.get("local") and a.get("prefixlen") is not None:
                found.append({"interface": str(link.get("ifname") or ""), "cidr": f"{a['local']}/{a['prefixlen']}"})
    return found
