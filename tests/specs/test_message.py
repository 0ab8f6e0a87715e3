"""Port of spec/models/message_spec.rb (Chatwoot v4.10): the Message callbacks and validations seen
over HTTP (the message create answer, the conversation and contact JSON, cable and webhook payloads),
and of the `liqudable` shared examples it includes (spec/models/concerns/liquidable_shared.rb)."""

from __future__ import annotations

from typing import Any

from fakewoot.events.cable_listener import CableListener
from fakewoot.store.messages import (
    FLOOD_LIMIT,
    MSG_CONTENT_TOO_LONG,
    MSG_SOURCE_TOO_LONG,
    MSG_TOO_MANY_MESSAGES,
)
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import (
    conversation_in,
    conversation_url,
    messages,
    new_bot,
    new_inbox,
    post_message,
    set_status,
    show,
)

MESSAGE_SPEC = "spec/models/message_spec.rb"
LIQUID_SPEC = "spec/models/concerns/liquidable_shared.rb"
SPEC = [MESSAGE_SPEC, LIQUID_SPEC]
UPSTREAM_ITS = {MESSAGE_SPEC: 77, LIQUID_SPEC: 17}
_INTERNAL_SEARCH = "internal: search indexing (searchkick), no HTTP-visible effect"
_EMAIL_PREDICATE = "internal: a predicate of the e-mail notification jobs, no HTTP-visible effect"
_CONTINUITY = "not implemented: conversation continuity e-mails (ConversationReplyEmailJob)"
_RAW_CONTENT = (
    "not implemented: v4.10 renders webhook content for the channel (MessageContentPresenter); fakewoot "
    "sends the raw content of later upstream (#13896, docs/fidelity.md version table)"
)
_SKIPPED = {
    "with validations > { is_expected.to validate_presence_of(:inbox_id) }": (
        "internal: the API always sets the inbox of the conversation"
    ),
    "with validations > { is_expected.to validate_presence_of(:conversation_id) }": (
        "internal: the API always sets the conversation of the route"
    ),
    "with validations > { is_expected.to validate_presence_of(:account_id) }": (
        "internal: the API always sets the account of the route"
    ),
    "with webhook_data > uses outgoing_content for webhook content": _RAW_CONTENT,
    "with webhook_data > includes CSAT survey link in webhook content for input_csat messages": _RAW_CONTENT,
    "when message is created > with conversation continuity > schedules email notification for outgoing "
    "messages in website channel": _CONTINUITY,
    "when message is created > with conversation continuity > does not schedule email for website channel "
    "if continuity is disabled": _CONTINUITY,
    "when message is created > with conversation continuity > does not schedule email for private notes": (
        _CONTINUITY
    ),
    "when message is created > with conversation continuity > calls SendReplyJob for all channels": (
        "internal: SendReplyJob is a background job; for fakewoot's channels it sends nothing visible"
    ),
    "when attachments size maximum > add errors to message for attachment size is more than allowed limit": (
        "internal: the before_add error is cleared by save!'s validation, so a create keeps every "
        "attachment (no HTTP-visible refusal)"
    ),
    "when email notifiable message > return false if private message": _EMAIL_PREDICATE,
    "when email notifiable message > return false if incoming message": _EMAIL_PREDICATE,
    "when email notifiable message > return false if activity message": _EMAIL_PREDICATE,
    "when email notifiable message > return false if message type is template and content type is not "
    "input_csat or text": _EMAIL_PREDICATE,
    "when email notifiable message > return true if not private and not incoming and message content type "
    "is input_csat or text": _EMAIL_PREDICATE,
    "when facebook channel with unavailable story link > keeps the attachment for deleted stories": (
        "not implemented: Instagram channel"
    ),
    "when facebook channel with unavailable story link > keeps the attachment for expired stories": (
        "not implemented: Instagram channel"
    ),
    "#outgoing_content > delegates to MessageContentPresenter": _RAW_CONTENT,
    "#auto_reply_email? > when message is not an incoming email and inbox is not email > returns false": (
        _EMAIL_PREDICATE
    ),
    "#auto_reply_email? > when message is an incoming email > returns false when auto_reply is not set to "
    "true": _EMAIL_PREDICATE,
    "#auto_reply_email? > when message is an incoming email > returns true when auto_reply is set to true": (
        _EMAIL_PREDICATE
    ),
    "#auto_reply_email? > when inbox is email > returns false when auto_reply is not set to true": (
        _EMAIL_PREDICATE
    ),
    "#auto_reply_email? > when inbox is email > returns true when auto_reply is set to true": _EMAIL_PREDICATE,
    "#should_index? > when advanced search is not allowed globally > returns false": _INTERNAL_SEARCH,
    "#should_index? > when advanced search feature is not enabled for account on chatwoot cloud > returns "
    "false": _INTERNAL_SEARCH,
    "#should_index? > when advanced search feature is not enabled for account on self-hosted > returns true": (
        _INTERNAL_SEARCH
    ),
    "#should_index? > when message type is not incoming or outgoing > returns false": _INTERNAL_SEARCH,
    "#should_index? > when all conditions are met > returns true for incoming message": _INTERNAL_SEARCH,
    "#should_index? > when all conditions are met > returns true for outgoing message": _INTERNAL_SEARCH,
    "#reindex_for_search callback > when message should be indexed > calls reindex_for_search for incoming "
    "message on create": _INTERNAL_SEARCH,
    "#reindex_for_search callback > when message should be indexed > calls reindex_for_search for outgoing "
    "message on update": _INTERNAL_SEARCH,
    "#reindex_for_search callback > when message should not be indexed > does not call reindex_for_search "
    "for activity message": _INTERNAL_SEARCH,
    "#reindex_for_search callback > when message should not be indexed > does not call reindex_for_search "
    "for unpaid account on cloud": _INTERNAL_SEARCH,
    "#reindex_for_search callback > when message should not be indexed > does not call reindex_for_search "
    "when advanced search is not allowed": _INTERNAL_SEARCH,
}
SKIPPED = {MESSAGE_SPEC: _SKIPPED, LIQUID_SPEC: {}}
NIL_TIME = 0  # the conversation partial writes `first_reply_created_at.to_i`, `waiting_since.to_i`: nil is 0


def ports_message(*its: str) -> Any:
    return ports(*its, spec=MESSAGE_SPEC)


def ports_liquid(*its: str) -> Any:
    return ports(*its, spec=LIQUID_SPEC)


_LENGTH = "length validations > when it validates name length"
_SOURCE = "length validations > when it validates source_id length"
_CREATE = "message create event"
_WAITING = "#waiting since"
_BOT_RESPONDED = "#waiting since > when bot has responded to the conversation"


def _api_conversation(http: Any) -> dict[str, Any]:
    return conversation_in(http, new_inbox(http, "api")["id"])


def _store_conversation(fake: Any, conversation: dict[str, Any]) -> Any:
    return fake.store.conversations.by_display_id(1, conversation["id"])


# --- validations ----------------------------------------------------------------------------------


@ports_message(f"{_LENGTH} > valid when within limit")
def test_content_within_limit(http):
    conversation = _api_conversation(http)
    body = ok(post_message(http, conversation, content="a" * 120_000))
    assert len(body["content"]) == 120_000


@ports_message(f"{_LENGTH} > invalid when crossed the limit")
def test_content_over_limit(http):
    conversation = _api_conversation(http)
    response = post_message(http, conversation, content="a" * 150_001)
    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: " + MSG_CONTENT_TOO_LONG}
    assert MSG_CONTENT_TOO_LONG == "Content is too long (maximum is 150000 characters)"
    assert messages(http, conversation) == []


@ports_message(f"{_LENGTH} > adds error in case of message flooding")
def test_message_flooding(http):
    conversation = _api_conversation(http)
    for n in range(FLOOD_LIMIT):
        ok(post_message(http, conversation, content=f"m{n}"))
    response = post_message(http, conversation, content="one too many")
    assert response.status_code == 422
    assert response.json() == {"error": f"Validation failed: {MSG_TOO_MANY_MESSAGES}"}
    assert response.json() == {"error": "Validation failed: Too many messages"}
    assert "one too many" not in [m["content"] for m in messages(http, conversation)]


@ports_message(
    f"{_SOURCE} > valid when source_id is within text limit (20000 chars)",
    f"{_SOURCE} > valid when source_id is exactly 20000 characters",
)
def test_source_id_within_limit(http):
    conversation = _api_conversation(http)
    for size in (10_000, 20_000):
        body = ok(post_message(http, conversation, content="hi", source_id="a" * size))
        assert len(body["source_id"]) == size


@ports_message(f"{_SOURCE} > invalid when source_id exceeds text limit (20000 chars)")
def test_source_id_over_limit(http):
    conversation = _api_conversation(http)
    response = post_message(http, conversation, content="hi", source_id="a" * 20_001)
    assert response.status_code == 422
    assert response.json() == {"error": f"Validation failed: {MSG_SOURCE_TOO_LONG}"}
    assert MSG_SOURCE_TOO_LONG == "Source is too long (maximum is 20000 characters)"  # humanize drops _id


@ports_message(f"{_SOURCE} > handles long email Message-ID headers correctly")
def test_long_message_id(http):
    conversation = _api_conversation(http)
    long_id = ("msg-" + "ab" * 240 + "@verylongdomainname.example.com")[:500]
    body = ok(
        post_message(http, conversation, content="hi", source_id=long_id, content_type="incoming_email")
    )
    assert len(body["source_id"]) == 500 and body["content_type"] == "incoming_email"


@ports_message(f"{_SOURCE} > allows nil source_id", f"{_SOURCE} > allows empty string source_id")
def test_blank_source_ids(http):
    conversation = _api_conversation(http)
    assert ok(post_message(http, conversation, content="hi", source_id=None))["source_id"] is None
    assert ok(post_message(http, conversation, content="hi", source_id=""))["source_id"] == ""


# --- payloads -------------------------------------------------------------------------------------


@ports_message(
    "message_filter_helpers > when webhook_sendable? > returns #{scenario[:expected]} for #{scenario[:type]} message"
)
def test_webhook_sendable(http, fake, receiver):
    inbox = new_inbox(http, "api", webhook_url=receiver.url())
    conversation = conversation_in(http, inbox["id"])
    for kind in ("incoming", "outgoing", "template", "activity"):
        ok(post_message(http, conversation, content=f"a {kind} message", message_type=kind))
    assert fake.deliveries.settle()
    created = [e for e in receiver.events() if e.get("event") == "message_created"]
    assert sorted(e["message_type"] for e in created) == ["incoming", "outgoing", "template"]
    assert "a activity message" not in [e["content"] for e in created]


@ports_message("#push_event_data > returns push event payload")
def test_push_event_data(http, fake):
    conversation = _api_conversation(http)
    sent: list[dict[str, Any]] = []
    unsubscribe = fake.bus.subscribe(CableListener(fake.store, lambda streams, message: sent.append(message)))
    try:
        body = ok(
            post_message(
                http,
                conversation,
                content="Incoming Message",
                message_type="incoming",
                echo_id="random-echo_id",
            )
        )
    finally:
        unsubscribe()
    data = next(m["data"] for m in sent if m["event"] == "message.created")
    record = _store_conversation(fake, conversation)
    contact_inbox = fake.store.account(1).contact_inboxes.get(record.contact_inbox_id)
    shown = show(http, conversation)
    expected = {
        "account_id": 1,
        "additional_attributes": {},
        "content_attributes": {},
        "content_type": "text",
        "content": "Incoming Message",
        "conversation_id": conversation["id"],
        "created_at": body["created_at"],
        "external_source_ids": {},
        "id": body["id"],
        "inbox_id": conversation["inbox_id"],
        "message_type": 0,
        "private": False,
        "processed_message_content": "Incoming Message",
        "sender_id": body["sender"]["id"],
        "sender_type": "Contact",
        "source_id": None,
        "status": "sent",
        "conversation": {
            "assignee_id": None,
            "unread_count": shown["unread_count"],
            "last_activity_at": shown["last_activity_at"],
            "contact_inbox": {"source_id": contact_inbox.source_id},
        },
        "sentiment": {},
        "sender": body["sender"],
        "echo_id": "random-echo_id",
    }
    assert isinstance(data.pop("updated_at"), str)
    data.pop("performer", None)
    assert data == expected


# --- first reply ----------------------------------------------------------------------------------


def _fresh(http: Any) -> dict[str, Any]:
    conversation = _api_conversation(http)
    shown = show(http, conversation)
    assert shown["first_reply_created_at"] == NIL_TIME
    assert shown["waiting_since"] == shown["created_at"]
    return conversation


def _unchanged(http: Any, conversation: dict[str, Any]) -> None:
    shown = show(http, conversation)
    assert shown["first_reply_created_at"] == NIL_TIME
    assert shown["waiting_since"] == shown["created_at"]


@ports_message(
    f"{_CREATE} > updates the conversation first reply created at if it is the first outgoing message"
)
def test_first_outgoing_is_first_reply(http, events):
    conversation = _fresh(http)
    message = ok(post_message(http, conversation, content="hello", message_type="outgoing"))
    shown = show(http, conversation)
    assert shown["first_reply_created_at"] == message["created_at"]
    assert shown["waiting_since"] == NIL_TIME
    assert [e.name for e in events].count("first.reply.created") == 1


@ports_message(
    f"{_CREATE} > does not update the conversation first reply created at if the message is incoming",
    f"{_CREATE} > does not update the conversation first reply created at if the message is template",
    f"{_CREATE} > does not update the conversation first reply created at if the message is activity",
)
def test_non_outgoing_is_no_first_reply(http, events):
    for kind in ("incoming", "template", "activity"):
        conversation = _fresh(http)
        ok(post_message(http, conversation, content="hello", message_type=kind))
        _unchanged(http, conversation)
    assert "first.reply.created" not in [e.name for e in events]


@ports_message(
    f"{_CREATE} > does not update the conversation first reply created at if the message is a private message"
)
def test_private_note_is_no_first_reply(http):
    conversation = _fresh(http)
    ok(post_message(http, conversation, content="note", message_type="outgoing", private=True))
    _unchanged(http, conversation)
    following = ok(post_message(http, conversation, content="reply", message_type="outgoing"))
    shown = show(http, conversation)
    assert shown["first_reply_created_at"] == following["created_at"]
    assert shown["waiting_since"] == NIL_TIME


@ports_message(f"{_CREATE} > does not update first reply if the message is sent as campaign")
def test_campaign_message_is_no_first_reply(http):
    conversation = _fresh(http)
    ok(post_message(http, conversation, content="promo", message_type="outgoing", campaign_id=1))
    _unchanged(http, conversation)


@ports_message(f"{_CREATE} > does not update first reply if the message is sent by automation")
def test_automation_message_is_no_first_reply(http):
    conversation = _fresh(http)
    body = {"content": "auto", "message_type": "outgoing", "content_attributes": {"automation_rule_id": 1}}
    ok(post_message(http, conversation, **body))
    _unchanged(http, conversation)


# --- reopen ---------------------------------------------------------------------------------------


@ports_message("#reopen_conversation > reopens resolved conversation when the message is from a contact")
def test_incoming_reopens_resolved(http):
    conversation = _api_conversation(http)
    set_status(http, conversation, "resolved")
    ok(post_message(http, conversation, content="back again", message_type="incoming"))
    assert show(http, conversation)["status"] == "open"


@ports_message("#reopen_conversation > reopens snoozed conversation when the message is from a contact")
def test_incoming_reopens_snoozed(http):
    conversation = _api_conversation(http)
    set_status(http, conversation, "snoozed")
    ok(post_message(http, conversation, content="back again", message_type="incoming"))
    shown = show(http, conversation)
    assert shown["status"] == "open" and shown["snoozed_until"] is None
    # the caller (Current.user) reopened it: ActivityMessageHandler names them
    assert messages(http, conversation)[-1]["content"] == "Conversation was reopened by John"


@ports_message("#reopen_conversation > will not reopen if the conversation is muted")
def test_muted_conversation_stays_resolved(http):
    conversation = _api_conversation(http)
    set_status(http, conversation, "resolved")
    ok(http.post(conversation_url(conversation) + "/mute", headers=ADMIN))
    ok(post_message(http, conversation, content="back again", message_type="incoming"))
    assert show(http, conversation)["status"] == "resolved"


@ports_message("#reopen_conversation > will mark the conversation as pending if the agent bot is active")
def test_bot_inbox_reopens_as_pending(http):
    inbox = new_inbox(http, "api")
    conversation = conversation_in(http, inbox["id"])
    new_bot(http, inbox_id=inbox["id"])
    set_status(http, conversation, "resolved")
    ok(post_message(http, conversation, content="back again", message_type="incoming"))
    assert show(http, conversation)["status"] == "pending"
    # the activity names Current.user (here the administrator who posted)
    assert messages(http, conversation)[-1]["content"] == "Conversation was marked as pending by John"


# --- waiting_since --------------------------------------------------------------------------------


@ports_message(f"{_WAITING} > resets the waiting_since if an agent sent a reply")
def test_agent_reply_clears_waiting_since(http):
    conversation = _fresh(http)
    ok(post_message(http, conversation, content="on it"))
    assert show(http, conversation)["waiting_since"] == NIL_TIME


@ports_message(f"{_WAITING} > sets the waiting_since if there is an incoming message")
def test_incoming_sets_blank_waiting_since(http, fake):
    conversation = _fresh(http)
    _store_conversation(fake, conversation).waiting_since = None  # conversation.update(waiting_since: nil)
    message = ok(post_message(http, conversation, content="hello?", message_type="incoming"))
    assert show(http, conversation)["waiting_since"] == message["created_at"]


@ports_message(f"{_WAITING} > does not overwrite the previous value if there are newer messages")
def test_incoming_keeps_waiting_since(http, fake):
    conversation = _fresh(http)
    record = _store_conversation(fake, conversation)
    record.waiting_since = record.created_at - 3600
    ok(post_message(http, conversation, content="hello?", message_type="incoming"))
    assert show(http, conversation)["waiting_since"] == int(record.created_at - 3600)


def _bot_responded(http: Any, fake: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """An incoming message, waiting_since two hours back, then a reply sent as an agent bot."""
    conversation = _api_conversation(http)
    bot = new_bot(http)
    ok(post_message(http, conversation, content="help", message_type="incoming"))
    record = _store_conversation(fake, conversation)
    record.waiting_since = fake.clock.now() - 7200
    body = {"content": "bot here", "sender_type": "AgentBot", "sender_id": bot["id"]}
    assert ok(post_message(http, conversation, **body))["sender"]["type"] == "agent_bot"
    return conversation, bot


@ports_message(
    f"{_BOT_RESPONDED} > resets waiting_since when customer sends a new message after bot response"
)
def test_incoming_after_bot_reply(http, fake):
    conversation, _ = _bot_responded(http, fake)
    message = ok(post_message(http, conversation, content="still there?", message_type="incoming"))
    assert show(http, conversation)["waiting_since"] == message["created_at"]


@ports_message(f"{_BOT_RESPONDED} > does not reset waiting_since if last response was from human agent")
def test_incoming_after_human_reply(http, fake):
    conversation, _ = _bot_responded(http, fake)
    ok(post_message(http, conversation, content="a human"))
    assert show(http, conversation)["waiting_since"] == NIL_TIME
    message = ok(post_message(http, conversation, content="thanks", message_type="incoming"))
    assert show(http, conversation)["waiting_since"] == message["created_at"]


@ports_message(f"{_BOT_RESPONDED} > clears waiting_since when bot responds")
def test_bot_reply_clears_waiting_since(http, fake):
    conversation, bot = _bot_responded(http, fake)
    assert show(http, conversation)["waiting_since"] == NIL_TIME
    message = ok(post_message(http, conversation, content="again", message_type="incoming"))
    assert show(http, conversation)["waiting_since"] == message["created_at"]
    body = {"content": "bot again", "sender_type": "AgentBot", "sender_id": bot["id"]}
    ok(post_message(http, conversation, **body))
    assert show(http, conversation)["waiting_since"] == NIL_TIME


# --- webhook data ---------------------------------------------------------------------------------


@ports_message(
    "with webhook_data > contains the message attachment when attachment is present",
    "with webhook_data > does not contain the message attachment when attachment is not present",
)
def test_webhook_attachments(http, fake, receiver):
    inbox = new_inbox(http, "api", webhook_url=receiver.url())
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="plain"))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    ok(
        http.post(
            conversation_url(conversation) + "/messages",
            data={"content": "with file"},
            files=[("attachments[]", ("avatar.png", png, "image/png"))],
            headers=ADMIN,
        )
    )
    assert fake.deliveries.settle()
    created = {e["content"]: e for e in receiver.events() if e.get("event") == "message_created"}
    assert "attachments" not in created["plain"]
    assert [a["file_type"] for a in created["with file"]["attachments"]] == ["image"]


# --- create callbacks -----------------------------------------------------------------------------


@ports_message("when message is created > updates conversation last_activity_at when created")
def test_create_moves_last_activity(http):
    conversation = _api_conversation(http)
    message = ok(post_message(http, conversation, content="hello", message_type="incoming"))
    assert show(http, conversation)["last_activity_at"] == message["created_at"]


@ports_message("when message is created > updates contact last_activity_at when created")
def test_create_moves_contact_activity(http):
    conversation = _api_conversation(http)
    contact_id = conversation["meta"]["sender"]["id"]
    url = f"/api/v1/accounts/1/contacts/{contact_id}"
    before = ok(http.get(url, headers=ADMIN))["payload"].get("last_activity_at")
    message = ok(post_message(http, conversation, content="hello", message_type="incoming"))
    after = ok(http.get(url, headers=ADMIN))["payload"].get("last_activity_at")
    assert after != before and after == message["created_at"]


@ports_message("when message is created > triggers ::MessageTemplates::HookExecutionService")
def test_create_runs_template_hooks(http):
    inbox = new_inbox(http, "api")
    url = f"/api/v1/accounts/1/inboxes/{inbox['id']}"
    ok(http.patch(url, json={"greeting_enabled": True, "greeting_message": "Welcome!"}, headers=ADMIN))
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="hello", message_type="incoming"))
    listed = messages(http, conversation)
    assert [(m["message_type"], m["content"]) for m in listed] == [(0, "hello"), (3, "Welcome!")]


@ports_message("when content_type is blank > sets content_type as text")
def test_blank_content_type_is_text(http):
    conversation = _api_conversation(http)
    assert ok(post_message(http, conversation, content="hi", content_type=None))["content_type"] == "text"
    assert ok(post_message(http, conversation, content="hi", content_type=""))["content_type"] == "text"


@ports_message("when processed_message_content is blank > sets content_type as text")
def test_processed_message_content(http):
    conversation = _api_conversation(http)
    ok(post_message(http, conversation, content="Processed message content", content_type="text"))
    pushed = show(http, conversation)["messages"][0]  # the push shape carries every column
    assert pushed["processed_message_content"] == pushed["content"] == "Processed message content"


# --- in_reply_to ----------------------------------------------------------------------------------

_REPLY = "#ensure_in_reply_to"


def _replied_to(http: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    conversation = _api_conversation(http)
    original = ok(post_message(http, conversation, content="original", source_id=12_345))
    assert original["source_id"] == "12345"
    return conversation, original


@ports_message(
    f"{_REPLY} > when in_reply_to is present > sets in_reply_to_external_id based on the source_id of the referenced message"
)
def test_in_reply_to_sets_external_id(http):
    conversation, original = _replied_to(http)
    body = ok(
        post_message(http, conversation, content="reply", content_attributes={"in_reply_to": original["id"]})
    )
    assert body["content_attributes"]["in_reply_to_external_id"] == original["source_id"]
    assert body["content_attributes"]["in_reply_to"] == original["id"]


@ports_message(
    f"{_REPLY} > when in_reply_to is not present > sets in_reply_to based on the source_id of the referenced message"
)
def test_external_id_sets_in_reply_to(http):
    conversation, original = _replied_to(http)
    attributes = {"in_reply_to_external_id": original["source_id"]}
    body = ok(post_message(http, conversation, content="reply", content_attributes=attributes))
    assert body["content_attributes"]["in_reply_to"] == original["id"]


@ports_message(f"{_REPLY} > when the referenced message is not found > does not set in_reply_to_external_id")
def test_unknown_in_reply_to(http):
    conversation, _ = _replied_to(http)
    body = ok(post_message(http, conversation, content="reply", content_attributes={"in_reply_to": 999_999}))
    assert body["content_attributes"]["in_reply_to_external_id"] is None


@ports_message(f"{_REPLY} > when the source message is not found > does not set in_reply_to")
def test_unknown_external_id(http):
    conversation, _ = _replied_to(http)
    attributes = {"in_reply_to_external_id": "source-id-that-does-not-exist"}
    body = ok(post_message(http, conversation, content="reply", content_attributes=attributes))
    assert body["content_attributes"]["in_reply_to"] is None


# --- content --------------------------------------------------------------------------------------


@ports_message("#content > when message is not input_csat > returns original content")
def test_text_content_unchanged(http):
    conversation = _api_conversation(http)
    assert ok(post_message(http, conversation, content="Regular message"))["content"] == "Regular message"


@ports_message(
    "#content > when message is input_csat > when inbox is web widget > returns original content without survey URL"
)
def test_csat_content_in_web_widget(http):
    conversation = conversation_in(http, new_inbox(http, "web_widget")["id"])
    body = ok(post_message(http, conversation, content="Rate your experience", content_type="input_csat"))
    assert body["content"] == "Rate your experience"
    assert messages(http, conversation)[-1]["content"] == "Rate your experience"


@ports_message(
    "#content > when message is input_csat > when inbox is not web widget > returns only the stored content (clean for dashboard)",
    "#content > when message is input_csat > when inbox is not web widget > returns only the base content without URL when survey_url stored separately",
)
def test_csat_content_elsewhere(http):
    conversation = _api_conversation(http)
    plain = ok(post_message(http, conversation, content="Rate your experience", content_type="input_csat"))
    assert plain["content"] == "Rate your experience"
    attributes = {"survey_url": "https://app.chatwoot.com/survey/responses/12345"}
    body = {"content": "Rate your experience", "content_type": "input_csat", "content_attributes": attributes}
    with_url = ok(post_message(http, conversation, **body))
    assert with_url["content"] == "Rate your experience"
    assert messages(http, conversation)[-1]["content"] == "Rate your experience"


# --- liquidable (shared examples) -----------------------------------------------------------------

_IN_CONTENT = "when liquid is present in content"
_IN_PARAMS = "when liquid is present in template_params > when message is outgoing with template_params"


def _liquid_conversation(http: Any, email: str | None = None) -> dict[str, Any]:
    inbox = new_inbox(http, "api")
    fields: dict[str, Any] = {
        "name": "john",
        "phone_number": "+912883",
        "custom_attributes": {"customer_type": "platinum"},
    }
    if email is not None:
        fields["email"] = email
    contact = ok(
        http.post("/api/v1/accounts/1/contacts", json={**fields, "inbox_id": inbox["id"]}, headers=ADMIN)
    )["payload"]["contact"]
    body = {"inbox_id": inbox["id"], "contact_id": contact["id"], "custom_attributes": {"priority": "high"}}
    return ok(http.post("/api/v1/accounts/1/conversations", json=body, headers=ADMIN))


def _rendered(http: Any, content: str, message_type: str = "outgoing") -> str:
    conversation = _liquid_conversation(http)
    body = ok(post_message(http, conversation, content=content, message_type=message_type))
    assert messages(http, conversation)[-1]["content"] == body["content"]
    return str(body["content"])


@ports_liquid(f"{_IN_CONTENT} > when message is incoming > will not process liquid in content")
def test_liquid_not_for_incoming(http):
    assert (
        _rendered(http, "hey {{contact.name}} how are you?", "incoming")
        == "hey {{contact.name}} how are you?"
    )


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > set replaces liquid variables in message")
def test_liquid_contact_name(http):
    assert _rendered(http, "hey {{contact.name}} how are you?") == "hey John how are you?"


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > set replaces liquid custom attributes in message")
def test_liquid_custom_attributes(http):
    content = (
        "Are you a {{contact.custom_attribute.customer_type}} customer,\n"
        "        If yes then the priority is {{conversation.custom_attribute.priority}}"
    )
    assert _rendered(http, content) == (
        "Are you a platinum customer,\n        If yes then the priority is high"
    )


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > process liquid operators like default value")
def test_liquid_default_filter(http):
    content = 'Can we send you an email at {{ contact.email | default: "default"  }} ?'
    assert _rendered(http, content) == "Can we send you an email at default ?"


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > return empty string when value is not available")
def test_liquid_missing_value(http):
    assert (
        _rendered(http, "Can we send you an email at {{contact.email}}?") == "Can we send you an email at ?"
    )


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > will skip processing broken liquid tags")
def test_liquid_broken_tags(http):
    content = "Can we send you an email at {{contact.email}  {{hi}} ?"
    assert _rendered(http, content) == content


@ports_liquid(
    f"{_IN_CONTENT} > when message is outgoing > will not process liquid tags in multiple code blocks"
)
def test_liquid_code_blocks(http):
    content = (
        "hey {{contact.name}} how are you? ```code: {{contact.name}}``` ``` code: {{contact.name}} ``` "
        "test `{{contact.name}}`"
    )
    assert _rendered(http, content) == content.replace("{{contact.name}}", "John", 1)


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > will not process liquid tags in single ticks")
def test_liquid_single_ticks(http):
    content = "hey {{contact.name}} how are you? ` code: {{contact.name}} ` ` code: {{contact.name}} ` test"
    assert _rendered(http, content) == content.replace("{{contact.name}}", "John", 1)


@ports_liquid(f"{_IN_CONTENT} > when message is outgoing > will not throw error for broken quotes")
def test_liquid_broken_quotes(http):
    content = "hey {{contact.name}} how are you? ` code: {{contact.name}} ` ` code: {{contact.name}} test"
    expected = "hey John how are you? ` code: {{contact.name}} ` ` code: John test"
    assert _rendered(http, content) == expected


def _template_params(
    http: Any,
    processed: Any,
    message_type: str = "outgoing",
    email: str | None = "john@example.com",
    **extra: Any,
) -> dict[str, Any]:
    """The stored template_params (the push shape of the conversation's last message carries them)."""
    conversation = _liquid_conversation(http, email)
    params = {"name": "test_template", **extra}
    if processed is not None:
        params["processed_params"] = processed
    ok(
        post_message(
            http, conversation, content="template", message_type=message_type, template_params=params
        )
    )
    pushed = show(http, conversation)["messages"][0]
    return pushed["additional_attributes"]["template_params"]  # type: ignore[no-any-return]


@ports_liquid(f"{_IN_PARAMS} > replaces liquid variables in template_params body")
def test_liquid_template_params_body(http):
    processed = {"body": {"customer_name": "{{contact.name}}", "customer_email": "{{contact.email}}"}}
    stored = _template_params(http, processed, category="MARKETING", language="en")
    assert stored["processed_params"]["body"] == {
        "customer_name": "John",
        "customer_email": "john@example.com",
    }
    assert (stored["name"], stored["category"], stored["language"]) == ("test_template", "MARKETING", "en")


@ports_liquid(f"{_IN_PARAMS} > replaces liquid variables in nested template_params")
def test_liquid_template_params_nested(http):
    processed = {
        "header": {"media_url": "https://example.com/{{contact.name}}.jpg"},
        "body": {
            "customer_name": "{{contact.name}}",
            "priority": "{{conversation.custom_attribute.priority}}",
        },
        "footer": {"company": "{{account.name}}"},
    }
    stored = _template_params(http, processed)["processed_params"]
    account_name = ok(http.get("/api/v1/accounts/1", headers=ADMIN))["name"]
    assert stored["header"]["media_url"] == "https://example.com/John.jpg"
    assert stored["body"] == {"customer_name": "John", "priority": "high"}
    assert stored["footer"]["company"] == account_name


@ports_liquid(f"{_IN_PARAMS} > handles arrays in template_params")
def test_liquid_template_params_arrays(http):
    processed = {
        "buttons": [
            {"type": "url", "parameter": "https://example.com/{{contact.name}}"},
            {"type": "text", "parameter": "Hello {{contact.name}}"},
        ]
    }
    buttons = _template_params(http, processed)["processed_params"]["buttons"]
    assert [b["parameter"] for b in buttons] == ["https://example.com/John", "Hello John"]


@ports_liquid(f"{_IN_PARAMS} > handles custom attributes in template_params")
def test_liquid_template_params_custom_attributes(http):
    processed = {
        "body": {
            "customer_type": "{{contact.custom_attribute.customer_type}}",
            "priority": "{{conversation.custom_attribute.priority}}",
        }
    }
    body = _template_params(http, processed)["processed_params"]["body"]
    assert body == {"customer_type": "platinum", "priority": "high"}


@ports_liquid(f"{_IN_PARAMS} > handles missing email with default filter in template_params")
def test_liquid_template_params_default(http):
    processed = {"body": {"customer_email": '{{ contact.email | default: "no-email@example.com" }}'}}
    body = _template_params(http, processed, email=None)["processed_params"]["body"]
    assert body["customer_email"] == "no-email@example.com"


@ports_liquid(f"{_IN_PARAMS} > handles broken liquid syntax in template_params gracefully")
def test_liquid_template_params_broken(http):
    processed = {"body": {"broken_liquid": "{{contact.name}  {{invalid}}"}}
    body = _template_params(http, processed)["processed_params"]["body"]
    assert body["broken_liquid"] == "{{contact.name}  {{invalid}}"


@ports_liquid(f"{_IN_PARAMS} > does not process template_params when message is incoming")
def test_liquid_template_params_incoming(http):
    processed = {"body": {"customer_name": "{{contact.name}}"}}
    body = _template_params(http, processed, message_type="incoming")["processed_params"]["body"]
    assert body["customer_name"] == "{{contact.name}}"


@ports_liquid(f"{_IN_PARAMS} > does not process template_params when not present")
def test_liquid_template_params_absent(http):
    stored = _template_params(http, None)
    assert stored == {"name": "test_template"}
