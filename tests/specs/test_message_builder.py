"""Port of spec/builders/messages/message_builder_spec.rb (Chatwoot v4.10), through POST .../messages
(MessagesController#create runs Messages::MessageBuilder; its errors are 422 {"error": ...})."""

from __future__ import annotations

import itertools
import json
from typing import Any

from fakewoot.api.conversation_children import MSG_INCOMING_API_ONLY, MSG_INVALID_EMAIL
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import conversation_in, conversation_url, messages, new_inbox, post_message

_serial = itertools.count(1)
SPEC = "spec/builders/messages/message_builder_spec.rb"
UPSTREAM_ITS = 21
_CA = "#content_attributes"
_INCOMING = "#perform when message_type is incoming"
_EMAIL = f"{_INCOMING} > when email channel messages"
_CUSTOM = f"{_EMAIL} > when custom email content is provided"
_LIQUID = f"{_EMAIL} > when liquid templates are present in email content"
SKIPPED = {
    f"{_INCOMING} > when attachment messages > when DIRECT_UPLOAD_ENABLED > creates message with attachments": (
        "not implemented: direct uploads (attachments as signed blob ids)"
    ),
}


def _web_conversation(http: Any) -> dict[str, Any]:
    return conversation_in(http, new_inbox(http, "web_widget")["id"])


def _email_conversation(http: Any, **contact: Any) -> dict[str, Any]:
    inbox = new_inbox(http, "email", email=f"support-{next(_serial)}@spec.example")
    fields = {"email": f"contact-{inbox['id']}@spec.example", **contact}
    return conversation_in(http, inbox["id"], **fields)


@ports("#perform > creates a message")
def test_creates_a_message(http):
    conversation = _web_conversation(http)
    assert ok(post_message(http, conversation, content="test"))["content"] == "test"
    assert [m["content"] for m in messages(http, conversation)] == ["test"]


def _reply_target(http: Any, conversation: dict[str, Any]) -> dict[str, Any]:
    return ok(post_message(http, conversation, content="Incoming Message"))


@ports(f"{_CA} > when content_attributes is a JSON string > parses content_attributes from JSON string")
def test_content_attributes_json_string(http):
    conversation = _web_conversation(http)
    target = _reply_target(http, conversation)
    raw = json.dumps({"in_reply_to": target["id"]})
    body = ok(post_message(http, conversation, content="test", content_attributes=raw))
    assert body["content_attributes"]["in_reply_to"] == target["id"]


@ports(f"{_CA} > when content_attributes is a hash > uses content_attributes as provided")
def test_content_attributes_hash(http):
    conversation = _web_conversation(http)
    target = _reply_target(http, conversation)
    body = ok(
        post_message(http, conversation, content="test", content_attributes={"in_reply_to": target["id"]})
    )
    assert body["content_attributes"]["in_reply_to"] == target["id"]


@ports(
    f"{_CA} > when content_attributes is absent > defaults to an empty hash",
    f"{_CA} > when content_attributes is nil > defaults to an empty hash",
    f"{_CA} > when content_attributes is an invalid JSON string > defaults to an empty hash",
)
def test_content_attributes_default_to_empty(http):
    conversation = _web_conversation(http)
    assert ok(post_message(http, conversation, content="test"))["content_attributes"] == {}
    assert (
        ok(post_message(http, conversation, content="test", content_attributes=None))["content_attributes"]
        == {}
    )
    invalid = ok(post_message(http, conversation, content="test", content_attributes="invalid_json"))
    assert invalid["content_attributes"] == {}


@ports(f"{_INCOMING} > when channel is not api > creates throws error when channel is not api")
def test_incoming_refused_outside_api_inboxes(http):
    conversation = _web_conversation(http)
    response = post_message(http, conversation, content="test", message_type="incoming")
    assert (response.status_code, response.json()) == (422, {"error": MSG_INCOMING_API_ONLY})
    assert MSG_INCOMING_API_ONLY == "Incoming messages are only allowed in Api inboxes"
    assert messages(http, conversation) == []


@ports(f"{_INCOMING} > when channel is api > creates message when channel is api")
def test_incoming_in_api_inbox(http):
    conversation = conversation_in(http, new_inbox(http, "api")["id"])
    body = ok(post_message(http, conversation, content="test", message_type="incoming"))
    assert body["message_type"] == 0  # incoming
    assert body["sender"]["type"] == "contact"


@ports(f"{_INCOMING} > when attachment messages > creates message with attachments")
def test_attachment_file_type(http):
    conversation = _web_conversation(http)
    response = http.post(
        conversation_url(conversation) + "/messages",
        data={"content": "test"},
        files=[
            ("attachments[]", ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")),
            ("attachments[]", ("logo.svg", b"<svg/>", "image/svg+xml")),
        ],
        headers=ADMIN,
    )
    assert [a["file_type"] for a in ok(response)["attachments"]] == ["image", "file"]


@ports(f"{_EMAIL} > creates message with content_attributes for cc and bcc email addresses")
def test_email_cc_and_bcc(http):
    conversation = _email_conversation(http)
    body = ok(
        post_message(
            http, conversation, cc_emails="test_cc_mail@test.com", bcc_emails="test_bcc_mail@test.com"
        )
    )
    assert body["content_attributes"]["cc_emails"] == ["test_cc_mail@test.com"]
    assert body["content_attributes"]["bcc_emails"] == ["test_bcc_mail@test.com"]
    assert body["content_attributes"]["to_emails"] == []


@ports(f"{_EMAIL} > does not create message with wrong cc and bcc email addresses")
def test_email_invalid_addresses(http):
    conversation = _email_conversation(http)
    response = post_message(http, conversation, cc_emails="test.com", bcc_emails="test_bcc.com")
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_EMAIL})
    assert MSG_INVALID_EMAIL == "Invalid email address"
    assert messages(http, conversation) == []


@ports(f"{_EMAIL} > strips off whitespace before saving cc_emails and bcc_emails")
def test_email_addresses_whitespace(http):
    conversation = _email_conversation(http)
    body = ok(
        post_message(
            http,
            conversation,
            cc_emails=" test1@test.com , test2@test.com, test3@test.com",
            bcc_emails="test1@test.com,test2@test.com, test3@test.com ",
        )
    )
    expected = ["test1@test.com", "test2@test.com", "test3@test.com"]
    assert body["content_attributes"]["cc_emails"] == expected
    assert body["content_attributes"]["bcc_emails"] == expected


@ports(f"{_CUSTOM} > does not process custom email content for private messages")
def test_private_note_gets_no_email_content(http):
    conversation = _email_conversation(http)
    body = {
        "content": "Regular message content",
        "email_html_content": "<p>Custom HTML content</p>",
        "private": True,
    }
    attributes = ok(post_message(http, conversation, **body))["content_attributes"]
    assert attributes.get("email") is None


@ports(f"{_LIQUID} > does not process liquid for incoming messages")
def test_incoming_content_kept_verbatim(http):
    conversation = conversation_in(http, new_inbox(http, "api")["id"])
    body = ok(post_message(http, conversation, content="Hello {{contact.name}}", message_type="incoming"))
    assert body["content"] == "Hello {{contact.name}}"


@ports(f"{_LIQUID} > does not process liquid for private messages")
def test_private_note_liquid_no_email_content(http):
    conversation = _email_conversation(http)
    attributes = ok(post_message(http, conversation, content="Hello {{contact.name}}", private=True))[
        "content_attributes"
    ]
    assert attributes.get("email") is None


def _email(body: dict[str, Any]) -> dict[str, Any]:
    return body["content_attributes"]["email"]  # type: ignore[no-any-return]


@ports(f"{_CUSTOM} > creates message with custom HTML email content")
def test_custom_html_email_content(http):
    conversation = _email_conversation(http)
    custom = "<p>Custom <strong>HTML</strong> content</p>"
    email = _email(
        ok(post_message(http, conversation, content="Regular message content", email_html_content=custom))
    )
    assert email["html_content"] == {"full": custom, "reply": custom}
    assert email["text_content"] == {"full": "Regular message content", "reply": "Regular message content"}


@ports(f"{_CUSTOM} > falls back to default behavior when no custom email content is provided")
def test_markdown_email_content(http):
    conversation = _email_conversation(http)
    email = _email(ok(post_message(http, conversation, content="Regular **markdown** content")))
    assert "<strong>markdown</strong>" in email["html_content"]["full"]
    assert email["html_content"]["reply"] == email["html_content"]["full"]
    assert email["text_content"]["full"] == "Regular **markdown** content"


@ports(f"{_LIQUID} > processes liquid variables in email content")
def test_liquid_in_email_content(http):
    conversation = _email_conversation(http, name="John", email="john@example.com")
    content = "Hello {{contact.name}}, your email is {{contact.email}}"
    email = _email(ok(post_message(http, conversation, content=content)))
    assert "Hello John" in email["html_content"]["full"]
    assert "john@example.com" in email["html_content"]["full"]
    assert email["text_content"]["full"] == "Hello John, your email is john@example.com"


@ports(f"{_LIQUID} > does not process liquid in code blocks")
def test_liquid_in_email_code_blocks(http):
    conversation = _email_conversation(http, name="John", email="john@example.com")
    content = "Hello {{contact.name}}, use this code: `{{contact.email}}`"
    email = _email(ok(post_message(http, conversation, content=content)))
    assert email["text_content"]["full"] == "Hello John, use this code: `{{contact.email}}`"


@ports(f"{_LIQUID} > handles broken liquid syntax gracefully")
def test_broken_liquid_in_email(http):
    conversation = _email_conversation(http, name="John", email="john@example.com")
    content = "Hello {{contact.name}  {{invalid}}"
    email = _email(ok(post_message(http, conversation, content=content)))
    assert email["text_content"]["full"] == "Hello {{contact.name}  {{invalid}}"
