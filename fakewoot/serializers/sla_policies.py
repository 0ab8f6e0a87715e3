"""enterprise/app/views/api/v1/models/_sla_policy.json.jbuilder and the sla_policies views (every
one wraps it in `payload`) at e13e3c87."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.sla_policies import SlaPolicy


def _float(value: float | None) -> float | None:
    """ActiveSupport's Float#as_json: NaN and the infinities render as null."""
    return value if value is None or math.isfinite(value) else None


def sla_policy_json(policy: SlaPolicy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "name": policy.name,
        "description": policy.description,
        "first_response_time_threshold": _float(policy.first_response_time_threshold),
        "next_response_time_threshold": _float(policy.next_response_time_threshold),
        "resolution_time_threshold": _float(policy.resolution_time_threshold),
        "only_during_business_hours": policy.only_during_business_hours,
    }


def sla_policies_json(policies: list[SlaPolicy]) -> dict[str, Any]:
    return {"payload": [sla_policy_json(p) for p in policies]}
