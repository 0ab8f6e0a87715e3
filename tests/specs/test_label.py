"""Port of spec/models/label_spec.rb (Chatwoot v4.10): the title rules and the rename job, seen
through the labels API and the records tagged with the label."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, new_conversation, ok
from tests.specs.support_inboxes import OTHER_ADMIN

SPEC = "spec/models/label_spec.rb"
UPSTREAM_ITS = 9
SKIPPED = {
    "associations > is_expected.to belong_to(:account)": "internal: an association matcher",
}

L = "/api/v1/accounts/1/labels"
TITLES = "title validations"


def _create(http: Any, title: str) -> Any:
    return http.post(L, json={"label": {"title": title}}, headers=ADMIN)


@ports(
    f"{TITLES} > would not let you start title without numbers or letters",
    f"{TITLES} > would not let you use special characters",
    f"{TITLES} > would not allow space",
)
def test_titles_of_other_characters_are_invalid(http):
    before = ok(http.get(L, headers=ADMIN))["payload"]
    for title in ("_12", "jell;;2_12", "heeloo _12"):
        response = _create(http, title)
        assert response.status_code == 422, title
        assert response.json()["attributes"] == ["title"]
    assert ok(http.get(L, headers=ADMIN))["payload"] == before


@ports(f"{TITLES} > allows foreign charactes")
def test_titles_of_any_script_are_valid(http):
    assert ok(_create(http, "学中文_12"))["title"] == "学中文_12"


@ports(f"{TITLES} > converts uppercase letters to lowercase")
def test_titles_are_lower_cased(http):
    assert ok(_create(http, "Hello_World"))["title"] == "hello_world"


@ports(f"{TITLES} > validates uniqueness of label name for account")
def test_titles_are_unique_per_account(http):
    ok(_create(http, "duplicate"))
    response = _create(http, "duplicate")
    assert (response.status_code, response.json()["message"]) == (422, "Title has already been taken")
    # another account may use the same title
    other = http.post(
        "/api/v1/accounts/2/labels", json={"label": {"title": "duplicate"}}, headers=OTHER_ADMIN
    )
    assert other.status_code == 200


@ports(".after_update_commit > calls update job")
def test_renaming_a_label_renames_it_on_conversations_and_contacts(http):
    label = ok(_create(http, "old-title"))
    conversation = new_conversation(http)
    conversation_labels = f"/api/v1/accounts/1/conversations/{conversation['id']}/labels"
    ok(http.post(conversation_labels, json={"labels": ["old-title", "kept"]}, headers=ADMIN))
    contact = new_contact(http)
    contact_labels = f"/api/v1/accounts/1/contacts/{contact['id']}/labels"
    ok(http.post(contact_labels, json={"labels": ["old-title"]}, headers=ADMIN))
    ok(http.patch(f"{L}/{label['id']}", json={"title": "new-title"}, headers=ADMIN))
    assert ok(http.get(conversation_labels, headers=ADMIN))["payload"] == ["kept", "new-title"]
    assert ok(http.get(contact_labels, headers=ADMIN))["payload"] == ["new-title"]


@ports(".after_update_commit > does not call update job if title is not updated")
def test_changing_the_description_leaves_tagged_records_alone(http):
    label = ok(_create(http, "steady"))
    conversation = new_conversation(http)
    conversation_labels = f"/api/v1/accounts/1/conversations/{conversation['id']}/labels"
    ok(http.post(conversation_labels, json={"labels": ["steady"]}, headers=ADMIN))
    before = ok(http.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN))
    ok(http.patch(f"{L}/{label['id']}", json={"description": "new-description"}, headers=ADMIN))
    after = ok(http.get(f"/api/v1/accounts/1/conversations/{conversation['id']}", headers=ADMIN))
    assert after["labels"] == ["steady"]
    assert after["updated_at"] == before["updated_at"]  # the conversation was not saved again
