"""Port of spec/controllers/api/v1/accounts/conversations/messages_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from datetime import UTC, datetime

from fakewoot.api.conversation_children import MSG_MESSAGE_NOT_FOUND
from fakewoot.store.messages import ACTIVITY_SYSTEM_REOPENED, DELETED_CONTENT, MSG_CONTENT_TOO_LONG
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, WEB_INBOX, new_conversation, new_user, ok
from tests.specs.support_messages import (
    BOT,
    conversation_in,
    conversation_url,
    member_of,
    messages,
    new_bot,
    new_inbox,
    post_message,
    set_status,
    show,
)

SPEC = "spec/controllers/api/v1/accounts/conversations/messages_controller_spec.rb"
UPSTREAM_ITS = 22
_POST = "POST /api/v1/accounts/{account.id}/conversations/<id>/messages"
_GET = "GET /api/v1/accounts/{account.id}/conversations/:id/messages"
_DELETE = "DELETE /api/v1/accounts/{account.id}/conversations/:conversation_id/messages/:id"
_RETRY = "POST /api/v1/accounts/{account.id}/conversations/:conversation_id/messages/:id/retry"
_PATCH = "PATCH /api/v1/accounts/{account.id}/conversations/:conversation_id/messages/:id"
_AGENT = "when it is an authenticated user with access to conversation"
_BOT = "when it is an authenticated agent bot"
SKIPPED: dict[str, str] = {}


def _agent_in(http, inbox_id):
    agent = new_user(http)
    member_of(http, inbox_id, agent)
    return agent


@ports(f"{_POST} > when it is an unauthenticated user > returns unauthorized")
def test_create_unauthenticated(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    response = http.post(conversation_url(conversation) + "/messages")
    assert response.status_code == 401
    assert len(messages(http, conversation)) == 0


@ports(f"{_POST} > {_AGENT} > creates a new outgoing message")
def test_create_private_outgoing(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    body = ok(post_message(http, conversation, agent["headers"], content="test-message", private=True))
    assert (body["content"], body["private"], body["message_type"]) == ("test-message", True, 1)
    listed = messages(http, conversation)
    assert [m["content"] for m in listed] == ["test-message"]


@ports(f"{_POST} > {_AGENT} > does not create the message")
def test_create_content_too_long(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    response = post_message(http, conversation, agent["headers"], content="h" * 150_000 + "a", private=True)
    assert response.status_code == 422
    assert response.json() == {"error": f"Validation failed: {MSG_CONTENT_TOO_LONG}"}
    assert response.json()["error"] == "Validation failed: Content is too long (maximum is 150000 characters)"
    assert messages(http, conversation) == []


@ports(f"{_POST} > {_AGENT} > creates an outgoing text message with a specific bot sender")
def test_create_with_bot_sender(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    bot = new_bot(http)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    body = ok(
        post_message(
            http,
            conversation,
            agent["headers"],
            content="test-message",
            external_created_at=stamp,
            sender_type="AgentBot",
            sender_id=bot["id"],
        )
    )
    assert body["content_attributes"]["external_created_at"] == stamp
    listed = messages(http, conversation)
    assert len(listed) == 1
    assert (listed[-1]["sender"]["id"], listed[-1]["sender"]["type"]) == (bot["id"], "agent_bot")
    assert listed[-1]["content_type"] == "text"


@ports(f"{_POST} > {_AGENT} > creates a new outgoing message with attachment")
def test_create_with_attachment(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    response = http.post(
        conversation_url(conversation) + "/messages",
        data={"content": "test-message"},
        files=[("attachments[]", ("avatar.png", png, "image/png"))],
        headers=agent["headers"],
    )
    assert response.status_code == 200, response.text
    attachment = messages(http, conversation)[-1]["attachments"][0]
    assert attachment["data_url"] and attachment["file_size"] == len(png)
    assert attachment["file_type"] == "image"


@ports(f"{_POST} > {_AGENT} > when api inbox > reopens the conversation with new incoming message")
def test_incoming_reopens_with_system_activity(http):
    inbox = new_inbox(http, "api")
    agent = _agent_in(http, inbox["id"])
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="first", message_type="incoming"))
    set_status(http, conversation, "resolved")
    response = post_message(
        http, conversation, agent["headers"], content="test-message", private=False, message_type="incoming"
    )
    assert response.status_code == 200
    assert show(http, conversation)["status"] == "open"
    activities = [m["content"] for m in messages(http, conversation) if m["message_type"] == 2]
    assert ACTIVITY_SYSTEM_REOPENED == "System reopened the conversation due to a new incoming message."
    assert activities[-1] == ACTIVITY_SYSTEM_REOPENED


@ports(f"{_POST} > {_BOT} > creates a new outgoing message")
def test_bot_creates_outgoing(http):
    conversation = new_conversation(http, inbox_id=API_INBOX)
    body = ok(post_message(http, conversation, BOT, content="test-message"))
    assert (body["sender"]["type"], body["message_type"]) == ("agent_bot", 1)
    listed = messages(http, conversation)
    assert [m["content"] for m in listed if m["message_type"] != 2] == ["test-message"]


_SELECT = [{"title": "Dune", "value": "dune"}, {"title": "Emma", "value": "emma"}]
_CARD = {
    "title": "Dune",
    "description": "The spice must flow",
    "media_url": "https://chatwoot-assets.local/sample.png",
    "actions": [
        {"text": "Select", "type": "postback", "payload": "TACOS"},
        {"text": "More info", "type": "link", "uri": "http://example.org"},
    ],
}


@ports(f"{_POST} > {_BOT} > creates a new outgoing input select message")
def test_bot_creates_input_select(http):
    conversation = new_conversation(http, inbox_id=API_INBOX)
    body = {"content_type": "input_select", "content_attributes": {"items": _SELECT}}
    ok(post_message(http, conversation, BOT, **body))
    listed = [m for m in messages(http, conversation) if m["message_type"] != 2]
    assert len(listed) == 1
    assert listed[0]["content_type"] == "input_select"
    assert listed[0]["content"] is None


@ports(f"{_POST} > {_BOT} > creates a new outgoing cards message")
def test_bot_creates_cards(http):
    conversation = new_conversation(http, inbox_id=API_INBOX)
    ok(post_message(http, conversation, BOT, content_type="cards", content_attributes={"items": [_CARD]}))
    listed = [m for m in messages(http, conversation) if m["message_type"] != 2]
    assert len(listed) == 1 and listed[0]["content_type"] == "cards"


@ports(f"{_GET} > when it is an unauthenticated user > returns unauthorized")
def test_index_unauthenticated(http):
    conversation = new_conversation(http)
    assert http.get(conversation_url(conversation) + "/messages").status_code == 401


@ports(f"{_GET} > {_AGENT} > shows the conversation")
def test_index_meta_contact(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    response = http.get(conversation_url(conversation) + "/messages", headers=agent["headers"])
    assert response.status_code == 200
    assert response.json()["meta"]["contact"]["id"] == conversation["meta"]["sender"]["id"]


def _message_with_bcc(http, conversation):
    return ok(
        post_message(
            http,
            conversation,
            content="Incoming Message",
            content_attributes={"bcc_emails": ["hello@chatwoot.com"]},
        )
    )


@ports(f"{_DELETE} > when it is an unauthenticated user > returns unauthorized")
def test_delete_unauthenticated(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    message = _message_with_bcc(http, conversation)
    response = http.delete(conversation_url(conversation) + f"/messages/{message['id']}")
    assert response.status_code == 401
    assert messages(http, conversation)[-1]["content"] == "Incoming Message"


@ports(f"{_DELETE} > {_AGENT} > deletes the message")
def test_delete_message(http, events):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    message = _message_with_bcc(http, conversation)
    response = http.delete(
        conversation_url(conversation) + f"/messages/{message['id']}", headers=agent["headers"]
    )
    assert response.status_code == 200
    stored = next(m for m in messages(http, conversation) if m["id"] == message["id"])
    assert stored["content"] == DELETED_CONTENT == "This message was deleted"
    assert stored["content_attributes"]["deleted"] is True
    assert "bcc_emails" not in stored["content_attributes"]
    assert [e.name for e in events if e.name.startswith("message.")][-1] == "message.updated"


@ports(f"{_DELETE} > {_AGENT} > deletes interactive messages")
def test_delete_interactive_message(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    interactive = ok(
        post_message(
            http,
            conversation,
            content="test",
            content_type="input_select",
            content_attributes={"items": [{"title": "test", "value": "test"}]},
        )
    )
    url = conversation_url(conversation) + f"/messages/{interactive['id']}"
    assert http.delete(url, headers=agent["headers"]).status_code == 200
    stored = next(m for m in messages(http, conversation) if m["id"] == interactive["id"])
    assert stored["content_attributes"] == {"deleted": True}
    assert stored["content_type"] == "text"


@ports(f"{_DELETE} > when the message id is invalid > returns not found error")
def test_delete_unknown_message(http):
    conversation = new_conversation(http, inbox_id=WEB_INBOX)
    agent = _agent_in(http, WEB_INBOX)
    _message_with_bcc(http, conversation)
    response = http.delete(conversation_url(conversation) + "/messages/99999", headers=agent["headers"])
    assert response.status_code == 404


def _api_message(http):
    inbox = new_inbox(http, "api")
    conversation = conversation_in(http, inbox["id"])
    message = ok(post_message(http, conversation, content="Incoming Message", message_type="incoming"))
    assert message["status"] == "sent"
    return inbox, conversation, message


@ports(f"{_PATCH} > when unauthenticated > returns unauthorized")
def test_patch_unauthenticated(http):
    _, conversation, message = _api_message(http)
    response = http.patch(conversation_url(conversation) + f"/messages/{message['id']}")
    assert response.status_code == 401
    assert messages(http, conversation)[0]["status"] == "sent"


@ports(f"{_PATCH} > when authenticated agent > when agent has non-API inbox > returns forbidden")
def test_patch_non_api_inbox_forbidden(http):
    inbox = new_inbox(http, "web_widget")
    agent = _agent_in(http, inbox["id"])
    conversation = conversation_in(http, inbox["id"])
    message = ok(post_message(http, conversation, content="hello"))
    url = conversation_url(conversation) + f"/messages/{message['id']}"
    response = http.patch(url, json={"status": "failed", "external_error": "err"}, headers=agent["headers"])
    assert response.status_code == 403
    assert response.json() == {"error": "Message status update is only allowed for API inboxes"}
    assert messages(http, conversation)[-1]["status"] == "sent"


@ports(
    f"{_PATCH} > when authenticated agent > when agent has API inbox > uses StatusUpdateService to perform status update",
    f"{_PATCH} > when authenticated agent > when agent has API inbox > updates status to failed with external_error",
)
def test_patch_failed_with_external_error(http, events):
    inbox, conversation, message = _api_message(http)
    agent = _agent_in(http, inbox["id"])
    url = conversation_url(conversation) + f"/messages/{message['id']}"
    response = http.patch(
        url, json={"status": "failed", "external_error": "err123"}, headers=agent["headers"]
    )
    assert response.status_code == 200
    stored = messages(http, conversation)[0]
    assert stored["status"] == "failed"
    assert stored["content_attributes"]["external_error"] == "err123"
    assert [e.name for e in events][-1] == "message.updated"


def _failed_message(http):
    """A failed message with an external_error (status set through the API inbox's PATCH)."""
    inbox, conversation, message = _api_message(http)
    url = conversation_url(conversation) + f"/messages/{message['id']}"
    ok(http.patch(url, json={"status": "failed", "external_error": "error"}, headers=ADMIN))
    return inbox, conversation, message


@ports(f"{_RETRY} > when it is an unauthenticated user > returns unauthorized")
def test_retry_unauthenticated(http):
    _, conversation, message = _failed_message(http)
    response = http.post(conversation_url(conversation) + f"/messages/{message['id']}/retry")
    assert response.status_code == 401
    assert messages(http, conversation)[0]["status"] == "failed"


@ports(f"{_RETRY} > {_AGENT} > retries the message")
def test_retry_message(http, events):
    inbox, conversation, message = _failed_message(http)
    agent = _agent_in(http, inbox["id"])
    url = conversation_url(conversation) + f"/messages/{message['id']}/retry"
    response = http.post(url, headers=agent["headers"])
    assert response.status_code == 200
    assert response.json()["id"] == message["id"]
    stored = messages(http, conversation)[0]
    assert stored["status"] == "sent"
    assert stored["content_attributes"].get("external_error") is None
    assert "message.updated" in [e.name for e in events]


@ports(f"{_RETRY} > when the message id is invalid > returns not found error")
def test_retry_unknown_message(http):
    inbox, conversation, _ = _failed_message(http)
    agent = _agent_in(http, inbox["id"])
    response = http.post(conversation_url(conversation) + "/messages/99999/retry", headers=agent["headers"])
    assert response.status_code == 422  # RecordNotFound is rescued by #retry like any error
    assert response.json() == {"error": MSG_MESSAGE_NOT_FOUND.format(id=99999)}
