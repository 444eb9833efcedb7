"""A snapshot's lookups by id, name, container and network, built once per snapshot on first use.

`Snapshot.container`, `.network`, `.endpoints_of` and `.members_of` were linear scans; the
screens call them once per row, so 10,000 containers cost 10,000 x 20,000 comparisons (issue 11).
The index keeps the scans' answers exactly: ids before names, the first of equals, then a unique
id prefix (that last one still scans: it runs only for a key nothing else matched).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, Protocol, TypeVar


class _Item(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


class _Attached(Protocol):
    @property
    def container_id(self) -> str: ...

    @property
    def network_id(self) -> str: ...


N = TypeVar("N", bound=_Item)
E = TypeVar("E", bound=_Attached)
T = TypeVar("T")


def _grouped(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


class Named(Generic[N]):
    """Networks or containers by id and by name, in snapshot order."""

    def __init__(self, items: tuple[N, ...]) -> None:
        self.items = items
        self.by_id = _grouped(items, lambda i: i.id)
        self.by_name = _grouped(items, lambda i: i.name)

    def find(self, key: str, accept: Callable[[N], bool] | None = None) -> N | None:
        """What `tui.model.lookup.find` answers over the items `accept` keeps (all when None)."""
        if not key:
            return None
        for group in (self.by_id.get(key, ()), self.by_name.get(key, ())):
            for item in group:
                if accept is None or accept(item):
                    return item
        matches = [i for i in self.items if i.id.startswith(key) and (accept is None or accept(i))]
        return matches[0] if len(matches) == 1 else None


class Attachments(Generic[E]):
    """Endpoints by container and by network, in snapshot order."""

    def __init__(self, endpoints: tuple[E, ...]) -> None:
        self.by_container = _grouped(endpoints, lambda e: e.container_id)
        self.by_network = _grouped(endpoints, lambda e: e.network_id)
