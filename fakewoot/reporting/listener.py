"""Domain event -> reporting_events: Chatwoot's ReportingEventListener and ReportingEventHelper
(app/listeners/reporting_event_listener.rb, app/helpers/reporting_event_helper.rb at v4.10).

- conversation.status_changed to resolved: conversation_resolved (value: updated_at - created_at,
  user: the assignee), and a copy named conversation_bot_resolved when the inbox has an active bot
  and no user ever sent the conversation an outgoing message.
- conversation.status_changed to open: conversation_opened (value: seconds since the latest
  conversation_resolved, or 0 with start = created_at when it was never resolved).
- first.reply.created: first_response (value: the reply's created_at - the last non-human activity:
  the latest bot handoff or reopening, else the last bot resolution, else the conversation's
  creation; user: the reply's sender).
- message.created that is not a first reply: a public human reply while the conversation waits
  (waiting_since present) is reply_created: reply_time (value: created_at - waiting_since, user:
  the assignee).
- conversation.bot_handoff: conversation_bot_handoff once per conversation.
Seconds are whole (`to_i`) as upstream. value_in_business_hours is 0 unless the inbox has working
hours enabled (then fakewoot/reporting/business_hours.py). New messages and conversations also go
into the reports' time index when it is built (fakewoot/reporting/timeline.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.events.types import (
    CONVERSATION_CREATED,
    CONVERSATION_STATUS_CHANGED,
    FIRST_REPLY_CREATED,
    MESSAGE_CREATED,
)
from fakewoot.reporting.business_hours import business_seconds
from fakewoot.reporting.timeline import note_conversation, note_message
from fakewoot.store import reporting_events as names
from fakewoot.store.messages import OUTGOING

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

CONVERSATION_BOT_HANDOFF = "conversation.bot_handoff"


class ReportingEventListener:
    def __init__(self, store: Store) -> None:
        self._store = store

    def __call__(self, event: Event) -> None:
        name, data = event.name, event.data
        if name == CONVERSATION_STATUS_CHANGED:
            conversation = data["conversation"]
            if conversation.status == "resolved":
                self.conversation_resolved(conversation)
            elif conversation.status == "open":
                self.conversation_opened(conversation)
        elif name == FIRST_REPLY_CREATED:
            self.first_reply_created(data["message"])
        elif name == MESSAGE_CREATED:
            message = data["message"]
            store = self._store
            note_message(store.reporting_events.indexes, store.account(message.account_id), message)
            self.reply_created(message)
        elif name == CONVERSATION_CREATED:
            conversation = data["conversation"]
            store = self._store
            note_conversation(
                store.reporting_events.indexes, store.account(conversation.account_id), conversation
            )
        elif name == CONVERSATION_BOT_HANDOFF:
            self.conversation_bot_handoff(data["conversation"])

    # --- the listener's handlers ----------------------------------------------------------------

    def conversation_resolved(self, conversation: Conversation) -> None:
        start, end = _seconds(conversation.created_at), _seconds(conversation.updated_at)
        self._write(names.CONVERSATION_RESOLVED, conversation, conversation.assignee_id, start, end)
        if self._bot_resolved(conversation):
            self._write(names.CONVERSATION_BOT_RESOLVED, conversation, conversation.assignee_id, start, end)

    def conversation_opened(self, conversation: Conversation) -> None:
        events = self._store.reporting_events
        resolved = events.latest(conversation.account_id, conversation.id, (names.CONVERSATION_RESOLVED,))
        end = _seconds(conversation.updated_at)
        if resolved is None:  # a first opening: value 0, no business hours
            self._write(
                names.CONVERSATION_OPENED,
                conversation,
                conversation.assignee_id,
                _seconds(conversation.created_at),
                end,
                value=0,
            )
            return
        self._write(
            names.CONVERSATION_OPENED, conversation, conversation.assignee_id, resolved.event_end_time, end
        )

    def first_reply_created(self, message: Message) -> None:
        conversation = self._conversation(message)
        if conversation is None:
            return
        start = self._last_non_human_activity(conversation)
        self._write(
            names.FIRST_RESPONSE, conversation, message.sender_id, start, _seconds(message.created_at)
        )

    def reply_created(self, message: Message) -> None:
        conversation = self._conversation(message)
        if conversation is None or conversation.waiting_since is None or message.private:
            return
        if not message.human_reply or self._store.conversations.valid_first_reply(conversation, message):
            return
        start, end = _seconds(conversation.waiting_since), _seconds(message.created_at)
        self._write(names.REPLY_TIME, conversation, conversation.assignee_id, start, end)

    def conversation_bot_handoff(self, conversation: Conversation) -> None:
        handoff = (names.CONVERSATION_BOT_HANDOFF,)
        if self._store.reporting_events.latest(conversation.account_id, conversation.id, handoff) is not None:
            return
        start, end = _seconds(conversation.created_at), _seconds(conversation.updated_at)
        self._write(names.CONVERSATION_BOT_HANDOFF, conversation, conversation.assignee_id, start, end)

    # --- helpers --------------------------------------------------------------------------------

    def _conversation(self, message: Message) -> Conversation | None:
        return self._store.account(message.account_id).conversations.get(message.conversation_id)

    def _last_non_human_activity(self, conversation: Conversation) -> float:
        """ReportingEventHelper#last_non_human_activity."""
        events = self._store.reporting_events
        account_id = conversation.account_id
        found = events.latest(
            account_id, conversation.id, (names.CONVERSATION_BOT_HANDOFF, names.CONVERSATION_OPENED)
        )
        if found is None:  # `.last` of the bot resolutions: the latest written
            bot = [
                e
                for e in self._store.account(account_id).reporting_events.values()
                if e.conversation_id == conversation.id and e.name == names.CONVERSATION_BOT_RESOLVED
            ]
            found = bot[-1] if bot else None
        return _seconds(conversation.created_at) if found is None else found.event_end_time

    def _bot_resolved(self, conversation: Conversation) -> bool:
        """create_bot_resolved_event: the inbox has an active bot and no user sent an outgoing message."""
        if self._store.agent_bots.of_inbox(conversation.account_id, conversation.inbox_id) is None:
            return False
        return not any(
            m.message_type == OUTGOING and m.sender_type == "User"
            for m in self._store.messages.of(conversation)
        )

    def _write(
        self,
        name: str,
        conversation: Conversation,
        user_id: int | None,
        start: float,
        end: float,
        *,
        value: float | None = None,
    ) -> None:
        inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        in_business_hours = 0.0 if value is not None else business_seconds(inbox, start, end)
        self._store.reporting_events.create(
            conversation.account_id,
            name,
            value=(end - start) if value is None else value,
            value_in_business_hours=in_business_hours,
            inbox_id=conversation.inbox_id,
            user_id=user_id,
            conversation_id=conversation.id,
            event_start_time=start,
            event_end_time=end,
        )


def _seconds(epoch: float) -> float:
    """Time#to_i: whole seconds."""
    return float(int(epoch // 1))
