"""YearInReviewBuilder at v4.10: one agent's year in an account, in UTC (Chatwoot's Time.zone).

- total_conversations: the account's conversations assigned to the user, created in the year.
- busiest_day: of those, the UTC day with the most (the first such day), as `{"date": "Mar 05",
  "count": n}`; null when there are none.
- support_personality: the mean value of the user's first_response reporting events created in the
  year, truncated to whole seconds; 0 without any.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from fakewoot.store import reporting_events as names

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY = 86_400


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, unlike datetime)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719_468
    era = days // 146_097
    doe = days - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def year_window(year: int) -> tuple[float, float]:
    """[Jan 1 00:00, Dec 31 end_of_day] as [start, next year's start) in Unix seconds."""
    return float(days_from_civil(year, 1, 1) * DAY), float(days_from_civil(year + 1, 1, 1) * DAY)


def build(account: Account, user_id: int, year: int, shown_year: Any) -> dict[str, Any]:
    start, end = year_window(year)
    created = [
        c.created_at
        for c in account.conversations.values()
        if c.assignee_id == user_id and start <= c.created_at < end
    ]
    return {
        "year": shown_year,
        "total_conversations": len(created),
        "busiest_day": _busiest_day(created),
        "support_personality": {
            "avg_response_time_seconds": _average_first_response(account, user_id, start, end)
        },
    }


def _busiest_day(created: list[float]) -> dict[str, Any] | None:
    per_day = Counter(int(at // DAY) for at in created)
    if not per_day:
        return None
    day, count = min(per_day.items(), key=lambda item: (-item[1], item[0]))  # max_by: the first day
    _, month, day_of_month = civil_from_days(day)
    return {"date": f"{MONTHS[month - 1]} {day_of_month:02d}", "count": count}


def _average_first_response(account: Account, user_id: int, start: float, end: float) -> int:
    values = [
        e.value
        for e in account.reporting_events.values()
        if e.name == names.FIRST_RESPONSE and e.user_id == user_id and start <= e.created_at < end
    ]
    return int(sum(values) / len(values)) if values else 0
