"""What the kernel-check probes print inside a container, read back (one line per probe).

`A ADDR ok|no` is a ping of an address, `T KEY ok|no` a TCP/HTTP try, `N NAME <ping's first
line>` a lookup made by pinging the name (busybox prints the address it resolved). The reach
matrix and the fixes check both read them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PING_ADDRESS = re.compile(r"^PING \S+ \(([0-9.]+)\)")


@dataclass
class ProbeLines:
    pings: dict[str, bool] = field(default_factory=dict)
    tcp: dict[str, bool] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # name -> the address it resolved to ("" none)


def read_probe_lines(out: bytes) -> ProbeLines:
    found = ProbeLines()
    for line in out.decode(errors="replace").splitlines():
        kind, _, rest = line.partition(" ")
        key, _, value = rest.partition(" ")
        if kind == "A":
            found.pings[key] = value == "ok"
        elif kind == "T":
            found.tcp[key] = value == "ok"
        elif kind == "N":
            m = PING_ADDRESS.match(value)
            found.lookups[key] = m.group(1) if m else ""
    return found
