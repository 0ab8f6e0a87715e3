"""send_attachment in macros and automation rules (v4.10): signed blob ids replaced by the blob's id
and attached after save, ids of blobs already attached kept on update, 422 {"error": "Invalid
attachment"} otherwise; the `files` key (file_base_data); the message the action sends; the purge
when a macro or rule is destroyed.

Source: app/controllers/concerns/attachment_concern.rb, app/controllers/api/v1/accounts/macros_controller.rb,
automation_rules_controller.rb, app/models/macro.rb and automation_rule.rb (#file_base_data),
app/views/api/v1/models/_macro.json.jbuilder, automation_rules/partials/_automation_rule.json.jbuilder,
app/services/macros/execution_service.rb and automation_rules/action_service.rb (#send_attachment),
app/builders/messages/message_builder.rb."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from fakewoot.api.action_files import MSG_INVALID_ATTACHMENT, MSG_NO_FIRST
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token
from tests.contract.test_uploads import direct_upload, path_of, put_bytes
from tests.specs.support import PLATFORM, WEB_INBOX, new_conversation, new_user

MACROS = "/api/v1/accounts/1/macros"
RULES = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
FILE_KEYS = ["id", "{owner}_id", "file_type", "account_id", "file_url", "blob_id", "filename"]
# a 3x2 PNG's signature and IHDR chunk: enough for the image analyzer
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + struct.pack(">II", 3, 2) + b"\x08\x06\x00\x00\x00"


def uploaded(client: Any, filename: str = "shot.png") -> dict[str, Any]:
    """A direct upload whose bytes arrived: the blob's JSON with its signed_id."""
    created = direct_upload(client, PNG, filename=filename)
    assert put_bytes(client, created, PNG).status_code == 204
    return created


def attach_action(blob_id: Any) -> dict[str, Any]:
    return {"action_name": "send_attachment", "action_params": [blob_id]}


def new_macro(client: Any, *blob_ids: Any, headers: dict[str, str] = ADMIN) -> dict[str, Any]:
    body = {"name": "files", "visibility": "global", "actions": [attach_action(b) for b in blob_ids]}
    response = client.post(MACROS, json=body, headers=headers)
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()["payload"]
    return payload


def new_rule(client: Any, *blob_ids: Any) -> dict[str, Any]:
    body = {
        "name": "files",
        "event_name": "conversation_created",
        "conditions": [],
        "actions": [attach_action(b) for b in blob_ids],
    }
    response = client.post(RULES, json=body, headers=ADMIN)
    assert response.status_code == 200, response.text
    rule: dict[str, Any] = response.json()
    return rule


def messages(client: Any, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    body = client.get(url, headers=ADMIN).json()
    return [m for m in body["payload"] if m["message_type"] != 2]


def assert_file(file: dict[str, Any], owner: str, owner_id: int, blob: dict[str, Any]) -> None:
    assert list(file) == [key.format(owner=owner) for key in FILE_KEYS]
    assert isinstance(file["id"], int)
    assert (file[f"{owner}_id"], file["file_type"], file["account_id"]) == (owner_id, "image/png", 1)
    assert (file["blob_id"], file["filename"]) == (blob["id"], blob["filename"])
    suffix = f"/rails/active_storage/blobs/redirect/{blob['signed_id']}/{blob['filename']}"
    assert file["file_url"].endswith(suffix)


def test_create_macro_attaches_the_signed_blob(client, fake):
    blob = uploaded(client)
    macro = new_macro(client, blob["signed_id"])
    assert macro["actions"] == [attach_action(blob["id"])]  # the signed id becomes the blob's id
    assert list(macro)[-2:] == ["actions", "files"]
    [file] = macro["files"]
    assert_file(file, "macro", macro["id"], blob)
    assert client.get(path_of(file["file_url"])).status_code == 302
    assert fake.store.blobs.get(blob["id"]).metadata["analyzed"] is True  # AnalyzeJob after attach
    shown = client.get(f"{MACROS}/{macro['id']}", headers=ADMIN).json()["payload"]
    assert shown == macro
    assert client.get(MACROS, headers=ADMIN).json()["payload"] == [macro]


def test_create_rule_attaches_every_signed_blob(client):
    first, second = uploaded(client, "a.png"), uploaded(client, "b.png")
    rule = new_rule(client, first["signed_id"], second["signed_id"])
    assert rule["actions"] == [attach_action(first["id"]), attach_action(second["id"])]
    assert list(rule)[-2:] == ["active", "files"]
    for file, blob in zip(rule["files"], (first, second), strict=True):
        assert_file(file, "automation_rule", rule["id"], blob)
    assert rule["files"][0]["id"] < rule["files"][1]["id"]
    shown = client.get(f"{RULES}/{rule['id']}", headers=ADMIN).json()["payload"]
    assert shown == rule


def test_without_files_there_is_no_files_key(client):
    body = {"name": "plain", "actions": [{"action_name": "resolve_conversation"}]}
    assert "files" not in client.post(MACROS, json=body, headers=ADMIN).json()["payload"]


@pytest.mark.parametrize("owner", ["macro", "automation_rule"])
def test_update_keeps_attached_ids_and_attaches_new_signed_ones(client, owner):
    first, second = uploaded(client, "a.png"), uploaded(client, "b.png")
    made = new_macro(client, first["signed_id"]) if owner == "macro" else new_rule(client, first["signed_id"])
    url = f"{MACROS if owner == 'macro' else RULES}/{made['id']}"
    kept = client.patch(url, json={"actions": [attach_action(str(first["id"]))]}, headers=ADMIN)
    assert kept.status_code == 200
    assert kept.json()["payload"]["actions"] == [attach_action(str(first["id"]))]  # kept as sent
    assert kept.json()["payload"]["files"] == made["files"]
    actions = [
        attach_action(first["id"]),
        attach_action(second["signed_id"]),
        attach_action(first["signed_id"]),
    ]
    grown = client.patch(url, json={"actions": actions}, headers=ADMIN).json()["payload"]
    assert grown["actions"] == [
        attach_action(first["id"]),
        attach_action(second["id"]),
        attach_action(first["id"]),
    ]
    assert [f["blob_id"] for f in grown["files"]] == [first["id"], second["id"]]  # attached once each
    assert_file(grown["files"][1], owner, made["id"], second)


def _gone_signed_id(client: Any, fake: Any) -> str:
    blob = uploaded(client)
    fake.store.blobs.purge(fake.store.blobs.get(blob["id"]))
    signed: str = blob["signed_id"]
    return signed


@pytest.mark.parametrize("url", [MACROS, RULES])
@pytest.mark.parametrize(
    ("params", "error"),
    [
        (["forged--x"], MSG_INVALID_ATTACHMENT),
        ("gone", MSG_INVALID_ATTACHMENT),  # a signed id whose blob was purged
        ([1], MSG_INVALID_ATTACHMENT),  # a blob id no record holds yet
        ([], MSG_INVALID_ATTACHMENT),
        (None, MSG_NO_FIRST.format(receiver="nil")),  # nil.first: a 500 upstream
        (7, MSG_NO_FIRST.format(receiver="an instance of Integer")),
    ],
)
def test_invalid_attachments_are_refused_on_create(client, fake, url, params, error):
    blob = uploaded(client)
    params = [_gone_signed_id(client, fake)] if params == "gone" else params
    actions = [{"action_name": "send_attachment", "action_params": params}]
    body = {"name": "x", "event_name": "conversation_created", "conditions": [], "actions": actions}
    response = client.post(url, json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {"error": error}
    assert client.get(url, headers=ADMIN).json() == {"payload": []}
    assert fake.store.blobs.get(blob["id"]) is not None


def test_invalid_attachment_on_update_changes_nothing(client):
    blob, other = uploaded(client, "a.png"), uploaded(client, "b.png")
    macro = new_macro(client, blob["signed_id"])
    url = f"{MACROS}/{macro['id']}"
    actions = [attach_action(other["signed_id"]), attach_action(other["id"])]  # other's id is not held
    response = client.put(url, json={"name": "renamed", "actions": actions}, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_ATTACHMENT})
    assert client.get(url, headers=ADMIN).json()["payload"] == macro


def test_execute_sends_the_files_as_the_users_message(client, fake):
    blob = uploaded(client)
    macro = new_macro(client, blob["signed_id"], headers=AGENT)  # jane's personal macro
    conversation = new_conversation(client)
    url = f"{MACROS}/{macro['id']}/execute"
    assert client.post(url, json={"conversation_ids": [conversation["id"]]}, headers=AGENT).status_code == 200
    [message] = messages(client, conversation)
    assert (message["content"], message["private"], message["message_type"]) == (None, False, 1)
    assert (message["sender"]["type"], message["sender"]["id"]) == ("user", 2)
    [attachment] = message["attachments"]
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    posted = client.post(url, json={"attachments": [blob["signed_id"]]}, headers=AGENT).json()
    [same] = posted["attachments"]  # what the messages API attaches from the same signed blob id
    assert {**attachment, "id": 0, "message_id": 0} == {**same, "id": 0, "message_id": 0}
    assert list(attachment) == list(same)
    stored = fake.store.blobs.get(blob["id"])
    assert (attachment["file_type"], attachment["extension"], attachment["file_size"]) == (
        "image",
        None,
        len(PNG),
    )
    assert (attachment["width"], attachment["height"]) == (3, 2)  # the blob analysed on attach
    assert (stored.metadata["width"], stored.metadata["height"]) == (3, 2)
    assert attachment["data_url"] == macro["files"][0]["file_url"]
    assert f"/rails/active_storage/representations/redirect/{blob['signed_id']}/" in attachment["thumb_url"]


def test_rule_sends_its_files_without_sender_and_a_clone_sends_none(client):
    blob = uploaded(client)
    rule = new_rule(client, blob["signed_id"])
    clone = client.post(f"{RULES}/{rule['id']}/clone", headers=ADMIN).json()["payload"]
    assert clone["actions"] == rule["actions"]
    assert "files" not in clone  # dup leaves the files behind: its send_attachment does nothing
    [message] = messages(client, new_conversation(client))
    assert (message["content"], message["private"]) == (None, False)
    assert "sender" not in message
    assert message["content_attributes"] == {}  # no automation_rule_id, unlike send_message
    assert [a["data_url"] for a in message["attachments"]] == [rule["files"][0]["file_url"]]


def test_send_attachment_sends_any_blob_once_the_owner_has_files(client, fake):
    """`ActiveStorage::Blob.where(id: blob_ids)`: the ids need not be the owner's files; unknown ids
    are dropped, and none found sends nothing (actions written as `macro.update!` would)."""
    held, stranger = uploaded(client, "held.png"), uploaded(client, "stranger.png")
    macro = new_macro(client, held["signed_id"])
    actions = [
        {"action_name": "send_attachment", "action_params": [str(stranger["id"]), 999, held["id"]]},
        {"action_name": "send_attachment", "action_params": [998]},
    ]
    fake.store.macros.update(fake.store.macros.get(1, macro["id"]), {"actions": actions}, 1)
    conversation = new_conversation(client)
    client.post(
        f"{MACROS}/{macro['id']}/execute", json={"conversation_ids": [conversation["id"]]}, headers=ADMIN
    )
    [message] = messages(client, conversation)
    names = [a["data_url"].rsplit("/", 1)[-1] for a in message["attachments"]]
    assert names == ["held.png", "stranger.png"]  # by id


def test_a_tweet_gets_no_attachment_message(client):
    blob = uploaded(client)
    macro = new_macro(client, blob["signed_id"])
    tweet = new_conversation(client, additional_attributes={"type": "tweet"})
    client.post(f"{MACROS}/{macro['id']}/execute", json={"conversation_ids": [tweet["id"]]}, headers=ADMIN)
    assert messages(client, tweet) == []


@pytest.mark.parametrize("owner", ["macro", "automation_rule"])
def test_destroy_leaves_the_blobs_messages_hold(client, fake, owner):
    sent, unsent = uploaded(client, "sent.png"), uploaded(client, "unsent.png")
    if owner == "macro":
        made = new_macro(client, sent["signed_id"], unsent["signed_id"])
        conversation = new_conversation(client)
        run = f"{MACROS}/{made['id']}/execute"
        client.post(run, json={"conversation_ids": [conversation["id"]]}, headers=ADMIN)
        url = f"{MACROS}/{made['id']}"
    else:
        made = new_rule(client, sent["signed_id"], unsent["signed_id"])
        conversation = new_conversation(client)
        url = f"{RULES}/{made['id']}"
    assert len(messages(client, conversation)) == 2  # one message per send_attachment action
    response = client.delete(url, headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.blobs.get(sent["id"]) is not None  # a message's attachment still holds it
    assert fake.store.blobs.get(unsent["id"]) is not None  # so does the second message's
    assert client.get(path_of(made["files"][0]["file_url"])).status_code == 302


def test_destroy_purges_files_later(client, fake):
    blob, shared = uploaded(client, "a.png"), uploaded(client, "b.png")
    macro = new_macro(client, blob["signed_id"], shared["signed_id"])
    rule = new_rule(client, shared["signed_id"])
    assert client.delete(f"{MACROS}/{macro['id']}", headers=ADMIN).status_code == 200
    assert fake.store.blobs.get(blob["id"]) is None  # PurgeJob ran after the response
    assert fake.store.blobs.get(shared["id"]) is not None  # the rule's file still holds it
    assert client.get(path_of(macro["files"][0]["file_url"])).status_code == 404
    assert client.delete(f"{RULES}/{rule['id']}", headers=ADMIN).status_code == 200
    assert fake.store.blobs.get(shared["id"]) is None


def test_a_web_widget_refuses_a_file_type_it_does_not_accept(client, fake):
    """Attachment#acceptable_file fails the message's save! on a web widget inbox: no message."""
    exe = fake.store.blobs.create_and_upload(
        b"MZ\x90\x00", filename="tool.exe", content_type="application/x-msdownload"
    )
    image = uploaded(client)
    macro = new_macro(client, image["signed_id"])
    actions = [attach_action(exe.id), attach_action(image["id"])]
    fake.store.macros.update(fake.store.macros.get(1, macro["id"]), {"actions": actions}, 1)
    widget = new_conversation(client, inbox_id=WEB_INBOX)
    client.post(f"{MACROS}/{macro['id']}/execute", json={"conversation_ids": [widget["id"]]}, headers=ADMIN)
    [message] = messages(client, widget)  # the second action still runs
    assert [a["data_url"].rsplit("/", 1)[-1] for a in message["attachments"]] == ["shot.png"]


def test_a_deleted_users_personal_macros_take_their_files(client, fake):
    """User#remove_macros destroys the personal macros (their files purged later); global ones stay."""
    author = new_user(client, role="administrator")
    personal, shared = uploaded(client, "mine.png"), uploaded(client, "ours.png")
    body = {"name": "mine", "visibility": "personal", "actions": [attach_action(personal["signed_id"])]}
    assert client.post(MACROS, json=body, headers=author["headers"]).status_code == 200
    new_macro(client, shared["signed_id"], headers=author["headers"])
    assert client.delete(f"/platform/api/v1/users/{author['id']}", headers=PLATFORM).status_code == 200
    assert fake.store.blobs.get(personal["id"]) is None
    assert fake.store.blobs.get(shared["id"]) is not None
