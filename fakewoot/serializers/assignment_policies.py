"""An assignment policy as app/views/api/v1/accounts/assignment_policies/_assignment_policy.json.jbuilder
renders it at v4.10 (also the inboxes/assignment_policies show and create views): enums as their
labels, `assigned_inbox_count` is `inboxes.count`, timestamps as integer Unix seconds (`to_i`)."""

from __future__ import annotations

from typing import Any

from fakewoot.store.assignment_policies import AssignmentPolicy


def assignment_policy_json(policy: AssignmentPolicy, assigned_inbox_count: int) -> dict[str, Any]:
    return {
        "id": policy.id,
        "name": policy.name,
        "description": policy.description,
        "assignment_order": policy.assignment_order,
        "conversation_priority": policy.conversation_priority,
        "fair_distribution_limit": policy.fair_distribution_limit,
        "fair_distribution_window": policy.fair_distribution_window,
        "enabled": policy.enabled,
        "assigned_inbox_count": assigned_inbox_count,
        "created_at": int(policy.created_at),
        "updated_at": int(policy.updated_at),
    }
