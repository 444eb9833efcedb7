"""What only the engine's own host can tell (a parent link's carrier, ip6tables, namespaces, routes).

Split from `tui.model.snapshot`, which holds them in `Snapshot.host`: the API does not report
these, so `tui.engine.hostinfo` reads them on the engine's host, and a snapshot may lack them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.firewall import Firewall
from tui.model.hostroutes import HostAddress, HostRoute
from tui.model.lookup import Pairs


@dataclass(frozen=True, slots=True)
class Listener:
    """A listening socket in a network namespace (from /proc/PID/net/tcp): who answers a connection."""

    address: str  # "0.0.0.0", "::", "127.0.0.1", ...
    port: int
    proto: str = "tcp"

    def accepts(self, destination: str) -> bool:
        """A connection to `destination` reaches this socket (`::` takes IPv4 too, as Linux's default)."""
        if self.address in ("0.0.0.0", "::"):
            return self.address == "::" or ":" not in destination
        return self.address == destination or self.address == f"::ffff:{destination}"


@dataclass(frozen=True, slots=True)
class LinkState:
    """A host link as the engine's host shows it in /sys/class/net (a macvlan network's parent).

    A macvlan child follows its parent: with no carrier on the parent (its cable out, or its veth
    peer down) every child is down too, so even bridge-mode members stop reaching each other.
    """

    name: str
    operstate: str = ""  # "up", "down", "lowerlayerdown", "unknown", ... ("" when the link is missing)
    carrier: bool | None = None  # None when the kernel does not say (an admin-down link)
    present: bool = True  # False: no such link on the host

    @property
    def cut_off(self) -> bool:
        """Children of this link cannot pass traffic: it is missing, down or without carrier."""
        return not self.present or self.carrier is False or self.operstate in ("down", "lowerlayerdown", "notpresent")


@dataclass(frozen=True, slots=True)
class HostFacts:
    """What only the engine's own host can tell, read there by `tui.engine.hostinfo`.

    The API says nothing of a parent link's carrier, of whether the daemon manages ip6tables, or
    of which network namespace a container's process really sits in. These are read only when
    dockernet runs on the engine's host (in its network namespace); a saved snapshot, the demo or
    a remote engine has none (`Snapshot.host` is None) and the rules then say "unknown".
    """

    links: tuple[LinkState, ...] = ()  # the parents of the macvlan/ipvlan networks
    ip6tables: bool | None = None  # DOCKER chains in ip6tables; None when not readable
    net_namespaces: Pairs = ()  # (container id, "net:[inode]") of `container:X` joiners and their X
    # The host's routes and interface addresses (tui.model.hostroutes); None when not read.
    routes: tuple[HostRoute, ...] | None = None
    addresses: tuple[HostAddress, ...] | None = None
    # The packet filter (iptables-save, nft) and ip_forward; None when not read at all.
    firewall: Firewall | None = None
    # Listening sockets: "host" for the host's own namespace, else a container id; absent = not read.
    listeners: tuple[tuple[str, tuple[Listener, ...]], ...] = ()

    def listening(self, owner: str) -> tuple[Listener, ...] | None:
        """The sockets listening in the host's (`host`) or a container's namespace; None when not read."""
        for key, found in self.listeners:
            if key == owner:
                return found
        return None

    def link(self, name: str) -> LinkState | None:
        return next((link for link in self.links if link.name == name), None)

    def net_namespace(self, container_id: str) -> str:
        return dict(self.net_namespaces).get(container_id, "")
