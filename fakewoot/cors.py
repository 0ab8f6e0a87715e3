"""CORS as Chatwoot's rack-cors configuration sets it (config/initializers/cors.rb at v4.10):
`/public/api/*` open to every origin (production too), and in development or with
CW_API_ONLY_SERVER every path open to every origin, exposing the devise_token_auth headers.
fakewoot's default is that development mode, so a dashboard or widget on another port works; the
control API (`/_fakewoot`) is never opened (admin/guard.py refuses foreign origins).

Modes (`--cors` / FAKEWOOT_CORS): `all` (default: every path, any origin), `public` (production:
`/public/api/*` only), `off` (no CORS headers at all), or a comma-separated list of origins (every
path for those origins, `/public/api/*` for any).
"""

from __future__ import annotations

from collections.abc import Mapping

PUBLIC_PREFIX = "/public/api/"
CONTROL_PREFIX = "/_fakewoot"
CABLE_PATH = "/cable"
EXPOSE = "access-token, client, uid, expiry"
METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"  # rack-cors `methods: :any`
MAX_AGE = "7200"  # rack-cors' default
MODES = ("all", "public", "off")

Header = tuple[bytes, bytes]


class CorsPolicy:
    def __init__(self, mode: str) -> None:
        value = (mode or "all").strip()
        self.mode = value if value in MODES else "list"
        self.origins = frozenset() if self.mode != "list" else frozenset(o.strip() for o in value.split(","))

    def _grant(self, origin: str, path: str) -> tuple[str, bool] | None:
        """(Access-Control-Allow-Origin value, expose the auth headers?) or None."""
        if self.mode == "off" or path.startswith(CONTROL_PREFIX) or path.rstrip("/") == CABLE_PATH:
            return None
        if self.mode == "all":
            return "*", not path.startswith(PUBLIC_PREFIX)
        if self.mode == "list" and origin in self.origins and not path.startswith(PUBLIC_PREFIX):
            return origin, True
        if path.startswith(PUBLIC_PREFIX):
            return "*", False
        return None

    def preflight(self, path: str, headers: Mapping[str, str]) -> list[Header] | None:
        """The 200 answer's headers for an allowed preflight (OPTIONS with Origin and
        Access-Control-Request-Method), else None (the request goes on to routing, as in Rails)."""
        origin = headers.get("origin")
        if origin is None or "access-control-request-method" not in headers:
            return None
        granted = self._grant(origin, path)
        if granted is None:
            return None
        found = self._headers(granted)
        requested = headers.get("access-control-request-headers")
        if requested:
            found.append((b"access-control-allow-headers", requested.encode("latin-1")))
        found.append((b"content-type", b"text/plain"))
        found.append((b"content-length", b"0"))
        return found

    def response_headers(self, path: str, headers: Mapping[str, str]) -> list[Header]:
        """Headers to add to an actual response for a request that carries an Origin."""
        origin = headers.get("origin")
        if origin is None:
            return []
        granted = self._grant(origin, path)
        return [] if granted is None else self._headers(granted)

    @staticmethod
    def _headers(granted: tuple[str, bool]) -> list[Header]:
        allow, expose = granted
        found = [
            (b"access-control-allow-origin", allow.encode("latin-1")),
            (b"access-control-allow-methods", METHODS.encode()),
        ]
        if expose:
            found.append((b"access-control-expose-headers", EXPOSE.encode()))
        found.append((b"access-control-max-age", MAX_AGE.encode()))
        if allow != "*":
            found.append((b"vary", b"Origin"))
        return found
