"""POST /conversations/filter: the contact filter's machinery with conversation keys.

Source: lib/filters/filter_keys.yml (conversations), app/services/conversations/filter_service.rb
app/helpers/filters/filter_helper.rb (reference inboxes-conversations-messages.md 3.4).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from fakewoot.store.contact_filters import DATE_OPS, PRESENCE_OPS, TEXT_OPS, ContactFilter, Predicate
from fakewoot.store.conversations import STATUSES, Conversation

EQ = ("equal_to", "not_equal_to")
PRESENT = ("equal_to", "not_equal_to", *PRESENCE_OPS)
# lib/filters/filter_keys.yml `conversations:` at v4.10 (key -> kind, operators)
STANDARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "status": ("enum", EQ),
    "assignee_id": ("id", PRESENT),
    "inbox_id": ("id", PRESENT),
    "team_id": ("id", PRESENT),
    "priority": ("enum", EQ),
    "display_id": ("id", TEXT_OPS),
    "campaign_id": ("id", PRESENT),
    "labels": ("labels", PRESENT),
    "browser_language": ("additional", EQ),
    "conversation_language": ("additional", EQ),
    "referer": ("additional", TEXT_OPS),
    "created_at": ("date", DATE_OPS),
    "last_activity_at": ("date", DATE_OPS),
    "mail_subject": ("additional", TEXT_OPS),
}


def _additional(key: str) -> Callable[[Any], Any]:
    return lambda c: c.additional_attributes.get(key)


def _column(key: str) -> Callable[[Any], Any]:
    # campaign_id and team_id: campaigns and teams are not modelled, so the column is always null
    return lambda c: getattr(c, key, None)


class ConversationFilter(ContactFilter):
    """Conversations::FilterService: standard columns and additional attributes compare with SQL's
    `IN (values)` / `NOT IN (values)` (every value, case-sensitive, a null never matches),
    `ILIKE ANY` / `NOT ILIKE ALL` for contains; status and priority values are enum names (`all`
    is every status); labels match any of the values; custom attributes as the contact filter."""

    standard = STANDARD
    attribute_model = "conversation_attribute"

    def run_on(self, conditions: Any, rows: list[Conversation]) -> list[Conversation]:
        predicate = self.compile(conditions)
        return [row for row in rows if predicate(row)]

    def _standard(self, key: str, kind: str, operator: str, values: list[Any]) -> Predicate:
        if kind == "date":
            return self._typed(attrgetter(key), "timestamp", operator, values, key)
        if kind == "labels":
            return _labels(operator, values)
        getter: Callable[[Any], Any] = _additional(key) if kind == "additional" else _column(key)
        if operator == "is_present":
            return lambda c: getter(c) is not None
        if operator == "is_not_present":
            return lambda c: getter(c) is None
        if operator in ("contains", "does_not_contain"):
            needles = [str(value).strip().lower() for value in values]
            if operator == "contains":
                return lambda c: (x := getter(c)) is not None and any(n in str(x).lower() for n in needles)
            return lambda c: (x := getter(c)) is not None and not any(n in str(x).lower() for n in needles)
        wanted = _wanted(key, values)
        if operator == "equal_to":
            return lambda c: (x := getter(c)) is not None and _text(x) in wanted
        return lambda c: (x := getter(c)) is not None and _text(x) not in wanted


def _text(value: Any) -> str:
    """A JSON value as PostgreSQL's ->> renders it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _wanted(key: str, values: list[Any]) -> set[str]:
    """The IN list: status `all` is every status; integers compare by value ("01" is 1)."""
    if key == "status" and "all" in values:
        return set(STATUSES)
    found = set()
    for value in values:
        if isinstance(value, (dict, list)):
            continue
        text = _text(value)
        if STANDARD.get(key, ("",))[0] == "id":
            try:
                text = str(int(text.strip()))
            except ValueError:
                continue  # not an integer: matches no row
        found.add(text)
    return found


def _labels(operator: str, values: list[Any]) -> Predicate:
    """tag_filter_query: EXISTS a tagging whose tag name is IN the values (any of them)."""
    wanted = {_text(value) for value in values if not isinstance(value, (dict, list))}
    if operator == "equal_to":
        return lambda c: bool(wanted.intersection(c.labels))
    if operator == "not_equal_to":
        return lambda c: not wanted.intersection(c.labels)
    if operator == "is_present":
        return lambda c: bool(c.labels)
    return lambda c: not c.labels
