"""Port of spec/controllers/api/v1/accounts/conversations_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.api.conversations import MSG_EMAIL_MISSING, TRANSCRIPT_MAIL
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION
from fakewoot.serializers._common import iso8601
from fakewoot.store.contact_inboxes import MSG_SOURCE_ID_TAKEN
from tests.conftest import BOT_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, ok
from tests.specs.support_conversations import (
    A,
    agent_of,
    conversation_in,
    incoming,
    new_inbox,
    post,
    shown,
)

SPEC = "spec/controllers/api/v1/accounts/conversations_controller_spec.rb"
UPSTREAM_ITS = 67
L = "GET /api/v1/accounts/{account.id}/conversations"
M = "GET /api/v1/accounts/{account.id}/conversations/meta"
S = "GET /api/v1/accounts/{account.id}/conversations/search"
F = "GET /api/v1/accounts/{account.id}/conversations/filter"
G = "GET /api/v1/accounts/{account.id}/conversations/:id"
P = "PATCH /api/v1/accounts/{account.id}/conversations/:id"
C = "POST /api/v1/accounts/{account.id}/conversations"
CI = C + " > when it is an authenticated user > when it is an authenticated user who has access to the inbox"
T = "POST /api/v1/accounts/{account.id}/conversations/:id/toggle_status"
PR = "POST /api/v1/accounts/{account.id}/conversations/:id/toggle_priority"
TY = "POST /api/v1/accounts/{account.id}/conversations/:id/toggle_typing_status"
LS = "POST /api/v1/accounts/{account.id}/conversations/:id/update_last_seen"
UR = "POST /api/v1/accounts/{account.id}/conversations/:id/unread"
MU = "POST /api/v1/accounts/{account.id}/conversations/:id/mute"
UM = "POST /api/v1/accounts/{account.id}/conversations/:id/unmute"
TR = "POST /api/v1/accounts/{account.id}/conversations/:id/transcript"
CA = "POST /api/v1/accounts/{account.id}/conversations/:id/custom_attributes"
AT = "GET /api/v1/accounts/{account.id}/conversations/:id/attachments"
D = "DELETE /api/v1/accounts/{account.id}/conversations/:id"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AUTH = "when it is an authenticated user"
BOT = token(BOT_TOKEN)  # Acme Bot, an agent bot of account 1

SKIPPED = {
    f"{CI} > calls contact inbox builder if contact_id and inbox_id is present": (
        "internal: asserts ContactInboxBuilder is called with a mock; the contact inbox it builds is "
        "ported in test_create_finds_or_builds_the_contact_inbox"
    ),
}


@pytest.fixture
def inbox(http):
    return new_inbox(http)


@pytest.fixture
def conversation(http, inbox):
    return conversation_in(http, inbox)


@pytest.fixture
def agent(http, inbox):
    """An agent who is a member of the conversation's inbox."""
    return agent_of(http, inbox)


@ports(
    f"{L} > {UNAUTH}",
    f"{M} > {UNAUTH}",
    f"{S} > {UNAUTH}",
    f"{F} > {UNAUTH}",
    f"{G} > {UNAUTH}",
    f"{P} > {UNAUTH}",
    f"{C} > {UNAUTH}",
    f"{T} > {UNAUTH}",
    f"{PR} > {UNAUTH}",
    f"{TY} > {UNAUTH}",
    f"{LS} > {UNAUTH}",
    f"{UR} > {UNAUTH}",
    f"{MU} > {UNAUTH}",
    f"{UM} > {UNAUTH}",
    f"{TR} > {UNAUTH}",
    f"{CA} > {UNAUTH}",
    f"{AT} > {UNAUTH}",
    f"{D} > {UNAUTH}",
)
def test_every_action_refuses_an_unauthenticated_caller(http, conversation):
    base = f"{A}/conversations"
    one = f"{base}/{conversation['id']}"
    calls = [
        ("GET", base),
        ("GET", f"{base}/meta"),
        ("GET", f"{base}/search?q=test"),
        ("POST", f"{base}/filter"),
        ("GET", one),
        ("PATCH", one),
        ("POST", base),
        *[
            ("POST", f"{one}/{action}")
            for action in (
                "toggle_status",
                "toggle_priority",
                "toggle_typing_status",
                "update_last_seen",
                "unread",
                "mute",
                "unmute",
                "transcript",
                "custom_attributes",
            )
        ],
        ("GET", f"{one}/attachments"),
        ("DELETE", one),
    ]
    for method, url in calls:
        assert http.request(method, url).status_code == 401, (method, url)
    assert shown(http, conversation["id"])["status"] == "open"


@ports(f"{L} > {AUTH} > returns all conversations with messages")
def test_index_lists_conversations_with_their_last_message(http, conversation, agent):
    message = ok(
        http.post(f"{A}/conversations/{conversation['id']}/messages", json={"content": "hi"}, headers=ADMIN)
    )
    body = ok(http.get(f"{A}/conversations", headers=agent["headers"]))
    assert body["data"]["meta"]["all_count"] == 1
    assert set(body["data"]["meta"]) >= {"all_count", "mine_count", "assigned_count", "unassigned_count"}
    assert body["data"]["payload"][0]["uuid"] == conversation["uuid"]
    assert body["data"]["payload"][0]["messages"][0]["id"] == message["id"]


@ports(f"{L} > {AUTH} > returns conversations with empty messages array for conversations with out messages")
def test_index_without_messages(http, conversation, agent):
    body = ok(http.get(f"{A}/conversations", headers=agent["headers"]))
    assert body["data"]["meta"]["all_count"] == 1
    assert body["data"]["payload"][0]["messages"] == []


@ports(f"{L} > {AUTH} > returns unattended conversations")
def test_index_unattended(http, inbox, conversation):
    # attended: a human reply sets first_reply_created_at and clears waiting_since
    ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json={"content": "x"}, headers=ADMIN))
    no_first_reply = conversation_in(http, inbox)
    waiting = conversation_in(http, inbox)
    ok(http.post(f"{A}/conversations/{waiting['id']}/messages", json={"content": "y"}, headers=ADMIN))
    incoming(http, waiting["id"])  # waiting_since set again
    agent = agent_of(http, inbox)
    body = ok(
        http.get(f"{A}/conversations", params={"conversation_type": "unattended"}, headers=agent["headers"])
    )
    assert body["data"]["meta"]["all_count"] == 2
    assert sorted(c["id"] for c in body["data"]["payload"]) == sorted([no_first_reply["id"], waiting["id"]])


@ports(f"{M} > {AUTH} > returns all conversations counts")
def test_meta_counts(http, conversation, agent):
    body = ok(http.get(f"{A}/conversations/meta", headers=agent["headers"]))
    assert list(body) == ["meta"]
    assert set(body["meta"]) >= {"all_count", "mine_count", "assigned_count", "unassigned_count"}
    assert body["meta"]["all_count"] == 1


@ports(f"{S} > {AUTH} > returns all conversations with messages containing the search query")
def test_search_finds_the_matching_messages(http, conversation, agent):
    for content in ("test1", "test2"):
        url = f"{A}/conversations/{conversation['id']}/messages"
        ok(http.post(url, json={"content": content}, headers=ADMIN))
    body = ok(http.get(f"{A}/conversations/search", params={"q": "test1"}, headers=agent["headers"]))
    assert body["meta"]["all_count"] == 1
    assert body["payload"][0]["messages"][0]["content"] == "test1"
    assert [m["content"] for m in body["payload"][0]["messages"]] == ["test1"]


@ports(f"{F} > {AUTH} > returns all conversations matching the query")
def test_filter_matches(http, conversation, agent):
    payload = [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]}]
    body = ok(http.post(f"{A}/conversations/filter", json={"payload": payload}, headers=agent["headers"]))
    assert len(body) == 2  # meta and payload
    assert [c["id"] for c in body["payload"]] == [conversation["id"]]


@ports(f"{F} > {AUTH} > returns error if the filters contain invalid attributes")
def test_filter_refuses_an_unknown_attribute(http, conversation, agent):
    payload = [{"attribute_key": "phone_number", "filter_operator": "equal_to", "values": ["open"]}]
    response = http.post(f"{A}/conversations/filter", json={"payload": payload}, headers=agent["headers"])
    assert response.status_code == 422
    assert "Invalid attribute key - [phone_number]" in response.json()["error"]


@ports(f"{F} > {AUTH} > returns error if the filters contain invalid operator")
def test_filter_refuses_an_unknown_operator(http, conversation, agent):
    payload = [{"attribute_key": "status", "filter_operator": "eq", "values": ["open"]}]
    response = http.post(f"{A}/conversations/filter", json={"payload": payload}, headers=agent["headers"])
    assert response.status_code == 422
    assert response.json()["error"] == (
        "Invalid operator. The allowed operators for status are [equal_to,not_equal_to]."
    )


@ports(f"{G} > {AUTH} > does not shows the conversation if you do not have access to it")
def test_show_refuses_an_agent_outside_the_inbox(http, conversation):
    outsider = agent_of(http, None)
    response = http.get(f"{A}/conversations/{conversation['id']}", headers=outsider["headers"])
    assert response.status_code == 401


@ports(
    f"{G} > {AUTH} > shows the conversation if you are an administrator",
    f"{G} > {AUTH} > shows the conversation if you are an agent with access to inbox",
)
def test_show_to_an_administrator_and_an_inbox_agent(http, conversation, agent):
    admin = agent_of(http, None, role="administrator")
    for headers in (admin["headers"], agent["headers"]):
        assert (
            ok(http.get(f"{A}/conversations/{conversation['id']}", headers=headers))["id"]
            == conversation["id"]
        )


@ports(f"{P} > {AUTH} > does not update the conversation if you do not have access to it")
def test_update_refuses_an_agent_outside_the_inbox(http, conversation):
    outsider = agent_of(http, None)
    url = f"{A}/conversations/{conversation['id']}"
    assert http.patch(url, json={"priority": "high"}, headers=outsider["headers"]).status_code == 401
    assert shown(http, conversation["id"])["priority"] is None


@ports(
    f"{P} > {AUTH} > updates the conversation if you are an administrator",
    f"{P} > {AUTH} > updates the conversation if you are an agent with access to inbox",
)
def test_update_sets_the_priority(http, inbox, agent):
    admin = agent_of(http, None, role="administrator")
    for headers in (admin["headers"], agent["headers"]):
        conversation = conversation_in(http, inbox)
        url = f"{A}/conversations/{conversation['id']}"
        assert ok(http.patch(url, json={"priority": "high"}, headers=headers))["priority"] == "high"


def _contact_inbox(http, inbox):
    contact = new_contact(http, inbox_id=inbox)
    link = next(ci for ci in contact["contact_inboxes"] if ci["inbox"]["id"] == inbox)
    return contact, link["source_id"]


@ports(f"{C} > {AUTH} > will not create a new conversation if agent does not have access to inbox")
def test_create_refuses_an_agent_outside_the_inbox(http, inbox, events):
    _, source_id = _contact_inbox(http, inbox)
    outsider = agent_of(http, None)
    events.clear()
    body = {"source_id": source_id, "additional_attributes": {"test": "test"}}
    assert http.post(f"{A}/conversations", json=body, headers=outsider["headers"]).status_code == 401
    assert not [e for e in events if e.name == "conversation.created"]


@ports(f"{CI} > creates a new conversation")
def test_create_by_source_id(http, inbox, agent):
    _, source_id = _contact_inbox(http, inbox)
    body = {"source_id": source_id, "additional_attributes": {"test": "test"}}
    created = ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))
    assert created["additional_attributes"] == {"test": "test"}


@ports(f"{CI} > does not create a new conversation if source_id is not unique")
def test_create_refuses_a_source_id_another_contact_holds(http, inbox, agent):
    _, source_id = _contact_inbox(http, inbox)
    other = new_contact(http, inbox_id=None)
    body = {"source_id": source_id, "inbox_id": inbox, "contact_id": other["id"]}
    response = http.post(f"{A}/conversations", json=body, headers=agent["headers"])
    assert (response.status_code, response.json()) == (422, {"error": MSG_SOURCE_ID_TAKEN})


@ports(f"{CI} > creates a conversation in specificed status")
def test_create_in_a_status(http, inbox, agent):
    _, source_id = _contact_inbox(http, inbox)
    body = {"source_id": source_id, "status": "pending"}
    assert ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))["status"] == "pending"


@ports(f"{CI} > creates a new conversation with message when message is passed")
def test_create_with_a_message(http, inbox, agent):
    _, source_id = _contact_inbox(http, inbox)
    body = {"source_id": source_id, "message": {"content": "hi"}}
    created = ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))
    assert created["additional_attributes"] == {}
    listed = ok(http.get(f"{A}/conversations/{created['id']}/messages", headers=ADMIN))["payload"]
    assert [m["content"] for m in listed if m["message_type"] == 1] == ["hi"]


def test_create_finds_or_builds_the_contact_inbox(http, inbox, agent):
    """contact_id + inbox_id: ContactInboxBuilder finds or builds the contact's contact inbox."""
    contact = new_contact(http, inbox_id=None)
    body = {"contact_id": contact["id"], "inbox_id": inbox, "hmac_verified": "false"}
    created = ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))
    assert created["inbox_id"] == inbox and created["meta"]["sender"]["id"] == contact["id"]
    # source_id + inbox_id without contact_id: the source id's contact inbox
    _, source_id = _contact_inbox(http, inbox)
    again = ok(
        http.post(f"{A}/conversations", json={"source_id": source_id, "inbox_id": inbox}, headers=ADMIN)
    )
    assert again["inbox_id"] == inbox and again["id"] != created["id"]


@ports(f"{T} > {AUTH} > toggles the conversation status if status is empty")
def test_toggle_status_with_an_empty_status_toggles(http, conversation, agent):
    response = ok(post(http, conversation["id"], "toggle_status", agent["headers"], status=""))
    assert "meta" not in response
    assert shown(http, conversation["id"])["status"] == "resolved"


@ports(
    f"{T} > {AUTH} > toggles the conversation status to open from pending",
    f"{T} > {AUTH} > self assign if agent changes the conversation status to open",
)
def test_toggle_status_opens_a_pending_conversation_and_self_assigns(http, inbox, agent):
    conversation = conversation_in(http, inbox, status="pending")
    ok(post(http, conversation["id"], "toggle_status", agent["headers"]))
    after = shown(http, conversation["id"])
    assert after["status"] == "open"
    assert after["meta"]["assignee"]["id"] == agent["id"]


@ports(f"{T} > {AUTH} > disbale self assign if admin changes the conversation status to open")
def test_toggle_status_does_not_self_assign_an_administrator(http, inbox):
    conversation = conversation_in(http, inbox, status="pending")
    admin = agent_of(http, inbox, role="administrator")
    ok(post(http, conversation["id"], "toggle_status", admin["headers"]))
    after = shown(http, conversation["id"])
    assert after["status"] == "open"
    assert "assignee" not in after["meta"]


@ports(f"{T} > {AUTH} > toggles the conversation status to specific status when parameter is passed")
def test_toggle_status_to_a_given_status(http, conversation, agent):
    body = ok(post(http, conversation["id"], "toggle_status", agent["headers"], status="pending"))
    assert body["payload"]["current_status"] == "pending"
    assert shown(http, conversation["id"])["status"] == "pending"


@ports(f"{T} > {AUTH} > toggles the conversation status to snoozed when parameter is passed")
def test_toggle_status_snoozes_until(http, fake, conversation, agent):
    until = int(fake.clock.now()) + 2 * 86400
    body = ok(
        post(
            http, conversation["id"], "toggle_status", agent["headers"], status="snoozed", snoozed_until=until
        )
    )
    assert body["payload"]["snoozed_until"] == iso8601(until)
    after = shown(http, conversation["id"])
    assert (after["status"], after["snoozed_until"]) == ("snoozed", iso8601(until))


@ports(f"{T} > when it is an authenticated bot > returns authorized for arbritrary status")
def test_toggle_status_by_a_bot(http, fake, conversation):
    until = int(fake.clock.now()) + 2 * 86400
    ok(post(http, conversation["id"], "toggle_status", BOT, status="snoozed", snoozed_until=until))
    assert shown(http, conversation["id"])["status"] == "snoozed"


@ports(f"{T} > when it is an authenticated bot > triggers handoff event when moving from pending to open")
def test_toggle_status_bot_handoff(http, inbox, events):
    conversation = conversation_in(http, inbox, status="pending")
    events.clear()
    body = ok(post(http, conversation["id"], "toggle_status", BOT, status="open"))
    assert shown(http, conversation["id"])["status"] == "open"
    handoffs = [e for e in events if e.name == "conversation.bot_handoff"]
    assert len(handoffs) == 1 and handoffs[0].data["conversation"].display_id == conversation["id"]
    assert body["payload"]["success"] is None  # bot_handoff! leaves @status unset


@ports(f"{PR} > {AUTH} > toggles the conversation priority to nil if no value is passed")
def test_toggle_priority_sets_a_priority(http, conversation, agent):
    response = post(http, conversation["id"], "toggle_priority", agent["headers"], priority="low")
    assert response.status_code == 200 and response.content == b""
    assert shown(http, conversation["id"])["priority"] == "low"


@ports(f"{PR} > {AUTH} > toggles the conversation priority")
def test_toggle_priority_without_a_value_clears_it(http, conversation, agent):
    ok(post(http, conversation["id"], "toggle_priority", ADMIN, priority="low"))
    ok(post(http, conversation["id"], "toggle_priority", agent["headers"]))
    assert shown(http, conversation["id"])["priority"] is None


@ports(f"{PR} > when it is an authenticated bot > toggle the priority of the bot agent conversation")
def test_toggle_priority_by_a_bot(http, conversation):
    ok(post(http, conversation["id"], "toggle_priority", ADMIN, priority="low"))
    ok(post(http, conversation["id"], "toggle_priority", BOT, priority="high"))
    assert shown(http, conversation["id"])["priority"] == "high"


@ports(
    f"{TY} > {AUTH} > toggles the conversation status",
    f"{TY} > {AUTH} > toggles the conversation status for private notes",
)
def test_toggle_typing_status(http, conversation, agent, events):
    for private in (False, True):
        events.clear()
        body = {"typing_status": "on", "is_private": private}
        ok(post(http, conversation["id"], "toggle_typing_status", agent["headers"], **body))
        typing = [e for e in events if e.name == "conversation.typing_on"]
        assert len(typing) == 1
        assert typing[0].data["conversation"].display_id == conversation["id"]
        assert (typing[0].data["user_id"], typing[0].data["is_private"]) == (agent["id"], private)


@ports(f"{LS} > {AUTH} > updates last seen")
def test_update_last_seen(http, conversation, agent):
    assert shown(http, conversation["id"])["agent_last_seen_at"] == 0
    ok(post(http, conversation["id"], "update_last_seen", agent["headers"]))
    assert shown(http, conversation["id"])["agent_last_seen_at"] > 0


@ports(f"{LS} > {AUTH} > updates assignee last seen")
def test_update_last_seen_of_the_assignee(http, conversation, agent):
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=agent["id"]))
    assert shown(http, conversation["id"])["assignee_last_seen_at"] == 0
    ok(post(http, conversation["id"], "update_last_seen", agent["headers"]))
    assert shown(http, conversation["id"])["assignee_last_seen_at"] > 0


@ports(f"{UR} > {AUTH} > updates last seen")
def test_unread_moves_last_seen_before_the_last_incoming_message(http, conversation, agent):
    message = incoming(http, conversation["id"], "Hello")
    ok(post(http, conversation["id"], "unread", agent["headers"]))
    after = shown(http, conversation["id"])
    expected = int(message["created_at"]) - 1
    assert after["agent_last_seen_at"] == expected
    assert after["assignee_last_seen_at"] == expected


@ports(f"{MU} > {AUTH} > mutes conversation")
def test_mute_resolves_and_mutes(http, conversation, agent):
    response = post(http, conversation["id"], "mute", agent["headers"])
    assert response.status_code == 200
    after = shown(http, conversation["id"])
    assert (after["status"], after["muted"]) == ("resolved", True)


@ports(f"{UM} > {AUTH} > unmutes conversation")
def test_unmute(http, conversation, agent):
    ok(post(http, conversation["id"], "mute", ADMIN))
    assert post(http, conversation["id"], "unmute", agent["headers"]).status_code == 200
    assert shown(http, conversation["id"])["muted"] is False


@ports(f"{TR} > {AUTH} > mutes conversation")
def test_transcript_mails_the_conversation(http, fake, conversation, agent):
    response = post(http, conversation["id"], "transcript", agent["headers"], email="test@test.com")
    assert response.status_code == 200
    mails = fake.store.mailer.outbox(to="test@test.com", template=TRANSCRIPT_MAIL)
    assert len(mails) == 1 and mails[0].data["conversation_id"] == conversation["id"]


@ports(f"{TR} > {AUTH} > renders error when parameter missing")
def test_transcript_without_an_email(http, fake, conversation, agent):
    response = post(http, conversation["id"], "transcript", agent["headers"])
    assert (response.status_code, response.json()) == (422, {"error": MSG_EMAIL_MISSING})
    assert fake.store.mailer.outbox(template=TRANSCRIPT_MAIL) == []


@ports(
    f"{CA} > {AUTH} > updates custom attributes",
    f"{CA} > when it is a bot > updates custom attributes",
)
def test_custom_attributes_by_an_agent_and_a_bot(http, conversation, agent):
    values = [
        {"user_id": 1001, "created_date": "23/12/2012", "subscription_id": 12},
        {"bot_id": 1001, "flow_name": "support_flow", "step": "greeting"},
    ]
    for headers, attributes in zip((agent["headers"], BOT), values, strict=True):
        ok(post(http, conversation["id"], "custom_attributes", headers, custom_attributes=attributes))
        assert shown(http, conversation["id"])["custom_attributes"] == attributes  # replaced, 3 keys


def _with_attachment(http, conversation):
    files = {"attachments[]": ("photo.png", b"\x89PNG fake", "image/png")}
    url = f"{A}/conversations/{conversation['id']}/messages"
    data = {"content": "see", "message_type": "incoming"}
    return ok(http.post(url, data=data, files=files, headers=ADMIN))


@ports(f"{AT} > {AUTH} > does not return the attachments if you do not have access to it")
def test_attachments_refuse_an_agent_outside_the_inbox(http, conversation):
    _with_attachment(http, conversation)
    outsider = agent_of(http, None)
    url = f"{A}/conversations/{conversation['id']}/attachments"
    assert http.get(url, headers=outsider["headers"]).status_code == 401


@ports(
    f"{AT} > {AUTH} > return the attachments if you are an administrator",
    f"{AT} > {AUTH} > return the attachments if you are an agent with access to inbox",
)
def test_attachments_list(http, conversation):
    message = _with_attachment(http, conversation)
    admin = agent_of(http, None, role="administrator")
    body = ok(http.get(f"{A}/conversations/{conversation['id']}/attachments", headers=admin["headers"]))
    assert len(body["payload"]) == 1 and body["meta"] == {"total_count": 1}
    assert body["payload"][0]["file_type"] == "image"
    assert body["payload"][0]["message_id"] == message["id"]
    assert body["payload"][0]["sender"]["id"] == conversation["meta"]["sender"]["id"]


@ports(f"{D} > when it is an authenticated agent > returns unauthorized")
def test_delete_refuses_an_agent(http, conversation, agent):
    response = http.delete(f"{A}/conversations/{conversation['id']}", headers=agent["headers"])
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert shown(http, conversation["id"])["id"] == conversation["id"]


@ports(
    f"{D} > when it is an authenticated administrator > successfully deletes the conversation",
    f"{D} > when it is an authenticated administrator > can delete conversations from inboxes without direct access",
)
def test_delete_by_an_administrator(http, inbox, conversation):
    admin = agent_of(http, inbox, role="administrator")
    other = conversation_in(http, new_inbox(http))  # an inbox the administrator is no member of
    for target in (conversation, other):
        response = http.delete(f"{A}/conversations/{target['id']}", headers=admin["headers"])
        assert response.status_code == 200
        assert http.get(f"{A}/conversations/{target['id']}", headers=ADMIN).status_code == 404


def test_create_with_a_team(http, inbox, agent, events):
    """Creating with team_id: the team is set (meta.team), an assignee outside the team is dropped
    (ensure_assignee_is_from_team), team.changed fires and the team activity names the creator."""
    team = ok(http.post(f"{A}/teams", json={"name": "creation team"}, headers=ADMIN))
    contact = new_contact(http, inbox_id=None)
    body = {"contact_id": contact["id"], "inbox_id": inbox, "assignee_id": agent["id"], "team_id": team["id"]}
    created = ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))
    assert created["meta"]["team"] == {**team, "is_member": False}
    assert "assignee" not in created["meta"]
    assert [e.name for e in events if e.name == "team.changed"] == ["team.changed"]
    listed = ok(http.get(f"{A}/conversations/{created['id']}/messages", headers=ADMIN))["payload"]
    assert [m["content"] for m in listed if m["message_type"] == 2] == [
        f"Assigned to {team['name']} by {agent['name']}"
    ]


@ports(f"{CI} > creates a new conversation with assignee and team")
def test_create_with_assignee_and_team(http, inbox, agent):
    # the agent is online (auto_offline false): the team drops them (no member), the round robin
    # (AutoAssignmentHandler) assigns them back
    ok(http.patch(f"{A}/agents/{agent['id']}", json={"auto_offline": False}, headers=ADMIN))
    team = ok(http.post(f"{A}/teams", json={"name": "assignee and team"}, headers=ADMIN))
    contact, source_id = _contact_inbox(http, inbox)
    body = {
        "source_id": source_id,
        "contact_id": contact["id"],
        "inbox_id": inbox,
        "assignee_id": agent["id"],
        "team_id": team["id"],
    }
    created = ok(http.post(f"{A}/conversations", json=body, headers=agent["headers"]))
    assert created["meta"]["assignee"]["name"] == agent["name"]
    assert created["meta"]["team"]["name"] == team["name"]
