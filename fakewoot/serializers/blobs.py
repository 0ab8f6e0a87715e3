"""ActiveStorage blobs on the wire: Blob#as_json, the direct-upload answer, and the URLs Rails'
url helpers write for a blob (activestorage 7.1 config/routes.rb).

Every URL is absolute on the request's base URL, as `url_for` writes it in a controller. Filenames
in paths are ActiveStorage::Filename#sanitized, escaped as a Journey path segment.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fakewoot.serializers._common import iso8601
from fakewoot.store.blobs import (
    VARIABLE_CONTENT_TYPES,
    Blob,
    disposition_for_serving,
    sanitized,
    variant_format,
)
from fakewoot.store.message_verifier import Symbol

if TYPE_CHECKING:
    from fakewoot.store.blobs import Blobs

PREFIX = "/rails/active_storage"
THUMB_WIDTH = 250  # Attachment#thumb_url: representation(resize_to_fill: [250, nil])
_SEGMENT_SAFE = "!$&'()*+,;=:@"  # Journey's escape_segment keeps unreserved, sub-delims, ':' and '@'
_ASCII_ESCAPED = set(" !#$+.^_`|~-")  # ContentDisposition's TRADITIONAL_ESCAPED_CHAR complement
_RFC5987_KEPT = set("!#$&+.^_`|~-")


def blob_json(blob: Blob, signed_id: str) -> dict[str, Any]:
    """`blob.as_json(root: false, methods: :signed_id)`: the columns in table order, then signed_id."""
    return {
        "id": blob.id,
        "key": blob.key,
        "filename": blob.filename,
        "content_type": blob.content_type,
        "metadata": blob.metadata,
        "byte_size": blob.byte_size,
        "checksum": blob.checksum,
        "created_at": iso8601(blob.created_at),
        "service_name": blob.service_name,
        "signed_id": signed_id,
    }


def direct_upload_json(blobs: Blobs, blob: Blob, base_url: str) -> dict[str, Any]:
    """ActiveStorage::DirectUploadsController#direct_upload_json (Disk service)."""
    body = blob_json(blob, blobs.signed_id(blob))
    body["direct_upload"] = {
        "url": f"{base_url}{PREFIX}/disk/{blobs.upload_token(blob)}",
        "headers": {"Content-Type": blob.content_type},
    }
    return body


def _segment(filename: str) -> str:
    return quote(sanitized(filename), safe=_SEGMENT_SAFE)


def blob_url(blobs: Blobs, blob: Blob, base_url: str) -> str:
    """url_for(blob or attachment): rails_service_blob, the redirect route."""
    return f"{base_url}{PREFIX}/blobs/redirect/{blobs.signed_id(blob)}/{_segment(blob.filename)}"


def representable(blob: Blob) -> bool:
    """Blob#representable?: variable (previewers are off: Chatwoot sets active_storage.previewers = [])."""
    return blob.content_type in VARIABLE_CONTENT_TYPES


def representation_url(blobs: Blobs, blob: Blob, base_url: str, transformations: dict[str, Any]) -> str:
    """url_for(blob.representation(transformations)): rails_blob_representation. The variation
    defaults to the blob's variant format (Variation#default_to); the filename takes that format."""
    variant_format_ = variant_format(blob)
    variation = {Symbol("format"): variant_format_, **{Symbol(k): v for k, v in transformations.items()}}
    stem, dot, _ = blob.filename.rpartition(".")
    base = stem if dot and stem else blob.filename
    filename = f"{base}.{str(variant_format_).lower()}"
    key = blobs.variation_key(variation)
    return f"{base_url}{PREFIX}/representations/redirect/{blobs.signed_id(blob)}/{key}/{_segment(filename)}"


def thumb_url(blobs: Blobs, blob: Blob, base_url: str) -> str:
    """Attachment#thumb_url for an image: the 250-wide representation, '' when unrepresentable."""
    if not representable(blob):
        return ""
    return representation_url(blobs, blob, base_url, {"resize_to_fill": [THUMB_WIDTH, None]})


def content_disposition(kind: str, filename: str) -> str:
    """ActionDispatch::Http::ContentDisposition.format(disposition:, filename: filename.sanitized)."""
    name = sanitized(filename)
    ascii_name = "".join(char if char.isascii() else (_transliterated(char) or "?") for char in name)
    traditional = _percent_escaped(ascii_name, _ASCII_ESCAPED)
    extended = _percent_escaped(name, _RFC5987_KEPT)
    return f"{kind}; filename=\"{traditional}\"; filename*=UTF-8''{extended}"


def _percent_escaped(text: str, kept: set[str]) -> str:
    """ContentDisposition#percent_escape: every byte of a character outside the kept set as %XX."""
    return "".join(
        char
        if (char.isalnum() and char.isascii()) or char in kept
        else "".join(f"%{b:02X}" for b in char.encode())
        for char in text
    )


def _transliterated(char: str) -> str:
    """I18n.transliterate, roughly: the ASCII base letter of an accented one, else nothing."""
    return "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())


def disk_url(blobs: Blobs, blob: Blob, base_url: str, disposition: str = "inline") -> str:
    """Blob#url on the Disk service: rails_disk_service with a five-minute encoded key."""
    kind = disposition_for_serving(blob, disposition)
    key = blobs.disk_key(blob, content_disposition(kind, blob.filename))
    return f"{base_url}{PREFIX}/disk/{key}/{_segment(blob.filename)}"
