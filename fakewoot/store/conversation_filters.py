"""POST /conversations/filter: the contact filter's machinery with conversation keys.

Source: lib/filters/filter_keys.yml (conversations), app/services/conversations/filter_service.rb
(reference inboxes-conversations-messages.md 3.4; the per-key operator lists there are marked
"verify": fakewoot uses the lists below and records the choice in docs/fidelity.md).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from fakewoot.store.contact_filters import DATE_OPS, PRESENCE_OPS, TEXT_OPS, ContactFilter, Predicate
from fakewoot.store.conversations import Conversation

ID_OPS = ("equal_to", "not_equal_to", *PRESENCE_OPS)
STANDARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "status": ("enum", ("equal_to", "not_equal_to")),
    "priority": ("enum", ("equal_to", "not_equal_to", *PRESENCE_OPS)),
    "assignee_id": ("id", ID_OPS),
    "contact_id": ("id", ("equal_to", "not_equal_to")),
    "inbox_id": ("id", ("equal_to", "not_equal_to")),
    "team_id": ("id", ID_OPS),
    "display_id": ("id", ("equal_to", "not_equal_to")),
    "campaign_id": ("id", ID_OPS),
    "labels": ("labels", ("equal_to", "not_equal_to", *PRESENCE_OPS)),
    "browser_language": ("additional", ("equal_to", "not_equal_to")),
    "conversation_language": ("additional", ("equal_to", "not_equal_to")),
    "country_code": ("additional", ("equal_to", "not_equal_to")),
    "referer": ("additional", TEXT_OPS),
    "created_at": ("date", DATE_OPS),
    "last_activity_at": ("date", DATE_OPS),
}


class ConversationFilter(ContactFilter):
    standard = STANDARD
    attribute_model = "conversation_attribute"

    def run_on(self, conditions: Any, rows: list[Conversation]) -> list[Conversation]:
        predicate = self.compile(conditions)
        return [row for row in rows if predicate(row)]

    def _standard(self, key: str, kind: str, operator: str, values: list[Any]) -> Predicate:
        if kind == "labels":
            return super()._standard(key, "labels", operator, values)
        if kind == "date":
            return self._typed(attrgetter(key), "timestamp", operator, values, key)
        if kind == "additional":
            getter: Callable[[Any], Any] = lambda c: c.additional_attributes.get(key)  # noqa: E731
            return self._typed(getter, "text", operator, values, key)
        # campaign_id and team_id: campaigns and teams are not modelled, so the column is always null
        column: Callable[[Any], Any] = lambda c: getattr(c, key, None)  # noqa: E731
        if operator == "is_present":
            return lambda c: column(c) is not None
        if operator == "is_not_present":
            return lambda c: column(c) is None
        first = str(values[0]).lower()
        if operator == "equal_to":
            return lambda c: (x := column(c)) is not None and str(x).lower() == first
        return lambda c: (x := column(c)) is not None and str(x).lower() != first
