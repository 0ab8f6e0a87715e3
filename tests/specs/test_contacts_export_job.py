"""Port of spec/jobs/account/contacts_export_job_spec.rb (v4.10): POST /contacts/export, then the job
(run right after the response) mails the CSV to the caller; the fake's outbox holds the mail with the
file attached (Chatwoot attaches it to the account and mails its blob URL)."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/jobs/account/contacts_export_job_spec.rb"
UPSTREAM_ITS = 8
SKIPPED = {"enqueues the job": "internal: Sidekiq queue names"}

EXPORT = "when export_contacts"
EMAIL_FILTER = {
    "attribute_key": "email",
    "filter_operator": "contains",
    "values": "looped",
    "query_operator": "and",
    "attribute_model": "standard",
    "custom_attribute_type": "",
}
CITY_FILTER = {
    "attribute_key": "country_code",
    "filter_operator": "equal_to",
    "values": ["India"],
    "query_operator": "and",
    "attribute_model": "standard",
    "custom_attribute_type": "",
}


def setup(http: Any) -> tuple[Account, list[dict[str, Any]]]:
    """One contact with a phone, four `looped` e-mails, four more from India, one more with a phone."""
    acc = fresh_account(http)
    made = [acc.contact(phone_number="+910808080818", email="test1@text.example")]
    made += [acc.contact(email=f"looped-{i + 3}@text.example.com") for i in range(4)]
    made += [
        acc.contact(
            additional_attributes={"country_code": "India"}, email=f"looped-{i + 10}@text.example.com"
        )
        for i in range(4)
    ]
    made.append(acc.contact(phone_number="+910808080808", email="test2@text.example"))
    return acc, made


def export(acc: Account, fake: Any, **body: Any) -> list[dict[str, str]]:
    ok(acc.http.post(f"{acc.url}/contacts/export", json=body, headers=acc.admin))
    profile = ok(acc.http.get("/api/v1/profile", headers=acc.admin))  # the job ran
    mails = fake.store.mailer.outbox(to=profile["email"], template="contact_export_complete")
    assert len(mails) == 1
    return list(csv.DictReader(io.StringIO(mails[-1].data["attachment"]["content"])))


@ports(f"{EXPORT} > generates CSV file and attach to account")
def test_mails_the_file(http, fake):
    acc, _ = setup(http)
    ok(http.post(f"{acc.url}/contacts/export", json={"column_names": []}, headers=acc.admin))
    profile = ok(http.get("/api/v1/profile", headers=acc.admin))
    mails = fake.store.mailer.outbox(template="contact_export_complete")
    assert [m.to for m in mails] == [profile["email"]]
    attachment = mails[0].data["attachment"]
    assert attachment["filename"] == f"Spec Account_{acc.id}_contacts.csv" and attachment["content"]


@ports(f"{EXPORT} > generates valid data export file")
def test_valid_file(http, fake):
    acc, made = setup(http)
    rows = export(acc, fake, column_names=["id", "name", "email", "phone_number", "column_not_present"])
    assert len(rows) == len(made)
    assert list(rows[0]) == ["id", "name", "email", "phone_number"]  # unknown columns dropped
    emails = [r["email"] for r in rows]
    phones = [r["phone_number"] for r in rows]
    assert "test1@text.example" in emails and "test2@text.example" in emails
    assert "+910808080818" in phones and "+910808080808" in phones


@ports(f"{EXPORT} > returns all resolved contacts as results when filter is not prvoided")
def test_resolved_contacts_only(http, fake):
    acc, made = setup(http)
    acc.contact(email=None, phone_number=None)
    rows = export(acc, fake, column_names=["id", "name", "email", "column_not_present"])
    assert len(rows) == len(made)  # the resolved ones


@ports(f"{EXPORT} > returns resolved contacts filtered if labels are provided")
def test_label(http, fake):
    acc, made = setup(http)
    for contact in (made[-1], acc.contact(email=None, phone_number=None)):
        url = f"{acc.url}/contacts/{contact['id']}/labels"
        ok(http.post(url, json={"labels": ["spec-billing"]}, headers=acc.admin))
    rows = export(acc, fake, payload=None, label="spec-billing")
    assert len(rows) == 1  # only one resolved contact has the label


@ports(f"{EXPORT} > returns filtered data limited to resolved contacts when filter is provided")
def test_filter_resolved_only(http, fake):
    acc, _ = setup(http)
    acc.contact(email=None, phone_number=None, additional_attributes={"country_code": "India"})
    rows = export(acc, fake, payload=[{**CITY_FILTER, "query_operator": None}])
    assert len(rows) == 4


@ports(f"{EXPORT} > returns filtered data when multiple filters are provided")
def test_two_filters(http, fake):
    acc, _ = setup(http)
    rows = export(acc, fake, payload=[CITY_FILTER, {**EMAIL_FILTER, "query_operator": None}])
    assert len(rows) == 4  # `looped` e-mails from India


@ports(f"{EXPORT} > returns filtered data when a single filter is provided")
def test_one_filter(http, fake):
    acc, _ = setup(http)
    rows = export(acc, fake, payload=[{**EMAIL_FILTER, "query_operator": None}])
    assert len(rows) == 8  # every `looped` e-mail
