"""Port of Chatwoot's spec/controllers/api/v1/accounts/contacts_controller_spec.rb (v4.10, e13e3c87).

Each test builds what the spec's `let` blocks build, over HTTP in a fresh account (the spec's
`create(:account)`), and asserts what the spec asserts. Where the spec stubs a collaborator
(OnlineStatusTracker, Contacts::ContactableInboxesService) the port sets the same state for real:
presence through the fake's store, inboxes through the API.
"""

from __future__ import annotations

from typing import Any

from fakewoot.store.contact_filters import MSG_INVALID_OPERATOR
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contacts_controller_spec.rb"
UPSTREAM_ITS = 56
SKIPPED = {
    "PATCH /api/v1/accounts/{account.id}/contacts/:id > when it is an authenticated user > "
    "updated avatar with avatar_url": "not implemented: Avatar::AvatarFromUrlJob (fakewoot has no "
    "network: `avatar_url` is accepted and never fetched)",
}

INDEX = "GET /api/v1/accounts/{account.id}/contacts"
IMPORT = "POST /api/v1/accounts/{account.id}/contacts/import"
EXPORT = "POST /api/v1/accounts/{account.id}/contacts/export"
ACTIVE = "GET /api/v1/accounts/{account.id}/contacts/active"
SEARCH = "GET /api/v1/accounts/{account.id}/contacts/search"
FILTER = "GET /api/v1/accounts/{account.id}/contacts/filter"
SHOW = "GET /api/v1/accounts/{account.id}/contacts/:id"
CONTACTABLE = "GET /api/v1/accounts/{account.id}/contacts/:id/contactable_inboxes"
CREATE = "POST /api/v1/accounts/{account.id}/contacts"
UPDATE = "PATCH /api/v1/accounts/{account.id}/contacts/:id"
DESTROY = "DELETE /api/v1/accounts/{account.id}/contacts/:id"
DESTROY_CA = "POST /api/v1/accounts/{account.id}/contacts/:id/destroy_custom_attributes"
AVATAR = "DELETE /api/v1/accounts/{account.id}/contacts/:id/avatar"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AUTHED = "when it is an authenticated user"

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
EMAIL_FILTER = {
    "attribute_key": "email",
    "filter_operator": "contains",
    "values": "looped",
    "query_operator": "and",
    "attribute_model": "standard",
    "custom_attribute_type": "",
}


def settle(acc: Account) -> None:
    """Jobs run right after the response that enqueued them: any later answer comes after them."""
    ok(acc.http.get("/api/v1/profile", headers=acc.admin))


def contact_count(fake: Any, acc: Account) -> int:
    return len(fake.store.account(acc.id).contacts)


# ------------------------------------------------------------------------------------------ index


def index_setup(acc: Account) -> dict[str, Any]:
    """The spec's `let!`s: contact (+ a contact inbox), contact_1 and contact_4."""
    inbox = acc.inbox()
    made = {
        "contact": acc.contact_with_email(
            additional_attributes={"company_name": "Company 1", "country_code": "IN"}
        ),
        "contact_1": acc.contact_with_email(
            additional_attributes={"company_name": "Test Company 1", "country_code": "CA"}
        ),
        "contact_4": acc.contact_with_email(
            additional_attributes={"company_name": None, "country_code": None}
        ),
        "inbox": inbox,
    }
    url = f"{acc.url}/contacts/{made['contact']['id']}/contact_inboxes"
    made["contact_inbox"] = ok(acc.http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.admin))
    return made


@ports(f"{INDEX} > {UNAUTH}")
def test_index_unauthenticated(http):
    acc = fresh_account(http)
    assert http.get(f"{acc.url}/contacts").status_code == 401


@ports(f"{INDEX} > {AUTHED} > returns all resolved contacts along with contact inboxes")
def test_index_resolved_contacts_with_contact_inboxes(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    body = ok(http.get(f"{acc.url}/contacts", headers=acc.admin))
    assert made["contact"]["email"] in [c["email"] for c in body["payload"]]
    source_ids = [ci["source_id"] for c in body["payload"] for ci in c["contact_inboxes"]]
    assert made["contact_inbox"]["source_id"] in source_ids


@ports(f"{INDEX} > {AUTHED} > returns all contacts without contact inboxes")
def test_index_without_contact_inboxes(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    body = ok(http.get(f"{acc.url}/contacts?include_contact_inboxes=false", headers=acc.admin))
    assert made["contact"]["email"] in [c["email"] for c in body["payload"]]
    assert [ci for c in body["payload"] for ci in (c.get("contact_inboxes") or [])] == []


@ports(f"{INDEX} > {AUTHED} > returns limited information on inboxes")
def test_index_limited_inbox_information(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    email_inbox = acc.inbox("email")
    url = f"{acc.url}/contacts/{made['contact']['id']}/contact_inboxes"
    ok(http.post(url, json={"inbox_id": email_inbox["id"]}, headers=acc.admin))
    body = ok(http.get(f"{acc.url}/contacts?include_contact_inboxes=true", headers=acc.admin))
    assert made["contact"]["email"] in [c["email"] for c in body["payload"]]
    inboxes = [ci["inbox"] for c in body["payload"] for ci in c.get("contact_inboxes") or []]
    assert len(inboxes) == 2  # an API inbox (with an hmac_token) and an email inbox (imap/smtp columns)
    for inbox in inboxes:
        assert isinstance(inbox, dict)
        assert {"id", "channel_id", "channel_type", "name", "avatar_url", "provider"} <= set(inbox)
        for secret in ("imap_login", "imap_password", "imap_address", "imap_port", "imap_enabled"):
            assert secret not in inbox
        assert "imap_enable_ssl" not in inbox
        for secret in ("smtp_login", "smtp_password", "smtp_address", "smtp_port", "smtp_enabled"):
            assert secret not in inbox
        assert "smtp_domain" not in inbox
        assert "hmac_token" not in inbox and "provider_config" not in inbox


@ports(f"{INDEX} > {AUTHED} > returns all contacts with company name desc order")
def test_index_company_desc(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    body = ok(http.get(f"{acc.url}/contacts?include_contact_inboxes=false&sort=-company", headers=acc.admin))
    assert body["payload"][-1]["id"] == made["contact_4"]["id"]
    assert body["payload"][-1]["email"] == made["contact_4"]["email"]


@ports(f"{INDEX} > {AUTHED} > returns all contacts with company name asc order with null values at last")
def test_index_company_nulls_last(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    body = ok(http.get(f"{acc.url}/contacts?include_contact_inboxes=false&sort=-company", headers=acc.admin))
    assert body["payload"][0]["email"] == made["contact_1"]["email"]
    assert body["payload"][0]["id"] == made["contact_1"]["id"]
    assert body["payload"][-1]["email"] == made["contact_4"]["email"]


@ports(f"{INDEX} > {AUTHED} > returns all contacts with country name desc order with null values at last")
def test_index_country_nulls_last(http):
    acc = fresh_account(http)
    made = index_setup(acc)
    albania = acc.contact_with_email(additional_attributes={"country_code": "AL", "country": "Albania"})
    body = ok(http.get(f"{acc.url}/contacts?include_contact_inboxes=false&sort=country", headers=acc.admin))
    assert body["payload"][0]["email"] == albania["email"]
    assert body["payload"][0]["id"] == albania["id"]
    assert body["payload"][-1]["email"] == made["contact_4"]["email"]


@ports(f"{INDEX} > {AUTHED} > returns last seen at")
def test_index_after_a_conversation(http):
    """The spec's expectation (`expect(...['last_seen_at']).present?`) checks nothing but the status;
    the contact partial has no `last_seen_at` key at all."""
    acc = fresh_account(http)
    made = index_setup(acc)
    body = {"inbox_id": made["inbox"]["id"], "contact_id": made["contact"]["id"]}
    ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    listed = ok(http.get(f"{acc.url}/contacts", headers=acc.admin))
    assert "last_seen_at" not in listed["payload"][0]


@ports(f"{INDEX} > {AUTHED} > filters resolved contacts based on label filter")
def test_index_label_filter(http):
    acc = fresh_account(http)
    index_setup(acc)
    first, second = acc.contact_with_email(), acc.contact_with_email()
    for contact, label in ((first, "label1"), (second, "label2")):
        url = f"{acc.url}/contacts/{contact['id']}/labels"
        ok(http.post(url, json={"labels": [label]}, headers=acc.admin))
    body = ok(http.get(f"{acc.url}/contacts?labels[]=label1&labels[]=label2", headers=acc.admin))
    assert body["meta"]["count"] == 2
    assert {first["email"], second["email"]} <= {c["email"] for c in body["payload"]}


# ----------------------------------------------------------------------------------------- import


@ports(f"{IMPORT} > {UNAUTH}")
def test_import_unauthenticated(http):
    acc = fresh_account(http)
    assert http.post(f"{acc.url}/contacts/import").status_code == 401


@ports(f"{IMPORT} > when it is an authenticated user with out permission > returns unauthorized")
def test_import_agent(http):
    acc = fresh_account(http)
    assert http.post(f"{acc.url}/contacts/import", json={}, headers=acc.agent).status_code == 401


@ports(f"{IMPORT} > {AUTHED} > creates a data import")
def test_import_creates_a_data_import(http, fake):
    acc = fresh_account(http)
    csv = b"id,first_name,email,identifier,phone_number,company\n1,Ann,ann@example.test,ann-1,918080808080,Acme\n"
    files = {"import_file": ("contacts.csv", csv, "text/csv")}
    response = http.post(f"{acc.url}/contacts/import", files=files, headers=acc.admin)
    assert response.status_code == 200
    imports = list(fake.store.account(acc.id).data_imports)
    assert len(imports) == 1
    assert imports[0].content == csv.decode()  # the file is attached


@ports(f"{IMPORT} > when file is empty > returns Unprocessable Entity")
def test_import_without_file(http):
    acc = fresh_account(http)
    response = http.post(f"{acc.url}/contacts/import", headers=acc.admin)
    assert response.status_code == 422
    assert response.json()["error"] == "File is blank"


# ----------------------------------------------------------------------------------------- export


def exported(fake: Any, acc: Account) -> list[str]:
    """The CSV lines Account::ContactsExportJob mailed to the administrator."""
    settle(acc)
    mails = [m for m in fake.store.mailer.outbox(template="contact_export_complete")]
    assert len(mails) == 1
    return str(mails[0].data["attachment"]["content"]).splitlines()


@ports(f"{EXPORT} > {UNAUTH}")
def test_export_unauthenticated(http):
    acc = fresh_account(http)
    assert http.post(f"{acc.url}/contacts/export").status_code == 401


@ports(f"{EXPORT} > when it is an authenticated user with out permission > returns unauthorized")
def test_export_agent(http):
    acc = fresh_account(http)
    assert http.post(f"{acc.url}/contacts/export", json={}, headers=acc.agent).status_code == 401


@ports(f"{EXPORT} > {AUTHED} > enqueues a contact export job")
def test_export_enqueues_the_job(http, fake):
    """perform_later(account, user, nil, {payload: nil, label: nil}): every resolved contact, the
    default columns, mailed to the caller."""
    acc = fresh_account(http)
    contact = acc.contact_with_email()
    acc.contact()  # no email, phone or identifier: not resolved, not exported
    response = http.post(f"{acc.url}/contacts/export", headers=acc.admin)
    assert response.status_code == 200
    assert exported(fake, acc) == [
        "id,name,email,phone_number",
        f"{contact['id']},{contact['name']},{contact['email']},",
    ]


@ports(f"{EXPORT} > {AUTHED} > enqueues a contact export job with sent_columns")
def test_export_with_columns(http, fake):
    acc = fresh_account(http)
    contact = acc.contact_with_email(phone_number="+15550001111")
    data = {"column_names[]": ["phone_number", "email"]}
    assert http.post(f"{acc.url}/contacts/export", data=data, headers=acc.admin).status_code == 200
    assert exported(fake, acc) == ["phone_number,email", f"+15550001111,{contact['email']}"]


@ports(f"{EXPORT} > {AUTHED} > enqueues a contact export job with payload")
def test_export_with_payload(http, fake):
    acc = fresh_account(http)
    looped = acc.contact_with_email(email="looped@example.test")
    acc.contact_with_email()
    body = {"payload": [EMAIL_FILTER]}
    assert http.post(f"{acc.url}/contacts/export", json=body, headers=acc.admin).status_code == 200
    assert exported(fake, acc) == [
        "id,name,email,phone_number",
        f"{looped['id']},{looped['name']},{looped['email']},",
    ]


# ----------------------------------------------------------------------------------------- active


@ports(f"{ACTIVE} > {UNAUTH}")
def test_active_unauthenticated(http):
    acc = fresh_account(http)
    assert http.get(f"{acc.url}/contacts/active").status_code == 401


@ports(f"{ACTIVE} > {AUTHED} > returns no contacts if no are online")
def test_active_none_online(http):
    acc = fresh_account(http)
    contact = acc.contact()
    response = http.get(f"{acc.url}/contacts/active", headers=acc.admin)
    assert response.status_code == 200
    assert contact["name"] not in response.text


@ports(f"{ACTIVE} > {AUTHED} > returns all contacts who are online")
def test_active_online(http, fake):
    acc = fresh_account(http)
    contact = acc.contact()
    fake.store.presence.heartbeat(acc.id, "Contact", contact["id"])  # the widget's presence
    response = http.get(f"{acc.url}/contacts/active", headers=acc.admin)
    assert response.status_code == 200
    assert contact["name"] in response.text


# ----------------------------------------------------------------------------------------- search


def search_setup(acc: Account) -> tuple[dict[str, Any], dict[str, Any]]:
    contact1 = acc.contact_with_email()
    contact2 = acc.contact_with_email(name="testcontact", email="test@test.com")
    return contact1, contact2


def search(acc: Account, q: str) -> Any:
    response = acc.http.get(f"{acc.url}/contacts/search", params={"q": q}, headers=acc.admin)
    assert response.status_code == 200
    return response


@ports(f"{SEARCH} > {UNAUTH}")
def test_search_unauthenticated(http):
    acc = fresh_account(http)
    assert http.get(f"{acc.url}/contacts/search").status_code == 401


@ports(f"{SEARCH} > {AUTHED} > returns all resolved contacts with contact inboxes")
def test_search_by_email(http):
    acc = fresh_account(http)
    contact1, contact2 = search_setup(acc)
    response = search(acc, contact2["email"])
    assert contact2["email"] in response.text and contact1["email"] not in response.text


@ports(f"{SEARCH} > {AUTHED} > matches the contact ignoring the case in email")
def test_search_email_ignores_case(http):
    acc = fresh_account(http)
    contact1, contact2 = search_setup(acc)
    response = search(acc, "Test@Test.com")
    assert contact2["email"] in response.text and contact1["email"] not in response.text


@ports(f"{SEARCH} > {AUTHED} > matches the contact ignoring the case in name")
def test_search_name_ignores_case(http):
    acc = fresh_account(http)
    contact1, contact2 = search_setup(acc)
    response = search(acc, "TestContact")
    assert contact2["email"] in response.text and contact1["email"] not in response.text


@ports(f"{SEARCH} > {AUTHED} > searches contacts using company name")
def test_search_company_name(http):
    acc = fresh_account(http)
    contact1, contact2 = search_setup(acc)
    body = {"additional_attributes": {"company_name": "acme.inc"}}
    ok(http.patch(f"{acc.url}/contacts/{contact2['id']}", json=body, headers=acc.admin))
    response = search(acc, "acme.inc")
    assert contact2["email"] in response.text and contact1["email"] not in response.text


@ports(f"{SEARCH} > {AUTHED} > matches the resolved contact respecting the identifier character casing")
def test_search_identifier_is_case_sensitive(http):
    acc = fresh_account(http)
    search_setup(acc)
    normal = acc.contact(name="testcontact", identifier="testidentifer")
    special = acc.contact(name="testcontact", identifier="TestIdentifier")
    response = search(acc, "TestIdentifier")
    assert special["identifier"] in response.text
    assert normal["identifier"] not in response.text


# ----------------------------------------------------------------------------------------- filter


def filter_setup(acc: Account) -> tuple[dict[str, Any], dict[str, Any]]:
    contact1 = acc.contact_with_email(additional_attributes={"country_code": "US"})
    contact2 = acc.contact_with_email(
        name="testcontact", email="test@test.com", additional_attributes={"country_code": "US"}
    )
    return contact1, contact2


def run_filter(acc: Account, condition: dict[str, Any]) -> Any:
    return acc.http.post(f"{acc.url}/contacts/filter", json={"payload": [condition]}, headers=acc.admin)


@ports(f"{FILTER} > {UNAUTH}")
def test_filter_get_unauthenticated(http):
    acc = fresh_account(http)
    assert http.get(f"{acc.url}/contacts/filter").status_code == 401


@ports(f"{FILTER} > {AUTHED} > returns all contacts when query is empty")
def test_filter_country_code(http):
    acc = fresh_account(http)
    contact1, contact2 = filter_setup(acc)
    condition = {"attribute_key": "country_code", "filter_operator": "equal_to", "values": ["US"]}
    response = run_filter(acc, condition)
    assert response.status_code == 200
    assert contact2["email"] in response.text and contact1["email"] in response.text


@ports(f"{FILTER} > {AUTHED} > returns error the query operator is invalid")
def test_filter_invalid_operator(http):
    acc = fresh_account(http)
    filter_setup(acc)
    condition = {"attribute_key": "country_code", "filter_operator": "eq", "values": ["US"]}
    response = run_filter(acc, condition)
    assert response.status_code == 422
    expected = "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to]"
    assert expected in response.text
    assert response.json() == {
        "error": MSG_INVALID_OPERATOR.format(key="country_code", operators="equal_to,not_equal_to")
    }


@ports(f"{FILTER} > {AUTHED} > returns error the query value is invalid")
def test_filter_invalid_value(http):
    acc = fresh_account(http)
    filter_setup(acc)
    condition = {"attribute_key": "country_code", "filter_operator": "equal_to", "values": []}
    response = run_filter(acc, condition)
    assert response.status_code == 422
    assert 'Invalid value. The values provided for country_code are invalid"' in response.text


# ------------------------------------------------------------------------------------------- show


@ports(f"{SHOW} > {UNAUTH}")
def test_show_unauthenticated(http):
    acc = fresh_account(http)
    contact = acc.contact()
    assert http.get(f"{acc.url}/contacts/{contact['id']}").status_code == 401


@ports(f"{SHOW} > {AUTHED} > shows the contact")
def test_show(http):
    acc = fresh_account(http)
    contact = acc.contact()
    response = http.get(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin)
    assert response.status_code == 200
    assert contact["name"] in response.text


# -------------------------------------------------------------------------------- contactable inboxes


@ports(f"{CONTACTABLE} > {UNAUTH}")
def test_contactable_inboxes_unauthenticated(http):
    acc = fresh_account(http)
    contact = acc.contact()
    assert http.get(f"{acc.url}/contacts/{contact['id']}/contactable_inboxes").status_code == 401


@ports(f"{CONTACTABLE} > {AUTHED} > shows the contactable inboxes which the user has access to")
def test_contactable_inboxes_only_the_agents(http):
    """The spec stubs the service with two Twilio inboxes; fakewoot has no Twilio channel, so two API
    inboxes (each contactable with a fresh UUID) stand in. Only the agent's member inbox is shown."""
    acc = fresh_account(http)
    contact = acc.contact()
    other, member = acc.inbox(), acc.inbox()
    acc.add_member(member["id"], acc.agent_id)
    body = ok(http.get(f"{acc.url}/contacts/{contact['id']}/contactable_inboxes", headers=acc.agent))
    assert [item["inbox"]["id"] for item in body["payload"]] == [member["id"]]
    assert other["id"] != member["id"]


# ----------------------------------------------------------------------------------------- create

VALID = {"name": "test", "custom_attributes": {"test": "test", "test1": "test1"}}


@ports(f"{CREATE} > {UNAUTH}")
def test_create_unauthenticated(http, fake):
    acc = fresh_account(http)
    before = contact_count(fake, acc)
    assert http.post(f"{acc.url}/contacts", json=VALID).status_code == 401
    assert contact_count(fake, acc) == before


@ports(f"{CREATE} > {AUTHED} > creates the contact")
def test_create(http, fake):
    acc = fresh_account(http)
    before = contact_count(fake, acc)
    response = http.post(f"{acc.url}/contacts", json=VALID, headers=acc.admin)
    assert response.status_code == 200
    assert contact_count(fake, acc) == before + 1
    assert response.json()["payload"]["contact"]["custom_attributes"] == {"test": "test", "test1": "test1"}


@ports(f"{CREATE} > {AUTHED} > does not create the contact")
def test_create_name_too_long(http, fake):
    acc = fresh_account(http)
    before = contact_count(fake, acc)
    response = http.post(f"{acc.url}/contacts", json={**VALID, "name": "test" * 999}, headers=acc.admin)
    assert response.status_code == 422
    assert response.json()["message"] == "Name is too long (maximum is 255 characters)"
    assert contact_count(fake, acc) == before


@ports(f"{CREATE} > {AUTHED} > creates the contact inbox when inbox id is passed")
def test_create_with_inbox(http, fake):
    acc = fresh_account(http)
    inbox = acc.inbox()
    table = fake.store.account(acc.id).contact_inboxes
    before = len(table)
    response = http.post(f"{acc.url}/contacts", json={**VALID, "inbox_id": inbox["id"]}, headers=acc.admin)
    assert response.status_code == 200
    assert len(table) == before + 1


# ----------------------------------------------------------------------------------------- update

CUSTOM = {"test": "test", "test1": "test1"}
ADDITIONAL = {"attr1": "attr1", "attr2": "attr2"}
UPDATE_PARAMS = {
    "name": "Test Blub",
    "custom_attributes": {"test": "new test", "test2": "test2"},
    "additional_attributes": {"attr2": "new attr2", "attr3": "attr3"},
}


def update_setup(acc: Account) -> dict[str, Any]:
    return acc.contact(custom_attributes=CUSTOM, additional_attributes=ADDITIONAL)


def show(acc: Account, contact_id: int) -> dict[str, Any]:
    return ok(acc.http.get(f"{acc.url}/contacts/{contact_id}", headers=acc.admin))["payload"]


@ports(f"{UPDATE} > {UNAUTH}")
def test_update_unauthenticated(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    assert http.put(f"{acc.url}/contacts/{contact['id']}", json=UPDATE_PARAMS).status_code == 401


@ports(f"{UPDATE} > {AUTHED} > updates the contact")
def test_update_merges_attributes(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    ok(http.patch(f"{acc.url}/contacts/{contact['id']}", json=UPDATE_PARAMS, headers=acc.admin))
    after = show(acc, contact["id"])
    assert after["name"] == "Test Blub"
    assert after["custom_attributes"] == {"test": "new test", "test1": "test1", "test2": "test2"}
    assert after["additional_attributes"] == {"attr1": "attr1", "attr2": "new attr2", "attr3": "attr3"}


@ports(f"{UPDATE} > {AUTHED} > prevents the update of contact of another account")
def test_update_contact_of_another_account(http):
    acc = fresh_account(http)
    update_setup(acc)
    other = fresh_account(http).contact()
    response = http.patch(f"{acc.url}/contacts/{other['id']}", json=UPDATE_PARAMS, headers=acc.admin)
    assert response.status_code == 404


@ports(f"{UPDATE} > {AUTHED} > prevents updating with an existing email")
def test_update_existing_email(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    acc.contact(email="test1@example.com")
    body = {**UPDATE_PARAMS, "email": "test1@example.com"}
    response = http.patch(f"{acc.url}/contacts/{contact['id']}", json=body, headers=acc.admin)
    assert response.status_code == 422
    assert "email" in response.json()["attributes"]


@ports(f"{UPDATE} > {AUTHED} > prevents updating with an existing phone number")
def test_update_existing_phone(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    acc.contact(phone_number="+12000000")
    body = {**UPDATE_PARAMS, "phone_number": "+12000000"}
    response = http.patch(f"{acc.url}/contacts/{contact['id']}", json=body, headers=acc.admin)
    assert response.status_code == 422
    assert "phone_number" in response.json()["attributes"]


@ports(f"{UPDATE} > {AUTHED} > updates avatar")
def test_update_avatar(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    assert show(acc, contact["id"])["thumbnail"] == ""  # no avatar before upload
    files = {"avatar": ("avatar.png", PNG, "image/png")}
    url = f"{acc.url}/contacts/{contact['id']}"
    response = http.patch(url, data={"name": "Test Blub"}, files=files, headers=acc.admin)
    assert response.status_code == 200
    assert show(acc, contact["id"])["thumbnail"] != ""  # attached


@ports(f"{UPDATE} > {AUTHED} > allows blocking of contact")
def test_update_block(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    ok(http.patch(f"{acc.url}/contacts/{contact['id']}", json={"blocked": True}, headers=acc.admin))
    assert show(acc, contact["id"])["blocked"] is True


@ports(f"{UPDATE} > {AUTHED} > allows unblocking of contact")
def test_update_unblock(http):
    acc = fresh_account(http)
    contact = update_setup(acc)
    ok(http.patch(f"{acc.url}/contacts/{contact['id']}", json={"blocked": True}, headers=acc.admin))
    ok(http.patch(f"{acc.url}/contacts/{contact['id']}", json={"blocked": False}, headers=acc.admin))
    assert show(acc, contact["id"])["blocked"] is False


# ---------------------------------------------------------------------------------------- destroy


def destroy_setup(acc: Account) -> tuple[dict[str, Any], dict[str, Any]]:
    """contact, its contact inbox in a new inbox, and a conversation there."""
    inbox = acc.inbox()
    contact = acc.contact(inbox_id=inbox["id"])
    body = {"inbox_id": inbox["id"], "contact_id": contact["id"]}
    conversation = ok(acc.http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    return contact, conversation


@ports(f"{DESTROY} > {UNAUTH}")
def test_destroy_unauthenticated(http):
    acc = fresh_account(http)
    contact, _ = destroy_setup(acc)
    assert http.delete(f"{acc.url}/contacts/{contact['id']}").status_code == 401


@ports(f"{DESTROY} > {AUTHED} > deletes the contact for administrator user")
def test_destroy_by_administrator(http, fake):
    acc = fresh_account(http)
    contact, conversation = destroy_setup(acc)
    response = http.delete(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin)
    assert response.status_code == 200
    settle(acc)
    assert http.get(f"{acc.url}/contacts/{contact['id']}/conversations", headers=acc.admin).status_code == 404
    assert http.get(f"{acc.url}/conversations/{conversation['id']}", headers=acc.admin).status_code == 404
    state = fake.store.account(acc.id)
    assert [ci for ci in state.contact_inboxes if ci.contact_id == contact["id"]] == []
    assert http.get(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin).status_code == 404


@ports(f"{DESTROY} > {AUTHED} > does not delete the contact if online")
def test_destroy_online_contact(http, fake):
    acc = fresh_account(http)
    contact, _ = destroy_setup(acc)
    fake.store.presence.heartbeat(acc.id, "Contact", contact["id"])
    response = http.delete(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin)
    assert response.status_code == 422
    assert show(acc, contact["id"])["id"] == contact["id"]


@ports(f"{DESTROY} > {AUTHED} > returns unauthorized for agent user")
def test_destroy_by_agent(http):
    acc = fresh_account(http)
    contact, _ = destroy_setup(acc)
    assert http.delete(f"{acc.url}/contacts/{contact['id']}", headers=acc.agent).status_code == 401


# ----------------------------------------------------------------------- destroy_custom_attributes


@ports(f"{DESTROY_CA} > {UNAUTH}")
def test_destroy_custom_attributes_unauthenticated(http):
    acc = fresh_account(http)
    contact = acc.contact(custom_attributes=CUSTOM)
    url = f"{acc.url}/contacts/{contact['id']}/destroy_custom_attributes"
    assert http.post(url, json={"custom_attributes": ["test"]}).status_code == 401


@ports(f"{DESTROY_CA} > {AUTHED} > delete the custom attribute")
def test_destroy_custom_attributes(http):
    acc = fresh_account(http)
    contact = acc.contact(custom_attributes=CUSTOM)
    url = f"{acc.url}/contacts/{contact['id']}/destroy_custom_attributes"
    ok(http.post(url, json={"custom_attributes": ["test"]}, headers=acc.admin))
    assert show(acc, contact["id"])["custom_attributes"] == {"test1": "test1"}


# ----------------------------------------------------------------------------------------- avatar


@ports(f"{AVATAR} > {UNAUTH}")
def test_delete_avatar_unauthenticated(http):
    acc = fresh_account(http)
    contact = acc.contact()
    assert http.delete(f"{acc.url}/contacts/{contact['id']}/avatar").status_code == 401


@ports(f"{AVATAR} > {AUTHED} > delete contact avatar")
def test_delete_avatar(http):
    acc = fresh_account(http)
    contact = acc.contact()
    acc.contact()
    files = {"avatar": ("avatar.png", PNG, "image/png")}
    ok(http.patch(f"{acc.url}/contacts/{contact['id']}", files=files, headers=acc.admin))
    assert show(acc, contact["id"])["thumbnail"] != ""
    response = http.delete(f"{acc.url}/contacts/{contact['id']}/avatar", headers=acc.agent)
    assert response.status_code == 200
    assert show(acc, contact["id"])["thumbnail"] == ""  # the attachment is gone
