"""Driver options read the way dockerd reads them.

Boolean options go through Go's `strconv.ParseBool`, so `enable_icc=0`, `f` or `FALSE` turn ICC
off just as `false` does; every reader of an option (reach rules, explain, views) uses this one
parser so their answers never disagree.
"""

from __future__ import annotations

GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})
ICC_OPTION = "com.docker.network.bridge.enable_icc"


def parse_go_bool(value: str) -> bool | None:
    """A driver option's value as dockerd reads it (strconv.ParseBool); None when Go would refuse it.

    Case-folding would be wrong both ways: `FALSE` is false but `fAlSe` is an error, and `0` is
    false although it is no spelling of the word.
    """
    if value in GO_TRUE:
        return True
    if value in GO_FALSE:
        return False
    return None


def option_is_false(options: dict[str, str], key: str) -> bool:
    """True when the option is set to one of Go's spellings of false."""
    raw = options.get(key)
    return raw is not None and parse_go_bool(raw) is False
