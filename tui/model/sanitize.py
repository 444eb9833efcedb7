"""Make engine-supplied text safe to display.

Names, labels, options and daemon errors come from whoever created the object: they may hold
control characters (terminal escapes) or markup-looking brackets. `clean` removes the former;
callers must still pass the result to widgets as plain text (Text / Content / markup=False).
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"[\t\n\r\v\f\u2028\u2029]")
# C0 and C1 controls, and the bidi controls that would let a name reorder the text shown after it.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A lone surrogate (a snapshot file may hold one as a JSON escape) cannot be encoded to write to a
# terminal or a file: it shows as the replacement character.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: object, limit: int | None = None) -> str:
    """`text` as a single printable line: whitespace controls (and the Unicode line and paragraph
    separators) become spaces, other C0/C1 and bidi controls go, a lone surrogate becomes U+FFFD."""
    s = _CONTROL.sub("", _WHITESPACE.sub(" ", "" if text is None else str(text)))
    s = _SURROGATE.sub("\ufffd", s)
    if limit is not None and len(s) > limit:
        return s[: max(limit - 1, 0)] + "…"
    return s


def clean_block(text: object) -> str:
    """Like `clean` but keeps line breaks, for multi-line texts such as daemon errors."""
    lines = ("" if text is None else str(text)).splitlines()
    return "\n".join(clean(line) for line in lines)
