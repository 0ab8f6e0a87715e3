"""A request value as NumericalityValidator sees it (fakewoot/store/numericality.py): Rails 7.1's
parse_as_number takes numbers as they are, an integer literal, or what Kernel.Float accepts (spaces
around, underscores between digits, an exponent; not hex); true, null and junk are not numbers."""

from __future__ import annotations

import re
from typing import Any

from fakewoot.api.params import to_int
from fakewoot.store.numericality import Number

_RUBY_FLOAT = re.compile(r"\s*[+-]?(\d+(_\d+)*)?(\.\d+(_\d+)*)?([eE][+-]?\d+)?\s*")
_INTEGER = re.compile(r"[+-]?\d+")  # is_integer?: /\A[+-]?\d+\z/ on the value's to_s
_HEX = re.compile(r"[+-]?0[xX]")


def _raw(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str) or _HEX.match(value) or not _RUBY_FLOAT.fullmatch(value):
        return None
    text = value.strip()
    return float(text) if any(char.isdigit() for char in text) else None


def number_param(value: Any) -> Number:
    """What an integer attribute's writer keeps (ActiveModel's to_i) and what the validator reads."""
    raw = _raw(value)
    text = isinstance(value, str)
    integral = (isinstance(value, int) and not isinstance(value, bool)) or (
        text and _INTEGER.fullmatch(value) is not None
    )
    blank = value is None or (text and not value.strip())
    return Number(raw, to_int(value), integral, blank)
