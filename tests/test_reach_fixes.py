"""Every fix `dockernet why` suggests, applied on the lab engine, and then checked by the kernel.

Six kinds of unreachable pair, each built fresh for every direction and every fix (so no fix
sees another's change): two user-defined bridges; an `--internal` network and a network outside
it; two members of a bridge with ICC off; `--network none` on either side; two default-bridge
containers (by IP, but by no name: no link); the default bridge and a user-defined bridge. For
each copy: the verdict from a fresh snapshot, then each of its fixes carried out from the
verdict's machine-readable form (`Verdict.fix_actions`, one per fix text, never parsed prose),
then a new snapshot, whose verdict must say reachable by IP and by DST's name, and the kernel
must agree: `ping -c1 -W1` to each of DST's addresses and a lookup of DST's name (busybox ping's
own resolver, so /etc/hosts and resolv.conf count as they do for any program; cut off after 3 s)
from inside SRC. Before the fix the kernel must say the opposite (by IP, or by name for the
default-bridge pair). Probes go only to this lab's own containers; lookups only to 127.x.
"""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.lab import Lab, lab_client
from tests.probes import read_probe_lines
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.snapshot import Container, Snapshot
from tui.reach.verdict import FixAction, Verdict, verdict

ICC_OFF = {"com.docker.network.bridge.enable_icc": "false"}


@dataclass
class Copy:
    """One throwaway copy of a pair's scenario: SRC and DST by name, and the fix it will get."""

    kind: str
    tag: str
    src: str
    dst: str
    fix: int = 0  # the index of the fix this copy gets
    before: Verdict | None = None
    action: FixAction | None = None
    after: Verdict | None = None
    notes: list[str] = field(default_factory=list)


def _bridges(lab: Lab, t: str) -> tuple[str, str]:
    lab.network(f"{t}n1", subnet=lab.free_subnet())
    lab.network(f"{t}n2", subnet=lab.free_subnet())
    lab.container(f"{t}a", network=lab.name(f"{t}n1"))
    lab.container(f"{t}b", network=lab.name(f"{t}n2"))
    return f"{t}a", f"{t}b"


def _internal(lab: Lab, t: str) -> tuple[str, str]:
    lab.network(f"{t}int", subnet=lab.free_subnet(), internal=True)
    lab.network(f"{t}out", subnet=lab.free_subnet())
    lab.container(f"{t}i", network=lab.name(f"{t}int"))
    lab.container(f"{t}o", network=lab.name(f"{t}out"))
    return f"{t}i", f"{t}o"


def _icc(lab: Lab, t: str) -> tuple[str, str]:
    lab.network(f"{t}icc", subnet=lab.free_subnet(), options=dict(ICC_OFF))
    lab.container(f"{t}c1", network=lab.name(f"{t}icc"))
    lab.container(f"{t}c2", network=lab.name(f"{t}icc"))
    return f"{t}c1", f"{t}c2"


def _none(lab: Lab, t: str) -> tuple[str, str]:
    lab.network(f"{t}u", subnet=lab.free_subnet())
    lab.container(f"{t}z", network_mode="none")
    lab.container(f"{t}u1", network=lab.name(f"{t}u"))
    return f"{t}z", f"{t}u1"


def _default(lab: Lab, t: str) -> tuple[str, str]:
    lab.container(f"{t}d1")
    lab.container(f"{t}d2")
    return f"{t}d1", f"{t}d2"


def _mixed(lab: Lab, t: str) -> tuple[str, str]:
    lab.network(f"{t}u", subnet=lab.free_subnet())
    lab.container(f"{t}d")
    lab.container(f"{t}u1", network=lab.name(f"{t}u"))
    return f"{t}d", f"{t}u1"


# kind -> (builder, directions): the builder returns two roles; "ab" is first -> second.
KINDS: dict[str, tuple[Callable[[Lab, str], tuple[str, str]], tuple[str, ...]]] = {
    "bridges": (_bridges, ("ab", "ba")),
    "internal": (_internal, ("ab", "ba")),
    "icc": (_icc, ("ab",)),
    "none": (_none, ("ab", "ba")),
    "default": (_default, ("ab",)),
    "mixed": (_mixed, ("ab", "ba")),
}


def _build(lab: Lab, kind: str, direction: str, fix: int) -> Copy:
    tag = f"{kind[:3]}{direction}{fix}"
    a, b = KINDS[kind][0](lab, tag)
    src, dst = (a, b) if direction == "ab" else (b, a)
    return Copy(kind, tag, lab.name(src), lab.name(dst), fix)


def _snapshot(host: str) -> Snapshot:
    return EngineReader(EngineTarget(host)).snapshot()


def _find(snap: Snapshot, name: str) -> Container:
    found = [c for c in snap.containers if c.name == name]
    assert len(found) == 1, f"{name}: {len(found)} containers in the snapshot"
    return found[0]


def _fixes(copy: Copy) -> tuple[str, ...]:
    assert copy.before is not None
    return copy.before.fixes


def _verdict(snap: Snapshot, copy: Copy) -> Verdict:
    return verdict(snap, _find(snap, copy.src), _find(snap, copy.dst))


def _apply(lab: Lab, copy: Copy, action: FixAction) -> None:
    """Carry out one fix, as its action says (the same change the fix's command makes)."""
    client: Any = lab.client
    if action.kind == "connect":
        for name in action.containers:
            client.networks.get(action.network).connect(name)
    elif action.kind == "use-user-defined-network":
        assert not action.network, action  # NET: a new network, named by the user
        net = lab.network(f"{copy.tag}fix", subnet=lab.free_subnet())
        for name in action.containers:
            net.connect(name)
    elif action.kind == "recreate-network":
        old = client.networks.get(action.network)
        key, _, _ = action.option.partition("=")
        assert key in (old.attrs.get("Options") or {}), (action, old.attrs.get("Options"))
        members = [client.containers.get(cid) for cid in old.attrs.get("Containers") or {}]
        assert members, f"{action.network} has no members to reconnect"
        for m in members:
            old.disconnect(m)
        old.remove()
        options = {k: v for k, v in (old.attrs.get("Options") or {}).items() if k != key}
        new = lab.network(
            action.network.removeprefix(lab.prefix),
            subnet=old.attrs["IPAM"]["Config"][0]["Subnet"],
            driver=old.attrs["Driver"],
            internal=old.attrs.get("Internal", False),
            options=options,
        )
        for m in members:
            new.connect(m)
    elif action.kind == "recreate-container":
        (name,) = action.containers
        assert action.network, f"recreate {name} on which network? {action}"
        box = client.containers.get(name)
        assert box.attrs["HostConfig"]["NetworkMode"] == "none", box.attrs["HostConfig"]["NetworkMode"]
        box.remove(force=True)
        lab.container(name.removeprefix(lab.prefix), network=action.network)
    else:
        pytest.fail(f"{copy.tag}: no way to apply a fix of kind {action.kind!r}: {action.text}")


def _probe(src: str, addresses: list[str], names: list[str]) -> tuple[dict[str, bool], dict[str, str]]:
    """From inside SRC: which addresses answer one ping, and what each name resolves to ('' if not)."""
    client = lab_client()
    out: Any
    try:
        box = client.containers.get(src)
        rc, out = box.exec_run(["cat", "/etc/resolv.conf"])
        servers = re.findall(r"^nameserver\s+(\S+)", out.decode(), re.M)
        assert rc == 0 and all(s.startswith("127.") for s in servers), f"{src} resolves through {servers}"
        script = [
            f"for a in {' '.join(map(shlex.quote, addresses))}; do "
            '(if ping -c1 -W1 "$a" >/dev/null 2>&1; then echo "A $a ok"; else echo "A $a no"; fi) & done',
            f"for n in {' '.join(map(shlex.quote, names))}; do "
            '(r=$(busybox timeout 3 ping -c1 -W1 "$n" 2>&1 | head -n1); echo "N $n $r") & done',
            "wait",
        ]
        _, out = box.exec_run(["sh", "-c", "; ".join(script)])
    finally:
        client.close()
    found = read_probe_lines(out)
    pings, lookups = found.pings, found.lookups
    assert set(pings) == set(addresses) and set(lookups) == set(names), f"probe output incomplete for {src}"
    return pings, lookups


def _ipv4(lab: Lab, name: str) -> list[str]:
    box = lab.client.containers.get(name)
    return sorted(n["IPAddress"] for n in box.attrs["NetworkSettings"]["Networks"].values() if n.get("IPAddress"))


def _kernel(lab: Lab, copy: Copy) -> tuple[bool, str]:
    """Does SRC reach DST in the kernel: by IP (some address answers), and the address DST's name gives."""
    addresses = _ipv4(lab, copy.dst)
    if not addresses or lab.client.containers.get(copy.src).attrs["HostConfig"]["NetworkMode"] == "none":
        return False, ""  # DST has no address, or SRC only lo (and no resolver that stays on this machine)
    pings, lookups = _probe(copy.src, addresses, [copy.dst])
    return any(pings.values()), lookups[copy.dst] if lookups[copy.dst] in addresses else ""


def _kernel_twice(lab: Lab, copy: Copy, expected: tuple[bool, bool]) -> tuple[bool, str]:
    """The kernel's answer, asked again once when it differs from `expected` (see test_reach_matrix's
    _recheck: while anyone creates or removes a network, dockerd rewrites its isolation rules, and for
    that moment packets cross or a first ping is lost)."""
    got = _kernel(lab, copy)
    if (got[0], bool(got[1])) != expected:
        time.sleep(1)
        got = _kernel(lab, copy)
    return got


def test_every_suggested_fix_works_in_the_kernel(lab: Lab, engine_host: str) -> None:
    started = time.monotonic()
    plan = [(kind, d) for kind, (_, directions) in KINDS.items() for d in directions]
    with ThreadPoolExecutor(max_workers=6) as pool:
        copies = list(pool.map(lambda p: _build(lab, p[0], p[1], 0), plan))
    snap = _snapshot(engine_host)
    for copy in copies:
        copy.before = _verdict(snap, copy)
    # A copy for every further fix of a verdict (none of the pairs here has more than one so far).
    extra = [(c.kind, d, i) for c, (_, d) in zip(copies, plan, strict=True) for i in range(1, len(_fixes(c)))]
    if extra:
        with ThreadPoolExecutor(max_workers=6) as pool:
            more = list(pool.map(lambda p: _build(lab, *p), extra))
        snap = _snapshot(engine_host)
        for copy in more:
            copy.before = _verdict(snap, copy)
        copies.extend(more)

    problems: list[str] = []
    for copy in copies:
        v = copy.before
        assert v is not None
        where = f"{copy.kind} {copy.src} -> {copy.dst}"
        if copy.kind == "default":
            assert v.ip_reachable and copy.dst not in v.names, (where, v)
        else:
            assert not v.ip_reachable, (where, v)
        assert v.fixes, f"{where}: no fix suggested"
        texts = [a.text for a in v.fix_actions]
        assert sorted(texts) == sorted(v.fixes), f"{where}: fixes without an action: {set(v.fixes) - set(texts)}"
        copy.action = next(a for a in v.fix_actions if a.text == v.fixes[copy.fix])

    def model(c: Copy) -> tuple[bool, bool]:
        assert c.before is not None
        return c.before.ip_reachable, c.dst in c.before.names

    with ThreadPoolExecutor(max_workers=6) as pool:  # before the fix, the kernel agrees with the verdict
        before = list(pool.map(lambda c: _kernel_twice(lab, c, model(c)), copies))
    for copy, (ip_ok, named) in zip(copies, before, strict=True):
        if (ip_ok, bool(named)) != model(copy):
            problems.append(
                f"{copy.kind} {copy.src} -> {copy.dst}: before the fix the verdict says ip, name = {model(copy)}, "
                f"the kernel ip={ip_ok} name={named or 'unresolved'}"
            )

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda c: _apply(lab, c, c.action), copies))
    snap = _snapshot(engine_host)
    for copy in copies:
        copy.after = _verdict(snap, copy)
    with ThreadPoolExecutor(max_workers=6) as pool:
        after = list(pool.map(lambda c: _kernel_twice(lab, c, (True, True)), copies))

    rows = []
    for copy, (ip_ok, named) in zip(copies, after, strict=True):
        v, action = copy.after, copy.action
        assert v is not None and action is not None
        short = f"{copy.kind:8} {copy.src.removeprefix(lab.prefix)} -> {copy.dst.removeprefix(lab.prefix)}"
        rows.append(f"{short}: {action.kind} -> kernel ip={ip_ok} name={named or 'unresolved'}")
        if not v.ip_reachable or copy.dst not in v.names:
            problems.append(f"{short}: after '{action.text}' the verdict says ip={v.ip_reachable} names={v.names}")
        if not ip_ok or not named:
            problems.append(f"{short}: after '{action.text}' the kernel says ip={ip_ok} name={named or 'unresolved'}")
        if named and named not in v.addresses:
            problems.append(f"{short}: {copy.dst} resolves to {named}, not among the verdict's {v.addresses}")
    print("\n".join(rows))
    assert not problems, "\n".join(p.replace(lab.prefix, "") for p in problems)
    assert time.monotonic() - started < 60
