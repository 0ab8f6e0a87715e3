"""/_fakewoot: the control API, thin wrappers over FakeChatwoot (more verbs come with the plugin issue)."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.mails import mail_json


async def reset(ctx: RequestContext) -> Response:
    ctx.fake.reset()
    return json_response({"reset": True})


async def list_outbox(ctx: RequestContext) -> Response:
    to = ctx.request.query_params.get("to")
    return json_response({"payload": [mail_json(mail) for mail in ctx.store.mailer.outbox(to=to)]})


routes = [
    Route("POST", "/_fakewoot/reset", reset, "fakewoot.reset"),
    Route("GET", "/_fakewoot/outbox", list_outbox, "fakewoot.outbox"),
]
