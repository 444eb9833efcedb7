"""The `docker network ...` command line equivalent to a request, shell-quoted.

Shown live in every panel so the user learns (and can copy) what the app is about to do; the
panel's request and this text come from the same value, so they cannot disagree.

Every line is printable, so what the panel shows is what a shell runs: a network or container
whose name holds a newline, a control or a bidi character is named by its full id (its name,
with the newline shown as a space, could be another object's); other words with such characters
(a new network's name, labels, options) are written as bash `$'...'` strings with escapes.
"""

from __future__ import annotations

import shlex

from tui.changes.change import (
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PruneNetworks,
    Ref,
    RemoveNetwork,
    Request,
)
from tui.model.snapshot import Snapshot


def faithful(word: str) -> bool:
    """Whether `word` reads on screen exactly as the shell gets it: printable characters only.

    Control characters (newline, tab, ESC, C1), format characters (bidi overrides, zero width)
    and separators other than the plain space are either stripped by `clean` or invisible, so
    the text shown would not be the text run.
    """
    return all(ch.isprintable() for ch in word)


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(ch: str) -> str:
    """One character inside bash's `$'...'` (a NUL would end the word there: no shell can pass one)."""
    if ch in "\\'":
        return "\\" + ch
    if ch.isprintable():
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _q(word: str) -> str:
    """`shlex.quote`, or bash's `$'...'` with escapes where the word holds unprintable characters."""
    if faithful(word):
        return shlex.quote(word)
    return "$'" + "".join(_escaped(ch) for ch in word) + "'"


def _join(words: list[str]) -> str:
    return " ".join(_q(w) for w in words)


def target(ref: Ref, placeholder: str) -> str:
    """How the command line names an engine object: its name when the name can be written
    faithfully, else its full id (never a look-alike that could name something else)."""
    if ref.name and faithful(ref.name):
        return ref.name
    if ref.name and ref.id:
        return ref.id
    return ref.label or placeholder


def _create(req: CreateNetwork) -> list[str]:
    words = ["docker", "network", "create", "--driver", req.driver or "bridge"]
    if req.config_only:
        words.append("--config-only")
    if req.config_from:
        words += ["--config-from", req.config_from]
    for pool in req.pools:
        if pool.subnet:
            words += ["--subnet", pool.subnet]
        if pool.gateway:
            words += ["--gateway", pool.gateway]
        if pool.ip_range:
            words += ["--ip-range", pool.ip_range]
        for host, ip in pool.aux_addresses:
            words += ["--aux-address", f"{host}={ip}"]
    if req.ipv6:
        words.append("--ipv6")
        if req.ipv6_subnet:
            words += ["--subnet", req.ipv6_subnet]
    if req.internal:
        words.append("--internal")
    if req.attachable:
        words.append("--attachable")
    for key, value in req.labels:
        words += ["--label", f"{key}={value}"]
    for key, value in req.options:
        words += ["--opt", f"{key}={value}"]
    words.append(req.name or "NAME")
    return [_join(words)]


def _connect(req: ConnectContainer) -> list[str]:
    words = ["docker", "network", "connect"]
    for alias in req.aliases:
        words += ["--alias", alias]
    if req.ipv4:
        words += ["--ip", req.ipv4]
    if req.ipv6:
        words += ["--ip6", req.ipv6]
    for link in req.links:
        words += ["--link", link]
    words += [target(req.network, "NETWORK"), target(req.container, "CONTAINER")]
    return [_join(words)]


def _disconnect(req: DisconnectContainer) -> list[str]:
    words = ["docker", "network", "disconnect"] + (["--force"] if req.force else [])
    return [_join([*words, target(req.network, "NETWORK"), target(req.container, "CONTAINER")])]


def _remove(req: RemoveNetwork) -> list[str]:
    force = ["--force"] if req.force else []
    net = target(req.network, "NETWORK")
    lines = [_join(["docker", "network", "disconnect", *force, net, target(c, "CONTAINER")]) for c in req.disconnect]
    return [*lines, _join(["docker", "network", "rm", net])]


def _prune(req: PruneNetworks) -> list[str]:
    if not req.networks:
        return []
    return [_join(["docker", "network", "rm", *(target(n, "NETWORK") for n in req.networks)])]


def command_lines(req: Request) -> list[str]:
    """One shell command per engine call group, in the order the app sends them."""
    if isinstance(req, CreateNetwork):
        return _create(req)
    if isinstance(req, ConnectContainer):
        return _connect(req)
    if isinstance(req, DisconnectContainer):
        return _disconnect(req)
    if isinstance(req, RemoveNetwork):
        return _remove(req)
    if isinstance(req, PruneNetworks):
        return _prune(req)
    raise TypeError(f"not a dockernet request: {type(req).__name__}")


def prune_note(req: PruneNetworks, snap: Snapshot) -> str:
    """Whether `docker network prune` would remove the same networks, judged from this snapshot."""
    from tui.changes.validate import prune_candidates

    chosen = {n.id for n in req.networks}
    unused = {n.id for n in prune_candidates(snap)}
    if chosen and chosen == unused:
        return "`docker network prune` would remove the same networks (as of this snapshot)."
    if not chosen:
        return "Nothing selected."
    return "`docker network prune` would remove a different set: it takes every unused network."
