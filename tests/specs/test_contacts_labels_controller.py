"""Port of spec/controllers/api/v1/accounts/contacts/labels_controller_spec.rb (v4.10).

The spec's `contact.update_labels('label1, label2')` is the labels API's POST."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contacts/labels_controller_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}

GET = "GET /api/v1/accounts/{account.id}/contacts/<id>/labels"
POST = "POST /api/v1/accounts/{account.id}/contacts/<id>/labels"


def setup(http: Any) -> tuple[Account, str]:
    acc = fresh_account(http)
    contact = acc.contact()
    url = f"{acc.url}/contacts/{contact['id']}/labels"
    ok(http.post(url, json={"labels": ["label1", "label2"]}, headers=acc.admin))
    return acc, url


@ports(f"{GET} > when it is an unauthenticated user > returns unauthorized")
def test_list_unauthenticated(http):
    _, url = setup(http)
    assert http.get(url).status_code == 401


@ports(f"{GET} > when it is an authenticated user > returns all the labels for the contact")
def test_list(http):
    acc, url = setup(http)
    response = http.get(url, headers=acc.agent)
    assert response.status_code == 200
    assert "label1" in response.text and "label2" in response.text


@ports(f"{POST} > when it is an unauthenticated user > returns unauthorized")
def test_create_unauthenticated(http):
    _, url = setup(http)
    assert http.post(url, json={"labels": ["label3", "label4"]}).status_code == 401


@ports(f"{POST} > when it is an authenticated user > creates labels for the contact")
def test_create(http):
    acc, url = setup(http)
    response = http.post(url, json={"labels": ["label3", "label4"]}, headers=acc.agent)
    assert response.status_code == 200
    assert "label3" in response.text and "label4" in response.text
