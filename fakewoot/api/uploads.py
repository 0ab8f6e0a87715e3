"""Chatwoot's own upload endpoints (what attaches blobs to records is fakewoot/api/attachments.py).

Source at v4.10: app/controllers/api/v1/accounts/upload_controller.rb (any member; a multipart
`attachment` or an `external_url`; `{file_url, blob_id}`),
app/controllers/api/v1/accounts/conversations/direct_uploads_controller.rb (an
ActiveStorage::DirectUploadsController: ActionController::Base, so no token authentication at all,
only EnsureCurrentAccountHelper's Account.find and the conversation by display_id; without the
conversation `create` returns before rendering: 204).

fakewoot fetches no URL off this machine: an `external_url` whose host is not a loopback name is
answered as Chatwoot answers a host it cannot resolve (SocketError: "Invalid URL provided").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import UploadFile

from fakewoot.api.active_storage import base_url, direct_upload, head
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError, RailsDefault
from fakewoot.serializers.blobs import blob_url
from fakewoot.store.validation import present

MSG_NO_FILE = "No file or URL provided"
MSG_INVALID_URL = "Invalid URL provided"
MSG_FETCH_FAILED = "Failed to fetch file from URL: {reason}"  # OpenURI::HTTPError: "404 Not Found"
MSG_UNEXPECTED = "An unexpected error occurred"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
FETCH_TIMEOUT = 10.0
OCTET_STREAM = "application/octet-stream"


class UploadRefused(ApiError):
    """UploadController#render_error: `{"error": message}` with 422."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__({"error": message})


# --- POST /api/v1/accounts/:account_id/upload --------------------------------------------------


def _loopback(host: str | None) -> bool:
    return host is not None and (host.lower() in LOOPBACK_NAMES or host.startswith("127."))


def _basename(path: str) -> str:
    """Ruby's File.basename of the URI's path, still percent-encoded: "/a/b/" -> "b", "/" -> "/"."""
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[-1] if stripped else path[:1]


async def _fetch(ctx: RequestContext, url: str) -> tuple[bytes, str, str]:
    """OpenURI's open on a loopback URL: (bytes, File.basename(path), the response's media type)."""
    if any(char.isspace() for char in url):
        raise UploadRefused(MSG_INVALID_URL)  # URI::InvalidURIError
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UploadRefused(MSG_INVALID_URL)
    if not _loopback(parts.hostname):
        raise UploadRefused(MSG_INVALID_URL)  # fakewoot does not reach the internet (SocketError)
    limit = ctx.fake.settings.max_body_bytes
    import httpx  # here, not at the top: importing httpx costs the server's start-up ~0.1 s

    try:
        async with (
            httpx.AsyncClient(timeout=FETCH_TIMEOUT, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                reason = f"{response.status_code} {response.reason_phrase}".strip()
                raise UploadRefused(MSG_FETCH_FAILED.format(reason=reason))
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data.extend(chunk)
                if len(data) > limit:
                    raise UploadRefused(MSG_UNEXPECTED)
            media_type = response.headers.get("content-type", OCTET_STREAM).split(";")[0].strip().lower()
    except httpx.HTTPError:  # refused, reset, timed out: a StandardError upstream (its 500)
        raise UploadRefused(MSG_UNEXPECTED) from None
    name = _basename(parts.path)
    return bytes(data), name, media_type or OCTET_STREAM


async def create_upload(ctx: RequestContext) -> Response:
    """UploadController#create. A present `attachment` that is not a file (NoMethodError on
    `tempfile`, a 500 upstream) and a URL that cannot be fetched (its 500) are 422s here."""
    account_member(ctx)
    params = await ctx.params()
    attachment, external_url = params.get("attachment"), params.get("external_url")
    if present(attachment):
        if not isinstance(attachment, UploadFile):
            raise UploadRefused(MSG_UNEXPECTED)
        data, name, declared = await attachment.read(), attachment.filename or "", attachment.content_type
    elif present(external_url):
        if not isinstance(external_url, str):
            raise UploadRefused(MSG_INVALID_URL)
        data, name, declared = await _fetch(ctx, external_url)
    else:
        raise UploadRefused(MSG_NO_FILE)
    blobs = ctx.store.blobs
    blob = blobs.create_and_upload(data, filename=name, content_type=declared)
    body = {"file_url": blob_url(blobs, blob, base_url(ctx)), "blob_id": blobs.signed_id(blob)}
    return json_response(body, headers=ctx.response_headers)


# --- POST .../conversations/:conversation_id/direct_uploads ------------------------------------


async def create_conversation_direct_upload(ctx: RequestContext) -> Response:
    """No authentication (see the module note). Account.find: Rails' 404; a suspended account
    calls an undefined render_unauthorized upstream (a 500): Rails' 422 here."""
    account = ctx.store.accounts.get(ctx.path_params["account_id"])
    if account is None:
        raise RailsDefault(404)
    if account.status != "active":
        raise RailsDefault(422)
    if ctx.store.conversations.by_display_id(account.id, ctx.path_params["conversation_id"]) is None:
        return head(204)
    return await direct_upload(ctx)


C = "/api/v1/accounts/{account_id:int}/conversations/{conversation_id:int}"
routes = [
    Route("POST", "/api/v1/accounts/{account_id:int}/upload", create_upload, "upload.create"),
    Route(
        "POST",
        C + "/direct_uploads",
        create_conversation_direct_upload,
        "conversations/direct_uploads.create",
    ),
]
