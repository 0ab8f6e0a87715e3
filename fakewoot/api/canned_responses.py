"""/api/v1/accounts/:account_id/canned_responses: index (with `search`), create, update, destroy.

Source at v4.10: app/controllers/api/v1/accounts/canned_responses_controller.rb (no policy: every
member of the account, agents included, may write them; no show route, so GET .../:id is Rails' 404),
app/models/canned_response.rb, config/routes.rb. Bodies are `render json:` of the records.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.canned_responses import canned_response_json
from fakewoot.store.canned_responses import CannedResponse


async def _values(ctx: RequestContext) -> dict[str, str | None]:
    """params.require(:canned_response).permit(:short_code, :content) (a flat JSON body is wrapped)."""
    raw = permit(await ctx.require("canned_response"), "short_code", "content")
    return {key: to_string(value) for key, value in raw.items()}


def _record(ctx: RequestContext, account_id: int) -> CannedResponse:
    return find_or_404(ctx.store.canned_responses.get(account_id, ctx.path_params["id"]))


async def list_canned_responses(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    params = await ctx.params()
    search: Any = params.get("search")
    store = ctx.store.canned_responses
    if search is None:
        found = store.of(account.id)
    elif isinstance(search, (dict, list)):
        found = []  # interpolated as a Ruby hash or array's text, which no code or content holds
    else:
        found = store.search(account.id, to_string(search) or "")
    return json_response([canned_response_json(c) for c in found], headers=ctx.response_headers)


async def create_canned_response(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    values = await _values(ctx)
    record = ctx.store.canned_responses.create(
        account.id, short_code=values.get("short_code"), content=values.get("content")
    )
    return json_response(canned_response_json(record), headers=ctx.response_headers)


async def update_canned_response(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    record = _record(ctx, account.id)  # fetch_canned_response runs before the params are read
    ctx.store.canned_responses.update(record, await _values(ctx))
    return json_response(canned_response_json(record), headers=ctx.response_headers)


async def delete_canned_response(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    ctx.store.canned_responses.delete(_record(ctx, account.id))
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/canned_responses"
routes = [
    Route("GET", _BASE, list_canned_responses, "canned_responses.index"),
    Route("POST", _BASE, create_canned_response, "canned_responses.create"),
    Route("PATCH", _BASE + "/{id:int}", update_canned_response, "canned_responses.update"),
    Route("PUT", _BASE + "/{id:int}", update_canned_response, "canned_responses.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_canned_response, "canned_responses.destroy"),
]
