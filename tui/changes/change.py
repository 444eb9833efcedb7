"""The changes dockernet can make to an engine, as plain immutable values.

A panel builds one of these, `tui.changes.validate` checks it against a snapshot, `tui.changes.commandline`
shows the equivalent `docker network ...` command and `tui.engine.writer` carries it out: one
description of the change shared by all four, so what the user confirms is what is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

Pairs = tuple[tuple[str, str], ...]

# The drivers `docker network create` offers without plugins, in the order the create panel lists
# them. host and null are not among them: the engine makes those networks itself, once each.
BUILTIN_DRIVERS = ("bridge", "overlay", "macvlan", "ipvlan")


@dataclass(frozen=True, slots=True)
class Ref:
    """An engine object named the way the engine knows it (id) and the user sees it (name)."""

    id: str
    name: str = ""

    @property
    def label(self) -> str:
        """What to call it in text and command lines: its name, else its short id."""
        return self.name or self.id[:12]


@dataclass(frozen=True, slots=True)
class PoolSpec:
    """One IPv4 address pool of a new network: `--subnet`, `--gateway`, `--ip-range`, `--aux-address`."""

    subnet: str = ""
    gateway: str = ""
    ip_range: str = ""
    aux_addresses: Pairs = ()

    @property
    def empty(self) -> bool:
        return not (self.subnet or self.gateway or self.ip_range or self.aux_addresses)


@dataclass(frozen=True, slots=True)
class CreateNetwork:
    """`docker network create`: everything the form can set."""

    name: str
    driver: str = "bridge"
    pools: tuple[PoolSpec, ...] = ()
    ipv6: bool = False
    ipv6_subnet: str = ""
    internal: bool = False
    attachable: bool = False
    labels: Pairs = ()
    options: Pairs = ()
    config_only: bool = False
    config_from: str = ""  # name of the config-only network to take the configuration from

    def describe(self) -> str:
        parts = [f"create {self.driver} network {self.name}"]
        subnets = [p.subnet for p in self.pools if p.subnet]
        if self.ipv6_subnet:
            subnets.append(self.ipv6_subnet)
        if subnets:
            parts.append("with subnet " + ", ".join(subnets))
        if self.config_only:
            parts.append("as a configuration template only (--config-only)")
        if self.config_from:
            parts.append(f"using the configuration of {self.config_from}")
        flags = [w for w, on in (("internal", self.internal), ("attachable", self.attachable)) if on]
        if flags:
            parts.append("(" + ", ".join(flags) + ")")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class ConnectContainer:
    """`docker network connect`: attach a container, optionally with aliases, fixed addresses, links."""

    network: Ref
    container: Ref
    aliases: tuple[str, ...] = ()
    ipv4: str = ""
    ipv6: str = ""
    links: tuple[str, ...] = ()  # "container" or "container:alias"

    def describe(self) -> str:
        text = f"connect {self.container.label} to {self.network.label}"
        extra = []
        if self.ipv4:
            extra.append(f"IPv4 {self.ipv4}")
        if self.ipv6:
            extra.append(f"IPv6 {self.ipv6}")
        if self.aliases:
            extra.append("aliases " + ", ".join(self.aliases))
        if self.links:
            extra.append("links " + ", ".join(self.links))
        return text + (" with " + "; ".join(extra) if extra else "")


@dataclass(frozen=True, slots=True)
class DisconnectContainer:
    """`docker network disconnect`: detach a container (force also drops a stale endpoint)."""

    network: Ref
    container: Ref
    force: bool = False

    def describe(self) -> str:
        return f"{'force-' if self.force else ''}disconnect {self.container.label} from {self.network.label}"


@dataclass(frozen=True, slots=True)
class RemoveNetwork:
    """`docker network rm`, after disconnecting the listed containers when the user agreed to."""

    network: Ref
    disconnect: tuple[Ref, ...] = ()
    force: bool = False  # force the disconnects

    def describe(self) -> str:
        if not self.disconnect:
            return f"remove network {self.network.label}"
        names = ", ".join(c.label for c in self.disconnect)
        return f"disconnect {names} from {self.network.label}, then remove network {self.network.label}"


@dataclass(frozen=True, slots=True)
class PruneNetworks:
    """Remove exactly the unused networks the user was shown (never the engine's own prune)."""

    networks: tuple[Ref, ...] = ()

    def describe(self) -> str:
        if not self.networks:
            return "remove no networks"
        return f"remove {len(self.networks)} unused network(s): " + ", ".join(n.label for n in self.networks)


Request = CreateNetwork | ConnectContainer | DisconnectContainer | RemoveNetwork | PruneNetworks
