"""Assignment policies and the inboxes they govern (app/models/assignment_policy.rb and
inbox_assignment_policy.rb at v4.10, "Assignment V2").

A policy belongs to an account; `name` is required and unique per account (case-sensitive, the
unique index on account_id+name). `fair_distribution_limit` and `fair_distribution_window` must be
numbers greater than 0 (NumericalityValidator reads the value as sent, before the integer cast).
Enums: assignment_order round_robin (0) and, because the standard image ships enterprise/
(Enterprise::Concerns::AssignmentPolicy), balanced (1); conversation_priority earliest_created (0),
longest_waiting (1). Columns are NOT NULL with defaults round_robin, earliest_created, 100, 3600, true.

An inbox has at most one policy (InboxAssignmentPolicy, unique inbox_id). Destroying a policy destroys
its links (dependent: :destroy); destroying an inbox destroys its link (Inbox has_one
:inbox_assignment_policy, dependent: :destroy; Inboxes.delete does it). No callbacks, no events, no
cache keys.

Where Chatwoot's database refuses a value (a name past 255 characters: ValueTooLong; an integer past
the column: ActiveModel::RangeError; an enum or `enabled` left empty: NotNullViolation) upstream
answers 500; here it is a 422 with RecordInvalid's shape, after the validations, nothing changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass
from fakewoot.store import ranges
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.macros import MSG_INVALID_ENUM
from fakewoot.store.numericality import Number, check_greater_than
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, MSG_TOO_LONG, NAME_MAX, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.inboxes import Inbox

ASSIGNMENT_ORDERS = {"round_robin": 0, "balanced": 1}
CONVERSATION_PRIORITIES = {"earliest_created": 0, "longest_waiting": 1}
ENUMS: dict[str, dict[str, int]] = {
    "assignment_order": ASSIGNMENT_ORDERS,
    "conversation_priority": CONVERSATION_PRIORITIES,
}
NUMERIC = ("fair_distribution_limit", "fair_distribution_window")
# the attributes assignment_policy_params permits, in the controller's order
ATTRIBUTES = (
    "name",
    "description",
    "assignment_order",
    "conversation_priority",
    "fair_distribution_limit",
    "fair_distribution_window",
    "enabled",
)


@dataclass(slots=True)
class AssignmentPolicy:
    id: int
    account_id: int
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    assignment_order: str = "round_robin"
    conversation_priority: str = "earliest_created"
    fair_distribution_limit: int = 100
    fair_distribution_window: int = 3600
    enabled: bool = True


@dataclass(slots=True)
class InboxAssignmentPolicy:
    id: int
    inbox_id: int
    assignment_policy_id: int
    created_at: float
    updated_at: float


def _columns(policy: AssignmentPolicy) -> dict[str, Any]:
    return {key: getattr(policy, key) for key in ATTRIBUTES}


class AssignmentPolicies(AccountRecords[AssignmentPolicy]):
    table_name = "assignment_policies"

    @staticmethod
    def _assigned(current: dict[str, Any], attributes: Mapping[str, Any]) -> dict[str, Any]:
        """The columns after assigning `attributes` (numbers as Number or int)."""
        values = dict(current)
        for key, value in attributes.items():
            if key not in ATTRIBUTES:
                raise KeyError(f"unknown assignment policy attribute {key!r}")
            if key in ENUMS and value is not None and value not in ENUMS[key]:
                raise CouldNotCreate(MSG_INVALID_ENUM.format(value=value, attr=key))  # ArgumentError
            values[key] = value.value if isinstance(value, Number) else value
        return values

    def _validate(
        self, account_id: int, own_id: int, values: dict[str, Any], attributes: Mapping[str, Any]
    ) -> None:
        errors = Errors()
        name = values["name"]
        if blank(name):
            errors.add("name", MSG_BLANK)
        elif any(
            p.name == name and p.id != own_id
            for p in self._store.account(account_id).assignment_policies.values()
        ):
            errors.add("name", MSG_TAKEN)
        for key in NUMERIC:
            assigned = attributes.get(key)
            check_greater_than(
                errors, key, assigned if isinstance(assigned, Number) else Number.of(values[key])
            )
        errors.raise_if_any()
        # what PostgreSQL (or the bind's cast) refuses, a 500 upstream
        if len(name) > NAME_MAX:
            errors.add("name", MSG_TOO_LONG, count=NAME_MAX)
        for key in NUMERIC:
            ranges.check_int(errors, key, values[key])
        for key in (*ENUMS, "enabled"):
            if values[key] is None:
                errors.add(key, MSG_BLANK)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        attributes: Mapping[str, Any],
        *,
        policy_id: int | None = None,
        created_at: float | None = None,
    ) -> AssignmentPolicy:
        """`account.assignment_policies.create!(attributes)`: enum values already checked (labels or
        None); numbers as Number (from a request) or int."""
        defaults = _columns(AssignmentPolicy(0, account_id, "", 0.0, 0.0))
        defaults["name"] = None
        values = self._assigned(defaults, attributes)
        self._validate(account_id, 0, values, attributes)
        return self._insert(
            account_id,
            policy_id,
            created_at,
            lambda record_id, now: AssignmentPolicy(
                id=record_id, account_id=account_id, created_at=now, updated_at=now, **values
            ),
        )

    def update(self, policy: AssignmentPolicy, attributes: Mapping[str, Any]) -> None:
        """`update!`: assign, validate, save only when something changed (updated_at with it)."""
        current = _columns(policy)
        values = self._assigned(current, attributes)
        self._validate(policy.account_id, policy.id, values, attributes)
        self._save(policy, values)

    def delete(self, policy: AssignmentPolicy) -> None:
        account = self._store.account(policy.account_id)
        for link in account.inbox_assignment_policies:
            if link.assignment_policy_id == policy.id:
                account.inbox_assignment_policies.remove(link.id)
        account.assignment_policies.remove(policy.id)

    # --- inbox links ----------------------------------------------------------------------------

    def _links(self, account_id: int) -> list[InboxAssignmentPolicy]:
        """The links whose inbox still exists, oldest first."""
        account = self._store.account(account_id)
        return [link for link in account.inbox_assignment_policies if link.inbox_id in account.inboxes]

    def inboxes(self, policy: AssignmentPolicy) -> list[Inbox]:
        """`policy.inboxes` (through the links, in the links' order)."""
        inboxes = self._store.account(policy.account_id).inboxes
        found = (
            inboxes.get(link.inbox_id)
            for link in self._links(policy.account_id)
            if link.assignment_policy_id == policy.id
        )
        return [inbox for inbox in found if inbox is not None]

    def inbox_count(self, policy: AssignmentPolicy) -> int:
        return sum(1 for link in self._links(policy.account_id) if link.assignment_policy_id == policy.id)

    def link_of(self, inbox: Inbox) -> InboxAssignmentPolicy | None:
        for link in self._links(inbox.account_id):
            if link.inbox_id == inbox.id:
                return link
        return None

    def of_inbox(self, inbox: Inbox) -> AssignmentPolicy | None:
        """`inbox.assignment_policy`."""
        link = self.link_of(inbox)
        return None if link is None else self.get(inbox.account_id, link.assignment_policy_id)

    def assign(
        self,
        inbox: Inbox,
        policy: AssignmentPolicy,
        *,
        link_id: int | None = None,
        created_at: float | None = None,
    ) -> InboxAssignmentPolicy:
        """The inbox's link (if any) is destroyed, then a new one is created (a new id)."""
        store = self._store
        self.unassign(inbox)
        account = store.account(inbox.account_id)
        now = store.clock.now() if created_at is None else created_at
        link = InboxAssignmentPolicy(
            id=account.inbox_assignment_policies.next_id() if link_id is None else link_id,
            inbox_id=inbox.id,
            assignment_policy_id=policy.id,
            created_at=now,
            updated_at=now,
        )
        return account.inbox_assignment_policies.add(link)

    def unassign(self, inbox: Inbox) -> bool:
        """`inbox.inbox_assignment_policy&.destroy`: whether there was one."""
        link = self.link_of(inbox)
        if link is None:
            return False
        self._store.account(inbox.account_id).inbox_assignment_policies.remove(link.id)
        return True
