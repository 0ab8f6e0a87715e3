"""Connections, subscriptions and streams. Every connection has its own send queue and writer task,
so a slow or stuck client never holds up the others. Safe to call from other threads (a test thread
changing the store while uvicorn serves): work is handed to the server's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from fakewoot.cable import protocol
from fakewoot.store.presence import PresenceKind

log = logging.getLogger("fakewoot.cable")
QUEUE_LIMIT = 10_000  # frames waiting for one client; past it the oldest are dropped (a stuck client)


@dataclass(eq=False)
class Subscription:
    identifier: str
    streams: list[str]
    kind: PresenceKind
    record_id: int
    account_id: int


@dataclass(eq=False)
class Connection:
    id: int
    send: Callable[[str], Any]  # async: send one text frame
    subscriptions: dict[str, Subscription | None] = field(default_factory=dict)  # None: refused, kept silent
    queue: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    pings: bool = True
    dropped: int = 0
    closing: bool = False  # set by the emitter: the writer closes the socket after the queue drains
    closer: Callable[[], Any] | None = None  # async: close the socket

    def push(self, frame: str) -> None:
        if self.queue.full():  # drop the oldest rather than block the sender
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(frame)


class Hub:
    def __init__(self, record_frame: Callable[[str, int, str], None] | None = None) -> None:
        self.connections: dict[int, Connection] = {}
        self.streams: dict[str, dict[tuple[int, str], Subscription]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ids = itertools.count(1)
        self._record = record_frame or (lambda direction, connection_id, frame: None)
        self.hold = False  # when True, broadcasts wait in `held` until released
        self.held: list[tuple[list[str], dict[str, Any]]] = []
        self.delay = 0.0  # seconds every broadcast waits before it is sent
        self.copies = 1  # how many times every broadcast is sent (duplicates)

    # --- connections ------------------------------------------------------------------------------

    def open(self, send: Callable[[str], Any]) -> Connection:
        self.loop = asyncio.get_running_loop()
        connection = Connection(next(self._ids), send)
        self.connections[connection.id] = connection
        return connection

    def close(self, connection: Connection) -> None:
        for identifier in list(connection.subscriptions):
            self.unsubscribe(connection, identifier)
        self.connections.pop(connection.id, None)
        with contextlib.suppress(asyncio.QueueFull):
            connection.queue.put_nowait(None)

    async def writer(self, connection: Connection) -> None:
        """Drain one connection's queue; ends on None or a failed send."""
        while True:
            frame = await connection.queue.get()
            if frame is None:
                if connection.closing and connection.closer is not None:
                    with contextlib.suppress(Exception):
                        await connection.closer()
                return
            try:
                await connection.send(frame)
            except Exception:  # the socket went away: the reader side cleans up
                return
            self._record("sent", connection.id, frame)

    def send(self, connection: Connection, frame: str) -> None:
        connection.push(frame)

    # --- subscriptions ----------------------------------------------------------------------------

    def subscribe(self, connection: Connection, subscription: Subscription) -> None:
        connection.subscriptions[subscription.identifier] = subscription
        for stream in subscription.streams:
            self.streams.setdefault(stream, {})[(connection.id, subscription.identifier)] = subscription

    def unsubscribe(self, connection: Connection, identifier: str) -> None:
        subscription = connection.subscriptions.pop(identifier, None)
        if subscription is None:
            return
        for stream in subscription.streams:
            members = self.streams.get(stream)
            if members is not None:
                members.pop((connection.id, identifier), None)
                if not members:
                    del self.streams[stream]

    # --- broadcasting -----------------------------------------------------------------------------

    def broadcast(self, streams: list[str], message: dict[str, Any]) -> int:
        """Deliver `message` to every subscription following any of `streams` (once per subscription)."""
        if self.loop is not None and not self._on_loop():
            self.loop.call_soon_threadsafe(self._broadcast, list(streams), message)
            return 0
        return self._broadcast(streams, message)

    def _on_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def _broadcast(self, streams: list[str], message: dict[str, Any]) -> int:
        if self.hold:
            self.held.append((streams, message))
            return 0
        if self.delay > 0 and self.loop is not None:
            self.loop.call_later(self.delay, self._deliver, streams, message)
            return 0
        return self._deliver(streams, message)

    def _deliver(self, streams: list[str], message: dict[str, Any]) -> int:
        encoded = orjson.dumps(message).decode()
        seen: set[tuple[int, str]] = set()
        for stream in streams:
            for key, subscription in self.streams.get(stream, {}).items():
                if key in seen:
                    continue
                seen.add(key)
                connection = self.connections.get(key[0])
                if connection is not None:
                    frame = protocol.broadcast_raw(subscription.identifier, encoded)
                    for _ in range(max(self.copies, 1)):
                        connection.push(frame)
        return len(seen)

    def release(self, reverse: bool = False) -> int:
        """Deliver the held-back broadcasts (in order, or reversed)."""
        held, self.held, self.hold = self.held, [], False
        for streams, message in reversed(held) if reverse else held:
            self._deliver(streams, message)
        return len(held)

    def everyone(self) -> list[str]:
        return list(self.streams)

    def in_thread(self, func: Callable[[], Any]) -> None:
        """Run `func` on the hub's loop (from any thread)."""
        if self.loop is None or self._on_loop() or not self.loop.is_running():
            func()
        else:
            self.loop.call_soon_threadsafe(func)
