"""`dockernet why SRC DST [--json]`: can SRC reach DST, and why?

SRC may also be `host` (the engine's host itself) or `outside` (another machine on one of its
links), with DST[:PORT]: every way in to that port (published bindings at the host's addresses, the
container's own address), followed through the host's iptables rules when they can be read
(`tui.reach.exposure`).

Exit status 0 when SRC reaches DST by IP, 1 when it does not (or it is not known), 2 on error (an unknown container
is one line on stderr, with the close names it might have meant). DST may be `host`, the
engine's host itself (unless a container is named exactly that: a real name wins), or a swarm
service's name (through its VIP, or its tasks in dnsrr mode; `tui.reach.service`). On a live
local engine the output also names the host-side veth and bridge of each container's
interfaces (the datapath); elsewhere it says why it cannot.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import asdict
from typing import TypedDict

from tui.cli.source import Source, load_source
from tui.engine.connect import EngineError, EngineTarget
from tui.engine.datapath import local_engine_problem, read_datapath
from tui.engine.reader import EngineReader
from tui.model.sanitize import clean
from tui.model.snapshot import Container, Snapshot
from tui.model.swarm import SwarmService
from tui.reach.exposure import exposure
from tui.reach.exposuretext import exposure_lines
from tui.reach.outside import HOST_SOURCE, OUTSIDE_SOURCE
from tui.reach.service import find_service, service_verdict
from tui.reach.stack import Stack, stack_of
from tui.reach.text import verdict_lines
from tui.reach.verdict import HOST, Verdict, host_verdict, verdict


class WireJson(TypedDict):
    """One interface of a container and its host side, as `why --json` prints it."""

    interface: str
    network: str
    host_interface: str
    bridge: str
    host_side: str


class DatapathJson(TypedDict):
    """A container's datapath in `why --json`: its wires, or the problem that kept them unread."""

    problem: str
    wires: list[WireJson]


def run_why(args: argparse.Namespace) -> int:
    source = load_source(args)
    snap = source.snapshot
    if args.src in (HOST_SOURCE, OUTSIDE_SOURCE) and snap.container(args.src) is None:
        return _print_exposure(args, snap)
    to_host = args.dst == HOST and snap.container(HOST) is None
    # A swarm service as DST (a container of that name wins, as for `host`).
    service = find_service(snap, args.dst) if not to_host and snap.container(args.dst) is None else None
    found: list[Container] = []
    for key, may_be_host in ((args.src, False), (args.dst, True)):
        if may_be_host and to_host:
            continue
        container = snap.container(key)
        if container is None and may_be_host and service is not None:
            return _print_service(args, snap, found[0], service)
        if container is None:
            print(_unknown(snap, key, may_be_host), file=sys.stderr)
            return 2
        found.append(container)
    src = found[0]
    v: Verdict
    if to_host:
        v, shown = host_verdict(snap, src), [src]
    else:
        dst = found[1]
        v, shown = verdict(snap, src, dst), [src] if src.id == dst.id else [src, dst]
    paths = _datapaths(source, snap, shown)
    if args.json:
        data = asdict(v)  # fields in order; tuples print as JSON lists
        data["datapath"] = paths
        print(json.dumps(data, indent=2))
    else:
        lines = verdict_lines(v)
        problems = {info["problem"] for info in paths.values() if not info["wires"]}
        if len(problems) == 1 and not any(info["wires"] for info in paths.values()):
            lines.append(clean(f"datapath: {problems.pop()}"))
            paths = {}
        for name, info in paths.items():
            if info["problem"]:
                lines.append(clean(f"datapath of {name}: {info['problem']}"))
            for wire in info["wires"]:
                net = f" ({wire['network']})" if wire["network"] else ""
                lines.append(clean(f"datapath of {name}: {wire['interface']}{net} = {wire['host_side']}"))
        print("\n".join(lines))
    return 0 if v.ip_reachable else 1


def _print_service(args: argparse.Namespace, snap: Snapshot, src: Container, service: SwarmService) -> int:
    """`why SRC SERVICE`: through the service's VIP or its tasks (no datapath: a VIP has no veth)."""
    v = service_verdict(snap, src, service)
    print(json.dumps(asdict(v), indent=2) if args.json else "\n".join(verdict_lines(v)))
    return 0 if v.ip_reachable else 1


def _print_exposure(args: argparse.Namespace, snap: Snapshot) -> int:
    """`why host|outside DST[:PORT]`: every way in to DST's port, followed through the host's rules."""
    name, _, port_text = args.dst.rpartition(":") if ":" in args.dst else (args.dst, "", "")
    if port_text and not port_text.isdigit():
        print(f"dockernet: {clean(port_text, 20)!r} is not a port number (DST[:PORT], e.g. web:80)", file=sys.stderr)
        return 2
    container = snap.container(name)
    if container is None:
        print(_unknown(snap, name, False), file=sys.stderr)
        return 2
    e = exposure(snap, container, args.src, int(port_text) if port_text else None)
    if args.json:
        print(json.dumps({**asdict(e), "reachable": e.reachable}, indent=2))
    else:
        print("\n".join(exposure_lines(snap, e)))
    return 0 if e.reachable else 1


def _unknown(snap: Snapshot, key: str, may_be_host: bool) -> str:
    """One line: the name nobody has, and the container names close to it (a typo, usually)."""
    names = [c.name for c in snap.containers] + ([HOST] if may_be_host else [])
    close = difflib.get_close_matches(key, names, n=3)
    hint = f" (did you mean {', '.join(repr(clean(n, 80)) for n in close)}?)" if close else ""
    return f"dockernet: no container named or with id {clean(key, 80)!r}{hint}"


def _datapaths(source: Source, snap: Snapshot, containers: list[Container]) -> dict[str, DatapathJson]:
    """{container name: its datapath} for each container's bridge interfaces."""
    result: dict[str, DatapathJson] = {}
    target, reader = source.target, source.reader
    for c in containers:
        st = stack_of(snap, c)
        if target is None or reader is None:
            result[c.name] = _info(f"not available: the topology comes from the {snap.source}, not a live engine")
        elif st.mode != "endpoints":
            result[c.name] = _info(_no_wires(st.mode))
        else:
            result[c.name] = _live(snap, target, reader, st)
    return result


def _no_wires(mode: str) -> str:
    return {
        "host": "none: it uses the host's own interfaces",
        "none": "none: it has only lo",
        "down": "none: it is not running",
    }.get(mode, "none")


def _live(snap: Snapshot, target: EngineTarget, reader: EngineReader, st: Stack) -> DatapathJson:
    problem = local_engine_problem(target.base_url)
    if problem:
        return _info(problem)
    try:
        pid = int(((reader.inspect("container", st.owner.id) or {}).get("State") or {}).get("Pid") or 0)
    except EngineError as exc:
        return _info(f"cannot inspect {st.owner.name}: {exc}")
    drivers = {n.name: n.driver for n in snap.networks}
    dp = read_datapath(pid, st.endpoints, target.base_url, drivers)
    wires = [
        WireJson(
            interface=w.interface,
            network=w.network,
            host_interface=w.host_interface,
            bridge=w.bridge,
            host_side=str(w),
        )
        for w in dp.wires
    ]
    return {"problem": dp.problem, "wires": wires}


def _info(problem: str) -> DatapathJson:
    return {"problem": problem, "wires": []}
