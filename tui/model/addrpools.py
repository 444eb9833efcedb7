"""The engine's default address pools: how many blocks are used, how many remain.

A network created without `--subnet` gets the first block of the engine's default pools that
overlaps no subnet the engine already has; when none is left, `docker network create` fails with
"could not find an available, non-overlapping IPv4 address pool among the defaults to assign to
the network". Showing the pools and what remains says so before it happens.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network

IPNet = IPv4Network | IPv6Network

# libnetwork's built-in local-scope defaults (ipamutils, Docker 20.10 to 27): what an engine uses
# when no `default-address-pools` is configured (and what it does not report in /info before 23).
BUILTIN_POOLS: tuple[tuple[str, int], ...] = (
    ("172.17.0.0/16", 16),
    ("172.18.0.0/16", 16),
    ("172.19.0.0/16", 16),
    ("172.20.0.0/14", 16),
    ("172.24.0.0/14", 16),
    ("172.28.0.0/14", 16),
    ("192.168.0.0/16", 20),
)
FEW_LEFT = 3  # warn when this many blocks or fewer remain

POOL_EXHAUSTED = (
    "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"
)


@dataclass(frozen=True, slots=True)
class Pool:
    """One default pool of one engine: `base` cut into blocks of prefix length `size`."""

    base: str
    size: int
    blocks_total: int
    blocks_used: int
    engine: str = ""
    builtin: bool = False  # the engine did not report its pools: Docker's built-in defaults assumed

    @property
    def blocks_free(self) -> int:
        return self.blocks_total - self.blocks_used


def intervals(nets: Iterable[IPNet]) -> list[tuple[int, int]]:
    """Merged, sorted [first, last] address ranges (one address family at a time)."""
    spans = sorted((int(n.network_address), int(n.broadcast_address)) for n in nets)
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def blocks_used(base: IPNet, size: int, taken: list[tuple[int, int]]) -> int:
    """How many `size` blocks of `base` overlap a taken range (as Docker skips them)."""
    if size < base.prefixlen or size > base.max_prefixlen:
        return 0
    step = 1 << (base.max_prefixlen - size)
    first, last = int(base.network_address), int(base.broadcast_address)
    count, upto = 0, -1  # upto: the last block index already counted
    for lo, hi in taken:
        lo, hi = max(lo, first), min(hi, last)
        if lo > hi:
            continue
        a, b = max((lo - first) // step, upto + 1), (hi - first) // step
        if b >= a:
            count += b - a + 1
            upto = b
    return count


def engine_pools(reported: tuple[tuple[str, int], ...] | None, taken: Iterable[IPNet], engine: str = "") -> list[Pool]:
    """The pools of one engine with their usage; `taken` are that engine's local subnets."""
    pools = reported or BUILTIN_POOLS
    nets = list(taken)
    result = []
    for base_text, size in pools:
        try:
            base = ipaddress.ip_network(base_text, strict=False)
        except ValueError:
            continue
        family = [n for n in nets if n.version == base.version]
        total = 1 << max(0, size - base.prefixlen) if size >= base.prefixlen else 0
        used = blocks_used(base, size, intervals(family))
        result.append(Pool(str(base), size, total, used, engine, builtin=reported is None))
    return result


def pool_warning(pools: list[Pool]) -> str:
    """Plain words when an engine's IPv4 pools are (nearly) used up, else ""."""
    four = [p for p in pools if ":" not in p.base]
    if not four:
        return ""
    free = sum(p.blocks_free for p in four)
    if free > FEW_LEFT:
        return ""
    where = f"engine {four[0].engine}: " if four[0].engine else ""
    fixes = (
        "Fixes: give the network an explicit subnet (`docker network create --subnet 10.x.y.0/24 …`, the create "
        "panel proposes a free one), remove unused networks (P), or add pools with `default-address-pools` in "
        "/etc/docker/daemon.json and restart the daemon."
    )
    fails = f'fails with "{POOL_EXHAUSTED}".'
    if free == 0:
        return f"{where}no default pool block is left: the next network created without --subnet {fails} {fixes}"
    blocks = f"{free} default pool block{'s' if free != 1 else ''}"
    return f"{where}only {blocks} left; after that, creating a network without --subnet {fails} {fixes}"
