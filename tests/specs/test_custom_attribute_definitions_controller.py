"""Port of spec/controllers/api/v1/accounts/custom_attribute_definitions_controller_spec.rb (v4.10).

The spec's `user` is an agent (the user factory's default role): v4.10 has no policy for
definitions, so an agent lists, shows, creates, updates and deletes them.
"""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok
from tests.specs.support_inboxes import OTHER_ADMIN

SPEC = "spec/controllers/api/v1/accounts/custom_attribute_definitions_controller_spec.rb"
UPSTREAM_ITS = 11

INDEX = "GET /api/v1/accounts/{account.id}/custom_attribute_definitions"
SHOW = "GET /api/v1/accounts/{account.id}/custom_attribute_definitions/:id"
CREATE = "POST /api/v1/accounts/{account.id}/custom_attribute_definitions"
UPDATE = "PATCH /api/v1/accounts/{account.id}/custom_attribute_definitions/:id"
DESTROY = "DELETE /api/v1/accounts/{account.id}/custom_attribute_definitions/:id"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AUTH = "when it is an authenticated user"

# account 2 (Globex) starts without definitions, like the spec's fresh account
D = "/api/v1/accounts/2/custom_attribute_definitions"
_serial = iter(range(1, 10_000))


def _definition(http: Any, model: str = "conversation_attribute") -> dict[str, Any]:
    """create(:custom_attribute_definition): a sequenced key, display type `number` (1)."""
    n = next(_serial)
    body = {
        "custom_attribute_definition": {
            "attribute_display_name": f"Custom Attribute Definition {n}",
            "attribute_key": f"custom_attribute_{n}",
            "attribute_display_type": "number",
            "attribute_model": model,
        }
    }
    return ok(http.post(D, json=body, headers=OTHER_ADMIN))


def _agent(http: Any) -> dict[str, str]:
    headers: dict[str, str] = new_user(http, account_id=2)["headers"]
    return headers


def _keys(http: Any) -> list[str]:
    return [d["attribute_key"] for d in ok(http.get(D, headers=OTHER_ADMIN))]


PAYLOAD = {
    "custom_attribute_definition": {
        "attribute_display_name": "Developer ID",
        "attribute_key": "developer_id",
        "attribute_model": "contact_attribute",
        "attribute_display_type": "text",
        "default_value": "",
    }
}


@ports(
    f"{INDEX} > {UNAUTH}",
    f"{SHOW} > {UNAUTH}",
    f"{CREATE} > {UNAUTH}",
    f"{UPDATE} > {UNAUTH}",
    f"{DESTROY} > {UNAUTH}",
)
def test_definitions_refuse_an_unauthenticated_caller(http):
    record = _definition(http)
    before = ok(http.get(D, headers=OTHER_ADMIN))
    assert http.get(D).status_code == 401
    assert http.get(f"{D}/{record['id']}").status_code == 401
    assert (
        http.post(D, data={"custom_attribute_definition[attribute_key]": "developer_id"}).status_code == 401
    )
    assert http.put(f"{D}/{record['id']}", json=PAYLOAD).status_code == 401
    assert http.delete(f"{D}/{record['id']}").status_code == 401
    assert ok(http.get(D, headers=OTHER_ADMIN)) == before


@ports(f"{INDEX} > {AUTH} > returns all customer attribute definitions related to the account")
def test_index_lists_the_accounts_definitions(http):
    first = _definition(http)
    _definition(http, "contact_attribute")
    body = ok(http.get(D, headers=_agent(http)))
    assert len(body) == 2
    assert body[0]["attribute_key"] == first["attribute_key"]


@ports(f"{SHOW} > {AUTH} > shows the custom attribute definition")
def test_show_answers_the_definition(http):
    record = _definition(http)
    response = http.get(f"{D}/{record['id']}", headers=_agent(http))
    assert response.status_code == 200
    assert record["attribute_key"] in response.text


@ports(f"{CREATE} > {AUTH} > creates the filter")
def test_create_as_an_agent(http):
    response = http.post(
        D,
        data={
            f"custom_attribute_definition[{k}]": v for k, v in PAYLOAD["custom_attribute_definition"].items()
        },
        headers=_agent(http),
    )
    assert response.status_code == 200
    assert response.json()["attribute_key"] == "developer_id"
    assert _keys(http) == ["developer_id"]


@ports(
    f"{CREATE} > {AUTH} > when creating with a conflicting attribute_key > returns error for conflicting key"
)
def test_create_with_a_standard_key_is_422(http):
    form = {
        "custom_attribute_definition[attribute_display_name]": "Conflicting Key",
        "custom_attribute_definition[attribute_key]": "status",  # STANDARD_ATTRIBUTES[:conversation].first
        "custom_attribute_definition[attribute_model]": "conversation_attribute",
        "custom_attribute_definition[attribute_display_type]": "text",
    }
    response = http.post(D, data=form, headers=_agent(http))
    assert response.status_code == 422
    assert (
        "The provided key is not allowed as it might conflict with default attributes."
        in response.json()["message"]
    )
    assert _keys(http) == []


@ports(f"{UPDATE} > {AUTH} > updates the custom attribute definition")
def test_update_as_an_agent(http):
    record = _definition(http)
    body = {
        "custom_attribute_definition": {
            "attribute_display_name": "Developer ID",
            "attribute_key": "developer_id",
        }
    }
    assert http.patch(f"{D}/{record['id']}", json=body, headers=_agent(http)).status_code == 200
    after = ok(http.get(f"{D}/{record['id']}", headers=OTHER_ADMIN))
    assert after["attribute_display_name"] == "Developer ID"
    assert after["attribute_key"] == "developer_id"
    assert after["attribute_model"] == "conversation_attribute"


@ports(f"{DESTROY} > when it is an authenticated admin user > deletes custom attribute")
def test_destroy_as_an_agent(http):
    record = _definition(http)
    response = http.delete(f"{D}/{record['id']}", headers=_agent(http))
    assert (response.status_code, response.content) == (204, b"")
    assert _keys(http) == []
