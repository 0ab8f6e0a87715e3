"""RoomChannel as Chatwoot runs it (app/channels/room_channel.rb; reference realtime 3).

A user subscribes with pubsub_token + user_id (+ account_id) and follows its own token stream and
`account_<id>`; a contact (no user_id) subscribes with its contact inbox's pubsub token and follows
that stream. A bad token gets no answer at all (Chatwoot raises inside `subscribed`, Rails logs
it); the strict setting answers `reject_subscription`. `update_presence` is the only action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.cable import protocol
from fakewoot.cable.hub import Connection, Subscription
from fakewoot.events.cable_listener import account_stream
from fakewoot.events.types import PRESENCE_UPDATE

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

CHANNEL = "RoomChannel"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def resolve(fake: FakeChatwoot, identifier: str, params: dict[str, Any]) -> Subscription | None:
    """Who subscribes: a user (token + id, a member of the account) or a contact (contact inbox token)."""
    store = fake.store
    token = params.get("pubsub_token")
    if not isinstance(token, str) or not token:
        return None
    user_id = params.get("user_id")
    if user_id not in (None, ""):
        user = store.users.get(_int(user_id) or 0)
        if user is None or user.pubsub_token != token:
            return None
        account_id = _int(params.get("account_id"))
        if account_id is None or store.account_users.find(account_id, user.id) is None:
            return None
        return Subscription(identifier, [token, account_stream(account_id)], "User", user.id, account_id)
    for account in store.state.accounts.values():
        for record in account.contact_inboxes.values():
            if store.contact_inboxes.pubsub_token(record) == token:
                return Subscription(identifier, [token], "Contact", record.contact_id, account.id)
    return None


def presence_message(fake: FakeChatwoot, subscription: Subscription) -> dict[str, Any]:
    presence = fake.store.presence
    data: dict[str, Any] = {
        "account_id": subscription.account_id,
        "users": presence.online_users(subscription.account_id),
    }
    if subscription.kind == "User":  # contacts never see other contacts
        data["contacts"] = presence.online_contacts(subscription.account_id)
    return {"event": PRESENCE_UPDATE, "data": data}


def update_presence(fake: FakeChatwoot, subscription: Subscription) -> None:
    """Record the heartbeat, then send presence.update to the subscriber's own token stream."""
    fake.store.presence.heartbeat(subscription.account_id, subscription.kind, subscription.record_id)
    fake.hub.broadcast([subscription.streams[0]], presence_message(fake, subscription))


def subscribe(fake: FakeChatwoot, connection: Connection, identifier: str) -> None:
    if identifier in connection.subscriptions:
        return  # a duplicate identifier on one connection is ignored
    try:
        params = protocol.parse_identifier(identifier)
    except protocol.ProtocolError:
        return
    if params.get("channel") != CHANNEL:
        return  # an unknown channel is only logged
    subscription = resolve(fake, identifier, params)
    if subscription is None:
        connection.subscriptions[identifier] = None  # kept: a repeat subscribe stays ignored, as in Rails 7.1
        if fake.settings.cable_strict:
            fake.hub.send(connection, protocol.reject(identifier))
        return
    fake.hub.subscribe(connection, subscription)
    fake.hub.send(connection, protocol.confirm(identifier))
    update_presence(fake, subscription)  # after the confirmation, never before


def perform(fake: FakeChatwoot, connection: Connection, identifier: str, data: str) -> None:
    subscription = connection.subscriptions.get(identifier)
    if subscription is None:
        return  # "Unable to find subscription": logged only
    action, _ = protocol.parse_action(data)
    if action == "update_presence":
        update_presence(fake, subscription)
