"""Slack, Linear, Shopify, Notion and Dyte sub-routes on a v4.10 install with no third-party
credentials: the guards, hook lookups (404), destroying a hook, Shopify's OAuth URL, the parameter
checks, 501 where a configured hook would call the third party. Source:
app/controllers/api/v1/accounts/integrations/*_controller.rb."""

from __future__ import annotations

import pytest

from fakewoot.api.integration_services import (
    MSG_CONTACT_INFO_MISSING,
    MSG_DYTE_INVALID_MESSAGE,
    MSG_SHOP_DOMAIN_REQUIRED,
    MSG_SLACK_INVALID_CLIENT,
)
from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

BASE = "/api/v1/accounts/1/integrations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
MISSING = (404, {"error": MSG_NOT_FOUND})
ROUTES = [
    ("POST", "/slack"),
    ("PATCH", "/slack"),
    ("DELETE", "/slack"),
    ("GET", "/slack/list_all_channels"),
    ("DELETE", "/linear"),
    ("GET", "/linear/teams"),
    ("GET", "/linear/team_entities"),
    ("POST", "/linear/create_issue"),
    ("GET", "/linear/search_issue"),
    ("GET", "/linear/linked_issues"),
    ("DELETE", "/shopify"),
    ("POST", "/shopify/auth"),
    ("GET", "/shopify/orders"),
    ("DELETE", "/notion"),
    ("POST", "/dyte/create_a_meeting"),
    ("POST", "/dyte/add_participant_to_meeting"),
]


def _call(client, method, path, headers, **kwargs):
    response = client.request(method, BASE + path, headers=headers, **kwargs)
    return response.status_code, (response.json() if response.content else None)


def _hook(fake, app_id, **settings):
    return fake.store.hooks.create(1, app_id=app_id, settings=settings or None)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_strangers_and_bots_are_refused(client, method, path):
    assert_refuses_strangers(client, method, BASE + path)
    assert _call(client, method, path, token(BOT_TOKEN)) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})


def test_slack_is_for_administrators_and_needs_its_hook(client, fake):
    for method, path in ROUTES[:4]:
        assert _call(client, method, path, AGENT) == DENIED
    assert _call(client, "POST", "/slack", ADMIN, json={"code": "abc"}) == (
        422,
        {"error": MSG_SLACK_INVALID_CLIENT},
    )
    for method, path in (("PATCH", "/slack"), ("DELETE", "/slack"), ("GET", "/slack/list_all_channels")):
        assert _call(client, method, path, ADMIN) == MISSING
    hook = _hook(fake, "slack")
    assert _call(client, "GET", "/slack/list_all_channels", ADMIN)[0] == 501
    assert _call(client, "DELETE", "/slack", ADMIN) == (200, None)
    assert fake.store.hooks.get(1, hook.id) is None


def test_linear_without_its_hook(client, fake):
    for path in ("/linear/teams", "/linear/team_entities", "/linear/search_issue?q=bug"):
        assert _call(client, "GET", path, AGENT) == MISSING
    assert _call(client, "GET", "/linear/search_issue", AGENT) == (204, None)  # `&& return` renders nothing
    assert _call(client, "POST", "/linear/create_issue", AGENT, json={"conversation_id": 999}) == MISSING
    conversation = next(iter(fake.store.account(1).conversations.values()))
    body = {"conversation_id": conversation.display_id, "title": "Bug"}
    assert _call(client, "POST", "/linear/create_issue", AGENT, json=body) == MISSING  # the hook
    assert _call(client, "DELETE", "/linear", AGENT) == MISSING
    _hook(fake, "linear")
    assert _call(client, "POST", "/linear/link_issue", AGENT, json=body)[0] == 501
    assert _call(client, "DELETE", "/linear", AGENT) == (200, None)  # no policy: agents too


def test_shopify_auth_orders_and_destroy(client, fake):
    assert _call(client, "POST", "/shopify/auth", AGENT) == (422, {"error": MSG_SHOP_DOMAIN_REQUIRED})
    status, body = _call(client, "POST", "/shopify/auth", AGENT, json={"shop_domain": "acme.myshopify.com"})
    assert status == 200 and body == {
        "redirect_url": "https://acme.myshopify.com/admin/oauth/authorize?client_id"
        "&scope=read_customers%2Cread_orders%2Cread_fulfillments&redirect_uri=%2Fshopify%2Fcallback&state"
    }
    assert _call(client, "GET", "/shopify/orders?contact_id=1", AGENT) == MISSING
    assert _call(client, "DELETE", "/shopify", AGENT) == MISSING
    _hook(fake, "shopify")
    orders = _call(client, "GET", "/shopify/orders?contact_id=999", AGENT)
    assert orders == (422, {"error": MSG_CONTACT_INFO_MISSING})
    assert _call(client, "DELETE", "/shopify", AGENT) == (200, None)


def test_notion_destroy(client, fake):
    assert _call(client, "DELETE", "/notion", AGENT) == MISSING
    _hook(fake, "notion")
    assert _call(client, "DELETE", "/notion", AGENT) == (200, None)
    assert fake.store.hooks.of(1, "notion") == []


def test_dyte_checks_the_conversation_message_and_hook(client, fake):
    account = fake.store.account(1)
    hidden = next(c for c in account.conversations.values() if c.inbox_id == 2)  # jane is not in inbox 2
    assert _call(client, "POST", "/dyte/create_a_meeting", AGENT, json={"conversation_id": 999}) == MISSING
    assert (
        _call(client, "POST", "/dyte/create_a_meeting", AGENT, json={"conversation_id": hidden.display_id})
        == DENIED
    )
    mine = next(c for c in account.conversations.values() if c.inbox_id == 1)
    assert (
        _call(client, "POST", "/dyte/create_a_meeting", AGENT, json={"conversation_id": mine.display_id})
        == MISSING
    )
    _hook(fake, "dyte", api_key="k", organization_id="o")
    assert (
        _call(client, "POST", "/dyte/create_a_meeting", AGENT, json={"conversation_id": mine.display_id})[0]
        == 501
    )
    text = next(m for m in account.messages.values() if m.conversation_id == mine.id)
    refused = _call(client, "POST", "/dyte/add_participant_to_meeting", AGENT, json={"message_id": text.id})
    assert refused == (422, {"error": MSG_DYTE_INVALID_MESSAGE})
    assert (
        _call(client, "POST", "/dyte/add_participant_to_meeting", AGENT, json={"message_id": 99999})
        == MISSING
    )
