"""The two conventions every dataclass of the model shares: mappings as sorted pairs, and lookup by key.

Kept apart from `tui.model.snapshot` so the swarm values (`tui.model.swarm`) can use them without
importing the snapshot that holds them.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

Pairs = tuple[tuple[str, str], ...]


class _Named(Protocol):
    """A network or a container: what `find` matches a key against."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


_N = TypeVar("_N", bound=_Named)


def find(items: tuple[_N, ...], key: str) -> _N | None:
    """Full id first, then name, then a unique id prefix: an id never loses to another's name."""
    if not key:
        return None
    for item in items:
        if item.id == key:
            return item
    for item in items:
        if item.name == key:
            return item
    matches = [i for i in items if i.id.startswith(key)]
    return matches[0] if len(matches) == 1 else None
