"""Port of spec/controllers/api/v1/upload_controller_spec.rb (v4.10).

The URL examples stub example.com with WebMock; fakewoot fetches nothing off this machine, so the
fetched file is served from a loopback server (pytest-httpserver) and the unreachable host is a
real name that fakewoot refuses as Chatwoot refuses a host it cannot resolve.
"""

from __future__ import annotations

from tests.conftest import ADMIN_TOKEN, token
from tests.specs.ledger import ports

from fakewoot.api.uploads import MSG_INVALID_URL, MSG_NO_FILE  # isort: skip

SPEC = "spec/controllers/api/v1/upload_controller_spec.rb"
UPSTREAM_ITS = 8
SKIPPED: dict[str, str] = {}
BASE = "POST /api/v1/accounts/:account_id/upload/"
FILE = BASE + " > when uploading a file > "
URL = BASE + " > when uploading from a URL > "
UPLOAD_URL = "/api/v1/accounts/1/upload/"
USER = token(ADMIN_TOKEN)
AVATAR = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def _file() -> dict[str, tuple[str, bytes, str]]:
    return {"attachment": ("avatar.png", AVATAR, "image/png")}


@ports(FILE + "uploads the image when authorized")
def test_uploads_the_image(http):
    response = http.post(UPLOAD_URL, files=_file(), headers=USER)
    assert response.status_code == 200
    blob = response.json()
    assert blob.get("errors") is None and blob["file_url"] and blob["blob_id"]


@ports(FILE + "does not upload when unauthorized")
def test_refuses_without_credentials(http, fake):
    response = http.post(UPLOAD_URL, files=_file())
    assert response.status_code == 401
    blob = response.json()
    assert blob["errors"] and "file_url" not in blob and "blob_key" not in blob and "blob_id" not in blob
    assert len(fake.store.state.blobs) == 0


@ports(URL + "uploads the image from URL when authorized")
def test_uploads_from_url(http, httpserver):
    httpserver.expect_request("/image.jpg").respond_with_data(AVATAR, content_type="image/png")
    response = http.post(UPLOAD_URL, data={"external_url": httpserver.url_for("/image.jpg")}, headers=USER)
    assert response.status_code == 200
    blob = response.json()
    assert blob.get("error") is None and blob["file_url"] and blob["blob_id"]


@ports(URL + "handles invalid URL format")
def test_invalid_url(http):
    response = http.post(UPLOAD_URL, data={"external_url": "not_a_url"}, headers=USER)
    assert (response.status_code, response.json()["error"]) == (422, MSG_INVALID_URL)


@ports(URL + "handles URL with unsupported protocol")
def test_unsupported_protocol(http):
    response = http.post(UPLOAD_URL, data={"external_url": "ftp://example.com/image.jpg"}, headers=USER)
    assert (response.status_code, response.json()["error"]) == (422, MSG_INVALID_URL)


@ports(URL + "handles unreachable URLs")
def test_unreachable_url(http):
    response = http.post(UPLOAD_URL, data={"external_url": "http://nonexistent.example.com"}, headers=USER)
    assert (response.status_code, response.json()["error"]) == (422, MSG_INVALID_URL)


@ports(URL + "handles HTTP errors")
def test_http_errors(http, httpserver):
    httpserver.expect_request("/").respond_with_data("", status=404)
    response = http.post(UPLOAD_URL, data={"external_url": httpserver.url_for("/")}, headers=USER)
    assert response.status_code == 422
    assert response.json()["error"].startswith("Failed to fetch file from URL")


@ports(BASE + " > returns an error when no file or URL is provided")
def test_nothing_to_upload(http):
    response = http.post(UPLOAD_URL, data={}, headers=USER)
    assert (response.status_code, response.json()["error"]) == (422, MSG_NO_FILE)
