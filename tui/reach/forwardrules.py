"""Two containers on one bridge, and the host's own iptables rules between them.

With br_netfilter loaded (Docker loads it; `net.bridge.bridge-nf-call-iptables` = 1) a packet
bridged from one container to another on the same bridge goes through filter FORWARD too, where
DOCKER-USER comes first: a user's rule there stops container-to-container traffic that every
network option allows (measured on the lab engine: a `DOCKER-USER -s A -d B -j DROP` makes A's
ping of B fail, while nothing in the engine's API changes). So when the engine's host told its
rules, each path over a shared bridge is walked through FORWARD as a ping (`tui.reach.netfilter`),
and a path the rules stop is taken out of the verdict, the rule named. Checked against pings by
tests/test_forward_rules.py.
"""

from __future__ import annotations

from dataclasses import replace

from tui.model.addressing import bridge_name
from tui.model.firewall import Firewall, Ruleset
from tui.model.snapshot import Snapshot
from tui.reach.answer import Verdict
from tui.reach.netfilter import Outcome, Packet, walk
from tui.reach.outside import context_of
from tui.reach.stack import Path


def through_forward(snap: Snapshot, v: Verdict) -> Verdict:
    """The verdict with the paths the host's FORWARD rules stop taken out (and said why)."""
    fw = snap.host.firewall if snap.host else None
    if fw is None or fw.ipv4 is None or not v.via:
        return v
    stopped: list[tuple[Path, Outcome]] = []
    unsure: list[tuple[Path, Outcome]] = []
    for p in v.via:
        outcome = _walk(snap, fw, p)
        if outcome is None or outcome.verdict == "accept":
            continue
        (unsure if outcome.verdict == "uncertain" else stopped).append((p, outcome))
    if not stopped and not unsure:
        return v
    gone = {p.dst_address for p, _ in stopped}
    via = tuple(p for p in v.via if p not in {q for q, _ in stopped})
    addresses = tuple(a for a in v.addresses if a not in gone or any(p.dst_address == a for p in via))
    four = [a for a in addresses if ":" not in a]
    six = [a for a in addresses if ":" in a]
    reasons = [
        f"{v.src} -> {v.dst} on {p.network}: {o.blocked()} in filter FORWARD (bridged packets go through "
        "iptables here: br_netfilter is on)"
        for p, o in stopped
    ]
    warnings = [
        f"on {p.network}, `{o.rule.text if o.rule else 'a rule'}` in filter FORWARD has a match dockernet cannot "
        "evaluate: it may stop this path"
        for p, o in unsure
    ]
    fixes = [f"iptables -D {o.rule.chain} {o.rule.text.split(' ', 2)[2]}" for _, o in stopped if o.rule is not None]
    removals = tuple(f"remove the rule if it is not meant for them: {f}" for f in fixes)
    if not (four or six):  # nothing gets through: only the rule stands in the way, no other fix helps
        return replace(
            v,
            via=via,
            addresses=addresses,
            ip_reachable=False,
            ipv4_reachable=False,
            ipv6_reachable=False,
            reasons=(*v.reasons, *reasons),
            warnings=(*v.warnings, *warnings),
            fixes=removals,
            fix_actions=(),
        )
    return replace(
        v,
        via=via,
        addresses=addresses,
        ip_reachable=bool(four or six),
        ipv4_reachable=bool(four),
        ipv6_reachable=bool(six),
        reasons=(*v.reasons, *reasons),
        warnings=(*v.warnings, *warnings),
        fixes=tuple(dict.fromkeys((*v.fixes, *removals))),
    )


def _walk(snap: Snapshot, fw: Firewall, p: Path) -> Outcome | None:
    """FORWARD's say on a ping over this path; None when the path does not cross a bridge's rules."""
    if p.kind != "network" or p.driver != "bridge":
        return None
    six = ":" in p.dst_address
    rules: Ruleset | None = fw.ipv6 if six else fw.ipv4
    if rules is None or not (fw.bridge_nf6 if six else fw.bridge_nf):
        return None
    net = snap.network(p.network_id)
    if net is None:
        return None
    link = bridge_name(net)
    src, dst = p.src_address.split("/", 1)[0], p.dst_address.split("/", 1)[0]
    ctx = context_of(snap)
    ask = walk(rules, "filter", "FORWARD", Packet(src=src, dst=dst, dport=0, proto="icmp", iif=link, oif=link), ctx)
    if ask.verdict != "accept":
        return ask
    # The answer crosses FORWARD too (as ESTABLISHED): a rule against DST -> SRC stops SRC's ping as well.
    reply = Packet(src=dst, dst=src, dport=0, proto="icmp", iif=link, oif=link, state="ESTABLISHED")
    return walk(rules, "filter", "FORWARD", reply, ctx)
