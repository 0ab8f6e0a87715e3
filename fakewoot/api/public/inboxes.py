"""GET /public/api/v1/inboxes/:inbox_identifier: the API inbox's public face.

Source at v4.10: app/controllers/public/api/v1/inboxes_controller.rb#show,
app/views/public/api/v1/inboxes/show.json.jbuilder, public/api/v1/models/_inbox.json.jbuilder."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.public.lookups import BASE, api_inbox
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.public import public_inbox_json


async def show_inbox(ctx: RequestContext) -> Response:
    return json_response(public_inbox_json(api_inbox(ctx, "id")), headers=ctx.response_headers)


routes = [Route("GET", BASE + "/{id}", show_inbox, "public/api/v1/inboxes.show")]
