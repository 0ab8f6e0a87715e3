"""Port of the Client API request specs (v4.10): spec/controllers/public/api/v1/inbox/
{inboxes,contacts,conversations,messages}_controller_spec.rb. The specs' factories (an API channel,
a contact with a contact inbox in it, conversations and messages) are built over HTTP: the
Application API for what an agent or FactoryBot makes, the Client API for what the customer does."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from fakewoot.events.types import TYPING_ON
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import new_inbox

D = "spec/controllers/public/api/v1/inbox/"
INBOXES, CONTACTS = D + "inboxes_controller_spec.rb", D + "contacts_controller_spec.rb"
CONVERSATIONS, MESSAGES = D + "conversations_controller_spec.rb", D + "messages_controller_spec.rb"
SPEC = {INBOXES: INBOXES, CONTACTS: CONTACTS, CONVERSATIONS: CONVERSATIONS, MESSAGES: MESSAGES}
UPSTREAM_ITS = {INBOXES: 1, CONTACTS: 4, CONVERSATIONS: 10, MESSAGES: 7}
SKIPPED: dict[str, dict[str, str]] = {INBOXES: {}, CONTACTS: {}, CONVERSATIONS: {}, MESSAGES: {}}
A = "/api/v1/accounts/1"
C_INDEX = "GET /public/api/v1/inboxes/{identifier}/contact/{source_id}/conversations"
C_SHOW = "GET /public/api/v1/inboxes/{identifier}/contact/{source_id}/conversations/{conversation_id}"
C_POST = "POST /public/api/v1/inboxes/{identifier}/contact/{source_id}/conversations"
C_ONE = C_POST + "/{conversation_id}"
M_BASE = "/public/api/v1/inboxes/{identifier}/contact/{source_id}/conversations/{conversation_id}/messages"
M_PATCH = "PATCH " + M_BASE + "/{id}"


def _world(http: Any, **contact: Any) -> dict[str, Any]:
    """The specs' lets: `api_channel`, `contact`, `contact_inbox` (in the channel's inbox)."""
    inbox = new_inbox(http)
    body = {"name": "Spec Contact", "inbox_id": inbox["id"], **contact}
    created = ok(http.post(f"{A}/contacts", json=body, headers=ADMIN))["payload"]
    source_id = created["contact_inbox"]["source_id"]
    base = f"/public/api/v1/inboxes/{inbox['inbox_identifier']}"
    return {
        "inbox": inbox,
        "contact": created["contact"],
        "source_id": source_id,
        "base": base,
        "conversations": f"{base}/contacts/{source_id}/conversations",
    }


def _conversation(http: Any, world: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """create(:conversation, contact_inbox: contact_inbox) through the Application API."""
    body = {
        "inbox_id": world["inbox"]["id"],
        "contact_id": world["contact"]["id"],
        "source_id": world["source_id"],
        **fields,
    }
    return ok(http.post(f"{A}/conversations", json=body, headers=ADMIN))


def _message(http: Any, conversation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """create(:message, conversation:): an incoming text message unless told otherwise."""
    body = {"content": "Incoming Message", "message_type": "incoming", **fields}
    return ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json=body, headers=ADMIN))


@ports("GET /public/api/v1/inboxes/{identifier} > is able to fetch the details of an inbox", spec=INBOXES)
def test_inbox_details(http):
    inbox = new_inbox(http)
    data = ok(http.get(f"/public/api/v1/inboxes/{inbox['inbox_identifier']}"))
    for key in ("name", "timezone", "working_hours", "working_hours_enabled"):
        assert key in data
    for key in ("csat_survey_enabled", "greeting_enabled", "identity_validation_enabled"):
        assert key in data
    assert data["identifier"] == inbox["inbox_identifier"]


@ports(
    "POST /public/api/v1/inboxes/{identifier}/contact > creates a contact and return the source id",
    spec=CONTACTS,
)
def test_create_contact_returns_the_source_id(http):
    world = _world(http)
    data = ok(http.post(f"{world['base']}/contacts"))
    assert {"email", "id", "name", "phone_number", "pubsub_token", "source_id"} <= set(data)
    assert data["source_id"] is not None and data["pubsub_token"] is not None


@ports(
    "POST /public/api/v1/inboxes/{identifier}/contact > persists the identifier of the contact", spec=CONTACTS
)
def test_create_contact_persists_the_identifier(http, fake):
    world = _world(http)
    ok(http.post(f"{world['base']}/contacts", data={"identifier": "contact-identifier"}))
    account = fake.store.account(1)
    assert account.contact_identifiers.get("contact-identifier") is not None


@ports(
    "GET /public/api/v1/inboxes/{identifier}/contact/{source_id} > gets a contact when present", spec=CONTACTS
)
def test_show_contact(http, fake):
    world = _world(http)
    data = ok(http.get(f"{world['base']}/contacts/{world['source_id']}"))
    assert {"email", "id", "name", "phone_number", "pubsub_token", "source_id"} <= set(data)
    assert data["source_id"] == world["source_id"]
    inbox = fake.store.account(1).inboxes.get(world["inbox"]["id"])
    record = fake.store.client_api.contact_inbox(inbox, world["source_id"])
    assert data["pubsub_token"] == fake.store.contact_inboxes.pubsub_token(record)


@ports(
    "PATCH /public/api/v1/inboxes/{identifier}/contact/{source_id} > updates a contact when present",
    spec=CONTACTS,
)
def test_update_contact(http):
    world = _world(http)
    data = ok(http.patch(f"{world['base']}/contacts/{world['source_id']}", data={"name": "John Smith"}))
    assert data["name"] == "John Smith"


@ports(C_INDEX + " > return the conversations for that contact", spec=CONVERSATIONS)
def test_index_returns_the_contact_inbox_conversations(http, fake):
    world = _world(http)
    conversation = _conversation(http, world)
    data = ok(http.get(world["conversations"]))
    assert len(data) == 1
    assert data[0]["uuid"] == fake.store.conversations.by_display_id(1, conversation["id"]).uuid


@ports(C_INDEX + " > return the conversations when hmac_verified is true", spec=CONVERSATIONS)
def test_index_of_an_hmac_verified_contact_inbox_lists_the_contact_conversations(http, fake):
    world = _world(http, identifier="spec-identifier")
    secret = world["inbox"]["hmac_token"].encode()
    digest = hmac.new(secret, b"spec-identifier", hashlib.sha256).hexdigest()
    verify = {"identifier": "spec-identifier", "identifier_hash": digest}
    ok(http.get(f"{world['base']}/contacts/{world['source_id']}", params=verify))  # hmac_verified: true
    elsewhere = new_inbox(http)  # create(:conversation, contact: contact): a contact inbox of its own
    body = {"inbox_id": elsewhere["id"], "contact_id": world["contact"]["id"]}
    conversation = ok(http.post(f"{A}/conversations", json=body, headers=ADMIN))
    data = ok(http.get(world["conversations"]))
    assert len(data) == 1
    assert data[0]["uuid"] == fake.store.conversations.by_display_id(1, conversation["id"]).uuid


@ports(C_INDEX + " > does not return any private or activity message", spec=CONVERSATIONS)
def test_index_leaves_out_private_and_activity_messages(http):
    world = _world(http)
    conversation = _conversation(http, world)
    _message(http, conversation, content="message-1")
    _message(http, conversation, content="message-2")
    _message(http, conversation, content="private-message-1", private=True, message_type="outgoing")
    _message(http, conversation, content="activity-message-1", message_type="activity")
    data = ok(http.get(world["conversations"]))
    assert len(data) == 1
    assert len(data[0]["messages"]) == 2
    assert "private-message-1" not in [m["content"] for m in data[0]["messages"]]
    assert 2 not in [m["message_type"] for m in data[0]["messages"]]  # activity (the integer enum)


@ports(C_SHOW + " > returns the conversation that the contact has access to", spec=CONVERSATIONS)
def test_show_returns_the_conversation_with_its_messages(http):
    world = _world(http)
    conversation = _conversation(http, world)
    _message(http, conversation, content="message-1")
    _message(http, conversation, content="message-2")
    data = ok(http.get(f"{world['conversations']}/{conversation['id']}"))
    assert data["id"] == conversation["id"]
    assert isinstance(data["messages"], list) and len(data["messages"]) == 2
    assert "message-1" in [m["content"] for m in data["messages"]]


@ports(C_ONE + "/toggle_status > resolves the conversation", spec=CONVERSATIONS)
def test_toggle_status_resolves(http, fake):
    world = _world(http)
    conversation = _conversation(http, world)
    ok(http.post(f"{world['conversations']}/{conversation['id']}/toggle_status"))
    assert fake.store.conversations.by_display_id(1, conversation["id"]).status == "resolved"


@ports(
    C_ONE + "/toggle_status > does not resolve a conversation that is already resolved", spec=CONVERSATIONS
)
def test_toggle_status_leaves_a_resolved_conversation(http, fake, events):
    world = _world(http)
    conversation = _conversation(http, world, status="resolved")
    before = len(events)
    ok(http.post(f"{world['conversations']}/{conversation['id']}/toggle_status"))
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    assert stored.status == "resolved" and len(events) == before


@ports(C_POST + " > creates a conversation for that contact", spec=CONVERSATIONS)
def test_create_conversation(http):
    world = _world(http)
    assert ok(http.post(world["conversations"]))["id"] is not None


@ports(
    C_POST + " > creates a conversation with custom attributes but prevents other attributes",
    spec=CONVERSATIONS,
)
def test_create_conversation_keeps_custom_attributes_only(http, fake):
    world = _world(http)
    form = {"custom_attributes[test]": "test", "additional_attributes[test]": "test"}  # the spec's params
    data = ok(http.post(world["conversations"], data=form))
    stored = fake.store.conversations.by_display_id(1, data["id"])
    assert stored.custom_attributes == {"test": "test"} and stored.additional_attributes == {}


@ports(C_ONE + "/toggle_typing > dispatches the correct typing status", spec=CONVERSATIONS)
def test_toggle_typing_dispatches_typing_on_for_the_contact(http, events):
    world = _world(http)
    conversation = _conversation(http, world)
    ok(
        http.post(
            f"{world['conversations']}/{conversation['id']}/toggle_typing", data={"typing_status": "on"}
        )
    )
    typing = [e for e in events if e.name.startswith("conversation.typing")]
    assert [e.name for e in typing] == [TYPING_ON]
    assert typing[0].data["conversation"].display_id == conversation["id"]
    assert typing[0].data["contact_id"] == world["contact"]["id"]


@ports(C_ONE + "/update_last_seen > updates the last seen of the conversation contact", spec=CONVERSATIONS)
def test_update_last_seen(http, fake):
    world = _world(http)
    conversation = _conversation(http, world)
    reply = _message(http, conversation, message_type="outgoing", content="hello")
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    before = stored.contact_last_seen_at
    ok(http.post(f"{world['conversations']}/{conversation['id']}/update_last_seen"))
    assert stored.contact_last_seen_at != before
    assert fake.store.account(1).messages.get(reply["id"]).status == "read"  # UpdateMessageStatusJob ran


def _messages_world(http: Any) -> tuple[dict[str, Any], dict[str, Any], str]:
    world = _world(http, phone_number="+324234324", email="dfsadf@sfsda.com")
    conversation = _conversation(http, world)
    return world, conversation, f"{world['conversations']}/{conversation['id']}/messages"


@ports("GET " + M_BASE + " > return the messages for that conversation", spec=MESSAGES)
def test_messages_index(http):
    _, conversation, url = _messages_world(http)
    for _ in range(2):
        _message(http, conversation)
    assert len(ok(http.get(url))) == 2


@ports("POST " + M_BASE + " > creates a message in the conversation", spec=MESSAGES)
def test_messages_create(http):
    _, _, url = _messages_world(http)
    assert ok(http.post(url, data={"content": "hello"}))["content"] == "hello"


@ports("POST " + M_BASE + " > does not create the message", spec=MESSAGES)
def test_messages_create_refuses_long_content(http):
    _, _, url = _messages_world(http)
    answer = http.post(url, data={"content": "h" * 150 * 1000 + "a"})
    assert answer.status_code == 422
    assert answer.json()["message"] == "Content is too long (maximum is 150000 characters)"


@ports("POST " + M_BASE + " > creates attachment message in conversation", spec=MESSAGES)
def test_messages_create_with_an_attachment(http, fake):
    _, conversation, url = _messages_world(http)
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    data = ok(
        http.post(url, data={"content": "hello"}, files=[("attachments[]", ("avatar.png", png, "image/png"))])
    )
    assert data["content"] == "hello"
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    last = fake.store.messages.of(stored)[-1]
    assert last.attachments[0]["file_type"] == "image" and last.attachments[0]["file_size"] == len(png)


@ports(M_PATCH + " > updates a message in the conversation", spec=MESSAGES)
def test_messages_update_submitted_values(http):
    _, conversation, url = _messages_world(http)
    message = _message(http, conversation)
    data = ok(http.patch(f"{url}/{message['id']}", data={"submitted_values[][title]": "test"}))
    assert data["content_attributes"]["submitted_values"][0]["title"] == "test"


def _csat(http: Any, fake: Any, conversation: dict[str, Any]) -> Any:
    """create(:message, content_type: 'input_csat') and the response the spec mocks: an agent's
    input_csat message (the Application API takes the content type), answered once by the store."""
    message = _message(http, conversation, content_type="input_csat", message_type="template")
    stored = fake.store.conversations.by_display_id(1, conversation["id"])
    return fake.store.messages.get(stored, message["id"])


@ports(M_PATCH + " > updates CSAT survey response for the conversation", spec=MESSAGES)
def test_messages_update_csat_response(http, fake):
    _, conversation, url = _messages_world(http)
    message = _csat(http, fake, conversation)
    answer = {
        "submitted_values": {"csat_survey_response": {"rating": 4, "feedback_message": "amazing experience"}}
    }
    data = ok(http.patch(f"{url}/{message.id}", json=answer))
    response = data["content_attributes"]["submitted_values"]["csat_survey_response"]
    assert (response["feedback_message"], response["rating"]) == ("amazing experience", 4)


@ports(M_PATCH + " > returns update error if CSAT message sent more than 14 days", spec=MESSAGES)
def test_messages_update_csat_locked_after_14_days(http, fake):
    _, conversation, url = _messages_world(http)
    message = _csat(http, fake, conversation)
    message.created_at -= 15 * 86400  # created_at: 15.days.ago
    answer = {
        "submitted_values": {"csat_survey_response": {"rating": 4, "feedback_message": "amazing experience"}}
    }
    assert http.patch(f"{url}/{message.id}", json=answer).status_code == 422
