"""Every name rule of `tui.reach.names` against what resolvers answer inside real containers.

One lab holds a scenario per rule: /etc/hosts before the DNS (a link alias and an --add-host
name equal to other containers' names), --hostname/--domainname for a container, its sidecar and
a legacy link, one alias on six networks of one container (the embedded DNS's network order), a
round-robin alias, renames, the `alias.network` / `shortid.network` / `linkalias.network` forms,
an IPv6 --add-host, and --network host pairs with and without --add-host.

From inside every source container, one exec reads /etc/hosts and asks the embedded DNS for every
candidate name (`nslookup -type=a` and `-type=aaaa` at 127.0.0.11, each cut off after 3 s: a miss
is forwarded to the lab's --dns 127.0.0.1 and would take 10 s). The kernel's answer for a name is
the addresses of the /etc/hosts lines that name it, else the DNS's answers. A second exec runs
`ping -c1 -W1` (busybox's libc resolver) for the names whose every answer is a lab address, and
its pick must be among them, the first hosts-file line when the file names it. The model must
give the same addresses for every name, and list a name for DST exactly when every answer is one
of DST's addresses; names that answer with several containers must be called ambiguous.

The renames are what no snapshot can show (the engine keeps no old name): the rows where model
and kernel disagree must be exactly those, and each verdict concerned must say its names may be
stale.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from docker.types import IPAMConfig, IPAMPool

from tests.lab import Lab, lab_client
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.snapshot import Snapshot
from tui.reach.names import resolver
from tui.reach.stack import stack_of
from tui.reach.verdict import verdict

LOOPBACK = "127.0.0.1"
_PING = re.compile(r"^PING \S+ \(([0-9a-fA-F:.]+)\)")
NETS = ("z-plain", "m-plain", "a-plain", "q-v6", "b-int", "c-ovl")  # one alias each pair of them


@dataclass
class World:
    """What the lab built: containers by role, and the facts the checks need."""

    c: dict[str, Any] = field(default_factory=dict)
    nets: dict[str, Any] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # every candidate name to look up
    limits: dict[str, str] = field(default_factory=dict)  # name -> the rename it comes from


def _net_ips(x: Any) -> dict[str, tuple[str, str]]:
    return {
        n: (ep.get("IPAddress") or "", ep.get("GlobalIPv6Address") or "")
        for n, ep in x.attrs["NetworkSettings"]["Networks"].items()
    }


def _pair_alias(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"p-{first}-{second}"


def build(lab: Lab) -> World:
    w = World()
    n = lab.name
    api = lab.client.api
    for short in NETS:
        if short == "q-v6":
            v6 = f"fd{uuid.uuid4().hex[:2]}:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::/64"
            pools = [IPAMPool(subnet=lab.free_subnet()), IPAMPool(subnet=v6)]
            net = lab.client.networks.create(
                n(short), ipam=IPAMConfig(pool_configs=pools), enable_ipv6=True, labels=lab.labels
            )
            lab.created_networks.append(str(net.id))
            w.nets[short] = net
        elif short == "c-ovl":
            w.nets[short] = lab.network(
                short, subnet=lab.free_subnet("10.240.0.0/14"), driver="overlay", attachable=True
            )
        else:
            w.nets[short] = lab.network(short, subnet=lab.free_subnet(), internal=short == "b-int")
    a_net = n("a-plain")
    c = w.c

    # 7. One alias on every pair of six networks; `multi` is on all six (joined in another order).
    for short in NETS:
        aliases = [_pair_alias(short, other) for other in NETS if other != short]
        c[f"t-{short}"] = lab.container(
            f"t-{short}", network=n(short), networking_config={n(short): api.create_endpoint_config(aliases=aliases)}
        )
        w.names.update(aliases)
    t_v6 = c["t-q-v6"]
    t_v6.reload()
    v6_addr = _net_ips(t_v6)[n("q-v6")][1]
    c["multi"] = lab.container("multi", start=False, network=n("z-plain"), extra_hosts={"v6name": v6_addr})
    for short in ("m-plain", "a-plain", "q-v6", "b-int", "c-ovl"):
        w.nets[short].connect(c["multi"])
    c["multi"].start()
    # Round robin: two containers with one alias on one network.
    for short in ("rr1", "rr2"):
        c[short] = lab.container(
            short, network=a_net, networking_config={a_net: api.create_endpoint_config(aliases=["rr"])}
        )
    w.names.update({"rr", "v6name"})

    # 5. /etc/hosts first: s5's link alias is x5's name, its --add-host name is y5's name.
    c["x5"] = lab.container("x5", network=a_net)
    c["y5"] = lab.container("y5", network=a_net)
    c["t5"] = lab.container("t5")  # default bridge
    t5_ip = _net_ips(c["t5"])["bridge"][0]
    # 6. s5's hostname is h6's name (and a domain): it names itself by it; its sidecar too.
    c["h6"] = lab.container("h6", network=a_net)
    c["s5"] = lab.container(
        "s5",
        start=False,
        links={n("t5"): n("x5")},
        extra_hosts={n("y5"): t5_ip},
        hostname=n("h6"),
        domainname="dom.example",
    )
    w.nets["a-plain"].connect(c["s5"])
    c["s5"].start()
    c["side6"] = lab.container("side6", network_mode=f"container:{c['s5'].id}")
    # A legacy link to a container with --hostname/--domainname: `IP alias hostname name`.
    c["hn6"] = lab.container("hn6", hostname="myhn6", domainname="d.example")
    c["lk6"] = lab.container("lk6", links={n("hn6"): "al6"})
    w.names.update({n("h6") + ".dom.example", "myhn6", "myhn6.d.example", "al6"})

    # 9. Name forms on a user-defined network, and host-mode pairs.
    c["f1"] = lab.container("f1", network=a_net, networking_config={a_net: api.create_endpoint_config(aliases=["fal"])})
    c["f2"] = lab.container(
        "f2", network=a_net, networking_config={a_net: api.create_endpoint_config(links={n("f1"): "flink"})}
    )
    w.names.update({"fal", "flink", f"fal.{a_net}", f"flink.{a_net}"})
    c["hostc1"] = lab.container("hostc1", network_mode="host")
    c["hostc2"] = lab.container("hostc2", network_mode="host")
    c["hostc3"] = lab.container("hostc3", network_mode="host", extra_hosts={"hx6": v6_addr})
    w.names.update({"hx6", c["hostc1"].attrs["Config"]["Hostname"]})
    # --network none: localhost and its --add-host entries, no line for its own hostname (no address).
    c["nonec"] = lab.container("nonec", network_mode="none", hostname="nonehost", extra_hosts={"nx": v6_addr})
    w.names.update({"nonehost", "nx"})

    # 8. Renames. rn: renamed while running. rg: renamed, stopped, its address given to rt.
    c["rn"] = lab.container("rn", network=a_net)
    c["rg"] = lab.container("rg", network=a_net)
    rg_ip = _net_ips(c["rg"])[a_net][0]
    c["rc"] = lab.container("rc")  # default bridge, linked by rl, renamed afterwards
    c["rl"] = lab.container("rl", links={n("rc"): "rcal"})
    for old in ("rn", "rg", "rc"):
        c[old].rename(n(f"{old}-new"))
        w.limits.update({n(old): old, n(f"{old}-new"): old, f"{n(old)}.{a_net}": old, f"{n(old)}-new.{a_net}": old})
    c["rg"].stop(timeout=0)
    c["rt"] = lab.container(
        "rt", network=a_net, networking_config={a_net: api.create_endpoint_config(ipv4_address=rg_ip)}
    )
    w.names.update({"rcal", *w.limits})

    for x in c.values():
        x.reload()
        w.names.add(x.name)
        w.names.add(x.id[:12])
        for net_name, ep in x.attrs["NetworkSettings"]["Networks"].items():
            w.names.add(f"{x.name}.{net_name}")
            w.names.add(f"{x.id[:12]}.{net_name}")
            w.names.update(ep.get("Aliases") or [])
    w.names.add("localhost")
    return w


@dataclass
class Probe:
    """What one source container's resolvers said."""

    hosts: list[tuple[str, list[str]]]  # /etc/hosts lines: (address, names)
    dns: dict[str, set[str]]  # name -> A and AAAA answers of 127.0.0.11
    has_dns: bool
    ping: dict[str, str] = field(default_factory=dict)  # name -> busybox ping's pick

    def answer(self, name: str) -> set[str]:
        """The addresses a lookup may get: the hosts-file lines that name it, else the DNS's."""
        key = name.lower()
        lines = {addr for addr, names in self.hosts if key in (x.lower() for x in names)}
        return lines or self.dns.get(name, set())

    def first_line(self, name: str) -> str:
        key = name.lower()
        return next((addr for addr, names in self.hosts if key in (x.lower() for x in names)), "")


def _exec(container_id: str, script: str) -> str:
    client = lab_client()
    try:
        rc, out = client.containers.get(container_id).exec_run(["sh", "-c", script])
    finally:
        client.close()
    assert isinstance(out, bytes)
    text = out.decode(errors="replace")
    assert rc == 0, f"probe failed: {text[:400]}"
    return text


def _lookups(container_id: str, names: list[str]) -> Probe:
    text = _exec(container_id, "cat /etc/resolv.conf")
    servers = re.findall(r"^nameserver\s+(\S+)", text, re.M)
    assert servers and all(s.startswith("127.") for s in servers), f"lookups would leave the machine: {servers}"
    has_dns = "127.0.0.11" in servers
    script = ['echo "H $(busybox tr "\\n\\t" "| " </etc/hosts)"']
    if has_dns:
        quoted = " ".join(map(shlex.quote, names))
        script.append(
            f"for n in {quoted}; do for t in a aaaa; do "
            '(r=$(busybox timeout 3 busybox nslookup -type=$t "$n" 127.0.0.11 2>/dev/null | busybox tr "\\n\\t" "| ");'
            ' echo "D $n $r") & done; done'
        )
    script.append("wait")
    out = _exec(container_id, "; ".join(script))
    hosts: list[tuple[str, list[str]]] = []
    dns: dict[str, set[str]] = {}
    for line in out.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "H":
            for row in rest.split("|"):
                fields = row.split("#", 1)[0].split()
                if len(fields) >= 2:
                    hosts.append((fields[0], fields[1:]))
        elif kind == "D":
            name, _, answer = rest.partition(" ")
            got = dns.setdefault(name, set())
            _, found, after = answer.partition("Name:")
            if found:  # the lines after the question's name; the server's own Address comes before
                got.update(m.group(1) for m in re.finditer(r"Address:\s*([0-9a-fA-F:.]+)", after))
    return Probe(hosts, dns, has_dns)


def _pings(container_id: str, probe: Probe, names: list[str]) -> None:
    if not names:
        return
    quoted = " ".join(map(shlex.quote, names))
    out = _exec(
        container_id,
        f"for n in {quoted}; do "
        '(r=$(busybox timeout 3 ping -c1 -W1 "$n" 2>&1 | busybox head -n1); echo "P $n $r") & done; wait',
    )
    for line in out.splitlines():
        kind, _, rest = line.partition(" ")
        name, _, value = rest.partition(" ")
        if kind == "P":
            m = _PING.match(value)
            probe.ping[name] = m.group(1) if m else ""


def _loopback(addresses: set[str]) -> set[str]:
    """127.x as one place: a host's /etc/hosts may name itself on 127.0.0.1 or 127.0.1.1."""
    return {LOOPBACK if a.startswith("127.") else a for a in addresses}


def test_names_agree_with_the_resolvers_inside_the_containers(lab: Lab, engine_host: str) -> None:
    w = build(lab)
    c = w.c
    snap: Snapshot = EngineReader(EngineTarget(engine_host)).snapshot()
    assert snap.engine.swarm == "active", "the lab runs a swarm: the rename rules measured here assume one"
    model = {role: snap.container(x.id) for role, x in c.items()}
    names = sorted(w.names)

    def owner(role: str) -> str:
        mode = c[role].attrs["HostConfig"]["NetworkMode"]
        if mode.startswith("container:"):
            return next(r for r, x in c.items() if x.id == mode.split(":", 1)[1])
        return role

    def addresses(role: str) -> set[str]:
        return {a for pair in _net_ips(c[owner(role)]).values() for a in pair if a}

    lab_addresses = set().union(*(addresses(r) for r in c)) | {LOOPBACK, "::1"}
    sources = [r for r, x in c.items() if x.status == "running"]

    def probe(role: str) -> Probe:
        p = _lookups(c[role].id, names)
        sure = [x for x in names if (ans := p.answer(x)) and ans <= lab_addresses]
        _pings(c[role].id, p, sure)
        return p

    with ThreadPoolExecutor(max_workers=4) as pool:
        probes = dict(zip(sources, pool.map(probe, sources), strict=True))

    rows: list[str] = []
    limits: set[tuple[str, str]] = set()
    compared = 0
    for src in sources:
        p = probes[src]
        st = stack_of(snap, model[src])  # type: ignore[arg-type]
        known = {name.lower(): e for name, e in resolver(snap, st).items()}
        host_mode = st.mode == "host"
        for name in names:
            kernel = p.answer(name)
            entry = known.get(name.lower())
            mine = set(entry.addresses) if entry else set()
            if host_mode:
                kernel, mine = _loopback(kernel), _loopback(mine)
            compared += 1
            if mine != kernel:
                if name in w.limits:
                    limits.add((src, name))
                else:
                    rows.append(f"{src:8} {name:40} model={sorted(mine)} kernel={sorted(kernel)}")
            if name in p.ping and kernel:  # the libc's own pick
                pick = p.ping[name]
                first = p.first_line(name)
                if pick not in kernel or (first and pick != first and not host_mode):
                    rows.append(f"{src:8} {name:40} ping picked {pick or 'nothing'} of {sorted(kernel)}")
        for dst in c:
            if dst == src:
                continue
            v = verdict(snap, model[src], model[dst])  # type: ignore[arg-type]
            same = owner(src) == owner(dst) or (host_mode and c[dst].attrs["HostConfig"]["NetworkMode"] == "host")
            targets = addresses(dst) | ({LOOPBACK, "::1"} if same else set())
            for name in names:
                kernel = p.answer(name)
                if host_mode:
                    kernel = _loopback(kernel)
                sure = bool(kernel) and kernel <= targets
                compared += 1
                if (name in v.names) != sure and name not in w.limits:
                    rows.append(f"{src:8} -> {dst:8} {name:40} model={name in v.names} kernel={sorted(kernel)}")
                ambiguous = any(r.startswith(f"{name}: ambiguous") for r in v.reasons)
                if kernel & targets and not kernel <= targets and name not in w.limits and not ambiguous:
                    rows.append(f"{src:8} -> {dst:8} {name:40} answers {sorted(kernel)}, not called ambiguous")
    if rows:
        table = "\n".join(r.replace(lab.prefix, "") for r in rows)
        pytest.fail(f"{len(rows)} disagreements between the model and the resolvers:\n{table}")
    assert compared > 5000

    # 5: the hosts file wins over the DNS, in the libc's own lookup.
    n, a_net = lab.name, lab.name("a-plain")
    t5 = _net_ips(c["t5"])["bridge"][0]
    s5 = probes["s5"]
    assert s5.ping[n("x5")] == t5 and s5.ping[n("y5")] == t5 and s5.dns[n("x5")] == {_net_ips(c["x5"])[a_net][0]}
    v = verdict(snap, model["s5"], model["x5"])  # type: ignore[arg-type]
    assert n("x5") not in v.names and any(r.startswith(f"{n('x5')} does not name {n('x5')} here") for r in v.reasons)
    assert {n("x5"), n("y5")} <= set(verdict(snap, model["s5"], model["t5"]).names)  # type: ignore[arg-type]
    # 6: a hostname equal to another container's name names the container itself, sidecar included.
    for src in ("s5", "side6"):
        assert probes[src].ping[n("h6")] in addresses("s5")
        assert n("h6") in verdict(snap, model[src], model["s5" if src == "side6" else "side6"]).names  # type: ignore[arg-type]
    # From elsewhere the DNS answers both: h6 by its name, s5 by its hostname (docker adds it as an alias).
    assert probes["x5"].dns[n("h6")] == {_net_ips(c["h6"])[a_net][0], _net_ips(c["s5"])[a_net][0]}
    v = verdict(snap, model["x5"], model["h6"])  # type: ignore[arg-type]
    assert n("h6") not in v.names and any(r.startswith(f"{n('h6')}: ambiguous") for r in v.reasons)
    assert {"al6", "myhn6", n("hn6")} <= set(verdict(snap, model["lk6"], model["hn6"]).names)  # type: ignore[arg-type]
    # 7: the network order, straight from the DNS: overlay first, then IPv6, then by name, internal last.
    multi = probes["multi"]
    ip4 = {short: _net_ips(c[f"t-{short}"])[n(short)][0] for short in NETS}
    ranked = ["c-ovl", "q-v6", "a-plain", "m-plain", "z-plain", "b-int"]
    for i, first in enumerate(ranked):
        for later in ranked[i + 1 :]:
            a_records = multi.dns[_pair_alias(first, later)] - {_net_ips(c["t-q-v6"])[n("q-v6")][1]}
            assert a_records == {ip4[first]}, (first, later, a_records)
    v = verdict(snap, model["multi"], model["t-a-plain"])  # type: ignore[arg-type]
    assert any(r.startswith("p-a-plain-c-ovl does not name") and "swarm-scoped" in r for r in v.reasons)
    v = verdict(snap, model["multi"], model["rr1"])  # type: ignore[arg-type]
    assert "rr" not in v.names and any(r.startswith("rr: ambiguous") for r in v.reasons)
    # 8: renames. The kernel keeps the old names; the model cannot know them, and says so.
    x5 = probes["x5"]
    assert x5.dns[n("rn")] == {_net_ips(c["rn"])[a_net][0]} and not x5.dns[n("rn-new")]
    assert x5.dns[n("rg")] == {_net_ips(c["rt"])[a_net][0]}  # the stale name now points at rt
    assert probes["rl"].first_line(n("rc")) == _net_ips(c["rc"])["bridge"][0] and not probes["rl"].answer(n("rc-new"))
    assert {name for _, name in limits} <= set(w.limits) and (("x5", n("rn")) in limits)
    for src, dst in (("x5", "rn"), ("x5", "rt"), ("rl", "rc")):
        v = verdict(snap, model[src], model[dst])  # type: ignore[arg-type]
        assert any("renamed" in r for r in v.reasons), (src, dst, v.reasons)
    # 9: the name forms, IPv6 --add-host, localhost in a shared namespace, host-mode pairs.
    f1 = verdict(snap, model["f2"], model["f1"])  # type: ignore[arg-type]
    assert {f"fal.{a_net}", f"{c['f1'].id[:12]}.{a_net}", f"flink.{a_net}", "flink"} <= set(f1.names)
    assert "v6name" in verdict(snap, model["multi"], model["t-q-v6"]).names  # type: ignore[arg-type]
    assert "localhost" in verdict(snap, model["side6"], model["s5"]).names  # type: ignore[arg-type]
    hostname = c["hostc1"].attrs["Config"]["Hostname"]
    assert {"localhost", hostname} <= set(verdict(snap, model["hostc2"], model["hostc1"]).names)  # type: ignore[arg-type]
    assert hostname not in verdict(snap, model["hostc3"], model["hostc1"]).names  # type: ignore[arg-type]
    assert ipaddress.ip_address(probes["hostc3"].first_line("hx6")).version == 6
