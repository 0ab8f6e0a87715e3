"""Port of spec/policies/contact_policy_spec.rb (v4.10): administrators and agents may list, show,
update and create contacts (the `permissions` groups name the its)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/policies/contact_policy_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}

READ_WRITE = "permissions :index?, :show?, :update?"
CREATE = "permissions :create?"
IT = "{ expect(contact_policy).to permit(%s_context, contact) }"


def index_show_update(acc: Account, headers: dict[str, str]) -> None:
    contact = acc.contact(email="policy@example.test")
    assert contact["id"] in [
        c["id"] for c in ok(acc.http.get(f"{acc.url}/contacts", headers=headers))["payload"]
    ]
    assert (
        ok(acc.http.get(f"{acc.url}/contacts/{contact['id']}", headers=headers))["payload"]["id"]
        == contact["id"]
    )
    body = {"name": "Renamed"}
    assert (
        ok(acc.http.patch(f"{acc.url}/contacts/{contact['id']}", json=body, headers=headers))["payload"][
            "name"
        ]
        == "Renamed"
    )


def create(acc: Account, headers: dict[str, str]) -> Any:
    return ok(acc.http.post(f"{acc.url}/contacts", json={"name": "Made"}, headers=headers))["payload"][
        "contact"
    ]


@ports(f"{READ_WRITE} > when administrator > {IT % 'administrator'}")
def test_administrator_reads_and_updates(http):
    acc = fresh_account(http)
    index_show_update(acc, acc.admin)


@ports(f"{READ_WRITE} > when agent > {IT % 'agent'}")
def test_agent_reads_and_updates(http):
    acc = fresh_account(http)
    index_show_update(acc, acc.agent)


@ports(f"{CREATE} > when administrator > {IT % 'administrator'}")
def test_administrator_creates(http):
    acc = fresh_account(http)
    assert create(acc, acc.admin)["name"] == "Made"


@ports(f"{CREATE} > when agent > {IT % 'agent'}")
def test_agent_creates(http):
    acc = fresh_account(http)
    assert create(acc, acc.agent)["name"] == "Made"
