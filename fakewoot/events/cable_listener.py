"""Domain event -> (streams, ActionCable message): the only place that decides who hears what.
The /cable hub (the WebSocket issue) subscribes `deliver` to the bus; nothing else talks to sockets.
Source: app/listeners/action_cable_listener.rb (reference realtime-actioncable.md 4, 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakewoot.events import types
from fakewoot.events.bus import Event
from fakewoot.serializers.contacts import contact_push_data
from fakewoot.serializers.push import envelope

if TYPE_CHECKING:
    from fakewoot.store.state import Store

Broadcast = Callable[[list[str], dict[str, Any]], None]


def account_stream(account_id: int) -> str:
    return f"account_{account_id}"


def cable_message(store: Store, event: Event) -> tuple[list[str], dict[str, Any]] | None:
    """The recipients (stream names) and the `{event, data}` message of one domain event, if any."""
    if event.name in types.CONTACT_EVENTS:
        contact = event.data["contact"]
        message = envelope(
            store, event.name, contact_push_data(contact), contact.account_id, event.data.get("performer_id")
        )
        return [account_stream(contact.account_id)], message
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
