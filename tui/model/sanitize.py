"""Make engine-supplied text safe to display.

Names, labels, options and daemon errors come from whoever created the object: they may hold
control characters (terminal escapes) or markup-looking brackets. `clean` removes the former;
callers must still pass the result to widgets as plain text (Text / Content / markup=False).
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"[\t\n\r\v\f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: object, limit: int | None = None) -> str:
    """`text` as a single printable line: whitespace controls become spaces, other C0/C1 go."""
    s = _CONTROL.sub("", _WHITESPACE.sub(" ", "" if text is None else str(text)))
    if limit is not None and len(s) > limit:
        return s[: max(limit - 1, 0)] + "…"
    return s


def clean_block(text: object) -> str:
    """Like `clean` but keeps line breaks, for multi-line texts such as daemon errors."""
    lines = ("" if text is None else str(text)).splitlines()
    return "\n".join(clean(line) for line in lines)
