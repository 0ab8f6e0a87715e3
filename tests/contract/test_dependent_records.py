"""What goes with a deleted conversation or inbox (the models' `dependent: :destroy_async`
associations): a conversation takes its CSAT response, its notifications and its reporting events;
an inbox takes its integration hooks and campaigns (and, as before, its conversations and webhooks)."""

from __future__ import annotations

from fakewoot.store.csat_survey_responses import CsatSurveyResponse
from fakewoot.store.hooks import Hook
from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
A = "/api/v1/accounts/1"


def _conversation_records(account, conversation_id):
    return (
        [r.id for r in account.csat_survey_responses if r.conversation_id == conversation_id],
        [e.id for e in account.reporting_events if e.conversation_id == conversation_id],
        [n.id for n in account.notifications if n.primary_actor_id == conversation_id],
    )


def test_deleting_a_conversation_deletes_its_csat_response_notifications_and_reporting_events(client, fake):
    account = fake.store.account(1)
    conversation = fake.store.conversations.by_display_id(1, 1)
    other = fake.store.conversations.by_display_id(1, 2)
    # an assignment notifies the assignee; resolving writes reporting events
    for display_id in (1, 2):
        for assignee in (None, 2):  # unassign first: a fixture conversation may be assigned already
            assigned = client.post(
                f"{A}/conversations/{display_id}/assignments", json={"assignee_id": assignee}, headers=ADMIN
            )
            assert assigned.status_code == 200
        for status in ("open", "resolved"):  # reopen first: a fixture conversation may be resolved
            toggled = client.post(
                f"{A}/conversations/{display_id}/toggle_status", json={"status": status}, headers=ADMIN
            )
            assert toggled.status_code == 200
    now = fake.store.clock.now()
    for target in (conversation, other):
        fake.store.csat_survey_responses.seed(
            CsatSurveyResponse(
                id=account.csat_survey_responses.next_id(),
                account_id=1,
                conversation_id=target.id,
                message_id=target.message_ids[0],
                rating=5,
                contact_id=target.contact_id,
                created_at=now,
                updated_at=now,
            )
        )
    csat, events, notifications = _conversation_records(account, conversation.id)
    assert csat and events and notifications
    kept = _conversation_records(account, other.id)
    assert all(kept)

    assert client.delete(f"{A}/conversations/1", headers=ADMIN).status_code == 200
    assert _conversation_records(account, conversation.id) == ([], [], [])
    assert _conversation_records(account, other.id) == kept
    listed = client.get(f"{A}/notifications", headers=token("fakewoot-agent-token")).json()
    assert conversation.id not in {n["primary_actor_id"] for n in listed["data"]["payload"]}


def test_deleting_an_inbox_deletes_its_hooks_and_campaigns(client, fake):
    account = fake.store.account(1)
    now = fake.store.clock.now()
    web = client.post(
        f"{A}/inboxes",
        json={"name": "Second site", "channel": {"type": "web_widget", "website_url": "https://b.example"}},
        headers=ADMIN,
    )
    assert web.status_code == 200, web.text
    kept = web.json()["id"]
    for inbox_id in (kept, 2):  # campaigns need a website (or SMS) inbox
        account.hooks.add(
            Hook(
                id=account.hooks.next_id(),
                account_id=1,
                app_id="dialogflow",
                created_at=now,
                updated_at=now,
                hook_type="inbox",
                inbox_id=inbox_id,
            )
        )
        created = client.post(
            f"{A}/campaigns",
            json={"title": f"c{inbox_id}", "message": "hi", "inbox_id": inbox_id},
            headers=ADMIN,
        )
        assert created.status_code == 200, created.text

    assert client.delete(f"{A}/inboxes/2", headers=ADMIN).status_code == 200
    assert [h.inbox_id for h in account.hooks] == [kept]
    assert [c.inbox_id for c in account.campaigns] == [kept]
    listed = client.get(f"{A}/campaigns", headers=ADMIN).json()
    assert [c["inbox"]["id"] for c in listed] == [kept]
