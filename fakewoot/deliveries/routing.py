"""Domain event -> the deliveries Chatwoot would make: which targets hear it and with what payload.
The only place that decides; payloads come from serializers/webhook_data.py.

Sources: app/listeners/webhook_listener.rb, app/listeners/agent_bot_listener.rb (newest: bots also
hear conversation_status_changed and conversation_updated, PRs #13975, #14001, #14002),
app/models/concerns/message_filter_helpers.rb (webhook_sendable?), reference webhooks-bots.md 2.1-2.7
and 4.4. Order within one event: bots, then account webhooks, then the API inbox's callback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.deliveries import wire
from fakewoot.deliveries.wire import (  # re-exported: tests and callers name them routing.X
    CONTACT_CREATED,
    CONTACT_UPDATED,
    CONVERSATION_CREATED,
    CONVERSATION_OPENED,
    CONVERSATION_RESOLVED,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
    INBOX_CREATED,
    INBOX_UPDATED,
    MESSAGE_CREATED,
    MESSAGE_UPDATED,
    TYPING_OFF,
    TYPING_ON,
    WEBWIDGET_TRIGGERED,
)
from fakewoot.events import types
from fakewoot.records import dataclass
from fakewoot.serializers import webhook_data as wd
from fakewoot.store.messages import ACTIVITY

if TYPE_CHECKING:
    from fakewoot.events.bus import Event
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store

# Chatwoot's webhook event names (the `event` key) are defined in wire.py


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # wire.ACCOUNT_WEBHOOK | API_INBOX_WEBHOOK | AGENT_BOT_WEBHOOK | MANUAL
    target_id: int | None  # webhook id, inbox id or agent bot id
    account_id: int | None
    url: str
    secret: str | None


@dataclass(frozen=True, slots=True)
class Planned:
    """One event's payload for its targets (the body is encoded once and shared)."""

    event: str
    body: bytes
    targets: tuple[Target, ...]
    message_id: int | None = None  # for the failure rules of message_created/updated


def _account_targets(store: Store, account_id: int, event: str) -> list[Target]:
    account = store.state.accounts.get(account_id)
    if account is None:
        return []
    return [
        Target(wire.ACCOUNT_WEBHOOK, w.id, account_id, w.url, w.secret)
        for w in account.webhooks.values()
        if w.webhook_type == "account_type" and event in w.subscriptions
    ]


def _api_inbox_target(inbox: Inbox | None) -> list[Target]:
    if inbox is None or inbox.channel_type != "Channel::Api":
        return []
    url = inbox.channel.get("webhook_url")
    if not isinstance(url, str) or not url.strip():
        return []
    return [Target(wire.API_INBOX_WEBHOOK, inbox.id, inbox.account_id, url, inbox.channel.get("secret"))]


def _bot_targets(store: Store, inbox: Inbox | None, conversation: Conversation | None) -> list[Target]:
    """agent_bots_for: the conversation's assigned bot, then the inbox's active bot, de-duplicated;
    a bot without an outgoing_url is never called."""
    if inbox is None:
        return []
    bots = []
    if conversation is not None:
        assigned = store.agent_bots.get(conversation.assignee_agent_bot_id)
        if assigned is not None:
            bots.append(assigned)
    inbox_bot = store.agent_bots.of_inbox(inbox.account_id, inbox.id)
    if inbox_bot is not None and inbox_bot not in bots:
        bots.append(inbox_bot)
    return [
        Target(wire.AGENT_BOT_WEBHOOK, b.id, inbox.account_id, b.outgoing_url, b.secret)
        for b in bots
        if b.outgoing_url and b.outgoing_url.strip()
    ]


def _inbox_of(store: Store, conversation: Conversation) -> Inbox | None:
    return store.account(conversation.account_id).inboxes.get(conversation.inbox_id)


def _planned(
    event: str, payload: dict[str, Any], targets: list[Target], message_id: int | None = None
) -> Planned | None:
    if not targets:
        return None
    return Planned(event, wire.encode(payload), tuple(targets), message_id)


def _conversation_events(store: Store, event: Event) -> list[Planned]:
    conversation: Conversation = event.data["conversation"]
    if store.account(conversation.account_id).conversations.get(conversation.id) is None:
        return []
    inbox = _inbox_of(store, conversation)
    bots = _bot_targets(store, inbox, conversation)
    found: list[Planned | None] = []
    if event.name == types.CONVERSATION_CREATED:
        targets = _account_targets(store, conversation.account_id, CONVERSATION_CREATED)
        targets += _api_inbox_target(inbox)
        if targets:
            data = wd.conversation_webhook_data(store, conversation)
            found.append(_planned(CONVERSATION_CREATED, {**data, "event": CONVERSATION_CREATED}, targets))
        return [p for p in found if p is not None]
    if event.name == types.CONVERSATION_STATUS_CHANGED:
        name, changes = CONVERSATION_STATUS_CHANGED, None  # status_change is nil in after_commit
    else:
        name, changes = CONVERSATION_UPDATED, event.data.get("changed")
    targets = _account_targets(store, conversation.account_id, name) + _api_inbox_target(inbox)
    if not targets and not bots:
        return []
    data = wd.conversation_webhook_data(store, conversation)
    if name == CONVERSATION_STATUS_CHANGED and bots:
        # notify_status_change dispatches conversation.opened / .resolved before status_changed
        legacy = {"open": CONVERSATION_OPENED, "resolved": CONVERSATION_RESOLVED}.get(conversation.status)
        if legacy is not None:
            found.append(_planned(legacy, {**data, "event": legacy}, bots))
    payload = {**data, "event": name, "changed_attributes": wd.changed_attributes(changes)}
    found.append(_planned(name, payload, bots + targets))
    return [p for p in found if p is not None]


def _message_events(store: Store, event: Event) -> list[Planned]:
    message = event.data["message"]
    if message.message_type == ACTIVITY:  # webhook_sendable?: incoming, outgoing or template
        return []
    name = MESSAGE_CREATED if event.name == types.MESSAGE_CREATED else MESSAGE_UPDATED
    account = store.account(message.account_id)
    conversation = account.conversations.get(message.conversation_id)
    inbox = account.inboxes.get(message.inbox_id)
    if conversation is None:
        return []
    targets = _bot_targets(store, inbox, conversation)
    targets += _account_targets(store, message.account_id, name) + _api_inbox_target(inbox)
    if not targets:
        return []
    data = wd.message_webhook_data(store, message)
    if data is None:
        return []
    planned = _planned(name, {**data, "event": name}, targets, message.id)
    return [] if planned is None else [planned]


def _contact_events(store: Store, event: Event) -> list[Planned]:
    contact = event.data["contact"]
    if event.name == types.CONTACT_CREATED:
        name, changes = CONTACT_CREATED, None
    else:
        name, changes = CONTACT_UPDATED, event.data.get("changed")
        if not changes:  # contact_updated is skipped when nothing changed
            return []
    targets = _account_targets(store, contact.account_id, name)
    if not targets:
        return []
    payload = {**wd.contact_webhook_data(store, contact), "event": name}
    if name == CONTACT_UPDATED:
        payload["changed_attributes"] = wd.changed_attributes(changes)
    planned = _planned(name, payload, targets)
    return [] if planned is None else [planned]


def _typing_events(store: Store, event: Event) -> list[Planned]:
    conversation: Conversation = event.data["conversation"]
    name = TYPING_ON if event.name == types.TYPING_ON else TYPING_OFF
    inbox = _inbox_of(store, conversation)
    targets = _account_targets(store, conversation.account_id, name) + _api_inbox_target(inbox)
    if not targets:
        return []
    bot = store.agent_bots.get(event.data.get("bot_id"))
    user = store.users.get(event.data["user_id"]) if event.data.get("user_id") is not None else None
    contact_id = event.data.get("contact_id")  # a customer typing through the Client API
    contact = None if contact_id is None else store.contacts.get(conversation.account_id, contact_id)
    actor: dict[str, Any] | None = None
    if bot is not None:
        actor = wd.agent_bot_webhook_data(bot)
    elif user is not None:
        actor = wd.user_webhook_data(user)
    elif contact is not None:
        actor = wd.contact_webhook_data(store, contact)
    payload = wd.typing_webhook_data(store, name, conversation, actor, bool(event.data.get("is_private")))
    planned = _planned(name, payload, targets)
    return [] if planned is None else [planned]


def _inbox_events(store: Store, event: Event) -> list[Planned]:
    inbox: Inbox = event.data["inbox"]
    name = INBOX_CREATED if event.name == types.INBOX_CREATED else INBOX_UPDATED
    changes = event.data.get("changed")
    if name == INBOX_UPDATED and not changes:
        return []
    targets = _account_targets(store, inbox.account_id, name)
    if not targets:
        return []
    payload = {**wd.inbox_webhook_event_data(store, inbox), "event": name}
    if name == INBOX_UPDATED:
        payload["changed_attributes"] = wd.changed_attributes(changes)
    planned = _planned(name, payload, targets)
    return [] if planned is None else [planned]


def _webwidget_events(store: Store, event: Event) -> list[Planned]:
    record = event.data["contact_inbox"]
    account = store.account(record.account_id)
    inbox = account.inboxes.get(record.inbox_id)
    targets = _bot_targets(store, inbox, None)
    targets += _account_targets(store, record.account_id, WEBWIDGET_TRIGGERED) + _api_inbox_target(inbox)
    data = wd.contact_inbox_webhook_data(store, record)
    if not targets or data is None:
        return []
    payload = {**data, "event": WEBWIDGET_TRIGGERED, "event_info": event.data.get("event_info") or {}}
    planned = _planned(WEBWIDGET_TRIGGERED, payload, targets)
    return [] if planned is None else [planned]


def plan(store: Store, event: Event) -> list[Planned]:
    """Every delivery one domain event causes, in Chatwoot's order."""
    name = event.name
    if name in (types.CONVERSATION_CREATED, types.CONVERSATION_STATUS_CHANGED, types.CONVERSATION_UPDATED):
        return _conversation_events(store, event)
    if name in (types.MESSAGE_CREATED, types.MESSAGE_UPDATED):
        return _message_events(store, event)
    if name in (types.CONTACT_CREATED, types.CONTACT_UPDATED):
        return _contact_events(store, event)
    if name in (types.TYPING_ON, types.TYPING_OFF):
        return _typing_events(store, event)
    if name in (types.INBOX_CREATED, types.INBOX_UPDATED):
        return _inbox_events(store, event)
    if name == types.WEBWIDGET_TRIGGERED:
        return _webwidget_events(store, event)
    return []
