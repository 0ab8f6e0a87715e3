"""Shared wire conventions: Rails' JSON timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


def iso8601(epoch: float | None) -> str | None:
    """ActiveSupport's TimeWithZone#as_json in UTC: millisecond precision and a `Z`."""
    return None if epoch is None else _iso8601(epoch)


@lru_cache(maxsize=4096)
def _iso8601(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
