"""ActiveStorage blobs and the local Disk service (activestorage 7.1.5.2, Chatwoot's Gemfile.lock).

Blobs are installation-wide (active_storage_blobs has no account). A blob row keeps Rails'
columns; its bytes live beside it under the blob's key, as the Disk service keeps a file per key,
and go with the store's snapshots and resets like every other table. Signed ids, variation keys
and the disk service's tokens are signed by one MessageVerifier whose secret is derived from this
store's seed (one secret per fake, the same on every start with the same seed).
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.blob_analysis import image_size
from fakewoot.store.message_verifier import MessageVerifier, Symbol

if TYPE_CHECKING:
    from fakewoot.store.state import Store

SERVICE_NAME = "local"  # config.active_storage.service = ENV.fetch('ACTIVE_STORAGE_SERVICE', 'local')
KEY_LENGTH = 28  # ActiveStorage::Blob::MINIMUM_TOKEN_LENGTH, base36
SERVICE_URLS_EXPIRE_IN = 300.0  # ActiveStorage.service_urls_expire_in: 5 minutes
PURPOSE_BLOB_ID = "blob_id"
PURPOSE_VARIATION = "variation"
PURPOSE_BLOB_KEY = "blob_key"  # DiskService#generate_url
PURPOSE_BLOB_TOKEN = "blob_token"  # DiskService#url_for_direct_upload
BINARY_CONTENT_TYPE = "application/octet-stream"
# ActiveStorage engine defaults at 7.1
VARIABLE_CONTENT_TYPES = frozenset(
    (
        "image/png",
        "image/gif",
        "image/jpeg",
        "image/tiff",
        "image/bmp",
        "image/vnd.adobe.photoshop",
        "image/vnd.microsoft.icon",
        "image/webp",
        "image/avif",
        "image/heic",
        "image/heif",
    )
)
WEB_IMAGE_CONTENT_TYPES = frozenset(("image/png", "image/jpeg", "image/gif"))
CONTENT_TYPES_TO_SERVE_AS_BINARY = frozenset(
    (
        "text/html",
        "image/svg+xml",
        "application/postscript",
        "application/x-shockwave-flash",
        "text/xml",
        "application/xml",
        "application/xhtml+xml",
        "application/mathml+xml",
        "text/cache-manifest",
    )
)
CONTENT_TYPES_ALLOWED_INLINE = frozenset(
    (
        "image/webp",
        "image/avif",
        "image/png",
        "image/gif",
        "image/jpeg",
        "image/tiff",
        "image/bmp",
        "image/vnd.adobe.photoshop",
        "image/vnd.microsoft.icon",
        "application/pdf",
    )
)
# Marcel's magic numbers for the types a support inbox sees most (the first bytes decide)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"BM", "image/bmp"),
)
# ActiveStorage::Filename#sanitized: these characters become "-"
_UNSAFE_FILENAME = str.maketrans({char: "-" for char in '\u202e%$|:;/<>?*"\t\r\n\\'})
_BASE36 = "abcdefghijklmnopqrstuvwxyz0123456789"


class IntegrityError(Exception):
    """ActiveStorage::IntegrityError: the bytes do not have the declared checksum."""


@dataclass(slots=True)
class Blob:
    id: int
    key: str
    filename: str
    content_type: str | None
    byte_size: int
    checksum: str | None
    created_at: float
    metadata: dict[str, Any] = field(default_factory=dict)
    service_name: str = SERVICE_NAME


def checksum_of(data: bytes) -> str:
    """ActiveStorage's checksum: the base64 MD5 digest."""
    return base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode("ascii")


def sanitized(filename: str) -> str:
    return filename.strip().translate(_UNSAFE_FILENAME)


def identify(data: bytes, filename: str, declared: str | None) -> str:
    """Marcel::MimeType.for(io, name:, declared_type:), as far as fakewoot goes: the magic number,
    else the declared type, else the extension, else binary."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    if declared and declared != BINARY_CONTENT_TYPE:
        return declared
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or BINARY_CONTENT_TYPE


def content_type_for_serving(blob: Blob) -> str | None:
    return BINARY_CONTENT_TYPE if blob.content_type in CONTENT_TYPES_TO_SERVE_AS_BINARY else blob.content_type


def disposition_for_serving(blob: Blob, wanted: str = "inline") -> str:
    """Blob#forced_disposition_for_serving: binary or not-allowed-inline types are attachments."""
    if (
        blob.content_type in CONTENT_TYPES_TO_SERVE_AS_BINARY
        or blob.content_type not in CONTENT_TYPES_ALLOWED_INLINE
    ):
        return "attachment"
    return "attachment" if wanted == "attachment" else "inline"


def variant_format(blob: Blob) -> str | Symbol:
    """Blob#default_variant_format: a web image keeps its format (the extension when it agrees with
    the content type, else the type's own), anything else becomes :png."""
    if blob.content_type not in WEB_IMAGE_CONTENT_TYPES:
        return Symbol("png")
    _, dot, extension = blob.filename.rpartition(".")
    if dot and extension and mimetypes.guess_type(f"x.{extension}", strict=False)[0] == blob.content_type:
        return extension
    return (mimetypes.guess_extension(blob.content_type, strict=False) or ".png").lstrip(".")


class Blobs:
    def __init__(self, store: Store) -> None:
        self._store = store
        secret = hashlib.sha256(f"fakewoot ActiveStorage {store.seed}".encode()).digest()
        self.verifier = MessageVerifier(secret)

    # --- records ------------------------------------------------------------------------------

    def get(self, blob_id: int) -> Blob | None:
        return self._store.state.blobs.get(blob_id)

    def by_key(self, key: str) -> Blob | None:
        return next((blob for blob in self._store.state.blobs.values() if blob.key == key), None)

    def _key(self) -> str:
        """has_secure_token :key, length: 28 (SecureRandom.base36), from the seeded generator."""
        rng = self._store.state.tokens
        return "".join(_BASE36[rng.randbelow(36)] for _ in range(KEY_LENGTH))

    def _add(self, **values: Any) -> Blob:
        state = self._store.state
        blob = Blob(id=state.blobs.next_id(), key=self._key(), created_at=self._store.clock.now(), **values)
        return state.blobs.add(blob)

    def create_before_direct_upload(
        self,
        *,
        filename: str,
        byte_size: int,
        checksum: str | None,
        content_type: str | None,
        metadata: dict[str, Any] | None,
    ) -> Blob:
        """Blob.create_before_direct_upload!: the row now, the bytes when the client PUTs them."""
        return self._add(
            filename=filename,
            content_type=content_type,
            byte_size=byte_size,
            checksum=checksum,
            metadata=dict(metadata or {}),
        )

    def create_and_upload(self, data: bytes, *, filename: str, content_type: str | None) -> Blob:
        """Blob.create_and_upload!(io:, filename:, content_type:): unfurled (checksum, size,
        identified type) and stored."""
        return self.attach(self.stage(data, filename=filename, content_type=content_type), data)

    def stage(self, data: bytes, *, filename: str, content_type: str | None, ahead: int = 0) -> Blob:
        """An unfurled blob not stored yet, with the id it will get (`ahead` others staged before it
        in the same save): what `record.avatar = file` builds before the record saves (a refused
        save leaves no blob). `attach` stores it."""
        return Blob(
            id=self._store.state.sequences.peek("active_storage_blobs") + 1 + ahead,
            key="",
            filename=filename,
            content_type=identify(data, filename, content_type),
            byte_size=len(data),
            checksum=checksum_of(data),
            created_at=self._store.clock.now(),
            metadata={"identified": True},
        )

    def attach(self, blob: Blob, data: bytes) -> Blob:
        """Store a staged blob (the record saved) under the id it was staged with."""
        state = self._store.state
        if blob.id in state.blobs:  # another blob took the id meanwhile: the next one
            blob.id = state.blobs.next_id()
        blob.key = self._key()
        state.blobs.add(blob)
        state.blob_bytes[blob.key] = data
        return blob

    def analyze(self, blob: Blob) -> None:
        """Blob#analyze (AnalyzeJob, after the blob is attached): the image analyzer's width and
        height, then `analyzed: true`; a blob whose bytes never arrived stays as it is."""
        data = self.download(blob.key)
        if data is None or blob.metadata.get("analyzed"):
            return
        size = image_size(data) if (blob.content_type or "").startswith("image/") else None
        extracted = {} if size is None else {"width": size[0], "height": size[1]}
        blob.metadata = {**blob.metadata, **extracted, "analyzed": True}

    def purge(self, blob: Blob) -> None:
        """Blob#purge: the row and the file go (URLs naming it answer 404 from now on)."""
        state = self._store.state
        state.blobs.remove(blob.id)
        state.blob_bytes.pop(blob.key, None)

    # --- the Disk service ---------------------------------------------------------------------

    def upload(self, key: str, data: bytes, checksum: str | None) -> None:
        """DiskService#upload with ensure_integrity_of: a wrong checksum stores nothing."""
        if checksum is not None and checksum_of(data) != checksum:
            raise IntegrityError(key)
        self._store.state.blob_bytes[key] = data

    def download(self, key: str) -> bytes | None:
        return self._store.state.blob_bytes.get(key)

    # --- signed ids and tokens ----------------------------------------------------------------

    def signed_id(self, blob: Blob) -> str:
        return self.verifier.generate(blob.id, purpose=PURPOSE_BLOB_ID)

    def signed_blob_id(self, signed_id: object) -> int | None:
        """The blob id a signed id carries, or None when the signature does not hold
        (find_signed! raises ActiveSupport::MessageVerifier::InvalidSignature)."""
        blob_id = self.verifier.verified(signed_id, purpose=PURPOSE_BLOB_ID, now=self._store.clock.now())
        return blob_id if isinstance(blob_id, int) and not isinstance(blob_id, bool) else None

    def find_signed(self, signed_id: object) -> Blob | bool | None:
        """Blob.find_signed!: the blob; None when the signature holds but the row is gone
        (RecordNotFound); False when the signature does not hold (InvalidSignature)."""
        blob_id = self.signed_blob_id(signed_id)
        return False if blob_id is None else self.get(blob_id)

    def variation_key(self, transformations: dict[Symbol, Any]) -> str:
        return self.verifier.generate(transformations, purpose=PURPOSE_VARIATION)

    def verified_variation(self, key: str) -> bool:
        found = self.verifier.verified(key, purpose=PURPOSE_VARIATION, now=self._store.clock.now())
        return isinstance(found, dict)

    def disk_key(self, blob: Blob, disposition: str) -> str:
        """The encoded key of a disk URL (DiskService#generate_url), valid for five minutes."""
        value = {
            Symbol("key"): blob.key,
            Symbol("disposition"): disposition,
            Symbol("content_type"): content_type_for_serving(blob),
            Symbol("service_name"): blob.service_name,
        }
        expires = self._store.clock.now() + SERVICE_URLS_EXPIRE_IN
        return self.verifier.generate(value, purpose=PURPOSE_BLOB_KEY, expires_at=expires)

    def upload_token(self, blob: Blob) -> str:
        """The encoded token of a direct-upload URL (DiskService#url_for_direct_upload)."""
        value = {
            Symbol("key"): blob.key,
            Symbol("content_type"): blob.content_type,
            Symbol("content_length"): blob.byte_size,
            Symbol("checksum"): blob.checksum,
            Symbol("service_name"): blob.service_name,
        }
        expires = self._store.clock.now() + SERVICE_URLS_EXPIRE_IN
        return self.verifier.generate(value, purpose=PURPOSE_BLOB_TOKEN, expires_at=expires)

    def _decoded(self, token: str, purpose: str) -> dict[str, Any] | None:
        found = self.verifier.verified(token, purpose=purpose, now=self._store.clock.now())
        if not isinstance(found, dict) or found.get("service_name") != SERVICE_NAME:
            return None
        return {str(name): value for name, value in found.items()}

    def decode_key(self, token: str) -> dict[str, Any] | None:
        return self._decoded(token, PURPOSE_BLOB_KEY)

    def decode_upload_token(self, token: str) -> dict[str, Any] | None:
        return self._decoded(token, PURPOSE_BLOB_TOKEN)
