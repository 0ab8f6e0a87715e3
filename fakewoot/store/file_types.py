"""Attachment rules Chatwoot's models hold, for every path that builds a message attachment (the
messages APIs, the Client API, macro and automation actions). Sources at v4.10:
app/helpers/file_type_helper.rb, app/models/attachment.rb (ACCEPTABLE_FILE_TYPES, acceptable_file)."""

from __future__ import annotations

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image")
VIDEO_TYPES = ("video/ogg", "video/mp4", "video/webm", "video/quicktime", "video")
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


def file_type(mime: str | None) -> str:
    """FileTypeHelper#file_type: a few exact image and video types, anything with audio/, else file."""
    if mime in IMAGE_TYPES:
        return "image"
    if mime in VIDEO_TYPES:
        return "video"
    return "audio" if mime is not None and "audio/" in mime else "file"


def widget_file_errors(content_type: str | None, byte_size: int) -> list[str]:
    """Attachment#acceptable_file, which only a web widget inbox's messages run: 40 MB at most, a
    media type or one of ACCEPTABLE_FILE_TYPES."""
    kind = content_type or ""
    errors: list[str] = []
    if byte_size > WIDGET_FILE_LIMIT:
        errors.append(MSG_FILE_TOO_BIG)
    if not kind.startswith(("image/", "video/", "audio/")) and kind not in ACCEPTABLE_FILE_TYPES:
        errors.append(MSG_FILE_TYPE)
    return errors
