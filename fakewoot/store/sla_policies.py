"""SLA policies as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/sla_policy.rb (belongs to an account; `name` required;
first/next/resolution time thresholds are float columns, `only_during_business_hours` a boolean
defaulting to false, `description` a string), db/schema.rb. No licence or feature gate guards the
model or Api::V1::Accounts::SlaPoliciesController, so records are created as upstream. Applying a
policy to a conversation needs the `sla` feature (off without a licence), so no applied SLA is ever
written and destroying a policy has nothing to nullify or remove.
"""

from __future__ import annotations

from typing import Any

from fakewoot.records import dataclass
from fakewoot.store.account_records import AccountRecords
from fakewoot.store.validation import MSG_BLANK, Errors, blank

SLA_POLICY_ATTRIBUTES = (
    "name",
    "description",
    "first_response_time_threshold",
    "next_response_time_threshold",
    "resolution_time_threshold",
    "only_during_business_hours",
)


@dataclass(slots=True)
class SlaPolicy:
    id: int
    account_id: int
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    first_response_time_threshold: float | None = None
    next_response_time_threshold: float | None = None
    resolution_time_threshold: float | None = None
    only_during_business_hours: bool | None = False


class SlaPolicies(AccountRecords[SlaPolicy]):
    table_name = "sla_policies"

    @staticmethod
    def _validate(name: Any) -> None:
        errors = Errors()
        if blank(name):
            errors.add("name", MSG_BLANK)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        created_at: float | None = None,
        policy_id: int | None = None,
    ) -> SlaPolicy:
        """`values`: any of SLA_POLICY_ATTRIBUTES, already cast; `policy_id`, `created_at` for fixtures."""
        self._validate(values.get("name"))

        def build(new_id: int, now: float) -> SlaPolicy:
            policy = SlaPolicy(
                id=new_id, account_id=account_id, name=values["name"], created_at=now, updated_at=now
            )
            for key in SLA_POLICY_ATTRIBUTES[1:]:
                if key in values:
                    setattr(policy, key, values[key])
            return policy

        return self._insert(account_id, policy_id, created_at, build)

    def update(self, policy: SlaPolicy, values: dict[str, Any]) -> None:
        self._validate(values.get("name", policy.name))
        self._save(policy, values)

    def delete(self, policy: SlaPolicy) -> None:
        """DeleteObjectJob (a moment later upstream; at once here)."""
        self._store.account(policy.account_id).sla_policies.remove(policy.id)
