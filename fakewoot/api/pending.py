"""Real Chatwoot endpoints fakewoot does not implement yet: 501 with a clear message, never a
misleading 404 (architecture house rule 9). Paths from Chatwoot's config/routes.rb; the list shrinks
as resources land. The router refuses a duplicate, so an implemented route can never hide here."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import Response
from fakewoot.api.routing import Route
from fakewoot.errors import NotImplementedInFake

A = "/api/v1/accounts/{account_id:int}"
C = A + "/conversations/{conversation_id:int}"

PENDING: list[tuple[str, str, str]] = []


def _pending(name: str, method: str, path: str) -> Route:
    label = f"{method} {path.replace('{', ':').replace(':int}', '').replace('}', '')} ({name})"

    async def not_yet(ctx: RequestContext) -> Response:
        raise NotImplementedInFake(label)

    return Route(method, path, not_yet, name, pending=True)


routes = [_pending(name, method, path) for method, path, name in PENDING]
