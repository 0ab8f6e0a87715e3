"""/api/v1/accounts/:account_id/agents: list, create, update, delete, bulk_create.

Source: app/controllers/api/v1/accounts/agents_controller.rb, app/builders/agent_builder.rb,
app/policies/user_policy.rb (reference section 7). Order of checks: authentication, bot gate,
account (404), membership (401), the agent record (404), the role (401), the agent limit (402).
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.custom_roles import requested_role_id
from fakewoot.api.members import account_member
from fakewoot.api.params import permit, to_bool, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import MSG_ACCOUNT_LIMIT, ApiError, NotFound, ParameterMissing
from fakewoot.serializers.agents import agent_json
from fakewoot.store import validation as v
from fakewoot.store.account_users import AVAILABILITIES, ROLES, AccountUser
from fakewoot.store.accounts import Account

_FIELDS = ("name", "email", "role", "availability", "auto_offline")
# app/builders/agent_builder.rb: pattr_initialize defaults role :agent, availability :offline,
# auto_offline false
BULK_DEFAULTS: dict[str, Any] = {"role": "agent", "availability": "offline", "auto_offline": False}


def _agent(ctx: RequestContext, account: Account) -> AccountUser:
    """fetch_agent: Current.account.users.find(params[:id]), before the role check."""
    member = account.members.get(ctx.path_params["id"] or 0)
    if member is None:
        raise NotFound()
    return member


def _json(ctx: RequestContext, member: AccountUser) -> dict[str, Any]:
    user = ctx.store.users.get(member.user_id)
    assert user is not None
    return agent_json(ctx.store, user, member)


def _respond(ctx: RequestContext, body: Any) -> Response:
    return json_response(body, headers=ctx.response_headers)


def _check_limit(ctx: RequestContext, account: Account, adding: int) -> None:
    """render_payment_required unless usage_limits[:agents] - users.count covers the new agents."""
    limit = ctx.store.accounts.agent_limit(account)
    if limit is not None and limit - len(account.members) < max(adding, 1):
        raise ApiError({"error": MSG_ACCOUNT_LIMIT}, 402)


async def list_agents(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    members = []
    for member in account.members.values():
        user = ctx.store.users.get(member.user_id)
        if user is not None:
            # ORDER BY lower(name): a NULL name sorts last, as PostgreSQL puts NULLs in ascending order
            members.append((user.name is None, (user.name or "").lower(), user.id, member))
    return _respond(ctx, [_json(ctx, member) for *_, member in sorted(members, key=lambda t: t[:3])])


async def _agent_params(ctx: RequestContext) -> dict[str, Any]:
    raw = permit(await ctx.require("agent"), *_FIELDS)
    values: dict[str, Any] = {key: to_string(value) for key, value in raw.items() if key != "auto_offline"}
    if "auto_offline" in raw:
        values["auto_offline"] = to_bool(raw["auto_offline"])
    return values


async def create_agent(ctx: RequestContext) -> Response:
    account, caller = account_member(ctx)
    require_administrator(caller)
    params = await _agent_params(ctx)
    role_id = await requested_role_id(ctx)  # enterprise: update!(custom_role_id: params[:custom_role_id])
    _check_limit(ctx, account, 1)
    member = ctx.store.account_users.invite(
        account_id=account.id,
        email=params.get("email") or "",
        name=params.get("name"),
        role=params.get("role"),
        availability=params.get("availability"),
        auto_offline=params.get("auto_offline"),
        inviter_id=caller.user_id,
    )
    ctx.store.custom_roles.assign(member, role_id)
    return _respond(ctx, _json(ctx, member))


async def update_agent(ctx: RequestContext) -> Response:
    account, caller = account_member(ctx)
    member = _agent(ctx, account)
    require_administrator(caller)
    params = {key: value for key, value in (await _agent_params(ctx)).items() if value is not None}
    errors = v.Errors()
    if "name" in params:
        v.check_name(errors, params["name"])
    if "role" in params and params["role"] not in ROLES:
        errors.add("role", v.MSG_INCLUSION)
    if "availability" in params and params["availability"] not in AVAILABILITIES:
        errors.add("availability", v.MSG_INCLUSION)
    errors.raise_if_any()
    role_id = await requested_role_id(ctx)  # enterprise: update!(custom_role_id: params[:custom_role_id])
    store = ctx.store
    user = store.users.get(member.user_id)
    assert user is not None
    if "name" in params:
        store.users.update(user, name=params["name"])
    store.account_users.update(
        member,
        role=params.get("role"),
        availability=params.get("availability"),
        auto_offline=params.get("auto_offline"),
    )
    store.custom_roles.assign(member, role_id)
    return _respond(ctx, _json(ctx, member))


async def delete_agent(ctx: RequestContext) -> Response:
    account, caller = account_member(ctx)
    member = _agent(ctx, account)
    require_administrator(caller)
    ctx.store.account_users.remove_agent(member)
    return head_ok(ctx.response_headers)


async def bulk_create_agents(ctx: RequestContext) -> Response:
    account, caller = account_member(ctx)
    require_administrator(caller)
    emails = (await ctx.params()).get("emails")
    if not isinstance(emails, list):
        raise ParameterMissing("emails")  # upstream: nil.count / String#count raise (500)
    _check_limit(ctx, account, len(emails))
    store = ctx.store
    for email in emails:
        if not isinstance(email, str):
            continue
        try:
            # AgentBuilder's own defaults apply here (bulk_create passes none of these): an agent,
            # offline, auto_offline false; create passes its params, nil ones fall to the columns'
            store.account_users.invite(
                account_id=account.id,
                email=email,
                name=email.split("@")[0],
                inviter_id=caller.user_id,
                **BULK_DEFAULTS,
            )
        except v.Invalid:
            continue  # AgentBuilder's RecordInvalid is logged and skipped
    store.accounts.forget_onboarding_step(account)
    return head_ok(ctx.response_headers)


routes = [
    Route("GET", "/api/v1/accounts/{account_id:int}/agents", list_agents, "agents.index"),
    Route("POST", "/api/v1/accounts/{account_id:int}/agents", create_agent, "agents.create"),
    Route(
        "POST",
        "/api/v1/accounts/{account_id:int}/agents/bulk_create",
        bulk_create_agents,
        "agents.bulk_create",
    ),
    Route("PUT", "/api/v1/accounts/{account_id:int}/agents/{id:int}", update_agent, "agents.update"),
    Route("PATCH", "/api/v1/accounts/{account_id:int}/agents/{id:int}", update_agent, "agents.update"),
    Route("DELETE", "/api/v1/accounts/{account_id:int}/agents/{id:int}", delete_agent, "agents.destroy"),
]
