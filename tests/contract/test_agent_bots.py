"""/api/v1/accounts/:account_id/agent_bots: index, show, create, update, destroy, avatar,
reset_access_token, reset_secret.

Source: ../shared/reference/webhooks-bots.md 4.1 and 4.2; Chatwoot
app/controllers/api/v1/accounts/agent_bots_controller.rb, app/policies/agent_bot_policy.rb,
app/models/agent_bot.rb, app/presenters/agent_bot_presenter.rb,
app/views/api/v1/models/_agent_bot.json.jbuilder, app/views/api/v1/accounts/agent_bots/*.json.jbuilder,
spec/controllers/api/v1/accounts/agent_bots_controller_spec.rb; newest upstream: `secret` and
`reset_secret` (PR #13892), `access_token` for administrators only (PR #14830).
"""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_INVALID_ACCESS_TOKEN,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.store.inboxes import BASE58
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
B = "/api/v1/accounts/1/agent_bots"
BOT_KEYS = {
    "id": int,
    "name": (str, NoneType),
    "description": (str, NoneType),
    "thumbnail": str,
    "outgoing_url": (str, NoneType),
    "bot_type": (str, NoneType),
    "bot_config": dict,
    "account_id": (int, NoneType),
    "access_token": str,
    "secret": str,
    "system_bot": bool,
}
AGENT_VIEW = [k for k in BOT_KEYS if k not in ("access_token", "secret")]
SYSTEM_VIEW = [k for k in AGENT_VIEW if k != "outgoing_url"]


def assert_admin_view(body):
    assert_shape(body, BOT_KEYS)
    assert list(body) == list(BOT_KEYS)
    assert len(body["secret"]) == 24 and set(body["secret"]) <= set(BASE58)
    assert body["system_bot"] is False


def assert_view(body, keys):
    assert_shape(body, {k: BOT_KEYS[k] for k in keys})
    assert list(body) == keys


@pytest.fixture
def system_bot(fake):
    return fake.store.agent_bots.create(name="Global Bot", outgoing_url="https://global.test/hook")


@pytest.fixture
def globex_bot(fake):
    return fake.store.agent_bots.create(name="Globex Bot", account_id=2)


ENDPOINTS = [
    ("GET", B, None),
    ("POST", B, {"name": "X"}),
    ("GET", f"{B}/1", None),
    ("PUT", f"{B}/1", {"name": "X"}),
    ("PATCH", f"{B}/1", {"name": "X"}),
    ("DELETE", f"{B}/1", None),
    ("DELETE", f"{B}/1/avatar", None),
    ("POST", f"{B}/1/reset_access_token", None),
    ("POST", f"{B}/1/reset_secret", None),
]
WRITES = [e for e in ENDPOINTS if e[0] != "GET"]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_refuse_strangers_other_accounts_and_missing_accounts(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    missing = client.request(method, url.replace("/accounts/1/", "/accounts/99/"), json=body, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_bot_token_is_refused_even_on_its_own_record(client):
    response = client.get(f"{B}/1", headers=token(BOT_TOKEN))
    assert (response.status_code, response.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_writes_are_for_administrators_before_the_bot_is_looked_up(client, fake, method, url, body):
    before = fake.snapshot()
    for target in (url, url.replace("/agent_bots/1", "/agent_bots/999")):
        response = client.request(method, target, json=body, headers=AGENT)
        assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


def test_index_lists_account_and_system_bots(client, system_bot, globex_bot):
    response = client.get(B, headers=ADMIN)
    assert response.status_code == 200
    bots = response.json()
    assert isinstance(bots, list) and [b["id"] for b in bots] == [1, system_bot.id]
    own, system = bots
    assert_admin_view(own)
    assert (own["name"], own["access_token"], own["account_id"]) == ("Acme Bot", BOT_TOKEN, 1)
    assert (own["bot_type"], own["bot_config"], own["thumbnail"]) == ("webhook", {}, "")
    assert_view(system, SYSTEM_VIEW)  # no outgoing_url, token or secret for a system bot
    assert (system["system_bot"], system["account_id"]) == (True, None)


def test_agents_see_bots_without_token_or_secret(client, system_bot):
    bots = client.get(B, headers=AGENT).json()
    assert_view(bots[0], AGENT_VIEW)
    assert_view(bots[1], SYSTEM_VIEW)
    shown = client.get(f"{B}/1", headers=AGENT)
    assert shown.status_code == 200
    assert_view(shown.json(), AGENT_VIEW)
    assert BOT_TOKEN not in shown.text


def test_show_own_and_system_bots_not_other_accounts(client, system_bot, globex_bot):
    own = client.get(f"{B}/1", headers=ADMIN).json()
    assert_admin_view(own)
    assert own == client.get(B, headers=ADMIN).json()[0]
    system = client.get(f"{B}/{system_bot.id}", headers=ADMIN)
    assert system.status_code == 200
    assert_view(system.json(), SYSTEM_VIEW)
    for bot_id in (globex_bot.id, 999):
        response = client.get(f"{B}/{bot_id}", headers=ADMIN)
        assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


def test_create_with_top_level_parameters(client, fake):
    response = client.post(
        B,
        json={
            "name": "Support Bot",
            "description": "Answers FAQs",
            "outgoing_url": "https://bot.test/hook",
            "bot_type": "webhook",
            "bot_config": {"language": "en", "nested": {"a": [1, 2]}},
            "avatar_url": "https://cdn.test/avatar.png",
        },
        headers=ADMIN,
    )
    assert response.status_code == 200
    bot = response.json()
    assert_admin_view(bot)
    assert (bot["name"], bot["description"], bot["outgoing_url"]) == (
        "Support Bot",
        "Answers FAQs",
        "https://bot.test/hook",
    )
    assert bot["bot_config"] == {"language": "en", "nested": {"a": [1, 2]}}
    assert (bot["account_id"], bot["thumbnail"]) == (1, "")  # avatar_url is fetched by a job upstream
    record = fake.store.access_tokens.find(bot["access_token"])
    assert (record.owner_type, record.owner_id) == ("AgentBot", bot["id"])
    assert fake.store.agent_bots.get(bot["id"]).secret == bot["secret"]
    assert client.get(B, headers=ADMIN).json()[-1] == bot


def test_create_without_parameters_makes_a_nameless_bot(client):
    """AgentBot has no presence validation; every column stays null."""
    response = client.post(B, json={}, headers=ADMIN)
    assert response.status_code == 200
    bot = response.json()
    assert_admin_view(bot)
    assert (bot["name"], bot["description"], bot["outgoing_url"], bot["bot_type"]) == (
        None,
        None,
        None,
        "webhook",
    )


def test_a_wrapped_body_is_not_read(client):
    """permitted_params reads top-level keys only."""
    bot = client.post(B, json={"agent_bot": {"name": "Wrapped"}}, headers=ADMIN).json()
    assert bot["name"] is None


def test_create_multipart_with_an_avatar(client):
    response = client.post(
        B,
        data={"name": "Pictured", "outgoing_url": "https://bot.test"},
        files={"avatar": ("avatar.png", b"\x89PNG\r\n", "image/png")},
        headers=ADMIN,
    )
    assert response.status_code == 200
    # the upload is attached (Avatarable): the thumbnail points at its blob
    assert response.json()["name"] == "Pictured"
    assert response.json()["thumbnail"].endswith("/avatar.png")


@pytest.mark.parametrize(
    ("value", "stored"), [("webhook", "webhook"), (0, "webhook"), ("", None), (None, None)]
)
def test_bot_type_enum(client, value, stored):
    bot = client.post(B, json={"name": "T", "bot_type": value}, headers=ADMIN).json()
    assert bot["bot_type"] == stored


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"bot_type": "csml"}, "Bot type is not included in the list", ["bot_type"]),
        ({"bot_type": 1}, "Bot type is not included in the list", ["bot_type"]),
        ({"bot_type": "0"}, "Bot type is not included in the list", ["bot_type"]),
        ({"name": "n" * 256}, "Name is too long (maximum is 255 characters)", ["name"]),
        ({"description": "d" * 256}, "Description is too long (maximum is 255 characters)", ["description"]),
        (
            {"outgoing_url": "https://bot.test/" + "x" * 2048},
            "Outgoing url is too long (maximum is 2048 characters)",
            ["outgoing_url"],
        ),
        (
            {"name": "n" * 256, "outgoing_url": "h" * 2049},
            "Name is too long (maximum is 255 characters), Outgoing url is too long (maximum is 2048 characters)",
            ["name", "outgoing_url"],
        ),
    ],
)
def test_create_validation(client, fake, body, message, attributes):
    before = fake.snapshot()
    response = client.post(B, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update(client, fake, method):
    response = client.request(
        method,
        f"{B}/1",
        json={"name": "Renamed", "outgoing_url": "https://bot.test/new", "bot_config": {"k": "v"}},
        headers=ADMIN,
    )
    assert response.status_code == 200
    bot = response.json()
    assert_admin_view(bot)
    assert (bot["name"], bot["outgoing_url"], bot["bot_config"]) == (
        "Renamed",
        "https://bot.test/new",
        {"k": "v"},
    )
    assert bot["description"] == "A webhook bot connected to the Acme API inbox"  # untouched
    assert bot["access_token"] == BOT_TOKEN
    assert fake.store.agent_bots.get(1).outgoing_url == "https://bot.test/new"


def test_refused_update_changes_nothing(client, fake):
    before = fake.snapshot()
    response = client.patch(f"{B}/1", json={"name": "ok", "bot_type": "csml"}, headers=ADMIN)
    assert (response.status_code, response.json()["attributes"]) == (422, ["bot_type"])
    response = client.patch(f"{B}/1", json={"name": "ok", "outgoing_url": "h" * 2049}, headers=ADMIN)
    assert (response.status_code, response.json()["attributes"]) == (422, ["outgoing_url"])
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), WRITES[1:])
def test_writes_find_only_the_accounts_own_bots(client, fake, system_bot, globex_bot, method, url, body):
    before = fake.snapshot()
    for bot_id in (system_bot.id, globex_bot.id, 999):
        response = client.request(
            method, url.replace("/agent_bots/1", f"/agent_bots/{bot_id}"), json=body, headers=ADMIN
        )
        assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_destroy(client, fake):
    response = client.delete(f"{B}/1", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert client.get(B, headers=ADMIN).json() == []
    assert fake.store.agent_bots.of_inbox(1, 1) is None  # the inbox connection goes too
    gone = client.post(
        "/api/v1/accounts/1/conversations/1/messages", json={"content": "x"}, headers=token(BOT_TOKEN)
    )
    assert (gone.status_code, gone.json()) == (401, {"error": MSG_INVALID_ACCESS_TOKEN})


def test_delete_avatar_answers_the_bot(client, fake):
    fake.store.agent_bots.get(1).avatar_url = "https://cdn.test/bot.png"
    response = client.delete(f"{B}/1/avatar", headers=ADMIN)
    assert response.status_code == 200
    assert_admin_view(response.json())
    assert response.json()["thumbnail"] == ""


def test_reset_access_token(client):
    response = client.post(f"{B}/1/reset_access_token", headers=ADMIN)
    assert response.status_code == 200
    bot = response.json()
    assert_admin_view(bot)
    assert bot["access_token"] != BOT_TOKEN and len(bot["access_token"]) == 24
    old = client.post(
        "/api/v1/accounts/1/conversations/1/messages", json={"content": "x"}, headers=token(BOT_TOKEN)
    )
    assert (old.status_code, old.json()) == (401, {"error": MSG_INVALID_ACCESS_TOKEN})
    new = client.post(
        "/api/v1/accounts/1/conversations/1/messages",
        json={"content": "x"},
        headers=token(bot["access_token"]),
    )
    assert new.status_code == 200


def test_reset_secret(client, fake):
    before = client.get(f"{B}/1", headers=ADMIN).json()
    response = client.post(f"{B}/1/reset_secret", headers=ADMIN)
    assert response.status_code == 200
    bot = response.json()
    assert_admin_view(bot)
    assert bot["secret"] != before["secret"]
    assert {k: v for k, v in bot.items() if k != "secret"} == {
        k: v for k, v in before.items() if k != "secret"
    }
    assert fake.store.agent_bots.get(1).secret == bot["secret"]
