"""Port of spec/models/account_user_spec.rb (Chatwoot v4.10): its HTTP-visible parts."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, add_inbox_member, new_conversation, new_user, ok

SPEC = "spec/models/account_user_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}


@ports("notification_settings > gets created with the right default settings")
def test_a_new_member_gets_default_notification_settings(http):
    """AccountUser#create_notification_setting: e-mail on assignment, not on creation."""
    agent = new_user(http)
    setting = ok(http.get("/api/v1/accounts/1/notification_settings", headers=agent["headers"]))
    assert setting["user_id"] == agent["id"]
    assert "email_conversation_assignment" in setting["selected_email_flags"]
    assert "email_conversation_creation" not in setting["selected_email_flags"]


@ports(
    "permissions > returns the right permissions",
    "permissions > returns the right permissions for administrator",
)
def test_permissions_follow_the_role(http):
    agent = new_user(http)
    assert ok(http.get("/api/v1/profile", headers=agent["headers"]))["accounts"][0]["permissions"] == [
        "agent"
    ]
    ok(http.put(f"/api/v1/accounts/1/agents/{agent['id']}", json={"role": "administrator"}, headers=ADMIN))
    profile = ok(http.get("/api/v1/profile", headers=agent["headers"]))
    assert profile["accounts"][0]["permissions"] == ["administrator"]


@ports("destroy call agent::destroy service > gets created with the right default settings")
def test_removing_the_member_unassigns_its_conversations(http, fake):
    """Agents::DestroyJob: the account's conversations assigned to the user lose the assignee
    (and the user leaves the account's teams and inboxes)."""
    agent = new_user(http)
    link = {"name": agent["name"], "email": agent["email"]}
    ok(
        http.post(
            "/api/v1/accounts/2/agents",
            json=link,
            headers={"api_access_token": "fakewoot-globex-admin-token"},
        )
    )
    add_inbox_member(http, API_INBOX, agent["id"])
    ok(http.post("/api/v1/accounts/1/teams/1/team_members", json={"user_ids": [agent["id"]]}, headers=ADMIN))
    conversation = new_conversation(http, assignee_id=agent["id"])
    url = f"/api/v1/accounts/1/conversations/{conversation['id']}"
    assert ok(http.get(url, headers=ADMIN))["meta"]["assignee"]["id"] == agent["id"]
    ok(http.delete(f"/api/v1/accounts/1/agents/{agent['id']}", headers=ADMIN))
    assert ok(http.get(url, headers=ADMIN))["meta"].get("assignee") is None
    members = ok(http.get(f"/api/v1/accounts/1/inbox_members/{API_INBOX}", headers=ADMIN))["payload"]
    assert agent["id"] not in [m["id"] for m in members]
    team = ok(http.get("/api/v1/accounts/1/teams/1/team_members", headers=ADMIN))
    assert agent["id"] not in [m["id"] for m in team]
