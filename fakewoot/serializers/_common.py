"""Shared wire conventions: Rails' JSON timestamps."""

from __future__ import annotations

from datetime import UTC, datetime


def iso8601(epoch: float | None) -> str | None:
    """ActiveSupport's TimeWithZone#as_json in UTC: millisecond precision and a `Z`."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
