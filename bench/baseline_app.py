"""Baseline for bench/run.py: a bare Starlette app serving the same JSON bodies as fakewoot.

    python bench/baseline_app.py --port P --bodies BODIES.json

BODIES.json maps a path (e.g. "/api/v1/profile") to the parsed JSON object fakewoot returned for it.
Each request serialises its object again with orjson, so the baseline pays for routing, a Starlette
Response and serialisation - everything except fakewoot's own work (auth, store look-ups, the
journal, building the body). It runs on uvicorn with the same options as `fakewoot serve`.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from common import run_uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Endpoint = Callable[[Request], Awaitable[Response]]


def _endpoint(obj: Any) -> Endpoint:
    async def handler(request: Request) -> Response:
        return Response(orjson.dumps(obj), media_type="application/json")

    return handler


def create_app(bodies: dict[str, Any]) -> Starlette:
    return Starlette(routes=[Route(path, _endpoint(obj), methods=["GET"]) for path, obj in bodies.items()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bodies", type=Path, required=True, help="JSON file: {path: body object}")
    args = parser.parse_args()
    bodies: dict[str, Any] = orjson.loads(args.bodies.read_bytes())
    run_uvicorn(create_app(bodies), args.port)  # the options of fakewoot.cli._serve at --log-level warning


if __name__ == "__main__":
    main()
