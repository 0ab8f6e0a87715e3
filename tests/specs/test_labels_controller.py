"""Port of spec/controllers/api/v1/accounts/labels_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import new_admin

SPEC = "spec/controllers/api/v1/accounts/labels_controller_spec.rb"
UPSTREAM_ITS = 8

L = "/api/v1/accounts/1/labels"
INDEX = "GET /api/v1/accounts/{account.id}/labels"
SHOW = "GET /api/v1/accounts/{account.id}/labels/:id"
CREATE = "POST /api/v1/accounts/{account.id}/labels"
UPDATE = "PATCH /api/v1/accounts/{account.id}/labels/:id"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AUTH = "when it is an authenticated user"


def _new_label(http: Any, title: str = "spec-label") -> dict[str, Any]:
    return ok(http.post(L, json={"label": {"title": title}}, headers=ADMIN))


def _titles(http: Any) -> list[str]:
    return [label["title"] for label in ok(http.get(L, headers=ADMIN))["payload"]]


@ports(f"{INDEX} > {UNAUTH}", f"{SHOW} > {UNAUTH}", f"{CREATE} > {UNAUTH}", f"{UPDATE} > {UNAUTH}")
def test_labels_refuse_an_unauthenticated_caller(http):
    label = _new_label(http)
    before = _titles(http)
    assert http.get(L).status_code == 401
    assert http.get(f"{L}/{label['id']}").status_code == 401
    assert http.post(L, data={"label[title]": "test"}).status_code == 401
    assert http.put(f"{L}/{label['id']}", data={"title": "Test_2"}).status_code == 401
    assert _titles(http) == before  # nothing created, nothing renamed


@ports(f"{INDEX} > {AUTH} > returns all the labels in account")
def test_index_lists_the_accounts_labels(http):
    label = _new_label(http)
    admin = new_admin(http)
    response = http.get(L, headers=admin["headers"])
    assert response.status_code == 200
    assert label["title"] in response.text


@ports(f"{SHOW} > {AUTH} > shows the contact")
def test_show_answers_the_label(http):
    label = _new_label(http)
    admin = new_admin(http)
    response = http.get(f"{L}/{label['id']}", headers=admin["headers"])
    assert response.status_code == 200
    assert label["title"] in response.text


@ports(f"{CREATE} > {AUTH} > creates the contact")
def test_create_adds_a_label_from_a_form(http):
    admin = new_admin(http)
    before = len(_titles(http))
    response = http.post(L, data={"label[title]": "test"}, headers=admin["headers"])
    assert response.status_code == 200
    assert len(_titles(http)) == before + 1


@ports(f"{UPDATE} > {AUTH} > updates the label")
def test_update_renames_the_label_lower_cased(http):
    label = _new_label(http)
    admin = new_admin(http)
    response = http.patch(f"{L}/{label['id']}", json={"title": "Test_2"}, headers=admin["headers"])
    assert response.status_code == 200
    assert ok(http.get(f"{L}/{label['id']}", headers=ADMIN))["title"] == "test_2"
