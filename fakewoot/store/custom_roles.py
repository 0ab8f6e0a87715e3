"""Custom roles as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/custom_role.rb (`name` required; `permissions` a text array,
default [], each element in CustomRole::PERMISSIONS; `has_many :account_users, dependent: :nullify`),
db/schema.rb. No licence or feature gate guards the model or its controller, so records are created as
upstream.

account_users.custom_role_id (Enterprise::Concerns::AccountUser: `belongs_to :custom_role, optional:
true`, no foreign key, so any integer is stored, even another account's role or none) is kept here
as a RoleAssignment row keyed by the account user's id, beside fakewoot's AccountUser (the agents
area's record). The enterprise agents controller writes it on every agent create and update
(`update!(custom_role_id: params[:custom_role_id])`, so an update without it clears it); destroying a
role nullifies its members' ids (`dependent: :nullify`). Enterprise::AccountUser#permissions is the
role's permissions plus 'custom_role' when the role exists.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.row_changes import remove_where
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser

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


@dataclass(slots=True)
class RoleAssignment:
    id: int  # the account user's id
    account_id: int
    custom_role_id: int


class CustomRoles(AccountRecords[CustomRole]):
    table_name = "custom_roles"

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
        return self._insert(
            account_id,
            role_id,
            created_at,
            lambda new_id, now: CustomRole(
                id=new_id,
                account_id=account_id,
                name=values.get("name"),
                created_at=now,
                updated_at=now,
                description=values.get("description"),
                permissions=permissions,
            ),
        )

    def update(self, role: CustomRole, values: dict[str, Any]) -> None:
        self._validate(values.get("name", role.name), values.get("permissions", role.permissions))
        self._save(role, values)

    def delete(self, role: CustomRole) -> None:
        account = self._store.account(role.account_id)
        account.custom_roles.remove(role.id)
        for state in self._store.state.accounts.values():  # dependent: :nullify, whatever the account
            remove_where(state.custom_role_assignments, lambda row: row.custom_role_id == role.id)

    # --- account_users.custom_role_id -------------------------------------------------------------

    def role_id_of(self, member: AccountUser) -> int | None:
        row = self._store.account(member.account_id).custom_role_assignments.get(member.id)
        return None if row is None else row.custom_role_id

    def role_of(self, member: AccountUser) -> CustomRole | None:
        """AccountUser#custom_role: the role by id, wherever it lives (belongs_to is not scoped)."""
        role_id = self.role_id_of(member)
        if role_id is None:
            return None
        for state in self._store.state.accounts.values():
            role = state.custom_roles.get(role_id)
            if role is not None:
                return role
        return None

    def assign(self, member: AccountUser, role_id: int | None) -> None:
        """`current_account_user.update!(custom_role_id: ...)`: the member's updated_at moves when
        the id changes."""
        if self.role_id_of(member) != role_id:
            member.updated_at = self._store.clock.now()
        table = self._store.account(member.account_id).custom_role_assignments
        table.remove(member.id)
        if role_id is not None:
            table.add(RoleAssignment(id=member.id, account_id=member.account_id, custom_role_id=role_id))

    def permissions_of(self, member: AccountUser) -> list[str | None]:
        """Enterprise::AccountUser#permissions: a role's permissions plus 'custom_role', else the
        member's own ('administrator' or 'agent')."""
        role = self.role_of(member)
        return [*member.permissions] if role is None else [*role.permissions, "custom_role"]
