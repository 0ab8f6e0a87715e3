"""Account labels (app/models/label.rb): lower-case titles, unique per account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store


@dataclass(slots=True)
class Label:
    id: int
    account_id: int
    title: str
    created_at: float
    updated_at: float
    description: str | None = None
    color: str = "#1f93ff"
    show_on_sidebar: bool | None = None


class Labels:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[Label]:
        return list(self._store.account(account_id).labels)

    def by_title(self, account_id: int, title: str) -> Label | None:
        wanted = title.strip().lower()
        return next(
            (label for label in self._store.account(account_id).labels if label.title == wanted), None
        )

    def create(
        self,
        *,
        account_id: int,
        title: str,
        description: str | None = None,
        color: str | None = None,
        show_on_sidebar: bool | None = None,
        label_id: int | None = None,
        created_at: float | None = None,
    ) -> Label:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now() if created_at is None else created_at
        label = Label(
            id=label_id if label_id is not None else account.labels.next_id(),
            account_id=account_id,
            title=title.strip().lower(),
            created_at=now,
            updated_at=now,
            description=description,
            color=color or "#1f93ff",
            show_on_sidebar=show_on_sidebar,
        )
        account.labels.add(label)
        store.accounts.invalidate_cache_key(account, "label")
        return label

    def update(self, label: Label, **changes: object) -> Label:
        for key, value in changes.items():
            setattr(label, key, value)
        label.updated_at = self._store.clock.now()
        self._store.accounts.invalidate_cache_key(self._store.account(label.account_id), "label")
        return label

    def rename_tags(self, account_id: int, old_title: str, new_title: str) -> None:
        """Labels::UpdateJob (after a title change): every conversation and contact of the account
        tagged `old_title` drops it and gets `new_title` (label_list.remove, then add), saved as a
        job saves them (no signed-in user)."""
        store = self._store
        account = store.account(account_id)

        def renamed(labels: list[str]) -> list[str]:
            kept = [name for name in labels if name != old_title]
            return kept if new_title in kept else [*kept, new_title]

        for conversation in [c for c in account.conversations if old_title in c.labels]:
            store.conversations.set_labels(conversation, renamed(list(conversation.labels)))
        for contact in [c for c in account.contacts if old_title in c.labels]:
            store.contacts.set_labels(contact, renamed(list(contact.labels)))

    def delete(self, label: Label) -> None:
        account = self._store.account(label.account_id)
        account.labels.remove(label.id)
        self._store.accounts.invalidate_cache_key(account, "label")
