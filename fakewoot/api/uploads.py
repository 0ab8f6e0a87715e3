"""Chatwoot's own upload endpoints, and the blobs a new message attaches.

Source at v4.10: app/controllers/api/v1/accounts/upload_controller.rb (any member; a multipart
`attachment` or an `external_url`; `{file_url, blob_id}`),
app/controllers/api/v1/accounts/conversations/direct_uploads_controller.rb (an
ActiveStorage::DirectUploadsController: ActionController::Base, so no token authentication at all,
only EnsureCurrentAccountHelper's Account.find and the conversation by display_id; without the
conversation `create` returns before rendering: 204), app/builders/messages/message_builder.rb
(#process_attachments: an uploaded file, or a signed blob id string after a direct upload),
app/models/attachment.rb (#file_url, #thumb_url).

fakewoot fetches no URL off this machine: an `external_url` whose host is not a loopback name is
answered as Chatwoot answers a host it cannot resolve (SocketError: "Invalid URL provided").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import httpx
from starlette.datastructures import UploadFile

from fakewoot.api.active_storage import base_url, direct_upload, head
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError, CouldNotCreate, RailsDefault
from fakewoot.serializers.blobs import blob_url, thumb_url
from fakewoot.store.blobs import Blob
from fakewoot.store.messages import Message
from fakewoot.store.validation import present

MSG_NO_FILE = "No file or URL provided"
MSG_INVALID_URL = "Invalid URL provided"
MSG_FETCH_FAILED = "Failed to fetch file from URL: {reason}"  # OpenURI::HTTPError: "404 Not Found"
MSG_UNEXPECTED = "An unexpected error occurred"
MSG_INVALID_SIGNATURE = "ActiveSupport::MessageVerifier::InvalidSignature"
MSG_BLOB_NOT_FOUND = "Couldn't find ActiveStorage::Blob with 'id'={id}"
MSG_NOT_ATTACHABLE = "Could not find or build blob: expected attachable, got {value}"
MSG_NO_EACH = "undefined method 'each' for {receiver}"  # Ruby 3.4's NoMethodError
# Attachment#acceptable_file on a web widget inbox, as Message's autosave validation words it
MSG_VALIDATION_FAILED = "Validation failed: {errors}"
MSG_FILE_TOO_BIG = "Attachments file size is too big"
MSG_FILE_TYPE = "Attachments file type not supported"
WIDGET_FILE_LIMIT = 40 * 1024 * 1024  # GlobalConfigService MAXIMUM_FILE_UPLOAD_SIZE, 40 (MB)
# Attachment::ACCEPTABLE_FILE_TYPES (beside image/, video/ and audio/)
ACCEPTABLE_FILE_TYPES = frozenset(
    (
        "text/csv",
        "text/plain",
        "text/rtf",
        "application/json",
        "application/pdf",
        "application/zip",
        "application/x-7z-compressed",
        "application/vnd.rar",
        "application/x-tar",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/rtf",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
FETCH_TIMEOUT = 10.0
OCTET_STREAM = "application/octet-stream"


class UploadRefused(ApiError):
    """UploadController#render_error: `{"error": message}` with 422."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__({"error": message})


def model_base_url(ctx: RequestContext) -> str:
    """Where a model's url_for points (Attachment#file_url, Avatarable#avatar_url): the routes'
    default_url_options, `host: ENV['FRONTEND_URL']`; a controller's url_for uses the request."""
    return (ctx.fake.settings.frontend_url or base_url(ctx)).rstrip("/")


# --- POST /api/v1/accounts/:account_id/upload --------------------------------------------------


def _loopback(host: str | None) -> bool:
    return host is not None and (host.lower() in LOOPBACK_NAMES or host.startswith("127."))


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
    name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
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


# --- avatars ---------------------------------------------------------------------------------------


class StagedAvatar(NamedTuple):
    """An uploaded avatar: Avatarable#avatar_url for it now, its blob stored by `attach()` once the
    record is saved (a refused save stores nothing)."""

    url: str
    attach: Callable[[], object]


def staged_avatar(ctx: RequestContext, upload: UploadFile) -> StagedAvatar:
    """`record.avatar = file`: the blob it will be and the URL Avatarable#avatar_url writes (the
    250-wide representation, '' when the type is not representable)."""
    upload.file.seek(0)
    data = upload.file.read()
    blobs = ctx.store.blobs
    blob = blobs.stage(data, filename=upload.filename or "", content_type=upload.content_type)
    return StagedAvatar(thumb_url(blobs, blob, model_base_url(ctx)), lambda: blobs.attach(blob, data))


def avatar_url(ctx: RequestContext, upload: UploadFile) -> str:
    """Attach an uploaded avatar to a record already saved: the blob is stored now."""
    staged = staged_avatar(ctx, upload)
    staged.attach()
    return staged.url


def _signed_id_in(url: str) -> str | None:
    """The signed blob id in a blob or representation URL fakewoot wrote."""
    segments = urlsplit(url).path.split("/")
    if "active_storage" not in segments:
        return None
    rest = segments[segments.index("active_storage") + 1 :]
    if rest[1:2] == ["redirect"] or rest[1:2] == ["proxy"]:
        rest = rest[1:]
    return rest[1] if len(rest) > 1 else None


def purge_attached(ctx: RequestContext, url: str | None, *, later: bool = False) -> None:
    """`record.avatar.purge` (at once) or `attachment.destroy!` (purge_later: after the response)
    for the blob an attached file's URL names; a URL naming no blob of this fake is left alone."""
    store = ctx.store
    blob = store.blobs.find_signed(_signed_id_in(url or ""))
    if not isinstance(blob, Blob):
        return
    if later:
        ctx.fake.jobs.enqueue(lambda: store.blobs.purge(blob))
    else:
        store.blobs.purge(blob)


def purge_message_attachments(ctx: RequestContext, message: Message) -> None:
    """`message.attachments.destroy_all`: each blob is purged later (PurgeJob), unless another
    attachment still holds it (the attachments' foreign key refuses, and the job discards it)."""
    store = ctx.store
    blob_ids = {a.get("blob_id") for a in message.attachments} - {None}
    if not blob_ids:
        return

    def purge() -> None:
        held = {
            attachment.get("blob_id")
            for other in store.account(message.account_id).messages.values()
            for attachment in other.attachments
        }
        for blob_id in blob_ids - held:
            blob = store.blobs.get(blob_id or 0)
            if blob is not None:
                store.blobs.purge(blob)

    ctx.fake.jobs.enqueue(purge)


# --- attachments of a new message ----------------------------------------------------------------


def _inspect(value: Any) -> str:
    """Ruby's inspect of what reached `file:` (JSON scalars and parameters)."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        inner = ", ".join(f'"{k}" => {_inspect(v)}' for k, v in value.items())
        return f"#<ActionController::Parameters {{{inner}}} permitted: false>"
    if isinstance(value, list):
        return "[" + ", ".join(_inspect(item) for item in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "nil"


def _receiver(value: Any) -> str:
    """How Ruby 3.4 names a receiver in NoMethodError: `true`, or `an instance of <Class>`."""
    if value is True:
        return "true"
    kinds = (
        (UploadFile, "ActionDispatch::Http::UploadedFile"),
        (str, "String"),
        (int, "Integer"),
        (float, "Float"),
    )
    return "an instance of " + next((name for kind, name in kinds if isinstance(value, kind)), "Object")


class MessageAttachments:
    """What MessageBuilder#process_attachments builds: the attachments' rows for the new message,
    and the uploaded files' blobs, stored by `saved` once the message is (a refused message keeps
    none); then AnalyzeJob, which later reads see in width and height."""

    def __init__(self, ctx: RequestContext) -> None:
        self._ctx = ctx
        self.attachments: list[dict[str, Any]] = []
        self._staged: list[tuple[Blob, bytes]] = []

    async def add(self, item: Any, file_type: Callable[[str | None], str]) -> None:
        blob, declared = await self._blob_of(item)
        kind = file_type(declared)
        name = blob.filename
        blobs, base = self._ctx.store.blobs, model_base_url(self._ctx)
        self.attachments.append(
            {
                "file_type": kind,
                "extension": name.rsplit(".", 1)[-1] if "." in name else None,
                "data_url": blob_url(blobs, blob, base),
                "thumb_url": thumb_url(blobs, blob, base) if kind == "image" else "",
                "file_size": blob.byte_size,
                "width": blob.metadata.get("width"),
                "height": blob.metadata.get("height"),
                "blob_id": blob.id,
            }
        )

    async def _blob_of(self, item: Any) -> tuple[Blob, str | None]:
        """What `attachments.build(file: item)` attaches, and the type FileTypeHelper looks at."""
        blobs = self._ctx.store.blobs
        if isinstance(item, UploadFile):
            data = await item.read()
            name = item.filename or ""
            blob = blobs.stage(data, filename=name, content_type=item.content_type, ahead=len(self._staged))
            self._staged.append((blob, data))
            return blob, item.content_type
        if isinstance(item, str):
            blob_id = blobs.signed_blob_id(item)
            if blob_id is None:
                raise CouldNotCreate(MSG_INVALID_SIGNATURE)
            found = blobs.get(blob_id)
            if found is None:
                raise CouldNotCreate(MSG_BLOB_NOT_FOUND.format(id=blob_id))
            return found, found.content_type
        raise CouldNotCreate(MSG_NOT_ATTACHABLE.format(value=_inspect(item)))

    def check_for_inbox(self, channel_type: str | None) -> None:
        """Attachment#acceptable_file, which only a web widget inbox's messages run: 40 MB at most,
        a media type or one of ACCEPTABLE_FILE_TYPES; `save!` then fails with every error."""
        if channel_type != "Channel::WebWidget":
            return
        store = self._ctx.store
        staged = {blob.id: blob for blob, _ in self._staged}
        errors: list[str] = []
        for attachment in self.attachments:
            blob = staged.get(attachment["blob_id"]) or store.blobs.get(attachment["blob_id"])
            if blob is None:
                continue
            kind = blob.content_type or ""
            if blob.byte_size > WIDGET_FILE_LIMIT:
                errors.append(MSG_FILE_TOO_BIG)
            if not kind.startswith(("image/", "video/", "audio/")) and kind not in ACCEPTABLE_FILE_TYPES:
                errors.append(MSG_FILE_TYPE)
        if errors:
            raise CouldNotCreate(MSG_VALIDATION_FAILED.format(errors=", ".join(errors)))

    def store_blobs(self) -> None:
        store = self._ctx.store
        for blob, data in self._staged:
            store.blobs.attach(blob, data)
        self._staged = []

    def saved(self, message: Message) -> None:
        """The message saved: its new blobs are stored, and analysed after the response."""
        if not self.attachments:
            return
        store = self._ctx.store
        self.store_blobs()

        def analyze() -> None:
            for attachment in message.attachments:
                blob = store.blobs.get(attachment.get("blob_id") or 0)
                if blob is not None:
                    store.blobs.analyze(blob)
                    attachment["width"] = blob.metadata.get("width")
                    attachment["height"] = blob.metadata.get("height")

        self._ctx.fake.jobs.enqueue(analyze)


async def build_message_attachments(
    ctx: RequestContext, params: dict[str, Any], file_type: Callable[[str | None], str]
) -> MessageAttachments:
    """MessageBuilder#process_attachments: each item attaches a blob (every one is kept: Message's
    15-attachment before_add check only adds an error that `save!`'s validation clears). The
    attachment keeps its blob and the URLs Attachment#file_url / #thumb_url write."""
    built = MessageAttachments(ctx)
    items = params.get("attachments")
    if not present(items):
        return built
    if isinstance(items, dict):  # Parameters#each yields [key, value] pairs: not attachable
        items = [[key, value] for key, value in items.items()]
    if not isinstance(items, list):
        raise CouldNotCreate(MSG_NO_EACH.format(receiver=_receiver(items)))
    for item in items:
        if item is not None:  # deep_munge drops nils from arrays
            await built.add(item, file_type)
    account_id, display_id = ctx.path_params.get("account_id"), ctx.path_params.get("conversation_id")
    if not isinstance(account_id, int):
        return built  # not the Application API's message route
    conversation = ctx.store.conversations.by_display_id(account_id, display_id)
    if conversation is not None:
        inbox = ctx.store.account(account_id).inboxes.get(conversation.inbox_id)
        built.check_for_inbox(None if inbox is None else inbox.channel_type)
    return built


async def message_attachments(
    ctx: RequestContext, params: dict[str, Any], file_type: Callable[[str | None], str]
) -> list[dict[str, Any]]:
    """The attachments' rows with their blobs stored at once, for a caller that does not call
    `saved` (so no analysis either): build_message_attachments + saved(message) is exact."""
    built = await build_message_attachments(ctx, params, file_type)
    built.store_blobs()
    return built.attachments


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
