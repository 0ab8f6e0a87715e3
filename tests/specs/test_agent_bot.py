"""Port of spec/models/agent_bot_spec.rb (Chatwoot v4.10): the outgoing_url length, what deleting a
bot does to its messages, and system bots, through the agent bots and messages APIs. Of the shared
examples the spec includes, `access_tokenable` is ported (1 it, counted); `avatarable` is not, so not
counted."""

from __future__ import annotations

from typing import Any

from fakewoot.store.webhooks import URL_LENGTH_LIMIT
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, ok

SPEC = "spec/models/agent_bot_spec.rb"
UPSTREAM_ITS = 8  # 7 + the 1 of access_tokenable
SKIPPED = {
    "associations > is_expected.to have_many(:agent_bot_inboxes)": "internal: an association matcher",
    "associations > is_expected.to have_many(:inboxes)": "internal: an association matcher",
}

B = "/api/v1/accounts/1/agent_bots"
LENGTH = "when it validates outgoing_url length"


def _bot(http: Any) -> dict[str, Any]:
    bot: dict[str, Any] = ok(
        http.post(B, json={"name": "MyString", "outgoing_url": "localhost"}, headers=ADMIN)
    )
    return bot


@ports(f"{LENGTH} > valid when within limit")
def test_outgoing_url_at_the_limit_is_valid(http):
    bot = _bot(http)
    url = "a" * URL_LENGTH_LIMIT
    assert (
        ok(http.patch(f"{B}/{bot['id']}", json={"outgoing_url": url}, headers=ADMIN))["outgoing_url"] == url
    )


@ports(f"{LENGTH} > invalid when crossed the limit")
def test_outgoing_url_past_the_limit_is_422(http):
    bot = _bot(http)
    response = http.patch(
        f"{B}/{bot['id']}", json={"outgoing_url": "a" * (URL_LENGTH_LIMIT + 1)}, headers=ADMIN
    )
    assert response.status_code == 422
    assert (
        f"Outgoing url is too long (maximum is {URL_LENGTH_LIMIT} characters)" in response.json()["message"]
    )
    assert ok(http.get(f"{B}/{bot['id']}", headers=ADMIN))["outgoing_url"] == "localhost"


@ports("when agent bot is deleted > nullifies the message sender key")
def test_deleting_a_bot_nulls_its_messages_sender(http, fake):
    bot = _bot(http)
    inbox_id = ok(
        http.post(
            "/api/v1/accounts/1/inboxes",
            json={"name": "Bot Inbox", "channel": {"type": "api"}},
            headers=ADMIN,
        )
    )["id"]
    ok(
        http.post(
            f"/api/v1/accounts/1/inboxes/{inbox_id}/set_agent_bot",
            json={"agent_bot": bot["id"]},
            headers=ADMIN,
        )
    )
    conversation = new_conversation(http, inbox_id=inbox_id)
    messages_url = f"/api/v1/accounts/1/conversations/{conversation['id']}/messages"
    sent = ok(http.post(messages_url, json={"content": "from the bot"}, headers=token(bot["access_token"])))
    assert (sent["sender"]["type"], sent["sender"]["id"]) == ("agent_bot", bot["id"])
    assert http.delete(f"{B}/{bot['id']}", headers=ADMIN).status_code == 200
    listed = next(m for m in ok(http.get(messages_url, headers=ADMIN))["payload"] if m["id"] == sent["id"])
    assert listed["content"] == "from the bot"
    assert listed.get("sender") is None
    # the conversation's last message is rendered with every column: both polymorphic columns nulled
    last = ok(http.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN))["messages"][
        0
    ]
    if (
        last["id"] != sent["id"]
    ):  # the bot's delivery (to "localhost") failed meanwhile: its activity came last
        assert last["message_type"] == 2 and last["id"] > sent["id"]
    else:
        assert (last["sender_type"], last["sender_id"]) == (None, None)
    record = fake.store.account(1).messages.get(sent["id"])
    assert (record.sender_type, record.sender_id) == (None, None)


@ports("#system_bot? > when account_id is nil > returns true")
def test_a_bot_without_an_account_is_a_system_bot(http, fake):
    bot = fake.store.agent_bots.create(name="System", outgoing_url="localhost")  # no API creates one
    assert ok(http.get(f"{B}/{bot.id}", headers=ADMIN))["system_bot"] is True


@ports("#system_bot? > when account_id is present > returns false")
def test_an_account_bot_is_not_a_system_bot(http):
    bot = _bot(http)
    assert bot["system_bot"] is False
    assert ok(http.get(f"{B}/{bot['id']}", headers=ADMIN))["system_bot"] is False


@ports("concerns > access_tokenable > creates access token on create")
def test_a_new_bot_has_an_access_token(http, fake):
    bot = _bot(http)
    stored = fake.store.agent_bots.access_token(fake.store.agent_bots.get(bot["id"]))
    assert stored
    assert bot["access_token"] == stored  # an administrator sees it
