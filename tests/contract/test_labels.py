"""/api/v1/accounts/:account_id/labels and /custom_attribute_definitions.
Source: labels_controller.rb, label_policy.rb, app/models/label.rb; custom_attribute_definitions_controller.rb,
its policy and model; their specs."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
L = "/api/v1/accounts/1/labels"
D = "/api/v1/accounts/1/custom_attribute_definitions"
LABEL_KEYS = {
    "id": int,
    "title": str,
    "description": (str, NoneType),
    "color": str,
    "show_on_sidebar": (bool, NoneType),
}
DEFINITION_KEYS = {
    "id": int,
    "attribute_display_name": str,
    "attribute_display_type": str,
    "attribute_description": (str, NoneType),
    "attribute_key": str,
    "regex_pattern": (str, NoneType),
    "regex_cue": (str, NoneType),
    "attribute_values": list,
    "attribute_model": str,
    "default_value": object,
    "created_at": str,
    "updated_at": str,
}


@pytest.mark.parametrize("base", [L, D])
def test_refuse_strangers(client, fake, base):
    before = fake.snapshot()
    for method, url in (
        ("GET", base),
        ("POST", base),
        ("GET", f"{base}/1"),
        ("PATCH", f"{base}/1"),
        ("DELETE", f"{base}/1"),
    ):
        assert_refuses_strangers(client, method, url, json={})
        assert client.request(method, url, json={}, headers=token(OTHER_ADMIN_TOKEN)).status_code == 401
    assert fake.snapshot() == before


def test_list_labels(client):
    response = client.get(L, headers=AGENT)
    assert response.status_code == 200
    payload = response.json()["payload"]
    assert [label["title"] for label in payload] == ["billing", "support", "vip"]  # by title
    for label in payload:
        assert_shape(label, LABEL_KEYS)
        assert list(label) == list(LABEL_KEYS)


def test_label_lifecycle(client, fake):
    created = client.post(
        L, json={"title": "Churn-Risk", "description": "x", "show_on_sidebar": True}, headers=ADMIN
    )
    assert created.status_code == 200
    label = created.json()
    assert_shape(label, LABEL_KEYS)
    assert (label["title"], label["color"], label["show_on_sidebar"]) == ("churn-risk", "#1f93ff", True)
    assert client.get(f"{L}/{label['id']}", headers=ADMIN).json() == label
    updated = client.patch(f"{L}/{label['id']}", json={"label": {"color": "#000000"}}, headers=ADMIN).json()
    assert updated["color"] == "#000000"
    deleted = client.delete(f"{L}/{label['id']}", headers=ADMIN)
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert client.get(f"{L}/{label['id']}", headers=ADMIN).status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": ""}, "Title must not be blank, Title is invalid"),
        ({"title": "has space"}, "Title is invalid"),
        ({"title": "x"}, "Title is invalid"),
        ({"title": "_x"}, "Title is invalid"),
        ({"title": "VIP"}, "Title has already been taken"),
    ],
)
def test_label_validation(client, fake, body, message):
    before = fake.snapshot()
    response = client.post(L, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": ["title"]})
    assert fake.snapshot() == before


def test_label_writes_are_for_administrators(client, fake):
    for method, url in (("POST", L), ("GET", f"{L}/1"), ("PATCH", f"{L}/1"), ("DELETE", f"{L}/1")):
        response = client.request(method, url, json={"title": "abc"}, headers=AGENT)
        assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert client.get(f"{L}/99", headers=AGENT).status_code == 404


def test_list_definitions_bare_array_filtered_by_model(client):
    everything = client.get(D, headers=AGENT)
    assert everything.status_code == 200
    assert isinstance(everything.json(), list) and len(everything.json()) == 6
    for record in everything.json():
        assert_shape(record, DEFINITION_KEYS)
        assert list(record) == list(DEFINITION_KEYS)
        assert ISO8601.match(record["created_at"])
    contact = client.get(f"{D}?attribute_model=contact_attribute", headers=AGENT).json()
    assert {r["attribute_model"] for r in contact} == {"contact_attribute"} and len(contact) == 5


def test_definition_lifecycle(client):
    created = client.post(
        D,
        json={
            "attribute_display_name": "Tier",
            "attribute_key": "tier",
            "attribute_model": "contact_attribute",
            "attribute_display_type": "list",
            "attribute_values": ["gold", "silver"],
            "default_value": "gold",
        },
        headers=ADMIN,
    )
    assert created.status_code == 200
    record = created.json()
    assert (record["attribute_display_type"], record["attribute_values"], record["default_value"]) == (
        "list",
        ["gold", "silver"],
        None,
    )  # default_value is not permitted
    assert client.get(f"{D}/{record['id']}", headers=AGENT).json() == record
    updated = client.patch(
        f"{D}/{record['id']}", json={"attribute_display_name": "Customer tier"}, headers=ADMIN
    ).json()
    assert updated["attribute_display_name"] == "Customer tier"
    deleted = client.delete(f"{D}/{record['id']}", headers=ADMIN)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert client.get(f"{D}/{record['id']}", headers=ADMIN).json() == {"error": MSG_NOT_FOUND}


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"attribute_key": "x"}, "Attribute display name can't be blank", ["attribute_display_name"]),
        ({"attribute_display_name": "X"}, "Attribute key can't be blank", ["attribute_key"]),
        (
            {"attribute_display_name": "P", "attribute_key": "plan", "attribute_model": "contact_attribute"},
            "Attribute key has already been taken",
            ["attribute_key"],
        ),
        (
            {"attribute_display_name": "E", "attribute_key": "email", "attribute_model": "contact_attribute"},
            "Attribute key The provided key is not allowed as it might conflict with default attributes.",
            ["attribute_key"],
        ),
        (
            {"attribute_display_name": "X", "attribute_key": "x", "attribute_display_type": "colour"},
            "Attribute display type is not included in the list",
            ["attribute_display_type"],
        ),
    ],
)
def test_definition_validation(client, fake, body, message, attributes):
    before = fake.snapshot()
    response = client.post(D, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before


def test_definition_writes_are_open_to_agents(client):
    """v4.10 has no CustomAttributeDefinitionPolicy and the controller authorizes nothing: an agent
    creates, updates and deletes definitions (custom_attribute_definitions_controller_spec's `user`
    is an agent)."""
    response = client.post(D, json={"attribute_display_name": "X", "attribute_key": "x"}, headers=AGENT)
    assert response.status_code == 200
    record = response.json()
    updated = client.patch(f"{D}/{record['id']}", json={"attribute_display_name": "Y"}, headers=AGENT)
    assert updated.json()["attribute_display_name"] == "Y"
    assert client.delete(f"{D}/{record['id']}", headers=AGENT).status_code == 204
    assert client.get(f"{D}/{record['id']}", headers=AGENT).status_code == 404


def test_company_and_labels_are_free_contact_attribute_keys(client):
    """STANDARD_ATTRIBUTES[:contact] at v4.10 has no `company` and no `labels`."""
    for key in ("company", "labels"):
        body = {"attribute_display_name": key, "attribute_key": key, "attribute_model": "contact_attribute"}
        assert client.post(D, json=body, headers=ADMIN).status_code == 200, key


def test_column_lengths(client, fake):
    """ApplicationRecord#validates_column_content_length: string columns 255, text 20 000, first."""
    before = fake.snapshot()
    cases = (
        (L, {"title": "t" * 256}, "Title is too long (maximum is 255 characters)"),
        (
            L,
            {"title": "ok-title", "description": "d" * 20_001},
            "Description is too long (maximum is 20000 characters)",
        ),
        (L, {"title": "ok-title", "color": "c" * 256}, "Color is too long (maximum is 255 characters)"),
        (
            D,
            {"attribute_display_name": "n" * 256, "attribute_key": "k"},
            "Attribute display name is too long (maximum is 255 characters)",
        ),
        (
            D,
            {"attribute_display_name": "N", "attribute_key": "k", "regex_cue": "r" * 256},
            "Regex cue is too long (maximum is 255 characters)",
        ),
    )
    for url, body, message in cases:
        response = client.post(url, json=body, headers=ADMIN)
        assert (response.status_code, response.json()["message"]) == (422, message), body
    assert fake.snapshot() == before
