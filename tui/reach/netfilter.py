"""Walk one connection's first packet through the host's iptables rules, as the kernel does.

Pure: the rules come from `tui.model.firewall` (read on the engine's host), the packet from
`tui.reach.outside`. Each match is true, false or unknown (a module dockernet does not evaluate,
an outside interface whose name it cannot know); at an unknown match both outcomes are followed,
and when they differ the answer is "uncertain" naming that rule, never a guess. Only what decides
a new TCP/UDP connection is modelled: conntrack state NEW (and DNAT after a DNAT), no marks.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace

from tui.model.firewall import Match, Rule, Ruleset

OUTSIDE_LINK = "?"  # the interface an outside machine's packet arrives on, when its name is not known
_TERMINAL = {"ACCEPT": "accept", "DROP": "drop", "REJECT": "reject"}
_NON_TERMINATING = {"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "TRACE", "NOTRACK", "AUDIT", "TCPMSS", "CLASSIFY"}
_MAX_DEPTH = 24
EPHEMERAL = (32768, 60999)  # net.ipv4.ip_local_port_range's default
PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1", "ipv6-icmp": "58"}
DOCKER_BRIDGE = re.compile(r"^(br-[0-9a-f]{12}|docker0|docker_gwbridge)$")  # also another engine's networks


@dataclass(frozen=True, slots=True)
class Packet:
    """A connection's first packet at one hook. `iif` None: sent by the host itself."""

    src: str  # "" when unknown (an outside machine's address)
    dst: str
    dport: int
    proto: str = "tcp"
    iif: str | None = None
    oif: str | None = None
    orig_dst: str = ""  # before a DNAT ("" = dst)
    orig_dport: int = 0
    dnat: bool = False
    local_dst: bool = False
    local_src: bool = False
    state: str = "NEW"  # conntrack's: NEW for a connection's first packet, ESTABLISHED for its replies
    sport: int = 0  # a reply's source port (the service's); 0: the client's ephemeral port


@dataclass(frozen=True, slots=True)
class Context:
    """What a match needs beyond the packet: which interfaces and subnets are Docker's."""

    docker_links: frozenset[str] = frozenset({"lo"})
    docker_subnets: tuple[str, ...] = ()

    def is_docker_link(self, name: str) -> bool:
        """A link of Docker's (a bridge, another engine's too, a veth) or lo: never another machine's."""
        return name in self.docker_links or bool(DOCKER_BRIDGE.match(name)) or name.startswith("veth")


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a chain left the packet: accept, drop, reject, dnat (to `to`), return, uncertain."""

    verdict: str
    rule: Rule | None = None  # the rule that decided (None: a chain's policy, or no rule at all)
    policy_of: str = ""  # the built-in chain whose policy decided
    to: str = ""  # a DNAT's destination, "ip:port" or "ip"
    trail: tuple[Rule, ...] = ()  # the jumps that led to the deciding rule

    def same(self, other: Outcome) -> bool:
        return (self.verdict, self.to) == (other.verdict, other.to)

    def decision(self, chain: str) -> str:
        """What decided, as a step: the jumps that led there, then the rule (or the policy)."""
        via = " → ".join(r.target for r in self.trail)
        head = f"via {via}: " if via else ""
        if self.rule is None:
            return f"{head}{self.policy_of or chain} policy {self.verdict.upper()}"
        return f"{head}{self.rule.text}"

    def blocked(self) -> str:
        """Why it stops here: "dropped by `RULE`", "refused by ...", or the chain's policy."""
        what = "dropped" if self.verdict == "drop" else "refused" if self.verdict == "reject" else self.verdict
        if self.rule is None:
            return f"{what} by the {self.policy_of} policy"
        return f"{what} by `{self.rule.text}`"


def walk(rules: Ruleset, table: str, chain: str, pkt: Packet, ctx: Context) -> Outcome:
    """The outcome of a built-in chain for this packet; a missing chain accepts (nothing filters)."""
    return _run(rules, table, chain, pkt, ctx, 0, 0)


def _run(rules: Ruleset, table: str, name: str, pkt: Packet, ctx: Context, start: int, depth: int) -> Outcome:
    chain = rules.chain(table, name)
    if chain is None:
        return Outcome("accept") if depth == 0 else Outcome("return")
    if depth > _MAX_DEPTH:
        return Outcome("uncertain", chain.rules[0] if chain.rules else None)
    for index in range(start, len(chain.rules)):
        rule = chain.rules[index]
        matched = matches(rule, pkt, ctx)
        if matched is False:
            continue
        effect = _effect(rules, table, rule, pkt, ctx, depth)
        if matched is None:
            rest = _run(rules, table, name, pkt, ctx, index + 1, depth)
            if effect is None or effect.same(rest):
                return rest
            return Outcome("uncertain", rule)
        if effect is not None:
            return effect
    if chain.policy:
        return Outcome(chain.policy.lower(), None, policy_of=name)
    return Outcome("return")


def _effect(rules: Ruleset, table: str, rule: Rule, pkt: Packet, ctx: Context, depth: int) -> Outcome | None:
    """What a matching rule does: a final outcome, or None to go on with the next rule."""
    target = rule.target
    if target in _TERMINAL:
        return Outcome(_TERMINAL[target], rule)
    if target == "RETURN":
        return Outcome("return", rule)
    if target == "DNAT":
        return Outcome("dnat", rule, to=rule.target_option("to-destination"))
    if target == "REDIRECT":
        port = rule.target_option("to-ports").split("-", 1)[0]
        return Outcome("dnat", rule, to=f"{pkt.dst}:{port}" if port else pkt.dst)
    if not target or target in _NON_TERMINATING or rules.chain(table, target) is None:
        return None  # counting, logging, marking, or a target dockernet does not know: the packet goes on
    sub = _run(rules, table, target, pkt, ctx, 0, depth + 1)
    if sub.verdict == "return":
        return Outcome("return", rule) if rule.goto else None
    return replace(sub, trail=(rule, *sub.trail))


def matches(rule: Rule, pkt: Packet, ctx: Context) -> bool | None:
    """True when every match of the rule holds, False when one fails, None when one is unknown."""
    result: bool | None = True
    for m in rule.matches:
        one = _match(m, pkt, ctx)
        if one is not None and m.negated:
            one = not one
        if one is False:
            return False
        if one is None:
            result = None
    return result


def _match(m: Match, pkt: Packet, ctx: Context) -> bool | None:
    value = m.values[0] if m.values else ""
    opt = m.option
    if opt == "source":
        return _in_cidrs(pkt.src, value, ctx)
    if opt == "destination":
        return _in_cidrs(pkt.dst, value, ctx)
    if opt in ("in-interface", "out-interface"):
        return _link(pkt.iif if opt == "in-interface" else pkt.oif, value, ctx)
    if opt == "protocol":
        return value.lower() in (
            pkt.proto,
            "all",
            "0",
            {"tcp": "6", "udp": "17", "icmp": "1", "ipv6-icmp": "58"}.get(pkt.proto, ""),
        )
    if opt in ("dport", "destination-port", "dports", "destination-ports"):
        return _in_ports(pkt.dport, value) if pkt.dport else _ephemeral(value)
    if opt in ("sport", "source-port", "sports", "source-ports", "ctorigsrcport"):
        return _in_ports(pkt.sport, value) if pkt.sport and opt != "ctorigsrcport" else _ephemeral(value)
    if opt in ("ports",):
        return True if _in_ports(pkt.dport, value) else None
    if opt in ("ctstate", "state"):
        states = {s.upper() for s in value.split(",")}
        return pkt.state in states or (pkt.dnat and "DNAT" in states)
    if opt == "ctorigdst":
        return _in_cidrs(pkt.orig_dst or pkt.dst, value, ctx)
    if opt == "ctorigdstport":
        return _in_ports(pkt.orig_dport or pkt.dport, value)
    if opt == "ctorigsrc":
        return _in_cidrs(pkt.src, value, ctx)
    if opt == "ctdir":
        return value.upper() == ("ORIGINAL" if pkt.state == "NEW" else "REPLY")
    if opt in ("dst-type", "src-type"):
        local = pkt.local_dst if opt == "dst-type" else pkt.local_src
        types = {t.upper() for t in value.split(",")}
        return (local and "LOCAL" in types) or (not local and "UNICAST" in types)
    if opt in ("limit-iface-in", "limit-iface-out", "comment", "limit", "limit-burst", "log-prefix"):
        return True  # no condition on a first packet (a rate limit holds for one connection)
    if opt == "syn":
        return pkt.proto == "tcp"
    if opt == "fragment":
        return False
    if opt == "pkt-type":
        return value.lower() == "unicast"
    return None


def _in_cidrs(address: str, value: str, ctx: Context) -> bool | None:
    cidrs = [c for c in value.split(",") if c]
    if not address:
        # An outside machine's address: in no Docker subnet, else unknown.
        for c in cidrs:
            if c in ("0.0.0.0/0", "::/0"):
                return True
        if cidrs and all(_inside_any(c, ctx.docker_subnets) for c in cidrs):
            return False
        return None
    try:
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(c, strict=False) for c in cidrs if _same_family(ip, c))
    except ValueError:
        return None


def _same_family(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, cidr: str) -> bool:
    return (":" in cidr) == (ip.version == 6)


def _inside_any(cidr: str, subnets: tuple[str, ...]) -> bool:
    try:
        net = ipaddress.ip_network(cidr, strict=False)
        return any(
            net.version == s.version and net.subnet_of(s)  # type: ignore[arg-type]  # versions checked equal
            for s in (ipaddress.ip_network(x, strict=False) for x in subnets)
        )
    except ValueError:
        return False


def _link(actual: str | None, wanted: str, ctx: Context) -> bool | None:
    if actual is None:
        return False  # no such interface at this hook (the host's own packet has no input link)
    prefix = wanted[:-1] if wanted.endswith("+") else None
    if actual == OUTSIDE_LINK:
        # An outside link is none of Docker's (nor lo); anything else about its name is unknown.
        if ctx.is_docker_link(wanted):
            return False
        if prefix is not None and prefix in ("veth", "docker", "br-", "docker_gwbridge"):
            return False
        return None
    return actual.startswith(prefix) if prefix is not None else actual == wanted


def _ephemeral(value: str) -> bool | None:
    """A client's port (Linux picks it in 32768-60999): unknown if the rule's ports reach there, else no match."""
    for part in value.split(","):
        low, _, high = part.partition(":")
        try:
            if int(low or 0) <= EPHEMERAL[1] and int(high or low or 65535) >= EPHEMERAL[0]:
                return None
        except ValueError:
            return None
    return False


def _in_ports(port: int, value: str) -> bool:
    for part in value.split(","):
        low, _, high = part.partition(":")
        try:
            if int(low or 0) <= port <= int(high or low or 65535):
                return True
        except ValueError:
            continue
    return False
