"""Enterprise-only endpoints the community dashboard still calls, as a self-hosted v4.10 install
WITHOUT an enterprise licence answers them.

The image ships enterprise/, so ChatwootApp.enterprise? is true and these controllers run; without a
licence ChatwootHub.pricing_plan is 'community' and Internal::ReconcilePlanConfigService keeps every
premium feature (sla, custom_roles, audit_logs, saml, companies...) disabled on every account, so no
record of these kinds ever exists. Hence, at e13e3c87 (enterprise/app/controllers/api/v1/accounts/):
- sla_policies: index `{"payload": []}` for agents and administrators (SlaPolicyPolicy); show finds
  nil and renders the partial with it (a 500 upstream, a 404 here); update/destroy administrators only
  (401 first), update of nil a 500 (404 here), destroy `head :ok` even when nothing is found.
- custom_roles: administrators only (CustomRolePolicy); index `[]`; show/update/destroy of nil a 500
  (404 here).
- companies: index/search `{"meta": {"total_count": 0, "page": params[:page] || 1}, "payload": []}`,
  search without q a 422; show/update/destroy find! (404); destroy administrators only.
- audit_logs: administrators only; the audit_logs feature is off, so `associated_audits.none`.
- applied_slas: administrators only; empty index (meta count 0), metrics (hit rate '100%'), CSV.
- saml_settings: check_saml_feature_enabled renders 403 before the policy for every member.
Creating SLA policies, custom roles and companies works upstream even unlicensed (no backend gate):
after the policy (SLA policies and custom roles for administrators), those creates answer 501 here.
"""

from __future__ import annotations

import re

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of
from fakewoot.api.members import account_member
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, NotFound, NotImplementedInFake
from fakewoot.serializers import enterprise as views

MSG_SAML_FEATURE_NOT_ENABLED = "SAML feature not enabled for this account"  # errors.saml.feature_not_enabled
# errors.companies.search.query_missing
MSG_COMPANIES_QUERY_MISSING = "Specify search string with parameter q"
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


# --- SLA policies ---------------------------------------------------------------------------------


async def list_sla_policies(ctx: RequestContext) -> Response:
    account_member(ctx)
    return _respond(ctx, views.sla_policies_json())


async def show_sla_policy(ctx: RequestContext) -> Response:
    account_member(ctx)
    raise NotFound()


async def update_sla_policy(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    raise NotFound()


async def delete_sla_policy(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    return head_ok(ctx.response_headers)  # DeleteObjectJob only if found; head :ok regardless


async def create_licensed_record(ctx: RequestContext) -> Response:
    """sla_policies#create, custom_roles#create (administrators: 401 first) and companies#create
    (every member): the record would be created upstream even unlicensed; not modelled here (501)."""
    _, member = account_member(ctx)
    if not ctx.route_name.startswith("companies."):
        require_administrator(member)
    raise NotImplementedInFake(f"POST {ctx.request.url.path} ({ctx.route_name})")


# --- custom roles ---------------------------------------------------------------------------------


async def list_custom_roles(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    return _respond(ctx, views.custom_roles_json())


async def find_custom_role(ctx: RequestContext) -> Response:
    """show, update, destroy: find_by(id) is nil, then the policy, then nil is used (a 500)."""
    _, member = account_member(ctx)
    require_administrator(member)
    raise NotFound()


# --- companies ------------------------------------------------------------------------------------


async def list_companies(ctx: RequestContext) -> Response:
    account_member(ctx)
    return _respond(ctx, views.companies_json(await _raw_page(ctx)))


async def search_companies(ctx: RequestContext) -> Response:
    account_member(ctx)
    query = (await ctx.params()).get("q")
    if query is None or (isinstance(query, str) and not query.strip()):
        raise CouldNotCreate(MSG_COMPANIES_QUERY_MISSING)
    return _respond(ctx, views.companies_json(await _raw_page(ctx)))


async def find_company(ctx: RequestContext) -> Response:
    """show, update: Current.account.companies.find (404)."""
    account_member(ctx)
    raise NotFound()


async def delete_company(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    raise NotFound()


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
_ONE = "/{id:int}"
routes = [
    Route("GET", A + "/sla_policies", list_sla_policies, "sla_policies.index"),
    Route("POST", A + "/sla_policies", create_licensed_record, "sla_policies.create", pending=True),
    Route("POST", A + "/custom_roles", create_licensed_record, "custom_roles.create", pending=True),
    Route("POST", A + "/companies", create_licensed_record, "companies.create", pending=True),
    Route("GET", A + "/sla_policies" + _ONE, show_sla_policy, "sla_policies.show"),
    Route("PATCH", A + "/sla_policies" + _ONE, update_sla_policy, "sla_policies.update"),
    Route("PUT", A + "/sla_policies" + _ONE, update_sla_policy, "sla_policies.update"),
    Route("DELETE", A + "/sla_policies" + _ONE, delete_sla_policy, "sla_policies.destroy"),
    Route("GET", A + "/custom_roles", list_custom_roles, "custom_roles.index"),
    *[
        Route(method, A + "/custom_roles" + _ONE, find_custom_role, f"custom_roles.{action}")
        for method, action in (("GET", "show"), ("PATCH", "update"), ("PUT", "update"), ("DELETE", "destroy"))
    ],
    Route("GET", A + "/companies", list_companies, "companies.index"),
    Route("GET", A + "/companies/search", search_companies, "companies.search"),
    Route("GET", A + "/companies" + _ONE, find_company, "companies.show"),
    Route("PATCH", A + "/companies" + _ONE, find_company, "companies.update"),
    Route("PUT", A + "/companies" + _ONE, find_company, "companies.update"),
    Route("DELETE", A + "/companies" + _ONE, delete_company, "companies.destroy"),
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
