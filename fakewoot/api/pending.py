"""Real Chatwoot endpoints fakewoot does not implement yet: 501 with a clear message, never a
misleading 404 (architecture house rule 9). Paths from Chatwoot's config/routes.rb; the list shrinks
as resources land. The router refuses a duplicate, so an implemented route can never hide here."""

from __future__ import annotations

from fakewoot.api.routing import Route
from fakewoot.api.upstream import not_yet

A = "/api/v1/accounts/{account_id:int}"
C = A + "/conversations/{conversation_id:int}"

PENDING: list[tuple[str, str, str]] = []


routes = [Route(method, path, not_yet(method, path, name), name, True) for method, path, name in PENDING]
