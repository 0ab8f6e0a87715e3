"""Agent capacity policies, their inbox limits and the agents they apply to (enterprise at v4.10:
enterprise/app/models/agent_capacity_policy.rb, inbox_capacity_limit.rb, Enterprise::Concerns::AccountUser).

The standard image ships enterprise/ and nothing checks a licence or a feature here, so an unlicensed
install keeps these records like any other. A policy: `name` required, at most 255 characters (no
uniqueness); `description`; `exclusion_rules` a JSON object (default `{}`). An account user points at
one policy at most (account_users.agent_capacity_policy_id): kept here as the policy's `user_ids`,
moved when the user is assigned elsewhere, forgotten when the user leaves the account. An inbox limit:
`conversation_limit` present, an integer greater than 0; one per inbox and policy. Destroying a policy
destroys its limits and nullifies its users; destroying an inbox destroys its limits (Inboxes.delete).
No callbacks, no events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store import ranges
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.numericality import Number, check_greater_than
from fakewoot.store.validation import MSG_BLANK, MSG_TOO_LONG, NAME_MAX, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.inboxes import Inbox

ATTRIBUTES = ("name", "description", "exclusion_rules")


def jsonb_order(value: Any) -> Any:
    """A JSON value as PostgreSQL's jsonb gives it back: object keys shortest first, then bytewise."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (len(key.encode()), key.encode()))
        return {key: jsonb_order(value[key]) for key in keys}
    if isinstance(value, list):
        return [jsonb_order(item) for item in value]
    return value


@dataclass(slots=True)
class AgentCapacityPolicy:
    id: int
    account_id: int
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    exclusion_rules: Any = field(default_factory=dict)  # as stored (jsonb key order)
    user_ids: list[int] = field(default_factory=list)  # account users pointing here, in assignment order


@dataclass(slots=True)
class InboxCapacityLimit:
    id: int
    agent_capacity_policy_id: int
    inbox_id: int
    conversation_limit: int
    created_at: float
    updated_at: float


class AgentCapacityPolicies(AccountRecords[AgentCapacityPolicy]):
    table_name = "agent_capacity_policies"

    @staticmethod
    def _validate(values: dict[str, Any]) -> None:
        errors = Errors()
        name = values["name"]
        if blank(name):
            errors.add("name", MSG_BLANK)
        elif len(name) > NAME_MAX:
            errors.add("name", MSG_TOO_LONG, count=NAME_MAX)
        errors.raise_if_any()

    @staticmethod
    def _assigned(current: dict[str, Any], attributes: Mapping[str, Any]) -> dict[str, Any]:
        values = dict(current)
        for key, value in attributes.items():
            if key not in ATTRIBUTES:
                raise KeyError(f"unknown agent capacity policy attribute {key!r}")
            values[key] = jsonb_order(value) if key == "exclusion_rules" else value
        return values

    def create(
        self,
        account_id: int,
        attributes: Mapping[str, Any],
        *,
        policy_id: int | None = None,
        created_at: float | None = None,
    ) -> AgentCapacityPolicy:
        values = self._assigned({"name": None, "description": None, "exclusion_rules": {}}, attributes)
        self._validate(values)
        return self._insert(
            account_id,
            policy_id,
            created_at,
            lambda record_id, now: AgentCapacityPolicy(
                id=record_id, account_id=account_id, created_at=now, updated_at=now, **values
            ),
        )

    def update(self, policy: AgentCapacityPolicy, attributes: Mapping[str, Any]) -> None:
        """`update!`: saved (updated_at with it) only when a value changed."""
        current = {key: getattr(policy, key) for key in ATTRIBUTES}
        values = self._assigned(current, attributes)
        self._validate(values)
        self._save(policy, values)

    def delete(self, policy: AgentCapacityPolicy) -> None:
        account = self._store.account(policy.account_id)
        for limit in account.inbox_capacity_limits:
            if limit.agent_capacity_policy_id == policy.id:
                account.inbox_capacity_limits.remove(limit.id)
        policy.user_ids.clear()  # has_many :account_users, dependent: :nullify
        account.agent_capacity_policies.remove(policy.id)

    # --- account users ------------------------------------------------------------------------

    def users(self, policy: AgentCapacityPolicy) -> list[int]:
        """The ids of the account's users pointing at the policy, in the account users' order."""
        return [
            user_id
            for user_id in self._store.account(policy.account_id).members
            if user_id in policy.user_ids
        ]

    def policy_id_of(self, account_id: int, user_id: int) -> int | None:
        """account_users.agent_capacity_policy_id of that membership."""
        for policy in self._store.account(account_id).agent_capacity_policies.values():
            if user_id in policy.user_ids:
                return policy.id
        return None

    def assign_user(self, policy: AgentCapacityPolicy, user_id: int) -> None:
        """`account_user.update!(agent_capacity_policy: policy)`."""
        self.release_user(policy.account_id, user_id)
        policy.user_ids.append(user_id)

    def release_user(self, account_id: int, user_id: int) -> None:
        """`account_user.update!(agent_capacity_policy: nil)`."""
        for policy in self._store.account(account_id).agent_capacity_policies.values():
            if user_id in policy.user_ids:
                policy.user_ids.remove(user_id)

    # --- inbox limits -------------------------------------------------------------------------

    def limits(self, policy: AgentCapacityPolicy) -> list[InboxCapacityLimit]:
        """`policy.inbox_capacity_limits` whose inbox still exists, oldest first."""
        account = self._store.account(policy.account_id)
        return [
            limit
            for limit in sorted(account.inbox_capacity_limits, key=lambda limit: limit.id)
            if limit.agent_capacity_policy_id == policy.id and limit.inbox_id in account.inboxes
        ]

    def limit(self, policy: AgentCapacityPolicy, limit_id: int | None) -> InboxCapacityLimit | None:
        return next((limit for limit in self.limits(policy) if limit.id == limit_id), None)

    def has_limit(self, policy: AgentCapacityPolicy, inbox: Inbox) -> bool:
        return any(limit.inbox_id == inbox.id for limit in self.limits(policy))

    @staticmethod
    def _check_limit(number: Number) -> int:
        """presence, numericality (greater than 0, only integer), then what the integer column holds."""
        errors = Errors()
        if number.blank:
            errors.add("conversation_limit", MSG_BLANK)
        check_greater_than(errors, "conversation_limit", number, only_integer=True)
        errors.raise_if_any()
        ranges.check_int(errors, "conversation_limit", number.value)
        errors.raise_if_any()
        assert number.value is not None
        return number.value

    def add_limit(
        self,
        policy: AgentCapacityPolicy,
        inbox: Inbox,
        conversation_limit: Number,
        *,
        limit_id: int | None = None,
        created_at: float | None = None,
    ) -> InboxCapacityLimit:
        store = self._store
        value = self._check_limit(conversation_limit)
        account = store.account(policy.account_id)
        now = store.clock.now() if created_at is None else created_at
        limit = InboxCapacityLimit(
            id=account.inbox_capacity_limits.next_id() if limit_id is None else limit_id,
            agent_capacity_policy_id=policy.id,
            inbox_id=inbox.id,
            conversation_limit=value,
            created_at=now,
            updated_at=now,
        )
        return account.inbox_capacity_limits.add(limit)

    def update_limit(self, limit: InboxCapacityLimit, conversation_limit: Number) -> None:
        value = self._check_limit(conversation_limit)
        if value != limit.conversation_limit:
            limit.conversation_limit = value
            limit.updated_at = self._store.clock.now()

    def delete_limit(self, policy: AgentCapacityPolicy, limit: InboxCapacityLimit) -> None:
        self._store.account(policy.account_id).inbox_capacity_limits.remove(limit.id)
