"""/api/v2/accounts/:account_id/reports: the metric time series (index), summary, bot_summary and
the live conversation counts (conversations).

Source at v4.10: app/controllers/api/v2/accounts/reports_controller.rb, app/policies/report_policy.rb
(administrators only: an agent gets Pundit's 401), app/builders/v2/report_builder.rb,
app/builders/v2/reports/conversations/*, app/builders/v2/reports/timeseries/*,
app/helpers/date_range_helper.rb, app/helpers/timezone_helper.rb. The numbers come from
fakewoot/reporting/metrics.py over the store and the reporting events fakewoot/reporting/listener.py
writes. The time series groups in the zone TimezoneHelper#timezone_name_from_offset picks for
`timezone_offset` at the fake clock's now (report_zone), with that zone's DST. Where Chatwoot
raises a 500 (a blank or unknown `type`, a `since`/`until` that is not Unix seconds, a
`timezone_offset` without to_f) fakewoot answers 422 `{"error": ...}`.
"""

from __future__ import annotations

import re
from datetime import UTC, tzinfo
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import to_bool, to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, NotFound
from fakewoot.reporting import csv_reports, metrics, summaries, zones
from fakewoot.serializers.reports import agent_conversation_metrics_json
from fakewoot.store.accounts import Account

MSG_INVALID_DATE = "invalid date"
MSG_UNDEFINED_TYPE = "undefined method 'conversations' for nil"
MSG_NO_TO_SYM = "undefined method 'to_sym' for {}"
MSG_BLANK_TYPE = MSG_NO_TO_SYM.format("nil")
SECONDS_RE = re.compile(r"\s*[+-]?\d+")
# String#to_f's leading number: digits with single underscores between them, a fraction, an exponent
FLOAT_RE = re.compile(r"\s*[+-]?(\d+(_\d+)*(\.\d+(_\d+)*)?|\.\d+)([eE][+-]?\d+)?")
MSG_NO_TO_F = "undefined method 'to_f' for {}"
AGENT_RESULTS_PER_PAGE = 25
CSV_CONTENT_TYPE = b"text/csv; charset=utf-8"


class Unprocessable(ApiError):
    """Where Chatwoot raises (a 500), fakewoot refuses the request instead."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__({"error": message})


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _time(value: Any) -> float | None:
    """DateTime.strptime(value, '%s'): Unix seconds as a string; blank -> nil (no range)."""
    if _blank(value):
        return None
    if not isinstance(value, str) or not SECONDS_RE.fullmatch(value):
        raise Unprocessable(MSG_INVALID_DATE)
    return float(int(value))


def ruby_to_i(value: Any) -> int:
    """String#to_i: leading digits, else 0."""
    match = SECONDS_RE.match(value) if isinstance(value, str) else None
    return int(match.group()) if match else 0


def report_window(since: Any, until: Any) -> metrics.Range:
    start, end = _time(since), _time(until)
    return None if start is None or end is None else (start, end)


def _receiver(value: Any) -> str:
    """How Ruby 3.4's NoMethodError names the receiver."""
    if isinstance(value, bool):
        return "true" if value else "false"
    kinds = ((dict, "Hash"), (list, "Array"), (int, "Integer"), (float, "Float"))
    return "an instance of " + next((name for kind, name in kinds if isinstance(value, kind)), "Object")


def report_zone(value: Any, now: float) -> tzinfo:
    """TimezoneHelper#timezone_name_from_offset: blank is UTC; else the first Rails zone whose offset
    at this moment (DST included) is `value.to_f` hours; none is nil, i.e. the server's zone (UTC).
    A value without `to_f` (an array, true) is a NoMethodError (a 500) upstream, a 422 here."""
    if _blank(value) or value is False or value in ([], {}):
        return UTC
    if isinstance(value, str):  # String#to_f: the leading number, else 0
        match = FLOAT_RE.match(value)
        value = match.group() if match else "0"
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unprocessable(MSG_NO_TO_F.format(_receiver(value)))
    zone = zones.by_current_offset(float(value) * 3600, now)
    return UTC if zone is None else zone.tz()


def _subject(ctx: RequestContext, account: Account, params: dict[str, Any]) -> metrics.Subject:
    """ReportHelper#scope: the account, or the record `id` names (404 when it is not the account's)."""
    kind = params.get("type")
    if _blank(kind) or not isinstance(kind, str):
        raise Unprocessable(MSG_BLANK_TYPE)
    store = ctx.store
    if kind not in metrics.SUBJECT_TYPES:
        raise Unprocessable(MSG_UNDEFINED_TYPE)
    if kind == "account":
        return metrics.Subject(store, account, kind)
    record_id = to_int(params.get("id"))
    if kind == "inbox":
        find_or_404(account.inboxes.get(record_id or 0))
    elif kind == "agent":
        find_or_404(record_id if record_id in account.members else None)
    elif kind == "team":
        find_or_404(account.teams.get(record_id or 0))
    else:
        label = find_or_404(account.labels.get(record_id or 0))
        return metrics.Subject(store, account, kind, record_id, label.title)
    return metrics.Subject(store, account, kind, record_id)


async def admin_params(ctx: RequestContext) -> tuple[Account, dict[str, Any]]:
    account, member = account_member(ctx)
    require_administrator(member)
    return account, await ctx.params()


async def report_timeseries(ctx: RequestContext) -> Response:
    account, params = await admin_params(ctx)
    if _blank(params.get("type")) or not isinstance(params.get("type"), str):
        raise Unprocessable(MSG_BLANK_TYPE)
    metric = params.get("metric")
    if metric not in metrics.COUNT_METRICS and metric not in metrics.AVERAGE_EVENTS:
        return json_response({}, headers=ctx.response_headers)  # "Invalid metric", logged upstream
    subject = _subject(ctx, account, params)
    window = report_window(params.get("since"), params.get("until"))
    group_by = params.get("group_by")
    group_by = group_by if group_by in metrics.GROUP_BYS else metrics.DEFAULT_GROUP_BY
    periods = metrics.Periods(group_by, report_zone(params.get("timezone_offset"), ctx.store.clock.now()))
    business_hours = bool(to_bool(params.get("business_hours")))
    body = metrics.timeseries(subject, str(metric), window, periods, business_hours)
    return json_response(body, headers=ctx.response_headers)


def _previous(params: dict[str, Any]) -> tuple[Any, Any]:
    """The period before: since - (until - since) up to since (String#to_i arithmetic)."""
    since, until = params.get("since"), params.get("until")
    start = ruby_to_i(since) - (ruby_to_i(until) - ruby_to_i(since))
    return str(start), since


async def report_summary(ctx: RequestContext) -> Response:
    account, params = await admin_params(ctx)
    subject = _subject(ctx, account, params)
    business_hours = bool(to_bool(params.get("business_hours")))
    current = report_window(params.get("since"), params.get("until"))
    previous = report_window(*_previous(params))
    body = metrics.summary(subject, current, business_hours)
    body["previous"] = metrics.summary(subject, previous, business_hours)
    return json_response(body, headers=ctx.response_headers)


async def report_bot_summary(ctx: RequestContext) -> Response:
    account, params = await admin_params(ctx)
    subject = _subject(ctx, account, params)
    body = metrics.bot_summary(subject, report_window(params.get("since"), params.get("until")))
    body["previous"] = metrics.bot_summary(subject, report_window(*_previous(params)))
    return json_response(body, headers=ctx.response_headers)


async def report_conversations(ctx: RequestContext) -> Response:
    account, params = await admin_params(ctx)
    kind = params.get("type")
    if _blank(kind) or kind is False or kind in ([], {}):  # params[:type].blank?
        return Response(b"", 422, ctx.response_headers)  # head :unprocessable_entity
    if not isinstance(kind, str):  # conversation_params: params[:type].to_sym
        raise Unprocessable(MSG_NO_TO_SYM.format(_receiver(kind)))
    if kind == "account":
        subject = metrics.Subject(ctx.store, account, "account")
        return json_response(metrics.live_counts(subject, account_wide=True), headers=ctx.response_headers)
    page = max(to_int(params.get("page")) or 1, 1)
    members = list(account.members.values())
    start = (page - 1) * AGENT_RESULTS_PER_PAGE
    rows: list[dict[str, Any]] = []
    for member in members[start : start + AGENT_RESULTS_PER_PAGE]:
        user = ctx.store.users.get(member.user_id)
        if user is None:
            continue
        if kind == "agent":
            subject = metrics.Subject(ctx.store, account, "agent", user.id)
        elif kind in metrics.SUBJECT_TYPES:  # conversation_params has no id: inboxes.find(nil)
            raise NotFound()
        else:  # the builder's scope is nil: nil.conversations
            raise Unprocessable(MSG_UNDEFINED_TYPE)
        counts = metrics.live_counts(subject, account_wide=False)
        availability = ctx.store.presence.availability_status(member)
        rows.append(agent_conversation_metrics_json(user, availability, counts))
    rows.sort(key=lambda row: row["metric"]["open"])  # sort_by open, then reverse
    rows.reverse()
    return json_response(rows, headers=ctx.response_headers)


async def report_bot_metrics(ctx: RequestContext) -> Response:
    """V2::Reports::BotMetricsBuilder over `since`/`until`."""
    account, params = await admin_params(ctx)
    window = report_window(params.get("since"), params.get("until"))
    return json_response(metrics.bot_metrics(ctx.store, account, window), headers=ctx.response_headers)


def _csv(ctx: RequestContext, filename: str, text: str) -> Response:
    """generate_csv: text/csv (Rails adds the default charset) as an attachment named for the report."""
    headers = {**ctx.response_headers, "Content-Disposition": f"attachment; filename={filename}.csv"}
    response = Response(text.encode(), 200, headers)
    response.raw_headers = [
        (b"content-type", CSV_CONTENT_TYPE) if name == b"content-type" else (name, value)
        for name, value in response.raw_headers
    ]
    return response


async def _csv_params(ctx: RequestContext) -> tuple[Account, dict[str, Any], tuple[float, float], bool]:
    """The CSV templates parse since/until with Date.strptime: a blank one is a 500 upstream, a 422 here."""
    account, params = await admin_params(ctx)
    window = report_window(params.get("since"), params.get("until"))
    if window is None:
        raise Unprocessable(MSG_INVALID_DATE)
    return account, params, window, bool(to_bool(params.get("business_hours")))


async def agents_csv(ctx: RequestContext) -> Response:
    account, _, window, business_hours = await _csv_params(ctx)
    found = {row["id"]: row for row in summaries.agent_summary(account, window, business_hours)}
    rows = []
    for member in account.members.values():
        user = ctx.store.users.get(member.user_id)
        if user is not None:
            rows.append([user.name, *csv_reports.summary_cells(found.get(user.id))])
    text = csv_reports.document(window, csv_reports.AGENT_HEADERS, rows)
    return _csv(ctx, "agents_report", text)


async def inboxes_csv(ctx: RequestContext) -> Response:
    account, _, window, business_hours = await _csv_params(ctx)
    found = {row["id"]: row for row in summaries.inbox_summary(account, window, business_hours)}
    rows = [
        [
            inbox.name,
            csv_reports.CHANNEL_NAMES.get(inbox.channel_type),
            *csv_reports.summary_cells(found.get(inbox.id)),
        ]
        for inbox in account.inboxes.values()
    ]
    return _csv(ctx, "inboxes_report", csv_reports.document(window, csv_reports.INBOX_HEADERS, rows))


async def labels_csv(ctx: RequestContext) -> Response:
    account, _, window, business_hours = await _csv_params(ctx)
    rows = [
        [row["name"], *csv_reports.summary_cells(row)]
        for row in summaries.label_summary(account, window, business_hours)
    ]
    return _csv(ctx, "labels_report", csv_reports.document(window, csv_reports.LABEL_HEADERS, rows))


async def teams_csv(ctx: RequestContext) -> Response:
    account, _, window, business_hours = await _csv_params(ctx)
    found = {row["id"]: row for row in summaries.team_summary(account, window, business_hours)}
    rows = [[team.name, *csv_reports.summary_cells(found.get(team.id))] for team in account.teams.values()]
    return _csv(ctx, "teams_report", csv_reports.document(window, csv_reports.TEAM_HEADERS, rows))


async def conversations_summary_csv(ctx: RequestContext) -> Response:
    account, _, window, business_hours = await _csv_params(ctx)
    summary = metrics.summary(metrics.Subject(ctx.store, account, "account"), window, business_hours)
    rows = [csv_reports.conversation_cells(summary)]
    text = csv_reports.document(window, csv_reports.CONVERSATION_HEADERS, rows)
    return _csv(ctx, "conversations_summary_report", text)


_BASE = "/api/v2/accounts/{account_id:int}/reports"

routes = [
    Route("GET", _BASE, report_timeseries, "reports.index"),
    Route("GET", _BASE + "/summary", report_summary, "reports.summary"),
    Route("GET", _BASE + "/bot_summary", report_bot_summary, "reports.bot_summary"),
    Route("GET", _BASE + "/conversations", report_conversations, "reports.conversations"),
    Route("GET", _BASE + "/bot_metrics", report_bot_metrics, "reports.bot_metrics"),
    *(
        Route("GET", _BASE + f"/{name}{suffix}", handler, f"reports.{name}")
        for name, handler in (
            ("agents", agents_csv),
            ("inboxes", inboxes_csv),
            ("labels", labels_csv),
            ("teams", teams_csv),
            ("conversations_summary", conversations_summary_csv),
        )
        for suffix in ("", ".csv")  # the dashboard asks for agents.csv; Rails' (.:format)
    ),
]
