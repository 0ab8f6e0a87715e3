"""Blobs end to end: Rails' direct upload, the disk PUT, a message attaching the signed id, and the
URLs that serve the bytes; Chatwoot's upload endpoint; the conversation direct upload.

Shapes from activestorage 7.1 (DirectUploadsController#direct_upload_json, Blob#as_json with the
active_storage_blobs columns of Chatwoot's db/schema.rb in order), DiskController,
Blobs::RedirectController; app/controllers/api/v1/accounts/upload_controller.rb and
conversations/direct_uploads_controller.rb, app/models/attachment.rb at v4.10.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from typing import Any
from urllib.parse import urlsplit

import pytest

from fakewoot import FrozenClock, SystemClock
from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACCOUNT
from fakewoot.store.blobs import SERVICE_URLS_EXPIRE_IN
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, PLATFORM_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

from fakewoot.api.attachments import (  # isort: skip
    MSG_BLOB_NOT_FOUND,
    MSG_INVALID_SIGNATURE,
    MSG_NO_EACH,
    MSG_NOT_ATTACHABLE,
)
from fakewoot.store.file_types import MSG_FILE_TYPE, MSG_VALIDATION_FAILED  # isort: skip
from fakewoot.api.uploads import MSG_FETCH_FAILED, MSG_INVALID_URL, MSG_NO_FILE, MSG_UNEXPECTED  # isort: skip

ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
RAILS_DIRECT = "/rails/active_storage/direct_uploads"
CONVERSATION_DIRECT = "/api/v1/accounts/1/conversations/1/direct_uploads"
UPLOAD = "/api/v1/accounts/1/upload"
MESSAGES = "/api/v1/accounts/1/conversations/1/messages"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24 + b"fakewoot"
BLOB_KEYS = [
    "id",
    "key",
    "filename",
    "content_type",
    "metadata",
    "byte_size",
    "checksum",
    "created_at",
    "service_name",
    "signed_id",
    "direct_upload",
]


def md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def blob_params(data: bytes = PNG, **changes: Any) -> dict[str, Any]:
    blob = {
        "filename": "shot.png",
        "byte_size": len(data),
        "checksum": md5(data),
        "content_type": "image/png",
    }
    return {"blob": {**blob, **changes}}


def direct_upload(client: Any, data: bytes = PNG, url: str = RAILS_DIRECT, **changes: Any) -> dict[str, Any]:
    response = client.post(url, json=blob_params(data, **changes), headers=ADMIN)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def put_bytes(client: Any, created: dict[str, Any], data: bytes) -> Any:
    upload = created["direct_upload"]
    return client.put(path_of(upload["url"]), content=data, headers=upload["headers"])


def fetch(client: Any, url: str) -> Any:
    """Follow the blob's redirect once, then fetch the disk URL."""
    redirect = client.get(path_of(url))
    assert redirect.status_code == 302, redirect.text
    return client.get(path_of(redirect.headers["location"]))


def test_direct_upload_shape(client, fake):
    body = direct_upload(client, metadata={"identified": True})
    assert list(body) == BLOB_KEYS
    assert body["id"] >= 1 and len(body["key"]) == 28 and body["key"].isalnum() and body["key"].islower()
    assert (body["filename"], body["content_type"], body["byte_size"], body["checksum"]) == (
        "shot.png",
        "image/png",
        len(PNG),
        md5(PNG),
    )
    assert body["metadata"] == {"identified": True}
    assert body["service_name"] == "local"
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 24
    data, _, digest = body["signed_id"].partition("--")
    assert base64.b64decode(data).startswith(b'{"_rails":{"message":"BAhp') and len(digest) == 40
    assert body["direct_upload"]["headers"] == {"Content-Type": "image/png"}
    assert (
        body["direct_upload"]["url"].startswith("http")
        and "/rails/active_storage/disk/" in body["direct_upload"]["url"]
    )
    assert fake.store.blobs.download(body["key"]) is None  # the bytes come with the PUT


def test_round_trip_direct_upload_message_and_bytes(client, fake):
    created = direct_upload(client)
    stored = put_bytes(client, created, PNG)
    assert (stored.status_code, stored.content) == (204, b"")
    message = client.post(
        MESSAGES, json={"content": "see", "attachments": [created["signed_id"]]}, headers=AGENT
    )
    assert message.status_code == 200, message.text
    (attachment,) = message.json()["attachments"]
    assert attachment["file_type"] == "image" and attachment["file_size"] == len(PNG)
    assert (
        "/rails/active_storage/blobs/redirect/" + created["signed_id"] + "/shot.png" in attachment["data_url"]
    )
    assert (
        "/rails/active_storage/representations/redirect/" + created["signed_id"] + "/"
        in attachment["thumb_url"]
    )
    served = fetch(client, attachment["data_url"])
    assert (served.status_code, served.content) == (200, PNG)
    assert served.headers["content-type"] == "image/png"
    assert served.headers["content-disposition"] == "inline; filename=\"shot.png\"; filename*=UTF-8''shot.png"
    thumb = fetch(client, attachment["thumb_url"])  # no image processing: the original
    assert (thumb.status_code, thumb.content) == (200, PNG)
    listed = client.get(MESSAGES, headers=AGENT).json()["payload"][-1]["attachments"][0]
    assert listed["data_url"] == attachment["data_url"]


def test_multipart_message_attachments_serve_their_bytes(client):
    response = client.post(
        MESSAGES,
        data={"content": "files"},
        files=[("attachments[]", ("notes.txt", b"hello there", "text/plain"))],
        headers=AGENT,
    )
    assert response.status_code == 200, response.text
    (attachment,) = response.json()["attachments"]
    assert attachment["thumb_url"] == ""  # not an image
    served = fetch(client, attachment["data_url"])
    assert served.content == b"hello there"
    # text/plain is not allowed inline: Rails forces an attachment disposition
    assert served.headers["content-disposition"].startswith('attachment; filename="notes.txt"')


def test_redirect_headers_and_blob_route_alias(client):
    created = direct_upload(client)
    put_bytes(client, created, PNG)
    for prefix in ("/rails/active_storage/blobs/redirect/", "/rails/active_storage/blobs/"):
        response = client.get(f"{prefix}{created['signed_id']}/shot.png")
        assert response.status_code == 302
        assert response.headers["cache-control"] == "max-age=300, private"
        assert response.content == b""
        assert "/rails/active_storage/disk/" in response.headers["location"]
    download = client.get(
        f"/rails/active_storage/blobs/redirect/{created['signed_id']}/shot.png?disposition=attachment"
    )
    assert (
        client.get(path_of(download.headers["location"]))
        .headers["content-disposition"]
        .startswith("attachment;")
    )
    proxied = client.get(f"/rails/active_storage/blobs/proxy/{created['signed_id']}/shot.png")
    assert (proxied.status_code, proxied.content) == (200, PNG)


def test_disk_range_request(client):
    created = direct_upload(client)
    put_bytes(client, created, PNG)
    disk = path_of(client.get(f"/rails/active_storage/blobs/{created['signed_id']}/x").headers["location"])
    part = client.get(disk, headers={"Range": "bytes=1-3"})
    assert (part.status_code, part.content, part.headers["content-range"]) == (
        206,
        b"PNG",
        f"bytes 1-3/{len(PNG)}",
    )
    refused = client.get(disk, headers={"Range": f"bytes={len(PNG) + 5}-"})
    assert (refused.status_code, refused.headers["content-range"]) == (416, f"bytes */{len(PNG)}")


def test_bad_signed_ids_and_tokens_are_404(client, fake):
    created = direct_upload(client)
    put_bytes(client, created, PNG)
    forged = created["signed_id"][:-1] + ("0" if created["signed_id"][-1] != "0" else "1")
    for url in (
        f"/rails/active_storage/blobs/redirect/{forged}/shot.png",
        "/rails/active_storage/blobs/redirect/not-a-signed-id/shot.png",
        f"/rails/active_storage/representations/redirect/{forged}/x--y/shot.png",
        f"/rails/active_storage/representations/redirect/{created['signed_id']}/x--y/shot.png",
        "/rails/active_storage/disk/garbage--0/shot.png",
    ):
        response = client.get(url)
        assert (response.status_code, response.content) == (404, b""), url
    # a signed id is not a disk key: purposes differ
    assert client.get(f"/rails/active_storage/disk/{created['signed_id']}/shot.png").status_code == 404
    assert client.put(f"/rails/active_storage/disk/{created['signed_id']}", content=PNG).status_code == 404
    # a good signature for a blob that is gone: RecordNotFound, Rails' 404 body
    fake.store.state.blobs.remove(created["id"])
    gone = client.get(f"/rails/active_storage/blobs/redirect/{created['signed_id']}/shot.png")
    assert (gone.status_code, gone.json()) == (404, {"status": 404, "error": "Not Found"})


def test_disk_urls_expire_after_five_minutes(client, fake):
    clock = FrozenClock("2026-01-05T10:00:00Z")
    fake.set_clock(clock)
    try:
        created = direct_upload(client)
        put_bytes(client, created, PNG)
        disk = path_of(
            client.get(f"/rails/active_storage/blobs/{created['signed_id']}/x").headers["location"]
        )
        assert client.get(disk).status_code == 200
        clock.advance(SERVICE_URLS_EXPIRE_IN - 1)
        assert client.get(disk).status_code == 200
        clock.advance(2)
        assert client.get(disk).status_code == 404
        assert put_bytes(client, created, PNG).status_code == 404  # the upload URL expired too
        fresh = client.get(f"/rails/active_storage/blobs/{created['signed_id']}/x").headers["location"]
        assert client.get(path_of(fresh)).content == PNG  # the signed id itself does not expire
    finally:
        fake.set_clock(SystemClock())


def test_put_checks_type_length_and_checksum(client, fake):
    created = direct_upload(client)
    url = path_of(created["direct_upload"]["url"])
    wrong_type = client.put(url, content=PNG, headers={"Content-Type": "image/jpeg"})
    assert (wrong_type.status_code, wrong_type.content) == (422, b"")
    wrong_length = client.put(url, content=PNG + b"!", headers={"Content-Type": "image/png"})
    assert wrong_length.status_code == 422
    wrong_bytes = client.put(url, content=PNG[:-1] + b"?", headers={"Content-Type": "image/png"})
    assert wrong_bytes.status_code == 422  # ActiveStorage::IntegrityError
    assert fake.store.blobs.download(created["key"]) is None
    assert put_bytes(client, created, PNG).status_code == 204
    assert fake.store.blobs.download(created["key"]) == PNG


def test_direct_upload_refusals(client, fake):
    before = fake.snapshot()
    for body in ({"filename": "flat.png", "byte_size": 3, "checksum": "x"}, {"blob": {}}):
        missing = client.post(RAILS_DIRECT, json=body, headers=ADMIN)
        assert (missing.status_code, missing.json()) == (400, {"status": 400, "error": "Bad Request"})
    not_a_hash = client.post(RAILS_DIRECT, json={"blob": "shot.png"})
    assert (not_a_hash.status_code, not_a_hash.json()) == (
        422,
        {"status": 422, "error": "Unprocessable Entity"},
    )
    for changes in (
        {"filename": None},
        {"byte_size": "many"},
        {"byte_size": fake.settings.max_body_bytes + 1},
        {"checksum": None},
        {"checksum": ""},
    ):
        refused = client.post(RAILS_DIRECT, json=blob_params(**changes))
        assert (refused.status_code, refused.json()) == (
            422,
            {"status": 422, "error": "Unprocessable Entity"},
        )
    assert fake.snapshot() == before


def test_message_with_bad_signed_ids(client, fake):
    created = direct_upload(client)
    fake.store.state.blobs.remove(created["id"])
    before = fake.snapshot()
    cases = [
        ("not-signed", MSG_INVALID_SIGNATURE),
        (created["signed_id"], MSG_BLOB_NOT_FOUND.format(id=created["id"])),
        (5, MSG_NOT_ATTACHABLE.format(value="5")),
        (
            {"a": 1},
            MSG_NOT_ATTACHABLE.format(value='#<ActionController::Parameters {"a" => 1} permitted: false>'),
        ),
    ]
    for value, error in cases:
        response = client.post(MESSAGES, json={"content": "x", "attachments": [value]}, headers=AGENT)
        assert (response.status_code, response.json()) == (422, {"error": error})
    # `@attachments.each`: a lone value is not a list
    for value, receiver in (
        (created["signed_id"], "an instance of String"),
        (7, "an instance of Integer"),
        (True, "true"),
    ):
        response = client.post(MESSAGES, json={"content": "x", "attachments": value}, headers=AGENT)
        assert (response.status_code, response.json()) == (
            422,
            {"error": MSG_NO_EACH.format(receiver=receiver)},
        )
    pairs = client.post(MESSAGES, json={"content": "x", "attachments": {"k": "v"}}, headers=AGENT)
    assert pairs.json() == {"error": MSG_NOT_ATTACHABLE.format(value='["k", "v"]')}
    lone_file = client.post(MESSAGES, data={"content": "x"}, files={"attachments": AVATAR}, headers=AGENT)
    assert lone_file.json() == {
        "error": MSG_NO_EACH.format(receiver="an instance of ActionDispatch::Http::UploadedFile")
    }
    assert fake.snapshot() == before


# --- Chatwoot's upload endpoint -----------------------------------------------------------------


def test_upload_file_answers_url_and_signed_id(client, fake):
    response = client.post(UPLOAD, files={"attachment": ("avatar.png", PNG, "image/png")}, headers=AGENT)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["file_url", "blob_id"]
    blob = fake.store.blobs.find_signed(body["blob_id"])
    assert blob is not None and blob is not False
    assert (blob.filename, blob.content_type, blob.byte_size, blob.metadata) == (
        "avatar.png",
        "image/png",
        len(PNG),
        {"identified": True},
    )
    assert body["file_url"].endswith(f"/rails/active_storage/blobs/redirect/{body['blob_id']}/avatar.png")
    assert fetch(client, body["file_url"]).content == PNG


def test_upload_identifies_the_type_from_the_bytes(client, fake):
    response = client.post(
        UPLOAD, files={"attachment": ("x.bin", PNG, "application/octet-stream")}, headers=ADMIN
    )
    blob = fake.store.blobs.find_signed(response.json()["blob_id"])
    assert blob is not None and blob is not False and blob.content_type == "image/png"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, MSG_NO_FILE),
        ({"attachment": ""}, MSG_NO_FILE),
        ({"external_url": "not_a_url"}, MSG_INVALID_URL),
        ({"external_url": "ftp://example.com/image.jpg"}, MSG_INVALID_URL),
        ({"external_url": "http://example.com/image.jpg"}, MSG_INVALID_URL),  # off this machine
        ({"external_url": "http://exa mple.com/a.png"}, MSG_INVALID_URL),
        ({"attachment": "text, not a file"}, MSG_UNEXPECTED),
    ],
)
def test_upload_refusals(client, fake, params, error):
    before = fake.snapshot()
    response = client.post(UPLOAD, json=params, headers=AGENT)
    assert (response.status_code, response.json()) == (422, {"error": error})
    assert fake.snapshot() == before


def test_upload_from_a_loopback_url(client, fake, httpserver):
    httpserver.expect_request("/files/photo.png").respond_with_data(PNG, content_type="image/png")
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/my shot.png").respond_with_data(PNG, content_type="image/png")  # decoded
    response = client.post(
        UPLOAD, json={"external_url": httpserver.url_for("/files/photo.png")}, headers=AGENT
    )
    assert response.status_code == 200, response.text
    blob = fake.store.blobs.find_signed(response.json()["blob_id"])
    assert (
        blob is not None and blob is not False and (blob.filename, blob.byte_size) == ("photo.png", len(PNG))
    )
    escaped = client.post(UPLOAD, json={"external_url": httpserver.url_for("/my%20shot.png")}, headers=AGENT)
    named = fake.store.blobs.find_signed(escaped.json()["blob_id"])
    assert named is not None and named is not False and named.filename == "my%20shot.png"  # File.basename
    failed = client.post(UPLOAD, json={"external_url": httpserver.url_for("/missing")}, headers=AGENT)
    assert (failed.status_code, failed.json()) == (
        422,
        {"error": MSG_FETCH_FAILED.format(reason="404 NOT FOUND")},
    )


def test_upload_auth_matrix(client):
    files = {"attachment": ("a.png", PNG, "image/png")}
    assert_refuses_strangers(client, "POST", UPLOAD, files=files)
    bot = client.post(UPLOAD, files=files, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.post(UPLOAD, files=files, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


# --- the conversation's direct upload -----------------------------------------------------------


def test_conversation_direct_upload_is_rails_direct_upload(client):
    body = direct_upload(client, url=CONVERSATION_DIRECT)
    assert list(body) == BLOB_KEYS and body["content_type"] == "image/png"
    assert put_bytes(client, body, PNG).status_code == 204


def test_conversation_direct_upload_takes_no_credentials(client):
    """ActionController::Base: no token authentication upstream; any caller gets the blob."""
    for headers in ({}, token("not-a-token"), token(BOT_TOKEN), token(OTHER_ADMIN_TOKEN)):
        response = client.post(CONVERSATION_DIRECT, json=blob_params(), headers=headers)
        assert response.status_code == 200, headers


def test_conversation_direct_upload_without_account_or_conversation(client, fake):
    before = fake.snapshot()
    unknown = client.post("/api/v1/accounts/999/conversations/1/direct_uploads", json=blob_params())
    assert (unknown.status_code, unknown.json()) == (404, {"status": 404, "error": "Not Found"})
    no_conversation = client.post(CONVERSATION_DIRECT.replace("/1/direct", "/999/direct"), json=blob_params())
    assert (no_conversation.status_code, no_conversation.content) == (204, b"")
    assert "content-type" not in no_conversation.headers
    assert fake.snapshot() == before


# --- avatars are real blobs ----------------------------------------------------------------------

AVATAR = ("face.png", PNG, "image/png")


@pytest.mark.parametrize(
    ("method", "url", "files", "read"),
    [
        ("PATCH", "/api/v1/accounts/1/contacts/2", {"avatar": AVATAR}, lambda b: b["payload"]["thumbnail"]),
        ("PUT", "/api/v1/profile", {"profile[avatar]": AVATAR}, lambda b: b["avatar_url"]),
        ("PATCH", "/api/v1/accounts/1/inboxes/1", {"avatar": AVATAR}, lambda b: b["avatar_url"]),
        ("POST", "/api/v1/accounts/1/agent_bots", {"avatar": AVATAR}, lambda b: b["thumbnail"]),
    ],
)
def test_avatar_urls_serve_the_uploaded_bytes(client, method, url, files, read):
    data = {"name": "Avatar Bot"} if url.endswith("agent_bots") else {}
    response = client.request(method, url, data=data, files=files, headers=ADMIN)
    assert response.status_code == 200, response.text
    avatar = read(response.json())
    # Avatarable#avatar_url: the 250-wide representation of the blob
    assert "/rails/active_storage/representations/redirect/" in avatar and avatar.endswith("/face.png")
    served = fetch(client, avatar)
    assert (served.status_code, served.content, served.headers["content-type"]) == (200, PNG, "image/png")


def test_platform_agent_bot_avatar_is_a_blob(client, fake):
    response = client.post(
        "/platform/api/v1/agent_bots",
        data={"name": "p"},
        files={"avatar": AVATAR},
        headers=token(PLATFORM_TOKEN),
    )
    assert response.status_code == 200, response.text  # the platform view has no avatar key
    assert fetch(client, fake.store.agent_bots.get(response.json()["id"]).avatar_url).content == PNG


def test_a_refused_contact_keeps_no_avatar_blob(client, fake):
    before = fake.snapshot()
    taken = fake.store.contacts.get(1, 1).email
    response = client.post(
        "/api/v1/accounts/1/contacts",
        data={"name": "Dup", "email": taken},
        files={"avatar": AVATAR},
        headers=ADMIN,
    )
    assert response.status_code == 422, response.text
    assert fake.snapshot() == before


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00" * 4


def test_attachments_are_analysed_after_the_response(client, fake):
    """AnalyzeJob runs after the attachment commits: the create answer has no size, later reads do."""
    image = _png(640, 480)
    response = client.post(
        MESSAGES,
        data={"content": "i"},
        files=[("attachments[]", ("p.png", image, "image/png"))],
        headers=AGENT,
    )
    created = response.json()["attachments"][0]
    assert (created["width"], created["height"]) == (None, None)
    listed = client.get(MESSAGES, headers=AGENT).json()["payload"][-1]["attachments"][0]
    assert (listed["width"], listed["height"]) == (640, 480)
    blob = fake.store.blobs.find_signed(urlsplit(created["data_url"]).path.split("/")[-2])
    assert blob is not None and blob is not False
    assert blob.metadata == {"identified": True, "width": 640, "height": 480, "analyzed": True}
    # the same blob attached again is analysed already: the new attachment has its size at once
    again = client.post(
        MESSAGES, json={"content": "again", "attachments": [fake.store.blobs.signed_id(blob)]}, headers=AGENT
    )
    assert again.json()["attachments"][0]["width"] == 640


def test_a_refused_message_keeps_no_blob(client, fake):
    before = fake.snapshot()
    response = client.post(
        MESSAGES, data={"content": "x" * 150_001}, files=[("attachments[]", AVATAR)], headers=AGENT
    )
    assert response.status_code == 422, response.text
    assert fake.snapshot() == before


@pytest.mark.parametrize(
    ("upload", "delete", "read"),
    [
        (
            ("PATCH", "/api/v1/accounts/1/contacts/2", "avatar"),
            "/api/v1/accounts/1/contacts/2/avatar",
            "thumbnail",
        ),
        (("PUT", "/api/v1/profile", "profile[avatar]"), "/api/v1/profile/avatar", "avatar_url"),
        (
            ("PATCH", "/api/v1/accounts/1/inboxes/1", "avatar"),
            "/api/v1/accounts/1/inboxes/1/avatar",
            "avatar_url",
        ),
    ],
)
def test_a_deleted_avatar_is_purged(client, upload, delete, read):
    method, url, field = upload
    body = client.request(method, url, files={field: AVATAR}, headers=ADMIN).json()
    avatar = (body.get("payload") or body)[read]
    assert fetch(client, avatar).status_code == 200
    assert client.delete(delete, headers=ADMIN).status_code == 200
    gone = client.get(path_of(avatar))  # the row is gone: RecordNotFound
    assert (gone.status_code, gone.json()) == (404, {"status": 404, "error": "Not Found"})


def test_a_deleted_message_purges_blobs_no_other_message_holds(client, fake):
    created = direct_upload(client)
    put_bytes(client, created, PNG)
    shared = {"content": "a", "attachments": [created["signed_id"]]}
    first = client.post(MESSAGES, json=shared, headers=AGENT).json()
    second = client.post(MESSAGES, json=shared, headers=AGENT).json()
    own = client.post(
        MESSAGES, data={"content": "b"}, files=[("attachments[]", AVATAR)], headers=AGENT
    ).json()
    assert client.delete(f"{MESSAGES}/{own['id']}", headers=AGENT).status_code == 200
    assert client.get(path_of(own["attachments"][0]["data_url"])).status_code == 404
    assert client.delete(f"{MESSAGES}/{first['id']}", headers=AGENT).status_code == 200
    assert fetch(client, second["attachments"][0]["data_url"]).content == PNG  # still attached to the second
    assert client.delete(f"{MESSAGES}/{second['id']}", headers=AGENT).status_code == 200
    assert fake.store.blobs.get(created["id"]) is None


def test_model_urls_use_frontend_url_and_controller_urls_the_request(client, fake):
    """Attachment#file_url and Avatarable#avatar_url are written by models (default_url_options:
    FRONTEND_URL); the upload answer and the redirects by controllers (the request's host)."""
    fake.settings.frontend_url = "https://chat.example"
    try:
        message = client.post(
            MESSAGES, data={"content": "f"}, files=[("attachments[]", AVATAR)], headers=AGENT
        )
        attachment = message.json()["attachments"][0]
        assert attachment["data_url"].startswith("https://chat.example/rails/active_storage/blobs/redirect/")
        assert attachment["thumb_url"].startswith(
            "https://chat.example/rails/active_storage/representations/"
        )
        avatar = client.patch("/api/v1/accounts/1/contacts/2", files={"avatar": AVATAR}, headers=ADMIN)
        assert avatar.json()["payload"]["thumbnail"].startswith("https://chat.example/")
        uploaded = client.post(UPLOAD, files={"attachment": AVATAR}, headers=ADMIN).json()
        assert not uploaded["file_url"].startswith("https://chat.example/")
        redirect = client.get(path_of(attachment["data_url"]))
        assert not redirect.headers["location"].startswith("https://chat.example/")
        assert client.get(path_of(redirect.headers["location"])).content == PNG
    finally:
        fake.settings.frontend_url = None


def test_a_webp_thumbnail_is_a_png_variant(client, fake):
    """Blob#default_variant_format: not a web image (png, jpeg, gif), so the variant is :png."""
    files = [("attachments[]", ("pic.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"))]
    attachment = client.post(MESSAGES, data={"content": "w"}, files=files, headers=AGENT).json()[
        "attachments"
    ][0]
    assert attachment["file_type"] == "image" and attachment["thumb_url"].endswith("/pic.png")
    variation = urlsplit(attachment["thumb_url"]).path.split("/")[-2]
    assert fake.store.blobs.verifier.verified(variation, purpose="variation", now=0) == {
        "format": "png",
        "resize_to_fill": [250, None],
    }


def test_web_widget_messages_accept_media_and_listed_types_only(client, fake):
    widget = "/api/v1/accounts/1/conversations/2/messages"  # conversation 2 is in the website inbox
    before = fake.snapshot()
    files = [
        ("attachments[]", ("run.exe", b"MZ\x90\x00", "application/x-msdownload")),
        ("attachments[]", ("ok.pdf", b"%PDF-1.4", "application/pdf")),
        ("attachments[]", ("page.html", b"<html></html>", "text/html")),
    ]
    refused = client.post(widget, data={"content": "f"}, files=files, headers=ADMIN)
    expected = MSG_VALIDATION_FAILED.format(errors=f"{MSG_FILE_TYPE}, {MSG_FILE_TYPE}")
    assert (refused.status_code, refused.json()) == (422, {"error": expected})
    assert fake.snapshot() == before
    fine = [("attachments[]", ("ok.pdf", b"%PDF-1.4", "application/pdf")), ("attachments[]", AVATAR)]
    assert client.post(widget, data={"content": "f"}, files=fine, headers=ADMIN).status_code == 200
    # an API inbox runs no such check
    exe = [("attachments[]", ("run.exe", b"MZ\x90\x00", "application/x-msdownload"))]
    assert client.post(MESSAGES, data={"content": "f"}, files=exe, headers=ADMIN).status_code == 200


def test_the_conversation_attachments_list_serves_the_bytes(client):
    client.post(MESSAGES, data={"content": "f"}, files=[("attachments[]", AVATAR)], headers=AGENT)
    listed = client.get("/api/v1/accounts/1/conversations/1/attachments", headers=AGENT)
    assert listed.status_code == 200, listed.text
    (first,) = [a for a in listed.json()["payload"] if a["data_url"].endswith("/face.png")]
    assert fetch(client, first["data_url"]).content == PNG
    assert fetch(client, first["thumb_url"]).content == PNG
