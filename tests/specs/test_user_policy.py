"""Port of spec/policies/user_policy_spec.rb (Chatwoot v4.10) through the agents endpoints, which
authorize with UserPolicy (`check_authorization(User)`)."""

from __future__ import annotations

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, new_user, ok

SPEC = "spec/policies/user_policy_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}
CUD = "permissions :create?, :update?, :destroy?"
IX = "permissions :index?"
A = "/api/v1/accounts/1/agents"


def _create_update_destroy(http, headers):
    created = http.post(A, json={"name": "Policy", "email": "policy@example.test"}, headers=headers)
    target = new_user(http)
    updated = http.patch(f"{A}/{target['id']}", json={"name": "Renamed"}, headers=headers)
    destroyed = http.delete(f"{A}/{target['id']}", headers=headers)
    return created, updated, destroyed


@ports(f"{CUD} > when administrator > expect(user_policy).to permit(administrator_context, user)")
def test_administrator_may_create_update_destroy(http):
    for response in _create_update_destroy(http, ADMIN):
        assert response.status_code == 200, response.text


@ports(f"{CUD} > when agent > expect(user_policy).not_to permit(agent_context, user)")
def test_agent_may_not_create_update_destroy(http, fake):
    for response in _create_update_destroy(http, AGENT):
        assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.store.users.by_email("policy@example.test") is None


@ports(f"{IX} > when administrator > expect(user_policy).to permit(administrator_context, user)")
def test_administrator_may_list(http):
    assert len(ok(http.get(A, headers=ADMIN))) >= 2


@ports(f"{IX} > when agent > expect(user_policy).to permit(agent_context, user)")
def test_agent_may_list(http):
    assert [a["id"] for a in ok(http.get(A, headers=AGENT))] == [
        a["id"] for a in ok(http.get(A, headers=ADMIN))
    ]
