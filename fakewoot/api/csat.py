"""CSAT: /api/v1/accounts/:account_id/csat_survey_responses (index, metrics, download; update from
the enterprise module), the inbox csat_template (WhatsApp only) and the public survey page
/public/api/v1/csat_survey/:uuid (show, update).

Source at v4.10: app/controllers/api/v1/accounts/csat_survey_responses_controller.rb (Sift sort on
created_at, DateRangeHelper since...until, filters user_ids / inbox_id / team_id / rating, 25 a page),
app/policies/csat_survey_response_policy.rb (administrators; custom roles are enterprise and never
exist unlicensed), enterprise/app/controllers/enterprise/api/v1/accounts/csat_survey_responses_controller.rb
(update: review notes, no feature check), inbox_csat_templates_controller.rb,
app/controllers/public/api/v1/csat_survey_controller.rb.
"""

from __future__ import annotations

import re
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, NotFound, NotImplementedInFake, Unauthorized
from fakewoot.serializers.csat import csat_csv, csat_metrics_json, csat_survey_json, csat_survey_response_json
from fakewoot.store.accounts import Account
from fakewoot.store.csat_survey_responses import CSAT_CONTENT_TYPE, CsatSurveyResponse

PER_PAGE = 25
MSG_INVALID_DATE = "invalid date"  # DateTime.strptime on a non-number (a 500 upstream)
MSG_PERIOD_REQUIRED = (
    "since and until are required"  # Date.strptime(nil) in download.csv.erb (a 500 upstream)
)
MSG_CSAT_LOCKED = "You cannot update the CSAT survey after 14 days"
MSG_CSAT_TEMPLATE_CHANNELS = (
    "CSAT template operations only available for WhatsApp and Twilio WhatsApp channels"
)
MSG_MESSAGE_PARAMS = "When assigning attributes, you must pass a hash as an argument, NilClass passed."
CSV_CONTENT_TYPE = "text/csv"
CSV_DISPOSITION = "attachment; filename=csat_report.csv"
LOCK_DAYS = 14
_EPOCH = re.compile(r"\s*[+-]?\d+")


def _epoch(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not _EPOCH.match(str(value)):
        raise CouldNotCreate(MSG_INVALID_DATE)
    return int(_EPOCH.match(str(value)).group().strip())  # type: ignore[union-attr]


def _range(params: dict[str, Any]) -> tuple[int, int] | None:
    since, until = params.get("since"), params.get("until")
    if since in (None, "") or until in (None, ""):
        return None
    return _epoch(since), _epoch(until)


def _ids(value: Any) -> list[int] | None:
    """A `where(column: value) if value.present?` filter: one value or a list, integer-cast."""
    if value in (None, "", []) or value == {}:
        return None
    values = value if isinstance(value, list) else [value]
    return [
        i for i in (to_int(v) if not isinstance(v, (dict, list)) else None for v in values) if i is not None
    ]


def _filtered(ctx: RequestContext, account: Account, params: dict[str, Any]) -> list[CsatSurveyResponse]:
    rows = ctx.store.csat_survey_responses.of(account.id)
    span = _range(params)
    if span is not None:
        rows = [r for r in rows if span[0] <= r.created_at < span[1]]
    users = _ids(params.get("user_ids"))
    if users is not None:
        rows = [r for r in rows if r.assigned_agent_id in users]
    for key, attr in (("inbox_id", "inbox_id"), ("team_id", "team_id")):
        wanted = _ids(params.get(key))
        if wanted is not None:
            conversations = account.conversations
            rows = [
                r
                for r in rows
                if (c := conversations.get(r.conversation_id)) is not None and getattr(c, attr) in wanted
            ]
    ratings = _ids(params.get("rating"))
    if ratings is not None:
        rows = [r for r in rows if r.rating in ratings]
    sort = params.get("sort")
    if sort in ("created_at", "-created_at"):
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=sort.startswith("-"))
    return rows


async def _admin_rows(ctx: RequestContext) -> tuple[Account, list[CsatSurveyResponse], dict[str, Any]]:
    account, member = account_member(ctx)
    require_administrator(member)  # check_authorization runs before the filters
    params = await ctx.params()
    return account, _filtered(ctx, account, params), params


async def list_csat_responses(ctx: RequestContext) -> Response:
    _, rows, params = await _admin_rows(ctx)
    raw = params.get("page")
    page = max((to_int(raw) if not isinstance(raw, (dict, list)) else None) or 0, 1)
    chunk = rows[(page - 1) * PER_PAGE : page * PER_PAGE]
    body = [csat_survey_response_json(ctx.store, r) for r in chunk]
    return json_response(body, headers=ctx.response_headers)


async def csat_metrics(ctx: RequestContext) -> Response:
    account, rows, params = await _admin_rows(ctx)
    span = _range(params)
    sent = [
        m
        for m in account.messages.values()
        if m.content_type == CSAT_CONTENT_TYPE and (span is None or span[0] <= m.created_at < span[1])
    ]
    return json_response(csat_metrics_json(rows, len(sent)), headers=ctx.response_headers)


async def download_csat_responses(ctx: RequestContext) -> Response:
    _, rows, params = await _admin_rows(ctx)
    span = _range(params)
    if span is None:
        raise CouldNotCreate(MSG_PERIOD_REQUIRED)
    frontend = (ctx.fake.settings.frontend_url or str(ctx.request.base_url)).rstrip("/")
    text = csat_csv(ctx.store, rows, frontend, span[0], span[1])
    response = Response(text.encode(), 200, ctx.response_headers)
    response.raw_headers[0] = (b"content-type", CSV_CONTENT_TYPE.encode())
    response.raw_headers.append((b"content-disposition", CSV_DISPOSITION.encode()))
    return response


async def update_csat_response(ctx: RequestContext) -> Response:
    """Enterprise update (no licence check): find (404), then the policy (administrators), then the
    review notes, the reviewer and the time."""
    account, member = account_member(ctx)
    record = find_or_404(account.csat_survey_responses.get(ctx.path_params["id"]))
    require_administrator(member)
    notes = (await ctx.params()).get("csat_review_notes")
    notes = None if isinstance(notes, (dict, list)) else to_string(notes)
    ctx.store.csat_survey_responses.review(record, notes, member.user_id)
    return json_response(csat_survey_response_json(ctx.store, record), headers=ctx.response_headers)


# --- inbox csat_template ------------------------------------------------------------------------------


async def csat_template(ctx: RequestContext) -> Response:
    """fetch_inbox (404, InboxPolicy#show? 401) then validate_whatsapp_channel (400)."""
    account, member = account_member(ctx)
    inbox = find_or_404(account.inboxes.get(ctx.path_params["inbox_id"]))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    whatsapp = inbox.channel_type == "Channel::Whatsapp" or (
        inbox.channel_type == "Channel::TwilioSms" and inbox.channel.get("medium") == "whatsapp"
    )
    if not whatsapp:
        raise ApiError({"error": MSG_CSAT_TEMPLATE_CHANNELS}, 400)
    raise NotImplementedInFake(
        f"{ctx.request.method} /api/v1/accounts/:account_id/inboxes/:inbox_id/csat_template"
    )


# --- public survey page -------------------------------------------------------------------------------


def _survey(ctx: RequestContext) -> Any:
    """Conversation.find_by!(uuid:) then its input_csat message (404s)."""
    uuid = ctx.path_params["id"]
    for account in ctx.store.state.accounts.values():
        for conversation in account.conversations.values():
            if conversation.uuid == uuid:
                message = ctx.store.csat_survey_responses.survey_message(conversation)
                if message is None:
                    raise NotFound()
                return message
    raise NotFound()


def _survey_body(ctx: RequestContext, message: Any) -> dict[str, Any]:
    response = ctx.store.csat_survey_responses.for_message(message.account_id, message.id)
    return csat_survey_json(ctx.store, message, response)


async def show_csat_survey(ctx: RequestContext) -> Response:
    message = _survey(ctx)
    return json_response(_survey_body(ctx, message), headers=ctx.response_headers)


def _submitted(raw: Any) -> Any:
    """permit(message: [{submitted_values: [:name, :title, :value, {csat_survey_response:
    [:feedback_message, :rating]}]}])."""

    def one(item: dict[str, Any]) -> dict[str, Any]:
        kept: dict[str, Any] = {
            k: item[k]
            for k in ("name", "title", "value")
            if k in item and not isinstance(item[k], (dict, list))
        }
        answer = item.get("csat_survey_response")
        if isinstance(answer, dict):
            kept["csat_survey_response"] = {
                k: answer[k]
                for k in ("feedback_message", "rating")
                if k in answer and not isinstance(answer[k], (dict, list))
            }
        return kept

    if isinstance(raw, dict):
        return one(raw)
    if isinstance(raw, list):
        return [one(item) for item in raw if isinstance(item, dict)]
    return None


async def update_csat_survey(ctx: RequestContext) -> Response:
    message = _survey(ctx)
    if _days(ctx, message.created_at) > LOCK_DAYS:
        raise CouldNotCreate(MSG_CSAT_LOCKED)
    raw = (await ctx.params()).get("message")
    if not isinstance(raw, dict):
        raise CouldNotCreate(MSG_MESSAGE_PARAMS)
    if "submitted_values" in raw:
        ctx.store.csat_survey_responses.submit(message, _submitted(raw["submitted_values"]))
    return json_response(_survey_body(ctx, message), headers=ctx.response_headers)


def _days(ctx: RequestContext, created_at: float) -> int:
    """(Time.zone.now.to_date - created_at.to_date).to_i in UTC."""
    return int(ctx.store.clock.now() // 86400 - created_at // 86400)


A = "/api/v1/accounts/{account_id:int}"
_RESPONSES = A + "/csat_survey_responses"
_TEMPLATE = A + "/inboxes/{inbox_id:int}/csat_template"
_PUBLIC = "/public/api/v1/csat_survey/{id}"
routes = [
    Route("GET", _RESPONSES, list_csat_responses, "csat_survey_responses.index"),
    Route("GET", _RESPONSES + "/metrics", csat_metrics, "csat_survey_responses.metrics"),
    Route("GET", _RESPONSES + "/download", download_csat_responses, "csat_survey_responses.download"),
    Route("PATCH", _RESPONSES + "/{id:int}", update_csat_response, "csat_survey_responses.update"),
    Route("GET", _TEMPLATE, csat_template, "inbox_csat_templates.show"),
    Route("POST", _TEMPLATE, csat_template, "inbox_csat_templates.create"),
    Route("GET", _PUBLIC, show_csat_survey, "public/api/v1/csat_survey.show"),
    Route("PATCH", _PUBLIC, update_csat_survey, "public/api/v1/csat_survey.update"),
    Route("PUT", _PUBLIC, update_csat_survey, "public/api/v1/csat_survey.update"),
]
