"""Ports (v4.10) of what writes notifications: spec/builders/notification_builder_spec.rb,
spec/services/messages/mention_service_spec.rb, spec/services/messages/new_message_notification_service_spec.rb,
spec/jobs/notification/delete_notification_job_spec.rb and remove_duplicate_notification_job_spec.rb.

The specs call the builder and services directly and stub NotificationBuilder to count its calls;
here the same messages are posted over the API and the notifications they write are read back (the
index) or counted as `notification.created` events (a builder call that creates).
"""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot.events.types import CONVERSATION_MENTIONED, NOTIFICATION_CREATED
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.test_notification_listener import assign, set_flags
from tests.specs.test_notifications_controller import URL, A, listed, new_inbox, new_open_conversation

BUILDER = "spec/builders/notification_builder_spec.rb"
MENTION = "spec/services/messages/mention_service_spec.rb"
NEW_MESSAGE = "spec/services/messages/new_message_notification_service_spec.rb"
DELETE_JOB = "spec/jobs/notification/delete_notification_job_spec.rb"
DUPLICATE_JOB = "spec/jobs/notification/remove_duplicate_notification_job_spec.rb"
REOPEN_JOB = "spec/jobs/notification/reopen_snoozed_notifications_job_spec.rb"
OLD_JOB = "spec/jobs/notification/remove_old_notification_job_spec.rb"
SPEC = {
    path: path for path in (BUILDER, MENTION, NEW_MESSAGE, DELETE_JOB, DUPLICATE_JOB, REOPEN_JOB, OLD_JOB)
}
UPSTREAM_ITS = {
    BUILDER: 6,
    MENTION: 23,
    NEW_MESSAGE: 8,
    DELETE_JOB: 4,
    DUPLICATE_JOB: 2,
    REOPEN_JOB: 2,
    OLD_JOB: 2,
}
_QUEUE = "internal: the queue a job is enqueued on (fakewoot runs jobs right after the response)"
SKIPPED: dict[str, dict[str, str]] = {
    BUILDER: {},
    MENTION: {},
    NEW_MESSAGE: {},
    DELETE_JOB: {
        "when enqueuing the job > enqueues the job to delete all notifications": _QUEUE,
        "when enqueuing the job > enqueues the job to delete read notifications": _QUEUE,
    },
    DUPLICATE_JOB: {"enqueues the job": _QUEUE},
    REOPEN_JOB: {"enqueues the job": _QUEUE},
    OLD_JOB: {"enqueues the job": _QUEUE},
}


def post(http: Any, conversation: dict[str, Any], headers: dict[str, str], **body: Any) -> dict[str, Any]:
    return ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json=body, headers=headers))


def about(http: Any, user: dict[str, Any], message: dict[str, Any]) -> list[str]:
    """The user's notifications whose secondary actor is `message`, by type."""
    payload = listed(http, user, **{"includes[]": ["read", "snoozed"]})["payload"]
    found = [n for n in payload if (n["secondary_actor"] or {}).get("id") == message["id"]]
    return [n["notification_type"] for n in found]


def created(events: list[Any], kind: str | None = None) -> list[int]:
    """The users a notification (of `kind`) was created for, in order."""
    return [
        e.data["notification"].user_id
        for e in events
        if e.name == NOTIFICATION_CREATED and kind in (None, e.data["notification"].notification_type)
    ]


def mention_job(events: list[Any]) -> list[int]:
    """The users Conversations::UserMentionJob made a (first) Mention for: conversation.mentioned."""
    return [e.data["user_id"] for e in events if e.name == CONVERSATION_MENTIONED]


def mention(user: dict[str, Any]) -> str:
    return f"(mention://user/{user['id']}/{user['name']})"


def new_team(
    http: Any, name: str, *user_ids: int, account_id: int = 1, headers: dict[str, str] = ADMIN
) -> dict[str, Any]:
    base = f"/api/v1/accounts/{account_id}/teams"
    team = ok(http.post(base, json={"name": name}, headers=headers))
    if user_ids:
        ok(http.post(f"{base}/{team['id']}/team_members", json={"user_ids": list(user_ids)}, headers=headers))
    return team


# --- NotificationBuilder --------------------------------------------------------------------------


def _subscribed_member(http: Any) -> tuple[dict[str, Any], int]:
    user = new_user(http)
    set_flags(http, user, ["email_conversation_creation"], ["push_conversation_creation"])
    return user, new_inbox(http, user["id"])


@ports("#perform > creates a notification", spec=BUILDER)
def test_builder_creates_a_notification(http):
    user, inbox_id = _subscribed_member(http)
    new_open_conversation(http, inbox_id)
    assert [n["notification_type"] for n in listed(http, user)["payload"]] == ["conversation_creation"]


@ports("#perform > will not throw error if notification setting is not present", spec=BUILDER)
def test_builder_without_settings_creates_nothing(http, fake):
    user, inbox_id = _subscribed_member(http)
    ok(http.delete(f"{A}/agents/{user['id']}", headers=ADMIN))  # Agents::DestroyJob drops the settings
    assert fake.store.notification_settings.get(1, user["id"]) is None
    new_open_conversation(http, inbox_id)
    assert fake.store.notifications.of_user(user["id"]) == []


@ports(
    "#perform > will not create a conversation_creation notification if user is not subscribed to it",
    spec=BUILDER,
)
def test_builder_skips_an_unsubscribed_creation(http):
    user, inbox_id = _subscribed_member(http)
    set_flags(http, user, [], [])
    new_open_conversation(http, inbox_id)
    assert listed(http, user)["payload"] == []


@ports(
    "#perform > will create a conversation_mention notification even though user is not subscribed to it",
    spec=BUILDER,
)
def test_builder_creates_a_mention_regardless(http):
    user, inbox_id = _subscribed_member(http)
    set_flags(http, user, [], [])
    conversation = new_open_conversation(http, inbox_id)
    note = post(http, conversation, ADMIN, content=f"see {mention(user)}", private=True)
    assert about(http, user, note) == ["conversation_mention"]


def _blocked_conversation(http: Any, inbox_id: int) -> dict[str, Any]:
    conversation = new_open_conversation(http, inbox_id)
    contact_id = conversation["meta"]["sender"]["id"]
    ok(http.put(f"{A}/contacts/{contact_id}", json={"blocked": True}, headers=ADMIN))
    return conversation


@ports(
    "#perform > will not create a notification if conversation contact is blocked and notification type is not "
    "conversation_mention",
    spec=BUILDER,
)
def test_builder_skips_a_blocked_contacts_conversation(http):
    user, inbox_id = _subscribed_member(http)
    conversation = _blocked_conversation(http, inbox_id)
    before = [(n["id"], n["notification_type"]) for n in listed(http, user)["payload"]]
    assert [kind for _, kind in before] == ["conversation_creation"]  # written before the block
    assign(http, conversation, user)
    assert [(n["id"], n["notification_type"]) for n in listed(http, user)["payload"]] == before


@ports(
    "#perform > will create a notification if conversation contact is blocked and notification type is "
    "conversation_mention",
    spec=BUILDER,
)
def test_builder_mentions_even_in_a_blocked_contacts_conversation(http):
    user, inbox_id = _subscribed_member(http)
    conversation = _blocked_conversation(http, inbox_id)
    note = post(http, conversation, ADMIN, content=f"see {mention(user)}", private=True)
    assert about(http, user, note) == ["conversation_mention"]


# --- Messages::MentionService -------------------------------------------------------------------


@pytest.fixture
def crew(http: Any) -> dict[str, Any]:
    """The mention spec's account: user (the assignee), first/second agents (inbox and team members),
    a third agent and an administrator (neither in the inbox), the team and an empty team."""
    people = {name: new_user(http) for name in ("user", "first", "second", "third")}
    people["admin"] = new_user(http, role="administrator")
    inbox_id = new_inbox(http, people["first"]["id"], people["second"]["id"])
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, people["user"])
    team = new_team(http, "Support Team", people["first"]["id"], people["second"]["id"])
    empty = new_team(http, "Empty Team")
    return {**people, "inbox_id": inbox_id, "conversation": conversation, "team": team, "empty": empty}


def _note(http: Any, crew: dict[str, Any], content: str | None, private: bool = True) -> dict[str, Any]:
    return post(http, crew["conversation"], ADMIN, content=content, private=private)


def _participants(fake: Any, crew: dict[str, Any]) -> list[int]:
    record = fake.store.conversations.by_display_id(1, crew["conversation"]["id"])
    return list(record.participant_ids)


def team_ref(team: dict[str, Any]) -> str:
    return f"(mention://team/{team['id']}/{team['name']})"


M_PERFORM = "#perform > "
TM_SINGLE = "team mentions > when message contains single team mention > "


@ports(
    M_PERFORM + "when message is not private > does not process mentions for public messages", spec=MENTION
)
def test_public_messages_mention_nobody(http, crew, events):
    events.clear()
    _note(http, crew, f"hi {mention(crew['first'])}", private=False)
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


@ports(M_PERFORM + "when message has no content > does not process mentions for empty messages", spec=MENTION)
def test_a_note_without_content_mentions_nobody(http, crew, events):
    events.clear()
    url = f"{A}/conversations/{crew['conversation']['id']}/messages"
    files = [("attachments[]", ("a.png", b"\x89PNG fake", "image/png"))]
    ok(http.post(url, data={"private": "true"}, files=files, headers=ADMIN))
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


@ports(M_PERFORM + "when message has no mentions > does not process messages without mentions", spec=MENTION)
def test_a_note_without_mentions_mentions_nobody(http, crew, events):
    events.clear()
    _note(http, crew, "just a regular message")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


U = "user mentions > "


@ports(
    U
    + "when message contains single user mention > creates notifications for inbox member who was mentioned",
    spec=MENTION,
)
def test_a_mentioned_inbox_member_is_notified(http, crew, events):
    events.clear()
    note = _note(http, crew, f"hi {mention(crew['first'])}")
    assert created(events, "conversation_mention") == [crew["first"]["id"]]
    assert about(http, crew["first"], note) == ["conversation_mention"]


@ports(
    U + "when message contains single user mention > adds mentioned user as conversation participant",
    spec=MENTION,
)
def test_a_mentioned_user_becomes_a_participant(http, fake, crew):
    _note(http, crew, f"hi {mention(crew['first'])}")
    assert crew["first"]["id"] in _participants(fake, crew)


MULTI = "when message contains multiple user mentions > "


@ports(U + MULTI + "creates notifications for all mentioned inbox members", spec=MENTION)
def test_every_mentioned_member_is_notified(http, crew, events):
    events.clear()
    first, second = crew["first"], crew["second"]
    _note(http, crew, f"hey {mention(second)} and {mention(first)}, please look into this?")
    assert created(events, "conversation_mention") == [second["id"], first["id"]]


@ports(U + MULTI + "passes unique user IDs to UserMentionJob", spec=MENTION)
def test_every_mentioned_member_gets_a_mention(http, crew, events):
    events.clear()
    first, second = crew["first"], crew["second"]
    _note(http, crew, f"hey {mention(second)} and {mention(first)}, please look into this?")
    assert sorted(mention_job(events)) == sorted([first["id"], second["id"]])


@ports(TM_SINGLE + "passes team member IDs to UserMentionJob", spec=MENTION)
def test_a_team_mention_gives_each_member_a_mention(http, crew, events):
    events.clear()
    _note(http, crew, f"hey {team_ref(crew['team'])} please help")
    assert sorted(mention_job(events)) == sorted([crew["first"]["id"], crew["second"]["id"]])


@ports(U + MULTI + "adds all mentioned users to the participants list", spec=MENTION)
def test_every_mentioned_member_participates(http, fake, crew):
    first, second = crew["first"], crew["second"]
    _note(http, crew, f"hey {mention(second)} and {mention(first)}, please look into this?")
    # the assignee joined as a participant when assigned; the mentioned ones after
    assert _participants(fake, crew) == [crew["user"]["id"], second["id"], first["id"]]


@ports(
    U + "when mentioned user is not an inbox member > does not create notifications for non-inbox members",
    spec=MENTION,
)
def test_a_non_member_is_not_notified(http, fake, crew, events):
    outsider = new_user(http)
    events.clear()
    _note(http, crew, f"hi {mention(outsider)}")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []
    assert outsider["id"] not in _participants(fake, crew)


@ports(
    U + "when mentioned user is an admin > creates notifications for admin users even if not inbox members",
    spec=MENTION,
)
def test_an_administrator_is_notified_without_inbox_membership(http, crew, events):
    events.clear()
    _note(http, crew, f"hi {mention(crew['admin'])}")
    assert created(events, "conversation_mention") == [crew["admin"]["id"]]


@ports(
    U + "when same user is mentioned multiple times > creates only one notification per user", spec=MENTION
)
def test_a_user_mentioned_twice_is_notified_once(http, crew, events):
    events.clear()
    first = crew["first"]
    _note(http, crew, f"hi {mention(first)} and again {mention(first)}")
    assert created(events, "conversation_mention") == [first["id"]]


TM = "team mentions > "


@ports(
    TM
    + "when message contains single team mention > creates notifications for all team members who are inbox members",
    spec=MENTION,
)
def test_a_team_mention_notifies_its_members(http, crew, events):
    events.clear()
    _note(http, crew, f"hey {team_ref(crew['team'])} please help")
    assert created(events, "conversation_mention") == [crew["first"]["id"], crew["second"]["id"]]


@ports(
    TM + "when message contains single team mention > adds all team members as conversation participants",
    spec=MENTION,
)
def test_a_team_mention_makes_its_members_participants(http, fake, crew):
    _note(http, crew, f"hey {team_ref(crew['team'])} please help")
    assert set(_participants(fake, crew)) == {crew["user"]["id"], crew["first"]["id"], crew["second"]["id"]}


@ports(
    TM
    + "when team has members who are not inbox members > only notifies team members who are also inbox members",
    spec=MENTION,
)
def test_a_team_mention_skips_members_outside_the_inbox(http, crew, events):
    outsider = new_user(http)
    ok(
        http.post(
            f"{A}/teams/{crew['team']['id']}/team_members", json={"user_ids": [outsider["id"]]}, headers=ADMIN
        )
    )
    events.clear()
    _note(http, crew, f"hey {team_ref(crew['team'])} please help")
    assert created(events, "conversation_mention") == [crew["first"]["id"], crew["second"]["id"]]


@ports(TM + "when team has admin members > includes admin team members in notifications", spec=MENTION)
def test_a_team_mention_includes_its_administrators(http, crew, events):
    ok(
        http.post(
            f"{A}/teams/{crew['team']['id']}/team_members",
            json={"user_ids": [crew["admin"]["id"]]},
            headers=ADMIN,
        )
    )
    events.clear()
    _note(http, crew, f"hey {team_ref(crew['team'])} please help")
    assert crew["admin"]["id"] in created(events, "conversation_mention")


@ports(TM + "when team is empty > does not create any notifications for empty teams", spec=MENTION)
def test_an_empty_team_mention_notifies_nobody(http, crew, events):
    events.clear()
    _note(http, crew, f"hey {team_ref(crew['empty'])} please help")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


@ports(TM + "when team does not exist > does not create notifications for non-existent teams", spec=MENTION)
def test_an_unknown_team_mention_notifies_nobody(http, crew, events):
    events.clear()
    _note(http, crew, "hey (mention://team/99999/NonExistentTeam) please help")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


@ports(
    TM + "when same team is mentioned multiple times > creates only one notification per team member",
    spec=MENTION,
)
def test_a_team_mentioned_twice_notifies_each_member_once(http, crew, events):
    events.clear()
    ref = team_ref(crew["team"])
    _note(http, crew, f"hey {ref} and again {ref}")
    assert created(events, "conversation_mention") == [crew["first"]["id"], crew["second"]["id"]]


MIX = "mixed user and team mentions > when message contains both user and team mentions > "


@ports(MIX + "creates notifications for both individual users and team members", spec=MENTION)
def test_user_and_team_mentions_together(http, crew, events):
    third = crew["third"]
    url = f"{A}/inbox_members"
    ok(http.post(url, json={"inbox_id": crew["inbox_id"], "user_ids": [third["id"]]}, headers=ADMIN))
    events.clear()
    _note(http, crew, f"hey {mention(third)} and {team_ref(crew['team'])}")
    assert created(events, "conversation_mention") == [third["id"], crew["first"]["id"], crew["second"]["id"]]


@ports(MIX + "avoids duplicate notifications when user is mentioned directly and via team", spec=MENTION)
def test_a_user_mentioned_directly_and_through_a_team_is_notified_once(http, crew, events):
    events.clear()
    _note(http, crew, f"hey {mention(crew['first'])} and {team_ref(crew['team'])}")
    assert created(events, "conversation_mention") == [crew["first"]["id"], crew["second"]["id"]]


X = "cross-account validation > "


@ports(X + "does not process mentions for teams from other accounts", spec=MENTION)
def test_another_accounts_team_is_not_mentionable(http, crew, events):
    other_user = new_user(http, account_id=2)
    hank = {"api_access_token": "fakewoot-globex-admin-token"}
    other_team = new_team(http, "globex crew", other_user["id"], account_id=2, headers=hank)
    events.clear()
    _note(http, crew, f"hey {team_ref(other_team)}")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


@ports(X + "does not process mentions for users from other accounts", spec=MENTION)
def test_another_accounts_user_is_not_mentionable(http, crew, events):
    other_user = new_user(http, account_id=2)
    events.clear()
    _note(http, crew, f"hey {mention(other_user)}")
    assert created(events, "conversation_mention") == [] and mention_job(events) == []


# --- Messages::NewMessageNotificationService ----------------------------------------------------


@ports("when message is not notifiable > will not create any notifications", spec=NEW_MESSAGE)
def test_an_activity_message_notifies_nobody(http, events):
    agent = new_user(http)
    conversation = new_open_conversation(http, new_inbox(http, agent["id"]))
    assign(http, conversation, agent)
    events.clear()
    # resolving writes an activity message (message_type 2): not notifiable
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/toggle_status",
            json={"status": "resolved"},
            headers=ADMIN,
        )
    )
    messages = ok(http.get(f"{A}/conversations/{conversation['id']}/messages", headers=ADMIN))["payload"]
    assert messages[-1]["message_type"] == 2
    assert created(events) == []


@pytest.fixture
def room(http: Any) -> dict[str, Any]:
    """An assignee and two participating agents, all inbox members, all participants."""
    people = {name: new_user(http) for name in ("assignee", "p1", "p2")}
    inbox_id = new_inbox(http, *(p["id"] for p in people.values()))
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, people["assignee"])
    # ConversationParticipant rows: a mention makes them (the assignee already is one)
    post(http, conversation, ADMIN, content=f"{mention(people['p1'])} {mention(people['p2'])}", private=True)
    return {**people, "conversation": conversation}


def _sent_by(http: Any, room: dict[str, Any], sender: str) -> dict[str, Any]:
    return post(http, room["conversation"], room[sender]["headers"], content="hello")


BY_PARTICIPANT = "when message is notifiable > when message is created by a participant > "


@ports(BY_PARTICIPANT + "creates notifications for other participating users", spec=NEW_MESSAGE)
def test_a_participants_message_notifies_the_other_participants(http, room):
    message = _sent_by(http, room, "p1")
    assert about(http, room["p2"], message) == ["participating_conversation_new_message"]


@ports(BY_PARTICIPANT + "creates notifications for assignee", spec=NEW_MESSAGE)
def test_a_participants_message_notifies_the_assignee(http, room):
    message = _sent_by(http, room, "p1")
    assert about(http, room["assignee"], message) == ["assigned_conversation_new_message"]


@ports(
    BY_PARTICIPANT + "will not create notifications for the user who created the message", spec=NEW_MESSAGE
)
def test_a_participants_message_does_not_notify_them(http, room):
    message = _sent_by(http, room, "p1")
    assert about(http, room["p1"], message) == []


BY_CONTACT = "when message is notifiable > when message is created by a contact > "


def _incoming(http: Any, room: dict[str, Any]) -> dict[str, Any]:
    return post(http, room["conversation"], ADMIN, content="hi", message_type="incoming")


@ports(BY_CONTACT + "creates notifications for assignee", spec=NEW_MESSAGE)
def test_a_contacts_message_notifies_the_assignee(http, room):
    message = _incoming(http, room)
    assert message["sender"]["type"] == "contact"
    assert about(http, room["assignee"], message) == ["assigned_conversation_new_message"]


@ports(BY_CONTACT + "creates notifications for all participating users", spec=NEW_MESSAGE)
def test_a_contacts_message_notifies_every_participant(http, room):
    message = _incoming(http, room)
    for name in ("p1", "p2"):
        assert about(http, room[name], message) == ["participating_conversation_new_message"]


@ports(
    "when message is notifiable > when multiple notification conditions are met > will not create participating "
    "notifications for the assignee if assignee notification was send",
    spec=NEW_MESSAGE,
)
def test_the_assignee_is_notified_once(http, room, events):
    events.clear()
    message = _incoming(http, room)
    assert about(http, room["assignee"], message) == ["assigned_conversation_new_message"]
    assert created(events).count(room["assignee"]["id"]) == 1


@ports(
    "when message is notifiable > when message is created by assignee > will not create notifications for the user "
    "who created the message",
    spec=NEW_MESSAGE,
)
def test_the_assignees_own_message_does_not_notify_them(http, room):
    message = _sent_by(http, room, "assignee")
    assert about(http, room["assignee"], message) == []
    assert about(http, room["p1"], message) == ["participating_conversation_new_message"]


# --- Notification::DeleteNotificationJob and RemoveDuplicateNotificationJob ----------------------


def _one_read_one_unread(http: Any) -> dict[str, Any]:
    user = new_user(http)
    inbox_id = new_inbox(http)
    for _ in range(2):
        assign(http, new_open_conversation(http, inbox_id), user)
    first = listed(http, user)["payload"][-1]
    ok(http.patch(f"{URL}/{first['id']}", headers=user["headers"]))
    return user


@ports("when performing the job > deletes all notifications", spec=DELETE_JOB)
def test_delete_job_all(http):
    user = _one_read_one_unread(http)
    ok(http.post(URL + "/destroy_all", json={"type": "all"}, headers=user["headers"]))
    assert listed(http, user, **{"includes[]": ["read", "snoozed"]})["meta"]["count"] == 0


@ports("when performing the job > deletes only read notifications", spec=DELETE_JOB)
def test_delete_job_read(http):
    user = _one_read_one_unread(http)
    ok(http.post(URL + "/destroy_all", json={"type": "read"}, headers=user["headers"]))
    meta = listed(http, user, **{"includes[]": ["read", "snoozed"]})["meta"]
    assert (meta["count"], meta["unread_count"]) == (1, 1)


@ports("removes duplicate notifications", spec=DUPLICATE_JOB)
def test_duplicates_about_one_conversation_are_removed(http, fake):
    user = new_user(http)
    set_flags(http, user, ["email_conversation_creation"], [])
    conversation = new_open_conversation(http, new_inbox(http, user["id"]))  # conversation_creation
    assign(http, conversation, user)  # a second notification about the same conversation
    total = sum(len(account.notifications) for account in fake.store.state.accounts.values())
    assert total == 1
    assert [n["notification_type"] for n in listed(http, user)["payload"]] == ["conversation_assignment"]


# --- TriggerScheduledItemsJob: ReopenSnoozedNotificationsJob and RemoveOldNotificationJob ----------
# (fakewoot runs them when notifications are next read; upstream every five minutes)

DAY = 86400


@pytest.fixture
def frozen(freeze: Any) -> Any:
    return freeze("2026-06-15T12:00:00Z")


@ports("when called > reopens snoozed notifications whose snooze until has passed", spec=REOPEN_JOB)
def test_reopen_snoozed_notifications(http, frozen):
    user = new_user(http)
    inbox_id = new_inbox(http)
    for _ in range(3):
        assign(http, new_open_conversation(http, inbox_id), user)
    indefinitely, five_minutes, tomorrow = listed(http, user)["payload"]
    now = int(frozen.now())
    for notification, until in ((five_minutes, now + 60), (tomorrow, now + 60 + DAY)):
        url = f"{URL}/{notification['id']}/snooze"
        ok(http.post(url, json={"snoozed_until": until}, headers=user["headers"]))
    frozen.advance(6 * 60)  # the first snooze ended five minutes ago
    found = {n["id"]: n for n in listed(http, user, **{"includes[]": ["read", "snoozed"]})["payload"]}
    assert found[five_minutes["id"]]["snoozed_until"] is None
    assert found[five_minutes["id"]]["meta"].get("snoozed_until") is None
    assert found[five_minutes["id"]]["meta"]["last_snoozed_at"] == "2026-06-15T12:01:00.000Z"
    assert found[tomorrow["id"]]["snoozed_until"].startswith("2026-06-16")
    assert found[indefinitely["id"]]["snoozed_until"] is None and found[indefinitely["id"]]["read_at"] is None


@ports("removes old notifications which are older than 1 month", spec=OLD_JOB)
def test_remove_old_notifications(http, frozen):
    user = new_user(http)
    inbox_id = new_inbox(http)
    for moment in (
        "2026-04-15T12:00:00Z",
        "2026-05-15T12:00:00Z",
        "2026-06-14T12:00:00Z",
        "2026-06-15T11:00:00Z",
    ):
        frozen.set(moment)  # 2.months.ago, 1.month.ago, 1.day.ago, 1.hour.ago
        assign(http, new_open_conversation(http, inbox_id), user)
    frozen.set("2026-06-15T12:00:01Z")
    assert listed(http, user)["meta"]["count"] == 2
