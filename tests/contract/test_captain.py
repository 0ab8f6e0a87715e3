"""Captain preferences (v4.10, OSS): show for every member, update for administrators, the payload
(providers null: config/llm.yml spells the key `aproviders`), merges and model validation.
Source: captain/preferences_controller.rb, captain_featurable.rb, lib/llm/models.rb, config/llm.yml."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION
from fakewoot.store.captain import FEATURE_KEYS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/captain/preferences"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH"])
def test_strangers_bots_and_other_accounts_are_refused(client, method):
    body = {"captain_models": {"editor": "gpt-4.1"}}
    assert_refuses_strangers(client, method, URL, json=body)
    bot = client.request(method, URL, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_show_the_defaults(client):
    answer = client.get(URL, headers=AGENT)
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["providers", "models", "features"] and body["providers"] is None
    assert list(body["models"])[:2] == ["gpt-4.1", "gpt-4.1-mini"]
    assert body["models"]["claude-haiku-4.5"] == {
        "provider": "anthropic",
        "display_name": "Claude Haiku 4.5",
        "coming_soon": True,
        "credit_multiplier": 2,
    }
    assert list(body["features"]) == list(FEATURE_KEYS)
    editor = body["features"]["editor"]
    assert list(editor) == ["models", "default", "enabled", "selected"]
    assert (editor["default"], editor["enabled"], editor["selected"]) == (
        "gpt-4.1-mini",
        False,
        "gpt-4.1-mini",
    )
    assert editor["models"][0] == {
        "id": "gpt-4.1-mini",
        "display_name": "GPT-4.1 Mini",
        "provider": "openai",
        "coming_soon": None,
        "credit_multiplier": 1,
    }


def test_update_merges_for_administrators(client, fake):
    denied = client.put(URL, json={"captain_models": {"editor": "gpt-4.1"}}, headers=AGENT)
    assert (denied.status_code, denied.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    first = client.put(URL, json={"captain_models": {"assistant": "gpt-4.1"}}, headers=ADMIN)
    assert first.status_code == 200 and first.json()["features"]["assistant"]["selected"] == "gpt-4.1"
    both = client.patch(
        URL,
        json={"captain_models": {"editor": "gpt-5.2", "nope": "x"}, "captain_features": {"editor": True}},
        headers=ADMIN,
    ).json()
    assert (both["features"]["editor"]["selected"], both["features"]["editor"]["enabled"]) == (
        "gpt-5.2",
        True,
    )
    account = fake.store.account(1)
    assert account.captain_models == {"assistant": "gpt-4.1", "editor": "gpt-5.2"}
    assert account.captain_features == {"editor": True}
    off = client.put(URL, json={"captain_features": {"editor": "yes"}}, headers=ADMIN).json()
    assert off["features"]["editor"]["enabled"] is False  # only true counts


def test_invalid_model_is_refused_and_nothing_changes(client, fake):
    answer = client.put(URL, json={"captain_models": {"audio_transcription": "gpt-4.1"}}, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.json() == {
        "message": "Captain models 'gpt-4.1' is not a valid model for audio_transcription. Allowed: whisper-1",
        "attributes": ["captain_models"],
    }
    assert fake.store.account(1).captain_models is None
    bad = client.put(URL, json={"captain_models": "gpt-4.1"}, headers=ADMIN)
    assert bad.status_code == 422 and fake.store.account(1).captain_models is None
