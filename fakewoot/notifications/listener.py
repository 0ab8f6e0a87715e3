"""Domain event -> notifications: Chatwoot's NotificationListener (app/listeners/notification_listener.rb),
Messages::MentionService and Messages::NewMessageNotificationService at v4.10, plus the notification
settings AccountUser's callbacks write (created with the member, destroyed by Agents::DestroyJob).

- conversation.created and conversation.bot_handoff: every inbox member (not administrators) gets a
  conversation_creation when subscribed to it, unless the conversation is pending; no secondary
  actor (Current.user is nil in the job that runs the listener).
- assignee.changed: the new assignee gets a conversation_assignment unless there is none, the change
  is a self-assignment (notifiable_assignee_change?) or the conversation is pending.
- message.created: a private note's mentions (`(mention://user/<id>/...)`, and every member of a
  `(mention://team/<id>/...)`) of administrators and inbox members get a conversation_mention and
  become participants; then an incoming or outgoing message notifies the assignee
  (assigned_conversation_new_message, not when the assignee sent it) and the participants
  (participating_conversation_new_message, not the sending user); nobody twice for one message.
- notification.created: the e-mail it sends (fakewoot/notifications/emails.py).
- user.deleted: the user's notifications and settings go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.events.types import (
    ASSIGNEE_CHANGED,
    CONVERSATION_CREATED,
    CONVERSATION_MENTIONED,
    MESSAGE_CREATED,
    NOTIFICATION_CREATED,
)
from fakewoot.notifications.emails import send_notification_email
from fakewoot.store.messages import INCOMING, OUTGOING

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

USER_MENTION_RE = re.compile(r"\(mention://user/(\d+)/(.+?)\)")
TEAM_MENTION_RE = re.compile(r"\(mention://team/(\d+)/(.+?)\)")
CONVERSATION_BOT_HANDOFF = "conversation.bot_handoff"
ACCOUNT_USER_CREATED = "account_user.created"
ACCOUNT_USER_DELETED = "account_user.deleted"
USER_DELETED = "user.deleted"


class NotificationListener:
    def __init__(self, store: Store) -> None:
        self._store = store

    def __call__(self, event: Event) -> None:
        name, data = event.name, event.data
        if name in (CONVERSATION_CREATED, CONVERSATION_BOT_HANDOFF):
            self.conversation_created(data["conversation"])
        elif name == ASSIGNEE_CHANGED:
            self.assignee_changed(data["conversation"], data.get("performer_id"))
        elif name == MESSAGE_CREATED:
            self.message_created(data["message"])
        elif name == ACCOUNT_USER_CREATED:
            member = data["account_user"]
            self._store.notification_settings.create(member.account_id, member.user_id)
        elif name == ACCOUNT_USER_DELETED:
            member = data["account_user"]
            self._store.notification_settings.remove(member.account_id, member.user_id)
        elif name == NOTIFICATION_CREATED:  # process_notification_delivery's e-mail
            send_notification_email(self._store, data["notification"])
        elif name == USER_DELETED:  # has_many notifications and notification_settings, destroy_async
            user_id = data["user"].id
            self._store.notifications.delete_all(user_id, read_only=False)
            for account in self._store.state.accounts.values():
                self._store.notification_settings.remove(account.id, user_id)

    # --- conversations --------------------------------------------------------------------------

    def conversation_created(self, conversation: Conversation) -> None:
        if conversation.status == "pending":
            return
        inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        for user_id in list(inbox.members if inbox is not None else []):
            self._store.notifications.build(
                "conversation_creation",
                user_id=user_id,
                conversation=conversation,
                secondary=None,  # `|| current_user`: nil in EventDispatcherJob
            )

    def assignee_changed(self, conversation: Conversation, performer_id: int | None) -> None:
        assignee = conversation.assignee_id
        if assignee is None or assignee == performer_id or conversation.status == "pending":
            return
        if self._store.users.get(assignee) is None:
            return
        self._store.notifications.build(
            "conversation_assignment",
            user_id=assignee,
            conversation=conversation,
            secondary=None,  # `|| current_user`: nil in EventDispatcherJob
        )

    # --- messages -------------------------------------------------------------------------------

    def message_created(self, message: Message) -> None:
        account = self._store.state.accounts.get(message.account_id)
        conversation = None if account is None else account.conversations.get(message.conversation_id)
        if conversation is None:
            return
        self._mentions(message, conversation)
        if message.message_type in (INCOMING, OUTGOING):  # Message#notifiable?
            self._new_message(message, conversation)

    def mentioned_ids(self, message: Message) -> list[int]:
        """MentionService#mentioned_ids: user mentions, then the members of mentioned teams, once each."""
        content = message.content or ""
        ids = [match.group(1) for match in USER_MENTION_RE.finditer(content)]
        team_ids = {int(match.group(1)) for match in TEAM_MENTION_RE.finditer(content)}
        if team_ids:
            for team in self._store.teams.of(message.account_id):
                if team.id in team_ids:
                    ids.extend(str(user_id) for user_id in team.member_ids)
        return [int(value) for value in dict.fromkeys(ids)]

    def _mentionable(self, message: Message) -> set[int]:
        """Administrators of the account plus members of the inbox."""
        account = self._store.account(message.account_id)
        inbox = account.inboxes.get(message.inbox_id)
        admins = {m.user_id for m in account.members.values() if m.administrator}
        return admins | set(inbox.members if inbox is not None else [])

    def _mentions(self, message: Message, conversation: Conversation) -> None:
        if not message.private or not (message.content or "").strip():
            return
        mentioned = self.mentioned_ids(message)
        if not mentioned:
            return
        allowed = self._mentionable(message)
        valid = [user_id for user_id in mentioned if user_id in allowed]
        for user_id in valid:
            self._store.notifications.build(
                "conversation_mention",
                user_id=user_id,
                conversation=conversation,
                secondary=("Message", message.id),
            )
        for user_id in valid:  # conversation_participants.find_or_create_by
            if user_id not in conversation.participant_ids:
                conversation.participant_ids.append(user_id)
        for user_id in valid:  # Conversations::UserMentionJob: a first Mention fires conversation.mentioned
            if not self._mentioned_before(message, conversation, user_id):
                self._store.publish(CONVERSATION_MENTIONED, conversation=conversation, user_id=user_id)

    def _mentioned_before(self, message: Message, conversation: Conversation, user_id: int) -> bool:
        """A Mention of the user in this conversation exists already (a later one only moves its
        mentioned_at, with no event)."""
        messages = self._store.account(message.account_id).messages
        for message_id in conversation.message_ids:
            other = messages.get(message_id)
            if (
                other is None
                or other.id == message.id
                or not other.private
                or not (other.content or "").strip()
            ):
                continue
            if user_id in self.mentioned_ids(other) and user_id in self._mentionable(other):
                return True
        return False

    def _notified(self, conversation: Conversation, user_id: int, message: Message) -> bool:
        """already_notified?: a notification of the user about this conversation for this message."""
        return any(
            n.user_id == user_id
            and n.secondary_actor_type == "Message"
            and n.secondary_actor_id == message.id
            for n in self._store.notifications.of_conversation(conversation)
        )

    def _new_message(self, message: Message, conversation: Conversation) -> None:
        notifications = self._store.notifications
        sent_by_user = message.sender_type == "User"
        assignee = conversation.assignee_id
        if (
            assignee is not None
            and not self._notified(conversation, assignee, message)
            and not (sent_by_user and message.sender_id == assignee)
        ):
            notifications.build(
                "assigned_conversation_new_message",
                user_id=assignee,
                conversation=conversation,
                secondary=("Message", message.id),
            )
        users = self._store.state.users
        for user_id in list(dict.fromkeys(conversation.participant_ids)):
            if sent_by_user and user_id == message.sender_id:
                continue
            if users.get(user_id) is None or self._notified(conversation, user_id, message):
                continue
            notifications.build(
                "participating_conversation_new_message",
                user_id=user_id,
                conversation=conversation,
                secondary=("Message", message.id),
            )
