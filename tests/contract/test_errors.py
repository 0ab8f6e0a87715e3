"""Bad input never gets a 500: malformed bodies, wrong content types, wrong value types, unknown
paths. Rails' defaults (reference 2.3): 400 {"status":400,"error":"Bad Request"} for a body it
cannot parse, 404 {"status":404,"error":"Not Found"} for a path no route matches."""

from __future__ import annotations

import pytest

from fakewoot.api import all_routes
from fakewoot.errors import MSG_NOT_IMPLEMENTED, MSG_SIGN_IN_REQUIRED
from tests.conftest import ADMIN_TOKEN, token


def concrete(path: str) -> str:
    for name in ("id", "account_id", "contact_id"):
        path = path.replace("{" + name + ":int}", "1")
    return path


IMPLEMENTED = [r for r in all_routes() if not r.pending]
WRITE_ROUTES = sorted(
    {(r.method, concrete(r.path)) for r in IMPLEMENTED if r.method in ("POST", "PUT", "PATCH", "DELETE")}
)
ALL_ROUTES = sorted({(r.method, concrete(r.path)) for r in IMPLEMENTED})
BAD_BODIES = [b"{", b'{"name": ', b"\xff\xfe", b"[1, 2", b'{"a": NaN}', b"nul"]


@pytest.mark.parametrize(("method", "url"), WRITE_ROUTES)
def test_malformed_json_is_400_before_anything_else(client, fake, method, url):
    before = fake.snapshot()
    for raw in BAD_BODIES:
        for headers in ({}, token(ADMIN_TOKEN)):
            response = client.request(
                method, url, content=raw, headers={**headers, "content-type": "application/json"}
            )
            assert response.status_code == 400, (raw, response.text)
            assert response.json() == {"status": 400, "error": "Bad Request"}
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url"), WRITE_ROUTES)
def test_odd_but_parseable_bodies_never_500(client, fake, method, url):
    bodies = [
        b"[]",
        b"null",
        b'"text"',
        b"123",
        b'{"profile": "x"}',
        b'{"profile": [1]}',
        b'{"email": {"a": 1}}',
        b'{"account_id": {"x": 1}, "password": [1], "name": null}',
        b'{"profile": {"account_id": [1]}}',
    ]
    for raw in bodies:
        for content_type in ("application/json", "text/plain", "application/xml"):
            response = client.request(
                method, url, content=raw, headers={**token(ADMIN_TOKEN), "content-type": content_type}
            )
            assert response.status_code < 500, (raw, content_type, response.text)
            assert "detail" not in response.json() if response.content else True


def test_broken_multipart_is_400(client):
    response = client.put(
        "/api/v1/profile",
        content=b"--xx\r\nbroken",
        headers={**token(ADMIN_TOKEN), "content-type": "multipart/form-data; boundary=xx"},
    )
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/v1/nope"),
        ("GET", "/api/v1/accounts"),
        ("GET", "/"),
        ("DELETE", "/api/v1/accounts/1"),
        ("POST", "/api/v1/profile"),
        ("GET", "/api/v1/accounts/1/agents/1"),
        ("GET", "/auth/nothing"),
    ],
)
def test_unknown_paths_are_rails_404(client, method, url):
    response = client.request(method, url, headers=token(ADMIN_TOKEN))
    assert response.status_code == 404
    assert response.json() == {"status": 404, "error": "Not Found"}


def test_trailing_slash_and_json_suffix_route_like_rails(client):
    assert client.get("/api/v1/profile/", headers=token(ADMIN_TOKEN)).status_code == 200
    assert client.get("/api/v1/accounts/1.json", headers=token(ADMIN_TOKEN)).status_code == 200


def test_head_is_answered_like_get(client):
    response = client.request("HEAD", "/api/v1/profile")
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "url"), ALL_ROUTES)
def test_every_route_answers_without_credentials_without_500(client, fake, method, url):
    response = client.request(method, url)
    assert response.status_code < 500
    if url.startswith("/api/v1/") and url != "/api/v1/accounts" and not url.endswith("/direct_uploads"):
        assert response.json() == {"errors": [MSG_SIGN_IN_REQUIRED]}
    # conversations/direct_uploads inherits ActiveStorage::DirectUploadsController, not Chatwoot's API
    # base: no credentials are checked upstream (tests/contract/test_uploads.py covers what it answers)


def test_known_chatwoot_endpoints_not_built_yet_answer_501(client):
    response = client.post("/api/v1/accounts/1/channels/twilio_channel", headers=token(ADMIN_TOKEN))
    assert response.status_code == 501
    route = "POST /api/v1/accounts/:account_id/channels/twilio_channel (api/v1/accounts/channels/twilio_channels.create)"
    assert response.json() == {"error": MSG_NOT_IMPLEMENTED.format(route=route)}
    assert client.post("/api/v1/accounts/1/channels/twilio_channel", json={}).status_code == 501
