"""Port of spec/listeners/notification_listener_spec.rb (v4.10), HTTP-visible parts: the events are
caused over the API (a conversation created, a private note posted, an agent bot handing off, an
assignment) and the notifications read back from the notifications index. Where the spec stubs a
service to see it called, the port checks what that service writes.
"""

from __future__ import annotations

from typing import Any

from fakewoot.serializers.notifications import BODY_ATTACHMENT
from tests.conftest import BOT_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, add_inbox_member, new_user, ok
from tests.specs.test_notifications_controller import (
    SETTINGS,
    A,
    listed,
    new_inbox,
    new_open_conversation,
)

SPEC = "spec/listeners/notification_listener_spec.rb"
UPSTREAM_ITS = 10
SKIPPED: dict[str, str] = {}
CREATED = "conversation_created > when conversation is created > "
HANDOFF = "conversation_bot_handoff > when conversation is bot handoff > "
TURNED_ON = "creates notifications for inbox members who have notifications turned on"
TURNED_OFF = "does not create notification for inbox members who have notifications turned off"
INTEGRATION = "message_created - mentions, participation & assignment integration > "


def set_flags(http: Any, user: dict[str, Any], email: list[str], push: list[str]) -> None:
    body = {"notification_settings": {"selected_email_flags": email, "selected_push_flags": push}}
    ok(http.put(SETTINGS, json=body, headers=user["headers"]))


def kinds(http: Any, user: dict[str, Any]) -> list[str]:
    payload = listed(http, user, **{"includes[]": ["read", "snoozed"]})["payload"]
    return [n["notification_type"] for n in payload]


def assign(http: Any, conversation: dict[str, Any], user: dict[str, Any]) -> None:
    url = f"{A}/conversations/{conversation['id']}/assignments"
    ok(http.post(url, json={"assignee_id": user["id"]}, headers=ADMIN))


def note(http: Any, conversation: dict[str, Any], content: str) -> dict[str, Any]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    return ok(http.post(url, json={"content": content, "private": True}, headers=ADMIN))


def mention(user: dict[str, Any]) -> str:
    return f"hi [{user['name']}](mention://user/{user['id']}/{user['name']})"


@ports(CREATED + TURNED_ON)
def test_conversation_created_notifies_subscribed_inbox_members(http):
    first_agent = new_user(http)
    set_flags(http, first_agent, ["email_conversation_creation"], [])
    inbox_id = new_inbox(http, first_agent["id"])
    new_open_conversation(http, inbox_id)
    assert kinds(http, first_agent) == ["conversation_creation"]


@ports(CREATED + TURNED_OFF)
def test_conversation_created_skips_members_with_notifications_off(http):
    agent = new_user(http)
    set_flags(http, agent, [], [])
    inbox_id = new_inbox(http, agent["id"])
    new_open_conversation(http, inbox_id)
    assert kinds(http, agent) == []


def _assigned_conversation(http: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The spec's user (the assignee), first_agent (an inbox member) and the conversation."""
    user, first_agent = new_user(http), new_user(http)
    set_flags(http, first_agent, ["email_conversation_mention"], [])
    inbox_id = new_inbox(http, first_agent["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, user)
    return user, first_agent, conversation


@ports("message_created > will call mention service")
def test_a_private_note_mention_notifies_the_mentioned_member(http):
    _, first_agent, conversation = _assigned_conversation(http)
    message = note(http, conversation, mention(first_agent))
    [found] = listed(http, first_agent)["payload"]
    assert found["notification_type"] == "conversation_mention"
    assert found["secondary_actor"]["id"] == message["id"]


@ports("message_created > will call new message notification service")
def test_a_private_note_notifies_the_assignee(http):
    user, first_agent, conversation = _assigned_conversation(http)
    note(http, conversation, "hi")
    assert kinds(http, user) == ["assigned_conversation_new_message"]  # it replaced the assignment's
    assert kinds(http, first_agent) == []


@ports("message_created > when message content is empty > will be processed correctly")
def test_a_note_without_content_is_processed(http):
    user, _, conversation = _assigned_conversation(http)
    url = f"{A}/conversations/{conversation['id']}/messages"
    files = [("attachments[]", ("shot.png", b"\x89PNG fake", "image/png"))]
    message = ok(http.post(url, data={"private": "true"}, files=files, headers=ADMIN))
    assert message["content"] is None
    [found] = listed(http, user)["payload"]
    assert found["notification_type"] == "assigned_conversation_new_message"
    assert found["push_message_body"].endswith(": " + BODY_ATTACHMENT)


@ports(
    INTEGRATION
    + "will not create duplicate new message notification for the same user for mentions participation & assignment"
)
def test_mention_of_the_assignee_gives_one_notification(http):
    first_agent = new_user(http)
    inbox_id = new_inbox(http, first_agent["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, first_agent)
    note(http, conversation, mention(first_agent))
    assert kinds(http, first_agent) == ["conversation_mention"]


@ports(INTEGRATION + "will not create duplicate new message notifications for assignment & participation")
def test_assignee_and_participant_gets_one_notification(http):
    first_agent = new_user(http)
    inbox_id = new_inbox(http, first_agent["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, first_agent)  # the assignee becomes a participant too
    note(http, conversation, "hi")
    assert kinds(http, first_agent) == ["assigned_conversation_new_message"]


def _handoff(http: Any, agent: dict[str, Any]) -> None:
    """A conversation of the agent bot's inbox (pending), opened by the bot: bot_handoff!."""
    add_inbox_member(http, API_INBOX, agent["id"])
    conversation = new_open_conversation(http, API_INBOX)
    assert conversation["status"] == "pending"
    assert kinds(http, agent) == []  # pending: conversation_created notifies nobody
    url = f"{A}/conversations/{conversation['id']}/toggle_status"
    ok(http.post(url, json={"status": "open"}, headers=token(BOT_TOKEN)))


@ports(HANDOFF + TURNED_ON)
def test_bot_handoff_notifies_subscribed_inbox_members(http):
    first_agent = new_user(http)
    set_flags(http, first_agent, ["email_conversation_creation"], [])
    _handoff(http, first_agent)
    assert kinds(http, first_agent) == ["conversation_creation"]


@ports(HANDOFF + TURNED_OFF)
def test_bot_handoff_skips_members_with_notifications_off(http):
    agent = new_user(http)
    set_flags(http, agent, [], [])
    _handoff(http, agent)
    assert kinds(http, agent) == []


@ports(
    "assignee_changed > when notifiable_assignee_change is true but assignee is nil > does not create a notification"
)
def test_unassigning_notifies_nobody(http, fake):
    agent = new_user(http)
    inbox_id = new_inbox(http, agent["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, agent)
    before = sum(len(account.notifications) for account in fake.store.state.accounts.values())
    url = f"{A}/conversations/{conversation['id']}/assignments"
    ok(http.post(url, json={"assignee_id": None}, headers=ADMIN))
    assert sum(len(account.notifications) for account in fake.store.state.accounts.values()) == before
    assert kinds(http, agent) == ["conversation_assignment"]  # only the assignment's
