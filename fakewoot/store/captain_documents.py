"""Captain documents (knowledge sources of an assistant), as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/captain/document.rb, enterprise/app/models/enterprise/account/
plan_usage_and_limits.rb, lib/chatwoot_app.rb. A document is created `in_progress`; upstream its
after_create_commit then enqueues Captain::Documents::CrawlJob (fetching the link, then an LLM writing
FAQs from it). fakewoot runs neither: the document stays `in_progress` with no content and no FAQs.
Before validation the trailing `/` of a link is dropped (not for a `.pdf` link); the link is required
and unique per assistant; a `.pdf` link needs a PDF file (`Pdf file can't be blank`). before_create
checks the account's captain document quota: `limits.captain_documents` or, with no
CAPTAIN_CLOUD_PLAN_LIMITS installation config (the self-hosted default), ChatwootApp.max_limit,
minus the documents the account has. Every create and destroy writes that count to the account's
custom_attributes `captain_documents_usage` (Account#update_document_usage).
"""

from __future__ import annotations

from typing import Any

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.row_changes import remove_where
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank

MAX_LIMIT = 100_000  # ChatwootApp.max_limit
USAGE_KEY = "captain_documents_usage"  # Enterprise::Account::PlanUsageAndLimits::CAPTAIN_DOCUMENTS_USAGE
LIMIT_KEY = "captain_documents"
MSG_LIMIT_EXCEEDED = "Document limit exceeded"  # captain.documents.limit_exceeded
MSG_MISSING_ASSISTANT = "Missing Assistant"  # DocumentsController#create


@dataclass(slots=True)
class Document:
    id: int
    account_id: int
    assistant_id: int
    external_link: str
    created_at: float
    updated_at: float
    name: str | None = None
    content: str | None = None
    status: str = "in_progress"  # enum status: { in_progress: 0, available: 1 }


class CaptainDocuments(AccountRecords[Document]):
    table_name = "captain_documents"

    def search(self, account_id: int, assistant_id: int | None = None) -> list[Document]:
        """account.captain_documents.ordered (newest first), optionally of one assistant."""
        rows = self._store.account(account_id).captain_documents.values()
        found = [d for d in rows if assistant_id is None or d.assistant_id == assistant_id]
        return sorted(found, key=lambda d: (d.created_at, d.id), reverse=True)

    def _update_usage(self, account_id: int) -> None:
        account = self._store.account(account_id)
        account.custom_attributes[USAGE_KEY] = len(account.captain_documents)

    def available(self, account_id: int) -> int:
        """usage_limits[:captain][:documents][:current_available]."""
        account = self._store.account(account_id)
        total = account.limits.get(LIMIT_KEY)
        total = MAX_LIMIT if total is None else int(total)
        consumed = max(int(account.custom_attributes.get(USAGE_KEY) or 0), 0)
        return min(max(total - consumed, 0), total)

    def create(self, account_id: int, assistant_id: int, values: dict[str, Any]) -> Document:
        """`values`: name, external_link. Refusals are `render_could_not_create_error` (422 with
        the full messages joined)."""
        account = self._store.account(account_id)
        link = values.get("external_link")
        pdf = isinstance(link, str) and link.endswith(".pdf")
        if isinstance(link, str) and link.strip() and not pdf:
            link = link.removesuffix("/")
        errors = Errors()
        if blank(link):
            errors.add("external_link", MSG_BLANK)
        elif any(
            d.assistant_id == assistant_id and d.external_link == link
            for d in account.captain_documents.values()
        ):
            errors.add("external_link", MSG_TAKEN)
        if pdf:
            errors.add("pdf_file", MSG_BLANK)
        if errors.pairs:
            raise CouldNotCreate(", ".join(message for _, message in errors.pairs))
        if self.available(account_id) <= 0:
            raise CouldNotCreate(MSG_LIMIT_EXCEEDED)
        assert isinstance(link, str)
        document = self._insert(
            account_id,
            None,
            None,
            lambda new_id, now: Document(
                id=new_id,
                account_id=account_id,
                assistant_id=assistant_id,
                external_link=link,
                created_at=now,
                updated_at=now,
                name=values.get("name"),
            ),
        )
        self._update_usage(account_id)
        return document

    def delete(self, document: Document) -> None:
        """destroy: its FAQs go with it (dependent: :destroy), then the usage count."""
        account = self._store.account(document.account_id)
        account.captain_documents.remove(document.id)
        remove_where(
            account.captain_assistant_responses,
            lambda faq: faq.documentable_type == "Captain::Document" and faq.documentable_id == document.id,
        )
        self._update_usage(document.account_id)
