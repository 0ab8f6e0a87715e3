"""Who may call the /_fakewoot control API: decided on the matched route, after one path
normalisation, never on the raw path.

- The control token (`--control-token`) guards every control route but health.
- Browsers: a request that carries an `Origin` other than the server's own loopback origin (where
  the console page lives) or one given with `--control-allowed-origins` is refused, so a web page
  the developer happens to open cannot drive the fake; a write from a browser, or any write with a
  body, must be `application/json`, which a page on another origin cannot send without a CORS
  preflight that fakewoot never grants for these routes.
"""

from __future__ import annotations

import hmac
import re
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request

from fakewoot.errors import HEADER_CONTROL_TOKEN, MSG_CONTROL_TOKEN

if TYPE_CHECKING:
    from fakewoot.settings import Settings

CONTROL_ROUTE_PREFIX = "fakewoot."
HEALTH_ROUTE = "fakewoot.health"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
MSG_ORIGIN = "the /_fakewoot control API does not answer pages from {origin} (see --control-allowed-origins)"
MSG_CONTENT_TYPE = "the /_fakewoot control API takes writes as application/json"
_SLASHES = re.compile(r"/{2,}")


def normalise_path(path: str) -> str:
    """Journey's normalize_path as far as routing cares: runs of slashes become one."""
    return _SLASHES.sub("/", path) if "//" in path else path


def is_control(route_name: str) -> bool:
    return route_name.startswith(CONTROL_ROUTE_PREFIX)


def own_origins(request: Request) -> set[str]:
    """The server's own origin, when it is reached by a loopback name (not a rebinding host)."""
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name not in LOOPBACK_HOSTS:
        return set()
    return {f"{request.url.scheme}://{host}"}


def refusal(settings: Settings, route_name: str, method: str, request: Request) -> tuple[int, str] | None:
    """(status, message) when this control request must be refused, else None."""
    headers = request.headers
    origin = headers.get("origin")
    if route_name != HEALTH_ROUTE:
        token = settings.control_token
        if token:
            given = headers.get(HEADER_CONTROL_TOKEN, "")
            if not hmac.compare_digest(given.encode("latin-1"), token.encode()):
                return 401, MSG_CONTROL_TOKEN
    if (
        origin is not None
        and origin not in settings.control_allowed_origins
        and origin not in own_origins(request)
    ):
        return 403, MSG_ORIGIN.format(origin=origin[:200])
    if method in WRITES:
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        has_body = headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers
        if (has_body or origin is not None) and content_type != "application/json":
            return 415, MSG_CONTENT_TYPE
    return None


MSG_PATH_OUTSIDE = (
    "{what} reads only the built-in sets and folders under the fixture roots "
    "(the --fixtures folder and --fixture-roots); {path!r} is not one of them"
)


def fixture_roots(settings: Settings) -> list[Path]:
    """Where the control API may read fixture sets and scenario files."""
    from fakewoot.settings import DEFAULT_FIXTURES

    roots = [DEFAULT_FIXTURES.parent, Path(settings.fixtures), *(Path(p) for p in settings.fixture_roots)]
    return [root.resolve() for root in roots]


def allowed_path(settings: Settings, raw: str, what: str) -> Path:
    """A built-in name (`minimal`, `customer_chat`) or a path under a fixture root, resolved (links
    followed) before the check; anything else raises ValueError without reading the file."""
    from fakewoot.settings import DEFAULT_FIXTURES

    try:
        if raw and "/" not in raw and "\\" not in raw and not raw.startswith("."):
            for candidate in (DEFAULT_FIXTURES.parent / raw, DEFAULT_FIXTURES.parent / "scenarios" / raw):
                for option in (candidate, candidate.with_name(candidate.name + ".yaml")):
                    if option.exists():
                        return option
        target = Path(raw).resolve()
    except (OSError, RuntimeError, ValueError):  # a name the file system refuses (too long, NUL)
        raise ValueError(MSG_PATH_OUTSIDE.format(what=what, path=raw[:200])) from None
    for root in fixture_roots(settings):
        if target == root or target.is_relative_to(root):
            return target
    raise ValueError(MSG_PATH_OUTSIDE.format(what=what, path=raw[:200]))
