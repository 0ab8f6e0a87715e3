"""/api/v1/accounts/:account_id/automation_rules (index, show, create, update, destroy) and
POST .../automation_rules/:automation_rule_id/clone.

Source at v4.10: app/controllers/api/v1/accounts/automation_rules_controller.rb,
app/policies/automation_rule_policy.rb (administrators only: the policy runs before the record is
fetched), app/models/automation_rule.rb, app/views/api/v1/accounts/automation_rules/* (create renders
the bare rule; index, show, update and clone wrap it in `payload`). `conditions` and `actions` are
stored as sent. An unknown id crashes upstream (the view or `nil.save!`, a 500): a 422 here.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.action_files import attach_blobs, prepared_actions, purge_files_later
from fakewoot.api.context import RequestContext
from fakewoot.api.macros import rescued
from fakewoot.api.members import account_member
from fakewoot.api.params import permit, to_bool, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import MSG_NOT_FOUND, ApiError
from fakewoot.serializers.automation_rules import automation_rule_json
from fakewoot.store.accounts import Account
from fakewoot.store.automation_rules import AutomationRule
from fakewoot.store.macros import MSG_NOT_NULL, invalid


def _admin(ctx: RequestContext) -> Account:
    account, member = account_member(ctx)
    require_administrator(member)
    return account


def _rule(ctx: RequestContext, account: Account, key: str) -> AutomationRule:
    rule = ctx.store.automation_rules.get(account.id, ctx.path_params[key])
    if rule is None:
        raise ApiError({"error": MSG_NOT_FOUND}, 422)  # NoMethodError on nil upstream (500)
    return rule


def _permitted(params: dict[str, Any]) -> dict[str, Any]:
    """permit(:name, :description, :event_name, :active); conditions and actions come raw."""
    raw = permit(params, "name", "description", "event_name", "active")
    values: dict[str, Any] = {
        key: to_string(raw[key]) for key in ("name", "description", "event_name") if key in raw
    }
    if "active" in raw:
        active = to_bool(raw["active"])
        if active is None:
            raise invalid(MSG_NOT_NULL.format(attr="active"))  # NOT NULL column: a 500 upstream
        values["active"] = active
    return values


def _payload(ctx: RequestContext, rule: AutomationRule) -> Response:
    return json_response({"payload": automation_rule_json(rule)}, headers=ctx.response_headers)


async def list_automation_rules(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    rules = ctx.store.automation_rules.of(account.id)
    return json_response({"payload": [automation_rule_json(r) for r in rules]}, headers=ctx.response_headers)


async def show_automation_rule(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    return _payload(ctx, _rule(ctx, account, "id"))


async def create_automation_rule(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    params = await ctx.params()
    values = _permitted(params)
    blobs, values["actions"] = prepared_actions(ctx, params.get("actions"))
    values["conditions"] = params.get("conditions")
    rule = ctx.store.automation_rules.create(account.id, values)
    attach_blobs(ctx, rule, "automation_rule_id", blobs)
    return json_response(automation_rule_json(rule), headers=ctx.response_headers)


async def update_automation_rule(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    params = await ctx.params()
    rule = ctx.store.automation_rules.get(account.id, ctx.path_params["id"])
    blobs, actions = prepared_actions(ctx, params.get("actions"), rule)
    rule = _rule(ctx, account, "id")
    with rescued():
        values = _permitted(params)
        if params.get("actions") is not None:
            values["actions"] = actions
        if params.get("conditions") is not None:
            values["conditions"] = params["conditions"]
        ctx.store.automation_rules.update(rule, values)
    attach_blobs(ctx, rule, "automation_rule_id", blobs)
    return _payload(ctx, rule)


async def delete_automation_rule(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    rule = _rule(ctx, account, "id")
    ctx.store.automation_rules.delete(rule)
    purge_files_later(ctx, rule)
    return head_ok(ctx.response_headers)


async def clone_automation_rule(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    rule = _rule(ctx, account, "automation_rule_id")
    return _payload(ctx, ctx.store.automation_rules.clone(rule))


_BASE = "/api/v1/accounts/{account_id:int}/automation_rules"
routes = [
    Route("GET", _BASE, list_automation_rules, "automation_rules.index"),
    Route("POST", _BASE, create_automation_rule, "automation_rules.create"),
    Route("GET", _BASE + "/{id:int}", show_automation_rule, "automation_rules.show"),
    Route("PATCH", _BASE + "/{id:int}", update_automation_rule, "automation_rules.update"),
    Route("PUT", _BASE + "/{id:int}", update_automation_rule, "automation_rules.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_automation_rule, "automation_rules.destroy"),
    Route("POST", _BASE + "/{automation_rule_id:int}/clone", clone_automation_rule, "automation_rules.clone"),
]
