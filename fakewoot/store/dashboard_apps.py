"""Dashboard apps (app/models/dashboard_app.rb at v4.10): a title and a non-empty list of frames,
each `{url, type: "frame"}`, checked against the model's JSON schema (`url` an http(s) URI when it is
a string: the schema's format and pattern apply to strings only). A content that is not a list is
replaced by [] before the check, so it fails as empty. Upstream has no presence check on `title` (a
NOT NULL column, a 500 there): a 422 here."""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, Errors

if TYPE_CHECKING:
    from fakewoot.store.state import Store

MSG_INVALID_CONTENT = "{attr} : Invalid data"
# format "uri" (an absolute URI that URI.parse accepts) and the schema's pattern ^https?://
SANE_URL = re.compile(r"\Ahttps?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")


@dataclass(slots=True)
class DashboardApp:
    id: int
    account_id: int
    user_id: int | None
    title: str
    created_at: float
    updated_at: float
    content: list[Any] = field(default_factory=list)


def content_valid(content: Any) -> bool:
    if not isinstance(content, list) or not content:
        return False
    for item in content:
        if not isinstance(item, dict) or "url" not in item or "type" not in item:
            return False
        if item["type"] != "frame":
            return False
        url = item["url"]
        if isinstance(url, str) and not SANE_URL.match(url):
            return False
    return True


class DashboardApps:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[DashboardApp]:
        return sorted(self._store.account(account_id).dashboard_apps.values(), key=lambda a: a.id)

    def get(self, account_id: int, app_id: int) -> DashboardApp | None:
        return self._store.account(account_id).dashboard_apps.get(app_id)

    @staticmethod
    def _check(title: str | None, content: Any) -> None:
        errors = Errors()
        if not content_valid(content):
            errors.add("content", MSG_INVALID_CONTENT)
        if title is None:
            errors.add("title", MSG_BLANK)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        *,
        title: str | None,
        content: Any,
        user_id: int | None,
        app_id: int | None = None,
    ) -> DashboardApp:
        store = self._store
        account = store.account(account_id)
        self._check(title, content)
        assert title is not None
        now = store.clock.now()
        record = DashboardApp(
            id=account.dashboard_apps.next_id() if app_id is None else app_id,
            account_id=account_id,
            user_id=user_id,
            title=title,
            created_at=now,
            updated_at=now,
            content=content,
        )
        return account.dashboard_apps.add(record)

    def update(self, record: DashboardApp, changes: dict[str, Any]) -> None:
        title = changes.get("title", record.title)
        content = changes.get("content", record.content)
        self._check(title, content)
        if (title, content) != (record.title, record.content):
            record.title, record.content = title, content
            record.updated_at = self._store.clock.now()

    def delete(self, record: DashboardApp) -> None:
        self._store.account(record.account_id).dashboard_apps.remove(record.id)
