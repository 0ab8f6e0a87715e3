"""Contact imports and exports, run as jobs after the response, as Chatwoot's DataImportJob and
Account::ContactsExportJob do.

Source: app/jobs/data_import_job.rb, app/services/data_import/contact_manager.rb,
app/jobs/account/contacts_export_job.rb (reference contacts.md #30, #31).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.errors import Invalid
from fakewoot.records import dataclass
from fakewoot.store.contacts import normalise

if TYPE_CHECKING:
    from fakewoot.store.contacts import Contact
    from fakewoot.store.state import Store

KNOWN_COLUMNS = ("identifier", "email", "name", "phone_number")
EXPORT_COLUMNS = (
    "id",
    "name",
    "email",
    "phone_number",
    "account_id",
    "created_at",
    "updated_at",
    "additional_attributes",
    "identifier",
    "custom_attributes",
    "last_activity_at",
    "middle_name",
    "last_name",
    "location",
    "country_code",
    "blocked",
    "company_id",
    "contact_type",
)  # Contact.column_names at v4.10 (schema annotation of app/models/contact.rb)
DEFAULT_EXPORT_COLUMNS = ("id", "name", "email", "phone_number")


@dataclass(slots=True)
class DataImport:
    id: int
    account_id: int
    data_type: str
    status: str  # pending, processing, completed, failed
    file_name: str
    content: str  # the file as text (undecodable bytes dropped): the state stays JSON-serialisable
    created_at: float
    updated_at: float
    total_records: int | None = None
    processed_records: int | None = None
    failed_records: str | None = None  # CSV: the rejected rows plus an `errors` column


class DataImports:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, account_id: int, file_name: str, content: bytes) -> DataImport:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now()
        text = content.decode("utf-8", errors="ignore")
        record = DataImport(
            account.data_imports.next_id(), account_id, "contacts", "pending", file_name, text, now, now
        )
        account.data_imports.add(record)
        return record

    def process(self, account_id: int, import_id: int) -> DataImport | None:
        """DataImportJob in its two steps. Build: each row finds its contact by identifier, email, then
        phone (an existing one is updated and saved at once) or builds a new one, validated against the
        saved contacts only; invalid rows are rejected. Import: the new contacts are inserted in order,
        a row whose email or identifier an earlier row already took is dropped (`on_duplicate_key_ignore`)
        yet still counted as processed."""
        store = self._store
        record = store.account(account_id).data_imports.get(import_id)
        if record is None or record.status != "pending":
            return record
        record.status = "processing"
        try:
            reader = csv.reader(io.StringIO(record.content, newline=""), strict=True)
            header = next(reader, [])
            rows = [dict(zip(header, _padded(line, len(header)), strict=True)) for line in reader if line]
        except csv.Error:
            record.status = "failed"
            self._notify(record)
            return record
        failed: list[dict[str, Any]] = []
        built: list[dict[str, Any]] = []
        for row in rows:
            try:
                new = self._build_row(account_id, row)
            except Invalid as error:
                failed.append(
                    {**{k: "" if v is None else v for k, v in row.items()}, "errors": error.body["message"]}
                )
                continue
            if new is not None:
                built.append(new)
        for values in built:
            with contextlib.suppress(Invalid):  # a duplicate key of an earlier row: ignored by the insert
                store.contacts.create(account_id, values)
        record.total_records = len(rows)
        record.processed_records = len(rows) - len(failed)
        if failed:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=[*header, "errors"])
            writer.writeheader()
            writer.writerows(failed)
            record.failed_records = out.getvalue()
        record.status = "completed"
        record.updated_at = store.clock.now()
        self._notify(record)
        return record

    def _build_row(self, account_id: int, row: dict[str, str | None]) -> dict[str, Any] | None:
        """DataImport::ContactManager#build_contact: an existing contact is updated (Invalid when it
        cannot be saved); a new one's values are returned once valid against the saved contacts."""
        store = self._store
        account = store.account(account_id)
        phone = row.get("phone_number") or None
        if phone and not phone.startswith("+"):
            phone = "+" + phone
        email = row.get("email") or None
        identifier = row.get("identifier") or None
        existing = None
        if identifier and identifier in account.contact_identifiers:
            existing = account.contacts.get(account.contact_identifiers[identifier])
        if existing is None and email and email.lower() in account.contact_emails:
            existing = account.contacts.get(account.contact_emails[email.lower()])
        if existing is None and phone and phone in account.contact_phones:
            existing = account.contacts.get(account.contact_phones[phone])
        values: dict[str, Any] = {
            key: value
            for key, value in (("email", email), ("phone_number", phone), ("identifier", identifier))
            if value
        }
        if row.get("name"):
            values["name"] = row["name"]
        # update_contact_attributes: only the `company` column is mapped, and to the `company` key (not
        # `company_name`); `city` to `city`. Every other column (empty ones as nil) is merged into the
        # custom attributes, `company` and `city` included.
        base = {} if existing is None else dict(existing.additional_attributes)
        additional = dict(base)
        if row.get("company"):
            additional["company"] = row["company"]
        if row.get("city"):
            additional["city"] = row["city"]
        if additional != base or existing is None:
            values["additional_attributes"] = additional
        custom = {key: value for key, value in row.items() if key not in KNOWN_COLUMNS}
        if existing is not None:
            values["custom_attributes"] = {**existing.custom_attributes, **custom}
            store.contacts.update(existing, values)
            return None
        values["custom_attributes"] = custom
        store.contacts.validate(account, normalise(values))
        return values

    def _notify(self, record: DataImport) -> None:
        """Administrators get an email either way (the outbox)."""
        store = self._store
        account = store.account(record.account_id)
        for member in account.members.values():
            user = store.users.get(member.user_id)
            if member.administrator and user is not None:
                store.mailer.deliver(
                    "contact_import_complete" if record.status == "completed" else "contact_import_failed",
                    user.email,
                    account_id=record.account_id,
                    data_import_id=record.id,
                    total_records=record.total_records,
                    processed_records=record.processed_records,
                    failed_records=record.failed_records,
                )

    def export(self, account_id: int, user_id: int, contacts: list[Contact], column_names: list[str]) -> str:
        """Account::ContactsExportJob: the CSV of the chosen rows, mailed to the requesting user."""
        store = self._store
        account = store.account(account_id)
        # `(column_names.presence || default_columns) & Contact.column_names`: requested order, no repeats
        requested = column_names or DEFAULT_EXPORT_COLUMNS
        columns = list(dict.fromkeys(c for c in requested if c in EXPORT_COLUMNS))
        if not columns:
            return ""  # a blank CSV is not attached, and the job fails building the mail's blob URL
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for contact in contacts:
            writer.writerow([_cell(contact, column) for column in columns])
        content = out.getvalue()
        user = store.users.get(user_id)
        if user is not None:
            store.mailer.deliver(
                "contact_export_complete",
                user.email,
                account_id=account_id,
                attachment={"filename": f"{account.name}_{account_id}_contacts.csv", "content": content},
            )
        return content


def _padded(line: list[str], width: int) -> list[str | None]:
    """A row as Ruby's CSV gives it: an empty field is nil; missing trailing fields are nil."""
    cells: list[str | None] = [cell if cell != "" else None for cell in line[:width]]
    return cells + [None] * (width - len(cells))


_DERIVED: dict[str, Any] = {
    # Contacts::SyncAttributes copies these from additional_attributes on save; the name parts and the
    # enterprise company are never written by the API (their column defaults)
    "location": lambda c: c.additional_attributes.get("city"),
    "country_code": lambda c: c.additional_attributes.get("country"),
    "middle_name": lambda c: "",
    "last_name": lambda c: "",
    "company_id": lambda c: None,
}


def _cell(contact: Contact, column: str) -> Any:
    derive = _DERIVED.get(column)
    if derive is not None:
        value = derive(contact)
        return "" if value is None else value if isinstance(value, str) else json.dumps(value)
    value = contact.account_id if column == "account_id" else getattr(contact, column)
    if column in ("created_at", "updated_at", "last_activity_at"):
        return (
            "" if value is None else datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        )
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
