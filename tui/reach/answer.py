"""What `why` answers for one ordered pair: the `Verdict`, and each fix in a form a program can apply.

Plain values, apart from the rules that fill them (`tui.reach.verdict`) so that the fixes
(`tui.reach.fixes`) and the host's rules (`tui.reach.forwardrules`) can use them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.reach.stack import Path


@dataclass(frozen=True, slots=True)
class FixAction:
    """One fix in a form a program can carry out: the change `text` (one of `Verdict.fixes`) describes.

    kind: "connect" (`containers` join `network`), "recreate-network" (`network` again, without the
    driver `option` KEY=VALUE), "use-user-defined-network" (a new network NET, that `containers` all
    join) or "recreate-container" (`containers[0]` again, on `network` instead of --network none;
    "" when no network would do). Fixes with no such form (start, restart, publish) have none.
    """

    kind: str
    text: str
    network: str = ""
    containers: tuple[str, ...] = ()
    option: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one ordered pair: reachability by IP, names, the path, reasons and fixes."""

    src: str
    dst: str
    src_id: str
    dst_id: str
    ip_reachable: bool
    names: tuple[str, ...] = ()  # names SRC can use for DST
    via: tuple[Path, ...] = ()  # one per way in: shared network, host stack, or lo
    reasons: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # every address of DST that SRC reaches, IPv4 then IPv6
    host_reachable: bool = False  # SRC reaches the host's own addresses
    host_via: tuple[str, ...] = ()  # how: "172.17.0.1 (gateway of bridge)", "host.docker.internal"
    published: tuple[str, ...] = ()  # DST's ports published on the host, "8080->80/tcp"
    published_via: tuple[str, ...] = ()  # where SRC reaches them through the host, "172.17.0.1:8080"
    published_notes: tuple[str, ...] = ()  # who can use them, and why SRC cannot when it cannot
    # Per address family: on an engine that does not manage ip6tables, IPv6 may get through where
    # IPv4 is stopped (ICC off, --internal, isolation); `ip_reachable` is either of them.
    ipv4_reachable: bool = False
    ipv6_reachable: bool = False
    warnings: tuple[str, ...] = ()  # what the user must know beyond the verdict (isolation that does not hold)
    fix_actions: tuple[FixAction, ...] = ()  # the fixes a program can apply, each naming its text in `fixes`
    pending: bool = False  # decided on an early snapshot, details still loading (tui.reach.pending)
