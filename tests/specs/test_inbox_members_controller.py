"""Port of spec/controllers/api/v1/accounts/inbox_members_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import add_member, new_admin, new_agent, new_inbox

SPEC = "spec/controllers/api/v1/accounts/inbox_members_controller_spec.rb"
UPSTREAM_ITS = 19

M = "/api/v1/accounts/1/inbox_members"
SHOW = "GET /api/v1/accounts/{account.id}/inbox_members/:id"
CREATE = "POST /api/v1/accounts/{account.id}/inbox_members"
UPDATE = "PATCH /api/v1/accounts/{account.id}/inbox_members"
DESTROY = "DELETE /api/v1/accounts/{account.id}/inbox_members"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AGENT_401 = "when it is an authenticated agent > returns unauthorized"
ADMIN_CTX = "when it is an administrator"


def _members(http: Any, inbox_id: int) -> list[int]:
    return [a["id"] for a in ok(http.get(f"{M}/{inbox_id}", headers=ADMIN))["payload"]]


@ports(f"{SHOW} > {UNAUTH}", f"{CREATE} > {UNAUTH}", f"{UPDATE} > {UNAUTH}", f"{DESTROY} > {UNAUTH}")
def test_inbox_members_refuse_an_unauthenticated_caller(http):
    inbox = new_inbox(http)
    for method, url in (("GET", f"{M}/{inbox['id']}"), ("POST", M), ("PATCH", M), ("DELETE", M)):
        assert http.request(method, url).status_code == 401, method


@ports(f"{SHOW} > when it is an authenticated user with out access to inbox > returns inbox member")
def test_show_for_an_agent_outside_the_inbox_is_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http)
    assert http.get(f"{M}/{inbox['id']}", headers=agent["headers"]).status_code == 401


@ports(f"{SHOW} > when it is an authenticated user with access to inbox > returns inbox member")
def test_show_lists_the_inbox_members(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    body = ok(http.get(f"{M}/{inbox['id']}", headers=agent["headers"]))
    assert [a["id"] for a in body["payload"]] == [agent["id"]]


@ports(f"{CREATE} > {AGENT_401}", f"{UPDATE} > {AGENT_401}", f"{DESTROY} > {AGENT_401}")
def test_member_writes_as_agent_are_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    params = {"inbox_id": inbox["id"], "user_ids": [agent["id"]]}
    for method in ("POST", "PATCH", "DELETE"):
        assert http.request(method, M, json=params, headers=agent["headers"]).status_code == 401, method
    assert _members(http, inbox["id"]) == [agent["id"]]


@ports(f"{CREATE} > {ADMIN_CTX} > add inbox members")
def test_create_adds_members(http):
    inbox = new_inbox(http)
    old_agent = new_agent(http, inbox_id=inbox["id"])
    agent_to_add = new_agent(http)
    admin = new_admin(http)
    params = {"inbox_id": inbox["id"], "user_ids": [old_agent["id"], agent_to_add["id"]]}
    ok(http.post(M, json=params, headers=admin["headers"]))
    assert _members(http, inbox["id"]) == [old_agent["id"], agent_to_add["id"]]


@ports(
    f"{CREATE} > {ADMIN_CTX} > renders not found when inbox not found",
    f"{UPDATE} > {ADMIN_CTX} > renders not found when inbox not found",
    f"{DESTROY} > {ADMIN_CTX} > renders not found when inbox not found",
)
def test_member_writes_without_an_inbox_are_404(http):
    agent = new_agent(http)
    params = {"inbox_id": None, "user_ids": [agent["id"]]}
    for method in ("POST", "PATCH", "DELETE"):
        assert http.request(method, M, json=params, headers=ADMIN).status_code == 404, method


@ports(
    f"{CREATE} > {ADMIN_CTX} > renders error on invalid params",
    f"{UPDATE} > {ADMIN_CTX} > renders error on invalid params",
)
def test_member_writes_with_a_junk_user_id_are_422(http):
    inbox = new_inbox(http)
    old_agent = new_agent(http, inbox_id=inbox["id"])
    for method in ("POST", "PATCH"):
        response = http.request(
            method, M, json={"inbox_id": inbox["id"], "user_ids": ["invalid"]}, headers=ADMIN
        )
        assert response.status_code == 422, method
        assert "User must exist" in response.text
    assert _members(http, inbox["id"]) == [old_agent["id"]]


@ports(f"{UPDATE} > {ADMIN_CTX} > modifies inbox members")
def test_update_replaces_members(http):
    inbox = new_inbox(http)
    new_agent(http, inbox_id=inbox["id"])
    agent_to_add = new_agent(http)
    ok(http.patch(M, json={"inbox_id": inbox["id"], "user_ids": [agent_to_add["id"]]}, headers=ADMIN))
    assert _members(http, inbox["id"]) == [agent_to_add["id"]]


def _two_member_inbox(http: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    inbox = new_inbox(http)
    old_agent = new_agent(http, inbox_id=inbox["id"])
    agent_to_delete = new_agent(http)
    add_member(http, inbox["id"], agent_to_delete["id"])
    return inbox, old_agent, agent_to_delete


@ports(f"{DESTROY} > {ADMIN_CTX} > deletes inbox members")
def test_destroy_removes_members(http):
    inbox, old_agent, agent_to_delete = _two_member_inbox(http)
    response = http.request(
        "DELETE", M, json={"inbox_id": inbox["id"], "user_ids": [agent_to_delete["id"]]}, headers=ADMIN
    )
    assert response.status_code == 200
    assert _members(http, inbox["id"]) == [old_agent["id"]]


@ports(f"{DESTROY} > {ADMIN_CTX} > ignores invalid params")
def test_destroy_ignores_junk_ids(http):
    inbox, old_agent, agent_to_delete = _two_member_inbox(http)
    response = http.request(
        "DELETE", M, json={"inbox_id": inbox["id"], "user_ids": ["invalid"]}, headers=ADMIN
    )
    assert response.status_code == 200
    assert _members(http, inbox["id"]) == [old_agent["id"], agent_to_delete["id"]]


@ports(f"{DESTROY} > {ADMIN_CTX} > ignores non member params")
def test_destroy_ignores_non_members(http):
    inbox, old_agent, agent_to_delete = _two_member_inbox(http)
    non_member = new_agent(http)
    response = http.request(
        "DELETE", M, json={"inbox_id": inbox["id"], "user_ids": [non_member["id"]]}, headers=ADMIN
    )
    assert response.status_code == 200
    assert _members(http, inbox["id"]) == [old_agent["id"], agent_to_delete["id"]]
