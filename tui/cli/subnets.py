"""`dockernet subnets [--json]`: the address space for scripts (the address-space screen's facts).

Every subnet with its network, gateway (marked when derived) and usage, the engines' default
pools and what remains of them, conflicts (overlaps, and the host's own routes when dockernet
runs on the engine's host) and one free IPv4 /24. The JSON keys are a public contract (README).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tui.cli.source import load_source
from tui.model.addrspace import AddressSpace, address_space
from tui.model.sanitize import clean


def as_json(space: AddressSpace) -> dict[str, Any]:
    """The documented JSON shape (README, `dockernet subnets --json`)."""
    return {
        "subnets": [
            {
                "network": r.network,
                "engine": r.engine,
                "cidr": r.cidr,
                "gateway": r.gateway,
                "gateway_derived": r.gateway_derived,
                "used": r.used,
                "size": r.size,
                "driver": r.driver,
            }
            for r in space.subnets
        ],
        "pools": [
            {
                "base": p.base,
                "size": p.size,
                "blocks_total": p.blocks_total,
                "blocks_used": p.blocks_used,
                "engine": p.engine,
                "builtin": p.builtin,
            }
            for p in space.pools
        ],
        "conflicts": [{"a": c.a, "b": c.b, "kind": c.kind, "detail": c.detail} for c in space.conflicts],
        "suggest": space.suggest,
        "warnings": list(space.warnings),
        "host_routes": space.routes_problem or "read",
    }


def as_text(space: AddressSpace) -> str:
    lines = [f"{'SUBNET':<28} {'NETWORK':<24} {'DRIVER':<8} {'GATEWAY':<26} USED/SIZE"]
    for r in space.subnets:
        gateway = (r.gateway + " (derived)" if r.gateway_derived else r.gateway) or "-"
        lines.append(f"{r.cidr:<28} {clean(r.label, 24):<24} {clean(r.driver, 8):<8} {gateway:<26} {r.used}/{r.size}")
    lines.append("")
    lines.append("default address pools:")
    for p in space.pools:
        where = f" (engine {clean(p.engine)})" if p.engine else ""
        builtin = " (Docker's built-in defaults)" if p.builtin else ""
        usage = f"{p.blocks_used} of {p.blocks_total} used, {p.blocks_free} free"
        lines.append(f"  {p.base} in /{p.size} blocks: {usage}{where}{builtin}")
    lines += [f"warning: {clean(w)}" for w in space.warnings]
    lines.append("")
    lines.append("conflicts:" if space.conflicts else "conflicts: none known")
    lines += [f"  {c.kind}: {clean(c.detail)}" for c in space.conflicts]
    if space.routes_problem:
        lines.append(f"  ({space.routes_problem}: conflicts with them are not shown)")
    lines.append("")
    lines.append(f"a free /24: {space.suggest or 'none found'}")
    return "\n".join(lines) + "\n"


def run_subnets(args: argparse.Namespace) -> int:
    space = address_space(load_source(args).snapshot)
    print(json.dumps(as_json(space), indent=2) if args.json else as_text(space), end="\n" if args.json else "")
    return 0
