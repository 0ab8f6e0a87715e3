"""/_fakewoot/webhooks/...: the delivery journal and the delivery script knobs, and
/_fakewoot/timeline: requests, /cable broadcasts and deliveries on one clock, each linked to the
request that caused it. Thin wrappers over FakeChatwoot.deliveries.

GET  /_fakewoot/webhooks                 the journal (?event=&kind=&state=&url=&target_id=&account_id=
                                         &cause=&data.<dotted.path>=<value>&body=0 to leave bodies out)
GET  /_fakewoot/webhooks/{id}            one delivery
POST /_fakewoot/webhooks/wait            {"event", "data": {path: value}, "timeout" (0..30 s, default 5),
                                         "count", ...}: the first matching finished delivery, or 408
                                         when none came
POST /_fakewoot/webhooks/faults          {"hold": bool, "delay": 0..60 s, "copies": 1..100,
                                         "drop_next": 0..1,000,000}; out of range: 422, nothing changes
POST /_fakewoot/webhooks/release         {"reverse": bool, "order": [journal ids]}: send what is held
POST /_fakewoot/webhooks/drop            drop what is held
POST /_fakewoot/webhooks/{id}/resend     {"new_delivery_id": bool}
POST /_fakewoot/webhooks/send            {"url", "payload", "secret", "event"}: a hand-made signed event
POST /_fakewoot/webhooks/webwidget_triggered  {"account_id", "contact_inbox_id", "event_info"}: a contact
                                         opened the web widget (Chatwoot's webwidget_triggered)
GET  /_fakewoot/timeline                 ?cause=request:<id> for one request's consequences
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_bool, to_float, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.deliveries.journal import Delivery
from fakewoot.deliveries.outbound import DeliveryTimeout
from fakewoot.dotted import MISSING, walk
from fakewoot.errors import ApiError, RailsDefault
from fakewoot.serializers._common import iso8601

FILTERS = ("event", "kind", "state", "url", "cause")
INT_FILTERS = ("target_id", "account_id")
WAIT_LIMIT = 30.0  # seconds a /wait may block (it runs off the serving loop)
MAX_COPIES = 100
MAX_DELAY = 60.0
MAX_DROP = 1_000_000


def _bad(message: str) -> ApiError:
    return ApiError({"error": message}, 422)


def _text(value: Any) -> str | None:
    if value is MISSING:
        return None
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _row(delivery: Delivery, with_body: bool = True) -> dict[str, Any]:
    row = delivery.as_json(with_body)
    row["created_at"] = iso8601(delivery.created_at)
    return row


async def list_deliveries(ctx: RequestContext) -> Response:
    q = ctx.request.query_params
    where: dict[str, Any] = {name: q.get(name) for name in FILTERS if q.get(name) is not None}
    where.update({name: to_int(q.get(name)) for name in INT_FILTERS if q.get(name) is not None})
    data = {k.removeprefix("data."): v for k, v in q.multi_items() if k.startswith("data.")}
    found = [
        d
        for d in ctx.fake.deliveries.find(**where)
        if not data or all(_text(walk(d.payload(), path)[0]) == value for path, value in data.items())
    ]
    with_body = q.get("body") not in ("0", "false")
    return json_response([_row(d, with_body) for d in found])


async def show_delivery(ctx: RequestContext) -> Response:
    found = ctx.fake.deliveries.journal.get(ctx.path_params["id"] or 0)
    if found is None:
        raise RailsDefault(404)
    return json_response(_row(found))


async def wait_delivery(ctx: RequestContext) -> Response:
    params = await ctx.params()
    data = params.get("data")
    if data is not None and not isinstance(data, dict):
        raise _bad("data must be an object of dotted paths to values")
    timeout = 5.0 if params.get("timeout") in (None, "") else to_float(params["timeout"])
    if timeout is None or not 0 <= timeout <= WAIT_LIMIT:
        raise _bad(f"timeout must be between 0 and {WAIT_LIMIT:g} seconds")
    count = to_int(params.get("count", 1))
    if count is None or count < 1:
        raise _bad("count must be at least 1")
    where: dict[str, Any] = {
        name: to_string(params.get(name)) for name in ("kind", "url", "state") if params.get(name)
    }
    event = to_string(params.get("event"))
    deliveries = ctx.fake.deliveries

    def wait() -> Delivery:
        return deliveries.wait_for(event, data, timeout=timeout, count=count, **where)

    try:
        found = await asyncio.to_thread(wait)
    except DeliveryTimeout as error:
        raise ApiError({"error": str(error)}, 408) from None
    return json_response(_row(found))


async def set_faults(ctx: RequestContext) -> Response:
    params = await ctx.params()
    dispatcher = ctx.fake.deliveries.dispatcher
    # every value is checked before any applies: a refused call changes nothing
    hold = bool(to_bool(params["hold"])) if "hold" in params else None
    delay = copies = None
    if "delay" in params:
        delay = to_float(params["delay"])
        if delay is None or not 0 <= delay <= MAX_DELAY:
            raise _bad(f"delay must be between 0 and {MAX_DELAY:g} seconds")
    if "copies" in params:
        copies = to_int(params["copies"])
        if copies is None or not 1 <= copies <= MAX_COPIES:
            raise _bad(f"copies must be between 1 and {MAX_COPIES}")
    drop = None
    if "drop_next" in params:
        drop = to_int(params["drop_next"])
        if drop is None or not 0 <= drop <= MAX_DROP:
            raise _bad(f"drop_next must be a whole number between 0 and {MAX_DROP}")
    if hold is not None:
        dispatcher.hold = hold
    if delay is not None:
        dispatcher.delay = delay
    if copies is not None:
        dispatcher.copies = copies
    if drop is not None:
        dispatcher.drop_next = drop
    state = {
        "hold": dispatcher.hold,
        "delay": dispatcher.delay,
        "copies": dispatcher.copies,
        "drop_next": dispatcher.drop_next,
        "held": len(dispatcher.held),
    }
    return json_response(state)


async def release(ctx: RequestContext) -> Response:
    params = await ctx.params()
    order = params.get("order")
    if order is not None and (
        not isinstance(order, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in order)
    ):
        raise _bad("order must be a list of delivery ids")
    released = ctx.fake.deliveries.release(reverse=bool(to_bool(params.get("reverse"))), order=order)
    return json_response({"released": released})


async def drop(ctx: RequestContext) -> Response:
    return json_response({"dropped": ctx.fake.deliveries.drop_held()})


async def resend(ctx: RequestContext) -> Response:
    params = await ctx.params()
    copy = ctx.fake.deliveries.resend(
        ctx.path_params["id"] or 0, new_delivery_id=bool(to_bool(params.get("new_delivery_id")))
    )
    if copy is None:
        raise RailsDefault(404)
    return json_response(_row(copy))


async def send(ctx: RequestContext) -> Response:
    params = await ctx.params()
    url = params.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise _bad("url (an http or https URL) is required")
    if "payload" not in params:
        raise _bad("payload (the JSON to send) is required")
    secret = params.get("secret")
    if secret is not None and not isinstance(secret, str):
        raise _bad("secret must be a string")
    event = params.get("event")
    if event is not None and not isinstance(event, str):
        raise _bad("event must be a string")
    delivery = ctx.fake.deliveries.send(url, params["payload"], secret=secret, event=event)
    return json_response(_row(delivery))


async def webwidget_triggered(ctx: RequestContext) -> Response:
    """What the web widget's events endpoint does when a contact opens it: webwidget_triggered to
    the account's webhooks, the API inbox callback and the inbox's bot."""
    params = await ctx.params()
    account_id = to_int(params.get("account_id"))
    record_id = to_int(params.get("contact_inbox_id"))
    event_info = params.get("event_info", {})
    if not isinstance(event_info, dict):
        raise _bad("event_info must be an object")
    account = None if account_id is None else ctx.store.accounts.get(account_id)
    record = None if account is None or record_id is None else account.contact_inboxes.get(record_id)
    if record is None:
        raise _bad("account_id and contact_inbox_id must name an existing contact inbox")
    ctx.store.contact_inboxes.widget_triggered(record, event_info)
    return json_response({"triggered": record.id})


async def timeline(ctx: RequestContext) -> Response:
    cause = ctx.request.query_params.get("cause")
    return json_response(ctx.fake.timeline(cause))


B = "/_fakewoot/webhooks"
routes = [
    Route("GET", B, list_deliveries, "fakewoot.webhooks.index"),
    Route("POST", B + "/wait", wait_delivery, "fakewoot.webhooks.wait"),
    Route("POST", B + "/faults", set_faults, "fakewoot.webhooks.faults"),
    Route("POST", B + "/release", release, "fakewoot.webhooks.release"),
    Route("POST", B + "/drop", drop, "fakewoot.webhooks.drop"),
    Route("POST", B + "/send", send, "fakewoot.webhooks.send"),
    Route("POST", B + "/webwidget_triggered", webwidget_triggered, "fakewoot.webhooks.webwidget_triggered"),
    Route("GET", B + "/{id:int}", show_delivery, "fakewoot.webhooks.show"),
    Route("POST", B + "/{id:int}/resend", resend, "fakewoot.webhooks.resend"),
    Route("GET", "/_fakewoot/timeline", timeline, "fakewoot.timeline"),
]
