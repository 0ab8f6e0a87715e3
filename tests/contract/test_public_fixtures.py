"""Fixture sets can give an API inbox its Client API keys (`channel: {identifier, hmac_token,
hmac_mandatory}`), so a test or a chat page can hard-code its inbox identifier; a bad or repeated key
names its file and row."""

from __future__ import annotations

import shutil
from pathlib import Path

import anyio
import httpx
import pytest

import fakewoot
from fakewoot import FakeChatwoot
from fakewoot.api.public.contacts import MSG_HMAC_FAILED
from fakewoot.seeding import FixtureError
from tests.contract.public_api import identifier_hash

INBOX = """
inboxes:
  - {id: 2, account_id: 1, name: Chat, channel_type: api,
     channel: {identifier: chat-page-inbox, hmac_token: chat-secret, hmac_mandatory: true}}
"""


def _fixture_set(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(Path(fakewoot.__file__).parent / "fixtures" / "minimal", folder)
    (folder / "chat.yaml").write_text(text)
    return folder


def _calls(fake: FakeChatwoot, calls: list[tuple[str, str, dict]]) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=fake.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fakewoot") as client:
            return [await client.request(method, url, json=body) for method, url, body in calls]

    return anyio.run(run)


def test_an_api_inbox_with_fixed_client_api_keys(tmp_path):
    seeded = FakeChatwoot(fixtures=_fixture_set(tmp_path, INBOX))
    base = "/public/api/v1/inboxes/chat-page-inbox"
    good = identifier_hash("chat-secret", "user-1")
    shown, refused, created = _calls(
        seeded,
        [
            ("GET", base, {}),
            ("POST", base + "/contacts", {"name": "Ada"}),
            ("POST", base + "/contacts", {"name": "Ada", "identifier": "user-1", "identifier_hash": good}),
        ],
    )
    assert (shown.json()["identifier"], shown.json()["identity_validation_enabled"]) == (
        "chat-page-inbox",
        True,
    )
    assert (refused.status_code, refused.json()) == (401, {"error": MSG_HMAC_FAILED})
    assert created.status_code == 200 and created.json()["name"] == "Ada"
    seeded.reset()
    assert seeded.store.client_api.inbox("chat-page-inbox") is not None
    assert seeded.store.account(1).contacts.get(created.json()["id"]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (INBOX.replace("hmac_mandatory: true", "hmac_mandatory: sometimes"), "hmac_mandatory"),
        (INBOX.replace("identifier: chat-page-inbox", "identifier: ''"), "channel.identifier"),
        (
            INBOX
            + "  - {id: 3, account_id: 1, name: Again, channel_type: api, channel: {identifier: chat-page-inbox}}\n",
            "duplicate identifier",
        ),
    ],
)
def test_bad_client_api_keys_name_the_file_and_row(tmp_path, text, message):
    with pytest.raises(FixtureError) as error:
        FakeChatwoot(fixtures=_fixture_set(tmp_path, text))
    assert "chat.yaml" in str(error.value) and "inboxes" in str(error.value) and message in str(error.value)
