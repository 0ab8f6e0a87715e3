"""Copilot threads and messages (an agent's chats with a captain assistant), as an unlicensed v4.10
install keeps them.

Source at e13e3c87: enterprise/app/models/copilot_thread.rb (title required; belongs to a user, the
account and an assistant), copilot_message.rb (message_type enum user: 0, assistant: 1,
assistant_thinking: 2; message a JSON object), copilot_threads_controller.rb (the first message;
when the account has no captain response credit left an assistant message says so), plan_usage_and_limits.rb.
A user message upstream enqueues Captain::Copilot::ResponseJob (an LLM writes the assistant's reply)
and broadcasts `copilot.message.created` to the user; fakewoot writes the user's message (and
publishes that event for every message it writes) but generates no reply.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.events.types import COPILOT_MESSAGE_CREATED
from fakewoot.records import dataclass
from fakewoot.store.captain_documents import MAX_LIMIT
from fakewoot.store.row_changes import remove_where

if TYPE_CHECKING:
    from fakewoot.store.state import Store

RESPONSES_LIMIT_KEY = "captain_responses"
RESPONSES_USAGE_KEY = "captain_responses_usage"
MSG_COPILOT_LIMIT = "You are out of Copilot credits. You can buy more credits from the billing section."


@dataclass(slots=True)
class CopilotThread:
    id: int
    account_id: int
    user_id: int
    assistant_id: int
    title: str
    created_at: float
    updated_at: float


@dataclass(slots=True)
class CopilotMessage:
    id: int
    account_id: int
    copilot_thread_id: int
    created_at: float
    updated_at: float
    message: dict[str, Any] = field(default_factory=dict)
    message_type: str = "user"


class Copilot:
    def __init__(self, store: Store) -> None:
        self._store = store

    def threads_of(self, account_id: int, user_id: int) -> list[CopilotThread]:
        """The user's threads in the account, newest first."""
        rows = self._store.account(account_id).copilot_threads.values()
        return sorted(
            (t for t in rows if t.user_id == user_id), key=lambda t: (t.created_at, t.id), reverse=True
        )

    def thread(self, account_id: int, thread_id: int, user_id: int) -> CopilotThread | None:
        found = self._store.account(account_id).copilot_threads.get(thread_id)
        return found if found is not None and found.user_id == user_id else None

    def messages_of(self, thread: CopilotThread) -> list[CopilotMessage]:
        rows = self._store.account(thread.account_id).copilot_messages.values()
        mine = (m for m in rows if m.copilot_thread_id == thread.id)
        return sorted(mine, key=lambda m: (m.created_at, m.id))

    def responses_available(self, account_id: int) -> int:
        """usage_limits[:captain][:responses][:current_available]."""
        account = self._store.account(account_id)
        total = account.limits.get(RESPONSES_LIMIT_KEY)
        total = MAX_LIMIT if total is None else int(total)
        consumed = max(int(account.custom_attributes.get(RESPONSES_USAGE_KEY) or 0), 0)
        return min(max(total - consumed, 0), total)

    def add_message(self, thread: CopilotThread, content: Any, message_type: str = "user") -> CopilotMessage:
        account = self._store.account(thread.account_id)
        now = self._store.clock.now()
        message = CopilotMessage(
            id=account.copilot_messages.next_id(),
            account_id=thread.account_id,
            copilot_thread_id=thread.id,
            created_at=now,
            updated_at=now,
            message={"content": content},
            message_type=message_type,
        )
        account.copilot_messages.add(message)
        # after_create_commit :broadcast_message; written in the thread user's own request (Current.user)
        self._store.publish(COPILOT_MESSAGE_CREATED, copilot_message=message, performer_id=thread.user_id)
        return message

    def start(self, account_id: int, user_id: int, assistant_id: int, message: str) -> CopilotThread:
        """A thread titled with the message, the user's message, and the out-of-credit reply when
        the account has no response credit left."""
        account = self._store.account(account_id)
        now = self._store.clock.now()
        thread = CopilotThread(
            id=account.copilot_threads.next_id(),
            account_id=account_id,
            user_id=user_id,
            assistant_id=assistant_id,
            title=message,
            created_at=now,
            updated_at=now,
        )
        account.copilot_threads.add(thread)
        self.add_message(thread, message)
        if self.responses_available(account_id) <= 0:
            self.add_message(thread, MSG_COPILOT_LIMIT, "assistant")
        return thread

    def forget_assistant(self, account_id: int, assistant_id: int) -> None:
        """The assistant was destroyed: its threads and their messages go (destroy_async)."""
        account = self._store.account(account_id)
        gone = {
            thread.id
            for thread in remove_where(account.copilot_threads, lambda t: t.assistant_id == assistant_id)
        }
        remove_where(account.copilot_messages, lambda message: message.copilot_thread_id in gone)
