"""Port of spec/models/conversation_spec.rb (Chatwoot v4.10): the model's callbacks as they show over
HTTP (status rules, activity messages in the message list, events, the JSON the API renders)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from fakewoot.events.types import (
    ASSIGNEE_CHANGED,
    CONVERSATION_CREATED,
    CONVERSATION_READ,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
)
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, PLATFORM, new_contact, ok
from tests.specs.support_conversations import (
    A,
    activities,
    agent_of,
    conversation_in,
    incoming,
    new_inbox,
    post,
    shown,
)
from tests.specs.support_realtime import Cable

SPEC = "spec/models/conversation_spec.rb"
UPSTREAM_ITS = 85
ASSOCIATION = "internal: a Rails association matcher with no HTTP-visible effect"
NO_CONTACT = "internal: a conversation without a contact (update_columns) cannot exist over the API"
REPORTING = "not implemented: reporting events (first_response, reply_time)"
CAMPAIGN = (
    "not implemented: conversations a campaign starts (the widget's campaign trigger); the API's "
    "ConversationBuilder sets no campaign_id"
)
SKIPPED = {
    **{
        f"associations > {{ is_expected.to belong_to(:{name}) }}": ASSOCIATION
        for name in ("account", "inbox", "contact", "contact_inbox")
    },
    "associations > { is_expected.to belong_to(:assignee).optional }": ASSOCIATION,
    "associations > { is_expected.to belong_to(:team).optional }": ASSOCIATION,
    "associations > { is_expected.to belong_to(:campaign).optional }": ASSOCIATION,
    "#mute! > when contact is missing > does not change conversation status": NO_CONTACT,
    "#mute! > when contact is missing > does not enqueue an activity message": NO_CONTACT,
    "#unmute! > when contact is missing > does not change conversation status": NO_CONTACT,
    "#unmute! > when contact is missing > does not enqueue an activity message": NO_CONTACT,
    "#muted? > when contact is missing > returns false": NO_CONTACT,
    "recent_messages > returns upto 5 recent messages": (
        "internal: Conversation#recent_messages feeds mailers and bots, no endpoint renders it"
    ),
    "#botinbox: when conversation created inside inbox with agent bot > with campaigns > "
    "returns conversation as open if campaign has a sender": CAMPAIGN,
    "#botinbox: when conversation created inside inbox with agent bot > with campaigns > "
    "returns conversation as pending if campaign has no sender (bot-initiated) and bot is active": (CAMPAIGN),
    "#botinbox: when conversation created inside inbox with agent bot > with campaigns in inbox without bot > "
    "returns conversation as open if campaign has no sender but no bot is active": CAMPAIGN,
    "#botinbox: when conversation created inside inbox with agent bot > with campaigns in inbox without bot > "
    "returns conversation as open if campaign has a sender": CAMPAIGN,
    "#botintegration: when conversation created in inbox with dialogflow integration > "
    "returns conversation status as pending": "not implemented: integrations (dialogflow hooks)",
    "#can_reply? > delegates to MessageWindowService": (
        "internal: mocks Conversations::MessageWindowService (fakewoot's API inboxes can always reply)"
    ),
    "#can_reply? > returns false when MessageWindowService returns false": (
        "internal: mocks Conversations::MessageWindowService (fakewoot's API inboxes can always reply)"
    ),
    "reply time calculation flows > correctly tracks waiting_since and creates first response time events": (
        REPORTING
    ),
    "reply time calculation flows > records the correct reply_time for subsequent messages": REPORTING,
    "reply time calculation flows > records zero reply time if an agent sends a message after resolution": (
        REPORTING
    ),
    "reply time calculation flows > when AgentBot responds between customer messages > "
    "calculates reply time from the most recent customer message after bot response": REPORTING,
    "reply time calculation flows > when AgentBot responds between customer messages > "
    "handles multiple bot responses before customer messages again": REPORTING,
}
UPDATE = ".after_update"
SORT = "custom sort option"
DAY = 86400


@pytest.fixture
def inbox(http):
    return new_inbox(http)


@pytest.fixture
def conversation(http, inbox):
    return conversation_in(http, inbox)


def _events(events: list[Any], name: str, conversation: dict[str, Any]) -> list[Any]:
    return [e for e in events if e.name == name and e.data["conversation"].display_id == conversation["id"]]


# --- creation -------------------------------------------------------------------------------------


@ports(".before_create > runs before_create callbacks")
def test_the_first_conversation_of_an_account_is_number_one(http):
    account = ok(http.post("/platform/api/v1/accounts", json={"name": "Spec Account"}, headers=PLATFORM))
    user = ok(
        http.post(
            "/platform/api/v1/users",
            json={"name": "Owner", "email": "owner-1@spec.test", "password": "Password1!"},
            headers=PLATFORM,
        )
    )
    ok(
        http.post(
            f"/platform/api/v1/accounts/{account['id']}/account_users",
            json={"user_id": user["id"], "role": "administrator"},
            headers=PLATFORM,
        )
    )
    owner = token(user["access_token"])
    base = f"/api/v1/accounts/{account['id']}"
    inbox = ok(
        http.post(f"{base}/inboxes", json={"name": "First", "channel": {"type": "api"}}, headers=owner)
    )
    contact = ok(http.post(f"{base}/contacts", json={"name": "First"}, headers=owner))["payload"]["contact"]
    created = ok(
        http.post(
            f"{base}/conversations",
            json={"inbox_id": inbox["id"], "contact_id": contact["id"]},
            headers=owner,
        )
    )
    assert created["id"] == 1


@ports(
    ".before_create > sets waiting since",
    ".before_create > creates a UUID for every conversation automatically",
)
def test_waiting_since_and_uuid_on_creation(http, conversation):
    assert conversation["waiting_since"] == conversation["created_at"] > 0
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", conversation["uuid"], re.IGNORECASE
    )


@ports(".after_create > runs after_create callbacks")
def test_creation_publishes_conversation_created(http, inbox, events):
    created = conversation_in(http, inbox)
    found = _events(events, CONVERSATION_CREATED, created)
    assert len(found) == 1
    assert not _events(events, ASSIGNEE_CHANGED, created)  # no assignee: notifiable_assignee_change false


@ports(
    ".validate jsonb attributes > validate length of additional_attributes value",
    ".validate jsonb attributes > validate length of custom_attributes value",
)
def test_jsonb_attribute_limits(http, inbox, conversation):
    values = {"company_name": "some_company" * 200, "contact_number": 19_999_999_999}
    contact = new_contact(http, inbox_id=None)
    response = http.post(
        f"{A}/conversations",
        json={"inbox_id": inbox, "contact_id": contact["id"], "additional_attributes": values},
        headers=ADMIN,
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "Additional attributes company_name length should be < 1500, "
        "Additional attributes contact_number value should be < 9999999999",
        "attributes": ["additional_attributes"],
    }
    response = post(http, conversation["id"], "custom_attributes", ADMIN, custom_attributes=values)
    assert response.status_code == 422
    assert response.json() == {
        "message": "Custom attributes company_name length should be < 1500, "
        "Custom attributes contact_number value should be < 9999999999",
        "attributes": ["custom_attributes"],
    }
    assert shown(http, conversation["id"])["custom_attributes"] == {}


# --- after_update: events and activity messages ----------------------------------------------------


@pytest.fixture
def assigned(http, inbox):
    """The .after_update setup: an open conversation assigned to old_assignee; both agents are
    members of the inbox; old_assignee is Current.user."""
    old = agent_of(http, inbox)
    new = agent_of(http, inbox)
    found = conversation_in(http, inbox)
    ok(post(http, found["id"], "assignments", ADMIN, assignee_id=old["id"]))
    return SimpleNamespace(conversation=found, old=old, new=new)


@ports(f"{UPDATE} > sends conversation updated event if labels are updated")
def test_label_change_publishes_conversation_updated(http, assigned, events):
    events.clear()
    ok(post(http, assigned.conversation["id"], "labels", assigned.old["headers"], labels=["billing"]))
    updated = _events(events, CONVERSATION_UPDATED, assigned.conversation)
    assert len(updated) == 1 and updated[0].data["changed"]["label_list"] == ([], ["billing"])


@ports(f"{UPDATE} > runs after_update callbacks")
def test_status_read_and_assignee_events(http, fake, assigned, events):
    events.clear()
    conversation = assigned.conversation
    ok(post(http, conversation["id"], "toggle_status", assigned.old["headers"], status="resolved"))
    assert len(_events(events, CONVERSATION_STATUS_CHANGED, conversation)) == 1
    ok(post(http, conversation["id"], "assignments", assigned.old["headers"], assignee_id=assigned.new["id"]))
    assert len(_events(events, ASSIGNEE_CHANGED, conversation)) == 1
    changed = [e.data["changed"] for e in _events(events, CONVERSATION_UPDATED, conversation)]
    assert [c["status"] for c in changed if "status" in c] == [("open", "resolved")]
    assert [c["assignee_id"] for c in changed if "assignee_id" in c] == [
        (assigned.old["id"], assigned.new["id"])
    ]
    # contact_last_seen_at (the contact's public API marks it): conversation.read
    fake.store.conversations.mark_contact_seen(fake.store.conversations.by_display_id(1, conversation["id"]))
    assert len(_events(events, CONVERSATION_READ, conversation)) == 1


@ports(
    f"{UPDATE} > will not run conversation_updated event for empty updates",
    f"{UPDATE} > will not run conversation_updated event for non whitelisted keys",
)
def test_no_conversation_updated_without_a_listed_change(http, assigned, events):
    conversation = assigned.conversation
    events.clear()
    ok(http.patch(f"{A}/conversations/{conversation['id']}", json={}, headers=ADMIN))  # save! with no change
    ok(post(http, conversation["id"], "custom_attributes", ADMIN, custom_attributes={}))
    ok(post(http, conversation["id"], "update_last_seen", assigned.old["headers"]))  # not a listed key
    assert _events(events, CONVERSATION_UPDATED, conversation) == []


@ports(
    f"{UPDATE} > will run conversation_updated event for conversation_language in additional_attributes",
    f"{UPDATE} > will not run conversation_updated event for bowser_language in additional_attributes",
)
def test_conversation_language_is_a_listed_change(fake, assigned, events):
    # additional_attributes have no application API at v4.10 (PATCH permits priority only)
    row = fake.store.conversations.by_display_id(1, assigned.conversation["id"])
    events.clear()
    fake.store.conversations.update_attributes(row, additional={"browser_language": "es"})
    assert _events(events, CONVERSATION_UPDATED, assigned.conversation) == []
    fake.store.conversations.update_attributes(row, additional={"conversation_language": "es"})
    updated = _events(events, CONVERSATION_UPDATED, assigned.conversation)
    assert len(updated) == 1
    assert updated[0].data["changed"]["additional_attributes"][1]["conversation_language"] == "es"


@ports(f"{UPDATE} > creates conversation activities")
def test_activities_name_the_current_user(http, assigned):
    conversation, old, new = assigned.conversation, assigned.old, assigned.new
    ok(post(http, conversation["id"], "labels", old["headers"], labels=["priority-customer"]))
    ok(post(http, conversation["id"], "toggle_status", old["headers"], status="resolved"))
    ok(post(http, conversation["id"], "assignments", old["headers"], assignee_id=new["id"]))
    written = activities(http, conversation["id"])
    assert f"{old['name']} added priority-customer" in written
    assert f"Conversation was marked resolved by {old['name']}" in written
    assert f"Assigned to {new['name']} by {old['name']}" in written


@ports(f"{UPDATE} > adds a message for system auto resolution if marked resolved by system")
def test_resolution_without_a_user_names_the_auto_resolve_period(http, fake, assigned):
    ok(http.patch(f"{A}", json={"auto_resolve_after": 40 * 24 * 60}, headers=ADMIN))
    other = conversation_in(http, new_inbox(http))
    # nobody signed in (Current.reset): the store's own write, as a background job resolves
    fake.store.conversations.set_status(fake.store.conversations.by_display_id(1, other["id"]), "resolved")
    assert activities(http, other["id"]) == [
        "Conversation was marked resolved by system due to 40 days of inactivity"
    ]


@ports("#update_labels > adds one label to conversation")
def test_update_labels_adds_one(http, inbox, conversation):
    agent = agent_of(http, inbox)
    ok(post(http, conversation["id"], "labels", agent["headers"], labels=["first"]))
    assert activities(http, conversation["id"]) == [f"{agent['name']} added first"]
    assert shown(http, conversation["id"])["labels"] == ["first"]


@ports("#update_labels > adds and removes previously added labels")
def test_update_labels_adds_and_removes(http, inbox, conversation):
    agent = agent_of(http, inbox)
    ok(post(http, conversation["id"], "labels", agent["headers"], labels=["first", "fourth"]))
    ok(post(http, conversation["id"], "labels", agent["headers"], labels=["second", "third"]))
    assert shown(http, conversation["id"])["labels"] == ["second", "third"]
    assert activities(http, conversation["id"]) == [
        f"{agent['name']} added first, fourth",
        f"{agent['name']} added second, third",
        f"{agent['name']} removed first, fourth",
    ]


# --- toggle_status, toggle_priority, snooze ---------------------------------------------------------


@ports(
    "#toggle_status > toggles conversation status to resolved when open",
    "#toggle_status > toggles conversation status to open when resolved",
    "#toggle_status > toggles conversation status to open when pending",
    "#toggle_status > toggles conversation status to open when snoozed",
)
def test_toggle_status(http, inbox):
    for start, expected in (
        ("open", "resolved"),
        ("resolved", "open"),
        ("pending", "open"),
        ("snoozed", "open"),
    ):
        found = conversation_in(http, inbox, status=start)
        assert found["status"] == start
        body = ok(post(http, found["id"], "toggle_status", ADMIN))
        assert body["payload"]["success"] is True
        assert shown(http, found["id"])["status"] == expected


@ports(
    "#toggle_priority > defaults priority to nil when created",
    "#toggle_priority > toggles the priority to nil if nothing is passed",
    "#toggle_priority > sets the priority to low",
    "#toggle_priority > sets the priority to medium",
    "#toggle_priority > sets the priority to high",
    "#toggle_priority > sets the priority to urgent",
)
def test_toggle_priority(http, conversation):
    assert conversation["priority"] is None
    for priority in ("low", "medium", "high", "urgent"):
        ok(post(http, conversation["id"], "toggle_priority", ADMIN, priority=priority))
        assert shown(http, conversation["id"])["priority"] == priority
    ok(post(http, conversation["id"], "toggle_priority", ADMIN))
    assert shown(http, conversation["id"])["priority"] is None
    # PriorityActivityMessageHandler: added, updated, removed
    assert activities(http, conversation["id"]) == [
        "John set the priority to low",
        "John changed the priority from low to medium",
        "John changed the priority from medium to high",
        "John changed the priority from high to urgent",
        "John removed the priority",
    ]


@ports("#ensure_snooze_until_reset > resets the snoozed_until when status is toggled")
def test_snooze_reset_on_toggle(http, fake, conversation):
    until = int(fake.clock.now()) + 2 * DAY
    ok(post(http, conversation["id"], "toggle_status", ADMIN, status="snoozed", snoozed_until=until))
    assert shown(http, conversation["id"])["snoozed_until"] is not None
    ok(post(http, conversation["id"], "toggle_status", ADMIN))
    after = shown(http, conversation["id"])
    assert (after["status"], after["snoozed_until"]) == ("open", None)


# --- mute ------------------------------------------------------------------------------------------


@ports(
    "#mute! > marks conversation as resolved", "#mute! > blocks the contact", "#mute! > creates mute message"
)
def test_mute(http, inbox, conversation, events):
    user = agent_of(http, inbox)
    events.clear()
    ok(post(http, conversation["id"], "mute", user["headers"]))
    after = shown(http, conversation["id"])
    assert after["status"] == "resolved"
    contact = ok(http.get(f"{A}/contacts/{after['meta']['sender']['id']}", headers=ADMIN))["payload"]
    assert contact["blocked"] is True
    assert [e.data["contact"].blocked for e in events if e.name == "contact.updated"] == [True]
    assert activities(http, conversation["id"]) == [
        f"Conversation was marked resolved by {user['name']}",
        f"{user['name']} has muted the conversation",
    ]


@ports(
    "#unmute! > does not change conversation status",
    "#unmute! > unblocks the contact",
    "#unmute! > creates unmute message",
)
def test_unmute(http, inbox, conversation):
    ok(post(http, conversation["id"], "mute", ADMIN))
    user = agent_of(http, inbox)
    ok(post(http, conversation["id"], "unmute", user["headers"]))
    after = shown(http, conversation["id"])
    assert after["status"] == "resolved"
    contact = ok(http.get(f"{A}/contacts/{after['meta']['sender']['id']}", headers=ADMIN))["payload"]
    assert contact["blocked"] is False
    assert activities(http, conversation["id"])[-1] == f"{user['name']} has unmuted the conversation"


@ports(
    "#muted? > return true if conversation is muted", "#muted? > returns false if conversation is not muted"
)
def test_muted(http, conversation):
    assert shown(http, conversation["id"])["muted"] is False
    ok(post(http, conversation["id"], "mute", ADMIN))
    assert shown(http, conversation["id"])["muted"] is True


# --- unread ------------------------------------------------------------------------------------------


@ports(
    "unread_messages > returns unread messages",
    "unread_incoming_messages > returns unread incoming messages",
    "unread_incoming_messages > returns unread incoming messages even if the agent has not seen the conversation",
)
def test_unread_incoming_messages(http, conversation):
    incoming(http, conversation["id"], "before")
    ok(post(http, conversation["id"], "update_last_seen", ADMIN))
    assert shown(http, conversation["id"])["unread_count"] == 0
    incoming(http, conversation["id"], "after")
    ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json={"content": "out"}, headers=ADMIN))
    assert shown(http, conversation["id"])["unread_count"] == 1  # incoming ones since last seen
    fresh = conversation_in(http, new_inbox(http))  # never seen: agent_last_seen_at nil
    incoming(http, fresh["id"], "one")
    ok(http.post(f"{A}/conversations/{fresh['id']}/messages", json={"content": "out"}, headers=ADMIN))
    assert shown(http, fresh["id"])["unread_count"] == 1


# --- status at creation ----------------------------------------------------------------------------


@ports("when conversation is created by blocked contact > creates conversation in resolved state")
def test_blocked_contact_starts_resolved(http, inbox):
    contact = new_contact(http, inbox_id=None, blocked=True)
    created = ok(
        http.post(f"{A}/conversations", json={"inbox_id": inbox, "contact_id": contact["id"]}, headers=ADMIN)
    )
    assert (created["status"], created["muted"]) == ("resolved", True)


@ports(
    "#botinbox: when conversation created inside inbox with agent bot > returns conversation status as pending"
)
def test_bot_inbox_starts_pending(http):
    assert conversation_in(http, API_INBOX)["status"] == "pending"  # Acme Bot serves inbox 1


@ports("validate invalid referer url > returns nil", "validate valid referer url > returns nil")
def test_referer(http, inbox):
    bad = conversation_in(http, inbox, additional_attributes={"referer": "javascript"})
    assert bad["additional_attributes"]["referer"] is None
    good = conversation_in(http, inbox, additional_attributes={"referer": "https://www.chatwoot.com/"})
    assert good["additional_attributes"]["referer"] == "https://www.chatwoot.com/"


# --- sorting ---------------------------------------------------------------------------------------


@pytest.fixture
def seven(http, fake, inbox):
    """The "custom sort option" conversations 1..7: created_at (and so waiting_since),
    last_activity_at (days ago; no API writes them) and priority."""
    now = fake.clock.now()
    spec = {  # n: (created days ago, last activity days ago, priority)
        7: (6, 13, None),
        6: (7, 10, None),
        5: (8, 12, "urgent"),
        4: (9, 11, "urgent"),
        3: (5, 9, "low"),
        2: (3, 6, "high"),
        1: (4, 8, "medium"),
    }
    ids = {}
    for n, (created, active, priority) in spec.items():
        found = conversation_in(http, inbox)
        if priority:
            ok(post(http, found["id"], "toggle_priority", ADMIN, priority=priority))
        row = fake.store.conversations.by_display_id(1, found["id"])
        row.created_at = row.waiting_since = now - created * DAY
        row.last_activity_at = now - active * DAY
        ids[n] = found["id"]
    return SimpleNamespace(ids=ids, inbox=inbox)


def _sorted(http, seven, sort_by):
    params = {"inbox_id": seven.inbox, "status": "all", "sort_by": sort_by}
    payload = ok(http.get(f"{A}/conversations", params=params, headers=ADMIN))["data"]["payload"]
    by_id = {v: k for k, v in seven.ids.items()}
    return [by_id[c["id"]] for c in payload]


@ports(
    f"{SORT} > sort_on_created_at > returns the list in ascending order by default",
    f"{SORT} > sort_on_created_at > returns the list in descending order if desc is passed as sort direction",
)
def test_sort_on_created_at(http, seven):
    desc = [2, 1, 3, 7, 6, 5, 4]
    assert _sorted(http, seven, "sort_on_created_at") == desc[::-1]
    assert _sorted(http, seven, "created_at_asc") == desc[::-1]
    assert _sorted(http, seven, "created_at_desc") == desc


@ports(
    f"{SORT} > sort_on_last_activity_at > returns the list in descending order by default",
    f"{SORT} > sort_on_last_activity_at > returns the list in asc order if asc is passed as sort direction",
)
def test_sort_on_last_activity_at(http, seven):
    asc = [7, 5, 4, 6, 3, 1, 2]
    assert _sorted(http, seven, "latest") == asc[::-1]
    assert _sorted(http, seven, "last_activity_at_desc") == asc[::-1]
    assert _sorted(http, seven, "last_activity_at_asc") == asc


@ports(
    f"{SORT} > when last_activity_at updated by some actions > sort conversations with latest resolved "
    "conversation at first",
    f"{SORT} > when last_activity_at updated by some actions > Sort conversations with latest message",
)
def test_sort_follows_new_messages_and_activities(http, seven):
    for n in (1, 2, 3):  # messages move last_activity_at; conversation 3's is the latest
        incoming(http, seven.ids[n])
    assert _sorted(http, seven, "last_activity_at_desc")[0] == 3
    ok(post(http, seven.ids[1], "toggle_status", ADMIN))  # resolved: its activity message is newer
    assert _sorted(http, seven, "last_activity_at_desc")[0] == 1
    incoming(http, seven.ids[3])
    assert _sorted(http, seven, "last_activity_at_desc")[0] == 3


@ports(
    f"{SORT} > sort_on_priority > return list with the following order urgent > high > medium > low > nil by default",
    f"{SORT} > sort_on_priority > return list with the following order low > medium > high > urgent > nil by default",
    f"{SORT} > sort_on_priority > sorts conversation with last_activity for the same priority",
)
def test_sort_on_priority(http, seven):
    assert _sorted(http, seven, "created_at_asc") != [4, 5, 2, 1, 3, 6, 7]  # not pre-sorted
    assert _sorted(http, seven, "sort_on_priority") == [4, 5, 2, 1, 3, 6, 7]
    assert _sorted(http, seven, "priority_desc") == [4, 5, 2, 1, 3, 6, 7]
    assert _sorted(http, seven, "priority_asc") == [3, 1, 2, 4, 5, 6, 7]  # NULLS LAST both ways


@ports(
    f"{SORT} > sort_on_waiting_since > returns the list in ascending order by default",
    f"{SORT} > sort_on_waiting_since > returns the list in desc order if asc is passed as sort direction",
)
def test_sort_on_waiting_since(http, seven):
    assert _sorted(http, seven, "sort_on_waiting_since") == [4, 5, 6, 7, 3, 1, 2]
    assert _sorted(http, seven, "waiting_since_asc") == [4, 5, 6, 7, 3, 1, 2]
    assert _sorted(http, seven, "waiting_since_desc") == [2, 1, 3, 7, 6, 5, 4]


@ports("cached_label_list_array > returns the correct list of labels")
def test_label_list_order(http, conversation):
    labels = ["customer-support", "enterprise", "paid-customer"]
    ok(post(http, conversation["id"], "labels", ADMIN, labels=labels))
    assert shown(http, conversation["id"])["labels"] == labels


# --- last_activity_at and waiting_since ------------------------------------------------------------


@ports(
    "#last_activity_at > when a new conversation is created > sets last_activity_at to the created_at time (within DB precision)"
)
def test_last_activity_at_on_creation(conversation):
    assert abs(conversation["last_activity_at"] - conversation["created_at"]) <= 1


@ports(
    "#last_activity_at > when a new message is added > updates the last_activity_at to the new message's created_at time",
    "#last_activity_at > when multiple messages are added > sets last_activity_at to the most recent message's "
    "created_at time",
)
def test_last_activity_at_follows_the_latest_message(http, conversation):
    url = f"{A}/conversations/{conversation['id']}/messages"
    ok(http.post(url, json={"content": "first"}, headers=ADMIN))
    latest = ok(http.post(url, json={"content": "second"}, headers=ADMIN))
    assert abs(shown(http, conversation["id"])["last_activity_at"] - latest["created_at"]) <= 1
    assert shown(http, conversation["id"])["last_non_activity_message"]["id"] == latest["id"]


@ports("reply time calculation flows > does not reset waiting_since if customer sends another message")
def test_waiting_since_kept_by_a_second_customer_message(http, fake, conversation):
    row = fake.store.conversations.by_display_id(1, conversation["id"])
    row.waiting_since = None  # the spec's update_column(:waiting_since, nil)
    first = incoming(http, conversation["id"], "one")
    assert shown(http, conversation["id"])["waiting_since"] == int(first["created_at"])
    incoming(http, conversation["id"], "two")
    assert shown(http, conversation["id"])["waiting_since"] == int(first["created_at"])


@pytest.fixture
def cable(server: Any, fake: Any) -> Iterator[Cable]:
    found = Cable(server.url, fake)
    yield found
    found.close()


@ports("#push_event_data > returns push event payload")
def test_push_event_data(http, fake, cable):
    """Conversation#push_event_data, as conversation.created carries it over /cable (an administrator's
    socket: the administrator is no member of the web widget inbox, so nothing is auto-assigned)."""
    inbox = ok(
        http.post(
            f"{A}/inboxes",
            json={"name": "Widget", "channel": {"type": "web_widget", "website_url": "https://w.example"}},
            headers=ADMIN,
        )
    )["id"]
    admin = cable.user_id(1)
    created = conversation_in(http, inbox)
    (data,) = admin.wait("conversation.created")
    row = fake.store.conversations.by_display_id(1, created["id"])
    link = fake.store.account(1).contact_inboxes.get(row.contact_inbox_id)
    contact = ok(http.get(f"{A}/contacts/{created['meta']['sender']['id']}", headers=ADMIN))["payload"]
    # account_id and performer are the listener's envelope, not push_event_data
    assert {k: v for k, v in data.items() if k not in ("account_id", "performer")} == {
        "additional_attributes": {},
        "can_reply": True,
        "channel": "Channel::WebWidget",
        "contact_inbox": {
            "id": link.id,
            "contact_id": contact["id"],
            "inbox_id": inbox,
            "source_id": link.source_id,
            "created_at": data["contact_inbox"]["created_at"],
            "updated_at": data["contact_inbox"]["updated_at"],
            "hmac_verified": False,
            "pubsub_token": fake.store.contact_inboxes.pubsub_token(link),
        },
        "id": created["id"],
        "inbox_id": inbox,
        "messages": [],
        "labels": [],
        "meta": {
            "sender": data["meta"]["sender"],
            "assignee": None,
            "assignee_type": None,
            "team": None,
            "hmac_verified": False,
        },
        "status": "open",
        "custom_attributes": {},
        "snoozed_until": None,
        "unread_count": 0,
        "first_reply_created_at": None,
        "priority": None,
        "waiting_since": created["waiting_since"],
        "agent_last_seen_at": 0,
        "contact_last_seen_at": 0,
        "last_activity_at": created["last_activity_at"],
        "timestamp": created["last_activity_at"],
        "created_at": created["created_at"],
        "updated_at": created["updated_at"],
    }
    assert data["meta"]["sender"]["id"] == contact["id"] and data["account_id"] == 1


@ports("#delete conversation > delete associated notifications if conversation is deleted")
def test_deleting_a_conversation_deletes_its_notifications(http, fake, inbox, conversation):
    agent = agent_of(http, inbox)
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=agent["id"]))  # a notification
    listed = ok(http.get(f"{A}/notifications", headers=agent["headers"]))["data"]["payload"]
    row = fake.store.conversations.by_display_id(1, conversation["id"])
    assert [n["primary_actor_id"] for n in listed] == [row.id]  # the conversation's database id
    assert http.delete(f"{A}/conversations/{conversation['id']}", headers=ADMIN).status_code == 200
    assert ok(http.get(f"{A}/notifications", headers=agent["headers"]))["data"]["payload"] == []
