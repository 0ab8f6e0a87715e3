"""Port of spec/controllers/api/v1/accounts/webhook_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from typing import Any

from fakewoot.store.webhooks import DEFAULT_SUBSCRIPTIONS
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import new_admin, new_agent, new_inbox

SPEC = "spec/controllers/api/v1/accounts/webhook_controller_spec.rb"
UPSTREAM_ITS = 13

W = "/api/v1/accounts/1/webhooks"
INDEX = "GET /api/v1/accounts/<account_id>/webhooks"
CREATE = "POST /api/v1/accounts/<account_id>/webhooks"
UPDATE = "PUT /api/v1/accounts/<account_id>/webhooks/:id"
DESTROY = "DELETE /api/v1/accounts/<account_id>/webhooks/:id"
AGENT_401 = "when it is an authenticated agent > returns unauthorized"
ADMIN_CTX = "when it is an authenticated admin user"


def _webhook(http: Any) -> dict[str, Any]:
    """create(:webhook, inbox:, url: 'https://hello.com', name: 'My Webhook')."""
    inbox = new_inbox(http)
    body = {"webhook": {"inbox_id": inbox["id"], "url": "https://hello.com", "name": "My Webhook"}}
    webhook: dict[str, Any] = ok(http.post(W, json=body, headers=ADMIN))["payload"]["webhook"]
    return webhook


def _all(http: Any) -> list[dict[str, Any]]:
    webhooks: list[dict[str, Any]] = ok(http.get(W, headers=ADMIN))["payload"]["webhooks"]
    return webhooks


@ports(
    f"{INDEX} > {AGENT_401}", f"{CREATE} > {AGENT_401}", f"{UPDATE} > {AGENT_401}", f"{DESTROY} > {AGENT_401}"
)
def test_webhooks_refuse_agents(http):
    webhook = _webhook(http)
    agent = new_agent(http)["headers"]
    assert http.get(W, headers=agent).status_code == 401
    assert http.post(W, headers=agent).status_code == 401
    assert http.put(f"{W}/{webhook['id']}", headers=agent).status_code == 401
    assert http.delete(f"{W}/{webhook['id']}", headers=agent).status_code == 401
    assert _all(http) == [webhook]


@ports(f"{INDEX} > {ADMIN_CTX} > gets all webhook")
def test_index_lists_the_accounts_webhooks(http):
    _webhook(http)
    admin = new_admin(http)["headers"]
    body = ok(http.get(W, headers=admin))
    assert len(body["payload"]["webhooks"]) == 1


def _create(http: Any, body: dict[str, Any]) -> Any:
    return http.post(W, json=body, headers=new_admin(http)["headers"])


@ports(f"{CREATE} > {ADMIN_CTX} > creates webhook")
def test_create_webhook(http):
    inbox = new_inbox(http)
    response = _create(http, {"account_id": 1, "inbox_id": inbox["id"], "url": "https://hello.com"})
    assert ok(response)["payload"]["webhook"]["url"] == "https://hello.com"


@ports(f"{CREATE} > {ADMIN_CTX} > creates webhook with name")
def test_create_webhook_with_name(http):
    inbox = new_inbox(http)
    body = {"account_id": 1, "inbox_id": inbox["id"], "url": "https://hello.com", "name": "My Webhook"}
    assert ok(_create(http, body))["payload"]["webhook"]["name"] == "My Webhook"


@ports(f"{CREATE} > {ADMIN_CTX} > throws error when invalid url provided")
def test_create_with_a_javascript_url_is_422(http):
    inbox = new_inbox(http)
    response = _create(http, {"account_id": 1, "inbox_id": inbox["id"], "url": "javascript:alert(1)"})
    assert (response.status_code, response.json()["message"]) == (422, "Url is invalid")
    assert _all(http) == []


@ports(
    f"{CREATE} > {ADMIN_CTX} > throws error if subscription events are invalid",
    f"{CREATE} > {ADMIN_CTX} > throws error if subscription events are empty",
)
def test_create_with_bad_subscriptions_is_422(http):
    for subscriptions in (["conversation_random_event"], []):
        response = _create(http, {"url": "https://hello.com", "subscriptions": subscriptions})
        assert (response.status_code, response.json()["message"]) == (422, "Subscriptions Invalid events")
    assert _all(http) == []


@ports(f"{CREATE} > {ADMIN_CTX} > use default if subscription events are nil")
def test_create_with_null_subscriptions_takes_the_default(http):
    response = _create(http, {"url": "https://hello.com", "subscriptions": None})
    assert response.status_code == 200
    assert response.json()["payload"]["webhook"]["subscriptions"] == [
        "conversation_status_changed",
        "conversation_updated",
        "conversation_created",
        "contact_created",
        "contact_updated",
        "message_created",
        "message_updated",
        "webwidget_triggered",
    ]
    assert list(DEFAULT_SUBSCRIPTIONS) == response.json()["payload"]["webhook"]["subscriptions"]


@ports(f"{UPDATE} > {ADMIN_CTX} > updates webhook")
def test_update_webhook(http):
    webhook = _webhook(http)
    admin = new_admin(http)["headers"]
    response = http.put(
        f"{W}/{webhook['id']}", json={"url": "https://hello.com", "name": "Another Webhook"}, headers=admin
    )
    body = ok(response)["payload"]["webhook"]
    assert (body["url"], body["name"]) == ("https://hello.com", "Another Webhook")


@ports(f"{DESTROY} > {ADMIN_CTX} > deletes webhook")
def test_destroy_webhook(http):
    webhook = _webhook(http)
    admin = new_admin(http)["headers"]
    assert http.delete(f"{W}/{webhook['id']}", headers=admin).status_code == 200
    assert _all(http) == []
