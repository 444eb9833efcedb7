"""What a namespace's resolver answers for a name, and who holds each address it gives.

Shared by the two places a resolver asks (`tui.reach.hostsfile`, `tui.reach.embeddeddns`) and by
`tui.reach.names`, which puts their answers together: kept apart so neither place imports the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.model.snapshot import Snapshot
from tui.reach.stack import is_up

LOOPBACK6 = "::1"


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A name SRC's resolver knows, the addresses it gives, and where it comes from.

    `addresses` is every address a lookup may return (IPv4 and IPv6). `doubt` says why the
    answer cannot be known for sure (ambiguous, or stale); such a name is never counted as a
    name of DST. `caveat` qualifies an answer that is right unless something the snapshot cannot
    show happened (a rename).
    """

    name: str
    addresses: frozenset[str]
    source: str
    doubt: str = ""
    caveat: str = ""
    hidden: frozenset[str] = frozenset()  # what another place would answer, had this one not come first
    hidden_why: str = ""  # which place comes first, and why


@dataclass(slots=True)
class Owners:
    """Which container holds each address (to say who an ambiguous name points at)."""

    by_address: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, snap: Snapshot) -> Owners:
        up = {c.id: c.name for c in snap.containers if is_up(c)}
        owners = cls()
        for e in snap.endpoints:
            name = up.get(e.container_id)
            if name is None:
                continue
            for addr in (e.address, bare(e.ipv6)):
                if addr:
                    owners.by_address.setdefault(addr, name)
        return owners

    def who(self, address: str) -> str:
        if address == LOOPBACK6 or address.startswith("127."):
            return "loopback"
        return self.by_address.get(address, address)

    def places(self, addresses: Iterable[str]) -> set[str]:
        return {self.who(a) for a in addresses}


def bare(address: str | None) -> str:
    return address.split("/", 1)[0] if address else ""
