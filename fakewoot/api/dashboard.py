"""Chatwoot's dashboard routes (config/routes.rb at v4.10: `root to: 'dashboard#index'`,
`get '/app'`, `get '/app/*params'`): fakewoot has no Vue dashboard, so a browser is sent to the
console (/_fakewoot/) with a 302 where Chatwoot renders its app (200 HTML).

- `/app` and everything below it: a JSON request (DashboardController#ensure_html_format:
  `request.format.json?`, from a `.json` path or the Accept header as Rails negotiates it) is
  406 {"error": "Please use API routes instead of dashboard routes for JSON requests"}; any other
  request is sent to the console.
- `/`: a browser (Accept with text/html) is sent to the console; every other request keeps the
  Rails 404 fakewoot has always answered there (Chatwoot answers JSON with the 406 above; API
  clients probing `/` for liveness rely on the 404).
"""

from __future__ import annotations

import re

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import VERSION_HEADER, Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import RouteNotFound
from fakewoot.version import __version__

CONSOLE_URL = "/_fakewoot/"
MSG_DASHBOARD_JSON = "Please use API routes instead of dashboard routes for JSON requests"
JSON_TYPES = frozenset({"application/json", "text/x-json", "application/jsonrequest"})  # Mime[:json]
# ActionDispatch::Http::MimeNegotiation::BROWSER_LIKE_ACCEPTS: such an Accept means "HTML"
BROWSER_LIKE_ACCEPTS = re.compile(r",\s*\*/\*|\*/\*\s*,")
APP_DEPTH = 16  # segments below /app a route is registered for (`/app/*params` in Rails)


def _first_accepted(accept: str) -> str:
    """The media type Rails puts first: the highest q, the earliest on a tie."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, index, media.lower()))
    return min(ranked)[2] if ranked else ""


def wants_json(path: str, accept: str) -> bool:
    """`request.format.json?` as Rails decides it: the path's format, else a non-browser Accept."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if "." in last:
        return last.rsplit(".", 1)[1].lower() == "json"
    if not accept.strip() or BROWSER_LIKE_ACCEPTS.search(accept):
        return False
    return _first_accepted(accept) in JSON_TYPES


def to_console() -> Response:
    response = Response(b"", 302)
    response.raw_headers = [
        (b"location", CONSOLE_URL.encode()),
        (b"content-length", b"0"),
        (VERSION_HEADER.encode(), __version__.encode()),
    ]
    return response


async def root(ctx: RequestContext) -> Response:
    if "text/html" not in ctx.request.headers.get("accept", ""):
        raise RouteNotFound()
    return to_console()


async def app(ctx: RequestContext) -> Response:
    if wants_json(ctx.request.url.path, ctx.request.headers.get("accept", "")):
        return json_response({"error": MSG_DASHBOARD_JSON}, 406)
    return to_console()


routes = [
    Route("GET", "/", root, "dashboard.index"),
    *(
        Route("GET", "/app" + "".join(f"/{{p{i}}}" for i in range(depth)), app, "dashboard.index")
        for depth in range(APP_DEPTH + 1)
    ),
]
