"""/_fakewoot/state/export and /_fakewoot/state/import (fakewoot/admin/state_file.py): the state
file's bytes out, the same bytes (base64 in JSON) back in; a bad file is a 422 that changes nothing;
the control token guards both. The control API is fakewoot's own (no Chatwoot counterpart)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from fakewoot.admin.state_file import EXPORT_FILENAME, MSG_IMPORT_BASE64, MSG_IMPORT_PARAM, STATE_CONTENT_TYPE
from fakewoot.control import FakeChatwoot
from fakewoot.errors import HEADER_CONTROL_TOKEN, MSG_CONTROL_TOKEN
from fakewoot.persistence import MAGIC, MSG_CHECKSUM, MSG_NOT_STATE, decode
from fakewoot.server import ServerThread
from fakewoot.settings import Settings
from fakewoot.version import __version__
from tests.conftest import ADMIN_TOKEN, token

SECRET = "state-secret"


@pytest.fixture
def kept_seed(fake: FakeChatwoot) -> Iterator[None]:
    """An import replaces what reset() returns to: put the session's seed back afterwards."""
    seeded = fake.store._seeded, fake.store._seeded_compressed
    yield
    fake.store._seeded, fake.store._seeded_compressed = seeded
    fake.reset()


def _import(client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/_fakewoot/state/import", json={"state": base64.b64encode(data).decode()})


def _add_contact(client, email: str) -> None:  # type: ignore[no-untyped-def]
    answer = client.post(
        "/api/v1/accounts/1/contacts", json={"name": "Saved", "email": email}, headers=token(ADMIN_TOKEN)
    )
    assert answer.status_code == 200, answer.text


def test_export_answers_the_state_file_as_a_download(client, fake):
    _add_contact(client, "exported@x.test")
    answer = client.get("/_fakewoot/state/export")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == STATE_CONTENT_TYPE
    assert answer.headers["content-disposition"] == f'attachment; filename="{EXPORT_FILENAME}"'
    assert answer.headers["x-fakewoot-version"] == __version__
    assert answer.content.startswith(MAGIC)
    assert "exported@x.test" in decode(answer.content).state.accounts[1].contact_emails


def test_import_brings_back_an_exported_state_and_its_seed(client, fake, kept_seed):
    _add_contact(client, "roundtrip@x.test")
    exported = client.get("/_fakewoot/state/export").content
    client.post("/_fakewoot/reset")
    assert "roundtrip@x.test" not in fake.store.account(1).contact_emails
    answer = _import(client, exported)
    assert answer.status_code == 200
    assert answer.json() == {"imported": True, "bytes": len(exported), "fakewoot": __version__}
    found = client.get("/api/v1/accounts/1/contacts/search?q=roundtrip", headers=token(ADMIN_TOKEN))
    assert [c["email"] for c in found.json()["payload"]] == ["roundtrip@x.test"]
    client.post("/_fakewoot/reset")  # the seed came with the file: reset goes back to it
    assert "roundtrip@x.test" not in fake.store.account(1).contact_emails


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, MSG_IMPORT_PARAM),
        ({"state": ""}, MSG_IMPORT_PARAM),
        ({"state": 12}, MSG_IMPORT_PARAM),
        ({"state": "not base64!"}, MSG_IMPORT_BASE64),
        ({"state": base64.b64encode(b"hello").decode()}, MSG_NOT_STATE),
    ],
)
def test_a_bad_import_is_a_422_and_changes_nothing(client, fake, body, message):
    _add_contact(client, "stays@x.test")
    before = fake.snapshot()
    answer = client.post("/_fakewoot/state/import", json=body)
    assert answer.status_code == 422
    assert answer.json() == {"error": message}
    assert fake.snapshot() == before


def test_a_damaged_file_is_a_422_and_changes_nothing(client, fake):
    exported = client.get("/_fakewoot/state/export").content
    _add_contact(client, "stays@x.test")
    before = fake.snapshot()
    answer = _import(client, exported[:-1])
    assert (answer.status_code, answer.json()) == (422, {"error": MSG_CHECKSUM})
    assert fake.snapshot() == before


def test_a_binary_body_is_refused_as_every_control_write_without_json(client, fake):
    exported = client.get("/_fakewoot/state/export").content
    answer = client.post(
        "/_fakewoot/state/import", content=exported, headers={"content-type": STATE_CONTENT_TYPE}
    )
    assert answer.status_code == 415


@pytest.fixture(scope="module")
def guarded() -> Iterator[ServerThread]:
    with ServerThread(FakeChatwoot(Settings(control_token=SECRET))) as server:
        yield server


def test_the_control_token_guards_export_and_import(guarded):
    with httpx.Client(base_url=guarded.url) as http:
        for headers in ({}, {HEADER_CONTROL_TOKEN: "wrong"}):
            assert http.get("/_fakewoot/state/export", headers=headers).json() == {"error": MSG_CONTROL_TOKEN}
            refused = http.post("/_fakewoot/state/import", json={"state": "eA=="}, headers=headers)
            assert (refused.status_code, refused.json()) == (401, {"error": MSG_CONTROL_TOKEN})
        allowed = {HEADER_CONTROL_TOKEN: SECRET}
        exported = http.get("/_fakewoot/state/export", headers=allowed)
        assert exported.status_code == 200
        body = {"state": base64.b64encode(exported.content).decode()}
        assert http.post("/_fakewoot/state/import", json=body, headers=allowed).status_code == 200
