"""The only source of "now" in fakewoot.

Every timestamp the store writes comes from a Clock owned by FakeChatwoot, so tests
can freeze or advance time without sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch (float, UTC)."""
        ...


class SystemClock:
    """Wall time."""

    def now(self) -> float:
        return time.time()


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float | datetime | str = 1_704_067_200.0) -> None:
        self._now = to_epoch(start)

    def now(self) -> float:
        return self._now

    def set(self, when: float | datetime | str) -> None:
        self._now = to_epoch(when)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += seconds


def to_epoch(value: float | datetime | str) -> float:
    """Accept Unix seconds, an aware datetime or an ISO-8601 string."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    if isinstance(value, str):
        return to_epoch(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return float(value)
