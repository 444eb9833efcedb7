"""The subcommands' arguments, apart from what runs them: building the parser imports no engine,
graph or reach code, so `dockernet --demo` starts without them (issue 11: the first frame).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

HOST = "host"  # `why SRC host`: the engine's host itself (tui.reach.verdict.HOST)


def add_why_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    why = sub.add_parser(
        "why",
        help="can SRC reach DST, and why? (exit 0 reachable by IP, 1 not, 2 error)",
        description="Explain whether container SRC reaches container DST: by IP, by which names, and why.",
    )
    common(why)
    why.add_argument(
        "src",
        help="source container (name or id), or 'host' / 'outside' (the host itself, another machine) with DST[:PORT]",
    )
    why.add_argument(
        "dst", help=f"destination container (name or id), {HOST!r} for the host itself, or a swarm service's name"
    )
    why.add_argument("--json", action="store_true", help="print the verdict as JSON")


def add_subnets_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    parser = sub.add_parser(
        "subnets",
        help="every subnet, the default pools and what remains, conflicts, a free subnet",
        description="Print the address space: subnets, default address pools, conflicts and a free /24.",
    )
    common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (keys: subnets, pools, conflicts, suggest)")


def add_ports_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    parser = sub.add_parser(
        "ports",
        help="every published port with its exposure, exposed-only ports, port conflicts",
        description="Print every published port binding: host address and port, container, exposure, conflicts.",
    )
    common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (keys: ports, wanted, exposed, conflicts)")
