"""Agent capacity policies as enterprise/app/views/api/v1/models/_agent_capacity_policy.json.jbuilder
and the inbox_limits create/update views render them at v4.10 (integer Unix timestamps)."""

from __future__ import annotations

from typing import Any

from fakewoot.store.agent_capacity_policies import AgentCapacityPolicy, InboxCapacityLimit


def agent_capacity_policy_json(
    policy: AgentCapacityPolicy,
    assigned_agent_count: int,
    limits: list[InboxCapacityLimit],
    exclusion_rules: Any,
) -> dict[str, Any]:
    """`exclusion_rules` as the record holds it: the stored (jsonb-ordered) value, or the one just
    assigned by create/update (in the order `permit` built it)."""
    return {
        "id": policy.id,
        "name": policy.name,
        "description": policy.description,
        "exclusion_rules": exclusion_rules,
        "created_at": int(policy.created_at),
        "updated_at": int(policy.updated_at),
        "account_id": policy.account_id,
        "assigned_agent_count": assigned_agent_count,
        "inbox_capacity_limits": [
            {"id": limit.id, "inbox_id": limit.inbox_id, "conversation_limit": limit.conversation_limit}
            for limit in limits
        ],
    }


def inbox_limit_created_json(limit: InboxCapacityLimit) -> dict[str, Any]:
    """agent_capacity_policies/inbox_limits/create.json.jbuilder."""
    return {
        "id": limit.id,
        "inbox_id": limit.inbox_id,
        "agent_capacity_policy_id": limit.agent_capacity_policy_id,
        "conversation_limit": limit.conversation_limit,
        "created_at": int(limit.created_at),
        "updated_at": int(limit.updated_at),
    }


def inbox_limit_updated_json(limit: InboxCapacityLimit, inbox_name: str) -> dict[str, Any]:
    """agent_capacity_policies/inbox_limits/update.json.jbuilder (adds the inbox's name)."""
    return {
        "id": limit.id,
        "inbox_id": limit.inbox_id,
        "inbox_name": inbox_name,
        "agent_capacity_policy_id": limit.agent_capacity_policy_id,
        "conversation_limit": limit.conversation_limit,
        "created_at": int(limit.created_at),
        "updated_at": int(limit.updated_at),
    }
