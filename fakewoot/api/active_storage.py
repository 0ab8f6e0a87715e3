"""/rails/active_storage/*: the routes a browser or client uses to upload and fetch blobs.

Source: activestorage 7.1.5.2 (Chatwoot's Gemfile.lock) config/routes.rb and its controllers:
DirectUploadsController#create, DiskController#show/#update, Blobs::RedirectController,
Blobs::ProxyController, Representations::RedirectController/ProxyController, ActiveStorage::SetBlob.
These are ActionController::Base controllers: no Chatwoot authentication; a bad signed id or
token is `head :not_found` (an empty 404); Rails' own errors are its public-exceptions JSON.
Representations are not processed: they answer the original bytes (no image processing).
"""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import RailsDefault
from fakewoot.serializers.blobs import PREFIX, content_disposition, direct_upload_json, disk_url
from fakewoot.store.blobs import Blob, IntegrityError, content_type_for_serving, disposition_for_serving
from fakewoot.store.validation import present

HTML_CONTENT_TYPE = "text/html; charset=utf-8"
CACHE_CONTROL = "max-age=300, private"  # expires_in ActiveStorage.service_urls_expire_in
DEFAULT_SEND_FILE_TYPE = "application/octet-stream"
DEFAULT_SEND_FILE_DISPOSITION = "inline"


def base_url(ctx: RequestContext) -> str:
    return str(ctx.request.base_url).rstrip("/")


def _typed(body: bytes, status: int, content_type: str, headers: dict[str, str] | None = None) -> Response:
    """A response whose content type is not JSON (the first raw header is the content type)."""
    response = Response(body, status, headers)
    response.raw_headers[0] = (b"content-type", content_type.encode("latin-1"))
    return response


def head(status: int) -> Response:
    """`head status` in an HTML-format controller (a 204 goes without a content type, as Rails
    sends it)."""
    response = _typed(b"", status, HTML_CONTENT_TYPE)
    if status == 204:
        del response.raw_headers[0]
    return response


def _redirect(location: str) -> Response:
    """redirect_to (Rails 7 sends no body), with the controller's expires_in."""
    return _typed(b"", 302, HTML_CONTENT_TYPE, {"Location": location, "Cache-Control": CACHE_CONTROL})


async def direct_upload(ctx: RequestContext) -> Response:
    """DirectUploadsController#create: `params.require(:blob).permit(:filename, :byte_size,
    :checksum, :content_type, metadata: {})`, Blob.create_before_direct_upload!, the blob and where
    to PUT its bytes. No checksum is RecordInvalid (Rails' 422); a row the database would refuse
    (no filename or byte_size: NOT NULL, a 500 upstream) and a size past --max-body-bytes are
    Rails' 422 too."""
    raw = (await ctx.params()).get("blob")
    if not present(raw):  # ParameterMissing (no wrapping: the wrapper key is "direct_upload")
        raise RailsDefault(400)
    if not isinstance(raw, dict):  # `permit` on a string: NoMethodError upstream
        raise RailsDefault(422)
    values = permit(raw, "filename", "byte_size", "checksum", "content_type")
    filename = to_string(values.get("filename"))
    byte_size = to_int(values.get("byte_size"))
    checksum = to_string(values.get("checksum"))
    if filename is None or byte_size is None or byte_size > ctx.fake.settings.max_body_bytes:
        raise RailsDefault(422)
    if not present(checksum):  # validates :checksum, presence: true (RecordInvalid)
        raise RailsDefault(422)
    blob = ctx.store.blobs.create_before_direct_upload(
        filename=filename,
        byte_size=byte_size,
        checksum=checksum,
        content_type=to_string(values.get("content_type")),
        metadata=permit_hash(raw, "metadata"),
    )
    return json_response(
        direct_upload_json(ctx.store.blobs, blob, base_url(ctx)), headers=ctx.response_headers
    )


async def update_disk(ctx: RequestContext) -> Response:
    """DiskController#update: the token's type and length must be the request's (else 422), the
    bytes must have the blob's checksum (IntegrityError: 422); 204 when stored."""
    token = ctx.store.blobs.decode_upload_token(ctx.path_params["encoded_token"])
    if token is None:
        return head(404)
    request = ctx.request
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower() or None
    wanted = token.get("content_type")
    length = request.headers.get("content-length")
    if media_type != (wanted.lower() if isinstance(wanted, str) else None) or length != str(
        token.get("content_length")
    ):
        return head(422)
    try:
        data = await request.body()
    except RuntimeError:  # a form body Rack already read as parameters
        data = b""
    try:
        ctx.store.blobs.upload(token["key"], data, token.get("checksum"))
    except IntegrityError:
        return head(422)
    return head(204)


def _range(spec: str | None, size: int) -> tuple[int, int] | bool | None:
    """One `bytes=a-b` range as Rack::Files serves it: (first, last), None for the whole file,
    False when unsatisfiable."""
    if not spec or not spec.startswith("bytes=") or "," in spec:
        return None
    first, _, last = spec[len("bytes=") :].strip().partition("-")
    try:
        if first == "":
            start, end = max(size - int(last), 0), size - 1
        else:
            start, end = int(first), (int(last) if last else size - 1)
    except ValueError:
        return None
    end = min(end, size - 1)
    return (start, end) if 0 <= start <= end else False


def serve(
    ctx: RequestContext, data: bytes, content_type: str | None, disposition: str | None, at: float
) -> Response:
    """ActiveStorage::FileServer#serve_file over Rack::Files: the bytes (or one range of them)."""
    headers = {
        "Last-Modified": formatdate(at, usegmt=True),
        "Content-Disposition": disposition or DEFAULT_SEND_FILE_DISPOSITION,
    }
    kind = content_type or DEFAULT_SEND_FILE_TYPE
    wanted = _range(ctx.request.headers.get("range"), len(data))
    if wanted is False:
        headers["Content-Range"] = f"bytes */{len(data)}"
        return _typed(b"", 416, kind, headers)
    if isinstance(wanted, tuple):
        start, end = wanted
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return _typed(data[start : end + 1], 206, kind, headers)
    return _typed(data, 200, kind, headers)


async def show_disk(ctx: RequestContext) -> Response:
    """DiskController#show: the encoded key (five minutes) names the file, its type and disposition."""
    key = ctx.store.blobs.decode_key(ctx.path_params["encoded_key"])
    data = None if key is None else ctx.store.blobs.download(str(key.get("key")))
    if key is None or data is None:
        return head(404)
    blob = ctx.store.blobs.by_key(str(key["key"]))
    at = blob.created_at if blob is not None else ctx.store.clock.now()
    return serve(ctx, data, _text(key.get("content_type")), _text(key.get("disposition")), at)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _blob(ctx: RequestContext, name: str) -> Blob | Response:
    """ActiveStorage::SetBlob: a bad signature is head :not_found; a good one for a row that is
    gone is RecordNotFound (Rails' 404 JSON)."""
    found = ctx.store.blobs.find_signed(ctx.path_params[name])
    if found is False:
        return head(404)
    if not isinstance(found, Blob):
        raise RailsDefault(404)
    return found


def _disposition(ctx: RequestContext) -> str:
    return "attachment" if ctx.request.query_params.get("disposition") == "attachment" else "inline"


async def redirect_blob(ctx: RequestContext) -> Response:
    """Blobs::RedirectController#show: 302 to the blob's five-minute disk URL."""
    blob = _blob(ctx, "signed_id")
    if isinstance(blob, Response):
        return blob
    return _redirect(disk_url(ctx.store.blobs, blob, base_url(ctx), _disposition(ctx)))


def _representation(ctx: RequestContext) -> Blob | Response:
    """Representations::BaseController: the blob, then the variation key (a bad one: 404)."""
    blob = _blob(ctx, "signed_blob_id")
    if isinstance(blob, Response):
        return blob
    if not ctx.store.blobs.verified_variation(ctx.path_params["variation_key"]):
        return head(404)
    return blob


async def redirect_representation(ctx: RequestContext) -> Response:
    """Representations::RedirectController#show: fakewoot processes no image, so the variant is
    the original: 302 to the blob's disk URL."""
    blob = _representation(ctx)
    if isinstance(blob, Response):
        return blob
    return _redirect(disk_url(ctx.store.blobs, blob, base_url(ctx), _disposition(ctx)))


def _proxied(ctx: RequestContext, blob: Blob) -> Response:
    """Blobs::ProxyController / Representations::ProxyController: the bytes themselves."""
    data = ctx.store.blobs.download(blob.key)
    if data is None:
        return head(404)
    kind = disposition_for_serving(blob, _disposition(ctx))
    response = serve(
        ctx, data, content_type_for_serving(blob), content_disposition(kind, blob.filename), blob.created_at
    )
    response.raw_headers.append((b"accept-ranges", b"bytes"))
    response.raw_headers.append((b"cache-control", b"max-age=3155695200, public"))  # http_cache_forever
    return response


async def proxy_blob(ctx: RequestContext) -> Response:
    blob = _blob(ctx, "signed_id")
    return blob if isinstance(blob, Response) else _proxied(ctx, blob)


async def proxy_representation(ctx: RequestContext) -> Response:
    blob = _representation(ctx)
    return blob if isinstance(blob, Response) else _proxied(ctx, blob)


B = PREFIX + "/blobs"
R = PREFIX + "/representations"
routes = [
    Route("POST", PREFIX + "/direct_uploads", direct_upload, "active_storage/direct_uploads.create"),
    Route("PUT", PREFIX + "/disk/{encoded_token}", update_disk, "active_storage/disk.update"),
    Route("GET", PREFIX + "/disk/{encoded_key}/{filename}", show_disk, "active_storage/disk.show"),
    Route("GET", B + "/redirect/{signed_id}/{filename}", redirect_blob, "active_storage/blobs/redirect.show"),
    Route("GET", B + "/proxy/{signed_id}/{filename}", proxy_blob, "active_storage/blobs/proxy.show"),
    Route("GET", B + "/{signed_id}/{filename}", redirect_blob, "active_storage/blobs/redirect.show"),
    Route(
        "GET",
        R + "/redirect/{signed_blob_id}/{variation_key}/{filename}",
        redirect_representation,
        "active_storage/representations/redirect.show",
    ),
    Route(
        "GET",
        R + "/proxy/{signed_blob_id}/{variation_key}/{filename}",
        proxy_representation,
        "active_storage/representations/proxy.show",
    ),
    Route(
        "GET",
        R + "/{signed_blob_id}/{variation_key}/{filename}",
        redirect_representation,
        "active_storage/representations/redirect.show",
    ),
]
