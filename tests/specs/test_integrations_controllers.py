"""Ports of spec/controllers/api/v1/accounts/integrations/apps_controller_spec.rb and
hooks_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import API_INBOX, new_user, ok

APPS_SPEC = "spec/controllers/api/v1/accounts/integrations/apps_controller_spec.rb"
HOOKS_SPEC = "spec/controllers/api/v1/accounts/integrations/hooks_controller_spec.rb"
SPEC = [APPS_SPEC, HOOKS_SPEC]
UPSTREAM_ITS = {APPS_SPEC: 10, HOOKS_SPEC: 11}
SKIPPED = {
    APPS_SPEC: {
        "GET /api/v1/integrations/apps > when it is an authenticated user > "
        "returns slack app with appropriate redirect url when configured": (
            "not implemented: fakewoot has no SLACK_CLIENT_ID/SLACK_CLIENT_SECRET configuration "
            "(Slack is never active)"
        ),
    },
    HOOKS_SPEC: {},
}
BASE = "/api/v1/accounts/1/integrations"
INDEX = "GET /api/v1/integrations/apps"
SHOW = "GET /api/v1/integrations/apps/:id"
CREATE = "POST /api/v1/accounts/{account.id}/integrations/hooks"
UPDATE = "PATCH /api/v1/accounts/{account.id}/integrations/hooks/{hook_id}"
PROCESS = "POST /api/v1/accounts/{account.id}/integrations/hooks/{hook_id}/process_event"
DESTROY = "DELETE /api/v1/accounts/{account.id}/integrations/hooks/{hook_id}"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
PARAMS = {
    "app_id": "dialogflow",
    "inbox_id": API_INBOX,
    "settings": {"project_id": "xx", "credentials": {"test": "test"}, "region": "europe-west1"},
}


def _users(http):
    return new_user(http)["headers"], new_user(http, role="administrator")["headers"]


def _hook(http, admin, app_id="slack", settings=None):
    """The factory's hook: slack with settings {test: test} unless told."""
    body = {"app_id": app_id, "settings": settings if settings is not None else {"test": "test"}}
    return ok(http.post(BASE + "/hooks", json=body, headers=admin))


@ports(INDEX + UNAUTH, SHOW + UNAUTH, spec=APPS_SPEC)
def test_apps_unauthenticated(http):
    assert http.get(BASE + "/apps").status_code == 401
    assert http.get(BASE + "/apps/slack").status_code == 401


@ports(
    INDEX + AUTHED + "returns all active apps without sensitive information if the user is an agent",
    INDEX + AUTHED + "returns all active apps with sensitive information if user is an admin",
    spec=APPS_SPEC,
)
def test_index_first_active_app(http):
    agent, admin = _users(http)
    first = ok(http.get(BASE + "/apps", headers=agent))["payload"][0]
    assert (first["id"], first["name"], first.get("action")) == ("webhook", "Webhooks", None)
    first = ok(http.get(BASE + "/apps", headers=admin))["payload"][0]
    assert (first["id"], first["name"], first["action"]) == ("webhook", "Webhooks", "/webhook")


@ports(
    INDEX + AUTHED + "will not return sensitive information for openai app for agents",
    INDEX + AUTHED + "will return sensitive information for openai app for admins",
    spec=APPS_SPEC,
)
def test_index_openai_hook_settings(http):
    agent, admin = _users(http)
    _hook(http, admin, "openai", {"api_key": "api_key"})

    def openai(headers):
        return next(
            a for a in ok(http.get(BASE + "/apps", headers=headers))["payload"] if a["id"] == "openai"
        )

    assert openai(agent)["hooks"][0].get("settings") is None
    assert openai(admin)["hooks"][0]["settings"] == {"api_key": "api_key"}


@ports(SHOW + AUTHED + "returns details of the app", spec=APPS_SPEC)
def test_show_slack(http):
    agent, _ = _users(http)
    app = ok(http.get(BASE + "/apps/slack", headers=agent))
    assert (app["id"], app["name"]) == ("slack", "Slack")


@ports(
    SHOW + AUTHED + "will not return sensitive information for openai app for agents",
    SHOW + AUTHED + "will return sensitive information for openai app for admins",
    spec=APPS_SPEC,
)
def test_show_openai_hook_settings(http):
    agent, admin = _users(http)
    _hook(http, admin, "openai", {"api_key": "api_key"})
    assert ok(http.get(BASE + "/apps/openai", headers=agent))["hooks"][0].get("settings") is None
    assert ok(http.get(BASE + "/apps/openai", headers=admin))["hooks"][0]["settings"] is not None


@ports(CREATE + UNAUTH, UPDATE + UNAUTH, PROCESS + UNAUTH, DESTROY + UNAUTH, spec=HOOKS_SPEC)
def test_hooks_unauthenticated(http):
    _, admin = _users(http)
    hook = _hook(http, admin)
    one = f"{BASE}/hooks/{hook['id']}"
    assert http.post(BASE + "/hooks", json=PARAMS).status_code == 401
    assert http.patch(one, json=PARAMS).status_code == 401
    assert http.post(one + "/process_event", json={"event": "rephrase"}).status_code == 401
    assert http.delete(one).status_code == 401
    assert ok(http.get(BASE + "/apps/slack", headers=admin))["hooks"] == [hook]


@ports(
    CREATE + AUTHED + "return unauthorized if agent",
    UPDATE + AUTHED + "return unauthorized if agent",
    DESTROY + AUTHED + "return unauthorized if agent",
    spec=HOOKS_SPEC,
)
def test_hooks_agents_refused(http):
    agent, admin = _users(http)
    hook = _hook(http, admin)
    one = f"{BASE}/hooks/{hook['id']}"
    assert http.post(BASE + "/hooks", json=PARAMS, headers=agent).status_code == 401
    assert http.patch(one, json=PARAMS, headers=agent).status_code == 401
    assert http.delete(one, headers=agent).status_code == 401
    assert ok(http.get(BASE + "/apps/slack", headers=admin))["hooks"] == [hook]
    assert ok(http.get(BASE + "/apps/dialogflow", headers=admin))["hooks"] == []


@ports(CREATE + AUTHED + "creates hooks if admin", spec=HOOKS_SPEC)
def test_create(http):
    _, admin = _users(http)
    data = ok(http.post(BASE + "/hooks", json=PARAMS, headers=admin))
    assert data["app_id"] == PARAMS["app_id"]


@ports(UPDATE + AUTHED + "updates hook if admin", spec=HOOKS_SPEC)
def test_update(http):
    _, admin = _users(http)
    hook = _hook(http, admin)
    data = ok(http.patch(f"{BASE}/hooks/{hook['id']}", json=PARAMS, headers=admin))
    assert data["app_id"] == "slack" and data["settings"] == PARAMS["settings"]


@ports(PROCESS + AUTHED + "will process the events", spec=HOOKS_SPEC)
def test_process_event(http):
    agent, admin = _users(http)
    hook = _hook(http, admin)
    answer = http.post(
        f"{BASE}/hooks/{hook['id']}/process_event",
        json={"event": "rephrase", "payload": {"test": "test"}},
        headers=agent,
    )
    assert answer.status_code == 422 and answer.json()["error"] == "No processor found"


@ports(DESTROY + AUTHED + "updates hook if admin", spec=HOOKS_SPEC)
def test_destroy(http):
    _, admin = _users(http)
    hook = _hook(http, admin)
    ok(http.delete(f"{BASE}/hooks/{hook['id']}", headers=admin))
    assert ok(http.get(BASE + "/apps/slack", headers=admin))["hooks"] == []
