"""/api/v1/accounts/:id/macros (v4.10): visibility (global, personal to the author; an agent's macro is
always personal), MacroPolicy's 401s, the `payload` wrapper and the _macro partial's keys, validation
bodies, and execute running after the response as the caller (activities name them).

Source: app/controllers/api/v1/accounts/macros_controller.rb, app/policies/macro_policy.rb,
app/models/macro.rb, app/views/api/v1/models/_macro.json.jbuilder, macros_execution_job.rb,
macros/execution_service.rb."""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot.api.action_files import MSG_INVALID_ATTACHMENT
from fakewoot.automation.actions import MACRO_WEBHOOK_EVENT, TRANSCRIPT_MAIL
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.store.conversations import ACTIVITY_ASSIGNED, ACTIVITY_LABELS_ADDED, ACTIVITY_STATUS
from fakewoot.store.macros import MSG_ACTIONS_UNSUPPORTED, MSG_INVALID_ENUM
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape
from tests.contract.test_agents import assert_agent
from tests.specs.support import new_conversation

URL = "/api/v1/accounts/1/macros"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
MACRO_KEYS: dict[str, Any] = {
    "id": int,
    "name": str,
    "visibility": (str, type(None)),
    "created_by": dict,
    "updated_by": dict,
    "account_id": int,
    "actions": list,
}
LABEL_ACTION = [{"action_name": "add_label", "action_params": ["vip"]}]


def _create(client, headers=ADMIN, **body) -> dict:
    body = {"name": "Tag VIP", "actions": LABEL_ACTION, "visibility": "global", **body}
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["payload"]


def _conversation(client) -> dict:
    return new_conversation(client)


def _messages(client, display_id: int) -> list[dict]:
    url = f"/api/v1/accounts/1/conversations/{display_id}/messages"
    return client.get(url, headers=ADMIN).json()["payload"]


def test_create_answers_the_macro_in_a_payload(client):
    macro = _create(client)
    assert list(macro) == list(MACRO_KEYS)
    assert_shape(macro, MACRO_KEYS)
    assert macro["name"] == "Tag VIP"
    assert macro["visibility"] == "global"
    assert macro["actions"] == LABEL_ACTION
    assert macro["account_id"] == 1
    assert macro["created_by"]["id"] == 1
    assert macro["updated_by"]["id"] == 1
    assert_agent(macro["created_by"])


def test_an_agents_macro_is_personal_whatever_was_asked(client):
    macro = _create(client, headers=AGENT, visibility="global")
    assert macro["visibility"] == "personal"
    assert macro["created_by"]["id"] == 2


def test_an_administrator_without_visibility_leaves_it_null(client):
    """set_visibility assigns params[:visibility] as is: nil for an administrator who sent none."""
    body = {"name": "n", "actions": LABEL_ACTION}
    macro = client.post(URL, json=body, headers=ADMIN).json()["payload"]
    assert macro["visibility"] is None


def test_index_lists_global_and_own_personal_by_id(client):
    mine = _create(client, headers=AGENT)
    admin_personal = _create(client, visibility="personal")
    shared = _create(client)
    listed = client.get(URL, headers=AGENT).json()
    assert list(listed) == ["payload"]
    assert [m["id"] for m in listed["payload"]] == [mine["id"], shared["id"]]
    admin_view = client.get(URL, headers=ADMIN).json()["payload"]
    assert [m["id"] for m in admin_view] == [admin_personal["id"], shared["id"]]


def test_show_a_global_macro_to_anyone_and_a_personal_one_to_its_author(client):
    personal = _create(client, visibility="personal")
    shared = _create(client)
    response = client.get(f"{URL}/{shared['id']}", headers=AGENT)
    assert response.status_code == 200
    assert response.json() == {"payload": shared}
    refused = client.get(f"{URL}/{personal['id']}", headers=AGENT)
    assert refused.status_code == 401
    assert refused.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}


def test_show_an_unknown_macro_is_an_empty_404(client):
    response = client.get(f"{URL}/999", headers=ADMIN)
    assert response.status_code == 404
    assert response.content == b""


def test_unsupported_action_is_refused_with_the_models_message(client):
    body = {"name": "x", "actions": [{"action_name": "explode"}, {"action_name": "open_conversation"}]}
    response = client.post(URL, json=body, headers=ADMIN)
    assert response.status_code == 422
    message = MSG_ACTIONS_UNSUPPORTED.format(names="explode,open_conversation")
    assert response.json() == {"error": {"actions": [message]}}
    assert client.get(URL, headers=ADMIN).json() == {"payload": []}


def test_an_attachment_action_with_a_forged_signed_id_is_refused(client):
    body = {"name": "x", "actions": [{"action_name": "send_attachment", "action_params": ["signed"]}]}
    response = client.post(URL, json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {"error": MSG_INVALID_ATTACHMENT}


def test_an_unknown_visibility_is_a_422_not_a_500(client):
    response = client.post(URL, json={"name": "x", "actions": [], "visibility": "team"}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {"error": MSG_INVALID_ENUM.format(value="team", attr="visibility")}


def test_update_by_author_and_by_administrator_of_a_global_macro(client):
    shared = _create(client, headers=AGENT)  # personal (agent)
    response = client.patch(f"{URL}/{shared['id']}", json={"name": "Renamed"}, headers=AGENT)
    assert response.status_code == 200
    body = response.json()["payload"]
    assert body["name"] == "Renamed"
    assert body["visibility"] == "personal"
    refused = client.patch(f"{URL}/{shared['id']}", json={"name": "x"}, headers=ADMIN)
    assert refused.status_code == 401
    assert refused.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}
    own_global = _create(client)
    again = client.put(
        f"{URL}/{own_global['id']}", json={"name": "Shared", "visibility": "global"}, headers=ADMIN
    )
    assert again.json()["payload"]["visibility"] == "global"
    assert again.json()["payload"]["name"] == "Shared"


def test_update_with_a_bad_action_keeps_the_macro(client):
    macro = _create(client)
    bad = {"actions": [{"action_name": "explode"}], "visibility": "global"}
    response = client.patch(f"{URL}/{macro['id']}", json=bad, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {"error": {"actions": [MSG_ACTIONS_UNSUPPORTED.format(names="explode")]}}
    assert client.get(f"{URL}/{macro['id']}", headers=ADMIN).json() == {"payload": macro}


def test_update_or_destroy_an_unknown_macro_is_a_422(client):
    for method in ("PATCH", "DELETE"):
        response = client.request(method, f"{URL}/999", json={"name": "x"}, headers=ADMIN)
        assert response.status_code == 422, method
        assert response.json() == {"error": MSG_NOT_FOUND} or response.json() == {"error": {}}


def test_destroy_by_author_only(client):
    macro = _create(client, headers=AGENT)
    refused = client.delete(f"{URL}/{macro['id']}", headers=ADMIN)
    assert refused.status_code == 401
    response = client.delete(f"{URL}/{macro['id']}", headers=AGENT)
    assert response.status_code == 200
    assert response.content == b""
    assert client.get(URL, headers=AGENT).json() == {"payload": []}


def test_execute_runs_after_the_response_as_the_caller(client, fake, events):
    conversation = _conversation(client)
    actions = [
        {"action_name": "add_label", "action_params": ["vip", "billing"]},
        {"action_name": "assign_agent", "action_params": [2]},
        {"action_name": "send_message", "action_params": ["Hello from a macro"]},
        {"action_name": "add_private_note", "action_params": ["internal"]},
        {"action_name": "change_priority", "action_params": ["high"]},
        {"action_name": "resolve_conversation"},
    ]
    macro = _create(client, actions=actions)
    url = f"{URL}/{macro['id']}/execute"
    response = client.post(url, json={"conversation_ids": [conversation["id"]]}, headers=ADMIN)
    assert response.status_code == 200
    assert response.content == b""
    shown = client.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN).json()
    assert shown["labels"] == ["vip", "billing"]
    assert shown["meta"]["assignee"]["id"] == 2
    assert shown["status"] == "resolved"
    assert shown["priority"] == "high"
    messages = _messages(client, conversation["id"])
    contents = [m["content"] for m in messages]
    assert ACTIVITY_LABELS_ADDED.format(user="John", labels="vip, billing") in contents
    assert ACTIVITY_ASSIGNED.format(assignee="Jane", user="John") in contents
    assert ACTIVITY_STATUS["resolved"].format(user="John") in contents
    sent = next(m for m in messages if m["content"] == "Hello from a macro")
    assert sent["sender"]["id"] == 1
    assert sent["message_type"] == 1
    assert sent["private"] is False
    note = next(m for m in messages if m["content"] == "internal")
    assert note["private"] is True
    names = [e.name for e in events]
    assert "message.created" in names
    assert "conversation.status_changed" in names


def test_execute_self_assigns_with_self(client):
    conversation = new_conversation(client, inbox_id=2)
    macro = _create(client, actions=[{"action_name": "assign_agent", "action_params": ["self"]}])
    client.post(
        f"{URL}/{macro['id']}/execute", json={"conversation_ids": [conversation["id"]]}, headers=ADMIN
    )
    shown = client.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN).json()
    assert shown["meta"]["assignee"]["id"] == 1


def test_execute_someone_elses_personal_macro_is_refused(client):
    macro = _create(client, visibility="personal")
    conversation = _conversation(client)
    response = client.post(
        f"{URL}/{macro['id']}/execute", json={"conversation_ids": [conversation["id"]]}, headers=AGENT
    )
    assert response.status_code == 401
    assert response.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}
    shown = client.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN).json()
    assert shown["labels"] == []


def test_execute_an_unknown_macro_answers_200_and_does_nothing(client):
    response = client.post(f"{URL}/999/execute", json={"conversation_ids": [1]}, headers=ADMIN)
    assert response.status_code == 200


def test_execute_sends_transcripts_and_webhooks(client, fake):
    conversation = _conversation(client)
    actions = [
        {"action_name": "send_email_transcript", "action_params": ["a@example.test, b@example.test"]},
        {"action_name": "send_webhook_event", "action_params": ["http://127.0.0.1:9/macro-hook"]},
    ]
    macro = _create(client, actions=actions)
    client.post(
        f"{URL}/{macro['id']}/execute", json={"conversation_ids": [conversation["id"]]}, headers=ADMIN
    )
    mails = fake.store.mailer.outbox(template=TRANSCRIPT_MAIL)
    assert [m.to for m in mails] == ["a@example.test", "b@example.test"]
    [delivery] = fake.deliveries.find(url="http://127.0.0.1:9/macro-hook")
    assert delivery.payload()["event"] == MACRO_WEBHOOK_EVENT
    assert delivery.payload()["id"] == conversation["id"]


def test_agents_of_another_account_and_bots_are_refused(client):
    for headers, body in (
        (token(OTHER_ADMIN_TOKEN), {"error": MSG_NOT_AUTHORIZED_ACCOUNT}),
        (token(BOT_TOKEN), {"error": MSG_BOTS_NOT_AUTHORIZED}),
    ):
        response = client.get(URL, headers=headers)
        assert response.status_code == 401
        assert response.json() == body


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"name": "x", "actions": []}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"name": "x"}),
    ("DELETE", f"{URL}/1", None),
    ("POST", f"{URL}/1/execute", {"conversation_ids": [1]}),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    assert_refuses_strangers(client, method, url, json=body)
