"""Port of spec/controllers/api/v1/accounts/macros_controller_spec.rb (v4.10)."""

from __future__ import annotations

from typing import Any

from fakewoot.api.action_files import MSG_INVALID_ATTACHMENT
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION
from fakewoot.store.conversations import ACTIVITY_ASSIGNED
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, PLATFORM, add_inbox_member, new_conversation, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/macros_controller_spec.rb"
UPSTREAM_ITS = 34
INDEX = "GET /api/v1/accounts/{account.id}/macros"
CREATE = "POST /api/v1/accounts/{account.id}/macros"
UPDATE = "PUT /api/v1/accounts/{account.id}/macros/{macro.id}"
SHOW = "GET /api/v1/accounts/{account.id}/macros/{macro.id}"
EXECUTE = "POST /api/v1/accounts/{account.id}/macros/{macro.id}/execute"
DESTROY = "DELETE /api/v1/accounts/{account.id}/macros/{macro.id}"
AUTHED = " > when it is an authenticated user > "
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
RUN = EXECUTE + AUTHED + "when execute the macro > "
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/macros"
AVATAR = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24  # spec/assets/avatar.png stands in as a PNG
PARAMS: dict[str, Any] = {
    "name": "Add label, send message and close the chat, remove label",
    "actions": [
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
        {"action_name": "remove_assigned_team"},
        {"action_name": "send_message", "action_params": ["Welcome to the chatwoot platform."]},
        {"action_name": "resolve_conversation"},
        {"action_name": "remove_label", "action_params": ["support"]},
    ],
    "visibility": "global",
}


def _macro(http, user: dict, visibility: str = "personal", actions: list | None = None) -> dict:
    """`create(:macro, created_by:, updated_by:, visibility:)`, through the API as that user (only an
    administrator makes a global macro over HTTP: an agent's is always personal)."""
    body = {"name": "Macro", "visibility": visibility, "actions": actions or PARAMS["actions"][:1]}
    return ok(http.post(URL, json=body, headers=user["headers"]))["payload"]


def _world(http) -> dict[str, dict]:
    """The spec's `before`: six macros of an administrator, an agent and agent_1."""
    users = {
        "administrator": new_user(http, role="administrator"),
        "agent": new_user(http),
        "agent_1": new_user(http),
    }
    admin = users["administrator"]
    for visibility in ("global", "global", "personal"):
        _macro(http, admin, visibility)
    for owner in ("agent", "agent", "agent_1"):
        _macro(http, users[owner])
    return users


@ports(INDEX + " > when it is an authenticated administrator > returns all records in the account")
def test_an_administrator_lists_global_and_own_macros(http):
    users = _world(http)
    admin = users["administrator"]
    listed = ok(http.get(URL, headers=admin["headers"]))["payload"]
    assert len(listed) == 3
    assert [m["visibility"] for m in listed] == ["global", "global", "personal"]
    assert all(m["created_by"]["id"] == admin["id"] for m in listed)
    assert [m["id"] for m in listed] == sorted(m["id"] for m in listed)


@ports(
    INDEX + " > when it is an authenticated agent > returns all records in account and created_by the agent"
)
def test_an_agent_lists_global_and_own_macros(http):
    users = _world(http)
    agent = users["agent"]
    listed = ok(http.get(URL, headers=agent["headers"]))["payload"]
    assert len(listed) == 4
    owners = [m["created_by"]["id"] for m in listed]
    assert owners == [users["administrator"]["id"]] * 2 + [agent["id"]] * 2
    assert listed[0]["id"] < listed[-1]["id"]


@ports(
    INDEX + UNAUTH,
    CREATE + UNAUTH,
    UPDATE + UNAUTH,
    SHOW + UNAUTH,
    EXECUTE + UNAUTH,
)
def test_unauthenticated_calls_are_refused(http):
    macro = _macro(http, new_user(http, role="administrator"))
    for method, url in (
        ("POST", URL),
        ("PUT", f"{URL}/{macro['id']}"),
        ("GET", f"{URL}/{macro['id']}"),
        ("POST", f"{URL}/{macro['id']}/execute"),
    ):
        assert http.request(method, url).status_code == 401, (method, url)


@ports(CREATE + AUTHED + "creates the macro")
def test_create_macro(http):
    admin = new_user(http, role="administrator")
    body = ok(http.post(URL, json=PARAMS, headers=admin["headers"]))["payload"]
    assert body["name"] == PARAMS["name"]
    assert body["visibility"] == "global"
    assert body["created_by"]["id"] == admin["id"]


@ports(CREATE + AUTHED + "sets visibility default to personal for agent")
def test_an_agents_macro_is_personal(http):
    agent = new_user(http)
    body = ok(http.post(URL, json=PARAMS, headers=agent["headers"]))["payload"]
    assert body["name"] == PARAMS["name"]
    assert body["visibility"] == "personal"
    assert body["created_by"]["id"] == agent["id"]


@ports(CREATE + AUTHED + "returns error for invalid attachment blob_id")
def test_create_with_an_invalid_blob_is_refused(http):
    admin = new_user(http, role="administrator")
    actions = [{"action_name": "send_attachment", "action_params": ["invalid_blob_id"]}]
    response = http.post(URL, json={**PARAMS, "actions": actions}, headers=admin["headers"])
    assert response.status_code == 422
    assert response.json()["error"] == MSG_INVALID_ATTACHMENT
    assert ok(http.get(URL, headers=admin["headers"]))["payload"] == []


@ports(UPDATE + AUTHED + "Updates the macro")
def test_update_macro(http):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin)
    name = "Add label, send message and close the chat"
    body = ok(http.put(f"{URL}/{macro['id']}", json={"name": name}, headers=admin["headers"]))
    assert body["payload"]["name"] == name


@ports(UPDATE + AUTHED + "Unauthorize to update the macro")
def test_update_someone_elses_macro_is_refused(http):
    agent, agent_1 = new_user(http), new_user(http)
    macro = _macro(http, agent)
    response = http.put(f"{URL}/{macro['id']}", json={"name": "x"}, headers=agent_1["headers"])
    assert response.status_code == 401
    assert response.json()["error"] == MSG_NOT_AUTHORIZED_ACTION


@ports(UPDATE + AUTHED + "returns error for invalid blob_id on update")
def test_update_with_an_invalid_blob_is_refused(http):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin)
    actions = [{"action_name": "send_attachment", "action_params": [999_999]}]
    response = http.put(f"{URL}/{macro['id']}", json={"actions": actions}, headers=admin["headers"])
    assert response.status_code == 422
    assert response.json()["error"] == MSG_INVALID_ATTACHMENT


@ports(SHOW + AUTHED + "fetch the macro")
def test_show_macro(http):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin)
    body = ok(http.get(f"{URL}/{macro['id']}", headers=admin["headers"]))["payload"]
    assert body["name"] == macro["name"]
    assert body["created_by"]["id"] == admin["id"]


@ports(SHOW + AUTHED + "return not_found status when macros not available")
def test_show_unknown_macro(http):
    admin = new_user(http, role="administrator")
    assert http.get(f"{URL}/15", headers=admin["headers"]).status_code == 404


@ports(SHOW + AUTHED + "Unauthorize to fetch other agents private macro")
def test_show_someone_elses_personal_macro_is_refused(http):
    agent, agent_1 = new_user(http), new_user(http)
    macro = _macro(http, agent)
    response = http.get(f"{URL}/{macro['id']}", headers=agent_1["headers"])
    assert response.status_code == 401
    assert response.json()["error"] == MSG_NOT_AUTHORIZED_ACTION


@ports(SHOW + AUTHED + "authorize to fetch other agents public macro")
def test_show_a_global_macro_to_another_agent(http):
    """Over HTTP an agent's macro is always personal: the global one is an administrator's."""
    admin, agent_1 = new_user(http, role="administrator"), new_user(http)
    macro = _macro(http, admin, "global")
    assert http.get(f"{URL}/{macro['id']}", headers=agent_1["headers"]).status_code == 200


def _execute_world(http) -> dict[str, Any]:
    """The execute `before`: user_1 in a team and the inbox; the macro's six actions."""
    admin = new_user(http, role="administrator")
    user_1 = new_user(http)
    inbox = ok(
        http.post(
            "/api/v1/accounts/1/inboxes", json={"name": "Spec", "channel": {"type": "api"}}, headers=ADMIN
        )
    )
    add_inbox_member(http, inbox["id"], user_1["id"])
    team = ok(http.post("/api/v1/accounts/1/teams", json={"name": "spec team"}, headers=ADMIN))
    ok(
        http.post(
            f"/api/v1/accounts/1/teams/{team['id']}/team_members",
            json={"user_ids": [user_1["id"]]},
            headers=ADMIN,
        )
    )
    actions = [
        {"action_name": "assign_team", "action_params": [team["id"]]},
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
        {"action_name": "snooze_conversation"},
        {"action_name": "assign_agent", "action_params": [user_1["id"]]},
        {"action_name": "send_message", "action_params": ["Send this message."]},
        {
            "action_name": "add_private_note",
            "action_params": ["We are sending greeting message to customer."],
        },
    ]
    macro = _macro(http, admin, "personal", actions)
    conversation = new_conversation(http, inbox_id=inbox["id"])
    return {
        "admin": admin,
        "user_1": user_1,
        "team": team,
        "macro": macro,
        "conversation": conversation,
        "inbox": inbox,
    }


def _run(http, world: dict[str, Any], macro: dict | None = None) -> None:
    macro = macro or world["macro"]
    url = f"{URL}/{macro['id']}/execute"
    ok(
        http.post(
            url, json={"conversation_ids": [world["conversation"]["id"]]}, headers=world["admin"]["headers"]
        )
    )


def _messages(http, world: dict[str, Any]) -> list[dict]:
    url = f"/api/v1/accounts/1/conversations/{world['conversation']['id']}/messages"
    return ok(http.get(url, headers=ADMIN))["payload"]


def _conversation(http, world: dict[str, Any]) -> dict:
    return ok(http.get(f"/api/v1/accounts/1/conversations/{world['conversation']['id']}", headers=ADMIN))


@ports(RUN + "send the message with sender")
def test_execute_sends_the_message_as_the_caller(http):
    world = _execute_world(http)
    assert [m for m in _messages(http, world) if m["message_type"] in (0, 1)] == []
    _run(http, world)
    chat = [m for m in _messages(http, world) if m["message_type"] in (0, 1) and not m["private"]]
    assert chat[-1]["content"] == "Send this message."
    assert chat[-1]["sender"]["id"] == world["admin"]["id"]


@ports(RUN + "Assign the agent when he is inbox member")
def test_execute_assigns_an_inbox_member(http):
    world = _execute_world(http)
    _run(http, world)
    activities = [m["content"] for m in _messages(http, world) if m["message_type"] == 2]
    expected = ACTIVITY_ASSIGNED.format(assignee=world["user_1"]["name"], user=world["admin"]["name"])
    assert activities[-1] == expected


@ports(RUN + "Assign the agent when he is not inbox member")
def test_execute_does_not_assign_an_outsider(http):
    world = _execute_world(http)
    url = "/api/v1/accounts/1/inbox_members"
    body = {"inbox_id": world["inbox"]["id"], "user_ids": [world["user_1"]["id"]]}
    assert http.request("DELETE", url, json=body, headers=ADMIN).status_code == 200
    _run(http, world)
    activities = [m["content"] for m in _messages(http, world) if m["message_type"] == 2]
    unexpected = ACTIVITY_ASSIGNED.format(assignee=world["user_1"]["name"], user=world["admin"]["name"])
    assert activities[-1] != unexpected
    assert unexpected not in activities


@ports(RUN + "Assign the labels")
def test_execute_adds_labels(http):
    world = _execute_world(http)
    _run(http, world)
    assert sorted(_conversation(http, world)["labels"]) == ["priority_customer", "support"]


@ports(RUN + "Update the status")
def test_execute_snoozes(http):
    world = _execute_world(http)
    assert _conversation(http, world)["status"] == "open"
    _run(http, world)
    assert _conversation(http, world)["status"] == "snoozed"


@ports(RUN + "Remove selected label")
def test_execute_removes_a_label(http):
    world = _execute_world(http)
    admin = world["admin"]
    macro = ok(
        http.put(
            f"{URL}/{world['macro']['id']}",
            json={"actions": [{"action_name": "remove_label", "action_params": ["support"]}]},
            headers=admin["headers"],
        )
    )["payload"]
    labels_url = f"/api/v1/accounts/1/conversations/{world['conversation']['id']}/labels"
    ok(http.post(labels_url, json={"labels": ["support", "priority_customer"]}, headers=ADMIN))
    _run(http, world, macro)
    assert _conversation(http, world)["labels"] == ["priority_customer"]


@ports(RUN + "Adds the private note")
def test_execute_adds_a_private_note(http):
    world = _execute_world(http)
    _run(http, world)
    last = _messages(http, world)[-1]
    assert last["content"] == "We are sending greeting message to customer."
    assert last["sender"]["id"] == world["admin"]["id"]
    assert last["private"] is True


@ports(RUN + "Assign the team if team_ids are present")
def test_execute_assigns_the_team(http):
    world = _execute_world(http)
    _run(http, world)
    assert _conversation(http, world)["meta"]["team"]["id"] == world["team"]["id"]


@ports(RUN + "Unassign the team")
def test_execute_unassigns_the_team(http):
    world = _execute_world(http)
    admin = world["admin"]
    macro = ok(
        http.put(
            f"{URL}/{world['macro']['id']}",
            json={"actions": [{"action_name": "remove_assigned_team"}]},
            headers=admin["headers"],
        )
    )["payload"]
    assign_url = f"/api/v1/accounts/1/conversations/{world['conversation']['id']}/assignments"
    ok(http.post(assign_url, json={"team_id": world["team"]["id"]}, headers=ADMIN))
    assert _conversation(http, world)["meta"]["team"]["id"] == world["team"]["id"]
    _run(http, world, macro)
    assert (
        "team" not in _conversation(http, world)["meta"] or _conversation(http, world)["meta"]["team"] is None
    )


@ports(DESTROY + AUTHED + "Deletes the macro")
def test_destroy_macro(http):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin)
    assert http.delete(f"{URL}/{macro['id']}", headers=admin["headers"]).status_code == 200


def _orphan(http) -> tuple[dict, dict]:
    """A global macro whose author is destroyed (created_by nullified). Over HTTP only an
    administrator makes a global macro; the platform API destroys the user."""
    author = new_user(http, role="administrator")
    macro = _macro(http, author, "global")
    assert http.delete(f"/platform/api/v1/users/{author['id']}", headers=PLATFORM).status_code == 200
    shown = ok(http.get(f"{URL}/{macro['id']}", headers=ADMIN))["payload"]
    assert "created_by" not in shown
    return macro, author


@ports(DESTROY + AUTHED + "deletes the orphan public record with admin credentials")
def test_an_administrator_deletes_an_orphan_global_macro(http):
    macro, _ = _orphan(http)
    assert http.delete(f"{URL}/{macro['id']}", headers=ADMIN).status_code == 200


@ports(DESTROY + AUTHED + "can not delete orphan public record with agent credentials")
def test_an_agent_cannot_delete_an_orphan_global_macro(http):
    macro, _ = _orphan(http)
    agent_1 = new_user(http)
    response = http.delete(f"{URL}/{macro['id']}", headers=agent_1["headers"])
    assert response.status_code == 401
    assert response.json()["error"] == MSG_NOT_AUTHORIZED_ACTION


@ports(DESTROY + AUTHED + "Unauthorize to delete the macro")
def test_deleting_someone_elses_macro_is_refused(http):
    agent, agent_1 = new_user(http), new_user(http)
    macro = _macro(http, agent)
    response = http.delete(f"{URL}/{macro['id']}", headers=agent_1["headers"])
    assert response.status_code == 401
    assert response.json()["error"] == MSG_NOT_AUTHORIZED_ACTION


# --- send_attachment: `ActiveStorage::Blob.create_and_upload!(avatar.png)` is the store's verb ------


def _blob_signed_id(fake) -> tuple[int, str]:
    blob = fake.store.blobs.create_and_upload(AVATAR, filename="avatar.png", content_type="image/png")
    return blob.id, fake.store.blobs.signed_id(blob)


def _attach(blob: Any) -> dict[str, Any]:
    return {"action_name": "send_attachment", "action_params": [blob]}


@ports(CREATE + AUTHED + "Saves file in the macros actions to send an attachments")
def test_create_attaches_the_file(http, fake):
    admin = new_user(http, role="administrator")
    blob_id, signed = _blob_signed_id(fake)
    actions = [PARAMS["actions"][2], _attach(signed)]
    macro = ok(http.post(URL, json={**PARAMS, "actions": actions}, headers=admin["headers"]))["payload"]
    [file] = macro["files"]
    assert (file["macro_id"], file["blob_id"], file["filename"]) == (macro["id"], blob_id, "avatar.png")


@ports(CREATE + AUTHED + "stores the original blob_id in action_params after create")
def test_create_stores_the_blob_id(http, fake):
    admin = new_user(http, role="administrator")
    blob_id, signed = _blob_signed_id(fake)
    macro = ok(http.post(URL, json={**PARAMS, "actions": [_attach(signed)]}, headers=admin["headers"]))
    [action] = [a for a in macro["payload"]["actions"] if a["action_name"] == "send_attachment"]
    assert action["action_params"][0] == macro["payload"]["files"][0]["blob_id"] == blob_id


@ports(UPDATE + AUTHED + "allows update with existing blob_id")
def test_update_with_an_attached_blob_id(http, fake):
    admin = new_user(http, role="administrator")
    blob_id, signed = _blob_signed_id(fake)
    macro = _macro(http, admin, actions=[_attach(signed)])  # update! + files.attach, over the API
    url = f"{URL}/{macro['id']}"
    response = http.put(url, json={"actions": [_attach(blob_id)]}, headers=admin["headers"])
    assert response.status_code == 200
    assert response.json()["payload"]["files"] == macro["files"]


@ports(UPDATE + AUTHED + "allows adding new attachment on update with signed blob_id")
def test_update_attaches_a_new_signed_blob(http, fake):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin)
    assert "files" not in macro
    blob_id, signed = _blob_signed_id(fake)
    body = ok(http.put(f"{URL}/{macro['id']}", json={"actions": [_attach(signed)]}, headers=admin["headers"]))
    assert [f["blob_id"] for f in body["payload"]["files"]] == [blob_id]
