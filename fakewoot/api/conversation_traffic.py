"""GET /api/v2/accounts/:account_id/reports/conversation_traffic(.csv): the heatmap CSV.

Source at v4.10: app/controllers/api/v2/accounts/reports_controller.rb#conversation_traffic,
app/helpers/api/v2/accounts/heatmap_helper.rb, app/builders/v2/report_builder.rb,
app/views/api/v2/accounts/reports/conversation_traffic.erb, app/policies/report_policy.rb
(administrators only). The table is built in fakewoot/reporting/traffic.py.

Where Chatwoot raises (a 500) fakewoot answers 422 `{"error": ...}`: no `timezone_offset` at all
(`TimeZone[nil]` is an ArgumentError), a `timezone_offset` that is neither text nor a number, a
`days_before` that is not a number. A `days_before` over ten years is refused too (422): upstream
builds that many hours of series regardless; fakewoot stays responsive instead.
"""

from __future__ import annotations

from typing import Any

import orjson

from fakewoot.api.context import RequestContext
from fakewoot.api.reports import _BASE, FLOAT_RE, Unprocessable, _blank, _csv, admin_params, ruby_to_i
from fakewoot.api.responses import Response
from fakewoot.api.routing import Route
from fakewoot.reporting import metrics, traffic, zones

MSG_INVALID_ZONE = "invalid argument to TimeZone[]: {}"
MSG_NO_TO_I = "undefined method 'to_i' for {}"
MSG_OUT_OF_RANGE = "days_before out of range"
MAX_DAYS_BEFORE = 3660  # ten years of hours (87,840 rows of series)


def _inspect(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    return orjson.dumps(value).decode()


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def day_zone(value: Any) -> zones.Zone | None:
    """TimeZone[params[:timezone_offset]]: a string names a zone, a number is an offset."""
    if isinstance(value, str):
        return zones.by_name(value)
    if _number(value):
        return zones.by_offset(value)
    raise Unprocessable(MSG_INVALID_ZONE.format(_inspect(value)))


def offset_zone(value: Any) -> zones.Zone | None:
    """TimeZone[(params[:timezone_offset] || 0).to_f] (String#to_f: the leading number, else 0)."""
    if isinstance(value, str):
        match = FLOAT_RE.match(value)
        return zones.by_offset(float(match.group()) if match else 0.0)
    return zones.by_offset(float(value) if _number(value) else 0.0)


def days_before(value: Any) -> int:
    """params[:days_before].present? ? to_i : 6."""
    if value is False or _blank(value) or value in ([], {}):
        return traffic.DEFAULT_DAYS_BEFORE
    if isinstance(value, str):
        days = ruby_to_i(value)
    elif _number(value):
        days = int(value)
    else:
        raise Unprocessable(MSG_NO_TO_I.format(_inspect(value)))
    if abs(days) > MAX_DAYS_BEFORE:
        raise Unprocessable(MSG_OUT_OF_RANGE)
    return days


async def conversation_traffic(ctx: RequestContext) -> Response:
    account, params = await admin_params(ctx)
    raw = params.get("timezone_offset")
    zone = day_zone(raw)
    hour_zone = offset_zone(raw)
    subject = metrics.Subject(ctx.store, account, "account")
    now = ctx.store.clock.now()
    series = traffic.hourly_counts(subject, now, days_before(params.get("days_before")), zone, hour_zone)
    return _csv(ctx, traffic.FILENAME, traffic.document(hour_zone, traffic.table(series)))


routes = [
    Route(
        "GET", _BASE + f"/conversation_traffic{suffix}", conversation_traffic, "reports.conversation_traffic"
    )
    for suffix in ("", ".csv")
]
