"""The console: a static page (fakewoot/console/) served at /_fakewoot/, and the small reads it polls.

GET /_fakewoot/               the console page;  GET /_fakewoot/console/{file}: its CSS and JS
GET /_fakewoot/console/status clock, faults, snapshots, /cable and delivery knobs, journal size, in one read
GET /_fakewoot/console/feed   what happened since the last read: ?request=<id>&frame=<cursor>&delivery=<id>
                              (&control=1 to keep control API calls, &pings=1 to keep /cable pings);
                              a delivery under way comes again in every read until it is done
GET /_fakewoot/console/scenarios  the built-in scenario files, by name

The page and its files are not control routes (a browser loads them without the control token; the
page asks for the token and sends it on every call); the reads are, like every /_fakewoot route. The
page itself only calls the control API and adds no power of its own. `/` and Chatwoot's dashboard
paths send a browser here (fakewoot/api/dashboard.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fakewoot.admin.guard import is_control
from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_int
from fakewoot.api.responses import VERSION_HEADER, Response, json_response
from fakewoot.api.routing import Route
from fakewoot.clock import FrozenClock
from fakewoot.errors import RouteNotFound
from fakewoot.journal import Entry
from fakewoot.serializers._common import iso8601
from fakewoot.version import __version__

CONSOLE_DIR = Path(__file__).resolve().parent.parent / "console"
PAGE = "index.html"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
FEED_LIMIT = 200  # rows of each kind one read returns at most (the newest when more came)
PING_START = '{"type":"ping"'  # how every ActionCable ping frame begins (cable/protocol.py)
CONSOLE_ROUTE_PREFIX = "console."
_VERSION = (VERSION_HEADER.encode(), __version__.encode())


def _file(name: str) -> Response:
    """A file of the console folder with its content type; 404 for anything else."""
    suffix = name.rpartition(".")[2]
    if f".{suffix}" not in CONTENT_TYPES or name not in os.listdir(CONSOLE_DIR):  # names, not paths
        raise RouteNotFound()
    path = CONSOLE_DIR / name
    response = Response(path.read_bytes())
    response.raw_headers = [
        (b"content-type", CONTENT_TYPES[f".{suffix}"].encode()),
        (b"content-length", str(len(response.body)).encode()),
        (b"cache-control", b"no-cache"),
        (b"x-content-type-options", b"nosniff"),
        _VERSION,
    ]
    return response


async def page(ctx: RequestContext) -> Response:
    return _file(PAGE)


async def asset(ctx: RequestContext) -> Response:
    return _file(ctx.path_params["name"])


async def status(ctx: RequestContext) -> Response:
    fake = ctx.fake
    hub, dispatcher = fake.hub, fake.deliveries.dispatcher
    body = {
        "version": __version__,
        "fixtures": None if fake.fixtures is None else str(fake.fixtures),
        "clock": {"now": iso8601(fake.clock.now()), "frozen": isinstance(fake.clock, FrozenClock)},
        "faults": [
            {
                "method": f.method,
                "path": f.path,
                "times": f.times,
                "status": f.status,
                "latency": f.latency,
                "drop": f.drop,
            }
            for f in fake.faults.active
        ],
        "snapshots": sorted(fake.named_snapshots),
        "cable": {
            "connections": len(hub.connections),
            "hold": hub.hold,
            "delay": hub.delay,
            "copies": hub.copies,
            "pings": fake.cable_pings,
            "held": len(hub.held),
        },
        "webhooks": {
            "hold": dispatcher.hold,
            "delay": dispatcher.delay,
            "copies": dispatcher.copies,
            "drop_next": dispatcher.drop_next,
            "held": len(dispatcher.held),
        },
        "journal": {"requests": len(fake.journal.entries), "dropped": fake.journal.dropped},
    }
    return json_response(body)


def _since(rows: list[Any], newer: Any) -> list[Any]:
    """The rows after the last one not `newer`, oldest first, at most FEED_LIMIT (the newest)."""
    found = []
    for row in reversed(rows):
        if not newer(row):
            break
        found.append(row)
    found.reverse()
    return found[-FEED_LIMIT:]


def _frame_cursor(frame: tuple[Any, ...] | None) -> str | None:
    """An opaque cursor naming a frame while the journal holds it (the tuple's identity)."""
    return None if frame is None else str(id(frame))


async def feed(ctx: RequestContext) -> Response:
    """Requests, /cable frames and deliveries since the cursors the last read returned; a cursor
    the fake no longer knows (after a reset) starts over with the newest rows."""
    q = ctx.request.query_params
    fake = ctx.fake
    with_control, with_pings = q.get("control") == "1", q.get("pings") == "1"
    # copies, read once: other threads (deliveries, the hub) may append meanwhile
    entries = list(fake.journal.entries)
    frames = list(fake.frames)
    journal = list(fake.deliveries.journal.entries)
    after = to_int(q.get("request")) or 0
    if entries and entries[-1].id < after:  # the journal was cleared since: start over
        after = 0
    requests = _since(entries, lambda e: e.id > after)
    cursor = q.get("frame")
    new_frames = _since(frames, lambda f: str(id(f)) != cursor) if cursor else frames[-FEED_LIMIT:]
    delivered = to_int(q.get("delivery")) or 0
    if journal and journal[-1].id < delivered:
        delivered = 0
    recent = journal[-FEED_LIMIT:]
    deliveries = [d for d in recent if d.id > delivered]
    # the cursor stays before the oldest delivery still under way: it comes again until it is done
    under_way = [d.id for d in recent if not d.done]
    body = {
        "requests": [
            request_row(e) for e in requests if with_control or e.route is None or not _own(e.route)
        ],
        "frames": [
            {"at": iso8601(at), "direction": direction, "connection_id": cid, "frame": frame}
            for at, direction, cid, frame in new_frames
            if with_pings or not frame.startswith(PING_START)
        ],
        "deliveries": [
            {
                "id": d.id,
                "at": iso8601(d.created_at),
                "event": d.event,
                "kind": d.kind,
                "url": d.url,
                "state": d.state,
                "status": d.status,
                "error": d.error,
                "cause": d.cause,
            }
            for d in deliveries
        ],
        "cursor": {
            "request": entries[-1].id if entries else 0,
            "frame": _frame_cursor(frames[-1] if frames else None),
            "delivery": min(under_way) - 1 if under_way else (journal[-1].id if journal else 0),
        },
    }
    return json_response(body)


def request_row(entry: Entry) -> dict[str, Any]:
    """A journal entry as the console's timeline and GET /_fakewoot/requests show it."""
    return {
        "id": entry.id,
        "at": iso8601(entry.at),
        "method": entry.method,
        "path": entry.path,
        "query": entry.query,
        "route": entry.route,
        "status": entry.status,
        "account_id": entry.account_id,
    }


def _own(route: str) -> bool:
    """The control API and the console's own files: what the console's polling makes."""
    return is_control(route) or route.startswith(CONSOLE_ROUTE_PREFIX)


async def scenarios(ctx: RequestContext) -> Response:
    from fakewoot.settings import DEFAULT_FIXTURES

    folder = DEFAULT_FIXTURES.parent / "scenarios"
    names = sorted(path.stem for path in folder.glob("*.yaml"))
    return json_response({"scenarios": names})


C = "/_fakewoot/console"
routes = [
    Route("GET", "/_fakewoot", page, "console.page"),
    Route("GET", C + "/status", status, "fakewoot.console.status"),
    Route("GET", C + "/feed", feed, "fakewoot.console.feed"),
    Route("GET", C + "/scenarios", scenarios, "fakewoot.console.scenarios"),
    Route("GET", C + "/{name}", asset, "console.asset"),
]
