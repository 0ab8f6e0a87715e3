"""Port of spec/controllers/api/v1/accounts/contacts/conversations_controller_spec.rb (v4.10).

A contact with two conversations in each of two inboxes; the agent is a member of the first inbox
only (Conversations::PermissionFilterService)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contacts/conversations_controller_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}

BASE = "GET /api/v1/accounts/{account.id}/contacts/:id/conversations"
LOGGED_IN = f"{BASE} > when user is logged in"


def setup(http: Any) -> tuple[Account, dict[str, Any]]:
    acc = fresh_account(http)
    contact = acc.contact()
    inbox_1, inbox_2 = acc.inbox(), acc.inbox()
    acc.add_member(inbox_1["id"], acc.agent_id)
    for _ in range(2):
        for inbox in (inbox_1, inbox_2):
            body = {"inbox_id": inbox["id"], "contact_id": contact["id"]}
            ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    return acc, contact


def listed(acc: Account, contact: dict[str, Any], headers: dict[str, str]) -> list[Any]:
    body = ok(acc.http.get(f"{acc.url}/contacts/{contact['id']}/conversations", headers=headers))
    return list(body["payload"])


@ports(f"{BASE} > when unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    acc, contact = setup(http)
    assert http.get(f"{acc.url}/contacts/{contact['id']}/conversations").status_code == 401


@ports(f"{LOGGED_IN} > with user as administrator > returns conversations from all inboxes")
def test_administrator_sees_all_inboxes(http):
    acc, contact = setup(http)
    assert len(listed(acc, contact, acc.admin)) == 4


@ports(f"{LOGGED_IN} > with user as agent > returns conversations from the inboxes which agent has access to")
def test_agent_sees_member_inboxes(http):
    acc, contact = setup(http)
    assert len(listed(acc, contact, acc.agent)) == 2


@ports(f"{LOGGED_IN} > with user as unknown role > returns conversations from no inboxes")
def test_unknown_role_sees_nothing(http, fake):
    """`create(:user, account:, role: nil)`: an account user with no role and no inbox; the role has no
    API, so it is cleared in the store."""
    acc, contact = setup(http)
    user_id, headers = acc.user()
    fake.store.account(acc.id).members[user_id].role = None
    assert listed(acc, contact, headers) == []
