"""/api/v1/accounts/:id/notifications and notification_settings (v4.10).

Source: app/controllers/api/v1/accounts/notifications_controller.rb and
notification_settings_controller.rb, app/views/api/v1/accounts/notifications/index.json.jbuilder and
notification_settings/show.json.jbuilder, app/finders/notification_finder.rb, app/models/notification.rb
(as_json columns in db/schema.rb order, push_event_data), app/models/notification_setting.rb,
app/builders/notification_builder.rb, app/listeners/notification_listener.rb,
app/services/messages/mention_service.rb and new_message_notification_service.rb,
app/jobs/notification/delete_notification_job.rb and remove_duplicate_notification_job.rb.
Default fixtures: john (1, administrator, inbox 2), jane (2, agent, inbox 1 which has an agent bot),
conversation 1 (inbox 1, open, assigned to jane); hank (3) administers account 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import fakewoot
from fakewoot import FakeChatwoot
from fakewoot.api.notifications import MSG_BAD_DIRECTION, MSG_INVALID_DATE
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.events.types import NOTIFICATION_CREATED, NOTIFICATION_DELETED, NOTIFICATION_UPDATED
from fakewoot.notifications.emails import (
    SUBJECT_ASSIGNED_MESSAGE,
    SUBJECT_ASSIGNMENT,
    SUBJECT_CREATION,
    SUBJECT_MENTION,
    SUBJECTS,
)
from fakewoot.seeding import FixtureError
from fakewoot.serializers.notifications import (
    TITLE_ASSIGNMENT,
    TITLE_CREATION,
    TITLE_MENTION,
    TITLE_NEW_MESSAGE,
    notification_cable_data,
    notification_deleted_cable_data,
    notification_record_json,
    notification_settings_json,
    plaintext,
    truncate_words,
)
from fakewoot.store.notification_settings import EMAIL_FLAGS, MSG_INVALID_FLAG, PUSH_FLAGS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, assert_shape

A = "/api/v1/accounts/1"
URL = A + "/notifications"
SETTINGS = A + "/notification_settings"
ADMIN, AGENT, HANK = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
NoneType = type(None)
ITEM_KEYS = {
    "id": int,
    "notification_type": str,
    "push_message_title": str,
    "push_message_body": str,
    "primary_actor_type": str,
    "primary_actor_id": int,
    "primary_actor": dict,
    "read_at": (str, NoneType),
    "secondary_actor": (dict, NoneType),
    "user": dict,
    "created_at": int,
    "last_activity_at": int,
    "snoozed_until": (str, NoneType),
    "meta": dict,
}
RECORD_KEYS = {
    "id": int,
    "account_id": int,
    "user_id": int,
    "notification_type": str,
    "primary_actor_type": str,
    "primary_actor_id": int,
    "secondary_actor_type": (str, NoneType),
    "secondary_actor_id": (int, NoneType),
    "read_at": (str, NoneType),
    "created_at": str,
    "updated_at": str,
    "snoozed_until": (str, NoneType),
    "last_activity_at": str,
    "meta": dict,
}
SETTINGS_KEYS = {
    "id": int,
    "user_id": int,
    "account_id": int,
    "all_email_flags": list,
    "selected_email_flags": list,
    "all_push_flags": list,
    "selected_push_flags": list,
}


def notify(fake, user_id=1, kind="conversation_assignment", conversation_id=1, account_id=1, **fields):
    """create(:notification): straight into the store (the factory's way)."""
    conversation = fake.store.account(account_id).conversations.get(conversation_id)
    return fake.store.notifications.create(kind, user_id=user_id, conversation=conversation, **fields)


def new_conversations(fake, count, inbox_id=2):
    """Conversations of inbox 2 (no bot: they start open), one per notification: a user keeps one
    notification per conversation (RemoveDuplicateNotificationJob)."""
    store = fake.store
    contact = store.account(1).conversations.get(1).contact_id
    return [
        store.conversations.create(account_id=1, inbox_id=inbox_id, contact_id=contact) for _ in range(count)
    ]


def listed(client, headers=ADMIN, **params):
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


# --- index --------------------------------------------------------------------------------------


def test_index_item_shape_order_and_meta(client, fake):
    first = notify(fake, secondary=("User", 2))
    data = listed(client)
    assert list(data) == ["meta", "payload"]
    assert data["meta"] == {"unread_count": 1, "count": 1, "current_page": 1}
    [item] = data["payload"]
    assert_shape(item, ITEM_KEYS)
    assert list(item) == list(ITEM_KEYS)
    assert item["id"] == first.id
    assert item["notification_type"] == "conversation_assignment"
    assert item["push_message_title"] == TITLE_ASSIGNMENT.format(display_id=1)
    assert item["primary_actor_type"] == "Conversation"
    assert item["primary_actor_id"] == 1  # the database id; primary_actor.id is the display_id
    assert item["primary_actor"]["id"] == 1 and item["primary_actor"]["inbox_id"] == 1
    assert item["secondary_actor"]["id"] == 2 and item["secondary_actor"]["type"] == "user"
    assert item["user"]["id"] == 1 and item["user"]["type"] == "user"
    assert item["read_at"] is None and item["snoozed_until"] is None and item["meta"] == {}
    assert item["created_at"] == int(first.created_at) == item["last_activity_at"]


def test_index_is_the_callers_own_in_this_account_newest_first(client, fake):
    conversations = new_conversations(fake, 3)
    made = [notify(fake, conversation_id=c.id) for c in conversations]
    notify(fake, user_id=2, conversation_id=conversations[0].id)  # jane's
    hank_conversation = fake.store.account(2).conversations.get(4)
    fake.store.account_users.add(account_id=2, user_id=1, role="agent")
    notify(fake, conversation_id=hank_conversation.id, account_id=2)  # john's, in account 2
    assert [n["id"] for n in listed(client)["payload"]] == [n.id for n in reversed(made)]
    ascending = listed(client, sort_order="asc")["payload"]
    assert [n["id"] for n in ascending] == [n.id for n in made]
    assert [n["id"] for n in listed(client, headers=AGENT)["payload"]] == [made[-1].id + 1]


def test_index_pages_by_15_and_echoes_the_page_as_sent(client, fake):
    for conversation in new_conversations(fake, 17):
        notify(fake, conversation_id=conversation.id)
    first = listed(client)
    assert (len(first["payload"]), first["meta"]) == (
        15,
        {"unread_count": 17, "count": 17, "current_page": 1},
    )
    second = listed(client, page="2")
    assert len(second["payload"]) == 2 and second["meta"]["current_page"] == "2"  # params[:page] as sent
    assert client.post(f"{URL}?page=9", headers=ADMIN).status_code == 404  # index is GET only
    body = client.request("GET", URL, json={"page": 2}, headers=ADMIN).json()["data"]
    assert body["meta"]["current_page"] == 2 and len(body["payload"]) == 2
    assert len(listed(client, page="0")["payload"]) == 15  # Kaminari: below 1 is page 1
    assert listed(client, page="3")["payload"] == []


def test_index_filters_read_and_snoozed_unless_included(client, fake):
    conversations = new_conversations(fake, 6)
    notify(fake, conversation_id=conversations[0].id, snoozed_until=fake.clock.now() + 86400)
    for conversation in conversations[1:3]:
        notify(fake, conversation_id=conversation.id, read_at=fake.clock.now() - 3 * 86400)
    for conversation in conversations[3:]:
        notify(fake, conversation_id=conversation.id)
    assert listed(client)["meta"] == {"unread_count": 3, "count": 3, "current_page": 1}
    both = client.get(URL + "?includes[]=read&includes[]=snoozed", headers=ADMIN).json()["data"]
    assert both["meta"] == {"unread_count": 4, "count": 6, "current_page": 1}
    assert len(both["payload"]) == 6
    assert listed(client, **{"includes[]": "read"})["meta"]["count"] == 5
    assert listed(client, **{"includes[]": "snoozed"})["meta"]["count"] == 4
    # a plain string answers String#include?: "read,snoozed" includes both
    assert listed(client, includes="read,snoozed")["meta"]["count"] == 6
    snoozed = [n for n in both["payload"] if n["snoozed_until"]]
    assert len(snoozed) == 1 and ISO8601.match(snoozed[0]["snoozed_until"])


def test_index_bad_sort_order_and_includes_are_422_not_500(client, fake):
    notify(fake)
    answer = client.get(URL, params={"sort_order": "sideways"}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, {"error": MSG_BAD_DIRECTION.format(value="sideways")})
    answer = client.request("GET", URL, json={"includes": 5}, headers=ADMIN)
    assert answer.status_code == 422 and set(answer.json()) == {"error"}
    assert listed(client, sort_order="DESC")["meta"]["count"] == 1


def test_unread_count_is_a_bare_integer(client, fake):
    for conversation in new_conversations(fake, 2):
        notify(fake, conversation_id=conversation.id)
    notify(fake, read_at=fake.clock.now())
    answer = client.get(URL + "/unread_count", headers=ADMIN)
    assert (answer.status_code, answer.text) == (200, "2")
    assert client.get(URL + "/unread_count", headers=AGENT).json() == 0


# --- read_all / update / unread -----------------------------------------------------------------


def test_read_all_reads_every_unread_one_without_events(client, fake, events):
    a, b = (notify(fake, conversation_id=c.id) for c in new_conversations(fake, 2))
    theirs = notify(fake, user_id=2)
    events.clear()
    answer = client.post(URL + "/read_all", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert a.read_at is not None and b.read_at is not None and theirs.read_at is None
    assert a.updated_at == a.created_at  # update_all: no callbacks, updated_at untouched
    assert [e for e in events if e.name.startswith("notification.")] == []


def test_read_all_for_one_conversation(client, fake):
    first, second = new_conversations(fake, 2)
    a, b = notify(fake, conversation_id=first.id), notify(fake, conversation_id=second.id)
    body = {"primary_actor_type": "Conversation", "primary_actor_id": first.id}
    assert client.post(URL + "/read_all", json=body, headers=ADMIN).status_code == 200
    assert a.read_at is not None and b.read_at is None


@pytest.mark.parametrize(
    "body",
    [
        {"primary_actor_type": "Conversation", "primary_actor_id": 999},  # find_by: nil
        {"primary_actor_type": "Message", "primary_actor_id": 1},  # not a PRIMARY_ACTOR
    ],
)
def test_read_all_without_a_found_actor_reads_them_all(client, fake, body):
    a, b = (notify(fake, conversation_id=c.id) for c in new_conversations(fake, 2))
    assert client.post(URL + "/read_all", json=body, headers=ADMIN).status_code == 200
    assert a.read_at is not None and b.read_at is not None


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_marks_read_and_renders_the_record(client, fake, events, method):
    notification = notify(fake, secondary=("User", 2))
    answer = client.request(method, f"{URL}/{notification.id}", json={"read_at": True}, headers=ADMIN)
    assert answer.status_code == 200
    record = answer.json()
    assert_shape(record, RECORD_KEYS)
    assert list(record) == list(RECORD_KEYS)
    assert record["id"] == notification.id and record["account_id"] == 1 and record["user_id"] == 1
    assert (record["secondary_actor_type"], record["secondary_actor_id"]) == ("User", 2)
    assert ISO8601.match(record["read_at"]) and ISO8601.match(record["created_at"])
    mine = [e for e in events if e.name.startswith("notification.")]
    assert [e.name for e in mine] == [NOTIFICATION_CREATED, NOTIFICATION_UPDATED]
    # the request's Current.user performs the update; the creation ran in a job (none)
    assert [e.data["performer_id"] for e in mine] == [None, 1]


def test_unread_clears_read_at(client, fake, events):
    notification = notify(fake, read_at=fake.clock.now())
    answer = client.post(f"{URL}/{notification.id}/unread", headers=ADMIN)
    assert answer.status_code == 200 and answer.json()["read_at"] is None
    assert notification.read_at is None
    assert events[-1].name == NOTIFICATION_UPDATED
    again = client.post(f"{URL}/{notification.id}/unread", headers=ADMIN)  # no change: no event
    assert again.status_code == 200 and events[-1].name == NOTIFICATION_UPDATED and len(events) == 2


def test_someone_elses_or_unknown_notification_is_404(client, fake):
    theirs = notify(fake, user_id=2)
    for method, suffix in (("PATCH", ""), ("DELETE", ""), ("POST", "/snooze"), ("POST", "/unread")):
        for notification_id in (theirs.id, 999):
            answer = client.request(method, f"{URL}/{notification_id}{suffix}", headers=ADMIN)
            assert (answer.status_code, answer.json()) == (404, {"error": MSG_NOT_FOUND}), (method, suffix)
    assert theirs.read_at is None and fake.store.notifications.find(2, theirs.id) is theirs


def test_a_notification_of_another_account_is_found_through_any_account(client, fake):
    """current_user.notifications.find: not scoped to the account in the path."""
    fake.store.account_users.add(account_id=2, user_id=1, role="agent")
    elsewhere = notify(fake, conversation_id=4, account_id=2)
    answer = client.patch(f"{URL}/{elsewhere.id}", headers=ADMIN)
    assert answer.status_code == 200 and answer.json()["account_id"] == 2


# --- snooze -------------------------------------------------------------------------------------


def test_snooze_takes_unix_seconds_and_resets_last_snoozed_at(client, fake):
    notification = notify(fake)
    notification.meta = {"last_snoozed_at": 1, "kept": True}
    answer = client.post(
        f"{URL}/{notification.id}/snooze", json={"snoozed_until": 1_900_000_000}, headers=ADMIN
    )
    assert answer.status_code == 200
    assert answer.json()["snoozed_until"] == "2030-03-17T17:46:40.000Z"
    assert answer.json()["meta"] == {"last_snoozed_at": None, "kept": True}
    assert listed(client)["meta"]["count"] == 0  # snoozed ones leave the default list


def test_snooze_reads_the_leading_digits_like_strptime(client, fake):
    """DateTime.strptime(value.to_s, '%s') stops at the first non-digit: an ISO time is its year."""
    notification = notify(fake)
    answer = client.post(
        f"{URL}/{notification.id}/snooze", json={"snoozed_until": "2030-01-01T00:00:00Z"}, headers=ADMIN
    )
    assert answer.json()["snoozed_until"] == "1970-01-01T00:33:50.000Z"


@pytest.mark.parametrize("body", [{"snoozed_until": None}, {"snoozed_until": False}, {}])
def test_snooze_without_a_time_changes_nothing(client, fake, events, body):
    notification = notify(fake)
    events.clear()
    answer = client.post(f"{URL}/{notification.id}/snooze", json=body, headers=ADMIN)
    assert (
        answer.status_code == 200 and answer.json()["snoozed_until"] is None and answer.json()["meta"] == {}
    )
    assert events == []


@pytest.mark.parametrize("value", ["", "soon", "-", True, [1], {"a": 1}])
def test_snooze_with_no_digits_is_422_and_changes_nothing(client, fake, value):
    notification = notify(fake)
    answer = client.post(f"{URL}/{notification.id}/snooze", json={"snoozed_until": value}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, {"error": MSG_INVALID_DATE})
    assert notification.snoozed_until is None and notification.meta == {}


# --- destroy / destroy_all ----------------------------------------------------------------------


def test_destroy_removes_it_and_publishes_deleted(client, fake, events):
    notification = notify(fake)
    answer = client.delete(f"{URL}/{notification.id}", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert fake.store.notifications.of_user(1) == []
    assert events[-1].name == NOTIFICATION_DELETED and events[-1].data["notification"] is notification
    assert events[-1].data["performer_id"] == 1


def test_destroy_all_read_keeps_the_unread(client, fake):
    first, second = new_conversations(fake, 2)
    read = notify(fake, conversation_id=first.id, read_at=fake.clock.now())
    unread = notify(fake, conversation_id=second.id)
    answer = client.post(URL + "/destroy_all", json={"type": "read"}, headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert fake.store.notifications.of_user(1) == [unread] and read not in fake.store.notifications.of_user(1)


def test_destroy_all_removes_the_users_notifications_in_every_account(client, fake):
    fake.store.account_users.add(account_id=2, user_id=1, role="agent")
    notify(fake, conversation_id=4, account_id=2)
    notify(fake, read_at=fake.clock.now())
    theirs = notify(fake, user_id=2)
    assert client.post(URL + "/destroy_all", json={"type": "everything"}, headers=ADMIN).status_code == 200
    assert fake.store.notifications.of_user(1) == []
    assert fake.store.notifications.of_user(2) == [theirs]


# --- settings -----------------------------------------------------------------------------------


def test_settings_show_defaults(client, fake):
    answer = client.get(SETTINGS, headers=AGENT)
    assert answer.status_code == 200
    body = answer.json()
    assert_shape(body, SETTINGS_KEYS)
    assert list(body) == list(SETTINGS_KEYS)
    assert (body["user_id"], body["account_id"]) == (2, 1)
    assert body["all_email_flags"] == list(EMAIL_FLAGS) and body["all_push_flags"] == list(PUSH_FLAGS)
    assert body["all_email_flags"][0] == "email_conversation_creation" and len(EMAIL_FLAGS) == 8
    assert body["selected_email_flags"] == ["email_conversation_assignment"]
    assert body["selected_push_flags"] == ["push_conversation_assignment"]
    assert client.get(SETTINGS, headers=ADMIN).json()["id"] != body["id"]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_settings_update_assigns_both_lists_in_flag_order(client, fake, method):
    chosen = ["email_conversation_mention", "", "email_conversation_creation"]
    body = {"notification_settings": {"selected_email_flags": chosen}}
    answer = client.request(method, SETTINGS, json=body, headers=AGENT)
    assert answer.status_code == 200
    assert answer.json()["selected_email_flags"] == [
        "email_conversation_creation",
        "email_conversation_mention",
    ]
    assert answer.json()["selected_push_flags"] == []  # not sent: assigned nil, nothing selected
    assert client.get(SETTINGS, headers=AGENT).json() == answer.json()


@pytest.mark.parametrize(
    ("flags", "bad"),
    [
        ({"selected_email_flags": ["email_nope"]}, "email_nope"),
        ({"selected_push_flags": ["email_conversation_creation"]}, "email_conversation_creation"),
    ],
)
def test_settings_unknown_flag_is_422_and_changes_nothing(client, fake, flags, bad):
    answer = client.put(SETTINGS, json={"notification_settings": flags}, headers=AGENT)
    assert (answer.status_code, answer.json()) == (422, {"error": MSG_INVALID_FLAG.format(flag=bad)})
    assert client.get(SETTINGS, headers=AGENT).json()["selected_push_flags"] == [
        "push_conversation_assignment"
    ]


@pytest.mark.parametrize("body", [None, {}, {"notification_settings": {}}, {"selected_email_flags": []}])
def test_settings_update_requires_the_notification_settings_key(client, fake, body):
    answer = client.put(SETTINGS, json=body, headers=AGENT)
    expected = {"error": MSG_PARAM_MISSING.format(key="notification_settings")}
    assert (answer.status_code, answer.json()) == (422, expected)


def test_a_new_member_gets_default_settings_and_leaving_drops_them(client, fake):
    fake.store.account_users.add(account_id=2, user_id=2, role="agent")
    made = fake.store.notification_settings.get(2, 2)
    assert made is not None and made.email_flags == 2 and made.push_flags == 2  # conversation_assignment
    fake.store.account_users.remove(fake.store.account(2).members[2])
    assert fake.store.notification_settings.get(2, 2) is None


# --- auth matrix --------------------------------------------------------------------------------

ROUTES = [
    ("GET", URL, None),
    ("GET", URL + "/unread_count", None),
    ("POST", URL + "/read_all", None),
    ("POST", URL + "/destroy_all", None),
    ("PATCH", URL + "/1", None),
    ("PUT", URL + "/1", None),
    ("DELETE", URL + "/1", None),
    ("POST", URL + "/1/snooze", {"snoozed_until": 1_900_000_000}),
    ("POST", URL + "/1/unread", None),
    ("GET", SETTINGS, None),
    ("PUT", SETTINGS, {"notification_settings": {"selected_email_flags": []}}),
    ("PATCH", SETTINGS, {"notification_settings": {"selected_email_flags": []}}),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, fake, method, url, body):
    notification = notify(fake)
    assert notification.id == 1
    assert_refuses_strangers(client, method, url, json=body)
    bot = client.request(method, url, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, url, json=body, headers=HANK)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert fake.store.notifications.of_user(1) == [notification]
    assert notification.read_at is None and notification.snoozed_until is None
    assert client.get(SETTINGS, headers=ADMIN).json()["selected_email_flags"] == [
        "email_conversation_assignment"
    ]


@pytest.mark.parametrize(("method", "url", "body"), [r for r in ROUTES if not r[1].startswith(URL + "/1")])
def test_agents_and_administrators_both_reach_their_own(client, fake, method, url, body):
    for headers in (AGENT, ADMIN):
        answer = client.request(method, url, json=body, headers=headers)
        assert answer.status_code == 200, (method, url, answer.text)


# --- what creates notifications (NotificationListener) --------------------------------------------


def _open_conversation(client, headers=ADMIN, inbox_id=2):
    contact = client.post(A + "/contacts", json={"name": "Zed", "inbox_id": inbox_id}, headers=ADMIN).json()
    body = {"inbox_id": inbox_id, "contact_id": contact["payload"]["contact"]["id"]}
    answer = client.post(A + "/conversations", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _api_inbox(client, fake, members):
    """An API inbox without an agent bot (its conversations start open; it takes incoming messages)."""
    body = {"name": "Side door", "channel": {"type": "api"}}
    inbox = client.post(A + "/inboxes", json=body, headers=ADMIN).json()
    fake.store.inboxes.set_members(fake.store.account(1).inboxes.get(inbox["id"]), members)
    return inbox["id"]


def _subscribe(fake, user_id, *types):
    fake.store.notification_settings.set_flags(1, user_id, [f"email_{t}" for t in types], [])


def _kinds(fake, user_id):
    return [n.notification_type for n in fake.store.notifications.of_user(user_id)]


def test_conversation_creation_notifies_subscribed_inbox_members_only(client, fake):
    _open_conversation(client)
    assert _kinds(fake, 1) == []  # the default settings do not include conversation_creation
    _subscribe(fake, 1, "conversation_creation")
    _subscribe(fake, 2, "conversation_creation")  # jane is no member of inbox 2
    conversation = _open_conversation(client)
    [made] = fake.store.notifications.of_user(1)
    assert made.notification_type == "conversation_creation" and _kinds(fake, 2) == []
    # `secondary_actor || current_user`: the listener runs in a job, where Current.user is nil
    assert (made.secondary_actor_type, made.secondary_actor_id) == (None, None)
    item = listed(client)["payload"][0]
    assert item["push_message_title"] == TITLE_CREATION.format(
        display_id=conversation["id"], inbox_name="Acme Website"
    )
    assert item["push_message_body"] == ": No content"  # no message yet: '' sender, no_content


def test_a_pending_conversation_notifies_nobody(client, fake):
    _subscribe(fake, 2, "conversation_creation", "conversation_assignment")
    conversation = _open_conversation(client, inbox_id=1)  # inbox 1 has an agent bot: pending
    assert conversation["status"] == "pending"
    url = f"{A}/conversations/{conversation['id']}/assignments"
    assert client.post(url, json={"assignee_id": 2}, headers=ADMIN).status_code == 200
    assert _kinds(fake, 2) == []


def test_assignment_notifies_the_assignee_but_not_a_self_assignment(client, fake, events):
    conversation = _open_conversation(client)
    url = f"{A}/conversations/{conversation['id']}/assignments"
    assert client.post(url, json={"assignee_id": 2}, headers=ADMIN).status_code == 200
    [made] = fake.store.notifications.of_user(2)
    assert made.notification_type == "conversation_assignment" and made.secondary_actor_id is None
    assert NOTIFICATION_CREATED in [e.name for e in events]
    assert client.post(url, json={"assignee_id": 1}, headers=ADMIN).status_code == 200
    assert _kinds(fake, 1) == []  # self-assigned: not notifiable
    item = listed(client, headers=AGENT)["payload"][0]
    assert item["push_message_title"] == TITLE_ASSIGNMENT.format(display_id=conversation["id"])


def test_an_incoming_message_notifies_the_assignee_and_participants(client, fake):
    conversation = _open_conversation(client, inbox_id=_api_inbox(client, fake, [1, 2]))
    url = f"{A}/conversations/{conversation['id']}"
    client.post(url + "/assignments", json={"assignee_id": 2}, headers=ADMIN)
    note = {"content": "looping in [@John](mention://user/1/john)", "private": True}
    assert (
        client.post(url + "/messages", json=note, headers=AGENT).status_code == 200
    )  # john participates now
    message = client.post(
        url + "/messages", json={"content": "hello there", "message_type": "incoming"}, headers=ADMIN
    )
    assert message.status_code == 200
    jane = fake.store.notifications.of_user(2)
    john = fake.store.notifications.of_user(1)
    # one notification per user and conversation: the newest replaced the older ones
    assert [n.notification_type for n in jane] == ["assigned_conversation_new_message"]
    assert [n.notification_type for n in john] == ["participating_conversation_new_message"]
    assert jane[0].secondary_actor_id == message.json()["id"]
    item = listed(client, headers=AGENT)["payload"][0]
    assert item["push_message_title"] == TITLE_NEW_MESSAGE.format(display_id=conversation["id"])
    assert item["push_message_body"] == "Zed: hello there"
    assert item["secondary_actor"]["id"] == message.json()["id"]


def test_the_sender_is_not_notified_of_their_own_message(client, fake):
    fake.store.inboxes.set_members(fake.store.account(1).inboxes.get(2), [1, 2])
    conversation = _open_conversation(client)
    url = f"{A}/conversations/{conversation['id']}"
    client.post(url + "/assignments", json={"assignee_id": 2}, headers=ADMIN)
    fake.store.notifications.delete_all(2, read_only=False)
    assert client.post(url + "/messages", json={"content": "on it"}, headers=AGENT).status_code == 200
    assert _kinds(fake, 2) == []


def test_a_mention_in_a_private_note_notifies_and_makes_a_participant(client, fake):
    conversation = _open_conversation(client)
    url = f"{A}/conversations/{conversation['id']}"
    content = "please check [@Jane](mention://user/2/jane) and [@Hank](mention://user/3/hank) " + " ".join(
        f"w{i}" for i in range(12)
    )
    answer = client.post(url + "/messages", json={"content": content, "private": True}, headers=ADMIN)
    assert answer.status_code == 200
    # jane is no member of inbox 2 nor an administrator: not mentionable; hank is not in the account
    assert _kinds(fake, 2) == [] and _kinds(fake, 3) == []
    fake.store.inboxes.set_members(fake.store.account(1).inboxes.get(2), [1, 2])
    answer = client.post(url + "/messages", json={"content": content, "private": True}, headers=ADMIN)
    [made] = fake.store.notifications.of_user(2)
    assert made.notification_type == "conversation_mention" and made.secondary_actor_id == answer.json()["id"]
    record = fake.store.account(1).conversations.get(made.primary_actor_id)
    assert 2 in record.participant_ids
    item = listed(client, headers=AGENT)["payload"][0]
    assert item["push_message_title"] == TITLE_MENTION.format(display_id=conversation["id"])
    assert item["push_message_body"] == "John: please check @Jane and @Hank w0 w1 w2 w3 w4..."


def test_a_public_message_mention_and_a_team_mention(client, fake):
    conversation = _open_conversation(client)
    url = f"{A}/conversations/{conversation['id']}/messages"
    fake.store.inboxes.set_members(fake.store.account(1).inboxes.get(2), [1, 2])
    public = {"content": "hi [@Jane](mention://user/2/jane)"}
    assert client.post(url, json=public, headers=ADMIN).status_code == 200
    assert _kinds(fake, 2) == []  # not a private note: no mention
    team = fake.store.teams.of(1)[0]
    assert team.member_ids == [2]  # sales: jane
    note = {"content": f"team [@{team.name}](mention://team/{team.id}/{team.name})", "private": True}
    assert client.post(url, json=note, headers=ADMIN).status_code == 200
    assert _kinds(fake, 2) == ["conversation_mention"]


def test_a_blocked_contacts_conversation_notifies_mentions_only(client, fake):
    conversation = _open_conversation(client)
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    contact = fake.store.account(1).contacts.get(record.contact_id)
    fake.store.contacts.update(contact, {"blocked": True})
    url = f"{A}/conversations/{conversation['id']}"
    client.post(url + "/assignments", json={"assignee_id": 2}, headers=ADMIN)
    assert _kinds(fake, 2) == []
    fake.store.inboxes.set_members(fake.store.account(1).inboxes.get(2), [1, 2])
    note = {"content": "see [@Jane](mention://user/2/jane)", "private": True}
    client.post(url + "/messages", json=note, headers=ADMIN)
    assert _kinds(fake, 2) == ["conversation_mention"]


def test_a_deleted_conversations_notifications_go(client, fake):
    first, second = new_conversations(fake, 2)
    notify(fake, conversation_id=first.id)
    keep = notify(fake, conversation_id=second.id)
    fake.store.conversations.delete(first)
    assert [n["id"] for n in listed(client)["payload"]] == [keep.id]
    assert fake.store.notifications.of_user(1) == [keep]


# --- the /cable payloads (ActionCableListener: built here, broadcast by the cable listener) -------


def test_cable_payloads_carry_push_event_data_and_counts(fake):
    notification = notify(fake, secondary=("User", 2))
    data = notification_cable_data(fake.store, notification)
    assert list(data) == ["notification", "unread_count", "count"]
    assert (data["unread_count"], data["count"]) == (1, 1)
    push = data["notification"]
    assert list(push) == [
        "id",
        "notification_type",
        "primary_actor_type",
        "primary_actor_id",
        "read_at",
        "secondary_actor",
        "user",
        "created_at",
        "last_activity_at",
        "snoozed_until",
        "meta",
        "account_id",
        "primary_actor",
        "push_message_title",
        "push_message_body",
    ]
    assert push["push_message_title"] == push["push_message_body"]  # the model's TODO
    fake.store.notifications.delete(notification)
    gone = notification_deleted_cable_data(fake.store, notification)
    assert gone == {"notification": {"id": notification.id}, "unread_count": 0, "count": 0}


# --- TriggerScheduledItemsJob's notification jobs (run when notifications are next read) -----------


@pytest.fixture
def frozen(freeze):
    return freeze("2026-03-31T12:00:00Z")


def test_a_snooze_that_ended_reopens_the_notification_unread(client, fake, frozen, events):
    first, second, third = new_conversations(fake, 3)
    ended = notify(fake, conversation_id=first.id, read_at=frozen.now())
    later = notify(fake, conversation_id=second.id)
    stale = notify(fake, conversation_id=third.id)
    for notification, delay in ((ended, 300), (later, 86400)):
        answer = client.post(
            f"{URL}/{notification.id}/snooze",
            json={"snoozed_until": int(frozen.now()) + delay},
            headers=ADMIN,
        )
        assert answer.status_code == 200
    stale.snoozed_until = frozen.now() - 3 * 86400 - 1  # past the job's three-day window: stays snoozed
    assert listed(client)["meta"]["count"] == 0
    frozen.advance(600)
    events.clear()
    data = listed(client)
    assert [n["id"] for n in data["payload"]] == [ended.id]
    [item] = data["payload"]
    assert item["read_at"] is None and item["snoozed_until"] is None
    assert item["meta"] == {"last_snoozed_at": "2026-03-31T12:05:00.000Z"}
    assert item["last_activity_at"] == int(frozen.now())
    assert [e.name for e in events] == [NOTIFICATION_UPDATED] and events[0].data["performer_id"] is None
    assert later.snoozed_until is not None and stale.snoozed_until is not None


@pytest.mark.parametrize(
    ("created", "now"),
    [
        ("2026-04-30T12:00:00Z", "2026-05-30T12:00:01Z"),
        ("2026-02-28T11:59:59Z", "2026-03-31T12:00:00Z"),  # 1.month.ago of March 31st is February 28th
    ],
)
def test_notifications_older_than_a_month_are_deleted_without_events(
    client, fake, frozen, events, created, now
):
    frozen.set(created)
    older, newer = (notify(fake, conversation_id=c.id) for c in new_conversations(fake, 2))
    newer.created_at += 1  # exactly 1.month.ago: not older than it
    frozen.set(now)
    events.clear()
    assert client.get(URL + "/unread_count", headers=ADMIN).json() == 1
    assert fake.store.notifications.of_user(1) == [newer] and older not in fake.store.notifications.of_user(1)
    assert events == []  # `delete`: no callbacks


# --- the e-mail a notification sends (EmailNotificationService, ConversationNotificationsMailer) ---


def _mails(fake, to="jane@acme.inc"):
    return [(m.template, m.subject) for m in fake.store.mailer.outbox(to=to) if m.template in SUBJECTS]


def test_an_assignment_mails_the_assignee_by_default(client, fake):
    conversation = _open_conversation(client, inbox_id=_api_inbox(client, fake, [1, 2]))
    url = f"{A}/conversations/{conversation['id']}/assignments"
    assert client.post(url, json={"assignee_id": 2}, headers=ADMIN).status_code == 200
    subject = SUBJECT_ASSIGNMENT.format(name="Jane", display_id=conversation["id"])
    assert _mails(fake) == [("conversation_assignment", subject)]
    assert subject == f"Jane, A new conversation [ID - {conversation['id']}] has been assigned to you."
    [mail] = [
        m for m in fake.store.mailer.outbox(to="jane@acme.inc") if m.template == "conversation_assignment"
    ]
    assert mail.data["conversation_id"] == conversation["id"]


def test_no_mail_without_the_email_flag(client, fake):
    _subscribe(fake, 2)  # nothing selected
    conversation = _open_conversation(client, inbox_id=_api_inbox(client, fake, [1, 2]))
    client.post(f"{A}/conversations/{conversation['id']}/assignments", json={"assignee_id": 2}, headers=ADMIN)
    assert _kinds(fake, 2) == ["conversation_assignment"] and _mails(fake) == []


def test_creation_mail_names_the_sanitized_inbox(client, fake):
    _subscribe(fake, 2, "conversation_creation")
    inbox_id = _api_inbox(client, fake, [2])
    inbox = fake.store.account(1).inboxes.get(inbox_id)
    client.patch(f"{A}/inboxes/{inbox_id}", json={"name": "!Acme: <Support>  desk?"}, headers=ADMIN)
    assert inbox.name == "!Acme: <Support>  desk?"
    conversation = _open_conversation(client, inbox_id=inbox_id)
    subject = SUBJECT_CREATION.format(
        name="Jane", display_id=conversation["id"], inbox_name="Acme Support desk"
    )
    assert _mails(fake) == [("conversation_creation", subject)]


def test_new_message_mails_skip_an_online_agent(client, fake):
    _subscribe(fake, 2, "assigned_conversation_new_message")
    conversation = _open_conversation(client, inbox_id=_api_inbox(client, fake, [1, 2]))
    url = f"{A}/conversations/{conversation['id']}"
    client.post(url + "/assignments", json={"assignee_id": 2}, headers=ADMIN)
    fake.store.presence.heartbeat(1, "User", 2)
    client.post(url + "/messages", json={"content": "one"}, headers=ADMIN)
    assert _mails(fake) == []
    fake.store.state.heartbeats.clear()
    client.post(url + "/messages", json={"content": "two"}, headers=ADMIN)
    subject = SUBJECT_ASSIGNED_MESSAGE.format(name="Jane", display_id=conversation["id"])
    assert _mails(fake) == [("assigned_conversation_new_message", subject)]


def test_a_mention_mail_for_a_subscribed_user(client, fake):
    _subscribe(fake, 1, "conversation_mention")
    conversation = _open_conversation(client, inbox_id=_api_inbox(client, fake, [1, 2]))
    note = {"content": "ping [@John](mention://user/1/john)", "private": True}
    assert (
        client.post(f"{A}/conversations/{conversation['id']}/messages", json=note, headers=AGENT).status_code
        == 200
    )
    subject = SUBJECT_MENTION.format(name="John", display_id=conversation["id"])
    assert _mails(fake, "john@acme.inc") == [("conversation_mention", subject)]


def test_deleting_a_user_drops_their_notifications_and_settings(client, fake):
    notify(fake, user_id=2)
    mine = notify(fake)
    fake.store.users.delete(fake.store.users.get(2))
    assert fake.store.notifications.of_user(2) == [] and fake.store.notifications.of_user(1) == [mine]
    assert fake.store.notification_settings.get(1, 2) is None
    assert fake.store.notification_settings.get(1, 1) is not None


# --- fixtures -------------------------------------------------------------------------------------


def _fixture_set(tmp_path, text):
    folder = tmp_path / "set"
    shutil.copytree(Path(fakewoot.__file__).parent / "fixtures" / "default", folder)
    (folder / "notifications.yaml").write_text(text)
    return folder


def test_fixtures_seed_settings_and_notifications(tmp_path):
    folder = _fixture_set(
        tmp_path,
        """
notification_settings:
  - {account_id: 1, user_id: 2, email: [email_conversation_creation], push: []}
notifications:
  - {id: 40, account_id: 1, user_id: 2, conversation_id: 1, notification_type: conversation_mention,
     created_at: "2026-01-02T03:04:05Z", read_at: "2026-01-03T00:00:00Z"}
  - {account_id: 1, user_id: 1, conversation_id: 2}
""",
    )
    seeded = FakeChatwoot(fixtures=folder)
    store = seeded.store
    setting = store.notification_settings.get(1, 2)
    assert notification_settings_json(setting)["selected_email_flags"] == ["email_conversation_creation"]
    assert notification_settings_json(setting)["selected_push_flags"] == []
    [jane] = store.notifications.of_user(2)
    assert (jane.id, jane.notification_type, jane.primary_actor_id) == (40, "conversation_mention", 1)
    assert notification_record_json(jane)["read_at"] == "2026-01-03T00:00:00.000Z"
    [john] = store.notifications.of_user(1)
    assert john.id == 41 and john.notification_type == "conversation_assignment"
    seeded.reset()
    assert [n.id for n in seeded.store.notifications.of_user(2)] == [40]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "notification_settings:\n  - {account_id: 1, user_id: 2, email: [email_nope]}\n",
            "notification_settings[0]",
        ),
        ("notifications:\n  - {account_id: 1, user_id: 2, conversation_id: 99}\n", "notifications[0]"),
        ("notification_settings:\n  - {account_id: 1, user_id: 3}\n", "notification_settings[0]"),
    ],
)
def test_fixture_errors_name_the_file_and_row(tmp_path, text, where):
    folder = _fixture_set(tmp_path, text)
    with pytest.raises(FixtureError) as raised:
        FakeChatwoot(fixtures=folder)
    assert f"notifications.yaml: {where}" in str(raised.value)


# --- the body text helpers (ActiveSupport truncate_words, CommonMarker to_plaintext) --------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one two three", "one two three"),
        ("a b c d e f g h i j", "a b c d e f g h i j"),  # ten words: untouched
        ("a b c d e f g h i j k", "a b c d e f g h i j..."),
        ("a b c d e f g h i j ", "a b c d e f g h i j..."),  # a separator after the tenth word is enough
        ("a\nb\tc  d e f g h i j k l", "a\nb\tc  d e f g h i j..."),  # separators kept as written
    ],
)
def test_truncate_words_like_active_support(text, expected):
    assert truncate_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hey [@John](mention://user/1/john), hi", "Hey @John, hi"),
        ("**bold** and *it* and _em_ and snake_case_name", "bold and it and em and snake_case_name"),
        ("`code` and ![alt](http://x/y.png) and <https://a.b/c>", "code and alt and https://a.b/c"),
        ("# Title\n> quoted \\*not em\\*", "Title\nquoted *not em*"),
        ("  padded  ", "padded"),
    ],
)
def test_plaintext_drops_inline_markdown(text, expected):
    assert plaintext(text) == expected
