"""Conversation draft messages (v4.10): one per conversation, readable and writable by whoever may see
the conversation; bots refused; the answers' exact bodies."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/conversations/1/draft_messages"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


def test_round_trip_and_bodies(client):
    assert client.get(URL, headers=ADMIN).json() == {"has_draft": False}
    saved = client.put(URL, json={"message": "Hello **there**"}, headers=ADMIN)  # a flat body is wrapped
    assert (saved.status_code, saved.content) == (200, b"")
    assert client.get(URL, headers=ADMIN).json() == {"has_draft": True, "message": "Hello **there**"}
    client.patch(URL, json={"draft_message": {"message": 42}}, headers=ADMIN)
    assert client.get(URL, headers=ADMIN).json()["message"] == "42"
    client.patch(URL, json={"draft_message": {}}, headers=ADMIN)  # `|| ''`
    assert client.get(URL, headers=ADMIN).json() == {"has_draft": True, "message": ""}
    gone = client.delete(URL, headers=ADMIN)
    assert (gone.status_code, gone.content) == (200, b"")
    assert client.get(URL, headers=ADMIN).json() == {"has_draft": False}


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_refusals(client, fake, method):
    assert_refuses_strangers(client, method, URL, json={"message": "x"})
    bot = client.request(method, URL, json={"message": "x"}, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    unknown = client.request(
        method, URL.replace("/1/draft", "/999/draft"), json={"message": "x"}, headers=ADMIN
    )
    assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})
    website = URL.replace("/1/draft", "/2/draft")  # conversation 2 is in inbox 2: jane is no member
    outsider = client.request(method, website, json={"message": "x"}, headers=AGENT)
    assert (outsider.status_code, outsider.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.store.drafts.get(fake.store.conversations.by_display_id(1, 1).id) is None
