"""Connections, subscriptions and streams. Every connection has its own send queue and writer task,
so a slow or stuck client never holds up the others. Safe to call from other threads (a test thread
changing the store while uvicorn serves): work is handed to the server's event loop.

Nothing queued for a connection is ever dropped: confirmations, presence and broadcasts alike. A
client whose backlog passes its `limit` (Settings.cable_backlog) cannot keep up; it is disconnected
the way Rails ends a client whose socket stops taking writes (ActionCable's Stream#write ->
client_gone: the socket is closed, no `disconnect` frame, since the client could not read one), and
the others carry on. Rails itself buffers without a bound (actioncable/lib/action_cable/connection/
stream.rb: an unbounded Queue as write buffer); a fake that must stay up cannot, so past the bound
the client is treated as gone.

Broadcasts reach subscriptions the way Rails' pubsub adapter (Redis) brings them: after a hop. A
broadcast is published, and arrives `pubsub_delay` seconds later (Settings.cable_pubsub_delay_ms),
so the presence.update a subscription causes lands a moment after its `confirm_subscription`, never
right behind it in the same read: a client that installs its handler once it has read the
confirmation still gets it. The hop is one FIFO per hub: nothing overtakes an earlier broadcast.

Broadcasts a burst would repeat to every subscription of a stream (presence.update on each subscribe)
can be coalesced: `coalesce()` sends the latest message once per tick instead of once per cause.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import field
from typing import Any

import orjson

from fakewoot.cable import protocol
from fakewoot.records import dataclass
from fakewoot.store.presence import PresenceKind

log = logging.getLogger("fakewoot.cable")
BACKLOG_LIMIT = 10_000  # frames waiting for one client; past it the client is disconnected
COALESCE_TICK_SECONDS = 0.05  # a coalesced broadcast waits this long for more causes...
# ...plus this per subscription it goes to: a frame costs ~0.1 ms to send (permessage-deflate
# included), so fan-out to a large stream takes at most ~1/4 of the loop however fast causes come
COALESCE_SECONDS_PER_SUBSCRIPTION = 400e-6
WRITER_BATCH = 32  # frames a writer sends back to back before it lets the loop run
PUBSUB_DELAY_SECONDS = 0.005  # Rails' pubsub hop (publish to Redis, back to the server's subscriber)
SubKey = tuple[int, str]  # (connection id, identifier): one subscription
Published = tuple[float, list[str], dict[str, Any], tuple[SubKey, ...] | None, SubKey | None]
HOP_EARLY_SECONDS = 0.0005  # a timer may fire this much early (the loop's clock resolution)


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
    # unbounded: the bound is enforced by push(), so a None (end) can always be queued
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    pings: bool = True
    closing: bool = False  # set by the emitter: the writer closes the socket after the queue drains
    closer: Callable[[], Any] | None = None  # async: close the socket (a normal close)
    abort: Callable[[], None] | None = None  # drop the TCP connection at once (a client that is gone)
    origin: object = None  # what carries the socket (the server's protocol object), to tell servers apart
    limit: int = BACKLOG_LIMIT
    gone: bool = False  # fell `limit` frames behind: disconnected, nothing more is queued
    on_gone: Callable[[Connection], None] | None = None

    def push(self, frame: str) -> None:
        if self.gone or self.closing:  # nothing follows a disconnect
            return
        if self.queue.qsize() >= self.limit:
            self.give_up(f"fell {self.queue.qsize()} frames behind")
            if self.on_gone is not None:
                self.on_gone(self)
            return
        self.queue.put_nowait(frame)

    def give_up(self, why: str) -> None:
        """The client cannot keep up (or would not close): drop its backlog and its TCP connection."""
        if self.gone:
            return
        self.gone = True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)
        log.warning("fakewoot cable: connection %s %s; disconnected", self.id, why)
        if self.abort is not None:
            with contextlib.suppress(Exception):
                self.abort()


@dataclass(eq=False)
class _Coalesced:
    """Broadcasts waiting for the end of a tick on one stream: per key, the newest message factory and
    the subscriptions whose actions caused it."""

    loop: asyncio.AbstractEventLoop
    handle: asyncio.TimerHandle | None = None
    changes: dict[Hashable, tuple[Callable[[], dict[str, Any]], set[SubKey]]] = field(default_factory=dict)


class Hub:
    def __init__(self, record_frame: Callable[[str, int, str], None] | None = None) -> None:
        self.connections: dict[int, Connection] = {}
        self.streams: dict[str, dict[SubKey, Subscription]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._ids = itertools.count(1)
        self._record = record_frame or (lambda direction, connection_id, frame: None)
        self.hold = False  # when True, broadcasts wait in `held` until released
        self.held: list[tuple[list[str], dict[str, Any], tuple[SubKey, ...] | None, SubKey | None]] = []
        self.delay = 0.0  # seconds every broadcast waits before it is sent (a fault, besides the hop)
        self.pubsub_delay = PUBSUB_DELAY_SECONDS  # the pubsub hop; 0 delivers at once
        self._published: deque[Published] = deque()  # in the hop, oldest first
        self._hop_loop: asyncio.AbstractEventLoop | None = None
        self._hop_handle: asyncio.TimerHandle | None = None
        self.copies = 1  # how many times every broadcast is sent (duplicates)
        self.gone = 0  # connections disconnected because they fell too far behind
        self._coalesced: dict[str, _Coalesced] = {}
        self.channel_state: dict[str, Any] = {}  # what channels keep between subscribes (token indexes)

    # --- connections ------------------------------------------------------------------------------

    def open(self, send: Callable[[str], Any]) -> Connection:
        self.loop = asyncio.get_running_loop()
        connection = Connection(next(self._ids), send, on_gone=self._on_gone)
        self.connections[connection.id] = connection
        return connection

    def _on_gone(self, connection: Connection) -> None:
        self.gone += 1

    def close(self, connection: Connection) -> None:
        for identifier in list(connection.subscriptions):
            self.unsubscribe(connection, identifier)
        self.connections.pop(connection.id, None)
        connection.queue.put_nowait(None)

    async def writer(self, connection: Connection) -> None:
        """Drain one connection's queue; ends on None or a failed send. A send that the socket takes at
        once does not suspend, so the writer lets the loop run every WRITER_BATCH frames: a long
        backlog on one socket must not hold up every other socket and request."""
        sent = 0
        while True:
            frame = await connection.queue.get()
            if frame is None:
                if connection.closing and connection.closer is not None and not connection.gone:
                    with contextlib.suppress(Exception):
                        await connection.closer()
                return
            try:
                await connection.send(frame)
            except Exception:  # the socket went away: the reader side cleans up
                return
            self._record("sent", connection.id, frame)
            sent += 1
            if sent % WRITER_BATCH == 0:
                await asyncio.sleep(0)

    def send(self, connection: Connection, frame: str) -> None:
        connection.push(frame)

    def disconnect(
        self, connections: Iterable[Connection], reason: str, *, reconnect: bool = True, frame: bool = True
    ) -> None:
        """ActionCable's Connection#close: the `disconnect` frame (unless `frame` is False) after what
        is queued, then a normal close. Call on the hub's loop."""
        for connection in connections:
            if frame:
                connection.push(protocol.disconnect(reason, reconnect))
            connection.closing = True
            connection.queue.put_nowait(None)

    async def drain(self, connections: Iterable[Connection], timeout: float) -> int:
        """Wait up to `timeout` s for `connections` to end (after `disconnect`); the ones still open
        then are dropped. Returns how many had to be dropped."""
        waiting = {connection.id for connection in connections}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while (waiting := waiting & self.connections.keys()) and loop.time() < deadline:
            await asyncio.sleep(0.01)
        stuck = [self.connections[key] for key in waiting if key in self.connections]
        for connection in stuck:
            connection.give_up(f"did not close within {timeout:g} s")
        return len(stuck)

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

    def broadcast(
        self,
        streams: list[str],
        message: dict[str, Any],
        *,
        only: tuple[SubKey, ...] | None = None,
        exclude: SubKey | None = None,
    ) -> int:
        """Deliver `message` to every subscription following any of `streams` (once per subscription);
        with `only`, to those subscriptions alone; `exclude` leaves one out."""
        if self.loop is not None and not self.loop.is_closed() and not self._on_loop():
            self.loop.call_soon_threadsafe(self._broadcast, list(streams), message, only, exclude)
            return 0
        return self._broadcast(streams, message, only, exclude)

    def _on_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def _broadcast(
        self,
        streams: list[str],
        message: dict[str, Any],
        only: tuple[SubKey, ...] | None = None,
        exclude: SubKey | None = None,
    ) -> int:
        if self.hold:
            self.held.append((streams, message, only, exclude))
            return 0
        if self.delay > 0 and self.loop is not None:
            self.loop.call_later(self.delay, self._publish, streams, message, only, exclude)
            return 0
        return self._publish(streams, message, only, exclude)

    def _publish(
        self,
        streams: list[str],
        message: dict[str, Any],
        only: tuple[SubKey, ...] | None = None,
        exclude: SubKey | None = None,
    ) -> int:
        """The pubsub hop: `message` arrives `pubsub_delay` s from now, after everything published
        before it. Without a running loop, or with no delay and nothing in the hop, at once."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self._hop_loop is not None and (self._hop_loop is not loop or self._hop_loop.is_closed()):
            self._published.clear()  # left over from a loop that is gone
            self._hop_loop = self._hop_handle = None
        if loop is None or (self.pubsub_delay <= 0 and not self._published):
            return self._deliver(streams, message, only, exclude)
        if only is None:
            # Redis hands a message to the subscriptions there when it is published: one that
            # subscribes while the message is in the hop does not get it (one that leaves, neither)
            only = tuple(dict.fromkeys(key for stream in streams for key in self.streams.get(stream, ())))
        self._published.append((loop.time() + max(self.pubsub_delay, 0.0), streams, message, only, exclude))
        if self._hop_handle is None:
            self._hop_loop = loop
            self._hop_handle = loop.call_at(self._published[0][0], self._arrive)
        return 0

    def _arrive(self) -> None:
        """Deliver what has come through the hop, oldest first; wait again for the rest."""
        loop, self._hop_handle = self._hop_loop, None
        if loop is None:
            return
        now = loop.time() + HOP_EARLY_SECONDS
        while self._published and self._published[0][0] <= now:
            _, streams, message, only, exclude = self._published.popleft()
            try:
                self._deliver(streams, message, only, exclude)
            except Exception:  # one bad message must not strand the ones behind it
                log.exception("fakewoot cable: a broadcast could not be delivered")
        if self._published:
            self._hop_handle = loop.call_at(self._published[0][0], self._arrive)
        else:
            self._hop_loop = None

    def _deliver(
        self,
        streams: list[str],
        message: dict[str, Any],
        only: tuple[SubKey, ...] | None = None,
        exclude: SubKey | None = None,
    ) -> int:
        encoded = orjson.dumps(message).decode()
        seen: set[SubKey] = set() if exclude is None else {exclude}
        copies = max(self.copies, 1)
        for stream in streams:
            members = self.streams.get(stream)
            if not members:
                continue
            found: Iterable[tuple[SubKey, Subscription]] = (
                members.items() if only is None else ((k, members[k]) for k in only if k in members)
            )
            for key, subscription in found:
                if key in seen:
                    continue
                seen.add(key)
                connection = self.connections.get(key[0])
                if connection is not None:
                    frame = protocol.broadcast_raw(subscription.identifier, encoded)
                    for _ in range(copies):
                        connection.push(frame)
        return len(seen) - (exclude is not None)

    def coalesce(
        self, stream: str, key: Hashable, source: SubKey, factory: Callable[[], dict[str, Any]]
    ) -> None:
        """Broadcast `factory()` to `stream` at the end of a tick, once however many causes (`source`
        subscriptions) ask for the same `key` before then. Every subscription on the stream gets it,
        except a source that was the only cause (it has its own fresh copy already). The tick grows
        with the stream's size, so a burst of N causes costs O(N) frames, not O(N^2)."""
        members = self.streams.get(stream, {})
        pending = self._coalesced.get(stream)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (driven synchronously): nothing to wait for
            if len(members) > 1:
                self._broadcast([stream], factory(), None, source)
            return
        if pending is not None and (pending.loop is not loop or loop.is_closed()):
            pending = None  # left over from a loop that is gone
        if pending is None:
            if len(members) <= 1 and source in members:
                return  # nobody else follows the stream: the source's own copy was all
            pending = self._coalesced[stream] = _Coalesced(loop)
            delay = COALESCE_TICK_SECONDS + len(members) * COALESCE_SECONDS_PER_SUBSCRIPTION
            pending.handle = loop.call_later(delay, self._flush, stream, pending)
        _, sources = pending.changes.get(key, (factory, set()))
        sources.add(source)
        pending.changes[key] = (factory, sources)

    def _flush(self, stream: str, pending: _Coalesced) -> None:
        if self._coalesced.get(stream) is pending:
            del self._coalesced[stream]
        for factory, sources in pending.changes.values():
            try:
                message = factory()
            except Exception:  # e.g. the account is gone since: nothing to tell
                log.exception("fakewoot cable: a coalesced broadcast could not be built")
                continue
            self._broadcast([stream], message, None, next(iter(sources)) if len(sources) == 1 else None)

    def release(self, reverse: bool = False) -> int:
        """Deliver the held-back broadcasts (in order, or reversed)."""
        held, self.held, self.hold = self.held, [], False
        for streams, message, only, exclude in reversed(held) if reverse else held:
            self._deliver(streams, message, only, exclude)
        return len(held)

    def everyone(self) -> list[str]:
        return list(self.streams)

    def in_thread(self, func: Callable[[], Any]) -> None:
        """Run `func` on the hub's loop (from any thread)."""
        if self.loop is None or self._on_loop() or not self.loop.is_running():
            func()
        else:
            self.loop.call_soon_threadsafe(func)
