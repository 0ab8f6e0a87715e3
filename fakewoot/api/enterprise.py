"""Enterprise-only endpoints the community dashboard still calls, as a self-hosted v4.10 install
WITHOUT an enterprise licence answers them.

The image ships enterprise/, so ChatwootApp.enterprise? is true and these controllers run; without a
licence ChatwootHub.pricing_plan is 'community' and Internal::ReconcilePlanConfigService keeps every
premium feature (sla, audit_logs, saml...) disabled on every account, so no record of these kinds
ever exists. Hence, at e13e3c87 (enterprise/app/controllers/api/v1/accounts/):
- audit_logs: administrators only; the audit_logs feature is off, so `associated_audits.none`.
- applied_slas: administrators only; empty index (meta count 0), metrics (hit rate '100%'), CSV.
- saml_settings: check_saml_feature_enabled renders 403 before the policy for every member.
SLA policies, custom roles and companies have no licence or feature gate: they are modelled in full
in fakewoot/api/{sla_policies,custom_roles,companies}.py.
"""

from __future__ import annotations

import re

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of
from fakewoot.api.members import account_member
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, NotImplementedInFake
from fakewoot.serializers import enterprise as views

MSG_SAML_FEATURE_NOT_ENABLED = "SAML feature not enabled for this account"  # errors.saml.feature_not_enabled
MSG_INVALID_DATE = "invalid date"  # DateTime.strptime(since/until, '%s') on a non-number (a 500 upstream)
CSV_CONTENT_TYPE = "text/csv"
SLA_CSV_DISPOSITION = "attachment; filename=breached_conversation.csv"
_EPOCH = re.compile(r"\s*[+-]?\d+")


def _respond(ctx: RequestContext, body: object) -> Response:
    return json_response(body, headers=ctx.response_headers)


def _kaminari_page(raw: object) -> int:
    """Kaminari's current_page for page(params[:page]): to_i, at least 1."""
    return max(to_int(raw) or 0, 1)


async def _raw_page(ctx: RequestContext) -> object:
    """params[:page] || 1, as sent (a query string stays a string)."""
    page = (await ctx.params()).get("page")
    return 1 if page is None else page


async def _check_range(ctx: RequestContext) -> None:
    """DateRangeHelper#range: both since and until present, each parsed as epoch seconds."""
    params = await ctx.params()
    since, until = params.get("since"), params.get("until")
    if since in (None, "") or until in (None, ""):
        return
    for value in (since, until):
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not _EPOCH.match(str(value)):
            raise CouldNotCreate(MSG_INVALID_DATE)


# --- audit logs, applied SLAs ---------------------------------------------------------------------


async def show_audit_logs(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    page = _kaminari_page((await ctx.params()).get("page"))
    return _respond(ctx, views.audit_logs_json(page))


async def list_applied_slas(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    await _check_range(ctx)
    require_administrator(member)
    return _respond(ctx, views.applied_slas_json(await _raw_page(ctx)))


async def applied_sla_metrics(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    await _check_range(ctx)
    require_administrator(member)
    return _respond(ctx, views.applied_sla_metrics_json())


async def download_applied_slas(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    await _check_range(ctx)
    require_administrator(member)
    response = Response(views.applied_slas_csv().encode(), 200, ctx.response_headers)
    response.raw_headers[0] = (b"content-type", CSV_CONTENT_TYPE.encode())
    response.raw_headers.append((b"content-disposition", SLA_CSV_DISPOSITION.encode()))
    return response


# --- reporting events (the rows fakewoot/reporting writes) ------------------------------------------


async def list_reporting_events(ctx: RequestContext) -> Response:
    """Administrators; the account's events in the range (created_at), by inbox_id, user_id, name,
    newest first; 25 a page."""
    account, member = account_member(ctx)
    require_administrator(member)
    params = await ctx.params()
    await _check_range(ctx)
    events = ctx.store.reporting_events.of(account.id)
    since, until = params.get("since"), params.get("until")
    if since not in (None, "") and until not in (None, ""):
        low, high = int(str(since).strip()), int(str(until).strip())
        events = [e for e in events if low <= e.created_at < high]
    for key in ("inbox_id", "user_id"):
        wanted = params.get(key)
        if wanted not in (None, "") and not isinstance(wanted, (dict, list)):
            events = [e for e in events if getattr(e, key) == to_int(wanted)]
    name = params.get("name")
    if name not in (None, "") and not isinstance(name, (dict, list)):
        events = [e for e in events if e.name == str(name)]
    events.sort(key=lambda e: (e.created_at, e.id), reverse=True)
    page = to_int(params.get("page") or 1) or 0  # (params[:page] || 1).to_i
    return _respond(ctx, views.reporting_events_page_json(events, page))


async def conversation_reporting_events(ctx: RequestContext) -> Response:
    """ConversationsController#reporting_events (enterprise): the conversation (404, show? 401), its
    events oldest first."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    events = [e for e in ctx.store.reporting_events.of(account.id) if e.conversation_id == conversation.id]
    events.sort(key=lambda e: (e.created_at, e.id))
    return _respond(ctx, [views.reporting_event_json(e) for e in events])


async def conversation_inbox_assistant(ctx: RequestContext) -> Response:
    """ConversationsController#inbox_assistant (enterprise): the conversation (404, show? 401), then
    the inbox's captain assistant as `{"assistant": {"id", "name"}}`, or `{"assistant": null}`."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    assistant = ctx.store.captain_assistants.of_inbox(account.id, conversation.inbox_id)
    body = None if assistant is None else {"id": assistant.id, "name": assistant.name}
    return _respond(ctx, {"assistant": body})


# --- SAML -----------------------------------------------------------------------------------------


async def saml_settings(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    if "saml" not in account.features:
        raise ApiError({"error": MSG_SAML_FEATURE_NOT_ENABLED}, 403)
    route = "/api/v1/accounts/:account_id/saml_settings"
    raise NotImplementedInFake(f"{ctx.request.method} {route} (the saml feature enabled)")


A = "/api/v1/accounts/{account_id:int}"
routes = [
    Route("GET", A + "/audit_logs", show_audit_logs, "audit_logs.show"),
    Route("GET", A + "/reporting_events", list_reporting_events, "reporting_events.index"),
    Route(
        "GET",
        A + "/conversations/{conversation_id:int}/reporting_events",
        conversation_reporting_events,
        "conversations.reporting_events",
    ),
    Route(
        "GET",
        A + "/conversations/{conversation_id:int}/inbox_assistant",
        conversation_inbox_assistant,
        "conversations.inbox_assistant",
    ),
    Route("GET", A + "/applied_slas", list_applied_slas, "applied_slas.index"),
    Route("GET", A + "/applied_slas/metrics", applied_sla_metrics, "applied_slas.metrics"),
    Route("GET", A + "/applied_slas/download", download_applied_slas, "applied_slas.download"),
    *[
        Route(method, A + "/saml_settings", saml_settings, f"saml_settings.{action}")
        for method, action in (
            ("GET", "show"),
            ("POST", "create"),
            ("PATCH", "update"),
            ("PUT", "update"),
            ("DELETE", "destroy"),
        )
    ],
]
