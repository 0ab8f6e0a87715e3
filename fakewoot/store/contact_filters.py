"""POST /contacts/filter semantics: Chatwoot's FilterService over contacts.

Source: lib/filters/filter_keys.yml, app/services/filter_service.rb, app/helpers/filter_helper.rb,
app/services/contacts/filter_service.rb, config/locales/en.yml (reference contacts.md #28).
Conditions chain left to right with SQL precedence (AND binds tighter than OR). A query_operator on
the last condition is ignored (the issue asks for that; Chatwoot's SQL would fail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.contacts import Contact
    from fakewoot.store.state import Store

MSG_QUERY_OPERATOR = 'Query operator must be either "AND" or "OR".'
MSG_INVALID_OPERATOR = "Invalid operator. The allowed operators for {key} are [{operators}]."
MSG_INVALID_VALUE = "Invalid value. The values provided for {key} are invalid"
MSG_INVALID_KEY = (
    "Invalid attribute key - [{key}]. "
    "The key should be one of [{keys}] or a custom attribute defined in the account."
)

TEXT_OPS = ("equal_to", "not_equal_to", "contains", "does_not_contain")
DATE_OPS = ("is_greater_than", "is_less_than", "days_before")
PRESENCE_OPS = ("is_present", "is_not_present")
# attribute_key -> (kind, operators)
STANDARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("text", TEXT_OPS),
    "phone_number": ("phone", (*TEXT_OPS, "starts_with")),
    "email": ("text", TEXT_OPS),
    "identifier": ("text", ("equal_to", "not_equal_to")),
    "country_code": ("additional", ("equal_to", "not_equal_to")),
    "city": ("additional", TEXT_OPS),
    "company": ("additional", TEXT_OPS),
    "labels": ("labels", ("equal_to", "not_equal_to", *PRESENCE_OPS)),
    "created_at": ("date", DATE_OPS),
    "last_activity_at": ("date", DATE_OPS),
    "blocked": ("boolean", ("equal_to", "not_equal_to")),
}
CUSTOM_TYPES = {
    "text": "text",
    "link": "text",
    "list": "text",
    "number": "number",
    "currency": "number",
    "percent": "number",
    "date": "date",
    "checkbox": "boolean",
}

Predicate = Callable[[Any], bool]  # over a contact, or a conversation (conversation_filters.py)


@dataclass(frozen=True, slots=True)
class Condition:
    key: str
    operator: str
    values: list[Any]
    query_operator: str | None


def parse_conditions(payload: Any) -> list[Condition]:
    """The conditions as sent; anything that is not a list of objects has no valid conditions."""
    items = payload if isinstance(payload, list) else []
    conditions = []
    for item in items:
        item = item if isinstance(item, dict) else {}
        values = item.get("values")
        if values is None:
            values = []
        elif not isinstance(values, list):
            values = [values]
        query_operator = item.get("query_operator")
        conditions.append(
            Condition(
                key=str(item.get("attribute_key") or ""),
                operator=str(item.get("filter_operator") or ""),
                values=values,
                query_operator=None if query_operator in (None, "") else str(query_operator),
            )
        )
    return conditions


class ContactFilter:
    standard: dict[str, tuple[str, tuple[str, ...]]] = STANDARD
    attribute_model = "contact_attribute"

    def __init__(self, store: Store, account_id: int, today: date | None = None) -> None:
        self._store = store
        self._account_id = account_id
        now = datetime.fromtimestamp(store.clock.now(), tz=UTC)
        self._today = today or now.date()

    def run(self, conditions: list[Condition], contacts: Iterable[Contact]) -> list[Contact]:
        predicate = self.compile(conditions)
        return [contact for contact in contacts if predicate(contact)]

    def run_resolved(self, conditions: list[Condition]) -> list[Contact]:
        """The filter over the account's resolved contacts, in one pass (100,000 rows: tens of ms)."""
        predicate = self.compile(conditions)
        rows = self._store.account(self._account_id).contacts.values()
        resolved = self._store.contacts.resolved_test(self._account_id)
        return [c for c in rows if resolved(c) and predicate(c)]

    def compile(self, conditions: list[Condition]) -> Predicate:
        for condition in conditions:
            if condition.query_operator is not None and condition.query_operator.lower() not in ("and", "or"):
                raise CouldNotCreate(MSG_QUERY_OPERATOR)
        predicates = [self._condition(condition) for condition in conditions]
        # SQL precedence: OR of AND-groups; the last condition's operator joins nothing
        groups: list[list[Predicate]] = [[]]
        for index, predicate in enumerate(predicates):
            groups[-1].append(predicate)
            if index < len(conditions) - 1 and (conditions[index].query_operator or "and").lower() == "or":
                groups.append([])
        return _any([_all(group) for group in groups if group])

    def _condition(self, condition: Condition) -> Predicate:
        key, operator = condition.key, condition.operator
        standard = self.standard.get(key)
        if standard is not None and operator not in standard[1]:
            raise CouldNotCreate(MSG_INVALID_OPERATOR.format(key=key, operators=",".join(standard[1])))
        values = [value for value in condition.values if value not in (None, "")]
        if operator not in PRESENCE_OPS and not values:
            raise CouldNotCreate(MSG_INVALID_VALUE.format(key=key))
        if standard is not None:
            return self._standard(key, standard[0], operator, values)
        definition = self._store.custom_attribute_definitions.find(
            self._account_id, key, self.attribute_model
        )
        if definition is None:
            raise CouldNotCreate(MSG_INVALID_KEY.format(key=key, keys=",".join(self.standard)))
        kind = CUSTOM_TYPES.get(definition.attribute_display_type, "text")
        return self._typed(lambda c: c.custom_attributes.get(key), kind, operator, values, key, custom=True)

    def _standard(self, key: str, kind: str, operator: str, values: list[Any]) -> Predicate:
        if kind == "labels":
            wanted = str(values[0]).lower() if values else ""
            lowered = _LoweredLabels()
            if operator == "equal_to":
                return lambda c: wanted in lowered(c.labels)
            if operator == "not_equal_to":
                return lambda c: wanted not in lowered(c.labels)
            if operator == "is_present":
                return lambda c: bool(c.labels)
            return lambda c: not c.labels
        if kind == "additional":
            getter: Callable[[Any], Any] = lambda c: c.additional_attributes.get(key)  # noqa: E731
            return self._typed(getter, "text", operator, values, key)
        if kind == "date":
            return self._typed(lambda c: getattr(c, key), "timestamp", operator, values, key)
        if kind == "boolean":
            return self._typed(lambda c: c.blocked, "boolean", operator, values, key)
        column: Callable[[Any], Any] = attrgetter(key)
        if key == "email" and operator in ("contains", "does_not_contain") and len(values) == 1:
            needle = str(values[0]).strip().lower()  # emails are stored lower-cased
            if operator == "contains":
                return lambda c: (e := c.email) is not None and needle in e
            return lambda c: (e := c.email) is not None and needle not in e
        if kind == "phone" and operator in ("equal_to", "not_equal_to", "starts_with"):
            # the first value loses every + and gets one in front; starts_with falls into equality
            first = "+" + str(values[0]).replace("+", "")
            if operator == "not_equal_to":
                return lambda c: c.phone_number is not None and c.phone_number.lower() != first.lower()
            return lambda c: c.phone_number is not None and c.phone_number.lower() == first.lower()
        return self._typed(column, "text", operator, values, key)

    def _typed(
        self,
        getter: Callable[[Any], Any],
        kind: str,
        operator: str,
        values: list[Any],
        key: str,
        custom: bool = False,
    ) -> Predicate:
        if operator == "is_present":
            return lambda c: getter(c) is not None
        if operator == "is_not_present":
            return lambda c: getter(c) is None
        if kind == "text":
            return self._text(getter, operator, values, custom)
        if kind == "number":
            target = _decimal(values[0], key)
            return self._compare(lambda c: _decimal_or_none(getter(c)), operator, target, custom, key)
        if kind in ("date", "timestamp"):
            if operator == "days_before":
                try:
                    days = int(str(values[0]))
                except ValueError:
                    raise CouldNotCreate(MSG_INVALID_VALUE.format(key=key)) from None
                try:
                    limit = self._today - timedelta(days=days)
                except (
                    OverflowError
                ):  # upstream: PostgreSQL refuses the date (500); here nothing, or all, is before
                    return lambda c: days < 0 and _date_of(getter(c), kind) is not None
                return lambda c: (d := _date_of(getter(c), kind)) is not None and d < limit
            target_date = _iso_date(values[0], key)
            return self._compare(lambda c: _date_of(getter(c), kind), operator, target_date, custom, key)
        # boolean
        target_bool = str(values[0]).lower() in ("true", "t", "1")
        return self._compare(lambda c: _bool_or_none(getter(c)), operator, target_bool, custom, key)

    @staticmethod
    def _text(getter: Callable[[Any], Any], operator: str, values: list[Any], custom: bool) -> Predicate:
        def text(c: Any) -> str | None:
            value = getter(c)
            if value is None:
                return None
            return value.lower() if isinstance(value, str) else str(value).lower()

        if operator in ("contains", "does_not_contain"):
            needles = [str(value).strip().lower() for value in values]
            if len(needles) == 1:  # the common case, without a generator per row
                (needle,) = needles
                if operator == "contains":
                    return lambda c: (t := text(c)) is not None and needle in t
                return lambda c: (t := text(c)) is not None and needle not in t
            if operator == "contains":
                return lambda c: (t := text(c)) is not None and any(n in t for n in needles)
            return lambda c: (t := text(c)) is not None and not any(n in t for n in needles)
        first = str(values[0]).lower()
        if operator == "equal_to":
            return lambda c: text(c) == first
        if operator == "not_equal_to":
            # a custom attribute's not_equal_to also takes rows where it is absent
            return lambda c: (t := text(c)) != first and (t is not None or custom)
        return lambda c: text(c) == first  # other operators fall into equality, as FilterHelper does

    @staticmethod
    def _compare(
        getter: Callable[[Any], Any], operator: str, target: Any, custom: bool, key: str
    ) -> Predicate:
        if operator == "equal_to":
            return lambda c: (x := getter(c)) is not None and x == target
        if operator == "not_equal_to":
            return lambda c: (x := getter(c)) != target and (x is not None or custom)
        if operator == "is_greater_than":
            return lambda c: (x := getter(c)) is not None and x > target
        if operator == "is_less_than":
            return lambda c: (x := getter(c)) is not None and x < target
        if operator in ("contains", "does_not_contain", "starts_with", "days_before"):
            raise CouldNotCreate(MSG_INVALID_VALUE.format(key=key))
        return lambda c: (x := getter(c)) is not None and x == target


def _all(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda c: first(c) and second(c)
    return lambda c: all(p(c) for p in predicates)


def _any(predicates: list[Predicate]) -> Predicate:
    if not predicates:
        return lambda c: True
    if len(predicates) == 1:
        return predicates[0]
    return lambda c: any(p(c) for p in predicates)


class _LoweredLabels:
    """Lower-cased label sets, computed once per distinct label tuple during one filter run."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, ...], frozenset[str]] = {}

    def __call__(self, labels: tuple[str, ...] | list[str]) -> frozenset[str]:
        key = labels if isinstance(labels, tuple) else tuple(labels)  # conversations keep a list
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = frozenset(label.lower() for label in key)
        return found


def _decimal(value: Any, key: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise CouldNotCreate(MSG_INVALID_VALUE.format(key=key)) from None


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _iso_date(value: Any, key: str) -> date:
    """Date.iso8601: a date or a timestamp string; anything else is an invalid value."""
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        raise CouldNotCreate(MSG_INVALID_VALUE.format(key=key)) from None


def _date_of(value: Any, kind: str) -> date | None:
    if value is None:
        return None
    if kind == "timestamp":
        return datetime.fromtimestamp(float(value), tz=UTC).date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _bool_or_none(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "t", "1")
