"""The conversation traffic CSV (the heatmap download): Api::V2::Accounts::HeatmapHelper and
app/views/api/v2/accounts/reports/conversation_traffic.erb at v4.10.

- The window is [midnight `days_before` days ago, today's midnight): today is left out. Both
  midnights are in the zone `TimeZone[timezone_offset]` names with the raw parameter (a string is
  looked up as a zone name, so "5.5" names none and the days are UTC days).
- Conversations created in the window are counted per hour, the hours cut in the zone (with its
  DST) of `TimeZone[timezone_offset.to_f]` (V2::ReportBuilder), every hour of the window present.
- Each hour is then read back as a UTC date and hour (`Time.at` on a UTC server) and laid out as
  a table: the first row `Start of the hour` and the dates in ascending order, then one row per
  hour in the order the hours first appear (`HH:00` and that hour's count on each date, an empty
  cell where the date has no such hour).
- The file starts with `Timezone,<TimeZone[offset.to_f]>` (empty for no zone) and two blank lines:
  the ERB line's own newline and the template's blank line. Lines are HTML-escaped as the other
  report CSVs' (csv_reports.erb_line): offset 13 is `(GMT+13:00) Nuku&#39;alofa`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fakewoot.reporting import metrics
from fakewoot.reporting.csv_reports import AFTER_FIRST_LINE, erb_line
from fakewoot.reporting.zones import UTC_ZONE, Zone

TIMEZONE_LABEL = "Timezone"
START_OF_HOUR = "Start of the hour"
DEFAULT_DAYS_BEFORE = 6
FILENAME = "conversation_traffic_reports"


def hourly_counts(
    subject: metrics.Subject, now: float, days_before: int, day_zone: Zone | None, hour_zone: Zone | None
) -> list[dict[str, Any]]:
    """generate_heatmap_data: the report builder's hourly conversations_count series."""
    zone = day_zone or UTC_ZONE
    window = (zone.midnight(now, days_before), zone.midnight(now))
    periods = metrics.Periods("hour", hour_zone.tz() if hour_zone else UTC)
    return metrics.count_series(subject, "conversations_count", window, periods)


def table(series: list[dict[str, Any]]) -> list[list[Any]]:
    """transform_data, then group_traffic_data."""
    cells: dict[int, dict[str, int]] = {}
    dates: set[str] = set()
    for entry in series:
        at = datetime.fromtimestamp(entry["timestamp"], UTC)
        day = at.date().isoformat()
        dates.add(day)
        cells.setdefault(at.hour, {}).setdefault(day, entry["value"])
    ordered = sorted(dates)
    rows: list[list[Any]] = [[START_OF_HOUR, *ordered]]
    rows += [[f"{hour:02d}:00", *(by_date.get(day) for day in ordered)] for hour, by_date in cells.items()]
    return rows


def document(header_zone: Zone | None, rows: list[list[Any]]) -> str:
    head = erb_line([TIMEZONE_LABEL, str(header_zone) if header_zone else None], sanitize=False)
    return head + AFTER_FIRST_LINE + "".join(erb_line(row) for row in rows)
