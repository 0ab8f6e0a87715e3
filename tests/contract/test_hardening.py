"""Issue 11 (hardening), items 2-4: the control guard on the matched route, browsers kept off the
control API, all-or-nothing loads (test_admin.py), a body limit, a bounded journal, uploads closed.
fakewoot's own rules: docs/fidelity.md "Hardening"."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.datastructures import UploadFile

from fakewoot.admin.guard import MSG_CONTENT_TYPE
from fakewoot.journal import MAX_STRING, TRUNCATED
from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
CONTACTS = "/api/v1/accounts/1/contacts"


def _contact(client, email: str) -> None:
    assert client.post(CONTACTS, json={"name": "K", "email": email}, headers=ADMIN).status_code == 200


def test_a_page_on_another_origin_cannot_drive_the_control_api(socket_client, fake):
    _contact(socket_client, "kept@x.test")
    for method, path, kwargs in [
        ("POST", "/_fakewoot/reset", {}),
        ("POST", "/_fakewoot/clock", {"json": {"freeze": "2020-01-01T00:00:00Z"}}),
        ("GET", "/_fakewoot/state", {}),
        ("POST", "/_fakewoot/faults", {"json": {"path": "*", "status": 500}}),
    ]:
        answer = socket_client.request(method, path, headers={"Origin": "http://evil.test"}, **kwargs)
        assert answer.status_code == 403, path
        assert set(answer.json()) == {"error"}
    assert "kept@x.test" in fake.store.account(1).contact_emails
    assert not fake.faults.active


def test_the_servers_own_loopback_origin_and_listed_origins_pass(socket_client, server, fake, monkeypatch):
    own = server.url  # http://127.0.0.1:<port>, the Host header the client sends
    assert socket_client.get("/_fakewoot/clock", headers={"Origin": own}).status_code == 200
    rebinding = socket_client.get(
        "/_fakewoot/clock", headers={"Origin": "http://evil.test:3000", "Host": "evil.test:3000"}
    )
    assert rebinding.status_code == 403  # a rebound name is not the loopback origin
    monkeypatch.setattr(fake.settings, "control_allowed_origins", ("http://localhost:5173",))
    assert (
        socket_client.get("/_fakewoot/clock", headers={"Origin": "http://localhost:5173"}).status_code == 200
    )


def test_control_writes_take_json_only(socket_client, fake):
    before = fake.clock.now()
    for content_type, body in [
        ("text/plain", '{"freeze": "2020-01-01T00:00:00Z"}'),
        ("application/x-www-form-urlencoded", "freeze=2020-01-01T00:00:00Z"),
    ]:
        answer = socket_client.post("/_fakewoot/clock", content=body, headers={"content-type": content_type})
        assert (answer.status_code, answer.json()) == (415, {"error": MSG_CONTENT_TYPE})
    assert fake.clock.now() >= before
    # a browser must use JSON even without a body; curl without one needs nothing
    same_origin = {"Origin": socket_client.base_url.scheme + "://" + socket_client.base_url.netloc.decode()}
    assert socket_client.post("/_fakewoot/reset", headers=same_origin).status_code == 415
    assert socket_client.post("/_fakewoot/reset").status_code == 200


def test_the_chatwoot_api_is_not_behind_the_control_guard(socket_client):
    answer = socket_client.get("/api/v1/profile", headers={**ADMIN, "Origin": "http://evil.test"})
    assert answer.status_code == 200


def test_a_body_past_the_limit_is_413_and_changes_nothing(client, fake, monkeypatch):
    monkeypatch.setattr(fake.settings, "max_body_bytes", 2048)
    big = {"name": "x" * 4096, "email": "big@x.test"}
    answer = client.post(CONTACTS, json=big, headers=ADMIN)
    assert answer.status_code == 413
    assert set(answer.json()) == {"error"}
    assert "big@x.test" not in fake.store.account(1).contact_emails
    assert client.post(CONTACTS, json={"name": "ok", "email": "ok@x.test"}, headers=ADMIN).status_code == 200


def test_a_chunked_body_past_the_limit_is_413(socket_client, fake, monkeypatch):
    monkeypatch.setattr(fake.settings, "max_body_bytes", 2048)

    def chunks():
        yield b'{"name": "'
        for _ in range(10):
            yield b"x" * 1024
        yield b'", "email": "chunk@x.test"}'

    answer = socket_client.post(
        CONTACTS, content=chunks(), headers={**ADMIN, "content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert "chunk@x.test" not in fake.store.account(1).contact_emails


def test_the_journal_keeps_a_bounded_json_safe_copy(client, fake, monkeypatch):
    nested: dict = {}
    inner = nested
    for _ in range(300):
        inner["a"] = {}
        inner = inner["a"]
    client.post(CONTACTS, json={"deep": nested, "name": "n" * (MAX_STRING * 3)}, headers=ADMIN)
    rows = client.get("/_fakewoot/requests?method=POST").json()
    assert rows[-1]["params"]["name"].endswith(TRUNCATED)
    assert TRUNCATED in json.dumps(rows[-1]["params"]["deep"])
    journal = fake.journal
    monkeypatch.setattr(journal, "max_bytes", 64 * 1024)
    for _ in range(40):
        client.post(CONTACTS, json={"name": "y" * 4000, "email": "nobody"}, headers=ADMIN)
    assert journal.bytes <= journal.max_bytes
    assert journal.dropped > 0
    assert client.get("/_fakewoot/requests").status_code == 200


def test_uploads_are_closed_after_the_response(socket_client, fake, monkeypatch):
    closed: list[str] = []
    original = UploadFile.close

    async def spy(self: UploadFile) -> None:
        closed.append(self.filename or "")
        await original(self)

    monkeypatch.setattr(UploadFile, "close", spy)
    answer = socket_client.post(
        "/api/v1/accounts/1/conversations/1/messages",
        data={"content": "with a file"},
        files={"attachments[]": ("a.txt", b"hello", "text/plain")},
        headers=ADMIN,
    )
    assert answer.status_code == 200
    assert closed == ["a.txt"]


@pytest.mark.parametrize("path", ["//_fakewoot/reset", "/_fakewoot//reset", "/_fakewoot/reset/"])
def test_odd_spellings_reach_the_same_route(server, fake, path):
    with httpx.Client() as http:
        assert http.post(server.url + path).status_code == 200
