"""/_fakewoot/state/export and /import: the whole state as a state file (fakewoot/persistence.py).

GET  /_fakewoot/state/export   the state file's bytes (application/octet-stream): the live state and
                               what reset() returns to
POST /_fakewoot/state/import   {"state": "<the file's bytes, base64>"}: that state becomes this fake's
                               (and what reset() returns to); 422 {"error": "<why>"} for a file that
                               is damaged, not a state file, from a newer format or another record
                               layout, and the state is unchanged

The import takes JSON (base64) because every control write must be application/json (see guard.py:
a page on another origin cannot send that without a preflight). `fakewoot state export|import PATH`
does both from the command line.
"""

from __future__ import annotations

import base64
import binascii

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import VERSION_HEADER, Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError
from fakewoot.persistence import StateFileError, adopt, decode, encode
from fakewoot.version import __version__

STATE_CONTENT_TYPE = "application/octet-stream"
EXPORT_FILENAME = "state.fakewoot"
MSG_IMPORT_PARAM = "state (the state file's bytes, base64) is required"
MSG_IMPORT_BASE64 = "state is not valid base64"


class StateFileResponse(Response):
    """The state file's bytes as a download (not JSON)."""

    def __init__(self, body: bytes) -> None:
        super().__init__(body)
        self.raw_headers = [
            (b"content-type", STATE_CONTENT_TYPE.encode()),
            (VERSION_HEADER.encode(), __version__.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"content-disposition", f'attachment; filename="{EXPORT_FILENAME}"'.encode()),
        ]


async def export_state(ctx: RequestContext) -> Response:
    return StateFileResponse(encode(ctx.fake.store))


async def import_state(ctx: RequestContext) -> Response:
    raw = (await ctx.params()).get("state")
    if not isinstance(raw, str) or not raw:
        raise ApiError({"error": MSG_IMPORT_PARAM}, 422)
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError({"error": MSG_IMPORT_BASE64}, 422) from None
    try:
        loaded = decode(data)
    except StateFileError as error:
        raise ApiError({"error": str(error)}, 422) from None
    adopt(ctx.fake, loaded)
    return json_response({"imported": True, "bytes": len(data), "fakewoot": loaded.header.get("fakewoot")})


routes = [
    Route("GET", "/_fakewoot/state/export", export_state, "fakewoot.state.export"),
    Route("POST", "/_fakewoot/state/import", import_state, "fakewoot.state.import"),
]
