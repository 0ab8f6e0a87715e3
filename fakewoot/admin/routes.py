"""/_fakewoot: the control API, thin wrappers over FakeChatwoot (the same verbs as in Python).

GET  /_fakewoot/health                    {"status": "ok", "version"}
GET  /_fakewoot/state                     the whole state as JSON (admin/dump.py)
POST /_fakewoot/reset                     back to the seeded state
POST /_fakewoot/snapshots/{name}          save the state under a name
POST /_fakewoot/snapshots/{name}/restore  restore it (404 for an unknown name)
POST /_fakewoot/load                      {"fixtures": "<folder>"}: another fixture set, the new seed
GET  /_fakewoot/requests                  the request journal (?method=&path=&status=&account_id=&route=
                                          &body.<field.path>=<value>&header.<name>=<value>)
GET  /_fakewoot/outbox                    the emails Chatwoot would have sent (?to=)
POST /_fakewoot/faults                    {method, path glob, status (100..599), body, latency (0..60 s),
                                          drop, times (-1 or 1..1,000,000)}
DELETE /_fakewoot/faults                  remove every fault
GET  /_fakewoot/clock                     {"now", "frozen"}
POST /_fakewoot/clock                     {"freeze": <iso/unix>} | {"advance": seconds} | {"unfreeze": true}
                                          (the clock stays within 1970..9999)

Values out of range answer 422 {"error": "<message>"} and change nothing.
"""

from __future__ import annotations

import math
from typing import Any

import orjson

from fakewoot.admin.browse import routes as browse_routes
from fakewoot.admin.console import request_row
from fakewoot.admin.console import routes as console_routes
from fakewoot.admin.dump import routes as dump_routes
from fakewoot.admin.guard import allowed_path
from fakewoot.admin.state_file import routes as state_file_routes
from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_float, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.clock import FrozenClock, SystemClock, to_epoch
from fakewoot.dotted import MISSING, walk
from fakewoot.errors import ApiError, RailsDefault
from fakewoot.serializers._common import iso8601
from fakewoot.serializers.mails import mail_json
from fakewoot.store.ranges import TIME_MAX
from fakewoot.version import __version__

CLOCK_MIN = 0.0  # 1970-01-01T00:00:00Z
CLOCK_MAX = TIME_MAX  # 9999-12-31T23:59:59Z: what every timestamp the store writes can still be
MAX_LATENCY = 60.0
MAX_TIMES = 1_000_000
MSG_FREEZE = "freeze takes an ISO-8601 time or Unix seconds between 1970-01-01 and 9999-12-31"
MSG_ADVANCE = "advance takes a number of seconds, not negative, that keeps the clock before year 10000"
MSG_STATUS = "status must be an HTTP status between 100 and 599"
MSG_LATENCY = f"latency must be between 0 and {MAX_LATENCY:g} seconds"
MSG_TIMES = f"times must be -1 (until removed) or between 1 and {MAX_TIMES}"


def _bad(message: str) -> ApiError:
    return ApiError({"error": message}, 422)


async def health(ctx: RequestContext) -> Response:
    return json_response({"status": "ok", "version": __version__})


async def reset(ctx: RequestContext) -> Response:
    ctx.fake.reset()
    return json_response({"reset": True})


async def save_snapshot(ctx: RequestContext) -> Response:
    ctx.fake.named_snapshots[ctx.path_params["name"]] = ctx.fake.snapshot()
    return json_response({"saved": ctx.path_params["name"]})


async def restore_snapshot(ctx: RequestContext) -> Response:
    snapshot = ctx.fake.named_snapshots.get(ctx.path_params["name"])
    if snapshot is None:
        raise RailsDefault(404)
    ctx.fake.restore(snapshot)
    return json_response({"restored": ctx.path_params["name"]})


async def load(ctx: RequestContext) -> Response:
    from fakewoot.seeding import FixtureError

    folder = (await ctx.params()).get("fixtures")
    if not isinstance(folder, str) or not folder:
        raise ApiError({"error": "fixtures (a folder path) is required"}, 422)
    try:
        path = allowed_path(ctx.fake.settings, folder, "load")
        ctx.fake.load(path)  # all or nothing: a bad set changes nothing
    except (FixtureError, ValueError) as error:
        raise ApiError({"error": str(error)}, 422) from None
    except OSError as error:  # a name the file system refuses (too long, ...): nothing was read
        raise ApiError({"error": f"cannot read {folder[:200]!r}: {error.strerror}"}, 422) from None
    return json_response({"loaded": folder})


async def list_requests(ctx: RequestContext) -> Response:
    q = ctx.request.query_params
    body = {k.removeprefix("body."): v for k, v in q.multi_items() if k.startswith("body.")}
    headers = {k.removeprefix("header.").lower(): v for k, v in q.multi_items() if k.startswith("header.")}
    entries = [
        e
        for e in ctx.fake.journal.requests(
            q.get("method"),
            q.get("path"),
            route=q.get("route"),
            status=to_int(q.get("status")),
            account_id=to_int(q.get("account_id")),
        )
        if all(_as_text(walk(e.params, key)[0]) == value for key, value in body.items())
        and all(e.headers.get(name) == value for name, value in headers.items())
    ]
    rows = [{**request_row(e), "params": e.params, "headers": e.headers} for e in entries]
    return json_response(rows)


def _as_text(value: Any) -> str | None:
    """A body value as a query string would spell it: strings as is, other values as JSON."""
    if value is MISSING:
        return None
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


async def list_outbox(ctx: RequestContext) -> Response:
    to = ctx.request.query_params.get("to")
    return json_response({"payload": [mail_json(mail) for mail in ctx.store.mailer.outbox(to=to)]})


def _clock_state(ctx: RequestContext) -> dict[str, Any]:
    return {"now": iso8601(ctx.fake.clock.now()), "frozen": isinstance(ctx.fake.clock, FrozenClock)}


async def show_clock(ctx: RequestContext) -> Response:
    return json_response(_clock_state(ctx))


def _freeze_at(value: Any) -> float:
    """The moment a freeze asks for, within 1970..9999, else a 422 (nothing changes)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _bad(MSG_FREEZE)
    try:
        moment = to_epoch(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise _bad(f"cannot read that time: {error}") from None
    if not (math.isfinite(moment) and CLOCK_MIN <= moment <= CLOCK_MAX):
        raise _bad(MSG_FREEZE)
    return moment


async def set_clock(ctx: RequestContext) -> Response:
    """Every part is checked before any applies: a refused call leaves the clock as it was."""
    params = await ctx.params()
    fake = ctx.fake
    freeze = _freeze_at(params["freeze"]) if params.get("freeze") is not None else None
    unfreeze = bool(params.get("unfreeze"))
    seconds = None
    if params.get("advance") is not None:
        seconds = to_float(params["advance"])
        if seconds is None or seconds < 0:
            raise _bad(MSG_ADVANCE)
        # applied in this order: freeze, unfreeze, advance
        frozen = not unfreeze and (freeze is not None or isinstance(fake.clock, FrozenClock))
        if not frozen:
            raise _bad("advance() needs a FrozenClock: FakeChatwoot(clock=FrozenClock(...))")
        start = freeze if freeze is not None else fake.clock.now()
        if start + seconds > CLOCK_MAX:
            raise _bad(MSG_ADVANCE)
    if freeze is not None:
        fake.set_clock(FrozenClock(freeze))
    if unfreeze:
        fake.set_clock(SystemClock())
    if seconds is not None:
        fake.advance(seconds)
    return json_response(_clock_state(ctx))


async def add_fault(ctx: RequestContext) -> Response:
    """Every value is checked before the fault is added: a refused call adds nothing."""
    params = await ctx.params()
    method, path = to_string(params.get("method")) or "*", to_string(params.get("path"))
    if not path:
        raise _bad("path (a glob such as /api/v1/accounts/1/contacts*) is required")
    status = None
    if params.get("status") is not None:
        status = to_int(params.get("status"))
        if status is None or not 100 <= status <= 599:
            raise _bad(MSG_STATUS)
    latency = to_float(params.get("latency")) if params.get("latency") is not None else 0.0
    if latency is None or not 0 <= latency <= MAX_LATENCY:
        raise _bad(MSG_LATENCY)
    times = to_int(params.get("times")) or 1
    if not (times == -1 or 1 <= times <= MAX_TIMES):
        raise _bad(MSG_TIMES)
    fault = ctx.fake.fault(
        method,
        path,
        status=status,
        body=params.get("body"),
        latency=latency,
        drop=bool(params.get("drop")),
        times=times,
    )
    return json_response({"method": fault.method, "path": fault.path, "times": fault.times})


async def clear_faults(ctx: RequestContext) -> Response:
    ctx.fake.faults.clear()
    return json_response({"cleared": True})


routes = [
    *dump_routes,
    *state_file_routes,
    *browse_routes,
    *console_routes,
    Route("POST", "/_fakewoot/faults", add_fault, "fakewoot.faults.create"),
    Route("DELETE", "/_fakewoot/faults", clear_faults, "fakewoot.faults.destroy"),
    Route("GET", "/_fakewoot/health", health, "fakewoot.health"),
    Route("POST", "/_fakewoot/reset", reset, "fakewoot.reset"),
    Route("POST", "/_fakewoot/snapshots/{name}", save_snapshot, "fakewoot.snapshots.save"),
    Route("POST", "/_fakewoot/snapshots/{name}/restore", restore_snapshot, "fakewoot.snapshots.restore"),
    Route("POST", "/_fakewoot/load", load, "fakewoot.load"),
    Route("GET", "/_fakewoot/requests", list_requests, "fakewoot.requests"),
    Route("GET", "/_fakewoot/outbox", list_outbox, "fakewoot.outbox"),
    Route("GET", "/_fakewoot/clock", show_clock, "fakewoot.clock.show"),
    Route("POST", "/_fakewoot/clock", set_clock, "fakewoot.clock.set"),
]
