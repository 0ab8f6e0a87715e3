"""/api/v1/accounts/:account_id/webhooks: index, create, update, destroy.

Source: ../shared/reference/webhooks-bots.md 1 (1.1 model, 1.2 routes, views, errors); Chatwoot
app/controllers/api/v1/accounts/webhooks_controller.rb, app/policies/webhook_policy.rb,
app/models/webhook.rb, app/views/api/v1/accounts/webhooks/*.json.jbuilder (newest partial, with
`secret`), spec/controllers/api/v1/accounts/webhook_controller_spec.rb, db/schema.rb (subscriptions
default), app/models/application_record.rb (column lengths).
"""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.inboxes import BASE58
from fakewoot.store.webhooks import DEFAULT_SUBSCRIPTIONS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
W = "/api/v1/accounts/1/webhooks"
WEBHOOK_KEYS = {
    "id": int,
    "name": (str, NoneType),
    "url": str,
    "account_id": int,
    "subscriptions": list,
    "secret": str,
}
ORDER = list(WEBHOOK_KEYS)


def assert_webhook(body):
    assert_shape(body, WEBHOOK_KEYS, optional={"inbox": dict})
    assert [k for k in body if k != "inbox"] == ORDER
    assert list(body)[-1] == ("inbox" if "inbox" in body else "secret")
    assert len(body["secret"]) == 24 and set(body["secret"]) <= set(BASE58)
    if "inbox" in body:
        assert_shape(body["inbox"], {"id": int, "name": str})


def create(client, body, headers=ADMIN):
    return client.post(W, json=body, headers=headers)


def created(client, body):
    response = create(client, body)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["payload"] and list(response.json()["payload"]) == ["webhook"]
    webhook = response.json()["payload"]["webhook"]
    assert_webhook(webhook)
    return webhook


ENDPOINTS = [
    ("GET", W, None),
    ("POST", W, {"url": "https://crm.test/hook"}),
    ("PUT", f"{W}/1", {"name": "x"}),
    ("PATCH", f"{W}/1", {"name": "x"}),
    ("DELETE", f"{W}/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_refuse_strangers_other_accounts_and_missing_accounts(client, fake, method, url, body):
    fake.store.webhooks.create(1, url="https://existing.test/hook")
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    missing = client.request(method, url.replace("/accounts/1/", "/accounts/99/"), json=body, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_agents_are_refused_before_the_webhook_is_looked_up(client, fake, method, url, body):
    fake.store.webhooks.create(1, url="https://existing.test/hook")
    before = fake.snapshot()
    for target in (url, url.replace("/webhooks/1", "/webhooks/999")):
        response = client.request(method, target, json=body, headers=AGENT)
        assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


def test_bot_token_is_refused(client):
    response = client.get(W, headers=token(BOT_TOKEN))
    assert (response.status_code, response.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})


def test_list_empty(client):
    response = client.get(W, headers=ADMIN)
    assert (response.status_code, response.json()) == (200, {"payload": {"webhooks": []}})


def test_list_in_id_order_of_this_account_only(client, fake):
    first = created(client, {"url": "https://b.test/hook"})
    second = created(client, {"url": "https://a.test/hook", "inbox_id": 1})
    fake.store.webhooks.create(2, url="https://globex.test/hook")
    body = client.get(W, headers=ADMIN).json()
    assert list(body) == ["payload"] and list(body["payload"]) == ["webhooks"]
    assert body["payload"]["webhooks"] == [first, second]


def test_create_flat_body_with_defaults(client, fake):
    webhook = created(client, {"url": "https://crm.test/hook"})
    assert webhook["name"] is None and webhook["account_id"] == 1
    assert webhook["subscriptions"] == list(DEFAULT_SUBSCRIPTIONS)
    assert "inbox" not in webhook
    stored = fake.store.webhooks.get(1, webhook["id"])
    assert (stored.secret, stored.webhook_type) == (webhook["secret"], "account_type")


def test_create_wrapped_body_with_everything(client):
    webhook = created(
        client,
        {
            "webhook": {
                "url": "https://crm.test/hook",
                "name": "CRM",
                "inbox_id": 1,
                "subscriptions": ["message_created", "conversation_status_changed"],
            }
        },
    )
    assert (webhook["name"], webhook["url"]) == ("CRM", "https://crm.test/hook")
    assert webhook["subscriptions"] == ["message_created", "conversation_status_changed"]
    assert webhook["inbox"] == {"id": 1, "name": "Acme API"}


def test_each_webhook_gets_its_own_secret(client):
    one = created(client, {"url": "https://one.test"})
    two = created(client, {"url": "https://two.test"})
    assert one["secret"] != two["secret"]


def test_null_subscriptions_take_the_default(client):
    webhook = created(client, {"url": "https://crm.test/hook", "subscriptions": None})
    assert webhook["subscriptions"] == list(DEFAULT_SUBSCRIPTIONS)


@pytest.mark.parametrize("subscriptions", ["message_created", [{"event": "message_created"}], {"a": 1}])
def test_subscriptions_that_are_not_an_array_of_scalars_are_not_permitted(client, subscriptions):
    """permit(subscriptions: []) drops them: the column default applies, as upstream."""
    webhook = created(client, {"url": "https://crm.test/hook", "subscriptions": subscriptions})
    assert webhook["subscriptions"] == list(DEFAULT_SUBSCRIPTIONS)


def test_nulls_inside_subscriptions_are_dropped(client):
    """Rails' deep_munge removes nils from JSON arrays."""
    webhook = created(client, {"url": "https://crm.test/hook", "subscriptions": ["message_created", None]})
    assert webhook["subscriptions"] == ["message_created"]


def test_inbox_id_is_stored_without_a_check(client, fake):
    """belongs_to :inbox, optional: true and no foreign key: an unknown inbox is kept, not shown."""
    webhook = created(client, {"url": "https://crm.test/hook", "inbox_id": 999})
    assert "inbox" not in webhook
    assert fake.store.webhooks.get(1, webhook["id"]).inbox_id == 999


def test_inbox_of_another_account_is_shown_as_upstream_does(client):
    """webhook.inbox is Inbox.find(inbox_id), not scoped to the account (an upstream quirk)."""
    webhook = created(client, {"url": "https://crm.test/hook", "inbox_id": 3})
    assert webhook["inbox"] == {"id": 3, "name": "Globex API"}


def test_url_format_is_unanchored(client):
    """URI::DEFAULT_PARSER.make_regexp is not anchored: any text holding an http(s) URI passes."""
    webhook = created(client, {"url": "see https://crm.test/hook please"})
    assert webhook["url"] == "see https://crm.test/hook please"
    assert created(client, {"url": "http://localhost:9000/hook"})["url"] == "http://localhost:9000/hook"


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"url": "javascript:alert(1)"}, "Url is invalid", ["url"]),
        ({"url": "ftp://crm.test"}, "Url is invalid", ["url"]),
        ({"url": 12}, "Url is invalid", ["url"]),
        ({"url": None}, "Url is invalid", ["url"]),
        ({"name": "no url"}, "Url is invalid", ["url"]),
        ({"url": "https://crm.test", "subscriptions": []}, "Subscriptions Invalid events", ["subscriptions"]),
        (
            {"url": "https://crm.test", "subscriptions": [None]},
            "Subscriptions Invalid events",
            ["subscriptions"],
        ),
        (
            {"url": "https://crm.test", "subscriptions": ["conversation_random_event"]},
            "Subscriptions Invalid events",
            ["subscriptions"],
        ),
        (
            {"url": "https://crm.test", "subscriptions": [5]},
            "Subscriptions Invalid events",
            ["subscriptions"],
        ),
        (
            {"url": "https://existing.test/hook"},
            "Url has already been taken",
            ["url"],
        ),
        (
            {"url": "https://existing.test/hook", "subscriptions": ["nope"]},
            "Url has already been taken, Subscriptions Invalid events",
            ["url", "subscriptions"],
        ),
        (
            {"url": "nope", "subscriptions": ["nope"]},
            "Url is invalid, Subscriptions Invalid events",
            ["url", "subscriptions"],
        ),
        (
            {"url": "https://crm.test", "name": "n" * 256},
            "Name is too long (maximum is 255 characters)",
            ["name"],
        ),
        (
            {"url": "https://crm.test/" + "x" * 20_000},
            "Url is too long (maximum is 20000 characters)",
            ["url"],
        ),
    ],
)
def test_create_validation(client, fake, body, message, attributes):
    fake.store.webhooks.create(1, url="https://existing.test/hook")
    before = fake.snapshot()
    response = create(client, body)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before


@pytest.mark.parametrize("body", [{}, {"webhook": {}}, None])
def test_create_without_parameters_is_param_missing(client, fake, body):
    before = fake.snapshot()
    response = client.post(W, json=body, headers=ADMIN) if body is not None else client.post(W, headers=ADMIN)
    assert (response.status_code, response.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="webhook")},
    )
    assert fake.snapshot() == before


def test_create_same_url_in_another_account_is_fine(client, fake):
    fake.store.webhooks.create(2, url="https://crm.test/hook")
    created(client, {"url": "https://crm.test/hook"})


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update_flat_and_wrapped(client, method):
    webhook = created(client, {"url": "https://crm.test/hook", "subscriptions": ["message_created"]})
    url = f"{W}/{webhook['id']}"
    flat = client.request(
        method, url, json={"url": "https://new.test/hook", "name": "Another"}, headers=ADMIN
    )
    assert flat.status_code == 200
    body = flat.json()["payload"]["webhook"]
    assert_webhook(body)
    assert (body["url"], body["name"], body["subscriptions"]) == (
        "https://new.test/hook",
        "Another",
        ["message_created"],
    )
    assert body["secret"] == webhook["secret"]  # no route rotates an account webhook's secret
    wrapped = client.request(
        method, url, json={"webhook": {"subscriptions": ["contact_created"]}}, headers=ADMIN
    )
    assert wrapped.json()["payload"]["webhook"]["subscriptions"] == ["contact_created"]


def test_update_leaves_subscriptions_when_absent_or_null(client):
    webhook = created(client, {"url": "https://crm.test/hook", "subscriptions": ["message_created"]})
    url = f"{W}/{webhook['id']}"
    for body in ({"name": "x"}, {"subscriptions": None}, {"subscriptions": "contact_created"}):
        response = client.patch(url, json=body, headers=ADMIN)
        assert response.json()["payload"]["webhook"]["subscriptions"] == ["message_created"]


def test_update_sets_and_clears_the_inbox(client):
    webhook = created(client, {"url": "https://crm.test/hook"})
    url = f"{W}/{webhook['id']}"
    assert client.patch(url, json={"inbox_id": 2}, headers=ADMIN).json()["payload"]["webhook"]["inbox"] == {
        "id": 2,
        "name": "Acme Website",
    }
    assert (
        "inbox" not in client.patch(url, json={"inbox_id": None}, headers=ADMIN).json()["payload"]["webhook"]
    )


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"url": "javascript:alert(1)"}, "Url is invalid", ["url"]),
        ({"url": None}, "Url is invalid", ["url"]),
        ({"url": "https://taken.test"}, "Url has already been taken", ["url"]),
        ({"subscriptions": []}, "Subscriptions Invalid events", ["subscriptions"]),
        (
            {"url": "bad", "subscriptions": ["bad"], "name": "changed"},
            "Url is invalid, Subscriptions Invalid events",
            ["url", "subscriptions"],
        ),
    ],
)
def test_refused_update_changes_nothing(client, fake, body, message, attributes):
    webhook = created(client, {"url": "https://crm.test/hook", "name": "CRM"})
    created(client, {"url": "https://taken.test"})
    before = fake.snapshot()
    response = client.put(f"{W}/{webhook['id']}", json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before
    assert client.get(W, headers=ADMIN).json()["payload"]["webhooks"][0] == webhook


def test_update_keeps_its_own_url(client):
    webhook = created(client, {"url": "https://crm.test/hook"})
    response = client.put(f"{W}/{webhook['id']}", json={"url": "https://crm.test/hook"}, headers=ADMIN)
    assert response.status_code == 200


def test_unknown_and_other_accounts_webhooks_are_not_found(client, fake):
    other = fake.store.webhooks.create(2, url="https://globex.test/hook")
    before = fake.snapshot()
    for method in ("PUT", "PATCH", "DELETE"):
        for webhook_id in (999, other.id):
            response = client.request(method, f"{W}/{webhook_id}", json={"name": "x"}, headers=ADMIN)
            assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_destroy(client, fake):
    webhook = created(client, {"url": "https://crm.test/hook"})
    response = client.delete(f"{W}/{webhook['id']}", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert client.get(W, headers=ADMIN).json() == {"payload": {"webhooks": []}}
    assert fake.store.webhooks.get(1, webhook["id"]) is None


def test_there_is_no_show_route(client):
    webhook = created(client, {"url": "https://crm.test/hook"})
    response = client.get(f"{W}/{webhook['id']}", headers=ADMIN)
    assert (response.status_code, response.json()) == (404, {"status": 404, "error": "Not Found"})
