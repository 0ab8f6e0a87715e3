"""POST /api/v1/accounts/:account_id/captain/bulk_actions as the unlicensed standard image answers it at
v4.10 (e13e3c87): enterprise/app/controllers/api/v1/accounts/captain/bulk_actions_controller.rb (the
Captain::Assistant policy's create?: administrators; `type`, `ids` and `fields` all present, else 422
`{"success": false}`; `type` must be AssistantResponse, else the same), views/.../bulk_actions/
create.json.jbuilder (an array of FAQs). `fields` that is not an object is a 500 upstream
(`params[:fields][:status]` on a string): a 422 `{"success": false}` here.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.captain_assistants import assistant_response_json
from fakewoot.store.validation import present

MODEL_TYPES = ("AssistantResponse",)


def _ids(raw: Any) -> list[int]:
    """`where(id: params[:ids])`: one id or a list of them."""
    values = raw if isinstance(raw, list) else [raw]
    found = (None if isinstance(v, (dict, list)) else to_int(v) for v in values)
    return [i for i in found if i is not None]


async def create_captain_bulk_action(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    params = await ctx.params()
    kind, ids, fields = params.get("type"), params.get("ids"), params.get("fields")
    refused = json_response({"success": False}, 422, headers=ctx.response_headers)
    if not (present(kind) and present(ids) and present(fields)) or kind not in MODEL_TYPES:
        return refused
    if not isinstance(fields, dict):
        return refused
    responses = ctx.store.captain_responses.bulk(account.id, _ids(ids), fields.get("status"))
    body = [assistant_response_json(ctx.store, r) for r in responses]
    return json_response(body, headers=ctx.response_headers)


routes = [
    Route(
        "POST",
        "/api/v1/accounts/{account_id:int}/captain/bulk_actions",
        create_captain_bulk_action,
        "captain/bulk_actions.create",
    )
]
