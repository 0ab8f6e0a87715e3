"""Does a rule's conditions match a conversation? AutomationRules::ConditionsFilterService and
ConditionValidationService at v4.10, evaluated in memory the way their SQL reads.

Upstream builds one WHERE clause over the conversation LEFT JOINed with its contact, its messages (only
the event's message on message_created) and, when a condition names labels, its tags, and asks whether
any joined row matches. So every condition of a row is checked against one message and one tag, with
SQL's three-valued logic (a NULL column makes `IN`, `NOT IN` and `ILIKE` unknown) and AND binding
tighter than OR. A condition list whose last SQL condition still carries a query_operator is an SQL
syntax error upstream: no match. `attribute_changed` conditions are applied after the query, on the
event's changed attributes, as perform_attribute_changed_filter does. Any error means no match.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fakewoot.store.conversations import PRIORITIES, STATUSES
from fakewoot.store.messages import MESSAGE_TYPES

if TYPE_CHECKING:
    from fakewoot.store.automation_rules import AutomationRule
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

# lib/filters/filter_keys.yml: key -> (table, attribute_type, data_type, filter_operators)
EQ = ("equal_to", "not_equal_to")
PRESENCE = ("is_present", "is_not_present")
LIKE = ("contains", "does_not_contain")
DATES = ("is_greater_than", "is_less_than", "days_before")
FILTERS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "status": ("conversations", "standard", "text", EQ),
    "assignee_id": ("conversations", "standard", "text", EQ + PRESENCE),
    "inbox_id": ("conversations", "standard", "text", EQ + PRESENCE),
    "team_id": ("conversations", "standard", "number", EQ + PRESENCE),
    "priority": ("conversations", "standard", "text", EQ),
    "display_id": ("conversations", "standard", "Number", EQ + LIKE),
    "campaign_id": ("conversations", "standard", "Number", EQ + PRESENCE),
    "labels": ("conversations", "standard", "labels", EQ + PRESENCE),
    "browser_language": ("conversations", "additional_attributes", "text", EQ),
    "conversation_language": ("conversations", "additional_attributes", "text", EQ),
    "referer": ("conversations", "additional_attributes", "link", EQ + LIKE),
    "created_at": ("conversations", "standard", "date", DATES),
    "last_activity_at": ("conversations", "standard", "date", DATES),
    "mail_subject": ("conversations", "additional_attributes", "text", EQ + LIKE),
    "name": ("contacts", "standard", "text_case_insensitive", EQ + LIKE),
    "phone_number": ("contacts", "standard", "text", (*EQ, *LIKE, "starts_with")),
    "email": ("contacts", "standard", "text_case_insensitive", EQ + LIKE),
    "identifier": ("contacts", "standard", "text_case_insensitive", EQ),
    "country_code": ("contacts", "additional_attributes", "text_case_insensitive", EQ),
    "city": ("contacts", "additional_attributes", "text_case_insensitive", EQ + LIKE),
    "company": ("contacts", "additional_attributes", "text_case_insensitive", EQ + LIKE),
    "blocked": ("contacts", "standard", "boolean", EQ),
    "message_type": ("messages", "standard", "numeric", EQ),
    "content": ("messages", "standard", "text", EQ + LIKE),
}
CONVERSATION_ATTRIBUTE = "conversation_attribute"
NUMERIC_TYPES = {"number": float}

Truth = bool | None  # SQL's three-valued logic: None is NULL (unknown)


class NoMatch(Exception):
    """Where the upstream query raises (rescued there: the rule does not match)."""


def _and(a: Truth, b: Truth) -> Truth:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _not(a: Truth) -> Truth:
    return None if a is None else not a


def _text(value: Any) -> str | None:
    """`->>` and a column read as text: JSON scalars as PostgreSQL prints them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        import orjson

        return orjson.dumps(value).decode()
    return str(value)


class ConditionsFilter:
    def __init__(
        self,
        store: Store,
        rule: AutomationRule,
        conversation: Conversation,
        *,
        message: Message | None = None,
        changed_attributes: dict[str, Any] | None = None,
    ) -> None:
        self._store = store
        self._rule = rule
        self._conversation = conversation
        self._message = message
        self._changed = changed_attributes
        account = store.account(conversation.account_id)
        self._contact: Contact | None = account.contacts.get(conversation.contact_id)

    # --- ConditionValidationService ---------------------------------------------------------------

    def _custom(self, key: Any, model: Any) -> Any:
        model = model if isinstance(model, str) and model else CONVERSATION_ATTRIBUTE
        definitions = self._store.account(self._conversation.account_id).custom_attribute_definitions
        return next(
            (d for d in definitions.values() if d.attribute_model == model and d.attribute_key == key), None
        )

    def rule_valid(self) -> bool:
        for condition in self._rule.conditions:
            key = condition.get("attribute_key")
            found = FILTERS.get(key) if isinstance(key, str) else None
            if found is not None:
                operator = condition.get("filter_operator")
                if operator != "attribute_changed" and operator not in found[3]:
                    return False
            elif self._custom(key, condition.get("custom_attribute_type")) is None:
                return False
            query = condition.get("query_operator")
            if (
                query is not None
                and query != ""
                and (not isinstance(query, str) or query.upper() not in ("AND", "OR"))
            ):
                return False
        return True

    # --- ConditionsFilterService#perform ----------------------------------------------------------

    def perform(self) -> bool:
        try:
            return self._perform()
        except (NoMatch, AttributeError, KeyError, TypeError, ValueError, IndexError):
            return False

    def _perform(self) -> bool:
        if not self.rule_valid():
            self._store.automation_rules.authorization_error(self._rule)
            return False
        conditions = self._rule.conditions
        changed_filters = [c for c in conditions if c.get("filter_operator") == "attribute_changed"]
        query = [
            c for c in conditions if c.get("filter_operator") != "attribute_changed" and self._applies(c)
        ]
        if query and query[-1].get("query_operator") not in (None, ""):
            raise NoMatch("syntax error at end of input")
        matched = any(self._row_matches(query, message, tag) for message, tag in self._rows())
        if not changed_filters:
            return matched
        base = any(True for _ in self._rows())
        result = False
        current = base
        for condition in changed_filters:
            changed = (self._changed or {}).get(str(condition.get("attribute_key")))
            if not changed:
                raise NoMatch("undefined method `[]' for nil")
            values = condition.get("values") or {}
            if changed[0] in (values.get("from") or []) and changed[1] in (values.get("to") or []):
                if condition.get("query_operator") == "AND":
                    result = result or (current and matched)
                else:
                    result = result or (current or matched)
            current = result
        return result

    def _applies(self, condition: dict[str, Any]) -> bool:
        """apply_filter adds nothing for a key that is no filter and no custom attribute."""
        key = condition.get("attribute_key")
        if isinstance(key, str) and key in FILTERS:
            return True
        return self._custom(key, condition.get("custom_attribute_type")) is not None

    def _rows(self) -> list[tuple[Message | None, str | None]]:
        conversation = self._conversation
        if self._message is not None:
            messages: list[Message | None] = [self._message]
        else:
            table = self._store.account(conversation.account_id).messages
            found = [table.get(i) for i in conversation.message_ids]
            messages = [m for m in found if m is not None] or [None]
        labels = any(c.get("attribute_key") == "labels" for c in self._rule.conditions)
        tags: list[str | None] = list(conversation.labels) if labels and conversation.labels else [None]
        return list(itertools.product(messages, tags))

    def _row_matches(
        self, conditions: list[dict[str, Any]], message: Message | None, tag: str | None
    ) -> bool:
        """`a AND b OR c AND d`: OR of AND groups."""
        total: Truth = False
        group: Truth = True
        for condition in conditions:
            group = _and(group, self._condition(condition, message, tag))
            if str(condition.get("query_operator") or "").upper() == "OR":
                total = _or(total, group)
                group = True
        total = _or(total, group)
        return total is True

    # --- one condition ---------------------------------------------------------------------------------

    def _condition(self, condition: dict[str, Any], message: Message | None, tag: str | None) -> Truth:
        key = condition["attribute_key"]
        operator = condition.get("filter_operator")
        values: Any = condition.get("values")
        if key == "labels":
            return self._labels(operator, values, tag)
        found = FILTERS.get(key)
        if found is None:
            return self._custom_condition(condition)
        table, attribute_type, data_type, _ = found
        column = self._column(table, attribute_type, key, message)
        if table == "messages" and data_type == "text":
            column = None if column is None else str(column).lower()
        if key == "message_type":
            values = [MESSAGE_TYPES[x] for x in values]  # a non-name is a NoMethodError upstream
        elif key == "status":  # an unknown name maps to NULL (Conversation.statuses[x.to_sym])
            values = list(STATUSES) if "all" in values else [x if x in STATUSES else None for x in values]
        elif key == "priority":
            values = [x if x in PRIORITIES else None for x in values]
        elif key == "content":
            values = [str(x).lower() for x in values]
        return self._operate(operator, column, values)

    def _column(self, table: str, attribute_type: str, key: str, message: Message | None) -> Any:
        if table == "conversations":
            source: Any = self._conversation
        elif table == "contacts":
            source = self._contact
        else:
            source = message
        if source is None:
            return None
        if attribute_type == "additional_attributes":
            return _text(source.additional_attributes.get(key))
        if key == "content":
            return source.processed_message_content
        if key == "blocked":
            return source.blocked
        return getattr(source, key, None)

    def _operate(self, operator: Any, column: Any, values: Any) -> Truth:
        if operator in ("equal_to", "not_equal_to"):
            if column is None:
                return None
            wanted = values if isinstance(values, list) else [values]
            hit = any(_text(column) == _text(v) for v in wanted if v is not None)
            if not hit and any(v is None for v in wanted):
                return None  # `x IN (..., NULL)` is unknown when nothing else matched
            return hit if operator == "equal_to" else _not(hit)
        if operator in ("contains", "does_not_contain"):
            if column is None:
                return None
            items = values if isinstance(values, list) else [values]
            needles = [str(v).strip().lower() for v in items]
            hit = any(n in str(column).lower() for n in needles)
            return hit if operator == "contains" else not hit
        if operator == "starts_with":
            if column is None:
                return None
            first = values[0] if isinstance(values, list) else values
            return str(column).startswith(str(first).lower())
        if operator == "is_present":
            return column is not None
        if operator == "is_not_present":
            return column is None
        raise NoMatch(f"operator {operator!r} not evaluated by fakewoot")

    def _date(self, operator: Any, raw: Any, values: Any) -> Truth:
        """`(custom_attributes ->> key)::date > 'value'::date`; days_before is is_less_than today minus
        that many days (the fake's clock, UTC)."""
        if raw is None:
            return None
        column = date.fromisoformat(str(raw)[:10])
        first = values[0] if isinstance(values, list) and values else values
        if operator == "days_before":
            limit = datetime.fromtimestamp(self._store.clock.now(), UTC).date() - timedelta(days=int(first))
            operator = "is_less_than"
        else:
            limit = date.fromisoformat(str(first)[:10])
        return column > limit if operator == "is_greater_than" else column < limit

    def _labels(self, operator: Any, values: Any, tag: str | None) -> Truth:
        """build_label_query_string: against the row's one tag."""
        if operator in ("equal_to", "not_equal_to"):
            if not values:
                return False  # `1=0`
            if tag is None:
                return None
            first = values[0]
            return bool(tag == first) if operator == "equal_to" else bool(tag != first)
        if operator == "is_present":
            return tag is not None
        if operator == "is_not_present":
            return tag is None
        raise NoMatch(f"label operator {operator!r}")

    def _custom_condition(self, condition: dict[str, Any]) -> Truth:
        """custom_attribute_query: the conversation's or the contact's custom_attributes ->> key, cast to
        the definition's type; text compares lower-cased with the first value lower-cased."""
        definition = self._custom(condition.get("attribute_key"), condition.get("custom_attribute_type"))
        model = definition.attribute_model
        source = self._conversation if model == CONVERSATION_ATTRIBUTE else self._contact
        key = definition.attribute_key
        raw = None if source is None else source.custom_attributes.get(key)
        display = definition.attribute_display_type
        operator = condition.get("filter_operator")
        values: Any = condition.get("values")
        column: Any
        result: Truth
        if display in ("text", "link", "list"):
            column = None if raw is None else str(_text(raw)).lower()
            text_eq = operator in ("equal_to", "not_equal_to") and isinstance(values, list) and values
            if text_eq and isinstance(values[0], str):
                values = [values[0].lower()]
            result = self._operate(operator, column, values)
        elif display == "number":
            column = None if raw is None else float(raw)
            wanted = values if isinstance(values, list) else [values]
            if operator in ("is_greater_than", "is_less_than"):
                if column is None:
                    result = None
                else:
                    limit = float(wanted[0])
                    result = column > limit if operator == "is_greater_than" else column < limit
            else:
                result = self._operate(operator, column, [float(v) for v in wanted])
                if result is not None and operator in ("equal_to", "not_equal_to"):
                    hit = column in [float(v) for v in wanted]
                    result = hit if operator == "equal_to" else not hit
        elif display == "date" and operator in DATES:
            result = self._date(operator, raw, values)
        elif display == "checkbox":
            column = None if raw is None else bool(raw)
            wanted = values if isinstance(values, list) else [values]
            result = self._operate(operator, _text(column), [_text(bool(v)) for v in wanted])
        else:
            result = self._operate(operator, _text(raw), values)
        if operator == "not_equal_to" and raw is None:
            return True  # not_in_custom_attr_query: `OR ... IS NULL`
        return result
