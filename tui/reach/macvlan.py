"""macvlan rules: the mode (`bridge`, `private`, `vepa`, `passthru`) and the parent link's state.

Split from `tui.reach.ip` (whose docstring gives every rule and how it was measured): only bridge
mode lets two children of one parent talk, and a parent without carrier takes every child down
with it (read on the engine's host).
"""

from __future__ import annotations

from tui.model.snapshot import Network, Snapshot

MACVLAN_MODE = "macvlan_mode"


def macvlan_mode(net: Network) -> str:
    """A macvlan network's mode: `bridge` unless created with -o macvlan_mode=..."""
    return dict(net.options).get(MACVLAN_MODE) or "bridge"


def parent_of(net: Network) -> str:
    return dict(net.options).get("parent", "")


def parent_state(snap: Snapshot, net: Network) -> str:
    """The parent link's state in words, read on the engine's host ("unknown" when not read)."""
    parent = parent_of(net)
    link = snap.host.link(parent) if snap.host is not None and parent else None
    if link is None:
        return "unknown"
    if not link.present:
        return "missing from the host"
    if link.carrier is False:
        return f"without carrier (operstate {link.operstate or 'unknown'})"
    return link.operstate or "unknown"


def macvlan_block(snap: Snapshot, net: Network) -> str:
    """Why two members of this macvlan network cannot reach each other ('' when they can).

    Measured on the lab engine with two children of one veth: bridge mode reaches, private and
    vepa do not (a veth peer does not send frames back), and with the peer down (the parent
    without carrier, operstate lowerlayerdown) bridge-mode members stop too.
    """
    if net.driver != "macvlan":
        return ""
    mode, parent = macvlan_mode(net), parent_of(net) or "(a dummy link docker made)"
    if mode == "private":
        return f"{net.name} is a macvlan network in private mode: the kernel passes nothing between two of its children"
    if mode == "vepa":
        return (
            f"{net.name} is a macvlan network in vepa mode: every frame leaves through the parent {parent}, and only "
            "a switch that sends it back (hairpin, reflective relay) returns it; a plain link does not"
        )
    if mode == "passthru":
        return f"{net.name} is a macvlan network in passthru mode: the parent {parent} goes to one container alone"
    link = snap.host.link(parent) if snap.host is not None else None
    if link is not None and link.cut_off:
        return (
            f"{net.name}'s parent {parent} is {parent_state(snap, net)}: the kernel takes every macvlan child "
            "down with it, so its members reach nothing, bridge mode too"
        )
    return ""


def macvlan_note(snap: Snapshot, net: Network) -> str:
    """What a reachable macvlan path depends on: its mode and its parent's state (or that it is unknown)."""
    state = parent_state(snap, net)
    if state == "unknown":
        state = "state unknown (read only on the engine's host; a parent without carrier cuts every member off)"
    return f" ({macvlan_mode(net)} mode; parent {parent_of(net) or '(a dummy link)'} {state})"
