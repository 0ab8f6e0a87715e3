"""/_fakewoot/cable/...: the scriptable emitter over HTTP (thin wrappers over FakeChatwoot and its hub).

POST /_fakewoot/cable/emit        {"event", "data", "to": token | account id | null}
POST /_fakewoot/cable/raw         {"frame": "<any text>", "connection_id": optional}
POST /_fakewoot/cable/disconnect  {"reason": "server_restart", "reconnect": true, "frame": true}
POST /_fakewoot/cable/faults      {"hold": bool, "delay": 0..60 seconds, "copies": 1..100, "pings": bool}
POST /_fakewoot/cable/release     {"reverse": bool}
GET  /_fakewoot/cable/frames      the frame journal: [{at, direction, connection_id, frame}]
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_bool, to_float, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError

MAX_DELAY = 60.0  # seconds every broadcast may be held back
MAX_COPIES = 100


def _bad(message: str) -> ApiError:
    return ApiError({"error": message}, 422)


async def emit(ctx: RequestContext) -> Response:
    params = await ctx.params()
    event, data, to = params.get("event"), params.get("data", {}), params.get("to")
    if not isinstance(event, str) or not isinstance(data, dict):
        raise _bad("event (a string) and data (an object) are required")
    target: str | int | None = to if isinstance(to, (str, int)) and not isinstance(to, bool) else None
    ctx.fake.emit(event, data, to=target)
    return json_response({"emitted": event})


async def raw(ctx: RequestContext) -> Response:
    params = await ctx.params()
    frame = params.get("frame")
    if not isinstance(frame, str):
        raise _bad("frame (a string) is required")
    ctx.fake.send_raw(frame, connection_id=to_int(params.get("connection_id")))
    return json_response({"sent": True})


async def disconnect(ctx: RequestContext) -> Response:
    params = await ctx.params()
    reconnect = to_bool(params.get("reconnect"))
    with_frame = to_bool(params.get("frame"))
    ctx.fake.disconnect_all(
        to_string(params.get("reason")) or "server_restart",
        True if reconnect is None else reconnect,
        True if with_frame is None else with_frame,
    )
    return json_response({"disconnected": len(ctx.fake.hub.connections)})


async def faults(ctx: RequestContext) -> Response:
    """Every value is checked before any applies: a refused call changes nothing."""
    params = await ctx.params()
    hub = ctx.fake.hub
    delay = copies = None
    if "delay" in params:
        delay = to_float(params["delay"]) if params["delay"] is not None else 0.0
        if delay is None or not 0 <= delay <= MAX_DELAY:
            raise _bad(f"delay must be between 0 and {MAX_DELAY:g} seconds")
    if "copies" in params:
        copies = to_int(params["copies"]) if params["copies"] is not None else 1
        if copies is None or not 1 <= copies <= MAX_COPIES:
            raise _bad(f"copies must be between 1 and {MAX_COPIES}")
    if "hold" in params:
        hub.hold = bool(to_bool(params["hold"]))
    if delay is not None:
        hub.delay = delay
    if copies is not None:
        hub.copies = copies
    if "pings" in params:
        ctx.fake.cable_pings = bool(to_bool(params["pings"]))
    state: dict[str, Any] = {
        "hold": hub.hold,
        "delay": hub.delay,
        "copies": hub.copies,
        "pings": ctx.fake.cable_pings,
        "held": len(hub.held),
    }
    return json_response(state)


async def release(ctx: RequestContext) -> Response:
    params = await ctx.params()
    released = ctx.fake.hub.release(reverse=bool(to_bool(params.get("reverse"))))
    return json_response({"released": released})


async def frames(ctx: RequestContext) -> Response:
    rows = [
        {"at": at, "direction": direction, "connection_id": cid, "frame": frame}
        for at, direction, cid, frame in list(ctx.fake.frames)
    ]
    return json_response(rows)


B = "/_fakewoot/cable"
routes = [
    Route("POST", B + "/emit", emit, "fakewoot.cable.emit"),
    Route("POST", B + "/raw", raw, "fakewoot.cable.raw"),
    Route("POST", B + "/disconnect", disconnect, "fakewoot.cable.disconnect"),
    Route("POST", B + "/faults", faults, "fakewoot.cable.faults"),
    Route("POST", B + "/release", release, "fakewoot.cable.release"),
    Route("GET", B + "/frames", frames, "fakewoot.cable.frames"),
]
