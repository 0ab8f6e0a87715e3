"""POST .../messages/:id/translate (v4.10): `{"content": null}` without a google_translate hook, 200
empty when the translation is already held, 501 when Chatwoot would call Google; the conversation's
policy and the message's 404 first; bots refused."""

from __future__ import annotations

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

C = "/api/v1/accounts/1/conversations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


def _first_message(client, display_id: int) -> int:
    return int(client.get(f"{C}/{display_id}/messages", headers=ADMIN).json()["payload"][0]["id"])


def test_translate_without_a_hook_and_with_a_stored_translation(client, fake):
    message_id = _first_message(client, 1)
    url = f"{C}/1/messages/{message_id}/translate"
    answer = client.post(url, json={"target_language": "es"}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (200, {"content": None})
    record = fake.store.account(1).messages.get(message_id)
    record.content_attributes = {**record.content_attributes, "translations": {"es": "hola"}}
    held = client.post(url, json={"target_language": "es"}, headers=ADMIN)
    assert (held.status_code, held.content) == (200, b"")
    fake.store.hooks.create(1, app_id="google_translate", settings={"project_id": "p", "credentials": {}})
    google = client.post(url, json={"target_language": "fr"}, headers=ADMIN)
    assert google.status_code == 501


def test_refusals(client):
    message_id = _first_message(client, 1)
    url = f"{C}/1/messages/{message_id}/translate"
    assert_refuses_strangers(client, "POST", url, json={"target_language": "es"})
    bot = client.post(url, json={"target_language": "es"}, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    missing = client.post(f"{C}/1/messages/999999/translate", json={"target_language": "es"}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    other = _first_message(client, 2)  # conversation 2 is in inbox 2: jane is no member
    outsider = client.post(f"{C}/2/messages/{other}/translate", json={"target_language": "es"}, headers=AGENT)
    assert (outsider.status_code, outsider.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
