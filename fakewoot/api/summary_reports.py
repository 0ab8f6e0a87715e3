"""/api/v2/accounts/:account_id/summary_reports/{agent,team,inbox,label,channel}: the per-record
report tables (fakewoot/reporting/summaries.py).

Source at v4.10: app/controllers/api/v2/accounts/summary_reports_controller.rb (administrators
only; `since`, `until`, `business_hours`; channel refuses a range over 6 months with
render_could_not_create_error), app/builders/v2/reports/*_summary_builder.rb. A `since`/`until`
that is not Unix seconds (a 500 upstream) is a 422 `{"error": "invalid date"}`.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, to_bool
from fakewoot.api.reports import admin_params, report_window, ruby_to_i
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import CouldNotCreate
from fakewoot.reporting import summaries
from fakewoot.store.accounts import Account

MSG_DATE_RANGE_TOO_LONG = "Date range cannot exceed 6 months"
SIX_MONTHS_SECONDS = 6 * 2_629_746  # ActiveSupport's 6.months in seconds


async def _prepared(ctx: RequestContext) -> tuple[Account, dict[str, Any], bool]:
    """`params.permit(:since, :until, :business_hours)`: an array or object is dropped (no range)."""
    account, raw = await admin_params(ctx)
    params = permit(raw, "since", "until", "business_hours")
    return account, params, bool(to_bool(params.get("business_hours")))


def _respond(ctx: RequestContext, body: Any) -> Response:
    return json_response(body, headers=ctx.response_headers)


async def agent_summary(ctx: RequestContext) -> Response:
    account, params, business_hours = await _prepared(ctx)
    window = report_window(params.get("since"), params.get("until"))
    return _respond(ctx, summaries.agent_summary(account, window, business_hours))


async def team_summary(ctx: RequestContext) -> Response:
    account, params, business_hours = await _prepared(ctx)
    window = report_window(params.get("since"), params.get("until"))
    return _respond(ctx, summaries.team_summary(account, window, business_hours))


async def inbox_summary(ctx: RequestContext) -> Response:
    account, params, business_hours = await _prepared(ctx)
    window = report_window(params.get("since"), params.get("until"))
    return _respond(ctx, summaries.inbox_summary(account, window, business_hours))


async def label_summary(ctx: RequestContext) -> Response:
    account, params, business_hours = await _prepared(ctx)
    window = report_window(params.get("since"), params.get("until"))
    return _respond(ctx, summaries.label_summary(account, window, business_hours))


async def channel_summary(ctx: RequestContext) -> Response:
    account, params, _ = await _prepared(ctx)
    since, until = params.get("since"), params.get("until")
    bounded = since not in (None, "") and until not in (None, "")
    if bounded and ruby_to_i(until) - ruby_to_i(since) > SIX_MONTHS_SECONDS:
        raise CouldNotCreate(MSG_DATE_RANGE_TOO_LONG)
    return _respond(ctx, summaries.channel_summary(account, report_window(since, until)))


_BASE = "/api/v2/accounts/{account_id:int}/summary_reports"

routes = [
    Route("GET", _BASE + "/agent", agent_summary, "summary_reports.agent"),
    Route("GET", _BASE + "/team", team_summary, "summary_reports.team"),
    Route("GET", _BASE + "/inbox", inbox_summary, "summary_reports.inbox"),
    Route("GET", _BASE + "/label", label_summary, "summary_reports.label"),
    Route("GET", _BASE + "/channel", channel_summary, "summary_reports.channel"),
]
