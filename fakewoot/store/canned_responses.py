"""Canned responses (app/models/canned_response.rb at v4.10): short code and content, both required,
short codes unique per account (case-sensitive, as PostgreSQL's `=`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from fakewoot.records import dataclass
from fakewoot.store.sql import like_prefix, like_search
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store


@dataclass(slots=True)
class CannedResponse:
    id: int
    account_id: int
    short_code: str
    content: str
    created_at: float
    updated_at: float


class CannedResponses:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[CannedResponse]:
        """`Current.account.canned_responses`: no ORDER BY, which PostgreSQL answers in id order here."""
        return sorted(self._store.account(account_id).canned_responses, key=lambda c: c.id)

    def get(self, account_id: int, response_id: int) -> CannedResponse | None:
        return self._store.account(account_id).canned_responses.get(response_id)

    def search(self, account_id: int, text: str) -> list[CannedResponse]:
        """`short_code ILIKE %s% OR content ILIKE %s%`, ordered by CannedResponse.order_by_search: short
        code starting with `s` first (1), then short code containing it (0.5), then content (0.2);
        ties in id order."""
        contains, starts = like_search(text), like_prefix(text)

        def rank(item: CannedResponse) -> float:
            if starts(item.short_code):
                return 1.0
            if contains(item.short_code):
                return 0.5
            return 0.2 if contains(item.content) else 0.0

        found = [c for c in self.of(account_id) if contains(c.short_code) or contains(c.content)]
        return sorted(found, key=rank, reverse=True)

    def _validate(self, account_id: int, short_code: str | None, content: str | None, own_id: int) -> None:
        errors = Errors()
        if blank(content):
            errors.add("content", MSG_BLANK)
        if blank(short_code):
            errors.add("short_code", MSG_BLANK)
        if short_code is not None and any(
            c.short_code == short_code and c.id != own_id
            for c in self._store.account(account_id).canned_responses
        ):
            errors.add("short_code", MSG_TAKEN)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        *,
        short_code: str | None,
        content: str | None,
        response_id: int | None = None,
        created_at: float | None = None,
    ) -> CannedResponse:
        store = self._store
        account = store.account(account_id)
        self._validate(account_id, short_code, content, 0)
        assert short_code is not None and content is not None
        now = store.clock.now() if created_at is None else created_at
        record = CannedResponse(
            id=account.canned_responses.next_id() if response_id is None else response_id,
            account_id=account_id,
            short_code=short_code,
            content=content,
            created_at=now,
            updated_at=now,
        )
        return account.canned_responses.add(record)

    def update(self, record: CannedResponse, changes: Mapping[str, str | None]) -> None:
        """Assign the given attributes, validate, save (updated_at only when something changed);
        nothing changes on a refusal."""
        code = changes.get("short_code", record.short_code)
        text = changes.get("content", record.content)
        self._validate(record.account_id, code, text, record.id)
        assert code is not None and text is not None
        if (code, text) != (record.short_code, record.content):
            record.short_code, record.content = code, text
            record.updated_at = self._store.clock.now()

    def delete(self, record: CannedResponse) -> None:
        self._store.account(record.account_id).canned_responses.remove(record.id)
