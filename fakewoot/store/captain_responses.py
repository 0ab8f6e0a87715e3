"""Captain FAQs (assistant responses) as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/captain/assistant_response.rb (belongs_to assistant and
account, both required; question and answer required; status enum pending: 0 / approved: 1,
`ensure_status` makes a missing status approved; `ensure_account` takes the assistant's account;
`ordered` is created_at desc). The after_commit embedding job (an LLM call) is not run: no embedding
is kept.
"""

from __future__ import annotations

from typing import Any

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.sql import like_search
from fakewoot.store.validation import MSG_BLANK, MSG_MUST_EXIST, Errors, blank

STATUSES = ("pending", "approved")  # enum status: { pending: 0, approved: 1 }
MSG_INVALID_STATUS = "'{value}' is not a valid status"  # the enum's ArgumentError (a 500 upstream)


@dataclass(slots=True)
class AssistantResponse:
    id: int
    account_id: int
    assistant_id: int
    question: str
    answer: str
    status: str
    created_at: float
    updated_at: float
    documentable_type: str | None = None
    documentable_id: int | None = None


def cast_status(value: Any) -> str | None:
    """The enum's cast: a name or its integer; blank is nil; anything else an ArgumentError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value in STATUSES:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(STATUSES):
        return STATUSES[value]
    raise CouldNotCreate(MSG_INVALID_STATUS.format(value=value))


class CaptainResponses(AccountRecords[AssistantResponse]):
    table_name = "captain_assistant_responses"

    def search(
        self,
        account_id: int,
        *,
        assistant_id: int | None = None,
        document_id: int | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> list[AssistantResponse]:
        """AssistantResponsesController#apply_filters over the account's FAQs, newest first."""
        rows = list(self._store.account(account_id).captain_assistant_responses.values())
        if assistant_id is not None:
            rows = [r for r in rows if r.assistant_id == assistant_id]
        if document_id is not None:
            rows = [
                r
                for r in rows
                if r.documentable_type == "Captain::Document" and r.documentable_id == document_id
            ]
        if status is not None:
            rows = [r for r in rows if r.status == status]
        if search is not None:
            match = like_search(search)
            rows = [r for r in rows if match(r.question) or match(r.answer)]
        return sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)

    def _validate(self, account_id: int, assistant_id: int | None, question: Any, answer: Any) -> None:
        """belongs_to assistant, then account (the assistant's), then question and answer."""
        errors = Errors()
        if self._store.captain_assistants.get(account_id, assistant_id) is None:
            errors.add("assistant", MSG_MUST_EXIST)
            errors.add("account", MSG_MUST_EXIST)
        if blank(question):
            errors.add("question", MSG_BLANK)
        if blank(answer):
            errors.add("answer", MSG_BLANK)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        *,
        user_id: int | None = None,
        created_at: float | None = None,
        response_id: int | None = None,
    ) -> AssistantResponse:
        """`values`: question, answer, assistant_id, status (cast). The creator is the documentable."""
        self._validate(account_id, values.get("assistant_id"), values.get("question"), values.get("answer"))
        return self._insert(
            account_id,
            response_id,
            created_at,
            lambda new_id, now: AssistantResponse(
                id=new_id,
                account_id=account_id,
                assistant_id=values["assistant_id"],
                question=values["question"],
                answer=values["answer"],
                status=values.get("status") or "approved",
                created_at=now,
                updated_at=now,
                documentable_type=None if user_id is None else "User",
                documentable_id=user_id,
            ),
        )

    def update(self, response: AssistantResponse, values: dict[str, Any]) -> None:
        merged = {
            "assistant_id": response.assistant_id,
            "question": response.question,
            "answer": response.answer,
            "status": response.status,
            **values,
        }
        merged["status"] = merged["status"] or "approved"
        self._validate(response.account_id, merged["assistant_id"], merged["question"], merged["answer"])
        self._save(response, merged)

    def delete(self, response: AssistantResponse) -> None:
        self._store.account(response.account_id).captain_assistant_responses.remove(response.id)

    def bulk(self, account_id: int, ids: list[int], status: Any) -> list[AssistantResponse]:
        """Captain::BulkActionsController#handle_assistant_responses: `approve` approves the pending
        ones and answers all the selected; `delete` destroys them and answers none; nothing selected
        or another status answers none."""
        table = self._store.account(account_id).captain_assistant_responses
        selected = sorted((r for r in (table.get(i) for i in set(ids)) if r is not None), key=lambda r: r.id)
        if not selected or status not in ("approve", "delete"):
            return []
        if status == "delete":
            for response in selected:
                self.delete(response)
            return []
        for response in selected:
            if response.status == "pending":
                self.update(response, {"status": "approved"})
        return selected
