"""Custom attribute definitions (app/models/custom_attribute_definition.rb): what the contact and
conversation filters accept as keys, and how they type the values."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.accounts import REQUIRED_ATTRIBUTES_SETTING

if TYPE_CHECKING:
    from fakewoot.store.state import Store

ATTRIBUTE_MODELS = ("conversation_attribute", "contact_attribute")
DISPLAY_TYPES = ("text", "number", "currency", "percent", "link", "date", "list", "checkbox")


@dataclass(slots=True)
class CustomAttributeDefinition:
    id: int
    account_id: int
    attribute_display_name: str
    attribute_key: str
    attribute_model: str
    attribute_display_type: str
    created_at: float
    updated_at: float
    default_value: Any = None
    attribute_description: str | None = None
    attribute_values: list[Any] = field(default_factory=list)
    regex_pattern: str | None = None
    regex_cue: str | None = None


class CustomAttributeDefinitions:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int, attribute_model: str | None = None) -> list[CustomAttributeDefinition]:
        return [
            d
            for d in self._store.account(account_id).custom_attribute_definitions
            if attribute_model is None or d.attribute_model == attribute_model
        ]

    def find(self, account_id: int, key: str, attribute_model: str) -> CustomAttributeDefinition | None:
        return next(
            (d for d in self.of(account_id, attribute_model) if d.attribute_key == key),
            None,
        )

    def create(
        self,
        *,
        account_id: int,
        definition_id: int | None = None,
        created_at: float | None = None,
        **values: Any,
    ) -> CustomAttributeDefinition:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now() if created_at is None else created_at
        record = CustomAttributeDefinition(
            id=definition_id if definition_id is not None else account.custom_attribute_definitions.next_id(),
            account_id=account_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        account.custom_attribute_definitions.add(record)
        return record

    def update(self, record: CustomAttributeDefinition, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(record, key, value)
        record.updated_at = self._store.clock.now()

    def delete(self, record: CustomAttributeDefinition) -> None:
        """destroy!, then cleanup_conversation_required_attributes: a conversation attribute's key
        leaves the account's `conversation_required_attributes` (saved only when it was listed)."""
        store = self._store
        account = store.account(record.account_id)
        account.custom_attribute_definitions.remove(record.id)
        required = account.settings.get(REQUIRED_ATTRIBUTES_SETTING)
        conversation = record.attribute_model == "conversation_attribute"
        if conversation and isinstance(required, list) and record.attribute_key in required:
            kept = [key for key in required if key != record.attribute_key]
            store.accounts.update(
                account, columns={}, custom_attributes={}, settings={REQUIRED_ATTRIBUTES_SETTING: kept}
            )
