"""One response class for every JSON body (orjson), and Rails' empty `head :ok`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class JSONResponse(Response):
    media_type = JSON_CONTENT_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def head_ok(status: int = 200) -> Response:
    """Rails `head :ok`: no body; the content type of the request format (json)."""
    response = Response(b"", status_code=status)
    response.headers["content-type"] = JSON_CONTENT_TYPE
    return response
