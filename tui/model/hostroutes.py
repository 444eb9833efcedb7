"""The engine host's own routes and interface addresses, as plain values (`HostFacts.routes`).

A Docker subnet that overlaps a route the host already has (a LAN, a VPN) silently cuts the
network's containers off from that part of the world: the bridge's connected route wins for the
overlapping addresses. Only the engine's own host can tell its routes, so these are read there by
`tui.engine.hostinfo` (`ip -j route`, `ip -j addr`, else /proc/net/route) and are absent elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HostRoute:
    """One route of the host's main table: `dst` as a CIDR ("0.0.0.0/0" for the default route)."""

    dst: str
    dev: str = ""
    gateway: str = ""
    proto: str = ""  # "kernel", "boot", "static", "dhcp", ... ("" when unknown, /proc/net/route)
    scope: str = ""


@dataclass(frozen=True, slots=True)
class HostAddress:
    """An address of one host interface, as "a.b.c.d/len" (or IPv6)."""

    interface: str
    cidr: str
