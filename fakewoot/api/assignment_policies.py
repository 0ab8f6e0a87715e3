"""/api/v1/accounts/:account_id/assignment_policies (and .../:assignment_policy_id/inboxes) and
/api/v1/accounts/:account_id/inboxes/:inbox_id/assignment_policy ("Assignment V2").

Source at v4.10: app/controllers/api/v1/accounts/assignment_policies_controller.rb,
assignment_policies/inboxes_controller.rb, inboxes/assignment_policies_controller.rb,
app/policies/assignment_policy_policy.rb (every action administrators only), the views under
app/views/api/v1/accounts/assignment_policies/ and inboxes/assignment_policies/. No feature flag gates
these controllers (`assignment_v2`, off by default, only gates the assignment jobs). Bots are refused.

Order of checks: authentication, account, membership, then the record lookups (404) before the policy
(401): the policy for show/update/destroy and the nested inboxes routes, then the inbox and (create)
the policy for the inbox routes; show/destroy of an inbox without a policy is a 404 `Assignment policy
not found` after the policy check. Params: require(:assignment_policy) (a flat JSON body is wrapped
with the model's attribute names only) permitting name, description, assignment_order,
conversation_priority, fair_distribution_limit, fair_distribution_window, enabled.

POST .../assignment_policies/:id/inboxes has a route and a view but no action: Rails renders the view
with a nil @inbox_assignment_policy, a 500 for administrators; a 422 `{"error": ...}` here, nothing
changed. DELETE .../inboxes/:id is routed too but neither action nor view exists: Rails' 404.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.numericality import number_param
from fakewoot.api.params import json_scalar, permit, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.api.search import MSG_NIL_MESSAGE
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate, NotFound
from fakewoot.serializers.assignment_policies import assignment_policy_json
from fakewoot.serializers.inboxes import inbox_json
from fakewoot.store.accounts import Account
from fakewoot.store.assignment_policies import ATTRIBUTES, ENUMS, NUMERIC, AssignmentPolicy
from fakewoot.store.inboxes import Inbox
from fakewoot.store.macros import MSG_INVALID_ENUM, ruby_s
from fakewoot.store.ranges import int8

MSG_POLICY_NOT_FOUND = "Assignment policy not found"  # errors.assignment_policy.not_found
PARAM_KEY = "assignment_policy"
# AssignmentPolicy.attribute_names: what wrap_parameters copies from a flat JSON body
WRAPPED_KEYS = ("id", "account_id", *ATTRIBUTES, "created_at", "updated_at")


def _enum(attr: str, value: Any) -> str | None:
    """ActiveRecord::Enum's cast: a label or a mapped integer; blank is nil (the NOT NULL column
    refuses it later); anything else raises ArgumentError on assignment (a 500 upstream)."""
    mapping = ENUMS[attr]
    if value is None or value is False or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value in mapping:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for label, number in mapping.items():
            if number == value:
                return label
    raise CouldNotCreate(MSG_INVALID_ENUM.format(value=ruby_s(json_scalar(value)), attr=attr))


async def _attributes(ctx: RequestContext) -> dict[str, Any]:
    """assignment_policy_params, cast as the model's attribute writers cast them."""
    source = await require_wrapped(ctx, PARAM_KEY, WRAPPED_KEYS)
    attributes: dict[str, Any] = {}
    for key, value in permit(source, *ATTRIBUTES).items():
        if key in ENUMS:
            attributes[key] = _enum(key, value)
        elif key in NUMERIC:
            attributes[key] = number_param(value)
        elif key == "enabled":
            attributes[key] = to_bool(value)
        else:
            attributes[key] = to_string(value)
    return attributes


def _policy(ctx: RequestContext, account: Account, key: str) -> AssignmentPolicy:
    return find_or_404(ctx.store.assignment_policies.get(account.id, ctx.path_params[key]))


def _respond(ctx: RequestContext, policy: AssignmentPolicy) -> Response:
    count = ctx.store.assignment_policies.inbox_count(policy)
    return json_response(assignment_policy_json(policy, count), headers=ctx.response_headers)


async def list_assignment_policies(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    policies = ctx.store.assignment_policies
    body = [
        assignment_policy_json(policy, policies.inbox_count(policy)) for policy in policies.of(account.id)
    ]
    return json_response(body, headers=ctx.response_headers)


async def show_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _policy(ctx, account, "id")
    require_administrator(member)
    return _respond(ctx, policy)


async def create_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    policy = ctx.store.assignment_policies.create(account.id, await _attributes(ctx))
    return _respond(ctx, policy)


async def update_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _policy(ctx, account, "id")
    require_administrator(member)
    ctx.store.assignment_policies.update(policy, await _attributes(ctx))
    return _respond(ctx, policy)


async def delete_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _policy(ctx, account, "id")
    require_administrator(member)
    ctx.store.assignment_policies.delete(policy)
    return head_ok(ctx.response_headers)


# --- assignment_policies/:assignment_policy_id/inboxes --------------------------------------------


async def list_policy_inboxes(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _policy(ctx, account, "assignment_policy_id")
    require_administrator(member)
    base = str(ctx.request.base_url).rstrip("/")
    inboxes = ctx.store.assignment_policies.inboxes(policy)
    body = {"inboxes": [inbox_json(ctx.store, inbox, member.administrator, base) for inbox in inboxes]}
    return json_response(body, headers=ctx.response_headers)


async def create_policy_inbox(ctx: RequestContext) -> Response:
    """No `create` action: the view renders a nil @inbox_assignment_policy (NoMethodError, a 500)."""
    account, member = account_member(ctx)
    _policy(ctx, account, "assignment_policy_id")
    require_administrator(member)
    raise CouldNotCreate(MSG_NIL_MESSAGE)


# --- inboxes/:inbox_id/assignment_policy ----------------------------------------------------------


def _inbox(ctx: RequestContext, account: Account) -> Inbox:
    inbox_id = ctx.path_params["inbox_id"]
    return find_or_404(None if inbox_id is None else account.inboxes.get(inbox_id))


def _inbox_policy(ctx: RequestContext, inbox: Inbox) -> AssignmentPolicy:
    """validate_assignment_policy: 404 with its own message when the inbox has none."""
    policy = ctx.store.assignment_policies.of_inbox(inbox)
    if policy is None:
        raise NotFound(MSG_POLICY_NOT_FOUND)
    return policy


async def show_inbox_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account)
    require_administrator(member)
    return _respond(ctx, _inbox_policy(ctx, inbox))


async def create_inbox_assignment_policy(ctx: RequestContext) -> Response:
    """The inbox's link is destroyed, a new one made (there is one policy per inbox)."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account)
    wanted = permit(await ctx.params(), "assignment_policy_id").get("assignment_policy_id")
    policy_id = None if wanted is None else int8(to_int(wanted))
    policy = find_or_404(ctx.store.assignment_policies.get(account.id, policy_id))
    require_administrator(member)
    ctx.store.assignment_policies.assign(inbox, policy)
    return _respond(ctx, policy)


async def delete_inbox_assignment_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account)
    require_administrator(member)
    _inbox_policy(ctx, inbox)
    ctx.store.assignment_policies.unassign(inbox)
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/assignment_policies"
_INBOXES = _BASE + "/{assignment_policy_id:int}/inboxes"
_INBOX_POLICY = "/api/v1/accounts/{account_id:int}/inboxes/{inbox_id:int}/assignment_policy"
routes = [
    Route("GET", _BASE, list_assignment_policies, "assignment_policies.index"),
    Route("POST", _BASE, create_assignment_policy, "assignment_policies.create"),
    Route("GET", _BASE + "/{id:int}", show_assignment_policy, "assignment_policies.show"),
    Route("PATCH", _BASE + "/{id:int}", update_assignment_policy, "assignment_policies.update"),
    Route("PUT", _BASE + "/{id:int}", update_assignment_policy, "assignment_policies.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_assignment_policy, "assignment_policies.destroy"),
    Route("GET", _INBOXES, list_policy_inboxes, "assignment_policies/inboxes.index"),
    Route("POST", _INBOXES, create_policy_inbox, "assignment_policies/inboxes.create"),
    Route("GET", _INBOX_POLICY, show_inbox_assignment_policy, "inboxes/assignment_policies.show"),
    Route("POST", _INBOX_POLICY, create_inbox_assignment_policy, "inboxes/assignment_policies.create"),
    Route("DELETE", _INBOX_POLICY, delete_inbox_assignment_policy, "inboxes/assignment_policies.destroy"),
]
