"""Client API messages (v4.10): index, create, update under
/public/api/v1/inboxes/:identifier/contacts/:source_id/conversations/:display_id/messages.
Shapes: app/views/public/api/v1/inboxes/messages/*.json.jbuilder, models/_message; rules:
inboxes/messages_controller.rb, message_finder.rb; a customer's message is an incoming message
with every side effect of one (message.rb's callbacks, written once in the store)."""

from __future__ import annotations

from fakewoot.api.csat import MSG_CSAT_LOCKED
from fakewoot.store.messages import (
    ACTIVITY,
    ACTIVITY_SYSTEM_REOPENED,
    MSG_CONTENT_TOO_LONG,
    MSG_TOO_MANY_MESSAGES,
)
from tests.contract.public_api import (
    ADMIN,
    MESSAGE_KEYS,
    RAILS_NOT_FOUND,
    assert_keys,
    base_url,
    new_api_inbox,
    new_customer,
    start_conversation,
)

APP = "/api/v1/accounts/1/conversations"


def _setup(client):
    base = base_url(new_api_inbox(client))
    customer = new_customer(client, base, name="Ada")
    conversation = start_conversation(client, base, customer["source_id"])
    url = f"{base}/contacts/{customer['source_id']}/conversations/{conversation['id']}/messages"
    return base, customer, conversation, url


def test_create_is_an_incoming_message_from_the_contact(client, fake, events):
    _, customer, conversation, url = _setup(client)
    answer = client.post(
        url, json={"content": "hello", "echo_id": "e-1", "private": True, "message_type": "outgoing"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert_keys(body, MESSAGE_KEYS)
    assert (body["content"], body["message_type"], body["content_type"], body["conversation_id"]) == (
        "hello",
        0,
        "text",
        conversation["id"],
    )
    assert (body["sender"]["id"], body["sender"]["type"]) == (customer["id"], "contact")
    stored = fake.store.account(1).messages.get(body["id"])
    assert (stored.sender_type, stored.private, stored.echo_id) == ("Contact", False, "e-1")
    assert "message.created" in [e.name for e in events]
    assert fake.store.account(1).contacts.get(customer["id"]).last_activity_at is not None
    agent_view = client.get(f"{APP}/{conversation['id']}/messages", headers=ADMIN).json()["payload"]
    assert [m["content"] for m in agent_view] == ["hello"]


def test_a_message_reopens_a_resolved_conversation(client, fake):
    base, customer, conversation, url = _setup(client)
    client.post(f"{base}/contacts/{customer['source_id']}/conversations/{conversation['id']}/toggle_status")
    client.post(url, json={"content": "one more thing"})
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    assert stored.status == "open"
    activities = [m.content for m in fake.store.messages.of(stored) if m.message_type == ACTIVITY]
    assert activities[-1] == ACTIVITY_SYSTEM_REOPENED


def test_create_validation_is_record_invalid_and_writes_nothing(client, fake):
    _, _, conversation, url = _setup(client)
    refused = client.post(url, json={"content": "h" * 150_001})
    assert (refused.status_code, refused.json()) == (
        422,
        {"message": MSG_CONTENT_TOO_LONG, "attributes": ["content"]},
    )
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    assert fake.store.messages.of(stored) == []
    for _ in range(200):
        fake.store.messages.create(stored, message_type=0, content="x", sender_type=None, sender_id=None)
    flood = client.post(url, json={"content": "again"})
    assert (flood.status_code, flood.json()) == (
        422,
        {"message": MSG_TOO_MANY_MESSAGES, "attributes": ["base"]},
    )


def test_index_hides_private_and_activity_and_pages_with_before(client, fake):
    _, _, conversation, url = _setup(client)
    ids = [client.post(url, json={"content": f"m{i}"}).json()["id"] for i in range(22)]
    client.post(
        f"{APP}/{conversation['id']}/messages", json={"content": "note", "private": True}, headers=ADMIN
    )
    client.post(f"{APP}/{conversation['id']}/toggle_status", json={"status": "pending"}, headers=ADMIN)
    latest = client.get(url).json()
    assert [m["id"] for m in latest] == ids[2:]
    for message in latest:
        assert_keys(message, MESSAGE_KEYS)
    older = client.get(url, params={"before": ids[2]}).json()
    assert [m["id"] for m in older] == ids[:2]
    assert client.get(url, params={"before": "junk"}).json() == []  # "junk".to_i is 0


def test_messages_of_any_conversation_of_the_contact(client):
    """The messages endpoints find the conversation among the contact's, whichever its inbox."""
    base = base_url(new_api_inbox(client))
    customer = new_customer(client, base, email="ada@example.com")
    other_base = base_url(new_api_inbox(client))
    same = new_customer(client, other_base, email="ada@example.com")
    assert same["id"] == customer["id"]
    elsewhere = start_conversation(client, other_base, same["source_id"])
    url = f"{base}/contacts/{customer['source_id']}/conversations/{elsewhere['id']}/messages"
    sent = client.post(url, json={"content": "from the other inbox"})
    assert sent.status_code == 200 and sent.json()["conversation_id"] == elsewhere["id"]
    assert [m["content"] for m in client.get(url).json()] == ["from the other inbox"]
    assert client.get(url.replace("/messages", "")).status_code == 404  # not hmac-verified: its own only
    stranger = new_customer(client, base)
    foreign = url.replace(customer["source_id"], stranger["source_id"])
    assert (client.get(foreign).status_code, client.get(foreign).json()) == (404, RAILS_NOT_FOUND)


def test_update_submitted_values_and_refusals(client, fake, events):
    _, _, conversation, url = _setup(client)
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    select = fake.store.messages.create(
        stored,
        message_type=3,
        content="Pick one",
        sender_type=None,
        sender_id=None,
        content_type="input_select",
        content_attributes={"items": [{"title": "A", "value": "a"}]},
    )
    answer = client.patch(
        f"{url}/{select.id}", json={"submitted_values": [{"title": "A", "value": "a", "x": 1}]}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["content_attributes"]["submitted_values"] == [{"title": "A", "value": "a"}]
    assert list(body) == [k for k in MESSAGE_KEYS if k != "sender"]  # a template message has no sender
    assert "message.updated" in [e.name for e in events]
    for missing in (f"{url}/999999", f"{url}/abc"):
        assert (client.patch(missing, json={}).status_code, client.patch(missing, json={}).json()) == (
            404,
            RAILS_NOT_FOUND,
        )


def test_update_answers_a_csat_survey_and_locks_it_after_14_days(client, fake):
    _, _, conversation, url = _setup(client)
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    survey = fake.store.messages.create(
        stored, message_type=3, content="Rate us", sender_type=None, sender_id=None, content_type="input_csat"
    )
    answer = {"submitted_values": {"csat_survey_response": {"rating": 4, "feedback_message": "great"}}}
    body = client.put(f"{url}/{survey.id}", json=answer).json()
    assert body["content_attributes"]["submitted_values"]["csat_survey_response"] == {
        "rating": 4,
        "feedback_message": "great",
    }
    assert [r.rating for r in fake.store.csat_survey_responses.of(1)] == [4]
    survey.created_at -= 15 * 86400
    locked = client.patch(f"{url}/{survey.id}", json=answer)
    assert (locked.status_code, locked.json()) == (422, {"error": MSG_CSAT_LOCKED})


def test_create_with_attachments(client, fake):
    _, _, _conversation, url = _setup(client)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    answer = client.post(
        url, data={"content": "see this"}, files=[("attachments[]", ("shot.png", png, "image/png"))]
    )
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == [*list(MESSAGE_KEYS)[:-1], "attachments", "sender"]
    (attachment,) = body["attachments"]
    assert (attachment["file_type"], attachment["extension"], attachment["file_size"]) == (
        "image",
        None,  # Attachment#extension is never written for these messages
        len(png),
    )
    assert client.get(attachment["data_url"]).status_code in (200, 302)
    stored = fake.store.account(1).messages.get(body["id"])
    assert len(stored.attachments) == 1 and stored.content == "see this"
