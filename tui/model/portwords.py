"""Plain words for a port's exposure: what it means and who can connect (`tui.model.ports`).

Shared by the ports screen's detail pane and `dockernet ports`, so both say the same thing. The
texts name no engine string: callers clean names before showing them.
"""

from __future__ import annotations

from tui.model.portconflicts import firewall_sentence as firewall_sentence  # re-exported: the screen and CLI
from tui.model.ports import ExposedPort, PortRow


def exposure_label(row: PortRow) -> str:
    """A short cell: "loopback", "one address", "all IPv4", "all IPv6", "all IPv4+IPv6", "routing mesh"."""
    if row.exposure == "all":
        return "all IPv4+IPv6" if row.family == "IPv4+IPv6" else f"all {row.family}"
    return {"loopback": "loopback", "address": "one address", "ingress": "routing mesh"}.get(row.exposure, row.exposure)


def exposure_meaning(row: PortRow) -> str:
    """What the binding means, in one sentence."""
    port = "a port the engine picks when it starts" if row.host_port is None else f"port {row.host_port}"
    bound, answers = ("Bound to", "answers") if row.running else ("Asks to be bound to", "would answer")
    if row.exposure == "ingress":
        return (
            f"Published through the swarm's routing mesh: {port} on every node of the swarm forwards to a "
            "task of the service, wherever the task runs (IPv4 only)."
        )
    if row.exposure == "loopback":
        return f"{bound} the host's loopback ({row.host_ip}) only: {port} {answers} on no other address."
    if row.exposure == "address":
        return (
            f"{bound} one host address, {row.host_ip}: {port} {answers} there only, not on the host's other addresses."
        )
    families = {"IPv4": "every IPv4 address", "IPv6": "every IPv6 address"}.get(
        row.family, "every address, IPv4 and IPv6,"
    )
    return f"{bound} {families} of the host ({row.host_ip or '*'}): {port} {answers} on all of them."


def who_can_connect(row: PortRow) -> str:
    """Who can use the port, in one sentence."""
    if not row.running:
        return "Nobody now: the container is not running, so the engine holds no such port for it."
    if row.exposure == "loopback":
        return (
            "Programs on the engine's host itself (and host-mode containers). Other machines cannot; other "
            "containers cannot either, since their 127.0.0.1 is their own."
        )
    if row.exposure == "address":
        return (
            f"Anyone who can reach the host at {row.host_ip}: other machines when that address is on a network "
            "they share with the host, and containers through the host at that address."
        )
    if row.exposure == "ingress":
        return "Anyone who can reach any node of the swarm: every node answers on the port, even nodes running no task."
    which = {"IPv4": "IPv4 addresses", "IPv6": "IPv6 addresses"}.get(row.family, "addresses")
    return (
        f"Anyone who can reach the host at any of its {which}: other machines, and containers through the host. "
        "Only a rule in the DOCKER-USER chain (or a firewall outside the host) can narrow it."
    )


def exposed_meaning(port: ExposedPort) -> str:
    """What an exposed but unpublished port means."""
    return (
        f"{port.container_port}/{port.proto} is exposed but not published: no host port leads to it. It answers only "
        "at the container's own addresses, to other containers on its networks and to the host over a bridge; "
        "other machines cannot reach it."
    )
