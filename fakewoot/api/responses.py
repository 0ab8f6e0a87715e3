"""The one response type: a status, orjson bytes and raw headers, sent as two ASGI messages.

Lighter than Starlette's Response (no header re-parsing, no background tasks): the hot path of
every request. Every response carries Rails' JSON content type and fakewoot's version header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.types import Receive, Scope, Send

from fakewoot.version import __version__

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
VERSION_HEADER = "x-fakewoot-version"
_BASE_HEADERS = (
    (b"content-type", JSON_CONTENT_TYPE.encode()),
    (VERSION_HEADER.encode(), __version__.encode()),
)


class Response:
    __slots__ = ("body", "raw_headers", "status_code")

    def __init__(self, body: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status
        self.body = body
        raw = [*_BASE_HEADERS, (b"content-length", str(len(body)).encode())]
        if headers:
            raw.extend(
                (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
            )
        self.raw_headers = raw

    @property
    def headers(self) -> dict[str, str]:
        """Decoded headers (for tests and the journal; not used on the hot path)."""
        return {name.decode("latin-1"): value.decode("latin-1") for name, value in self.raw_headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body})


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status, headers)


def head_ok(headers: Mapping[str, str] | None = None) -> Response:
    """Rails `head :ok`: no body, the content type of the request format (json)."""
    return Response(b"", 200, headers)
