"""POST /api/v1/accounts/:account_id/bulk_actions (v4.10 bulk_actions_controller.rb): `type`
Conversation or Contact (camelized), anything else 422 `{"success": false}`; the work runs as a job
after the 200 (BulkActionsJob, Contacts::BulkActionJob) as the caller; deleting contacts needs
ContactPolicy#destroy? (administrators). Any member may call it; bots may not.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import scalar, to_int, to_string, to_time
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator


def _camelize(value: Any) -> str:
    """`params[:type].to_s.camelize`: "conversation" and "Conversation" are Conversation."""
    text = "" if value is None or isinstance(value, (dict, list)) else (to_string(value) or "")
    return "".join(part[:1].upper() + part[1:] for part in text.split("_"))


def _ids(params: dict[str, Any]) -> list[int]:
    raw = params.get("ids")
    values = raw if isinstance(raw, list) else []
    found = (to_int(v) for v in values if scalar(v) is v and v is not None)
    return [i for i in found if i is not None]


def _labels(params: dict[str, Any], key: str) -> list[str] | None:
    labels = params.get("labels")
    value = labels.get(key) if isinstance(labels, dict) else None
    if not isinstance(value, list):
        return None
    return [str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]


async def create_bulk_action(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    kind = _camelize(params.get("type"))
    store = ctx.store
    if kind == "Conversation":
        fields_raw = params.get("fields")
        fields: dict[str, Any] | None = None
        if isinstance(fields_raw, dict):
            fields = {}
            if "status" in fields_raw and scalar(fields_raw["status"]) is fields_raw["status"]:
                fields["status"] = to_string(fields_raw["status"])
            for key in ("assignee_id", "team_id"):
                if key in fields_raw and scalar(fields_raw[key]) is fields_raw[key]:
                    fields[key] = to_int(fields_raw[key])
        snooze_given = (
            "snoozed_until" in params and scalar(params["snoozed_until"]) is params["snoozed_until"]
        )
        snoozed_until = to_time(params.get("snoozed_until"), "snoozed_until") if snooze_given else None
        ids, add, remove = _ids(params), _labels(params, "add"), _labels(params, "remove")
        ctx.fake.jobs.enqueue(
            lambda: store.bulk_actions.conversations(
                account.id,
                member.user_id,
                ids,
                fields=fields,
                snoozed_until=snoozed_until,
                snooze_given=snooze_given,
                add=add,
                remove=remove,
            )
        )
        return head_ok(ctx.response_headers)
    if kind == "Contact":
        delete = params.get("action_name") == "delete"
        if delete:
            require_administrator(member)
        ids, add = _ids(params), [x for x in (_labels(params, "add") or []) if x.strip()]
        ctx.fake.jobs.enqueue(
            lambda: store.bulk_actions.contacts(account.id, member.user_id, ids, delete=delete, add=add)
        )
        return head_ok(ctx.response_headers)
    return json_response({"success": False}, 422, headers=ctx.response_headers)


routes = [
    Route("POST", "/api/v1/accounts/{account_id:int}/bulk_actions", create_bulk_action, "bulk_actions.create")
]
