"""An automation rule as app/views/api/v1/accounts/automation_rules/partials/_automation_rule.json.jbuilder
renders it at v4.10: `created_on` is created_at as integer seconds, `files` only when some are
attached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.automation_rules import AutomationRule


def automation_rule_json(rule: AutomationRule) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": rule.id,
        "account_id": rule.account_id,
        "name": rule.name,
        "description": rule.description,
        "event_name": rule.event_name,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "created_on": int(rule.created_at),
        "active": rule.active,
    }
    if rule.files:
        body["files"] = rule.files
    return body
