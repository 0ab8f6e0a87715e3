"""Chatwoot's own API routes (fakewoot/api/chatwoot_routes.tsv, expanded from config/routes.rb at
v4.10 by tools/rails_routes.py) and fakewoot's coverage of them.

Every real route is served: implemented, or a 501 naming it (`Route.pending`), never Rails' 404 for a
path Chatwoot routes. Routes fakewoot's tables do not match get a 501 route built here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import Response
from fakewoot.api.routing import Handler, Route, Router
from fakewoot.errors import NotImplementedInFake
from fakewoot.records import dataclass

TABLE = Path(__file__).with_name("chatwoot_routes.tsv")
_PARAM = re.compile(r":(\w+)")
_PATTERN_PARAM = re.compile(r"\{(\w+)(?::int)?\}")


@dataclass(frozen=True, slots=True)
class UpstreamRoute:
    method: str
    path: str  # Rails' form, /api/v1/accounts/:account_id/...
    target: str  # controller#action
    edition: str  # oss or enterprise

    @property
    def group(self) -> str:
        """Which API: application (/api/v1 less the widget), reports (/api/v2), widget, platform,
        public (the Client API) or auth (devise_token_auth)."""
        for prefix, name in (
            ("/api/v1/widget", "widget"),
            ("/api/v1", "application"),
            ("/api/v2", "reports"),
            ("/platform", "platform"),
            ("/public", "public"),
            ("/auth", "auth"),
        ):
            if self.path.startswith(prefix):
                return name
        return "other"

    @property
    def sample(self) -> str:
        """A concrete path for it (every parameter 1)."""
        return _PARAM.sub("1", self.path)

    @property
    def pattern(self) -> str:
        """fakewoot's route pattern for it ({name} string segments)."""
        return _PARAM.sub(r"{\1}", self.path)


@lru_cache(maxsize=1)
def upstream_routes() -> tuple[UpstreamRoute, ...]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            method, path, target, edition = line.split("\t")
            rows.append(UpstreamRoute(method, path, target, edition))
    return tuple(rows)


def not_yet(method: str, pattern: str, name: str) -> Handler:
    """The handler of a Chatwoot route fakewoot does not implement: a 501 naming it."""
    rails_path = _PATTERN_PARAM.sub(r":\1", pattern)
    label = f"{method} {rails_path} ({name})"

    async def not_yet(ctx: RequestContext) -> Response:
        raise NotImplementedInFake(label)

    return not_yet


def unrouted(router: Router) -> list[Route]:
    """A 501 route for every upstream route `router` does not match."""
    missing: list[Route] = []
    for row in upstream_routes():
        if router.match(row.method, row.sample) is None:
            name = row.target.replace("#", ".")
            missing.append(Route(row.method, row.pattern, not_yet(row.method, row.pattern, name), name, True))
    return missing


def coverage(router: Router) -> dict[tuple[str, str], tuple[int, int]]:
    """(group, edition) -> (implemented, total) upstream routes."""
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for row in upstream_routes():
        found = router.match(row.method, row.sample)
        done = found is not None and not found[0].pending
        have, total = counts.get((row.group, row.edition), (0, 0))
        counts[(row.group, row.edition)] = (have + done, total + 1)
    return counts
