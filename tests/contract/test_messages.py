"""Messages, assignments, conversation labels and inbox members.
Source: ../shared/reference/inboxes-conversations-messages.md 3.8, 3.9, 4; messages_controller.rb,
assignments_controller.rb, labels_controller.rb, inbox_members_controller.rb, _message.json.jbuilder."""

from __future__ import annotations

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from fakewoot.events.cable_listener import CableListener
from fakewoot.store.messages import MSG_NO_METHOD
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.test_agents import assert_agent
from tests.contract.test_conversations import MESSAGE_PUSH_KEYS

# ContentAttributeValidator raises NoMethodError on missing items; MessagesController#create renders it
MSG_NO_ITEMS = MSG_NO_METHOD.format(method="reject", receiver="nil")

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
BOT = token(BOT_TOKEN)
U = "/api/v1/accounts/1/conversations"
REST_KEYS = [
    "id",
    "content",
    "inbox_id",
    "conversation_id",
    "message_type",
    "content_type",
    "status",
    "content_attributes",
    "created_at",
    "private",
    "source_id",
    "sender",
]


def assert_message(body):
    # `echo_id` only when set, `attachments` only when present, `sender` only with a sender
    assert [k for k in body if k not in ("echo_id", "attachments")] == [
        k for k in REST_KEYS if k != "sender" or body.get("message_type") != 2
    ]
    assert isinstance(body["message_type"], int) and isinstance(body["created_at"], int)


def test_list_messages_meta_and_payload(client):
    response = client.get(f"{U}/1/messages", headers=AGENT)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["meta", "payload"]
    assert list(body["meta"]) == [
        "labels",
        "additional_attributes",
        "contact",
        "assignee",
        "agent_last_seen_at",
        "assignee_last_seen_at",
    ]
    assert body["meta"]["contact"]["type"] == "contact" and body["meta"]["assignee"]["type"] == "user"
    assert [m["content"] for m in body["payload"]][:2] == [
        "Hi! Our webhook stopped receiving events since this morning.",
        "Sorry about that, Alice. Could you share the inbox id?",
    ]
    for message in body["payload"]:
        assert_message(message)
        assert message["conversation_id"] == 1  # the display id
    private = next(m for m in body["payload"] if m["private"])
    assert private["sender"]["id"] == 2


def test_message_cursors(client, fake):
    conversation = fake.store.conversations.by_display_id(1, 1)
    for i in range(45):
        fake.store.messages.create(
            conversation, message_type=1, content=f"m{i}", sender_type="User", sender_id=1
        )
    latest = client.get(f"{U}/1/messages", headers=ADMIN).json()["payload"]
    assert len(latest) == 20 and latest[-1]["content"] == "m44"
    ids = [m["id"] for m in latest]
    assert ids == sorted(ids)
    older = client.get(f"{U}/1/messages?before={ids[0]}", headers=ADMIN).json()["payload"]
    assert len(older) == 20 and older[-1]["id"] < ids[0]
    newer = client.get(f"{U}/1/messages?after={older[0]['id']}", headers=ADMIN).json()["payload"]
    assert len(newer) == 39 and newer[0]["id"] > older[0]["id"]
    between = client.get(f"{U}/1/messages?after={older[0]['id']}&before={ids[0]}", headers=ADMIN).json()[
        "payload"
    ]
    # MessageFinder#messages_between: `after` is inclusive (id >= after AND id < before)
    assert [m["id"] for m in between] == [m["id"] for m in older]


def test_create_outgoing_incoming_private_and_echo(client, fake):
    out = client.post(f"{U}/1/messages", json={"content": "On it!", "echo_id": "tmp-1"}, headers=AGENT)
    assert out.status_code == 200
    body = out.json()
    assert_message(body)
    assert (body["message_type"], body["sender"]["id"], body["echo_id"], body["private"]) == (
        1,
        2,
        "tmp-1",
        False,
    )
    incoming = client.post(
        f"{U}/1/messages", json={"content": "Thanks", "message_type": "incoming"}, headers=AGENT
    ).json()
    assert (incoming["message_type"], incoming["sender"]["type"], incoming["sender"]["id"]) == (
        0,
        "contact",
        1,
    )
    note = client.post(f"{U}/1/messages", json={"content": "call her", "private": True}, headers=AGENT).json()
    assert note["private"] is True
    card = client.post(
        f"{U}/1/messages",
        json={
            "content": "Pick",
            "content_type": "input_select",
            "content_attributes": {"items": [{"title": "A", "value": "a"}]},
        },
        headers=AGENT,
    ).json()
    assert card["content_type"] == "input_select" and card["content_attributes"]["items"][0]["value"] == "a"
    bot = client.post(f"{U}/1/messages", json={"content": "I'm a bot"}, headers=BOT).json()
    assert bot["sender"] == {"id": 1, "name": "Acme Bot", "avatar_url": "", "type": "agent_bot"}
    conversation = client.get(f"{U}/1", headers=AGENT).json()
    assert conversation["messages"][0]["content"] == "I'm a bot"
    assert conversation["last_non_activity_message"]["content"] == "I'm a bot"


def test_create_message_refusals(client, fake):
    before = fake.snapshot()
    for body, expected in (
        (
            {"content": "x", "message_type": "incoming"},
            {"error": "Incoming messages are only allowed in Api inboxes"},
        ),
        ({"content": "x", "content_type": "hologram"}, {"error": "'hologram' is not a valid content_type"}),
        ({"content": "x", "message_type": "note"}, {"error": "'note' is not a valid message_type"}),
        ({"content": "x", "private": True, "content_type": "input_select"}, {"error": MSG_NO_ITEMS}),
    ):
        response = client.post(f"{U}/2/messages", json=body, headers=ADMIN)
        assert (response.status_code, response.json()) == (422, expected)
    denied = client.post(f"{U}/2/messages", json={"content": "x"}, headers=AGENT)
    assert (denied.status_code, denied.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


def test_multipart_attachments(client):
    response = client.post(
        f"{U}/1/messages",
        data={"content": "see file"},
        files=[
            ("attachments[]", ("shot.png", b"\x89PNG fake", "image/png")),
            ("attachments[]", ("notes.txt", b"hello", "text/plain")),
        ],
        headers=AGENT,
    )
    assert response.status_code == 200, response.text
    attachments = response.json()["attachments"]
    assert [(a["file_type"], a["extension"], a["file_size"]) for a in attachments] == [
        ("image", None, 9),  # Attachment#extension stays null for API messages
        ("file", None, 5),
    ]
    assert list(attachments[0]) == [
        "id",
        "message_id",
        "file_type",
        "account_id",
        "extension",
        "data_url",
        "thumb_url",
        "file_size",
        "width",
        "height",
    ]


def test_update_status_api_inbox_only_and_soft_delete(client, fake):
    message_id = client.get(f"{U}/1/messages", headers=AGENT).json()["payload"][0]["id"]
    updated = client.patch(f"{U}/1/messages/{message_id}", json={"status": "read"}, headers=AGENT)
    assert updated.status_code == 200 and updated.json()["status"] == "read"
    widget_message = client.get(f"{U}/2/messages", headers=ADMIN).json()["payload"][0]["id"]
    refused = client.patch(f"{U}/2/messages/{widget_message}", json={"status": "read"}, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (
        403,
        {"error": "Message status update is only allowed for API inboxes"},
    )
    deleted = client.delete(f"{U}/1/messages/{message_id}", headers=AGENT)
    assert deleted.status_code == 200
    body = deleted.json()
    assert (body["content"], body["content_type"], body["content_attributes"]) == (
        "This message was deleted",
        "text",
        {"deleted": True},
    )
    assert client.delete(f"{U}/1/messages/999999", headers=AGENT).json() == {"error": MSG_NOT_FOUND}
    assert (
        client.delete(f"{U}/1/messages/{widget_message}", headers=AGENT).status_code == 404
    )  # another conversation


def test_assignments(client, fake):
    assigned = client.post(f"{U}/2/assignments", json={"assignee_id": 2}, headers=ADMIN)
    assert assigned.status_code == 200
    assert_agent(assigned.json())
    assert client.get(f"{U}/2", headers=ADMIN).json()["meta"]["assignee"]["id"] == 2
    unassigned = client.post(f"{U}/2/assignments", json={"assignee_id": None}, headers=ADMIN)
    assert (unassigned.status_code, unassigned.json()) == (200, None)
    assert "assignee" not in client.get(f"{U}/2", headers=ADMIN).json()["meta"]
    assert (
        client.post(f"{U}/2/assignments", json={"assignee_id": 3}, headers=ADMIN).json() is None
    )  # not a member
    activities = [
        m["content"]
        for m in client.get(f"{U}/2/messages", headers=ADMIN).json()["payload"]
        if m["message_type"] == 2
    ]
    assert activities[-2:] == ["Assigned to Jane by John", "Conversation unassigned by John"]
    # a team_id assigns the team (teams area, commit 3fe3c24): `render json: @team`
    assert client.post(f"{U}/2/assignments", json={"team_id": 1}, headers=ADMIN).json()["id"] == 1
    self_assigned = client.post(f"{U}/1/assignments", json={"assignee_id": 1}, headers=ADMIN)
    assert self_assigned.json()["id"] == 1


def test_conversation_labels_replace(client):
    assert client.get(f"{U}/1/labels", headers=AGENT).json() == {"payload": ["support"]}
    response = client.post(f"{U}/1/labels", json={"labels": ["billing", "vip", "billing"]}, headers=AGENT)
    assert response.json() == {"payload": ["billing", "vip"]}
    assert client.get(f"{U}/1", headers=AGENT).json()["labels"] == ["billing", "vip"]
    activities = [
        m["content"]
        for m in client.get(f"{U}/1/messages", headers=AGENT).json()["payload"]
        if m["message_type"] == 2
    ]
    assert activities == ["Jane added billing, vip", "Jane removed support"]


def test_inbox_members(client, fake):
    M = "/api/v1/accounts/1/inbox_members"
    shown = client.get(f"{M}/1", headers=AGENT)
    assert shown.status_code == 200
    assert [a["id"] for a in shown.json()["payload"]] == [2]
    assert client.get(f"{M}/2", headers=AGENT).status_code == 401  # not a member of inbox 2
    added = client.post(M, json={"inbox_id": 2, "user_ids": [2]}, headers=ADMIN)
    assert sorted(a["id"] for a in added.json()["payload"]) == [1, 2]
    assert [
        c["inbox_id"] for c in client.get(f"{U}?status=all", headers=AGENT).json()["data"]["payload"]
    ] == [1, 2, 2]
    replaced = client.patch(M, json={"inbox_id": 2, "user_ids": [1]}, headers=ADMIN).json()["payload"]
    assert [a["id"] for a in replaced] == [1]
    bad = client.post(M, json={"inbox_id": 2, "user_ids": [999]}, headers=ADMIN)  # no such user
    assert (bad.status_code, bad.json()) == (422, {"message": "User must exist", "attributes": ["user"]})
    removed = client.request("DELETE", M, json={"inbox_id": 2, "user_ids": [1]}, headers=ADMIN)
    assert (removed.status_code, removed.content) == (200, b"")
    # a non-member id is ignored (inbox_members area, commit b65d8ee)
    again = client.request("DELETE", M, json={"inbox_id": 2, "user_ids": [1]}, headers=ADMIN)
    assert (again.status_code, again.content) == (200, b"")
    assert client.post(M, json={"inbox_id": 2, "user_ids": [2]}, headers=AGENT).status_code == 401
    assert client.get(f"{M}/99", headers=ADMIN).status_code == 404


def test_cable_recipients_and_payloads(client, fake):
    sent = []
    unsubscribe = fake.bus.subscribe(
        CableListener(fake.store, lambda streams, message: sent.append((streams, message)))
    )
    try:
        client.post(f"{U}/1/messages", json={"content": "public"}, headers=AGENT)
        client.post(f"{U}/1/messages", json={"content": "note", "private": True}, headers=AGENT)
        client.post(f"{U}/1/toggle_typing_status", json={"typing_status": "on"}, headers=AGENT)
    finally:
        unsubscribe()
    john, jane = fake.store.users.get(1).pubsub_token, fake.store.users.get(2).pubsub_token
    record = fake.store.account(1).contact_inboxes.get(
        fake.store.conversations.by_display_id(1, 1).contact_inbox_id
    )
    widget = fake.store.contact_inboxes.pubsub_token(record)
    created = [(streams, m) for streams, m in sent if m["event"] == "message.created"]
    assert sorted(created[0][0]) == sorted([jane, john, widget])  # inbox members + admins + the contact
    assert widget not in created[1][0]  # private notes never reach the contact
    data = created[0][1]["data"]
    assert [k for k in data if k not in ("sender", "performer")] == MESSAGE_PUSH_KEYS
    assert (data["account_id"], data["performer"]["id"], data["conversation_id"]) == (1, 2, 1)
    typing = next((streams, m) for streams, m in sent if m["event"] == "conversation.typing_on")
    assert jane not in typing[0] and john in typing[0] and widget in typing[0]  # not the typer
    # the typing agent is the performer (cable area, commit e2bc43d)
    assert list(typing[1]["data"]) == ["conversation", "user", "is_private", "account_id", "performer"]


def test_reopen_without_a_signed_in_user_writes_no_activity(client, fake):
    """A contact's message reopening a resolved web widget conversation with nobody signed in
    (Current.user nil, not an API inbox): ActivityMessageHandler has no name, so no activity."""
    conversation = fake.store.conversations.by_display_id(1, 2)  # Acme Website (web widget)
    assert client.post(f"{U}/2/toggle_status", json={"status": "resolved"}, headers=ADMIN).status_code == 200
    fake.store.messages.create(
        conversation,
        message_type=0,
        content="hello again",
        sender_type="Contact",
        sender_id=conversation.contact_id,
    )
    assert client.get(f"{U}/2", headers=ADMIN).json()["status"] == "open"
    listed = client.get(f"{U}/2/messages", headers=ADMIN).json()["payload"]
    assert listed[-1]["content"] == "hello again"
    assert [m["content"] for m in listed if m["message_type"] == 2][
        -1
    ] == "Conversation was marked resolved by John"


def test_integer_enum_values(client):
    """Rails enums take their integer values; the builder then compares the raw param with the strings
    'incoming'/'outgoing', so an integer message_type skips the API-inbox check and the contact sends."""
    body = client.post(
        f"{U}/2/messages", json={"content": "x", "message_type": 1, "content_type": 11}, headers=ADMIN
    )
    assert body.status_code == 200, body.text
    message = body.json()
    assert (message["message_type"], message["content_type"], message["sender"]["type"]) == (
        1,
        "sticker",
        "contact",
    )
    incoming = client.post(f"{U}/2/messages", json={"content": "x", "message_type": 0}, headers=ADMIN)
    assert (incoming.status_code, incoming.json()["message_type"]) == (200, 0)
    refused = client.post(f"{U}/2/messages", json={"content": "x", "message_type": "1"}, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (422, {"error": "'1' is not a valid message_type"})


def test_processed_message_content_is_taken_before_liquid(client):
    """ensure_processed_message_content is a before_save, Liquid a before_create: on create the push
    shape's processed_message_content keeps the template text; the next save takes the rendered one."""
    sent = client.post(f"{U}/1/messages", json={"content": "hey {{contact.name}}"}, headers=ADMIN).json()
    pushed = client.get(f"{U}/1", headers=ADMIN).json()["messages"][0]
    assert (sent["content"], pushed["content"]) == ("hey Alice Johnson", "hey Alice Johnson")
    assert pushed["processed_message_content"] == "hey {{contact.name}}"
    client.patch(f"{U}/1/messages/{sent['id']}", json={"status": "delivered"}, headers=ADMIN)
    pushed = client.get(f"{U}/1", headers=ADMIN).json()["messages"][0]
    assert pushed["processed_message_content"] == "hey Alice Johnson"
