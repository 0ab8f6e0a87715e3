"""Port of spec/jobs/data_import_job_spec.rb (v4.10): POST /contacts/import, then the job (run right
after the response). The DataImport record (status, counts) has no API: it is read from the fake's
store; contacts are read over the API or counted in the store. The CSVs are this module's own, shaped
like the spec's files (spec/assets/contacts.csv: 25 rows with `first_name`/`last_name` columns, so no
`name`; the first row's phone without `+` and with a `company`)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/jobs/data_import_job_spec.rb"
UPSTREAM_ITS = 10
SKIPPED = {
    "enqueueing the job > queues the job on the low priority queue": "internal: Sidekiq queue names",
    "retrying the job > when ActiveStorage::FileNotFoundError is raised > retries the job": (
        "internal: ActiveStorage blob retries; fakewoot keeps the file in the DataImport record"
    ),
}

IMPORTING = "importing data"
ERRORS = f"{IMPORTING} > when the data contains errors"
EXISTING = f"{IMPORTING} > when the data contains existing records"
EXISTING_CSV = (
    b"id,name,email,phone_number,company\n"
    b"1,Clarice Uzzell,cuzzell0@mozilla.org,918080808080,Acmecorp\n"
    b"2,Marieann Creegan,mcreegan1@cornell.edu,+918080808081,Acmecorp\n"
    b"3,Nancey Windibank,nwindibank2@bluehost.com,+918080808082,Acmecorp\n"
)


def assets_csv() -> bytes:
    lines = ["id,first_name,last_name,email,gender,identifier,phone_number,company"]
    lines.append("1,Ann,Able,ann.able@example.test,F,ident-1,918080808080,My Company Name")
    for n in range(2, 26):
        lines.append(f"{n},First{n},Last{n},person{n}@example.test,F,ident-{n},+9180808081{n:02d},")
    return ("\n".join(lines) + "\n").encode()


def run_import(acc: Account, content: bytes) -> Any:
    files = {"import_file": ("contacts.csv", content, "text/csv")}
    ok(acc.http.post(f"{acc.url}/contacts/import", files=files, headers=acc.admin))
    ok(acc.http.get("/api/v1/profile", headers=acc.admin))  # the job ran after the import's answer


def record(fake: Any, acc: Account) -> Any:
    return list(fake.store.account(acc.id).data_imports)[-1]


def count(fake: Any, acc: Account) -> int:
    return len(fake.store.account(acc.id).contacts)


def by_phone(acc: Account, phone: str) -> dict[str, Any]:
    condition = {"attribute_key": "phone_number", "filter_operator": "equal_to", "values": [phone]}
    body = ok(acc.http.post(f"{acc.url}/contacts/filter", json={"payload": [condition]}, headers=acc.admin))
    assert body["meta"]["count"] == 1, body
    return dict(body["payload"][0])


def by_email(acc: Account, email: str) -> dict[str, Any]:
    condition = {"attribute_key": "email", "filter_operator": "equal_to", "values": [email]}
    body = ok(acc.http.post(f"{acc.url}/contacts/filter", json={"payload": [condition]}, headers=acc.admin))
    assert body["meta"]["count"] == 1, body
    return dict(body["payload"][0])


@ports(f"{IMPORTING} > when the data is valid > imports data into the account")
def test_imports_valid_data(http, fake):
    acc = fresh_account(http)
    run_import(acc, assets_csv())
    assert count(fake, acc) == 25
    done = record(fake, acc)
    assert (done.total_records, done.processed_records) == (25, 25)
    assert by_phone(acc, "+918080808080")["additional_attributes"]["company"] == "My Company Name"


@ports(f"{ERRORS} > imports erroneous data into the account, skipping invalid records")
def test_duplicate_email_in_the_file(http, fake):
    """The third row repeats the first's e-mail: each row is valid against the saved contacts, the
    insert drops the duplicate, and every row counts as processed."""
    acc = fresh_account(http)
    csv = (
        b"id,first_name,last_name,email,phone_number\n"
        b"1,Clarice,Uzzell,cuzzell0@mozilla.org,+918484848484\n"
        b"2,Marieann,Creegan,mcreegan1@cornell.edu,+918484848485\n"
        b"3,Nancey,Windibank,cuzzell0@mozilla.org,+91848484848\n"
    )
    run_import(acc, csv)
    assert count(fake, acc) == 2
    done = record(fake, acc)
    assert (done.total_records, done.processed_records) == (3, 3)


@ports(f"{ERRORS} > will preserve emojis")
def test_emojis(http, fake):
    acc = fresh_account(http)
    run_import(acc, "phone_number,name\n+123456,T 🏠 🔥 Test\n".encode())
    assert count(fake, acc) == 1
    assert by_phone(acc, "+123456")["name"] == "T 🏠 🔥 Test"


@ports(f"{ERRORS} > will not throw error for non utf-8 characters")
def test_invalid_utf8_bytes(http, fake):
    acc = fresh_account(http)
    run_import(acc, b"name,email\nJ\xf6hn D\xf6e,john.doe@example.com\nJane Smith,jane.smith@example.com\n")
    assert count(fake, acc) == 2
    assert by_email(acc, "john.doe@example.com")["name"] == "Jhn De"  # invalid bytes dropped


@ports(
    f"{EXISTING} > when the existing record has an email in import data > updates the existing record with new data"
)
def test_existing_by_email(http, fake):
    acc = fresh_account(http)
    contact = acc.contact(email="cuzzell0@mozilla.org", name="")
    assert contact["phone_number"] is None
    run_import(acc, EXISTING_CSV)
    assert count(fake, acc) == 3
    updated = by_email(acc, "cuzzell0@mozilla.org")
    assert updated["id"] == contact["id"]
    assert updated["phone_number"] == "+918080808080"
    assert updated["name"] == "Clarice Uzzell"
    assert updated["additional_attributes"]["company"] == "Acmecorp"


@ports(
    f"{EXISTING} > when the existing record has a phone_number in import data > updates the existing record with new data"
)
def test_existing_by_phone(http, fake):
    acc = fresh_account(http)
    contact = acc.contact(phone_number="+918080808081", name="")
    assert contact["email"] is None
    run_import(acc, EXISTING_CSV)
    assert count(fake, acc) == 3
    first = by_phone(acc, "+918080808080")
    assert first["email"] == "cuzzell0@mozilla.org"
    assert first["name"] == "Clarice Uzzell"
    assert first["additional_attributes"]["company"] == "Acmecorp"
    assert by_phone(acc, "+918080808081")["id"] == contact["id"]  # the second row updated it


@ports(
    f"{EXISTING} > when the existing record has both email and phone_number in import data > skips importing the records"
)
def test_existing_email_and_phone_on_two_contacts(http, fake):
    acc = fresh_account(http)
    phone_contact = acc.contact(phone_number="+918080808081", name="")
    email_contact = acc.contact(email="mcreegan1@cornell.edu", name="")
    run_import(acc, EXISTING_CSV)
    assert by_phone(acc, "+918080808081")["id"] == phone_contact["id"]
    assert by_phone(acc, "+918080808081")["email"] is None
    assert by_email(acc, "mcreegan1@cornell.edu")["phone_number"] is None
    assert by_email(acc, "mcreegan1@cornell.edu")["id"] == email_contact["id"]
    done = record(fake, acc)
    assert (done.total_records, done.processed_records) == (3, 2)


@ports(
    f"{IMPORTING} > when the CSV file is invalid > does not import any data and handles the MalformedCSVError"
)
def test_malformed_csv(http, fake):
    acc = fresh_account(http)
    csv = (
        b'id,name,email,phone_number,company\n1,"Clarice Uzzell,"missing_quote,918080808080,Acmecorp\n'
        b"2,Marieann Creegan,,+918080808081,Acmecorp"
    )
    files = {"import_file": ("contacts.csv", csv, "text/csv")}
    ok(http.post(f"{acc.url}/contacts/import", files=files, headers=acc.admin))
    ok(http.get("/api/v1/profile", headers=acc.admin))  # created `pending`, then the job ran
    assert record(fake, acc).status == "failed"
    assert count(fake, acc) == 0
