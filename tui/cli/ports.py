"""`dockernet ports [--json]`: every published port binding for scripts (the ports screen's facts).

Each binding held now with its exposure (`loopback`, `address`, `all`, `ingress`), the bindings
containers that are not running ask for, the ports only exposed, and conflicts with the engine's
own error. The JSON keys are a public contract (README).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tui.cli.source import load_source
from tui.model.ports import ExposedPort, PortInventory, PortRow, port_inventory
from tui.model.portwords import exposure_label
from tui.model.sanitize import clean
from tui.presentation.ports import front_end_of


def _row(r: PortRow) -> dict[str, Any]:
    return {
        "container": r.container,
        "container_id": r.container_id,
        "service": r.service,
        "engine": r.engine,
        "host_ip": r.host_ip,
        "host_port": r.host_port,
        "container_port": r.container_port,
        "proto": r.proto,
        "network": ",".join(r.networks),
        "exposure": r.exposure,
        "family": r.family,
    }


def _exposed(e: ExposedPort) -> dict[str, Any]:
    return {
        "container": e.container,
        "container_id": e.container_id,
        "engine": e.engine,
        "container_port": e.container_port,
        "proto": e.proto,
        "network": ",".join(e.networks),
        "running": e.running,
    }


def as_json(inv: PortInventory) -> dict[str, Any]:
    """The documented JSON shape (README, `dockernet ports --json`)."""
    return {
        "ports": [_row(r) for r in inv.ports],
        "wanted": [_row(r) for r in inv.wanted],
        "exposed": [_exposed(e) for e in inv.exposed],
        "conflicts": [
            {
                "kind": c.kind,
                "container": c.container,
                "engine": c.engine,
                "host_ip": c.host_ip,
                "host_port": c.host_port,
                "proto": c.proto,
                "holder": c.holder,
                "error": c.error,
                "detail": c.detail,
            }
            for c in inv.conflicts
        ],
    }


def _line(r: PortRow, exposure: str) -> str:
    who = clean(r.container, 24) + (f" @{clean(r.engine)}" if r.engine else "")
    nets = clean(",".join(r.networks), 20) or "-"
    return f"{clean(r.host_side):<26} {r.proto:<5} {who:<30} {r.container_port:<6} {nets:<20} {exposure}"


def as_text(inv: PortInventory) -> str:
    lines = [f"{'HOST ADDRESS:PORT':<26} {'PROTO':<5} {'CONTAINER':<30} {'PORT':<6} {'NETWORK':<20} EXPOSURE"]
    lines += [_line(r, exposure_label(r)) for r in inv.ports]
    if inv.wanted:
        lines += ["", "wanted by containers that are not running:"]
        lines += [_line(r, exposure_label(r)) for r in inv.wanted]
    lines.append("")
    lines.append("exposed, not published:" if inv.exposed else "exposed, not published: none")
    for e in inv.exposed:
        lines.append(f"  {clean(e.container)} {e.container_port}/{clean(e.proto)}")
    lines.append("")
    lines.append("conflicts:" if inv.conflicts else "conflicts: none known")
    for c in inv.conflicts:
        lines.append(f"  {c.kind}: {clean(c.detail)}")
        if c.error:
            lines.append(f"    engine said: {clean(c.error)}")
    return "\n".join(lines) + "\n"


def run_ports(args: argparse.Namespace) -> int:
    snap = load_source(args).snapshot
    inv = port_inventory(snap, front_end_of(snap))
    print(json.dumps(as_json(inv), indent=2) if args.json else as_text(inv), end="\n" if args.json else "")
    return 0
