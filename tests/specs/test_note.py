"""Port of spec/models/note_spec.rb (v4.10) through the contact notes API."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import fresh_account

SPEC = "spec/models/note_spec.rb"
UPSTREAM_ITS = 7
SKIPPED = {
    "validations > { is_expected.to validate_presence_of(:account_id) }": "internal: `ensure_account_id` "
    "copies the contact's account; no request can leave it out",
    "validations > { is_expected.to validate_presence_of(:contact_id) }": "internal: the contact comes from "
    "the route (`@contact.notes.create!`)",
    "associations > { is_expected.to belong_to(:account) }": "internal: an ActiveRecord association",
    "associations > { is_expected.to belong_to(:contact) }": "internal: an ActiveRecord association",
}


@ports("validations > { is_expected.to validate_presence_of(:content) }")
def test_content_is_required(http):
    acc = fresh_account(http)
    url = f"{acc.url}/contacts/{acc.contact()['id']}/notes"
    for blank in ("", "   ", None):
        response = http.post(url, json={"content": blank}, headers=acc.agent)
        assert (response.status_code, response.json()) == (
            422,
            {"message": "Content can't be blank", "attributes": ["content"]},
        )
    assert ok(http.get(url, headers=acc.agent)) == []


@ports("associations > { is_expected.to belong_to(:user).optional }")
def test_author_is_optional(http):
    """A note outlives its author: listed without `user` once the author left the account."""
    acc = fresh_account(http)
    author_id, author = acc.user()
    url = f"{acc.url}/contacts/{acc.contact()['id']}/notes"
    note = ok(http.post(url, json={"content": "by a leaver"}, headers=author))
    assert note["user"]["id"] == author_id
    ok(http.delete(f"{acc.url}/agents/{author_id}", headers=acc.admin))
    [listed] = ok(http.get(url, headers=acc.admin))
    assert listed["id"] == note["id"] and "user" not in listed


@ports("validates_factory > creates valid note object")
def test_creates_a_note(http):
    acc = fresh_account(http)
    url = f"{acc.url}/contacts/{acc.contact()['id']}/notes"
    assert ok(http.post(url, json={"content": "Hey welcome to chatwoot"}, headers=acc.agent))["content"] == (
        "Hey welcome to chatwoot"
    )
