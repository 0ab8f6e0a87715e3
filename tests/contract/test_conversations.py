"""/api/v1/accounts/:account_id/conversations and its member routes.
Source: ../shared/reference/inboxes-conversations-messages.md 3; conversations_controller.rb,
conversation_finder.rb, _conversation.json.jbuilder, toggle_status.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from fakewoot.serializers._common import iso8601
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_contact_children import CONVERSATION_ORDER
from tests.contract.test_contacts import assert_contact

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
BOT = token(BOT_TOKEN)
U = "/api/v1/accounts/1/conversations"
COUNTS = ["mine_count", "assigned_count", "unassigned_count", "all_count"]
MESSAGE_PUSH_KEYS = [
    "id",
    "content",
    "account_id",
    "inbox_id",
    "conversation_id",
    "message_type",
    "created_at",
    "updated_at",
    "private",
    "status",
    "source_id",
    "content_type",
    "content_attributes",
    "sender_type",
    "sender_id",
    "external_source_ids",
    "additional_attributes",
    "processed_message_content",
    "sentiment",
    "conversation",
]


def assert_conversation(body):
    assert list(body) == CONVERSATION_ORDER
    assert isinstance(body["id"], int) and isinstance(body["unread_count"], int)
    assert_contact(body["meta"]["sender"], with_inboxes=False)
    for key in (
        "created_at",
        "timestamp",
        "agent_last_seen_at",
        "last_activity_at",
        "waiting_since",
        "first_reply_created_at",
        "contact_last_seen_at",
        "assignee_last_seen_at",
    ):
        assert isinstance(body[key], int), key
    assert isinstance(body["updated_at"], float)
    assert len(body["messages"]) <= 1
    for message in body["messages"]:
        assert [k for k in message if k not in ("sender", "echo_id", "attachments")] == MESSAGE_PUSH_KEYS
        assert list(message["conversation"]) == [
            "assignee_id",
            "unread_count",
            "last_activity_at",
            "contact_inbox",
        ]


def new_conversation(client, headers=ADMIN, **extra):
    body = {"inbox_id": 1, "contact_id": 3, **extra}
    response = client.post(U, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


ENDPOINTS = [
    ("GET", U, None),
    ("GET", f"{U}/meta", None),
    ("POST", U, {"inbox_id": 1, "contact_id": 3}),
    ("GET", f"{U}/1", None),
    ("PATCH", f"{U}/1", {"priority": "low"}),
    ("POST", f"{U}/1/toggle_status", {}),
    ("POST", f"{U}/1/toggle_priority", {"priority": "low"}),
    ("POST", f"{U}/1/toggle_typing_status", {}),
    ("POST", f"{U}/1/update_last_seen", None),
    ("POST", f"{U}/1/unread", None),
    ("POST", f"{U}/1/mute", None),
    ("POST", f"{U}/1/unmute", None),
    ("POST", f"{U}/1/custom_attributes", {"custom_attributes": {}}),
    ("DELETE", f"{U}/1", None),
    ("GET", f"{U}/1/messages", None),
    ("POST", f"{U}/1/messages", {"content": "x"}),
    ("POST", f"{U}/1/assignments", {"assignee_id": 1}),
    ("GET", f"{U}/1/labels", None),
    ("POST", f"{U}/1/labels", {"labels": []}),
]


BOT_ALLOWED = {
    ("POST", U),
    ("GET", f"{U}/1"),
    ("PATCH", f"{U}/1"),
    ("POST", f"{U}/1/toggle_status"),
    ("POST", f"{U}/1/toggle_priority"),
    ("POST", f"{U}/1/toggle_typing_status"),
    ("POST", f"{U}/1/custom_attributes"),
    ("POST", f"{U}/1/messages"),
    ("POST", f"{U}/1/assignments"),
    ("GET", f"{U}/1/labels"),
    ("POST", f"{U}/1/labels"),
}


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_refuse_strangers_and_other_accounts(client, fake, method, url, body):
    before = fake.snapshot()
    assert client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN)).status_code == 401
    if (method, url) not in BOT_ALLOWED:
        assert_refuses_strangers(client, method, url, json=body)
    assert client.request(method, url, json=body).status_code == 401
    assert client.request(method, url, json=body, headers=token("nope")).status_code == 401
    if "/conversations/1" in url:
        missing = client.request(
            method, url.replace("/conversations/1", "/conversations/999"), json=body, headers=ADMIN
        )
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_bot_tokens_only_where_chatwoot_allows(client, fake, method, url, body):
    response = client.request(method, url, json=body, headers=BOT)
    if (method, url) in BOT_ALLOWED:
        assert response.status_code in (200, 422), response.text  # the bot serves inbox 1 of account 1
    else:
        assert (response.status_code, response.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})


def test_list_shape_wrapper_and_counts(client):
    response = client.get(U, headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["data"] and list(body["data"]) == ["meta", "payload"]
    assert list(body["data"]["meta"]) == COUNTS
    assert body["data"]["meta"] == {
        "mine_count": 0,
        "assigned_count": 1,
        "unassigned_count": 0,
        "all_count": 1,
    }
    for conversation in body["data"]["payload"]:
        assert_conversation(conversation)
    first = body["data"]["payload"][0]
    assert (first["id"], first["status"], first["priority"], first["unread_count"]) == (1, "open", "high", 3)
    assert first["messages"][0]["content"] == "Any news?"
    assert first["last_non_activity_message"]["content"] == "Any news?"


def test_list_filters_and_assignee_type(client):
    everything = client.get(f"{U}?status=all", headers=ADMIN).json()["data"]
    assert everything["meta"]["all_count"] == 3 and len(everything["payload"]) == 3
    assert [
        c["status"] for c in client.get(f"{U}?status=resolved", headers=ADMIN).json()["data"]["payload"]
    ] == ["resolved"]
    assert client.get(f"{U}?status=all&inbox_id=2", headers=ADMIN).json()["data"]["meta"]["all_count"] == 2
    assert (
        client.get(f"{U}?status=all&labels[]=billing", headers=ADMIN).json()["data"]["meta"]["all_count"] == 1
    )
    unassigned = client.get(f"{U}?status=all&assignee_type=unassigned", headers=ADMIN).json()["data"]
    # counts are computed before the assignee filter
    assert unassigned["meta"] == {"mine_count": 0, "assigned_count": 1, "unassigned_count": 2, "all_count": 3}
    assert len(unassigned["payload"]) == 2
    searched = client.get(f"{U}?q=charged", headers=ADMIN).json()["data"]  # q ignores the status filter
    assert [c["id"] for c in searched["payload"]] == [2]
    assert client.get(f"{U}?team_id=5", headers=ADMIN).status_code == 404


def test_agent_sees_only_member_inboxes(client):
    agent = client.get(f"{U}?status=all", headers=AGENT).json()["data"]
    assert [c["inbox_id"] for c in agent["payload"]] == [1]
    assert agent["meta"] == {"mine_count": 1, "assigned_count": 1, "unassigned_count": 0, "all_count": 1}
    mine = client.get(f"{U}?assignee_type=me", headers=AGENT).json()["data"]["payload"]
    assert [c["id"] for c in mine] == [1]
    denied = client.get(f"{U}/2", headers=AGENT)
    assert (denied.status_code, denied.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_meta_endpoint_has_no_data_wrapper(client):
    response = client.get(f"{U}/meta?status=all", headers=ADMIN)
    assert response.json() == {
        "meta": {"mine_count": 0, "assigned_count": 1, "unassigned_count": 2, "all_count": 3}
    }


def test_pages_of_25(client, fake):
    for _ in range(30):
        fake.store.conversations.create(account_id=1, inbox_id=1, contact_id=5)
    first = client.get(f"{U}?page=1", headers=ADMIN).json()["data"]
    second = client.get(f"{U}?page=2", headers=ADMIN).json()["data"]
    assert (len(first["payload"]), len(second["payload"])) == (25, 6)
    assert not {c["id"] for c in first["payload"]} & {c["id"] for c in second["payload"]}
    assert first["meta"]["all_count"] == 31


def test_show(client):
    response = client.get(f"{U}/1", headers=AGENT)
    assert response.status_code == 200
    assert_conversation(response.json())
    assert response.json()["meta"]["assignee"]["id"] == 2


def test_create_from_contact_and_inbox_with_a_message(client, fake, events):
    body = new_conversation(
        client, AGENT, message={"content": "Hello Carla"}, custom_attributes={"order_id": "A1"}
    )
    assert_conversation(body)
    assert body["id"] == 4  # display ids continue the account's own sequence (3 seeded in account 1)
    assert body["status"] == "pending"  # inbox 1 has an agent bot
    assert body["messages"][0]["content"] == "Hello Carla" and body["messages"][0]["message_type"] == 1
    assert body["custom_attributes"] == {"order_id": "A1"}
    assert [e.name for e in events][:2] == ["conversation.created", "message.created"]
    widget = client.post(U, json={"inbox_id": 2, "contact_id": 5, "status": "snoozed"}, headers=ADMIN).json()
    assert widget["status"] == "snoozed"


def test_create_by_source_id_and_for_blocked_contacts(client):
    by_source = client.post(U, json={"source_id": "alice-api-1"}, headers=ADMIN)
    assert by_source.status_code == 200 and by_source.json()["meta"]["sender"]["id"] == 1
    blocked = client.post(U, json={"inbox_id": 2, "contact_id": 6}, headers=ADMIN).json()
    assert blocked["status"] == "resolved"


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        ({"inbox_id": 999, "contact_id": 3}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 1, "contact_id": 999}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 3, "contact_id": 3}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
        ({"source_id": "nope"}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
        ({}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 2, "contact_id": 3}, AGENT, (401, {"error": MSG_NOT_AUTHORIZED_ACTION})),
        (
            {"inbox_id": 1, "contact_id": 3, "status": "closed"},
            ADMIN,
            (422, {"message": "Status is not included in the list", "attributes": ["status"]}),
        ),
    ],
)
def test_create_refusals(client, fake, body, headers, expected):
    before = fake.snapshot()
    response = client.post(U, json=body, headers=headers)
    assert (response.status_code, response.json()) == expected
    assert fake.snapshot() == before


def test_toggle_status_explicit_toggle_and_snooze(client, fake):
    response = client.post(f"{U}/1/toggle_status", json={"status": "resolved"}, headers=AGENT)
    assert response.json() == {  # no `meta`: Jbuilder drops the view's empty meta block
        "payload": {
            "success": True,
            "conversation_id": 1,
            "current_status": "resolved",
            "snoozed_until": None,
        },
    }
    toggled = client.post(f"{U}/1/toggle_status", json={}, headers=AGENT).json()["payload"]
    assert toggled["current_status"] == "open"
    until = int(fake.clock.now()) + 3600
    snoozed = client.post(
        f"{U}/1/toggle_status", json={"status": "snoozed", "snoozed_until": until}, headers=AGENT
    ).json()["payload"]
    assert (snoozed["current_status"], snoozed["snoozed_until"]) == ("snoozed", iso8601(until))
    shown = client.get(f"{U}/1", headers=AGENT).json()
    assert shown["snoozed_until"].endswith("Z")
    activities = [
        m["content"]
        for m in client.get(f"{U}/1/messages", headers=AGENT).json()["payload"]
        if m["message_type"] == 2
    ]
    assert activities == [
        "Conversation was marked resolved by Jane",
        "Conversation was reopened by Jane",
        "Conversation was snoozed by Jane",
    ]
    bad = client.post(f"{U}/1/toggle_status", json={"status": "closed"}, headers=AGENT)
    assert (bad.status_code, bad.json()) == (
        422,
        {"message": "Status is not included in the list", "attributes": ["status"]},
    )


def test_snooze_reopens_when_the_clock_passes():
    fake = FakeChatwoot(clock=FrozenClock("2024-06-01T00:00:00Z"))
    conversation = fake.store.conversations.by_display_id(1, 1)
    fake.store.conversations.set_status(conversation, "snoozed", snoozed_until=fake.clock.now() + 600)
    assert fake.advance(599) == 0 and conversation.status == "snoozed"
    assert fake.advance(1) == 1 and conversation.status == "open" and conversation.snoozed_until is None


def test_auto_resolve_after_idle_minutes():
    fake = FakeChatwoot(clock=FrozenClock("2024-06-01T00:00:00Z"))
    fake.store.state.accounts[1].settings["auto_resolve_after"] = 60
    conversation = fake.store.conversations.by_display_id(1, 1)
    conversation.last_activity_at = fake.clock.now()
    fake.advance(3600)
    assert conversation.status == "open"  # last_activity_at < now - 60 minutes: strictly
    fake.advance(1)
    assert conversation.status == "resolved"
    last = fake.store.conversations.last_message(conversation, chat_only=False)
    # auto_resolved_hours: 60 minutes are counted in whole hours
    assert last.content == "Conversation was marked resolved by system due to 1 hours of inactivity"


def test_incoming_message_reopens_snoozed_and_resolved_unless_muted(client):
    client.post(f"{U}/2/toggle_status", json={"status": "resolved"}, headers=ADMIN)
    client.post(f"{U}/2/mute", headers=ADMIN)
    widget_inbox_incoming = client.post(
        f"{U}/2/messages", json={"content": "x", "message_type": "incoming"}, headers=ADMIN
    )
    assert widget_inbox_incoming.status_code == 422  # inbox 2 is a web widget
    client.post(f"{U}/1/toggle_status", json={"status": "snoozed"}, headers=ADMIN)
    client.post(f"{U}/1/messages", json={"content": "back", "message_type": "incoming"}, headers=ADMIN)
    assert client.get(f"{U}/1", headers=ADMIN).json()["status"] == "open"
    client.post(f"{U}/1/toggle_status", json={"status": "resolved"}, headers=ADMIN)
    client.post(f"{U}/1/messages", json={"content": "again", "message_type": "incoming"}, headers=ADMIN)
    assert client.get(f"{U}/1", headers=ADMIN).json()["status"] == "pending"  # the inbox has an agent bot
    client.post(f"{U}/1/toggle_status", json={"status": "resolved"}, headers=ADMIN)
    client.post(f"{U}/1/mute", headers=ADMIN)
    client.post(f"{U}/1/messages", json={"content": "muted", "message_type": "incoming"}, headers=ADMIN)
    assert client.get(f"{U}/1", headers=ADMIN).json()["status"] == "resolved"


def test_priority_typing_mute_are_empty_200(client, fake, events):
    for url, body in (
        (f"{U}/1/toggle_priority", {"priority": "urgent"}),
        (f"{U}/1/toggle_typing_status", {"typing_status": "on"}),
        (f"{U}/1/mute", None),
        (f"{U}/1/unmute", None),
    ):
        response = client.post(url, json=body, headers=AGENT)
        assert (response.status_code, response.content) == (200, b""), url
    assert client.get(f"{U}/1", headers=AGENT).json()["priority"] == "urgent"
    assert "conversation.typing_on" in [e.name for e in events]
    client.post(f"{U}/1/toggle_priority", json={"priority": ""}, headers=AGENT)
    assert client.get(f"{U}/1", headers=AGENT).json()["priority"] is None
    bad = client.post(f"{U}/1/toggle_priority", json={"priority": "asap"}, headers=AGENT)
    assert bad.status_code == 422


def test_update_last_seen_and_unread(client):
    assert (
        client.get(f"{U}/1", headers=AGENT).json()["unread_count"] == 3
    )  # never seen: every incoming message
    seen = client.post(f"{U}/1/update_last_seen", headers=AGENT)
    assert seen.status_code == 200
    assert_conversation(seen.json())
    assert seen.json()["unread_count"] == 0 and seen.json()["agent_last_seen_at"] > 0
    assert seen.json()["assignee_last_seen_at"] > 0  # Jane is the assignee
    unread = client.post(f"{U}/1/unread", headers=AGENT).json()
    assert unread["unread_count"] == 1


def test_update_priority_and_custom_attributes(client):
    updated = client.patch(f"{U}/1", json={"priority": "low"}, headers=AGENT)
    assert updated.status_code == 200 and updated.json()["priority"] == "low"
    replaced = client.post(
        f"{U}/1/custom_attributes", json={"custom_attributes": {"order_id": "B2"}}, headers=AGENT
    )
    assert replaced.json() == {"custom_attributes": {"order_id": "B2"}}


def test_delete_is_for_administrators(client, fake):
    assert client.delete(f"{U}/1", headers=AGENT).status_code == 401
    response = client.delete(f"{U}/1", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert client.get(f"{U}/1", headers=ADMIN).status_code == 404


def fcond(key, op, values, query_operator=None):
    return {"attribute_key": key, "filter_operator": op, "values": values, "query_operator": query_operator}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ([fcond("status", "equal_to", ["open"])], [1]),
        ([fcond("status", "not_equal_to", ["open"])], [2, 3]),
        ([fcond("assignee_id", "is_not_present", [], "and"), fcond("inbox_id", "equal_to", [2])], [2, 3]),
        ([fcond("assignee_id", "equal_to", [2])], [1]),
        ([fcond("labels", "equal_to", ["billing"])], [2]),
        ([fcond("labels", "equal_to", ["BILLING"])], []),  # tags.name IN (...): case-sensitive
        ([fcond("priority", "equal_to", ["high"], "or"), fcond("display_id", "equal_to", ["3"])], [1, 3]),
        ([fcond("created_at", "is_greater_than", ["2023-01-01"])], [1, 2, 3]),
        ([fcond("order_id", "is_present", [])], []),
    ],
)
def test_filter(client, payload, expected):
    response = client.post(f"{U}/filter", json={"payload": payload}, headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    # filter.json.jbuilder: no assigned_count
    assert list(body) == ["meta", "payload"] and list(body["meta"]) == [
        "mine_count",
        "unassigned_count",
        "all_count",
    ]
    assert sorted(c["id"] for c in body["payload"]) == expected
    assert body["meta"]["all_count"] == len(expected)


def test_filter_errors_and_visibility(client):
    keys = (
        # lib/filters/filter_keys.yml at v4.10: no contact_id or country_code, mail_subject last
        "status,assignee_id,inbox_id,team_id,priority,display_id,campaign_id,labels,"
        "browser_language,conversation_language,referer,created_at,last_activity_at,mail_subject"
    )
    for payload, error in (
        (
            [fcond("plan", "equal_to", ["x"])],
            f"Invalid attribute key - [plan]. The key should be one of [{keys}] "
            "or a custom attribute defined in the account.",
        ),
        (
            [fcond("status", "contains", ["o"])],
            "Invalid operator. The allowed operators for status are [equal_to,not_equal_to].",
        ),
        ([fcond("status", "equal_to", [])], "Invalid value. The values provided for status are invalid"),
        ([fcond("status", "equal_to", ["open"], "nand")], 'Query operator must be either "AND" or "OR".'),
    ):
        response = client.post(f"{U}/filter", json={"payload": payload}, headers=ADMIN)
        assert (response.status_code, response.json()) == (422, {"error": error})
    agent = client.post(
        f"{U}/filter", json={"payload": [fcond("status", "not_equal_to", ["closed"])]}, headers=AGENT
    )
    assert [c["inbox_id"] for c in agent.json()["payload"]] == [1]


def test_an_assignment_alone_does_not_open_the_conversation_to_an_agent(client):
    # ConversationPolicy#show? at v4.10: administrator, agent bot, or a member of the inbox
    assert client.post(f"{U}/2/assignments", json={"assignee_id": 2}, headers=ADMIN).status_code == 200
    assert client.get(f"{U}/2", headers=AGENT).status_code == 401  # jane is no member of inbox 2


def test_last_seen_writes_are_update_columns(client):
    before = client.post(U, json={"inbox_id": 2, "contact_id": 3}, headers=ADMIN).json()
    number = before["id"]
    seen = client.post(f"{U}/{number}/update_last_seen", headers=ADMIN).json()
    assert seen["agent_last_seen_at"] > 0 and seen["updated_at"] == before["updated_at"]
    # no incoming message: unread writes nil to both columns
    unread = client.post(f"{U}/{number}/unread", headers=ADMIN).json()
    assert (unread["agent_last_seen_at"], unread["assignee_last_seen_at"]) == (0, 0)
    assert unread["updated_at"] == before["updated_at"]


def _ids(client, query, headers=ADMIN):
    response = client.get(f"{U}?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return sorted(c["id"] for c in response.json()["data"]["payload"])


def test_finder_conversation_types(client):
    # mention: a private note naming the caller (an administrator or an inbox member)
    assert _ids(client, "status=all&conversation_type=mention") == []
    note = {"content": "Look at this [@John](mention://user/1/John)", "private": True}
    assert client.post(f"{U}/3/messages", json=note, headers=ADMIN).status_code == 200
    assert _ids(client, "status=all&conversation_type=mention") == [3]
    assert _ids(client, "status=all&conversation_type=mention", AGENT) == []  # names john only
    # a mentioned user takes part in the conversation (add_mentioned_users_as_participants)
    assert 3 in _ids(client, "status=all&conversation_type=participating")
    # participating: conversations the caller was ever assigned (ParticipationListener)
    assert _ids(client, "status=all&conversation_type=participating", AGENT) == [1]
    client.post(f"{U}/2/assignments", json={"assignee_id": 2}, headers=ADMIN)
    client.post(f"{U}/2/assignments", json={"assignee_id": None}, headers=ADMIN)
    # no inbox filter: jane is no member of inbox 2, yet she took part in conversation 2
    assert _ids(client, "status=all&conversation_type=participating", AGENT) == [1, 2]
    # unattended: no first reply yet, or waiting for an answer
    assert _ids(client, "status=all&conversation_type=unattended") == [1, 2, 3]
    assert _ids(client, "status=all&conversation_type=other") == [1, 2, 3]


def test_finder_present_but_blank_parameters(client):
    assert _ids(client, "status=") == []  # where(status: ""): nothing
    assert _ids(client, "status=all&labels=") == []  # tagged_with(""): none
    assert _ids(client, "status=all&labels=billing,support") == [1, 2]  # the tag list parser
    assert _ids(client, "q=") == [1, 2, 3]  # ILIKE '%%', and no status filter
    assert _ids(client, "status=all&inbox_id=abc") == []
    assert _ids(client, "status=all&inbox_id[]=1&inbox_id[]=2") == [1, 2, 3]
    assert _ids(client, "status=all&inbox_id=1", AGENT) == [1]
    assert _ids(client, "status=all&inbox_id=2", AGENT) == []  # not one of jane's inboxes


def test_finder_source_id_and_updated_within(client, fake):
    created = client.post(
        U, json={"inbox_id": 2, "contact_id": 3, "source_id": "src-1"}, headers=ADMIN
    ).json()
    assert _ids(client, "status=all&source_id=src-1") == [created["id"]]
    assert _ids(client, "status=all&source_id=nope") == []
    for conversation in fake.store.state.accounts[1].conversations.values():
        if conversation.display_id != created["id"]:
            conversation.updated_at = fake.clock.now() - 3600
    body = client.get(f"{U}?status=all&updated_within=60", headers=ADMIN).json()["data"]
    assert [c["id"] for c in body["payload"]] == [created["id"]]
    assert body["meta"]["all_count"] == 4  # the counts ignore updated_within


def test_finder_priority_sort_puts_nulls_last(client):
    client.post(f"{U}/3/toggle_priority", json={"priority": "low"}, headers=ADMIN)
    assert [
        c["id"]
        for c in client.get(f"{U}?status=all&sort_by=priority_desc", headers=ADMIN).json()["data"]["payload"]
    ] == [1, 3, 2]
    assert [
        c["id"]
        for c in client.get(f"{U}?status=all&sort_by=priority_asc", headers=ADMIN).json()["data"]["payload"]
    ] == [3, 1, 2]


def test_search_endpoint_shape(client):
    body = client.get(f"{U}/search?q=charged", headers=ADMIN).json()
    assert body["meta"] == {"mine_count": 0, "unassigned_count": 1, "all_count": 1}
    (found,) = body["payload"]
    assert list(found) == ["id", "uuid", "created_at", "contact", "inbox", "messages", "account_id"]
    assert found["inbox"] == {"id": 2, "name": "Acme Website", "channel_type": "Channel::WebWidget"}
    assert [m["content"] for m in found["messages"]] == ["I was charged twice for March."]
    assert list(found["messages"][0]) == ["content", "id", "sender_name", "message_type", "created_at"]


def test_auto_resolve_message_label_and_ignore_waiting():
    fake = FakeChatwoot(clock=FrozenClock("2024-06-01T00:00:00Z"))
    settings = fake.store.state.accounts[1].settings
    settings.update(
        auto_resolve_after=2880,
        auto_resolve_message="Closing this for now.",
        auto_resolve_label="auto-closed",
        auto_resolve_ignore_waiting=True,
    )
    waiting = fake.store.conversations.by_display_id(1, 1)  # waits for a reply (an incoming message last)
    idle = fake.store.conversations.create(account_id=1, inbox_id=2, contact_id=3)
    idle.waiting_since = None  # answered (a new conversation waits from its creation)
    assert waiting.waiting_since is not None
    fake.advance(2 * 86400 + 1)
    assert (waiting.status, idle.status) == ("open", "resolved")  # ignore_waiting skips the waiting one
    messages = fake.store.account(1).messages
    tail = [messages.get(i) for i in idle.message_ids]
    assert [(m.message_type, m.content) for m in tail] == [
        (3, "Closing this for now."),
        (2, "Conversation was marked resolved by system due to 2 days of inactivity"),
    ]
    assert idle.labels == ["auto-closed"] and idle.waiting_since is None
