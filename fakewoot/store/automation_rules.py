"""Automation rules (app/models/automation_rule.rb at v4.10; the conditions' keys and operators are
lib/filters/filter_keys.yml's).

Validations, in the model's order: json_conditions_format (an attribute_key that is neither a known
condition nor one of the account's custom attribute keys), json_actions_format, query_operator_presence
(more than one condition without a query_operator), query_operator_value (AND/OR, any case). A
refusal is 422 {"error": {attribute: [messages]}} (render_could_not_create_error).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.macros import MSG_NOT_NULL, action_names, invalid, unsupported

if TYPE_CHECKING:
    from fakewoot.store.state import Store

CONDITION_KEYS = (
    "content",
    "email",
    "country_code",
    "status",
    "message_type",
    "browser_language",
    "assignee_id",
    "team_id",
    "referer",
    "city",
    "company",
    "inbox_id",
    "mail_subject",
    "phone_number",
    "priority",
    "conversation_language",
    "labels",
)
ACTIONS = (
    "send_message",
    "add_label",
    "remove_label",
    "send_email_to_team",
    "assign_team",
    "assign_agent",
    "send_webhook_event",
    "mute_conversation",
    "send_attachment",
    "change_status",
    "resolve_conversation",
    "open_conversation",
    "snooze_conversation",
    "change_priority",
    "send_email_transcript",
    "add_private_note",
)
EVENTS = (
    "conversation_created",
    "conversation_updated",
    "conversation_opened",
    "conversation_resolved",
    "message_created",
)
MSG_CONDITIONS_UNSUPPORTED = "Automation conditions {names} not supported."
MSG_ACTIONS_UNSUPPORTED = "Automation actions {names} not supported."
MSG_QUERY_OPERATOR_MISSING = "Automation conditions should have query operator."
MSG_QUERY_OPERATOR_VALUE = 'Query operator must be either "AND" or "OR"'
MSG_CONDITION_SHAPE = "conditions must be a list of objects with an attribute_key"
AUTHORIZATION_ERROR_THRESHOLD = 2  # Reauthorizable::AUTHORIZATION_ERROR_THRESHOLD
DISABLED_MAIL = "automation_rule_disabled"  # AdministratorNotifications::AccountNotificationMailer


@dataclass(slots=True)
class AutomationRule:
    id: int
    account_id: int
    name: str
    description: str | None
    event_name: str
    conditions: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    created_at: float
    updated_at: float
    active: bool = True
    files: list[dict[str, Any]] = field(default_factory=list)  # has_many_attached :files (action_files.py)
    # Reauthorizable (kept in Redis upstream): failed condition validations, and the disabled mark
    authorization_error_count: int = 0
    reauthorization_required: bool = False


class AutomationRules:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[AutomationRule]:
        return sorted(self._store.account(account_id).automation_rules.values(), key=lambda r: r.id)

    def get(self, account_id: int, rule_id: int | None) -> AutomationRule | None:
        return None if rule_id is None else self._store.account(account_id).automation_rules.get(rule_id)

    def active_for(self, account_id: int, event_name: str) -> list[AutomationRule]:
        return [r for r in self.of(account_id) if r.active and r.event_name == event_name]

    def _custom_keys(self, account_id: int) -> set[str]:
        definitions = self._store.account(account_id).custom_attribute_definitions.values()
        return {d.attribute_key for d in definitions}

    def _validate(self, account_id: int, values: dict[str, Any]) -> None:
        conditions, actions = values.get("conditions"), values.get("actions")
        if conditions is None or not isinstance(conditions, list):
            # `conditions.each` on nil (query_operator_value) and the NOT NULL column: a 500 upstream
            raise invalid(MSG_NOT_NULL.format(attr="conditions"))
        if not all(isinstance(c, dict) for c in conditions):
            raise invalid(MSG_CONDITION_SHAPE)
        if actions is None:
            raise invalid(MSG_NOT_NULL.format(attr="actions"))
        names = action_names(actions)
        errors: dict[str, list[str]] = {}
        keys = [c.get("attribute_key") for c in conditions]
        known = set(CONDITION_KEYS) | self._custom_keys(account_id)
        bad = unsupported(keys, known)
        if bad:
            errors.setdefault("conditions", []).append(MSG_CONDITIONS_UNSUPPORTED.format(names=",".join(bad)))
        bad_actions = unsupported(names, ACTIONS)
        if bad_actions:
            errors.setdefault("actions", []).append(
                MSG_ACTIONS_UNSUPPORTED.format(names=",".join(bad_actions))
            )
        if sum(1 for c in conditions if c.get("query_operator") is None) > 1:
            errors.setdefault("conditions", []).append(MSG_QUERY_OPERATOR_MISSING)
        for condition in conditions:
            operator = condition.get("query_operator")
            if operator is None or operator == "":
                continue
            if not isinstance(operator, str) or operator.upper() not in ("AND", "OR"):
                errors.setdefault("conditions", []).append(MSG_QUERY_OPERATOR_VALUE)
        if errors:
            raise invalid(errors)
        for attr in ("name", "event_name"):
            if not isinstance(values.get(attr), str):
                raise invalid(MSG_NOT_NULL.format(attr=attr))

    def create(self, account_id: int, values: dict[str, Any], rule_id: int | None = None) -> AutomationRule:
        store = self._store
        values = {"active": True, **values}
        self._validate(account_id, values)
        table = store.account(account_id).automation_rules
        now = store.clock.now()
        rule = AutomationRule(
            id=table.next_id() if rule_id is None else rule_id,
            account_id=account_id,
            name=values["name"],
            description=values.get("description"),
            event_name=values["event_name"],
            conditions=list(values["conditions"]),
            actions=list(values["actions"]),
            created_at=now,
            updated_at=now,
            active=bool(values["active"]),
        )
        table.add(rule)
        return rule

    def update(self, rule: AutomationRule, changes: dict[str, Any]) -> None:
        """assign_attributes then save!: all or nothing."""
        current = {
            "name": rule.name,
            "description": rule.description,
            "event_name": rule.event_name,
            "conditions": rule.conditions,
            "actions": rule.actions,
            "active": rule.active,
        }
        values = {**current, **changes}
        self._validate(rule.account_id, values)
        if values == current:
            return
        if values["conditions"] != rule.conditions:
            rule.authorization_error_count = 0  # reauthorized! (after_update_commit on conditions)
            rule.reauthorization_required = False
        rule.name = values["name"]
        rule.description = values["description"]
        rule.event_name = values["event_name"]
        rule.conditions = list(values["conditions"])
        rule.actions = list(values["actions"])
        rule.active = bool(values["active"])
        rule.updated_at = self._store.clock.now()

    def authorization_error(self, rule: AutomationRule) -> None:
        """Reauthorizable#authorization_error!: a rule whose conditions fail validation when it runs;
        at the threshold it is disabled (update!(active: false)) and the administrators are told."""
        rule.authorization_error_count += 1
        if rule.authorization_error_count < AUTHORIZATION_ERROR_THRESHOLD:
            return
        rule.reauthorization_required = True
        if rule.active:
            rule.active = False
            rule.updated_at = self._store.clock.now()
        store = self._store
        account = store.account(rule.account_id)
        emails = [
            user.email
            for member in account.members.values()
            if member.administrator and (user := store.users.get(member.user_id)) is not None
        ]
        if emails:
            store.mailer.deliver(
                DISABLED_MAIL, ", ".join(emails), account_id=rule.account_id, rule_id=rule.id
            )

    def clone(self, rule: AutomationRule) -> AutomationRule:
        """`dup.save!`: the same attributes under a new id and new timestamps (files stay behind)."""
        values = {
            "name": rule.name,
            "description": rule.description,
            "event_name": rule.event_name,
            "conditions": [dict(c) for c in rule.conditions],
            "actions": [dict(a) for a in rule.actions],
            "active": rule.active,
        }
        return self.create(rule.account_id, values)

    def delete(self, rule: AutomationRule) -> None:
        self._store.account(rule.account_id).automation_rules.remove(rule.id)
