"""Messages: create (MessageBuilder's rules and the conversation side effects), status updates,
soft delete, cursor listing.

Source: app/models/message.rb, app/builders/messages/message_builder.rb,
app/controllers/api/v1/accounts/conversations/messages_controller.rb, app/finders/message_finder.rb
(reference inboxes-conversations-messages.md 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.state import Store

# Message#message_type enum
INCOMING, OUTGOING, ACTIVITY, TEMPLATE = 0, 1, 2, 3
MESSAGE_TYPES = {"incoming": INCOMING, "outgoing": OUTGOING, "activity": ACTIVITY, "template": TEMPLATE}
CONTENT_TYPES = (
    "text",
    "input_text",
    "input_textarea",
    "input_email",
    "input_select",
    "cards",
    "form",
    "article",
    "incoming_email",
    "input_csat",
    "integrations",
    "sticker",
)
MESSAGE_STATUSES = ("sent", "delivered", "read", "failed")
DELETED_CONTENT = "This message was deleted"
CONTENT_LIMIT = 150_000
PAGE = 20
AFTER_PAGE = 100
BETWEEN_LIMIT = 1000


@dataclass(slots=True)
class Message:
    id: int
    account_id: int
    inbox_id: int
    conversation_id: int  # the conversation's database id (the wire shows its display_id)
    message_type: int
    content: str | None
    created_at: float
    updated_at: float
    content_type: str = "text"
    content_attributes: dict[str, Any] = field(default_factory=dict)
    private: bool = False
    status: str = "sent"
    source_id: str | None = None
    sender_type: str | None = None  # "User", "Contact", "AgentBot" or None (activity)
    sender_id: int | None = None
    echo_id: str | None = None
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    external_source_ids: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def incoming(self) -> bool:
        return self.message_type == INCOMING

    @property
    def human_reply(self) -> bool:
        """An outgoing public message from a user (first reply, waiting_since)."""
        return self.message_type == OUTGOING and not self.private and self.sender_type == "User"

    @property
    def bot_reply(self) -> bool:
        """Message#bot_response?: an outgoing message sent by an agent bot."""
        return self.message_type == OUTGOING and self.sender_type == "AgentBot"


class Messages:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, conversation: Conversation, message_id: int | None) -> Message | None:
        message = self._store.account(conversation.account_id).messages.get(message_id or 0)
        return message if message is not None and message.conversation_id == conversation.id else None

    def of(self, conversation: Conversation) -> list[Message]:
        messages = self._store.account(conversation.account_id).messages
        found = (messages.get(message_id) for message_id in conversation.message_ids)
        return [m for m in found if m is not None]

    def page(self, conversation: Conversation, before: int | None, after: int | None) -> list[Message]:
        """MessageFinder: latest 20; before=id: 20 older; after=id: up to 100 newer; both: between (1000)."""
        messages = self.of(conversation)
        if before is not None and after is not None:
            return [m for m in messages if after < m.id < before][:BETWEEN_LIMIT]
        if after is not None:
            return [m for m in messages if m.id > after][:AFTER_PAGE]
        if before is not None:
            messages = [m for m in messages if m.id < before]
        return messages[-PAGE:]

    def create(
        self,
        conversation: Conversation,
        *,
        message_type: int,
        content: str | None,
        sender_type: str | None,
        sender_id: int | None,
        private: bool = False,
        content_type: str = "text",
        content_attributes: dict[str, Any] | None = None,
        echo_id: str | None = None,
        source_id: str | None = None,
        additional_attributes: dict[str, Any] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        created_at: float | None = None,
        performer_id: int | None = None,
    ) -> Message:
        store = self._store
        account = store.account(conversation.account_id)
        now = store.clock.now() if created_at is None else created_at
        message = Message(
            id=account.messages.next_id(),
            account_id=account.id,
            inbox_id=conversation.inbox_id,
            conversation_id=conversation.id,
            message_type=message_type,
            content=content,
            created_at=now,
            updated_at=now,
            content_type=content_type,
            content_attributes=dict(content_attributes or {}),
            private=private,
            source_id=source_id,
            sender_type=sender_type,
            sender_id=sender_id,
            echo_id=echo_id,
            additional_attributes=dict(additional_attributes or {}),
        )
        for index, attachment in enumerate(attachments or []):
            message.attachments.append(
                {
                    **attachment,
                    "id": account.messages.sequences.next("attachments"),
                    "message_id": message.id,
                    "account_id": account.id,
                    "position": index,
                }
            )
        store.conversations.before_message(conversation, message)
        account.messages.add(message)
        conversation.message_ids.append(message.id)
        if message_type == INCOMING:
            conversation.incoming_ids.append(message.id)
        store.publish("message.created", message=message, performer_id=performer_id)
        first_reply = store.conversations.valid_first_reply(conversation, message)
        if first_reply:
            store.publish("first.reply.created", message=message, performer_id=performer_id)
        store.conversations.after_message(conversation, message, first_reply=first_reply)
        if message.sender_type == "Contact" and not store.muted:  # fixtures keep their own value
            sender = account.contacts.get(message.sender_id or 0)
            if sender is not None:
                store.contacts.touch_activity(sender, message.created_at)
        return message

    def update_status(
        self, message: Message, status: str, external_error: str | None, performer_id: int | None = None
    ) -> None:
        message.status = status
        if external_error:
            message.content_attributes = {**message.content_attributes, "external_error": external_error}
        message.updated_at = self._store.clock.now()
        self._store.publish("message.updated", message=message, performer_id=performer_id)

    def soft_delete(self, message: Message, performer_id: int | None = None) -> None:
        """Messages#destroy: the content is replaced, attributes become {deleted: true}, files dropped."""
        message.content = DELETED_CONTENT
        message.content_type = "text"
        message.content_attributes = {"deleted": True}
        message.attachments = []
        message.updated_at = self._store.clock.now()
        self._store.publish("message.updated", message=message, performer_id=performer_id)
