"""The raw JSON the engine sends (`Raw`), and the tolerant readers every parser uses on it.

Shared by `tui.model.parse` and `tui.model.parseswarm`: each reader gives an empty value when a
field is missing, null or of another type, as other API versions (or a damaged file) may send.
"""

from __future__ import annotations

from typing import Any

from tui.model.lookup import Pairs

Raw = dict[str, Any]


def pairs(value: Any) -> Pairs:
    if not isinstance(value, dict):
        return ()
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in value.items()))


def text(value: Any) -> str:
    return "" if value is None else str(value)


def obj(value: Any) -> Raw:
    """`value` if it is a JSON object, else {}: other API versions (or a damaged file) differ."""
    return value if isinstance(value, dict) else {}


def array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def integer(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "", False) else None
    except (TypeError, ValueError):
        return None
