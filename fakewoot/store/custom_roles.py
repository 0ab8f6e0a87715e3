"""Custom roles as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/custom_role.rb (`name` required; `permissions` a text array,
default [], each element in CustomRole::PERMISSIONS; `has_many :account_users, dependent: :nullify`),
db/schema.rb. No licence or feature gate guards the model or its controller, so records are created as
upstream. Upstream, destroying a role nullifies its account users' custom_role_id; fakewoot's
AccountUser has no custom_role_id yet (the agents area), so no member ever holds a role here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fakewoot.store.row_changes import save_changes
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

# CustomRole::PERMISSIONS, in the model's order
PERMISSIONS = (
    "conversation_manage",
    "conversation_unassigned_manage",
    "conversation_participating_manage",
    "contact_manage",
    "report_manage",
    "knowledge_base_manage",
)
CUSTOM_ROLE_ATTRIBUTES = ("name", "description", "permissions")


@dataclass(slots=True)
class CustomRole:
    id: int
    account_id: int
    name: str | None
    created_at: float
    updated_at: float
    description: str | None = None
    permissions: list[str | None] = field(default_factory=list)


class CustomRoles:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[CustomRole]:
        """Current.account.custom_roles (no ORDER BY: insertion order)."""
        return sorted(self._store.account(account_id).custom_roles, key=lambda r: r.id)

    def get(self, account_id: int, role_id: int | None) -> CustomRole | None:
        return None if role_id is None else self._store.account(account_id).custom_roles.get(role_id)

    @staticmethod
    def _validate(name: Any, permissions: list[str | None]) -> None:
        """Presence of name; inclusion of every element of permissions (Rails' Clusivity checks each
        element of an array value; an empty array passes)."""
        errors = Errors()
        if blank(name):
            errors.add("name", MSG_BLANK)
        if any(permission not in PERMISSIONS for permission in permissions):
            errors.add("permissions", MSG_INCLUSION)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        created_at: float | None = None,
        role_id: int | None = None,
    ) -> CustomRole:
        """`values`: name, description (strings or None), permissions (a list of strings or None)."""
        permissions = list(values.get("permissions", []))
        self._validate(values.get("name"), permissions)
        account = self._store.account(account_id)
        now = self._store.clock.now() if created_at is None else created_at
        role = CustomRole(
            id=account.custom_roles.next_id() if role_id is None else role_id,
            account_id=account_id,
            name=values.get("name"),
            created_at=now,
            updated_at=now,
            description=values.get("description"),
            permissions=permissions,
        )
        account.custom_roles.add(role)
        return role

    def update(self, role: CustomRole, values: dict[str, Any]) -> None:
        self._validate(values.get("name", role.name), values.get("permissions", role.permissions))
        save_changes(role, values, self._store.clock.now())

    def delete(self, role: CustomRole) -> None:
        self._store.account(role.account_id).custom_roles.remove(role.id)
