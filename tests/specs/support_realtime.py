"""Helpers for the ported listener and channel specs: real /cable clients (the `websockets` library,
one reader thread each) that record every broadcast they receive, so a test can assert which
subscribers heard an event and what it carried, as Chatwoot's listener specs assert the tokens and
payload handed to ActionCableBroadcastJob."""

from __future__ import annotations

import json
import threading
import time
from typing import TYPE_CHECKING, Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

if TYPE_CHECKING:
    from fakewoot import FakeChatwoot

TIMEOUT = 3.0
QUIET = 0.3  # seconds a subscriber that should hear nothing is watched for
CHANNEL = "RoomChannel"


def user_identifier(user_id: int, pubsub_token: str, account_id: int = 1) -> str:
    return json.dumps(
        {"channel": CHANNEL, "pubsub_token": pubsub_token, "account_id": account_id, "user_id": user_id}
    )


def contact_identifier(pubsub_token: str) -> str:
    return json.dumps({"channel": CHANNEL, "pubsub_token": pubsub_token})


class Subscriber:
    """One /cable socket with one RoomChannel subscription, confirmed before the constructor returns."""

    def __init__(self, base_url: str, identifier: str, name: str) -> None:
        self.name = name or identifier
        self.identifier = identifier
        self.messages: list[dict[str, Any]] = []  # the `message` of every broadcast, in order
        self.confirmed = threading.Event()
        self._lock = threading.Condition()
        url = base_url.replace("http://", "ws://") + "/cable"
        self.ws: ClientConnection = connect(url, subprotocols=["actioncable-v1-json"]).__enter__()  # type: ignore[list-item]
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
        assert self.confirmed.wait(TIMEOUT), f"{self.name}: no confirm_subscription"

    def _read(self) -> None:
        try:
            while True:
                frame = json.loads(self.ws.recv())
                if frame.get("type") == "confirm_subscription" and frame.get("identifier") == self.identifier:
                    self.confirmed.set()
                elif "message" in frame and frame.get("identifier") == self.identifier:
                    with self._lock:
                        self.messages.append(frame["message"])
                        self._lock.notify_all()
        except (ConnectionClosed, OSError):
            return

    def events(self, name: str) -> list[dict[str, Any]]:
        """The `data` of every `name` broadcast received so far."""
        with self._lock:
            return [m["data"] for m in self.messages if m.get("event") == name]

    def wait(self, name: str, count: int = 1, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
        with self._lock:
            self._lock.wait_for(lambda: len(self.events_unlocked(name)) >= count, timeout)
            found = self.events_unlocked(name)
        assert len(found) >= count, f"{self.name} got {len(found)} {name}, wanted {count}: {self.messages}"
        return found

    def events_unlocked(self, name: str) -> list[dict[str, Any]]:
        return [m["data"] for m in self.messages if m.get("event") == name]

    def close(self) -> None:
        self.ws.close()
        self._thread.join(TIMEOUT)


class Cable:
    """The subscribers of one test, closed at its end (the `cable` fixture)."""

    def __init__(self, base_url: str, fake: FakeChatwoot) -> None:
        self.base_url = base_url
        self.fake = fake
        self.subscribers: list[Subscriber] = []

    def user(self, user: dict[str, Any], account_id: int = 1) -> Subscriber:
        """A user's dashboard socket (user JSON with id and pubsub_token)."""
        identifier = user_identifier(user["id"], user["pubsub_token"], account_id)
        return self._add(Subscriber(self.base_url, identifier, f"user {user['id']}"))

    def user_id(self, user_id: int, account_id: int = 1) -> Subscriber:
        token = self.fake.store.users.get(user_id).pubsub_token
        return self.user({"id": user_id, "pubsub_token": token}, account_id)

    def contact_inbox(self, contact_inbox_id: int, account_id: int = 1) -> Subscriber:
        """A contact's widget socket, by its contact inbox's pubsub token."""
        store = self.fake.store
        record = store.account(account_id).contact_inboxes.get(contact_inbox_id)
        assert record is not None
        token = store.contact_inboxes.pubsub_token(record)
        return self._add(Subscriber(self.base_url, contact_identifier(token), f"contact inbox {record.id}"))

    def conversation_contact(self, display_id: int, account_id: int = 1) -> Subscriber:
        """The widget socket of a conversation's contact (its contact inbox)."""
        conversation = self.fake.store.conversations.by_display_id(account_id, display_id)
        assert conversation is not None and conversation.contact_inbox_id is not None
        return self.contact_inbox(conversation.contact_inbox_id, account_id)

    def _add(self, subscriber: Subscriber) -> Subscriber:
        self.subscribers.append(subscriber)
        subscriber.wait("presence.update")  # the subscribe's own presence.update has come through
        return subscriber

    def heard(self, name: str, expected: list[Subscriber], timeout: float = TIMEOUT) -> dict[str, Any]:
        """Every subscriber in `expected` gets exactly one `name` broadcast, the others none; the data
        (the same for all) is returned."""
        for subscriber in expected:
            subscriber.wait(name, 1, timeout)
        time.sleep(QUIET)
        got = {s.name: len(s.events(name)) for s in self.subscribers}
        assert got == {s.name: (1 if s in expected else 0) for s in self.subscribers}, got
        payloads = [s.events(name)[0] for s in expected]
        assert all(p == payloads[0] for p in payloads), payloads
        return payloads[0]

    def close(self) -> None:
        for subscriber in self.subscribers:
            subscriber.close()
