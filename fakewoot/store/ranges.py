"""What the database behind Chatwoot can hold, checked at the edge before anything is stored.

PostgreSQL's `integer` is 32-bit and `bigint` 64-bit; Rails refuses a value outside a column's
range with ActiveModel::RangeError on save (Chatwoot does not rescue it: a 500), and a lookup by an
id outside the range finds nothing (`find` raises RecordNotFound, `where` matches no row).
Timestamps: Ruby's Time.at takes anything, PostgreSQL's `timestamp` covers 4713 BC..294276 AD and
Python's datetime years 1..9999, so fakewoot keeps what both can hold: 0001-01-01T00:00:00Z up to
9999-12-31T23:59:59Z. Where Chatwoot answers 500 for these, fakewoot answers 422 with the record's
error shape (docs/fidelity.md, deliberate deviations).
"""

from __future__ import annotations

import math

from fakewoot.store import validation as v

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1  # PostgreSQL integer
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1  # PostgreSQL bigint (and orjson's widest signed integer)
# 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds
TIME_MIN = -62_135_596_800.0
TIME_MAX = 253_402_300_799.0

MSG_OUT_OF_RANGE = "{attr} is out of range"  # fakewoot's words: Rails raises instead of validating


def int8(value: int | None) -> int | None:
    """An id as a bigint lookup sees it: outside the range no row can match, so None."""
    if value is None or INT8_MIN <= value <= INT8_MAX:
        return value
    return None


def in_time(value: float | None) -> bool:
    """A Unix time both PostgreSQL and Python's datetime can hold (never NaN or an infinity)."""
    return value is None or (math.isfinite(value) and TIME_MIN <= value <= TIME_MAX)


def human(attr: str) -> str:
    """Rails' humanize: "inbox_id" -> "Inbox", "snoozed_until" -> "Snoozed until"."""
    return v.human(attr.removesuffix("_id"))


def check_int(errors: v.Errors, attr: str, value: int | None, *, bigint: bool = False) -> None:
    """Add `<Attr> is out of range` for a value the (integer or bigint) column cannot hold."""
    low, high = (INT8_MIN, INT8_MAX) if bigint else (INT4_MIN, INT4_MAX)
    if value is not None and not low <= value <= high:
        errors.pairs.append((attr, MSG_OUT_OF_RANGE.format(attr=human(attr))))


def check_time(errors: v.Errors, attr: str, value: float | None) -> None:
    if not in_time(value):
        errors.pairs.append((attr, MSG_OUT_OF_RANGE.format(attr=human(attr))))


def refuse_time(attr: str, value: float | None) -> None:
    """A one-error 422 (RecordInvalid's shape) for a time no timestamp column can hold."""
    errors = v.Errors()
    check_time(errors, attr, value)
    errors.raise_if_any()
