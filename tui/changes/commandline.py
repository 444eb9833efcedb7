"""The `docker network ...` command line equivalent to a request, shell-quoted.

Shown live in every panel so the user learns (and can copy) what the app is about to do; the
panel's request and this text come from the same value, so they cannot disagree.
"""

from __future__ import annotations

import shlex

from tui.changes.change import (
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PruneNetworks,
    RemoveNetwork,
    Request,
)
from tui.model.snapshot import Snapshot


def _q(word: str) -> str:
    return shlex.quote(word)


def _join(words: list[str]) -> str:
    return " ".join(_q(w) for w in words)


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
    words += [req.network.label or "NETWORK", req.container.label or "CONTAINER"]
    return [_join(words)]


def _disconnect(req: DisconnectContainer) -> list[str]:
    words = ["docker", "network", "disconnect"] + (["--force"] if req.force else [])
    return [_join([*words, req.network.label or "NETWORK", req.container.label or "CONTAINER"])]


def _remove(req: RemoveNetwork) -> list[str]:
    force = ["--force"] if req.force else []
    lines = [_join(["docker", "network", "disconnect", *force, req.network.label, c.label]) for c in req.disconnect]
    return [*lines, _join(["docker", "network", "rm", req.network.label or "NETWORK"])]


def _prune(req: PruneNetworks) -> list[str]:
    if not req.networks:
        return []
    return [_join(["docker", "network", "rm", *(n.label for n in req.networks)])]


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
