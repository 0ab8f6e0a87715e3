"""RoomChannel as Chatwoot runs it (app/channels/room_channel.rb; reference realtime 3).

A user subscribes with pubsub_token + user_id (+ account_id) and follows its own token stream and
`account_<id>`; a contact (no user_id) subscribes with its contact inbox's pubsub token and follows
that stream. A bad token gets no answer at all (Chatwoot raises inside `subscribed`, Rails logs
it); the strict setting answers `reject_subscription`. `update_presence` is the only action.

Presence (reference realtime 3.4-3.5): on subscribe and on `update_presence`, Chatwoot broadcasts
presence.update to the subscriber's token stream, so every subscription on that token gets one per
cause. Here the subscriber gets its own copy through the pubsub hop (Hub.pubsub_delay: a moment
after its confirmation, never in the same read), and the copies due to the token's other
subscriptions are coalesced per tick (Hub.coalesce): one subscribe costs O(1) frames however many
subscriptions share the token, where N subscribes would otherwise cost N^2/2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.cable import protocol
from fakewoot.cable.hub import Connection, Subscription
from fakewoot.events.types import PRESENCE_UPDATE
from fakewoot.store.contact_inboxes import ContactInbox
from fakewoot.store.presence import PresenceKind

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.store.state import Store

CHANNEL = "RoomChannel"
MAX_HASHED_GAP = 100_000  # contact inbox ids hashed at once into the widget-token index, at most


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
        return Subscription(
            identifier, [token, protocol.account_stream(account_id)], "User", user.id, account_id
        )
    record = contact_inbox_by_token(fake, token)
    if record is None:
        return None
    return Subscription(identifier, [token], "Contact", record.contact_id, record.account_id)


def contact_inbox_by_token(fake: FakeChatwoot, token: str) -> ContactInbox | None:
    """ContactInbox.find_by!(pubsub_token:) in O(1): a widget token is a function of the fake's seed
    and the record id (store/contact_inboxes.py), so token -> id is hashed once per id, kept on the
    hub, and extended when the id sequence has moved; a hit is checked against the record itself."""
    store = fake.store
    index = fake.hub.channel_state.get("contact_tokens")
    if not isinstance(index, _TokenIndex) or index.seed != store.seed:
        index = fake.hub.channel_state["contact_tokens"] = _TokenIndex(store.seed)
    record_id = index.find(store, token)
    if record_id is None:
        return None
    for account in store.state.accounts.values():
        record = account.contact_inboxes.get(record_id)
        if record is not None:
            return record if store.contact_inboxes.pubsub_token(record) == token else None
    return None


class _TokenIndex:
    """pubsub token -> contact inbox id for ids 1..upto (every id, whether or not it exists now:
    a token names one id for good, so reset, restore and load never make an entry wrong)."""

    def __init__(self, seed: int | str) -> None:
        self.seed = seed
        self.ids: dict[str, int] = {}
        self.upto = 0

    def find(self, store: Store, token: str) -> int | None:
        found = self.ids.get(token)
        last = store.state.sequences.peek("contact_inboxes")
        if found is not None or last <= self.upto:
            return found
        if last - self.upto > MAX_HASHED_GAP:  # fixtures with huge explicit ids: scan what exists
            for account in store.state.accounts.values():
                for record in account.contact_inboxes.values():
                    if store.contact_inboxes.pubsub_token(record) == token:
                        return record.id
            return None
        for record_id in range(self.upto + 1, last + 1):
            probe = ContactInbox(record_id, 0, 0, 0, "", 0.0, 0.0)  # the token reads the id only
            self.ids[store.contact_inboxes.pubsub_token(probe)] = record_id
        self.upto = last
        return self.ids.get(token)


def presence_message(fake: FakeChatwoot, account_id: int, kind: PresenceKind) -> dict[str, Any]:
    """RoomChannel#broadcast_presence's payload for a subscriber of `kind` in `account_id`."""
    presence = fake.store.presence
    data: dict[str, Any] = {"account_id": account_id, "users": presence.online_users(account_id)}
    if kind == "User":  # contacts never see other contacts
        data["contacts"] = presence.online_contacts(account_id)
    return {"event": PRESENCE_UPDATE, "data": data}


def update_presence(fake: FakeChatwoot, connection: Connection, subscription: Subscription) -> None:
    """Record the heartbeat, then presence.update to the subscriber's token stream: the subscriber's
    own copy now, the copies for the token's other subscriptions coalesced per tick."""
    account_id, kind = subscription.account_id, subscription.kind
    fake.store.presence.heartbeat(account_id, kind, subscription.record_id)
    token = subscription.streams[0]
    key = (connection.id, subscription.identifier)
    hub = fake.hub
    hub.broadcast([token], presence_message(fake, account_id, kind), only=(key,))
    hub.coalesce(token, (account_id, kind), key, lambda: presence_message(fake, account_id, kind))


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
    update_presence(fake, connection, subscription)  # after the confirmation and the pubsub hop


def perform(fake: FakeChatwoot, connection: Connection, identifier: str, data: str) -> None:
    subscription = connection.subscriptions.get(identifier)
    if subscription is None:
        return  # "Unable to find subscription": logged only
    action, _ = protocol.parse_action(data)
    if action == "update_presence":
        update_presence(fake, connection, subscription)
