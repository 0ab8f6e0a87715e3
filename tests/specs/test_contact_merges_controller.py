"""Port of spec/controllers/api/v1/accounts/actions/contact_merges_controller_spec.rb (v4.10).
The spec stubs ContactMergeAction; the port runs it and checks the answer the spec checks."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support_contacts import fresh_account

SPEC = "spec/controllers/api/v1/accounts/actions/contact_merges_controller_spec.rb"
UPSTREAM_ITS = 2
SKIPPED: dict[str, str] = {}

BASE = "POST /api/v1/accounts/{account.id}/actions/contact_merge"


@ports(f"{BASE} > when it is an unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    acc = fresh_account(http)
    assert http.post(f"{acc.url}/actions/contact_merge").status_code == 401


@ports(f"{BASE} > when it is an authenticated user > merges two contacts by calling contact merge action")
def test_merges(http):
    acc = fresh_account(http)
    base, mergee = acc.contact(), acc.contact()
    body = {"base_contact_id": base["id"], "mergee_contact_id": mergee["id"]}
    response = http.post(f"{acc.url}/actions/contact_merge", json=body, headers=acc.agent)
    assert response.status_code == 200
    assert response.json()["id"] == base["id"]
    assert "contact_inboxes" not in response.json()  # the bare contact partial
    assert http.get(f"{acc.url}/contacts/{mergee['id']}", headers=acc.admin).status_code == 404
