"""The firewall and listening-socket host facts of a raw snapshot (`tui.engine.firewall` writes them).

Kept as the tools printed them (`iptables-save` text, `nft -j` JSON), so a saved snapshot can be
re-read by a newer dockernet and a test can be fed a ruleset recorded from the real lab engine.
"""

from __future__ import annotations

from typing import Any

from tui.model.firewall import Firewall, front_ends_of, parse_iptables_save, parse_nft_json
from tui.model.hostfacts import Listener
from tui.model.rawjson import array, integer, obj, text


def parse_firewall(raw: Any) -> Firewall | None:
    """`{"iptables", "ip6tables", "nft", "ip_forward", "problem"}`; None when never read."""
    if not isinstance(raw, dict):
        return None
    four = raw.get("iptables")
    six = raw.get("ip6tables")
    ipv4 = parse_iptables_save(four) if isinstance(four, str) else None
    nft = parse_nft_json(raw.get("nft"))
    forward = raw.get("ip_forward")
    ipvs = raw.get("ipvs")
    return Firewall(
        ipv4=ipv4,
        ipv6=parse_iptables_save(six) if isinstance(six, str) else None,
        nft_chains=nft,
        ip_forward=forward if isinstance(forward, bool) else None,
        ipvs=ipvs if isinstance(ipvs, bool) else None,
        bridge_nf=_flag(raw.get("bridge_nf")),
        bridge_nf6=_flag(raw.get("bridge_nf6")),
        problem=text(raw.get("problem")),
        front_ends=front_ends_of(ipv4, tuple(n.table for n in nft)),
    )


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def parse_listeners(raw: Any) -> tuple[tuple[str, tuple[Listener, ...]], ...]:
    """`{"host" | container id: [{"address", "port", "proto"}]}` as plain values."""
    result = []
    for owner, sockets in sorted(obj(raw).items()):
        found = []
        for s in array(sockets):
            port = integer(obj(s).get("port"))
            if port is not None:
                found.append(Listener(text(s.get("address")), port, text(s.get("proto")) or "tcp"))
        result.append((str(owner), tuple(found)))
    return tuple(result)
