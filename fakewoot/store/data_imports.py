"""Contact imports and exports, run as jobs after the response, as Chatwoot's DataImportJob and
Account::ContactsExportJob do.

Source: app/jobs/data_import_job.rb, app/services/data_import/contact_manager.rb,
app/jobs/account/contacts_export_job.rb (reference contacts.md #30, #31).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.errors import Invalid

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
    "blocked",
)
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
        """DataImportJob: rows matched by identifier, email, phone; bad rows kept as failed records."""
        store = self._store
        record = store.account(account_id).data_imports.get(import_id)
        if record is None or record.status != "pending":
            return record
        record.status = "processing"
        try:
            rows = list(csv.DictReader(io.StringIO(record.content, newline=""), strict=True))
        except csv.Error:
            record.status = "failed"
            self._notify(record)
            return record
        failed: list[dict[str, Any]] = []
        processed = 0
        for row in rows:
            clean = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            try:
                self._import_row(account_id, clean)
                processed += 1
            except Invalid as error:
                failed.append({**clean, "errors": error.body["message"]})
        record.total_records = len(rows)
        record.processed_records = processed
        if failed:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(failed[0]))
            writer.writeheader()
            writer.writerows(failed)
            record.failed_records = out.getvalue()
        record.status = "completed"
        record.updated_at = store.clock.now()
        self._notify(record)
        return record

    def _import_row(self, account_id: int, row: dict[str, str]) -> Contact:
        store = self._store
        account = store.account(account_id)
        phone = row.get("phone_number") or None
        if phone and not phone.startswith("+"):
            phone = "+" + phone
        email = (row.get("email") or "").lower() or None
        identifier = row.get("identifier") or None
        existing = None
        if identifier and identifier in account.contact_identifiers:
            existing = account.contacts.get(account.contact_identifiers[identifier])
        if existing is None and email and email in account.contact_emails:
            existing = account.contacts.get(account.contact_emails[email])
        if existing is None and phone and phone in account.contact_phones:
            existing = account.contacts.get(account.contact_phones[phone])
        values: dict[str, Any] = {
            key: value
            for key, value in (
                ("name", row.get("name") or None),
                ("email", email),
                ("phone_number", phone),
                ("identifier", identifier),
            )
            if value
        }
        # DataImport::ContactManager#update_contact_attributes: only the `company` column is mapped, and
        # to the `company` key (not `company_name`); city to `city`. Both also land in custom attributes.
        additional = {}
        if row.get("company"):
            additional["company"] = row["company"]
        if row.get("city"):
            additional["city"] = row["city"]
        custom = {key: value for key, value in row.items() if key not in KNOWN_COLUMNS and value}
        if existing is None:
            values.update(additional_attributes=additional, custom_attributes=custom)
            return store.contacts.create(account_id, values)
        values.update(additional_attributes=additional, custom_attributes=custom)
        return store.contacts.update(existing, values)

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
        columns = [c for c in column_names if c in EXPORT_COLUMNS] or list(DEFAULT_EXPORT_COLUMNS)
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
                attachment={"filename": f"contacts_{account_id}.csv", "content": content},
            )
        return content


def _cell(contact: Contact, column: str) -> Any:
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
