"""The CSV downloads of /api/v2/accounts/:id/reports/{agents,inboxes,labels,teams,conversations_summary}:
Api::V2::Accounts::ReportsHelper, app/views/api/v2/accounts/reports/*.csv.erb, Reports::TimeFormatPresenter
and the en locale at v4.10.

Each file is the period line (`Reporting period <since date> to <until date>`, UTC dates), two blank
lines (see AFTER_FIRST_LINE), the header line and one line per row, written as the csv-safe gem
writes them (csv-safe 3.3.1: a text cell starting with - = + @ % | CR or TAB gets a leading ';
Ruby's CSV quotes an empty text and a cell with a comma, quote or line break; nil is empty).
Every line is then HTML-escaped (see erb_line).
Rows: agents (every account user: name, conversations, first response, resolution and reply times,
resolutions), inboxes (name, channel name, the same five; two more cells than the header has, as
upstream), teams, labels (the label summary's rows) and the conversations summary (one row).
Times read as "1 hour 5 minutes" (the two largest non-zero units) or N/A for none or zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from fakewoot.serializers.csat import csv_line

PERIOD = "Reporting period {since} to {until}"
AGENT_HEADERS = (
    "Agent name",
    "Assigned conversations",
    "Avg first response time",
    "Avg resolution time",
    "Avg customer waiting time",
    "Resolution Count",
)
INBOX_HEADERS = (
    "Inbox name",
    "Inbox type",
    "No. of conversations",
    "Avg first response time",
    "Avg resolution time",
)
LABEL_HEADERS = (
    "Label",
    "No. of conversations",
    "Avg first response time",
    "Avg resolution time",
    "Avg reply time",
    "Resolution Count",
)
TEAM_HEADERS = (
    "Team name",
    "Conversations count",
    "Avg first response time",
    "Avg resolution time",
    "Avg customer waiting time",
    "Resolution Count",
)
CONVERSATION_HEADERS = (
    "Conversations",
    "Messages received",
    "Messages sent",
    "Avg first response time",
    "Avg resolution time",
    "Resolution count",
    "Avg customer waiting time",
)
CHANNEL_NAMES = {
    "Channel::Api": "API",
    "Channel::Email": "Email",
    "Channel::FacebookPage": "Facebook",
    "Channel::Instagram": "Instagram",
    "Channel::Line": "LINE",
    "Channel::Sms": "Sms",
    "Channel::Telegram": "Telegram",
    "Channel::Tiktok": "Tiktok",
    "Channel::TwitterProfile": "Twitter",
    "Channel::WebWidget": "Website",
    "Channel::Whatsapp": "Whatsapp",
}
UNITS = (("day", 86_400), ("hour", 3600), ("minute", 60), ("second", 1))
UNSAFE_STARTS = ("-", "=", "+", "@", "%", "|", "\r", "\t")  # csv-safe 3.3.1
# What Rails' ERB (Erubi, trim mode "-") writes after the templates' first line: the `<%= ... %>` tag
# keeps its own newline (only `-%>` drops it) and the template's empty second line is text; the
# `<% %>` statement lines and the `-%>` lines after it add nothing more.
AFTER_FIRST_LINE = "\n\n"


def time_format(seconds: Any) -> str:
    """Reports::TimeFormatPresenter#format."""
    if seconds is None or seconds == "":
        return "N/A"
    whole = int(float(seconds))
    if whole == 0:
        return "N/A"
    parts: list[str] = []
    for unit, size in UNITS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count} {unit}" + ("" if count == 1 else "s"))
    return " ".join(parts[:2])


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(UNSAFE_STARTS):
        return "'" + value
    return value


def _line(cells: Sequence[Any], sanitize: bool = True) -> str:
    """CSVSafe.generate_line: Ruby's CSV.generate_line of the sanitised cells (CSV.generate_line
    itself without `sanitize`)."""
    return csv_line([_cell(cell) for cell in cells] if sanitize else list(cells))


# ERB::Util.html_escape
HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;"))


def erb_line(cells: Sequence[Any], sanitize: bool = True) -> str:
    """`<%= CSVSafe.generate_line row %>` in a text/csv template: Rails escapes `<%= %>` output as
    HTML in every template type but text/plain (ActionView's ERB handler, escape_ignore_list), and
    these templates do not mark the line html_safe (the CSAT download does), so & < > " ' arrive
    as entities: a quoted cell reads `&quot;a, b&quot;`."""
    line = _line(cells, sanitize)
    for char, entity in HTML_ESCAPES:
        line = line.replace(char, entity)
    return line


def document(window: tuple[float, float], headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def day(epoch: float) -> str:
        return datetime.fromtimestamp(epoch, UTC).date().isoformat()

    period = erb_line([PERIOD.format(since=day(window[0]), until=day(window[1]))])
    text = period + AFTER_FIRST_LINE + erb_line(headers)
    return text + "".join(erb_line(row) for row in rows)


def summary_cells(row: dict[str, Any] | None) -> list[Any]:
    """generate_readable_report_metrics."""
    row = row or {}
    return [
        row.get("conversations_count"),
        time_format(row.get("avg_first_response_time")),
        time_format(row.get("avg_resolution_time")),
        time_format(row.get("avg_reply_time")),
        row.get("resolved_conversations_count"),
    ]


def conversation_cells(summary: dict[str, Any]) -> list[Any]:
    """generate_conversation_report_metrics."""
    return [
        summary["conversations_count"],
        summary["incoming_messages_count"],
        summary["outgoing_messages_count"],
        time_format(summary["avg_first_response_time"]),
        time_format(summary["avg_resolution_time"]),
        summary["resolutions_count"],
        time_format(summary["reply_time"]),
    ]
