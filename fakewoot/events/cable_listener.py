"""Domain event -> (streams, ActionCable message): the only place that decides who hears what.
The /cable hub (the WebSocket issue) subscribes `deliver` to the bus; nothing else talks to sockets.
Source: app/listeners/action_cable_listener.rb (reference realtime-actioncable.md 4, 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakewoot.cable.protocol import account_stream
from fakewoot.events import types
from fakewoot.events.bus import Event
from fakewoot.serializers.accounts import cache_keys_json
from fakewoot.serializers.agent_bots import bot_push_data
from fakewoot.serializers.captain_records import copilot_message_push_json
from fakewoot.serializers.contacts import contact_push_data
from fakewoot.serializers.conversations import conversation_push_data
from fakewoot.serializers.messages import message_push_data
from fakewoot.serializers.notifications import notification_cable_data, notification_deleted_cable_data
from fakewoot.serializers.push import envelope, previous_changes_json, user_push_data
from fakewoot.store.messages import ACTIVITY

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

Broadcast = Callable[[list[str], dict[str, Any]], object]


def agent_tokens(store: Store, conversation: Conversation) -> list[str]:
    """The pubsub tokens of the inbox's members plus every administrator of the account, de-duplicated."""
    account = store.account(conversation.account_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    user_ids = list(inbox.members if inbox is not None else [])
    user_ids += [m.user_id for m in account.members.values() if m.administrator]
    tokens: list[str] = []
    for user_id in dict.fromkeys(user_ids):
        user = store.users.get(user_id)
        if user is not None and user_id in account.members:
            tokens.append(user.pubsub_token)
    return tokens


def own_contact_token(store: Store, conversation: Conversation) -> list[str]:
    """`conversation.contact_inbox.pubsub_token`, as a list (empty without a contact inbox)."""
    link = conversation.contact_inbox_id
    record = None if link is None else store.account(conversation.account_id).contact_inboxes.get(link)
    return [] if record is None else [store.contact_inboxes.pubsub_token(record)]


def contact_tokens(store: Store, conversation: Conversation) -> list[str]:
    """contact_inbox_tokens: the conversation's contact inbox token; when that contact inbox is
    hmac_verified, the tokens of every hmac_verified contact inbox of the contact instead."""
    account = store.account(conversation.account_id)
    link = conversation.contact_inbox_id
    record = None if link is None else account.contact_inboxes.get(link)
    if record is None:
        return []
    if not record.hmac_verified:
        return [store.contact_inboxes.pubsub_token(record)]
    verified = (
        other
        for other in account.contact_inboxes.values()
        if other.contact_id == record.contact_id and other.hmac_verified
    )
    return [store.contact_inboxes.pubsub_token(other) for other in sorted(verified, key=lambda r: r.id)]


def cable_message(store: Store, event: Event) -> tuple[list[str], dict[str, Any]] | None:
    """The recipients (stream names) and the `{event, data}` message of one domain event, if any."""
    name, data = event.name, event.data
    performer = data.get("performer_id")
    if name in types.CONTACT_EVENTS:
        contact = data["contact"]
        message = envelope(store, name, contact_push_data(contact), contact.account_id, performer)
        return [account_stream(contact.account_id)], message
    if name == types.ACCOUNT_CACHE_INVALIDATED:
        account = data["account"]
        tokens = [
            user.pubsub_token
            for user in (store.users.get(member.user_id) for member in account.members.values())
            if user is not None
        ]
        keys = cache_keys_json(account)  # cacheable_models = [Label, Inbox, Team]
        return tokens, envelope(store, name, {"cache_keys": keys}, account.id, performer)
    if name == types.COPILOT_MESSAGE_CREATED:  # CopilotMessage#push_event_data, to the thread's user
        copilot = data["copilot_message"]
        thread = store.account(copilot.account_id).copilot_threads.get(copilot.copilot_thread_id)
        owner = None if thread is None else store.users.get(thread.user_id)
        if thread is None or owner is None:
            return None
        body = copilot_message_push_json(store, copilot, thread)  # the envelope appends account_id
        return [owner.pubsub_token], envelope(store, name, body, copilot.account_id, performer)
    if name in types.NOTIFICATION_EVENTS:
        notification = data["notification"]
        owner = store.users.get(notification.user_id)
        if owner is None or store.state.accounts.get(notification.account_id) is None:
            return None  # `return if user.blank? || account.blank?`
        if name == types.NOTIFICATION_DELETED:
            body = notification_deleted_cable_data(store, notification)
        else:
            body = notification_cable_data(store, notification)
        return [owner.pubsub_token], envelope(store, name, body, notification.account_id, performer)
    if name in types.MESSAGE_EVENTS:
        record: Message = data["message"]
        account = store.account(record.account_id)
        conversation = account.conversations.get(record.conversation_id)
        if conversation is None:
            return None
        streams = agent_tokens(store, conversation)
        if name != types.FIRST_REPLY_CREATED and not record.private and record.message_type != ACTIVITY:
            streams += contact_tokens(store, conversation)
        payload = message_push_data(store, record, conversation)
        changes = data.get("previous_changes")
        if name == types.MESSAGE_UPDATED and changes is not None:
            # `.merge(previous_changes: event.data[:previous_changes])`, when the store hands them over
            payload["previous_changes"] = previous_changes_json(changes)
        return streams, envelope(store, name, payload, account.id, performer)
    if name == types.CONVERSATION_MENTIONED:  # the mentioned user only; raised in a job: no performer
        conversation, mentioned = data["conversation"], store.users.get(data["user_id"])
        if mentioned is None:
            return None
        payload = conversation_push_data(store, conversation)
        return [mentioned.pubsub_token], envelope(store, name, payload, conversation.account_id, None)
    if name in types.CONVERSATION_EVENTS:
        conversation = data["conversation"]
        streams = agent_tokens(store, conversation)
        if name in types.CONTACT_VISIBLE_CONVERSATION_EVENTS:
            streams += contact_tokens(store, conversation)
        payload = conversation_push_data(store, conversation)
        if name in types.REBUILT_CONVERSATION_EVENTS:
            performer = None  # ActionCableBroadcastJob rebuilds push_event_data + account_id only
        return streams, envelope(store, name, payload, conversation.account_id, performer)
    if name in (types.TYPING_ON, types.TYPING_OFF):
        conversation = data["conversation"]
        typer = None if data.get("user_id") is None else store.users.get(data["user_id"])
        # typing_event_listener_tokens: the contact inbox's own token, never the hmac-verified fan-out
        everyone = agent_tokens(store, conversation) + own_contact_token(store, conversation)
        streams = [t for t in everyone if typer is None or t != typer.pubsub_token]
        user = None if typer is None else user_push_data(store, typer.id, conversation.account_id)
        bot = store.agent_bots.get(data.get("bot_id")) if typer is None else None
        if bot is not None:  # a bot's token (newer bot scope): AgentBot#push_event_data, no inbox
            user = bot_push_data(store, bot, None, conversation.account_id)
        contact = store.contacts.get(conversation.account_id, data.get("contact_id"))
        if contact is not None:  # a contact typing (Client API): its own contact inbox token left out
            streams, user = agent_tokens(store, conversation), contact_push_data(contact)
        body = {
            "conversation": conversation_push_data(store, conversation),
            "user": user,
            "is_private": bool(data.get("is_private")),
        }
        # the listener runs in the request (SyncDispatcher): Current.user, the typist, is the performer
        message = envelope(store, name, body, conversation.account_id, data.get("user_id"))
        if bot is not None and user is not None:
            message["data"]["performer"] = user
        return streams, message
    return None


class CableListener:
    """Subscribes to the bus and hands each message to `broadcast(streams, message)`."""

    def __init__(self, store: Store, broadcast: Broadcast) -> None:
        self._store = store
        self._broadcast = broadcast

    def __call__(self, event: Event) -> None:
        found = cable_message(self._store, event)
        if found is not None:
            self._broadcast(*found)
