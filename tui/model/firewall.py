"""The engine host's packet filter as `iptables-save` prints it, parsed into plain values.

Who reaches a published port from outside is decided by netfilter, not by the engine's API: the
DNAT rules Docker writes in the nat table's DOCKER chain, the FORWARD chain's DOCKER-USER,
DOCKER-ISOLATION-* and DOCKER chains, its policy, and whatever a firewall front end (ufw,
firewalld) put in INPUT. `tui.engine.firewall` reads the text on the engine's host (root only,
never changing anything); `tui.reach.netfilter` walks a packet through it. Rules are kept as
parsed options, and the original line is kept too, so a verdict can quote the rule it rests on.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

BUILTIN_CHAINS = ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")


@dataclass(frozen=True, slots=True)
class Match:
    """One option of a rule (`-d 10.0.0.1/32`, `! -i docker0`, `--ctstate NEW`), with its module."""

    option: str  # the long name: "source", "destination", "in-interface", "protocol", "dport", ...
    values: tuple[str, ...] = ()
    negated: bool = False
    module: str = ""  # the `-m` module it belongs to ("" for the core options)


@dataclass(frozen=True, slots=True)
class Rule:
    """One `-A CHAIN ...` line: its matches, its target (`-j`/`-g`) and the target's options."""

    table: str
    chain: str
    text: str  # the line as iptables-save printed it
    matches: tuple[Match, ...] = ()
    target: str = ""  # "" for a rule that only counts
    goto: bool = False
    target_options: tuple[tuple[str, str], ...] = ()

    def target_option(self, name: str) -> str:
        return dict(self.target_options).get(name, "")


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    policy: str = ""  # ACCEPT/DROP for a built-in chain, "" for a user chain
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Ruleset:
    """One address family's tables: {table: {chain name: Chain}}."""

    tables: tuple[tuple[str, tuple[Chain, ...]], ...] = ()

    def chain(self, table: str, name: str) -> Chain | None:
        for t, chains in self.tables:
            if t == table:
                return next((c for c in chains if c.name == name), None)
        return None

    def chain_names(self) -> list[str]:
        return [c.name for _, chains in self.tables for c in chains]


@dataclass(frozen=True, slots=True)
class NftChain:
    """A base chain of an nftables table iptables did not write (firewalld's, a hand-made one).

    Every base chain on a hook must accept a packet, so a drop there stops what Docker's rules let
    through; dockernet does not evaluate nft rules, so it names these chains instead.
    """

    family: str
    table: str
    name: str
    hook: str
    priority: int = 0
    policy: str = "accept"
    drops: bool = False  # it has a drop or reject statement (or a drop policy)


@dataclass(frozen=True, slots=True)
class Firewall:
    """What the host's packet filter says, or why it could not be read."""

    ipv4: Ruleset | None = None
    ipv6: Ruleset | None = None
    nft_chains: tuple[NftChain, ...] = ()
    ip_forward: bool | None = None  # net.ipv4.ip_forward
    ipvs: bool | None = None  # /proc/net/ip_vs exists: the kernel can balance service VIPs and the mesh
    # net.bridge.bridge-nf-call-ip(6)tables: bridged traffic (two containers on one bridge) goes
    # through filter FORWARD too, so a DOCKER-USER rule can stop it. None: br_netfilter not loaded.
    bridge_nf: bool | None = None
    bridge_nf6: bool | None = None
    problem: str = ""  # why the rules were not read ("" when they were)
    front_ends: tuple[str, ...] = field(default=())  # "ufw", "firewalld": what manages INPUT

    @property
    def readable(self) -> bool:
        return self.ipv4 is not None


_LONG = {
    "-s": "source",
    "--src": "source",
    "-d": "destination",
    "--dst": "destination",
    "-i": "in-interface",
    "-o": "out-interface",
    "-p": "protocol",
    "-f": "fragment",
}
_TARGET_TAKES_NO_VALUE = {"--random", "--persistent", "--fully-random", "--log-uid", "--log-tcp-options"}


def parse_iptables_save(text: str) -> Ruleset:
    """The tables of one `iptables-save` (or `ip6tables-save`) output; unreadable lines are skipped."""
    tables: dict[str, dict[str, tuple[str, list[Rule]]]] = {}
    table = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "COMMIT":
            continue
        if line.startswith("*"):
            table = line[1:]
            tables.setdefault(table, {})
        elif line.startswith(":") and table:
            name, _, rest = line[1:].partition(" ")
            policy = rest.split(" ", 1)[0]
            tables[table][name] = ("" if policy == "-" else policy, [])
        elif line.startswith("-A ") and table:
            rule = parse_rule(table, line)
            if rule is not None:
                tables[table].setdefault(rule.chain, ("", []))[1].append(rule)
    return Ruleset(
        tuple(
            (t, tuple(Chain(name, policy, tuple(rules)) for name, (policy, rules) in chains.items()))
            for t, chains in tables.items()
        )
    )


def parse_rule(table: str, line: str) -> Rule | None:
    """One `-A CHAIN ...` line; None when it does not split (an unbalanced quote)."""
    try:
        tokens = shlex.split(line)
    except ValueError:
        return None
    if len(tokens) < 2:
        return None
    chain = tokens[1]
    matches: list[Match] = []
    module = ""
    target, goto = "", False
    target_options: list[tuple[str, str]] = []
    negate = False
    i = 2
    while i < len(tokens):
        tok = tokens[i]
        if tok == "!":
            negate = True
            i += 1
            continue
        values: list[str] = []
        j = i + 1
        while j < len(tokens) and not (tokens[j].startswith("-") and len(tokens[j]) > 1) and tokens[j] != "!":
            values.append(tokens[j])
            j += 1
        if tok in ("-m", "--match"):
            module = values[0] if values else ""
        elif tok in ("-j", "--jump", "-g", "--goto"):
            target, goto = (values[0] if values else ""), tok in ("-g", "--goto")
            rest = tokens[j:]
            k = 0
            while k < len(rest):
                if rest[k] in _TARGET_TAKES_NO_VALUE or k + 1 >= len(rest) or rest[k + 1].startswith("--"):
                    target_options.append((rest[k].lstrip("-"), ""))
                    k += 1
                else:
                    target_options.append((rest[k].lstrip("-"), rest[k + 1]))
                    k += 2
            break
        elif tok in ("-c", "--set-counters"):
            pass
        else:
            name = _LONG.get(tok, tok.lstrip("-"))
            matches.append(Match(name, tuple(values), negate, "" if tok in _LONG else module))
        negate = False
        i = j
    return Rule(table, chain, line, tuple(matches), target, goto, tuple(target_options))


def front_ends_of(ruleset: Ruleset | None, nft_tables: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The firewall front ends whose chains are present: ufw's `ufw-*`, firewalld's."""
    names = ruleset.chain_names() if ruleset else []
    found = []
    if any(n.startswith("ufw-") or n.startswith("ufw6-") for n in names):
        found.append("ufw")
    if "firewalld" in nft_tables or any(n.startswith(("INPUT_direct", "FWDI_", "IN_public")) for n in names):
        found.append("firewalld")
    return tuple(found)


IPTABLES_TABLES = ("filter", "nat", "mangle", "raw", "security")  # iptables-nft's own tables


def parse_nft_json(data: object) -> tuple[NftChain, ...]:
    """The base chains of `nft -j list ruleset` that iptables did not write (other tables)."""
    items = data.get("nftables") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return ()
    chains: dict[tuple[str, str, str], dict[str, object]] = {}
    drops: set[tuple[str, str, str]] = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("chain"), dict):
            c = item["chain"]
            key = (str(c.get("family", "")), str(c.get("table", "")), str(c.get("name", "")))
            if c.get("hook") and not (key[0] in ("ip", "ip6") and key[1] in IPTABLES_TABLES):
                chains[key] = c
        elif isinstance(item.get("rule"), dict):
            r = item["rule"]
            key = (str(r.get("family", "")), str(r.get("table", "")), str(r.get("chain", "")))
            text = str(r.get("expr", ""))
            if "'drop'" in text or "'reject'" in text:
                drops.add((key[0], key[1], ""))  # a drop anywhere in the table may be jumped to
    result = []
    for key, c in chains.items():
        policy = str(c.get("policy", "accept"))
        prio = c.get("prio", 0)
        result.append(
            NftChain(
                family=key[0],
                table=key[1],
                name=key[2],
                hook=str(c.get("hook", "")),
                priority=prio if isinstance(prio, int) else 0,
                policy=policy,
                drops=policy == "drop" or (key[0], key[1], "") in drops,
            )
        )
    return tuple(sorted(result, key=lambda n: (n.hook, n.priority, n.family, n.table, n.name)))
