"""ReportingEventHelper#business_hours: the working seconds between two instants in the inbox's
working hours (the working_hours gem's `working_time_until`), 0 when the inbox has working hours
disabled or every day closed.

The inbox's `timezone` is read as an IANA name (Chatwoot stores Rails zone names, most of which
are not IANA names: those, and unknown names, count in UTC; see the fidelity notes).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from fakewoot.store.inboxes import Inbox


def _zone(name: Any) -> tzinfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _intervals(working_hours: list[dict[str, Any]]) -> dict[int, tuple[int, int]]:
    """day_of_week -> (opening, closing) in minutes of the day, for the days not closed all day."""
    days: dict[int, tuple[int, int]] = {}
    for day in working_hours:
        if day.get("closed_all_day"):
            continue
        try:
            opening = int(day["open_hour"]) * 60 + int(day["open_minutes"])
            closing = int(day["close_hour"]) * 60 + int(day["close_minutes"])
        except (KeyError, TypeError, ValueError):
            continue
        if closing > opening:
            days[int(day["day_of_week"])] = (opening, closing)
    return days


def business_seconds(inbox: Inbox | None, start: float, end: float) -> float:
    if inbox is None or not inbox.settings.get("working_hours_enabled") or end <= start:
        return 0.0
    days = _intervals(inbox.working_hours)
    if not days:
        return 0.0
    zone = _zone(inbox.settings.get("timezone"))
    first = datetime.fromtimestamp(start, zone).date()
    last = datetime.fromtimestamp(end, zone).date()
    total = 0.0
    day = first
    while day <= last:
        hours = days.get(day.isoweekday() % 7)  # Chatwoot's day_of_week counts from Sunday (0)
        if hours is not None:
            midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
            opening = (midnight + timedelta(minutes=hours[0])).timestamp()
            closing = (midnight + timedelta(minutes=hours[1])).timestamp()
            total += max(0.0, min(end, closing) - max(start, opening))
        day += timedelta(days=1)
    return total
