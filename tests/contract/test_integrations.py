"""Integration apps and hooks (v4.10, no third-party credentials configured): the active apps, the app
partial (admin-only apps.yml params, action and button), the hook partial (admin-only settings and
reference_id), hooks' validations, the auth matrix. Source: apps_controller.rb, hooks_controller.rb,
app/models/integrations/app.rb, hook.rb, config/integration/apps.yml, _app/_hook.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.api.integrations import MSG_NO_PROCESSOR, MSG_NOT_VALID_STATUS
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.store.hooks import MSG_FEATURE_NOT_ENABLED, MSG_INVALID_SETTINGS
from fakewoot.store.integration_apps import APPS, MISSING_TRANSLATION
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

BASE = "/api/v1/accounts/1/integrations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
ACTIVE = ["webhook", "dashboard_apps", "openai", "dialogflow", "google_translate", "dyte"]
APP_KEYS = {
    "id": str,
    "name": str,
    "description": str,
    "short_description": str,
    "enabled": bool,
    "hooks": list,
}
HOOK_KEYS = {
    "id": int,
    "app_id": str,
    "status": bool,
    "inbox": (dict, type(None)),
    "account_id": int,
    "hook_type": str,
}
ADMIN_HOOK_KEYS = {**HOOK_KEYS, "settings": dict, "reference_id": (str, type(None))}
OPENAI = {"hook": {"app_id": "openai", "settings": {"api_key": "sk-test"}}}


def _create(client, body, headers=ADMIN):
    return client.post(BASE + "/hooks", json=body, headers=headers)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/apps", None),
        ("GET", "/apps/openai", None),
        ("POST", "/hooks", OPENAI),
        ("PATCH", "/hooks/1", {"status": "disabled"}),
        ("DELETE", "/hooks/1", None),
        ("POST", "/hooks/1/process_event", {"event": "rephrase"}),
    ],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path, body):
    assert_refuses_strangers(client, method, BASE + path, json=body)
    bot = client.request(method, BASE + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, BASE + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert client.get(BASE + "/apps/openai", headers=ADMIN).json()["hooks"] == []


def test_index_lists_active_apps_in_apps_yml_order_for_an_agent(client):
    answer = client.get(BASE + "/apps", headers=AGENT)
    assert answer.status_code == 200 and list(answer.json()) == ["payload"]
    apps = answer.json()["payload"]
    assert [app["id"] for app in apps] == ACTIVE  # slack, linear, notion, shopify need credentials
    for app in apps:
        assert_shape(app, APP_KEYS)
        assert list(app) == list(APP_KEYS) and "action" not in app
    webhook = apps[0]
    assert webhook["name"] == "Webhooks"
    assert webhook["short_description"] == MISSING_TRANSLATION.format(key="webhooks")
    assert (
        apps[2]["short_description"]
        == "AI-powered reply suggestions, summarization, and message enhancement."
    )


def test_index_for_an_admin_adds_the_apps_yml_params_action_and_button(client):
    apps = client.get(BASE + "/apps", headers=ADMIN).json()["payload"]
    openai = next(app for app in apps if app["id"] == "openai")
    config = next(app for app in APPS if app["id"] == "openai")
    assert list(openai) == [*APP_KEYS][:5] + [k for k in config if k != "id"] + ["button", "hooks"]
    assert (openai["action"], openai["button"], openai["hook_type"]) == ("/openai", "/openai", "account")
    assert openai["settings_json_schema"]["required"] == ["api_key"]
    dashboard = next(app for app in apps if app["id"] == "dashboard_apps")
    assert list(dashboard)[-3:] == ["action", "button", "hooks"] and dashboard["action"] is None


def test_feature_gated_app_appears_with_the_account_feature(client, fake):
    fake.store.accounts.set_features(fake.store.account(1), {"crm_integration": True})
    ids = [app["id"] for app in client.get(BASE + "/apps", headers=AGENT).json()["payload"]]
    assert ids == [*ACTIVE, "leadsquared"]


def test_show_finds_inactive_apps_and_unknown_ids_are_404(client):
    slack = client.get(BASE + "/apps/slack", headers=ADMIN)
    assert slack.status_code == 200 and slack.json()["name"] == "Slack"
    assert slack.json()["action"].endswith(
        "&client_id=&redirect_uri=/app/accounts/1/settings/integrations/slack"
    )
    linear = client.get(BASE + "/apps/linear", headers=ADMIN).json()
    assert linear["action"] == (
        "https://linear.app/oauth/authorize?response_type=code&client_id=&redirect_uri=/linear/callback"
        "&state=&scope=read,write&prompt=consent&actor=app"
    )
    missing = client.get(BASE + "/apps/nope", headers=AGENT)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_enabled_follows_webhooks_dashboard_apps_and_hooks(client):
    def enabled(app_id):
        return client.get(f"{BASE}/apps/{app_id}", headers=AGENT).json()["enabled"]

    assert not enabled("webhook") and not enabled("dashboard_apps") and not enabled("openai")
    client.post("/api/v1/accounts/1/webhooks", json={"url": "https://hooks.example/x"}, headers=ADMIN)
    frame = [{"url": "https://crm.example", "type": "frame"}]
    client.post("/api/v1/accounts/1/dashboard_apps", json={"title": "CRM", "content": frame}, headers=ADMIN)
    assert _create(client, OPENAI).status_code == 200
    assert enabled("webhook") and enabled("dashboard_apps") and enabled("openai")


def test_create_hook_renders_the_hook_partial_and_apps_list_it(client):
    answer = _create(
        client, {"app_id": "dialogflow", "inbox_id": 1, "settings": {"project_id": "p", "credentials": {}}}
    )
    assert answer.status_code == 200
    hook = answer.json()
    assert_shape(hook, ADMIN_HOOK_KEYS)
    assert list(hook) == list(ADMIN_HOOK_KEYS)
    assert (hook["hook_type"], hook["status"], hook["inbox"]) == (
        "inbox",
        True,
        {"id": 1, "name": hook["inbox"]["name"]},
    )
    agent_view = client.get(BASE + "/apps/dialogflow", headers=AGENT).json()["hooks"]
    assert agent_view == [{k: hook[k] for k in HOOK_KEYS}]  # no settings for agents
    admin_view = client.get(BASE + "/apps/dialogflow", headers=ADMIN).json()["hooks"]
    assert admin_view == [hook]


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"app_id": "openai"}, MSG_INVALID_SETTINGS, ["settings"]),
        ({"app_id": "openai", "settings": {"api_key": "k", "extra": 1}}, MSG_INVALID_SETTINGS, ["settings"]),
        ({"app_id": "openai", "settings": {"api_key": 5}}, MSG_INVALID_SETTINGS, ["settings"]),
        (
            {"app_id": "dialogflow", "settings": {"project_id": "p", "credentials": {}}},
            "Inbox can't be blank",
            ["inbox_id"],
        ),
        (
            {"app_id": "leadsquared", "settings": {"access_key": "a", "secret_key": "s"}},
            MSG_FEATURE_NOT_ENABLED,
            ["feature_flag"],
        ),
        ({"app_id": ""}, "App can't be blank", ["app_id"]),
    ],
)
def test_create_hook_validations(client, body, message, attributes):
    answer = _create(client, body)
    assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes})
    assert client.get(BASE + "/apps/openai", headers=ADMIN).json()["hooks"] == []


def test_app_id_is_unique_unless_the_app_allows_several(client):
    assert _create(client, OPENAI).status_code == 200
    again = _create(client, OPENAI)
    assert (again.status_code, again.json()) == (
        422,
        {"message": "App has already been taken", "attributes": ["app_id"]},
    )
    flow = {"app_id": "dialogflow", "inbox_id": 1, "settings": {"project_id": "p", "credentials": {}}}
    assert _create(client, flow).status_code == 200 and _create(client, flow).status_code == 200


def test_writes_are_for_administrators_and_fetch_hook_comes_first(client):
    denied = _create(client, OPENAI, AGENT)
    assert (denied.status_code, denied.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    hook = _create(client, OPENAI).json()
    for method in ("PATCH", "DELETE"):
        refused = client.request(
            method, f"{BASE}/hooks/{hook['id']}", json={"status": "disabled"}, headers=AGENT
        )
        assert (refused.status_code, refused.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
        missing = client.request(method, f"{BASE}/hooks/999", json={"status": "disabled"}, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_update_takes_status_and_settings_only(client):
    hook = _create(client, OPENAI).json()
    url = f"{BASE}/hooks/{hook['id']}"
    answer = client.patch(
        url, json={"status": "disabled", "app_id": "dyte", "settings": {"api_key": "new"}}, headers=ADMIN
    )
    assert answer.status_code == 200
    assert answer.json() == {**hook, "status": False, "settings": {"api_key": "new"}}
    assert client.patch(url, json={"status": 1}, headers=ADMIN).json()["status"] is True
    bad = client.patch(url, json={"status": "paused"}, headers=ADMIN)
    assert (bad.status_code, bad.json()) == (422, {"error": MSG_NOT_VALID_STATUS.format(value="paused")})
    invalid = client.patch(url, json={"settings": {"nope": True}}, headers=ADMIN)
    assert invalid.status_code == 422 and invalid.json()["message"] == MSG_INVALID_SETTINGS
    assert client.get(BASE + "/apps/openai", headers=ADMIN).json()["hooks"][0]["settings"] == {
        "api_key": "new"
    }


def test_destroy_removes_the_hook(client):
    hook = _create(client, OPENAI).json()
    answer = client.delete(f"{BASE}/hooks/{hook['id']}", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert client.get(BASE + "/apps/openai", headers=ADMIN).json()["hooks"] == []
    gone = client.delete(f"{BASE}/hooks/{hook['id']}", headers=ADMIN)
    assert gone.status_code == 404


def test_process_event_for_agents(client):
    openai = _create(client, OPENAI).json()
    flow = _create(client, {"app_id": "dyte", "settings": {"api_key": "a", "organization_id": "o"}}).json()
    other = client.post(f"{BASE}/hooks/{flow['id']}/process_event", json={"event": "rephrase"}, headers=AGENT)
    assert (other.status_code, other.json()) == (422, {"error": MSG_NO_PROCESSOR})
    url = f"{BASE}/hooks/{openai['id']}/process_event"
    plain = client.post(url, json={"event": "rephrase"}, headers=AGENT)  # a string event has no name
    assert (plain.status_code, plain.json()) == (200, {"message": None})
    unknown = client.post(url, json={"event": {"name": "translate"}}, headers=AGENT)
    assert (unknown.status_code, unknown.json()) == (200, {"message": None})
    real = client.post(url, json={"event": {"name": "rephrase", "data": {"content": "hi"}}}, headers=AGENT)
    assert real.status_code == 501
