"""reporting_events: the rows Chatwoot's ReportingEventListener writes (app/listeners/
reporting_event_listener.rb, app/models/reporting_event.rb at v4.10), one table per account.

Names: conversation_resolved, conversation_bot_resolved, first_response, reply_time,
conversation_bot_handoff, conversation_opened. `value` is seconds (Chatwoot's float column, written
from whole seconds), `value_in_business_hours` is 0 when the inbox has no working hours enabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store

CONVERSATION_RESOLVED = "conversation_resolved"
CONVERSATION_BOT_RESOLVED = "conversation_bot_resolved"
FIRST_RESPONSE = "first_response"
REPLY_TIME = "reply_time"
CONVERSATION_BOT_HANDOFF = "conversation_bot_handoff"
CONVERSATION_OPENED = "conversation_opened"


@dataclass(slots=True)
class ReportingEvent:
    id: int
    name: str
    value: float
    value_in_business_hours: float
    account_id: int
    inbox_id: int | None
    user_id: int | None
    conversation_id: int | None
    event_start_time: float
    event_end_time: float
    created_at: float
    updated_at: float


class ReportingEvents:
    def __init__(self, store: Store) -> None:
        self._store = store
        # account id -> the reports' sorted time index of its conversations and messages
        # (fakewoot/reporting/timeline.py): derived from the tables, rebuilt when they change
        self.indexes: dict[int, Any] = {}

    def of(self, account_id: int) -> list[ReportingEvent]:
        return list(self._store.account(account_id).reporting_events.values())

    def create(
        self,
        account_id: int,
        name: str,
        *,
        value: float,
        value_in_business_hours: float,
        inbox_id: int | None,
        user_id: int | None,
        conversation_id: int | None,
        event_start_time: float,
        event_end_time: float,
    ) -> ReportingEvent:
        account = self._store.account(account_id)
        now = self._store.clock.now()
        event = ReportingEvent(
            id=account.reporting_events.next_id(),
            name=name,
            value=float(value),
            value_in_business_hours=float(value_in_business_hours),
            account_id=account_id,
            inbox_id=inbox_id,
            user_id=user_id,
            conversation_id=conversation_id,
            event_start_time=event_start_time,
            event_end_time=event_end_time,
            created_at=now,
            updated_at=now,
        )
        account.reporting_events.add(event)
        return event

    def latest(self, account_id: int, conversation_id: int, names: tuple[str, ...]) -> ReportingEvent | None:
        """The conversation's event with one of `names` and the latest event_end_time (the last
        written on a tie: Postgres' order there is unspecified)."""
        found: ReportingEvent | None = None
        for event in self._store.account(account_id).reporting_events.values():
            if event.conversation_id != conversation_id or event.name not in names:
                continue
            if found is None or event.event_end_time >= found.event_end_time:
                found = event
        return found
