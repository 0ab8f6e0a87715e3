"""SLA policies (enterprise/app/controllers/api/v1/accounts/sla_policies_controller.rb at e13e3c87).

No licence or feature gate: an unlicensed install creates and serves them. SlaPolicyPolicy: index and
show for agents and administrators, create/update/destroy administrators only. show/update/destroy
find_by(id) before the policy: show of nothing renders the partial with nil and update of nothing
calls update! on nil (500s upstream, 404s here); destroy of nothing is `head :ok`.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_bool, to_string
from fakewoot.api.reports import FLOAT_RE
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.sla_policies import sla_policies_json, sla_policy_json
from fakewoot.store.sla_policies import SLA_POLICY_ATTRIBUTES, SlaPolicy

THRESHOLDS = ("first_response_time_threshold", "next_response_time_threshold", "resolution_time_threshold")
_SPECIAL_FLOATS = {"Infinity": float("inf"), "-Infinity": float("-inf"), "NaN": float("nan")}


def float_cast(value: Any) -> float | None:
    """ActiveModel::Type::Float: blank is nil, true/false 1.0/0.0, "Infinity"/"NaN" as named, any
    other string its String#to_f (the leading number, else 0.0)."""
    text = to_string(value) if not isinstance(value, (bool, int, float)) else None
    if value is None or (text is not None and not text.strip()):
        return None
    if isinstance(value, (bool, int, float)):
        return float(value)
    assert text is not None
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    match = FLOAT_RE.match(text)
    return float(match.group()) if match else 0.0


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """permitted_params: the six attributes (scalars), cast as the columns cast them."""
    raw = await require_wrapped(ctx, "sla_policy", SLA_POLICY_ATTRIBUTES)
    values: dict[str, Any] = {}
    for key, value in permit(raw, *SLA_POLICY_ATTRIBUTES).items():
        if key in THRESHOLDS:
            values[key] = float_cast(value)
        elif key == "only_during_business_hours":
            values[key] = to_bool(value)
        else:
            values[key] = to_string(value)
    return values


def _found(ctx: RequestContext, account_id: int) -> SlaPolicy | None:
    return ctx.store.sla_policies.get(account_id, ctx.path_params["id"])


def _respond(ctx: RequestContext, policy: SlaPolicy) -> Response:
    return json_response({"payload": sla_policy_json(policy)}, headers=ctx.response_headers)


async def list_sla_policies(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    policies = ctx.store.sla_policies.of(account.id)
    return json_response(sla_policies_json(policies), headers=ctx.response_headers)


async def show_sla_policy(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, find_or_404(_found(ctx, account.id)))


async def create_sla_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    policy = ctx.store.sla_policies.create(account.id, await _values(ctx))
    return _respond(ctx, policy)


async def update_sla_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _found(ctx, account.id)
    require_administrator(member)
    values = await _values(ctx)  # permitted_params is evaluated before update! is sent to nil
    policy = find_or_404(policy)
    ctx.store.sla_policies.update(policy, values)
    return _respond(ctx, policy)


async def delete_sla_policy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    policy = _found(ctx, account.id)
    require_administrator(member)
    if policy is not None:
        ctx.store.sla_policies.delete(policy)
    return head_ok(ctx.response_headers)


A = "/api/v1/accounts/{account_id:int}/sla_policies"
routes = [
    Route("GET", A, list_sla_policies, "sla_policies.index"),
    Route("POST", A, create_sla_policy, "sla_policies.create"),
    Route("GET", A + "/{id:int}", show_sla_policy, "sla_policies.show"),
    Route("PATCH", A + "/{id:int}", update_sla_policy, "sla_policies.update"),
    Route("PUT", A + "/{id:int}", update_sla_policy, "sla_policies.update"),
    Route("DELETE", A + "/{id:int}", delete_sla_policy, "sla_policies.destroy"),
]
