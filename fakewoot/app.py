"""create_app(fake): one ASGI callable for the API (and, later, /cable and the admin API).

HTTP dispatch goes through the segment router (fakewoot.api.routing); every error is rendered by
errors.render_error; an exception inside a handler becomes Rails' 500 body and is kept on the
fake (`fake.server_errors`) so the pytest plugin can re-raise it in the user's test.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from fakewoot.admin.guard import is_control, normalise_path, refusal
from fakewoot.api import build_router
from fakewoot.api.context import RequestContext
from fakewoot.api.responses import json_response
from fakewoot.cable.endpoint import cable
from fakewoot.cors import CorsPolicy
from fakewoot.errors import (
    ApiError,
    PayloadTooLarge,
    RailsDefault,
    RouteNotFound,
    render_error,
)
from fakewoot.journal import Entry

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

log = logging.getLogger("fakewoot")
CABLE_PATH = "/cable"


CONTROL_PREFIX = "/_fakewoot/"
CONTROL_HEALTH = "/_fakewoot/health"


class FakewootApp:
    def __init__(self, fake: FakeChatwoot) -> None:
        self.fake = fake
        self.router = build_router()
        self._cors_policy: CorsPolicy | None = None
        self._cors_mode = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await _lifespan(receive, send)
        elif kind == "websocket":
            if scope["path"].rstrip("/") == CABLE_PATH:
                await cable(self.fake, scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1000})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        path = normalise_path(scope["path"])  # once: every decision below sees this path
        fake = self.fake
        found = self.router.match(method, path)
        control = found is not None and is_control(found[0].name)
        if not control and fake.faults.active and await self._fault(method, path, scope, receive, send):
            return
        limit = fake.settings.max_body_bytes
        request = Request(scope, _limited(receive, limit))
        origin = _origin(scope)
        if origin is not None:
            cors = self._cors()
            if method == "OPTIONS":
                preflight = cors.preflight(path, request.headers)
                if preflight is not None:  # rack-cors answers an allowed preflight itself
                    await send({"type": "http.response.start", "status": 200, "headers": preflight})
                    await send({"type": "http.response.body", "body": b""})
                    return
        if control:
            assert found is not None
            refused = refusal(fake.settings, found[0].name, method, request)
            if refused is not None:
                await json_response({"error": refused[1]}, refused[0])(scope, receive, send)
                return
        route_name = None
        ctx: RequestContext | None = None
        if fake.loop is None or fake.loop.is_closed():
            fake.loop = asyncio.get_running_loop()
        request_id = fake.journal.next_id()
        started = fake.clock.now()  # a request stands on the timeline where it began
        cause = fake.cause.set(f"request:{request_id}")
        try:
            if found is None:
                raise RouteNotFound()
            if _declared_length(scope) > limit:
                raise PayloadTooLarge(limit)
            route, path_params = found
            route_name = route.name
            ctx = RequestContext(self.fake, request, path_params, route.name)
            # Rails parses the body on the first `params` access, which every controller makes
            # before authenticating (switch_locale reads params[:locale]): a malformed body is a 400
            # before any 401.
            await ctx.params()
            self.fake.tick()
            response = await route.handler(ctx)
        except ApiError as error:
            status, body = render_error(error)
            response = json_response(body, status)
        except Exception as exc:  # a bug in fakewoot: Rails' 500, kept for the test that caused it
            log.exception("fakewoot: error while serving %s %s", method, path)
            self.fake.server_errors.append(exc)
            status, body = render_error(RailsDefault(500))
            response = json_response(body, status)
        self.fake.journal.record(
            Entry(
                at=started,
                method=method,
                path=path,
                route=route_name,
                status=response.status_code,
                query=scope.get("query_string", b"").decode("latin-1"),
                params=ctx.body if ctx is not None else {},
                headers={k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])},
                account_id=ctx.path_params.get("account_id") if ctx is not None else None,
                id=request_id,
            )
        )
        if origin is not None:
            response.raw_headers.extend(self._cors().response_headers(path, request.headers))
        try:
            await response(scope, receive, send)
            if fake.jobs:
                fake.run_jobs()
        finally:
            fake.cause.reset(cause)
            await request.close()  # uploads' temporary files go now, not when collected

    def _cors(self) -> CorsPolicy:
        mode = self.fake.settings.cors
        if self._cors_policy is None or self._cors_mode != mode:
            self._cors_policy, self._cors_mode = CorsPolicy(mode), mode
        return self._cors_policy

    async def _fault(self, method: str, path: str, scope: Scope, receive: Receive, send: Send) -> bool:
        """Apply a matching fault; True when it answered (or dropped) instead of the real handler."""
        fault = self.fake.faults.take(method, path)
        if fault is None:
            return False
        if fault.latency > 0:
            await asyncio.sleep(fault.latency)
        if fault.drop:
            # promise a body and send none: the server closes the connection mid-response
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            with contextlib.suppress(RuntimeError):  # the server refuses the short body and closes
                await send({"type": "http.response.body", "body": b"{", "more_body": False})
            return True
        if fault.status is None:
            return False  # latency only: the real handler answers
        fake = self.fake
        fake.journal.record(
            Entry(fake.clock.now(), method, path, "fakewoot.fault", fault.status, id=fake.journal.next_id())
        )
        response = json_response(fault.body, fault.status)
        if _origin(scope) is not None:  # rack-cors wraps every answer, a failing one too
            response.raw_headers.extend(self._cors().response_headers(path, Headers(scope=scope)))
        await response(scope, receive, send)
        return True


def _origin(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            return str(value.decode("latin-1"))
    return None


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _limited(receive: Receive, limit: int) -> Receive:
    """Count body bytes as they arrive (chunked bodies declare no length) and stop past `limit`."""
    seen = 0

    async def wrapped() -> Any:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(limit)
        return message

    return wrapped


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message: Any = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(fake: FakeChatwoot) -> FakewootApp:
    return FakewootApp(fake)
