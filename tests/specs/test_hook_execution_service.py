"""Port of spec/services/message_templates/hook_execution_service_spec.rb (Chatwoot v4.10): the
greeting, out-of-office and e-mail collection template messages a new message triggers, seen in
the conversation's message list. A contact's message in a web widget has no API in fakewoot (the
widget API is not modelled), so those incoming messages are created through the fake's store."""

from __future__ import annotations

from typing import Any

from fakewoot.store.message_templates import EMAIL_COLLECT_INPUT, EMAIL_COLLECT_PROMPT
from fakewoot.store.messages import INCOMING
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import conversation_in, messages, new_inbox, post_message

SPEC = "spec/services/message_templates/hook_execution_service_spec.rb"
UPSTREAM_ITS = 12
_GREETING = "when Greeting Message"
_WIDGET = "when it is a first message from web widget"
_AFTER_HOURS = "when it is after working hours"
SKIPPED = {
    f"{_GREETING} > will not call ::MessageTemplates::Template::Greeting if its a tweet conversation": (
        "not implemented: Twitter channel"
    ),
    f"{_WIDGET} > doesnot calls ::MessageTemplates::Template::EmailCollect on campaign conversations": (
        "not implemented: campaigns"
    ),
    f"{_AFTER_HOURS} > will not call ::MessageTemplates::Template::OutOfOffice if its a tweet conversation": (
        "not implemented: Twitter channel"
    ),
}
GREETING = "Hi, this is a greeting message"
OUT_OF_OFFICE = "We are out of office"


def _configure(http: Any, inbox: dict[str, Any], **settings: Any) -> None:
    ok(http.patch(f"/api/v1/accounts/1/inboxes/{inbox['id']}", json=settings, headers=ADMIN))


def _widget(http: Any, **settings: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A web widget conversation of a contact without an e-mail address."""
    inbox = new_inbox(http, "web_widget")
    _configure(http, inbox, **settings)
    return inbox, conversation_in(http, inbox["id"])


def _contact_says(fake: Any, conversation: dict[str, Any], **fields: Any) -> None:
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    fake.store.messages.create(
        record,
        message_type=INCOMING,
        content=fields.pop("content", "Hello"),
        sender_type="Contact",
        sender_id=record.contact_id,
        **fields,
    )


def _templates(http: Any, conversation: dict[str, Any]) -> list[tuple[str, str]]:
    return [(m["content"], m["content_type"]) for m in messages(http, conversation) if m["message_type"] == 3]


@ports("when there is no incoming message in conversation > will not call any hooks")
def test_no_incoming_message_no_hooks(http):
    _, conversation = _widget(
        http, greeting_enabled=True, greeting_message=GREETING, enable_email_collect=True
    )
    ok(post_message(http, conversation, content="Conversation marked resolved!!", message_type="activity"))
    assert _templates(http, conversation) == []


@ports(f"{_GREETING} > doesnot calls ::MessageTemplates::Template::Greeting if greeting_message is empty")
def test_no_greeting_without_message(http, fake):
    _, conversation = _widget(http, greeting_enabled=True, enable_email_collect=True)
    _contact_says(fake, conversation)
    assert _templates(http, conversation) == [
        (EMAIL_COLLECT_PROMPT, "text"),
        (EMAIL_COLLECT_INPUT, "input_email"),
    ]
    assert EMAIL_COLLECT_PROMPT == "Give the team a way to reach you."
    assert EMAIL_COLLECT_INPUT == "Get notified by email"


@ports(f"{_WIDGET} > calls ::MessageTemplates::Template::EmailCollect")
def test_greeting_and_email_collect(http, fake):
    _, conversation = _widget(
        http, greeting_enabled=True, greeting_message=GREETING, enable_email_collect=True
    )
    _contact_says(fake, conversation)
    listed = messages(http, conversation)
    assert [(m["message_type"], m["content"]) for m in listed] == [
        (0, "Hello"),
        (3, GREETING),
        (3, EMAIL_COLLECT_PROMPT),
        (3, EMAIL_COLLECT_INPUT),
    ]
    assert "sender" not in listed[1]
    _contact_says(fake, conversation, content="Still there?")  # sent once
    assert len(_templates(http, conversation)) == 3


@ports(
    f"{_WIDGET} > doesnot calls ::MessageTemplates::Template::EmailCollect when enable_email_collect form is disabled"
)
def test_email_collect_disabled(http, fake):
    _, conversation = _widget(http, enable_email_collect=False)
    _contact_says(fake, conversation)
    assert _templates(http, conversation) == []


@ports("when message is an auto reply email > does not call any template hooks")
def test_auto_reply_email_no_hooks(http, fake):
    _, conversation = _widget(
        http, greeting_enabled=True, greeting_message=GREETING, enable_email_collect=True
    )
    _contact_says(
        fake, conversation, content_type="incoming_email", content_attributes={"email": {"auto_reply": True}}
    )
    assert _templates(http, conversation) == []
    _contact_says(fake, conversation, content_type="incoming_email")  # not an auto reply: the hooks run
    assert _templates(http, conversation)[0] == (GREETING, "text")


def _closed_api_conversation(http: Any) -> dict[str, Any]:
    """An API inbox closed all week (so closed today, whatever the day) with an out-of-office message."""
    inbox = new_inbox(http, "api")
    days = [{"day_of_week": day, "closed_all_day": True} for day in range(7)]
    _configure(
        http, inbox, working_hours_enabled=True, out_of_office_message=OUT_OF_OFFICE, working_hours=days
    )
    return conversation_in(http, inbox["id"])


@ports(f"{_AFTER_HOURS} > calls ::MessageTemplates::Template::OutOfOffice")
def test_out_of_office(http):
    conversation = _closed_api_conversation(http)
    ok(post_message(http, conversation, content="Hello", message_type="incoming"))
    assert _templates(http, conversation) == [(OUT_OF_OFFICE, "text")]
    ok(post_message(http, conversation, content="Hello?", message_type="incoming"))  # once a day
    assert _templates(http, conversation) == [(OUT_OF_OFFICE, "text")]


@ports(
    f"{_AFTER_HOURS} > with recent outgoing messages > does not call ::MessageTemplates::Template::OutOfOffice "
    "when there are recent outgoing messages"
)
def test_no_out_of_office_after_a_recent_reply(http):
    conversation = _closed_api_conversation(http)
    ok(post_message(http, conversation, content="We're here", message_type="outgoing"))
    ok(post_message(http, conversation, content="Hello", message_type="incoming"))
    assert _templates(http, conversation) == []


@ports(
    f"{_AFTER_HOURS} > with recent outgoing messages > ignores private note and calls ::MessageTemplates::Template::OutOfOffice"
)
def test_private_note_does_not_hold_out_of_office(http):
    conversation = _closed_api_conversation(http)
    ok(post_message(http, conversation, content="a note", message_type="outgoing", private=True))
    ok(post_message(http, conversation, content="Hello", message_type="incoming"))
    assert _templates(http, conversation) == [(OUT_OF_OFFICE, "text")]


@ports(f"{_AFTER_HOURS} > will not calls ::MessageTemplates::Template::OutOfOffice when outgoing message")
def test_no_out_of_office_for_outgoing(http):
    conversation = _closed_api_conversation(http)
    ok(post_message(http, conversation, content="Hello", message_type="incoming"))
    before = _templates(http, conversation)
    ok(post_message(http, conversation, content="Reply", message_type="outgoing"))
    assert _templates(http, conversation) == before == [(OUT_OF_OFFICE, "text")]
