"""Port of spec/controllers/api/v1/accounts/automation_rules_controller_spec.rb (v4.10)."""

from __future__ import annotations

from typing import Any

from fakewoot.api.action_files import MSG_INVALID_ATTACHMENT
from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/automation_rules_controller_spec.rb"
UPSTREAM_ITS = 23
BASE = "/api/v1/accounts/{account.id}/automation_rules"
MEMBER = BASE + "/{automation_rule.id}"
AUTHED = " > when it is an authenticated user > "
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/automation_rules"
AVATAR = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24  # spec/assets/avatar.png and sample.png stand in as PNGs
PARAMS: dict[str, Any] = {
    "name": "Notify Conversation Created and mark priority query",
    "description": "Notify all administrator about conversation created and mark priority query",
    "event_name": "conversation_created",
    "conditions": [
        {
            "attribute_key": "browser_language",
            "filter_operator": "equal_to",
            "values": ["en"],
            "query_operator": "AND",
        },
        {
            "attribute_key": "country_code",
            "filter_operator": "equal_to",
            "values": ["USA", "UK"],
            "query_operator": None,
        },
    ],
    "actions": [
        {"action_name": "send_message", "action_params": ["Welcome to the chatwoot platform."]},
        {"action_name": "assign_team", "action_params": [1]},
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
    ],
}
# spec/factories/automation_rules.rb (event_name is not validated: the factory's is no listener event)
FACTORY: dict[str, Any] = {
    "name": "Test Automation Rule",
    "event_name": "conversation_status_changed",
    "conditions": [
        {
            "values": ["resolved"],
            "attribute_key": "status",
            "query_operator": None,
            "filter_operator": "equal_to",
        }
    ],
    "actions": [
        {
            "action_name": "send_email_to_team",
            "action_params": {
                "message": "Please pay attention to this conversation, its from high priority customer",
                "team_ids": [1],
            },
        },
        {"action_name": "assign_team", "action_params": [1]},
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
        {"action_name": "assign_agent", "action_params": [1, 2, 3, 4]},
    ],
}


def _admin(http) -> dict[str, str]:
    return new_user(http, role="administrator")["headers"]


def _rules(http, headers) -> list[dict]:
    return ok(http.get(URL, headers=headers))["payload"]


def _factory(http, headers) -> dict:
    return ok(http.post(URL, json=FACTORY, headers=headers))


@ports("GET " + BASE + AUTHED + "returns all records")
def test_index_lists_the_rules(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    assert _rules(http, admin)[0]["id"] == rule["id"]


@ports(
    "GET " + BASE + UNAUTH,
    "POST " + BASE + UNAUTH,
    "GET " + MEMBER + UNAUTH,
    "POST " + MEMBER + "/clone" + UNAUTH,
    "PATCH " + MEMBER + UNAUTH,
    "DELETE " + MEMBER + UNAUTH,
)
def test_unauthenticated_calls_are_refused(http):
    rule = _factory(http, _admin(http))
    for method, url in (
        ("POST", URL),
        ("GET", f"{URL}/{rule['id']}"),
        ("POST", f"{URL}/{rule['id']}/clone"),
        ("PATCH", f"{URL}/{rule['id']}"),
        ("DELETE", f"{URL}/{rule['id']}"),
    ):
        assert http.request(method, url).status_code == 401, (method, url)


@ports("POST " + BASE + AUTHED + "processes invalid query operator")
def test_an_invalid_query_operator_is_refused(http):
    admin = _admin(http)
    extra = {"attribute_key": "browser_language", "filter_operator": "equal_to", "values": ["en"]}
    body = {**PARAMS, "conditions": [*PARAMS["conditions"], {**extra, "query_operator": "invalid"}]}
    assert http.post(URL, json=body, headers=admin).status_code == 422
    assert _rules(http, admin) == []


@ports("POST " + BASE + AUTHED + "throws an error for unknown attributes in condtions")
def test_an_unknown_condition_is_refused(http):
    admin = _admin(http)
    extra = {"attribute_key": "unknown_attribute", "filter_operator": "equal_to", "values": ["en"]}
    body = {**PARAMS, "conditions": [*PARAMS["conditions"], {**extra, "query_operator": "AND"}]}
    assert http.post(URL, json=body, headers=admin).status_code == 422
    assert _rules(http, admin) == []


@ports(
    "POST "
    + BASE
    + AUTHED
    + "Saves for automation_rules for account with country_code and browser_language conditions"
)
def test_create_with_contact_and_conversation_conditions(http):
    admin = _admin(http)
    assert _rules(http, admin) == []
    ok(http.post(URL, json=PARAMS, headers=admin))
    assert len(_rules(http, admin)) == 1


@ports("POST " + BASE + AUTHED + "Saves for automation_rules for account with status conditions")
def test_create_with_a_status_condition(http):
    admin = _admin(http)
    conditions = [
        {
            "attribute_key": "status",
            "filter_operator": "equal_to",
            "values": ["resolved"],
            "query_operator": None,
        }
    ]
    ok(http.post(URL, json={**PARAMS, "conditions": conditions}, headers=admin))
    assert len(_rules(http, admin)) == 1


@ports("POST " + BASE + AUTHED + "returns error for invalid attachment blob_id")
def test_create_with_an_invalid_blob_is_refused(http):
    admin = _admin(http)
    actions = [{"action_name": "send_attachment", "action_params": ["invalid_blob_id"]}]
    response = http.post(URL, json={**PARAMS, "actions": actions}, headers=admin)
    assert response.status_code == 422
    assert response.json()["error"] == MSG_INVALID_ATTACHMENT


@ports("GET " + MEMBER + AUTHED + "returns for automation_rule for account")
def test_show_rule(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    body = ok(http.get(f"{URL}/{rule['id']}", headers=admin))
    assert body["payload"]["id"] == rule["id"]


@ports("POST " + MEMBER + "/clone" + AUTHED + "returns for cloned automation_rule for account")
def test_clone_rule(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    body = ok(http.post(f"{URL}/{rule['id']}/clone", headers=admin))
    assert body["payload"]["id"] != rule["id"]
    assert len(_rules(http, admin)) == 2


@ports("PATCH " + MEMBER + AUTHED + "returns for cloned automation_rule for account")
def test_update_rule(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    assert len(rule["actions"]) == 4
    update = {
        "description": "Update description",
        "name": "Update name",
        "conditions": [
            {
                "attribute_key": "browser_language",
                "filter_operator": "equal_to",
                "values": ["en"],
                "query_operator": "AND",
            }
        ],
        "actions": [{"action_name": "add_label", "action_params": ["support", "priority_customer"]}],
    }
    body = ok(http.patch(f"{URL}/{rule['id']}", json=update, headers=admin))["payload"]
    assert body["name"] == "Update name"
    assert body["description"] == "Update description"
    assert len(body["conditions"]) == 1
    assert len(body["actions"]) == 1


@ports("PATCH " + MEMBER + AUTHED + "returns for updated active flag for automation_rule")
def test_update_active_flag(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    assert rule["active"] is True
    body = ok(http.patch(f"{URL}/{rule['id']}", json={"active": False}, headers=admin))["payload"]
    assert body["active"] is False
    assert ok(http.get(f"{URL}/{rule['id']}", headers=admin))["payload"]["active"] is False


@ports("PATCH " + MEMBER + AUTHED + "returns error for invalid blob_id on update")
def test_update_with_an_invalid_blob_is_refused(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    actions = [{"action_name": "send_attachment", "action_params": [999_999]}]
    response = http.patch(f"{URL}/{rule['id']}", json={"actions": actions}, headers=admin)
    assert response.status_code == 422
    assert response.json()["error"] == MSG_INVALID_ATTACHMENT


@ports("DELETE " + MEMBER + AUTHED + "delete the automation_rule for account")
def test_delete_rule(http):
    admin = _admin(http)
    rule = _factory(http, admin)
    assert http.delete(f"{URL}/{rule['id']}", headers=admin).status_code == 200
    assert _rules(http, admin) == []


# --- send_attachment: `ActiveStorage::Blob.create_and_upload!` is the store's verb ----------------


def _blob(fake, filename: str = "avatar.png") -> tuple[int, str]:
    blob = fake.store.blobs.create_and_upload(AVATAR, filename=filename, content_type="image/png")
    return blob.id, fake.store.blobs.signed_id(blob)


def _attach(blob: Any) -> dict[str, Any]:
    return {"action_name": "send_attachment", "action_params": [blob]}


@ports("POST " + BASE + AUTHED + "Saves file in the automation actions to send an attachments")
def test_create_attaches_the_file(http, fake):
    admin = _admin(http)
    assert _rules(http, admin) == []
    blob_id, signed = _blob(fake)
    actions = [PARAMS["actions"][0], _attach(signed)]
    rule = ok(http.post(URL, json={**PARAMS, "actions": actions}, headers=admin))
    [file] = rule["files"]
    assert (file["automation_rule_id"], file["blob_id"], file["filename"]) == (
        rule["id"],
        blob_id,
        "avatar.png",
    )


@ports("POST " + BASE + AUTHED + "Saves files in the automation actions to send multiple attachments")
def test_create_attaches_every_file(http, fake):
    admin = _admin(http)
    (first, signed_1), (second, signed_2) = _blob(fake), _blob(fake, "sample.png")
    actions = [_attach(signed_1), _attach(signed_2)]
    rule = ok(http.post(URL, json={**PARAMS, "actions": actions}, headers=admin))
    assert [f["blob_id"] for f in rule["files"]] == [first, second]
    assert [f["blob_id"] for f in _rules(http, admin)[0]["files"]] == [first, second]


@ports("POST " + BASE + AUTHED + "stores the original blob_id in action_params after create")
def test_create_stores_the_blob_id(http, fake):
    admin = _admin(http)
    blob_id, signed = _blob(fake)
    rule = ok(http.post(URL, json={**PARAMS, "actions": [_attach(signed)]}, headers=admin))
    [action] = [a for a in rule["actions"] if a["action_name"] == "send_attachment"]
    assert action["action_params"][0] == rule["files"][0]["blob_id"] == blob_id


@ports("PATCH " + MEMBER + AUTHED + "allows update with existing blob_id")
def test_update_with_an_attached_blob_id(http, fake):
    admin = _admin(http)
    blob_id, signed = _blob(fake)
    rule = ok(http.post(URL, json={**FACTORY, "actions": [_attach(signed)]}, headers=admin))
    response = http.patch(f"{URL}/{rule['id']}", json={"actions": [_attach(blob_id)]}, headers=admin)
    assert response.status_code == 200
    assert response.json()["payload"]["files"] == rule["files"]


@ports("PATCH " + MEMBER + AUTHED + "allows adding new attachment on update with signed blob_id")
def test_update_attaches_a_new_signed_blob(http, fake):
    admin = _admin(http)
    rule = _factory(http, admin)
    assert "files" not in rule
    blob_id, signed = _blob(fake)
    body = ok(http.patch(f"{URL}/{rule['id']}", json={"actions": [_attach(signed)]}, headers=admin))
    assert [f["blob_id"] for f in body["payload"]["files"]] == [blob_id]
