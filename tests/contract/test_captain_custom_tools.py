"""/api/v1/accounts/:id/captain/custom_tools as the unlicensed standard image answers them at v4.10
(enterprise/app/controllers/api/v1/accounts/captain/custom_tools_controller.rb, models/captain/
custom_tool.rb, concerns/safe_endpoint_validatable.rb, views/api/v1/models/captain/_custom_tool)."""

from __future__ import annotations

import pytest

from fakewoot.api.captain_responses import MSG_ENABLED_NULL
from fakewoot.errors import (
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.store.captain_custom_tools import parameterize
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token
from tests.contract.captain_support import assert_outsiders_refused
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/captain/custom_tools"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
KEYS = {
    "id": int,
    "slug": str,
    "title": str,
    "description": (str, type(None)),
    "endpoint_url": str,
    "http_method": str,
    "request_template": (str, type(None)),
    "response_template": (str, type(None)),
    "auth_type": str,
    "auth_config": dict,
    "param_schema": list,
    "enabled": bool,
    "account_id": int,
    "created_at": int,
    "updated_at": int,
}
TOOL = {
    "title": "Fetch Order Status",
    "description": "Fetches order status",
    "endpoint_url": "https://api.example.com/orders/{{ order_id }}",
    "auth_type": "bearer",
    "auth_config": {"token": "t", "a": 1},
    "param_schema": [{"type": "string", "name": "order_id", "description": "The order ID", "extra": 1}],
}


def _create(client, **fields) -> dict:
    answer = client.post(URL, json={"custom_tool": {**TOOL, **fields}}, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_create_shape_slug_defaults_and_permitted_schema(client):
    tool = _create(client)
    assert_shape(tool, KEYS)
    assert list(tool) == list(KEYS)
    assert (tool["slug"], tool["http_method"], tool["enabled"]) == ("custom_fetch_order_status", "GET", True)
    assert tool["param_schema"] == [{"name": "order_id", "type": "string", "description": "The order ID"}]
    assert list(tool["auth_config"]) == ["token", "a"]
    shown = client.get(f"{URL}/{tool['id']}", headers=AGENT).json()
    assert list(shown["auth_config"]) == ["a", "token"]  # jsonb order on a read
    again = _create(client)
    assert again["slug"].startswith("custom_fetch_order_status_") and len(again["slug"]) == 32


def test_parameterize_follows_active_support():
    assert parameterize("Fetch  Order -- Status!") == "fetch_order_--_status"
    assert parameterize("Crème brûlée") == "creme_brulee"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.example.com", "Endpoint url must use HTTPS protocol"),
        ("https://localhost/api", "Endpoint url cannot point to the application itself"),
        ("https://printer.local/x", "Endpoint url cannot use disallowed hostname"),
        ("https://10.0.0.1/x", "Endpoint url cannot be an IP address, must be a hostname"),
        ("https://exa mple.com", "Endpoint url must be a valid URL"),
    ],
)
def test_unsafe_endpoints_are_refused(client, url, message):
    refused = client.post(URL, json={"custom_tool": {**TOOL, "endpoint_url": url}}, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (
        422,
        {"message": message, "attributes": ["endpoint_url"]},
    )
    assert client.get(URL, headers=ADMIN).json()["meta"]["total_count"] == 0


def test_validation_messages_in_rails_order(client):
    body = {
        "title": "",
        "endpoint_url": "",
        "http_method": "PUT",
        "param_schema": [{"name": 5, "required": "y"}],
    }
    refused = client.post(URL, json={"custom_tool": body}, headers=ADMIN)
    assert refused.json() == {
        "message": "Http method is not included in the list, Slug can't be blank, Title can't be blank, "
        "Endpoint url can't be blank, 0/name must be of type string, 0/required must be of type boolean, "
        "Type is required, Description is required",
        "attributes": [
            "http_method",
            "slug",
            "title",
            "endpoint_url",
            "0/name",
            "0/required",
            "type",
            "description",
        ],
    }
    null = client.post(URL, json={"custom_tool": {**TOOL, "enabled": None}}, headers=ADMIN)
    assert (null.status_code, null.json()) == (422, {"error": MSG_ENABLED_NULL})


def test_update_keeps_the_slug_index_lists_enabled_ones_and_tools_include_them(client):
    tool = _create(client)
    url = f"{URL}/{tool['id']}"
    updated = client.patch(url, json={"custom_tool": {"title": "Renamed", "enabled": False}}, headers=ADMIN)
    assert (updated.json()["title"], updated.json()["slug"]) == ("Renamed", "custom_fetch_order_status")
    assert client.get(URL, headers=AGENT).json() == {"payload": [], "meta": {"total_count": 0, "page": 1}}
    client.patch(url, json={"custom_tool": {"enabled": True}}, headers=ADMIN)
    tools = client.get("/api/v1/accounts/1/captain/assistants/tools", headers=ADMIN).json()
    assert tools[-1] == {
        "id": "custom_fetch_order_status",
        "title": "Renamed",
        "description": "Fetches order status",
        "icon": None,
    }
    assert client.delete(url, headers=ADMIN).status_code == 204
    assert client.get(url, headers=ADMIN).status_code == 404


def test_a_scenario_may_reference_an_enabled_custom_tool(client):
    _create(client)
    assistant = client.post(
        "/api/v1/accounts/1/captain/assistants",
        json={"assistant": {"name": "a", "description": "d"}},
        headers=ADMIN,
    ).json()
    body = {
        "scenario": {
            "title": "t",
            "description": "d",
            "instruction": "[Go](tool://custom_fetch_order_status)",
        }
    }
    created = client.post(
        f"/api/v1/accounts/1/captain/assistants/{assistant['id']}/scenarios", json=body, headers=ADMIN
    )
    assert created.json()["tools"] == ["custom_fetch_order_status"]


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"custom_tool": TOOL}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"custom_tool": {"title": "x"}}),
    ("DELETE", f"{URL}/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    _create(client)
    assert_outsiders_refused(client, method, url, body)
    assert [t["title"] for t in client.get(URL, headers=ADMIN).json()["payload"]] == ["Fetch Order Status"]


@pytest.mark.parametrize(("method", "url", "body"), [r for r in ROUTES if r[0] != "GET"])
def test_agents_may_not_write_and_the_policy_comes_before_the_404(client, method, url, body):
    answer = client.request(method, url, json=body, headers=AGENT)
    assert (answer.status_code, answer.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    missing = client.get(f"{URL}/99", headers=AGENT)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
