"""Choosing the container or network a panel acts on: fixed when opened from a row, else picked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label

from tui.changes.change import Ref
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.presentation import network_mode
from tui.screens.panels.base import ActionPanel
from widgets.field_error import FieldError
from widgets.picker import Picker, PickItem


def container_items(snap: Snapshot, connected: set[str], only: set[str] | None = None) -> list[PickItem]:
    items = []
    for c in snap.containers:
        if only is not None and c.id not in only:
            continue
        # As the tables show it: a sidecar's `container:<id>` names the owner.
        mode = network_mode(c, snap) if c.network_mode not in ("default", "bridge") else ""
        note = ", ".join(x for x in (c.state, mode, "already connected" if c.id in connected else "") if x)
        items.append(PickItem(c.id, c.name, note, c.image))
    return items


def network_items(snap: Snapshot, connected: set[str], only: set[str] | None = None) -> list[PickItem]:
    items = []
    for n in snap.networks:
        if only is not None and n.id not in only:
            continue
        facts = [n.driver, *n.subnets, "already connected" if n.id in connected else ""]
        items.append(PickItem(n.id, n.name, ", ".join(f for f in facts if f), " ".join(n.subnets)))
    return items


def fixed_ref(find: Callable[[str], Any], key: str) -> Ref | None:
    """The item a panel was opened on (found by id with `find`), as a Ref; None when not given or gone."""
    item = find(key) if key else None
    return Ref(item.id, item.name) if item is not None else None


def fixed_keys(**refs: Ref | None) -> set[str]:
    """The fields a panel was opened on: checked (errors shown) at once, so a panel that cannot
    succeed says so when it opens instead of after ctrl+s."""
    return {key for key, ref in refs.items() if ref is not None}


def fixed_or_picker(
    panel: ActionPanel[Any], label: str, key: str, fixed: Ref | None, items: list[PickItem]
) -> ComposeResult:
    """A fixed name when the panel was opened on that object, else a filtered list (id `key`)."""
    if fixed is not None:
        yield from panel.row(label, Label(Text(clean(fixed.label)), classes="fixed", id=f"{key}-fixed"), key=key)
        return
    yield from panel.row(label, Picker(items, placeholder=f"type to filter {label.lower()}s", id=key))
    yield FieldError(id=f"err-{key}", classes="field-error")


def picked(panel: ActionPanel[Any], key: str, find: Callable[[str], Any]) -> Ref:
    value = panel.query_one(f"#{key}", Picker).value
    obj = find(value) if value else None
    return Ref(obj.id, obj.name) if obj is not None else Ref("")


def subnet_hint(snap: Snapshot, network_id: str, limit: int = 6) -> str:
    """Where a fixed address may go: the network's subnets and the addresses already taken."""
    net = snap.network(network_id) if network_id else None
    if net is None:
        return ""
    if not net.subnets:
        return clean(f"{net.name} has no subnet configured")
    gateways = f" (gateway {', '.join(net.gateways)})" if net.gateways else ""
    taken = []
    for e in snap.members_of(net.id):
        if e.address:
            c = snap.container(e.container_id)
            taken.append(f"{e.address} {c.name if c else e.container_id[:12]}")
    more = f" +{len(taken) - limit} more" if len(taken) > limit else ""
    used = f"; taken: {', '.join(taken[:limit])}{more}" if taken else ""
    return clean(f"{net.name}: {', '.join(net.subnets)}{gateways}{used}")  # one line, whatever the names hold
