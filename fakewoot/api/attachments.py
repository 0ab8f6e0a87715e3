"""Attaching blobs to records: a new message's `attachments[]`, the avatars of contacts, users,
inboxes and agent bots, and the purges that follow deleting them.

Source at v4.10: app/builders/messages/message_builder.rb (#process_attachments: an uploaded file,
or a signed blob id string after a direct upload), app/helpers/file_type_helper.rb,
app/models/attachment.rb (#file_url, #thumb_url, #acceptable_file), app/models/message.rb
(has_many :attachments, autosave), app/models/concerns/avatarable.rb (#avatar_url), the controllers'
`#avatar` actions (purge, or attachment.destroy! which purges later). URLs a model writes use the
routes' default_url_options (FRONTEND_URL).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from starlette.datastructures import UploadFile

from fakewoot.api.active_storage import base_url
from fakewoot.api.context import RequestContext
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.blobs import blob_url, thumb_url
from fakewoot.store.blobs import Blob
from fakewoot.store.file_types import MSG_VALIDATION_FAILED, widget_file_errors
from fakewoot.store.messages import Message
from fakewoot.store.validation import present

MSG_INVALID_SIGNATURE = "ActiveSupport::MessageVerifier::InvalidSignature"
MSG_BLOB_NOT_FOUND = "Couldn't find ActiveStorage::Blob with 'id'={id}"
MSG_NOT_ATTACHABLE = "Could not find or build blob: expected attachable, got {value}"
MSG_NO_EACH = "undefined method 'each' for {receiver}"  # Ruby 3.4's NoMethodError


def model_base_url(ctx: RequestContext) -> str:
    """Where a model's url_for points (Attachment#file_url, Avatarable#avatar_url): the routes'
    default_url_options, `host: ENV['FRONTEND_URL']`; a controller's url_for uses the request."""
    return (ctx.fake.settings.frontend_url or base_url(ctx)).rstrip("/")


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
        blobs, base = self._ctx.store.blobs, model_base_url(self._ctx)
        self.attachments.append(
            {
                "file_type": kind,
                # the extension column is never written for a message created through the API
                # (Messages::MessageBuilder builds the attachment with account_id and file only)
                "extension": None,
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
            errors.extend(widget_file_errors(blob.content_type, blob.byte_size))
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
