"""Port of spec/models/notification_spec.rb (v4.10): push_message_title and push_message_body as the
notifications index renders them, RemoveDuplicateNotificationJob, and a deleted conversation's
notifications going away.

The spec builds each notification with FactoryBot; here each is the real one Chatwoot writes: a
subscribed inbox member's conversation_creation, an assignee's conversation_assignment and
assigned_conversation_new_message (the administrator john assigns to, then writes in, a conversation
of a bot-less inbox), a mentioned member's conversation_mention, a participant's
participating_conversation_new_message. The message-based types share one body
(`message_body(secondary_actor)`), so the body cases ride on whichever type the content allows.
"""

from __future__ import annotations

from typing import Any

from fakewoot.serializers.notifications import (
    BODY_ATTACHMENT,
    TITLE_ASSIGNMENT,
    TITLE_CREATION,
    TITLE_MENTION,
    TITLE_NEW_MESSAGE,
)
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, new_contact, new_user, ok
from tests.specs.test_notification_listener import assign, set_flags
from tests.specs.test_notifications_controller import URL, A, listed, new_inbox, new_open_conversation

SPEC = "spec/models/notification_spec.rb"
UPSTREAM_ITS = 24
_ASSOC = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
_FCM = "internal: Notification#fcm_push_data feeds Firebase push notifications, which fakewoot does not send"
SKIPPED = {
    "with associations > is_expected.to belong_to(:account)": _ASSOC,
    "with associations > is_expected.to belong_to(:user)": _ASSOC,
    "with default order by > sort by primary id desc": (
        "internal: the table's natural order (Notification.all); the API orders by last_activity_at "
        "(ported with notification_finder_spec)"
    ),
    "when fcm push data > returns correct data for primary actor conversation": _FCM,
    "when fcm push data > returns correct data for primary actor message": _FCM,
}
T = "when push_title is called > returns appropriate title suited for the notification type "
B = "when push_message_body is called > returns appropriate body suited for the notification type "
JOHN, JANE = 1, 2  # the default fixtures' administrator and agent of account 1
LONG = (
    "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua.\n\nUt enim ad minim veniam quis nostrud exercitation."
)
LONG_TRUNCATED = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do..."
ME = {"headers": AGENT}  # jane


def post(http: Any, conversation: dict[str, Any], headers: dict[str, str], **body: Any) -> dict[str, Any]:
    return ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json=body, headers=headers))


def shared_inbox(http: Any) -> int:
    """A bot-less API inbox both john and jane belong to."""
    return new_inbox(http, JOHN, JANE)


def jane_assigned(http: Any) -> dict[str, Any]:
    """A conversation of the shared inbox that john assigned to jane."""
    conversation = new_open_conversation(http, shared_inbox(http))
    assign(http, conversation, {"id": JANE})
    return conversation


def newest(http: Any, user: dict[str, Any] = ME) -> dict[str, Any]:
    item: dict[str, Any] = listed(http, user)["payload"][0]
    return item


def body_for_jane(http: Any, **message: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """john writes `message` in a conversation assigned to jane: her assigned_conversation_new_message."""
    conversation = jane_assigned(http)
    written = post(http, conversation, ADMIN, **message)
    found = newest(http)
    assert found["notification_type"] == "assigned_conversation_new_message"
    assert found["secondary_actor"]["id"] == written["id"]
    return conversation, found


def body_for_john(http: Any, content: str) -> dict[str, Any]:
    """jane writes a private note naming john (or a team of his): his conversation_mention."""
    conversation = new_open_conversation(http, shared_inbox(http))
    post(http, conversation, AGENT, content=content, private=True)
    found = newest(http, {"headers": ADMIN})
    assert found["notification_type"] == "conversation_mention"
    return found


# --- titles -------------------------------------------------------------------------------------


@ports(T + "conversation_creation")
def test_title_conversation_creation(http):
    set_flags(http, ME, ["email_conversation_creation"], [])
    inbox_id = shared_inbox(http)
    conversation = new_open_conversation(http, inbox_id)
    inbox = ok(http.get(f"{A}/inboxes/{inbox_id}", headers=ADMIN))
    expected = TITLE_CREATION.format(display_id=conversation["id"], inbox_name=inbox["name"])
    assert newest(http)["push_message_title"] == expected
    assert expected == f"A conversation (#{conversation['id']}) has been created in {inbox['name']}"


@ports(T + "conversation_assignment")
def test_title_conversation_assignment(http):
    conversation = jane_assigned(http)
    found = newest(http)
    assert found["notification_type"] == "conversation_assignment"
    assert found["push_message_title"] == TITLE_ASSIGNMENT.format(display_id=conversation["id"])
    assert found["push_message_title"] == f"A conversation (#{conversation['id']}) has been assigned to you"


@ports(T + "assigned_conversation_new_message")
def test_title_assigned_conversation_new_message(http):
    conversation, found = body_for_jane(http, content=LONG)
    expected = f"A new message is created in conversation (#{conversation['id']})"
    assert found["push_message_title"] == expected == TITLE_NEW_MESSAGE.format(display_id=conversation["id"])


@ports(T + "assigned_conversation_new_message when attachment message")
def test_title_assigned_conversation_new_message_with_an_attachment(http):
    conversation = jane_assigned(http)
    files = [("attachments[]", ("shot.png", b"\x89PNG fake", "image/png"))]
    url = f"{A}/conversations/{conversation['id']}/messages"
    ok(http.post(url, data={"content": ""}, files=files, headers=ADMIN))
    found = newest(http)
    assert found["push_message_title"] == f"A new message is created in conversation (#{conversation['id']})"


@ports(T + "participating_conversation_new_message")
def test_title_participating_conversation_new_message(http):
    conversation = new_open_conversation(http, shared_inbox(http))
    post(
        http, conversation, ADMIN, content="cc [@Jane](mention://user/2/jane)", private=True
    )  # a participant
    post(http, conversation, ADMIN, content=LONG)
    found = newest(http)
    assert found["notification_type"] == "participating_conversation_new_message"
    assert found["push_message_title"] == f"A new message is created in conversation (#{conversation['id']})"


@ports(T + "conversation_mention")
def test_title_conversation_mention(http):
    found = body_for_john(http, "Hey [@John](mention://user/1/john), can you check this ticket?")
    display_id = found["primary_actor"]["id"]
    assert found["push_message_title"] == f"You have been mentioned in conversation (#{display_id})"
    assert found["push_message_title"] == TITLE_MENTION.format(display_id=display_id)


# --- bodies -------------------------------------------------------------------------------------


@ports(B + "conversation_creation")
def test_body_conversation_creation_is_the_first_message(http):
    set_flags(http, ME, ["email_conversation_creation"], [])
    conversation = new_open_conversation(http, shared_inbox(http))
    post(http, conversation, ADMIN, content=LONG)
    post(http, conversation, ADMIN, content="a later one")
    assert newest(http)["push_message_body"] == f"John: {LONG_TRUNCATED}"


@ports(B + "conversation_assignment")
def test_body_conversation_assignment_is_the_last_incoming_message(http):
    inbox_id = shared_inbox(http)
    contact = new_contact(http, inbox_id=inbox_id, name="Casey")
    body = {"inbox_id": inbox_id, "contact_id": contact["id"]}
    conversation = ok(http.post(f"{A}/conversations", json=body, headers=ADMIN))
    post(http, conversation, ADMIN, content=LONG, message_type="incoming")
    post(http, conversation, ADMIN, content="an outgoing reply")
    assign(http, conversation, {"id": JANE})
    found = newest(http)
    assert found["notification_type"] == "conversation_assignment"
    assert found["push_message_body"] == f"Casey: {LONG_TRUNCATED}"


@ports(B + "conversation_assignment with outgoing message only")
def test_body_conversation_assignment_with_outgoing_only(http):
    conversation = new_open_conversation(http, shared_inbox(http))
    post(http, conversation, ADMIN, content=LONG)
    assign(http, conversation, {"id": JANE})
    assert newest(http)["push_message_body"] == f"John: {LONG_TRUNCATED}"


@ports(B + "assigned_conversation_new_message")
def test_body_assigned_conversation_new_message(http):
    _, found = body_for_jane(http, content=LONG)
    assert found["push_message_body"] == f"John: {LONG_TRUNCATED}"


@ports(B + "assigned_conversation_new_message when attachment message")
def test_body_with_only_an_attachment(http):
    conversation = jane_assigned(http)
    files = [("attachments[]", ("avatar.png", b"\x89PNG fake", "image/png"))]
    url = f"{A}/conversations/{conversation['id']}/messages"
    ok(http.post(url, data={}, files=files, headers=ADMIN))
    assert newest(http)["push_message_body"] == f"John: {BODY_ATTACHMENT}"


@ports(B + "participating_conversation_new_message having multple mention")
def test_body_with_several_mentions(http):
    content = "Hey [@John](mention://user/1/john), [@Alisha Peter](mention://user/2/alisha) can you check this ticket?"
    _, found = body_for_jane(http, content=content)
    assert found["push_message_body"] == "John: Hey @John, @Alisha Peter can you check this ticket?"


@ports(B + "conversation_mention if username contains white space")
def test_body_mention_with_a_space(http):
    found = body_for_john(http, "Hey [@John Peter](mention://user/1/john%20K) please check this?")
    assert found["push_message_body"] == "Jane: Hey @John Peter please check this?"


@ports(B + "conversation_mention if username contains emoji")
def test_body_team_mention_with_an_emoji(http):
    content = (
        "Hey [@👍 customer support](mention://team/2/%F0%9F%91%8D%20customer%20support) please check this?"
    )
    found = body_for_john(http, content)  # team 2 (support-tier-2) has john
    assert found["push_message_body"] == "Jane: Hey @👍 customer support please check this?"


@ports(B + "conversation_mention if team name contains emoji and spaces")
def test_body_team_mention_with_emoji_and_spaces(http):
    found = body_for_john(
        http, "Please check [@🚀 Development Team](mention://team/2/%F0%9F%9A%80%20Development%20Team)"
    )
    assert found["push_message_body"] == "Jane: Please check @🚀 Development Team"


@ports(B + "conversation_mention with mixed emoji and regular mentions")
def test_body_mixed_mentions(http):
    content = (
        "Hey [@John Doe](mention://user/1/John%20Doe) and "
        "[@👍 customer support](mention://team/1/%F0%9F%91%8D%20customer%20support) please review"
    )
    found = body_for_john(http, content)
    assert found["push_message_body"] == "Jane: Hey @John Doe and @👍 customer support please review"


@ports(B + "conversation_mention with special characters in names")
def test_body_mention_with_special_characters(http):
    found = body_for_john(http, "Please review [@user@domain.com](mention://user/1/user%40domain.com)")
    assert found["push_message_body"] == "Jane: Please review @user@domain.com"


@ports("when push_message_body is called > calls remove duplicate notification job")
def test_a_newer_notification_replaces_the_older_one_about_the_conversation(http):
    conversation = jane_assigned(http)
    first = newest(http)
    post(http, conversation, ADMIN, content="hello")
    everything = listed(http, ME, **{"includes[]": ["read", "snoozed"]})["payload"]
    assert [n["notification_type"] for n in everything] == ["assigned_conversation_new_message"]
    assert everything[0]["id"] != first["id"]


@ports("when primary actor is deleted > clears notifications")
def test_deleting_the_inbox_clears_its_conversations_notifications(http):
    user = new_user(http)
    inbox_id = new_inbox(http, user["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, user)
    assert len(listed(http, user)["payload"]) == 1
    assert http.delete(f"{A}/inboxes/{inbox_id}", headers=ADMIN).status_code == 200
    assert listed(http, user, **{"includes[]": ["read", "snoozed"]})["payload"] == []
    assert http.get(URL + "/unread_count", headers=user["headers"]).json() == 0
