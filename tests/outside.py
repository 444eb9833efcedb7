"""An "outside" machine for the tests: a network namespace of the test's own, joined to the lab
engine's namespace by a veth pair, and bounded TCP probes from both sides.

The pair's engine end holds HOST_ADDRESS (a host address another machine reaches), the outside end
CLIENT_ADDRESS; the outside routes the lab's container subnets through the engine's end, as a
machine on a LAN with a static route (or a router) would. Probes go only to the lab's own
addresses, at most one connection each, with a 1 s timeout; a probe counts as a success only when
the service answered (an HTTP reply), since docker-proxy accepts a connection before it knows
whether the container will.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from tests.lab import LAB_NETNS

HOST_ADDRESS = "10.252.0.1"
CLIENT_ADDRESS = "10.252.0.2"
HOST_ADDRESS6 = "fd00:252::1"  # the same link's IPv6 ends: docker-proxy answers a `[::]:PORT` binding there
CLIENT_ADDRESS6 = "fd00:252::2"
ROUTED = ("172.16.0.0/12", "10.200.0.0/16")  # the lab's container subnets, routed via the engine

_PROBE = r"""
import json, socket, sys
from concurrent.futures import ThreadPoolExecutor
def probe(t):
    s = socket.socket(socket.AF_INET6 if ":" in t[0] else socket.AF_INET)
    s.settimeout(1.0)
    try:
        s.connect((t[0], t[1]))
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        return bool(s.recv(12))
    except OSError:
        return False
    finally:
        s.close()
targets = json.loads(sys.argv[1])
with ThreadPoolExecutor(16) as pool:
    print(json.dumps(list(pool.map(probe, targets))))
"""


@dataclass(frozen=True)
class Outside:
    netns: str
    link: str  # the engine-side end of the pair (where the outside's packets arrive)


@contextmanager
def outside_machine() -> Iterator[Outside]:
    """Make the outside namespace and its veth pair; remove both afterwards (deleting one end deletes both)."""
    ident = uuid.uuid4().hex[:6]
    netns, link, peer = f"dnout{ident}", f"dno{ident}", f"dnp{ident}"
    run = lambda *argv: subprocess.run(argv, check=True, capture_output=True)  # noqa: E731
    run("ip", "netns", "add", netns)
    try:
        run("ip", "-n", netns, "link", "set", "lo", "up")
        run("ip", "-n", LAB_NETNS, "link", "add", link, "type", "veth", "peer", "name", peer, "netns", netns)
        run("ip", "-n", LAB_NETNS, "addr", "add", f"{HOST_ADDRESS}/24", "dev", link)
        run("ip", "-n", LAB_NETNS, "link", "set", link, "up")
        run("ip", "-n", netns, "addr", "add", f"{CLIENT_ADDRESS}/24", "dev", peer)
        run("ip", "-n", netns, "link", "set", peer, "up")
        run("ip", "-n", LAB_NETNS, "addr", "add", f"{HOST_ADDRESS6}/64", "dev", link, "nodad")
        run("ip", "-n", netns, "addr", "add", f"{CLIENT_ADDRESS6}/64", "dev", peer, "nodad")
        for subnet in ROUTED:
            run("ip", "-n", netns, "route", "add", subnet, "via", HOST_ADDRESS)
        yield Outside(netns, link)
    finally:
        subprocess.run(["ip", "-n", LAB_NETNS, "link", "delete", link], check=False, capture_output=True)
        subprocess.run(["ip", "netns", "del", netns], check=False, capture_output=True)


def probe_here(targets: Sequence[tuple[str, int]]) -> list[bool]:
    """Connect from this process (the tests run in the engine's namespace: the host side)."""

    def one(t: tuple[str, int]) -> bool:
        with socket.socket(socket.AF_INET6 if ":" in t[0] else socket.AF_INET) as s:
            s.settimeout(1.0)
            try:
                s.connect(t)
                s.sendall(b"GET / HTTP/1.0\r\n\r\n")
                return bool(s.recv(12))
            except OSError:
                return False

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(one, targets))


def probe_from(outside: Outside, targets: Sequence[tuple[str, int]]) -> list[bool]:
    """Connect from the outside namespace (one process, the probes side by side)."""
    out = subprocess.run(
        ["ip", "netns", "exec", outside.netns, sys.executable, "-c", _PROBE, json.dumps(list(targets))],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    result: list[bool] = json.loads(out.stdout)
    return result
