"""/api/v1/accounts/:account_id/agent_capacity_policies (enterprise-only, 13 routes), as a
self-hosted v4.10 install WITHOUT an enterprise licence answers them.

The standard image ships enterprise/, so these controllers run (EnterpriseAccountsController is a
plain Api::V1::Accounts::BaseController) and, unlike SLA policies or custom roles, nothing here reads
the pricing plan or a feature flag: records are created, listed, updated and destroyed as on a
licensed install. Hence the full behaviour (enterprise/app/controllers/api/v1/accounts/):
- agent_capacity_policies_controller.rb: AgentCapacityPolicyPolicy (administrators only) BEFORE the
  lookup, so an agent gets 401 even for an unknown id; require(:agent_capacity_policy) (a flat JSON
  body wrapped with the model's attribute names) permitting name, description and
  exclusion_rules [:exclude_older_than_hours, {excluded_labels: []}]; destroy `head :ok`.
- agent_capacity_policies/users_controller.rb: index lists the users whose account user points at the
  policy (the api/v1/models/user partial); create finds the account user by `user_id` (404) and points
  it at the policy; destroy finds the account user by the path id (404) and clears its policy,
  whichever it was; `head :ok`.
- agent_capacity_policies/inbox_limits_controller.rb: create finds the inbox (404), refuses a second
  limit for it (422 `Inbox has already been assigned to this policy`), then creates (validations: 422);
  update assigns `conversation_limit` as sent (absent is nil: 422); destroy `head :no_content`.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.numericality import number_param
from fakewoot.api.params import json_scalar, permit, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers import agent_capacity_policies as views
from fakewoot.serializers.users import user_json
from fakewoot.store.accounts import Account
from fakewoot.store.agent_capacity_policies import ATTRIBUTES, AgentCapacityPolicy
from fakewoot.store.ranges import int8

MSG_INBOX_ALREADY_ASSIGNED = "Inbox has already been assigned to this policy"  # en.yml agent_capacity_policy
PARAM_KEY = "agent_capacity_policy"
# AgentCapacityPolicy.attribute_names: what wrap_parameters copies from a flat JSON body
WRAPPED_KEYS = ("id", "account_id", *ATTRIBUTES, "created_at", "updated_at")
RULE_HOURS, RULE_LABELS = "exclude_older_than_hours", "excluded_labels"


def _permitted(value: Any) -> bool:
    return "v" in permit({"v": value}, "v")


def _rules(value: dict[str, Any]) -> dict[str, Any]:
    """permit(:exclude_older_than_hours, excluded_labels: []) on one hash, in the filters' order."""
    rules: dict[str, Any] = {}
    if RULE_HOURS in value and _permitted(value[RULE_HOURS]):
        rules[RULE_HOURS] = json_scalar(value[RULE_HOURS])
    labels = value.get(RULE_LABELS)
    if isinstance(labels, list) and all(_permitted(label) for label in labels):
        rules[RULE_LABELS] = [json_scalar(label) for label in labels]
    return rules


async def _attributes(ctx: RequestContext) -> dict[str, Any]:
    """permitted_params: scalars name and description (cast to strings); exclusion_rules a hash (or
    a list of hashes) permitted key by key; anything else there, or nil, is dropped."""
    source = await require_wrapped(ctx, PARAM_KEY, WRAPPED_KEYS)
    attributes: dict[str, Any] = {
        key: to_string(value) for key, value in permit(source, "name", "description").items()
    }
    raw = source.get("exclusion_rules")
    if isinstance(raw, dict):
        attributes["exclusion_rules"] = _rules(raw)
    elif isinstance(raw, list):
        attributes["exclusion_rules"] = [_rules(item) for item in raw if isinstance(item, dict)]
    return attributes


def _json(ctx: RequestContext, policy: AgentCapacityPolicy, assigned: dict[str, Any] | None = None) -> Any:
    policies = ctx.store.agent_capacity_policies
    rules = (
        assigned["exclusion_rules"] if assigned and "exclusion_rules" in assigned else policy.exclusion_rules
    )
    return views.agent_capacity_policy_json(
        policy, len(policies.users(policy)), policies.limits(policy), rules
    )


def _admin_account(ctx: RequestContext) -> Account:
    """Authentication, account, membership, then the policy class's check (administrators)."""
    account, member = account_member(ctx)
    require_administrator(member)
    return account


def _policy(ctx: RequestContext, account: Account, key: str) -> AgentCapacityPolicy:
    return find_or_404(ctx.store.agent_capacity_policies.get(account.id, ctx.path_params[key]))


def _respond(ctx: RequestContext, body: Any) -> Response:
    return json_response(body, headers=ctx.response_headers)


async def list_policies(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    return _respond(ctx, [_json(ctx, p) for p in ctx.store.agent_capacity_policies.of(account.id)])


async def show_policy(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    return _respond(ctx, _json(ctx, _policy(ctx, account, "id")))


async def create_policy(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    attributes = await _attributes(ctx)
    policy = ctx.store.agent_capacity_policies.create(account.id, attributes)
    return _respond(ctx, _json(ctx, policy, attributes))


async def update_policy(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "id")
    attributes = await _attributes(ctx)
    ctx.store.agent_capacity_policies.update(policy, attributes)
    return _respond(ctx, _json(ctx, policy, attributes))


async def delete_policy(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    ctx.store.agent_capacity_policies.delete(_policy(ctx, account, "id"))
    return head_ok(ctx.response_headers)


# --- users ------------------------------------------------------------------------------------------


async def list_policy_users(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "agent_capacity_policy_id")
    store = ctx.store
    users = (store.state.users.get(user_id) for user_id in store.agent_capacity_policies.users(policy))
    return _respond(ctx, [user_json(store, user) for user in users if user is not None])


def _member_id(account: Account, value: Any) -> int:
    """`Current.account.account_users.find_by!(user_id: value)`: the user's id, else 404."""
    user_id = None if value is None else int8(to_int(value))
    return find_or_404(user_id if user_id in account.members else None)


async def add_policy_user(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "agent_capacity_policy_id")
    wanted = permit(await ctx.params(), "user_id").get("user_id")
    user_id = _member_id(account, wanted)
    ctx.store.agent_capacity_policies.assign_user(policy, user_id)
    user = find_or_404(ctx.store.state.users.get(user_id))
    return _respond(ctx, user_json(ctx.store, user))


async def remove_policy_user(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    _policy(ctx, account, "agent_capacity_policy_id")
    user_id = _member_id(account, ctx.path_params["id"])
    ctx.store.agent_capacity_policies.release_user(account.id, user_id)
    return head_ok(ctx.response_headers)


# --- inbox limits -----------------------------------------------------------------------------------


async def _conversation_limit(ctx: RequestContext) -> Any:
    return permit(await ctx.params(), "conversation_limit").get("conversation_limit")


async def create_inbox_limit(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "agent_capacity_policy_id")
    wanted = permit(await ctx.params(), "inbox_id").get("inbox_id")
    inbox_id = None if wanted is None else int8(to_int(wanted))
    inbox = find_or_404(None if inbox_id is None else account.inboxes.get(inbox_id))
    policies = ctx.store.agent_capacity_policies
    if policies.has_limit(policy, inbox):
        raise CouldNotCreate(MSG_INBOX_ALREADY_ASSIGNED)
    limit = policies.add_limit(policy, inbox, number_param(await _conversation_limit(ctx)))
    return _respond(ctx, views.inbox_limit_created_json(limit))


async def update_inbox_limit(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "agent_capacity_policy_id")
    policies = ctx.store.agent_capacity_policies
    limit = find_or_404(policies.limit(policy, ctx.path_params["id"]))
    policies.update_limit(limit, number_param(await _conversation_limit(ctx)))
    inbox = find_or_404(account.inboxes.get(limit.inbox_id))
    return _respond(ctx, views.inbox_limit_updated_json(limit, inbox.name))


async def delete_inbox_limit(ctx: RequestContext) -> Response:
    account = _admin_account(ctx)
    policy = _policy(ctx, account, "agent_capacity_policy_id")
    policies = ctx.store.agent_capacity_policies
    policies.delete_limit(policy, find_or_404(policies.limit(policy, ctx.path_params["id"])))
    return Response(b"", 204, ctx.response_headers)  # head :no_content


_BASE = "/api/v1/accounts/{account_id:int}/agent_capacity_policies"
_USERS = _BASE + "/{agent_capacity_policy_id:int}/users"
_LIMITS = _BASE + "/{agent_capacity_policy_id:int}/inbox_limits"
_LIMIT = _LIMITS + "/{id:int}"
routes = [
    Route("GET", _BASE, list_policies, "agent_capacity_policies.index"),
    Route("POST", _BASE, create_policy, "agent_capacity_policies.create"),
    Route("GET", _BASE + "/{id:int}", show_policy, "agent_capacity_policies.show"),
    Route("PATCH", _BASE + "/{id:int}", update_policy, "agent_capacity_policies.update"),
    Route("PUT", _BASE + "/{id:int}", update_policy, "agent_capacity_policies.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_policy, "agent_capacity_policies.destroy"),
    Route("GET", _USERS, list_policy_users, "agent_capacity_policies/users.index"),
    Route("POST", _USERS, add_policy_user, "agent_capacity_policies/users.create"),
    Route("DELETE", _USERS + "/{id:int}", remove_policy_user, "agent_capacity_policies/users.destroy"),
    Route("POST", _LIMITS, create_inbox_limit, "agent_capacity_policies/inbox_limits.create"),
    Route("PATCH", _LIMIT, update_inbox_limit, "agent_capacity_policies/inbox_limits.update"),
    Route("PUT", _LIMIT, update_inbox_limit, "agent_capacity_policies/inbox_limits.update"),
    Route("DELETE", _LIMIT, delete_inbox_limit, "agent_capacity_policies/inbox_limits.destroy"),
]
