"""The firewall model and `why host|outside` on a snapshot recorded from the lab engine.

tests/data/outside-lab.json was saved with `dockernet snapshot` inside the lab's namespace, as
root: rec-web published on every address (19001), rec-lo on 127.0.0.1:19002, rec-int asking for
19003 on an --internal network, rec-host in host mode listening on 19004; its host facts hold the
real `iptables-save` text and the listening sockets. Rules a user adds are spliced into that text.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tui.model.firewall import parse_iptables_save, parse_nft_json, parse_rule
from tui.model.parse import parse_snapshot
from tui.model.parsefirewall import parse_firewall
from tui.model.snapshot import Snapshot
from tui.reach.exposure import exposure
from tui.reach.exposuretext import exposure_lines
from tui.reach.netfilter import OUTSIDE_LINK, Packet, walk
from tui.reach.outside import Attempt, context_of, follow

RECORDED = Path(__file__).parent / "data" / "outside-lab.json"


def _snap(*, iptables_edit: tuple[str, str] | None = None, nft: object = None) -> Snapshot:
    raw = json.loads(RECORDED.read_text())
    fw = raw["host"]["firewall"]
    if iptables_edit:
        old, new = iptables_edit
        assert old in fw["iptables"]
        fw["iptables"] = fw["iptables"].replace(old, new, 1)
    if nft is not None:
        fw["nft"] = nft
    return parse_snapshot(raw, "snapshot")


def _c(snap: Snapshot, name: str):  # type: ignore[no-untyped-def]
    c = snap.container(name)
    assert c is not None
    return c


def test_recorded_rules_parse() -> None:
    fw = _snap().host.firewall  # type: ignore[union-attr]
    assert fw is not None and fw.ipv4 is not None
    dnat = [r for r in fw.ipv4.chain("nat", "DOCKER").rules if r.target == "DNAT"]  # type: ignore[union-attr]
    assert {r.target_option("to-destination") for r in dnat} >= {"172.17.0.2:80", "172.17.0.3:80"}
    assert fw.ipv4.chain("filter", "FORWARD").policy == "ACCEPT"  # type: ignore[union-attr]
    assert fw.front_ends == ()


def test_rule_parsing_keeps_negation_modules_and_quotes() -> None:
    rule = parse_rule("filter", '-A DOCKER-USER ! -s 10.0.0.0/8 -m comment --comment "no - entry" -j DROP')
    assert rule is not None
    assert rule.matches[0].option == "source" and rule.matches[0].negated
    assert rule.matches[1].module == "comment" and rule.matches[1].values == ("no - entry",)
    assert rule.target == "DROP"


def test_published_port_from_outside_names_the_dnat_and_the_accept() -> None:
    snap = _snap()
    path = follow(snap, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2"))
    assert path.reachable is True
    assert "DNAT --to-destination 172.17.0.2:80" in path.steps[0]
    assert "-A DOCKER -d 172.17.0.2/32" in path.steps[1]


def test_loopback_binding_is_not_reachable_from_outside_nor_at_other_host_addresses() -> None:
    snap = _snap()
    assert follow(snap, Attempt("outside", "127.0.0.1", 19002)).reachable is False
    host_other = follow(snap, Attempt("host", "172.17.0.1", 19002))
    assert host_other.reachable is False and "127.0.0.1:19002 only" in host_other.reason
    assert follow(snap, Attempt("host", "127.0.0.1", 19002)).reachable is True


def test_naive_docker_user_rule_on_the_host_port_does_not_match_after_dnat() -> None:
    naive = _snap(iptables_edit=("-A DOCKER-USER -j RETURN", "-A DOCKER-USER -p tcp -m tcp --dport 19001 -j DROP"))
    assert follow(naive, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2")).reachable is True
    by_original = _snap(
        iptables_edit=("-A DOCKER-USER -j RETURN", "-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 19001 -j DROP")
    )
    path = follow(by_original, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2"))
    assert path.reachable is False and "--ctorigdstport 19001" in path.reason


def test_input_rule_stops_host_mode_but_not_a_published_port() -> None:
    deny = "-A DOCKER-USER -j RETURN\n"
    snap = _snap(
        iptables_edit=(
            deny,
            deny + "-A INPUT -p tcp -m tcp --dport 19004 -j DROP\n-A INPUT -p tcp --dport 19001 -j DROP\n",
        )
    )
    assert follow(snap, Attempt("outside", "10.250.0.1", 19004, link="dnlab-eng2")).reachable is False
    assert follow(snap, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2")).reachable is True


def test_unknown_match_that_decides_makes_the_verdict_uncertain() -> None:
    snap = _snap(iptables_edit=("-A DOCKER-USER -j RETURN", "-A DOCKER-USER -m set --match-set blocked src -j DROP"))
    path = follow(snap, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2"))
    assert path.reachable is None and "match-set blocked" in path.reason
    logged = _snap(iptables_edit=("-A DOCKER-USER -j RETURN", "-A DOCKER-USER -m set --match-set x src -j LOG"))
    assert follow(logged, Attempt("outside", "10.250.0.1", 19001, link="dnlab-eng2")).reachable is True


def test_an_outside_link_of_unknown_name_is_none_of_dockers() -> None:
    snap = _snap()
    rules = snap.host.firewall.ipv4  # type: ignore[union-attr]
    assert rules is not None
    pkt = Packet(src="", dst="172.17.0.2", dport=80, iif=OUTSIDE_LINK, oif="docker0")
    assert walk(rules, "filter", "FORWARD", pkt, context_of(snap)).verdict == "accept"
    internal = Packet(src="", dst="10.251.9.2", dport=80, iif=OUTSIDE_LINK, oif=_bridge(snap, "rec-internal"))
    assert walk(rules, "filter", "FORWARD", internal, context_of(snap)).verdict == "drop"


def _bridge(snap: Snapshot, name: str) -> str:
    net = snap.network(name)
    assert net is not None
    return f"br-{net.id[:12]}"


def test_ufw_is_named_and_its_blind_spot_explained() -> None:
    ufw = "-A DOCKER-USER -j RETURN\n"
    snap = _snap(iptables_edit=(":DOCKER-USER - [0:0]", ":DOCKER-USER - [0:0]\n:ufw-user-input - [0:0]"))
    assert ufw and snap.host.firewall.front_ends == ("ufw",)  # type: ignore[union-attr]
    e = exposure(snap, _c(snap, "rec-web"), "outside", 80)
    assert any("ufw is on this host, but Docker's rules come before it" in n for n in e.notes)


def test_nft_table_that_drops_on_forward_turns_yes_into_unknown() -> None:
    nft = {
        "nftables": [
            {"chain": {"family": "inet", "table": "firewalld", "name": "filter_FORWARD", "hook": "forward",
                       "prio": 10, "policy": "accept"}},
            {"rule": {"family": "inet", "table": "firewalld", "chain": "filter_FORWARD",
                      "expr": [{"reject": {"type": "icmpx"}}, {"drop": None}]}},
        ]
    }  # fmt: skip
    assert parse_nft_json(nft)[0].drops
    snap = _snap(nft=nft)
    e = exposure(snap, _c(snap, "rec-web"), "outside", 80)
    assert e.reachable is None
    assert any("firewalld" in n for n in e.notes)


def test_internal_network_publishes_nothing_and_says_so() -> None:
    snap = _snap()
    e = exposure(snap, _c(snap, "rec-int"), "outside", 80)
    assert e.reachable is False and not e.paths
    assert any("--internal" in n for n in e.notes)


def test_without_the_firewall_the_answer_is_dockers_rules_with_a_caveat() -> None:
    snap = _snap()
    bare = replace(snap, host=None)
    e = exposure(bare, _c(bare, "rec-web"), "outside", 80)
    assert e.reachable is True
    assert all("unless a rule of the host's stops it" in p.reason for p in e.paths)
    assert any("firewall was not read" in n for n in e.notes)
    assert [p.reachable for p in e.direct] == [None]
    lines = exposure_lines(bare, e)
    assert lines[0] == "another machine -> rec-web:80: reachable" and "each host address:19001" in lines[2]


def test_port_may_name_the_host_port() -> None:
    snap = _snap()
    assert exposure(snap, _c(snap, "rec-web"), "outside", 19001).ports == (80,)


def test_parse_firewall_without_root_keeps_the_reason() -> None:
    fw = parse_firewall({"problem": "reading the firewall rules needs root"})
    assert fw is not None and not fw.readable and "root" in fw.problem
    assert parse_iptables_save("*filter\n:INPUT DROP [0:0]\nCOMMIT\n").chain("filter", "INPUT").policy == "DROP"  # type: ignore[union-attr]
