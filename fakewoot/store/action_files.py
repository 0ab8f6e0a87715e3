"""The files of macros and automation rules (`has_many_attached :files` on app/models/macro.rb and
app/models/automation_rule.rb at v4.10), attached for their send_attachment actions.

A record keeps one row per attached blob, written when it is attached: Macro#file_base_data /
AutomationRule#file_base_data (id is the active_storage_attachments row, file_url what the model's
url_for writes). Attaching a blob the record already holds adds nothing (Attached::Changes find the
existing attachment by blob). Destroying the record purges its blobs later (dependent: :purge_later);
PurgeJob's `blob.purge` is refused by the foreign key while another attachment (a message's, another
macro's or rule's) still holds the blob, and the blob stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.blobs import Blob
    from fakewoot.store.state import Store

ATTACHMENTS_SEQUENCE = "active_storage_attachments"


def attach(store: Store, record: Any, owner_key: str, blob: Blob, file_url: str) -> bool:
    """`record.files.attach(blob)`: a new file row unless the record holds the blob already; True
    when a row was added (its blob is then analysed: AnalyzeJob)."""
    if any(row.get("blob_id") == blob.id for row in record.files):
        return False
    record.files.append(
        {
            "id": store.state.sequences.next(ATTACHMENTS_SEQUENCE),
            owner_key: record.id,
            "file_type": blob.content_type,
            "account_id": record.account_id,
            "file_url": file_url,
            "blob_id": blob.id,
            "filename": blob.filename,
        }
    )
    return True


def blob_ids(record: Any) -> set[int]:
    return {row["blob_id"] for row in record.files}


def _held(store: Store) -> Iterator[Any]:
    for account in store.state.accounts.values():
        for message in account.messages.values():
            for attachment in message.attachments:
                yield attachment.get("blob_id")
        for macro in account.macros.values():
            yield from (row.get("blob_id") for row in macro.files)
        for rule in account.automation_rules.values():
            yield from (row.get("blob_id") for row in rule.files)


def purge_unheld(store: Store, ids: Iterable[int]) -> None:
    """PurgeJob for each blob a destroyed record held: gone unless another attachment holds it."""
    wanted = set(ids)
    if not wanted:
        return
    held = set(_held(store))
    for blob_id in sorted(wanted - held):
        blob = store.blobs.get(blob_id)
        if blob is not None:
            store.blobs.purge(blob)
