"""FakeChatwoot: the one object that owns a fake's store, event bus, journal, clock and settings.

The HTTP app, the admin API, the CLI and the pytest plugin all drive this object; nothing in
fakewoot is module-global, so several fakes can live in one process.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fakewoot.cable import protocol
from fakewoot.cable.hub import Hub
from fakewoot.clock import Clock, FrozenClock, SystemClock
from fakewoot.deliveries.outbound import Deliveries
from fakewoot.events.bus import EventBus, Listener, deferred
from fakewoot.faults import Fault, Faults
from fakewoot.jobs import JobQueue
from fakewoot.journal import Journal
from fakewoot.settings import Settings
from fakewoot.store.state import Store

if TYPE_CHECKING:
    from fakewoot.app import FakewootApp

TICK_SECONDS = 1.0
FRAME_JOURNAL = 10_000


class FakeChatwoot:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        clock: Clock | None = None,
        fixtures: str | Path | None = None,
        load: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.fixtures: Path | None = None  # set by load()
        self.clock: Clock = clock or SystemClock()
        self.bus = EventBus()
        self.journal = Journal(max_bytes=self.settings.journal_max_bytes)
        self.store = Store(self.clock, self.bus, seed=self.settings.seed)
        self.server_errors: list[BaseException] = []
        self.jobs = JobQueue()
        self._last_tick: float | None = None
        self.frames: deque[tuple[float, str, int, str]] = deque(maxlen=FRAME_JOURNAL)
        self.named_snapshots: dict[str, bytes] = {}
        self.faults = Faults()
        self.hub = Hub(self.record_frame)
        self.cable_pings = True
        # what the fake is serving right now ("request:<id>", "delivery:<id>"), per task and thread
        self.cause: contextvars.ContextVar[str | None] = contextvars.ContextVar(
            f"fakewoot-cause-{id(self)}", default=None
        )
        self.loop: asyncio.AbstractEventLoop | None = None  # the loop serving HTTP, once known
        self.broadcasts: deque[tuple[float, str | None, str, int]] = deque(maxlen=FRAME_JOURNAL)
        self.deliveries = Deliveries(self)
        # the listeners, in this order; each is made (and its modules imported) on the first event
        self.bus.subscribe(deferred(self._cable_listener))
        self.bus.subscribe(self.deliveries)
        self.bus.subscribe(deferred(self._notification_listener))
        self.bus.subscribe(deferred(self._reporting_listener))
        self.bus.subscribe(deferred(self._csat_listener))
        self.bus.subscribe(deferred(self._automation_listener))
        self._app: FakewootApp | None = None
        self._clock_start = self.clock.now() if isinstance(self.clock, FrozenClock) else None
        if load:
            self.load(fixtures if fixtures is not None else self.settings.fixtures)

    def _cable_listener(self) -> Listener:
        from fakewoot.events.cable_listener import CableListener

        return CableListener(self.store, self._broadcast)

    def _notification_listener(self) -> Listener:
        from fakewoot.notifications.listener import NotificationListener

        return NotificationListener(self.store)

    def _reporting_listener(self) -> Listener:
        from fakewoot.reporting.listener import ReportingEventListener

        return ReportingEventListener(self.store)

    def _csat_listener(self) -> Listener:
        from fakewoot.events.csat_listener import CsatSurveyListener

        return CsatSurveyListener(self.store)

    def _automation_listener(self) -> Listener:
        from fakewoot.automation.listener import AutomationRuleListener

        return AutomationRuleListener(self.store, self.jobs.enqueue, self.deliveries.send)

    @property
    def app(self) -> FakewootApp:
        """The ASGI application serving this fake (built once)."""
        if self._app is None:
            from fakewoot.app import create_app

            self._app = create_app(self)
        return self._app

    def load(self, fixtures: str | Path, *, shipped: bool = True) -> None:
        """Seed the store from a fixture set and make that the state `reset()` returns to. All or
        nothing: the set is loaded into a store aside and swapped in only when it loaded, so a bad
        set leaves the current state, and what reset() returns to, as they were. The built-in
        default set comes from the state fakewoot ships for it (fixtures/default.start) while that
        is current, as a load would give it now; `shipped=False` always reads the files."""
        if shipped:
            from fakewoot.startcache import load_shipped

            if load_shipped(self, Path(fixtures)):
                return
        from fakewoot.seeding import load_fixture_set

        aside = Store(self.clock, EventBus(), seed=self.settings.seed)
        aside.muted = True
        load_fixture_set(aside, Path(fixtures))
        aside.muted = False
        aside.mark_seeded()
        self.store.adopt(aside)
        self.fixtures = Path(fixtures)  # what this fake was last seeded from
        # Loading leaves large freed buffers behind (the snapshot's pickle, its memo); a collection
        # now lets the allocator give them back, and freezing keeps the seeded records out of every
        # later collection (100,000 contacts would otherwise make full collections cost ~50 ms).
        gc.collect()
        gc.freeze()

    def _broadcast(self, streams: list[str], message: dict[str, Any]) -> object:
        """Every /cable broadcast goes through here: noted for the timeline, then handed to the hub."""
        self.broadcasts.append((self.clock.now(), self.cause.get(), str(message.get("event")), len(streams)))
        return self.hub.broadcast(streams, message)

    def call_in_owner(self, func: Callable[[], Any], cause: str | None = None) -> None:
        """Run a state change where requests run (the serving loop, from another thread), with
        `cause` as its cause; directly when no server loop is running."""

        def run() -> None:
            token = self.cause.set(cause)
            try:
                func()
            finally:
                self.cause.reset(token)

        loop = self.loop
        if loop is not None and loop.is_running() and not _on_loop(loop):
            loop.call_soon_threadsafe(contextvars.Context().run, run)
        else:
            contextvars.Context().run(run)

    def timeline(self, cause: str | None = None) -> list[dict[str, Any]]:
        """Requests, /cable broadcasts and deliveries on one clock, oldest first. Each broadcast and
        delivery names its cause (`request:<id>`, or `delivery:<id>` for what a failed delivery
        changed); with `cause`, only that request (or delivery) and what followed from it."""
        from fakewoot.serializers._common import iso8601

        rows: list[tuple[float, int, dict[str, Any]]] = []
        for entry in list(self.journal.entries):
            request: dict[str, Any] = {
                "kind": "request",
                "ref": f"request:{entry.id}",
                "method": entry.method,
            }
            request.update(path=entry.path, route=entry.route, status=entry.status, cause=None)
            rows.append((entry.at, 0, request))
        for at, by, event, streams in list(self.broadcasts):
            rows.append((at, 1, {"kind": "cable", "event": event, "streams": streams, "cause": by}))
        for delivery in self.deliveries.journal:
            row: dict[str, Any] = {
                "kind": "delivery",
                "ref": f"delivery:{delivery.id}",
                "event": delivery.event,
                "target": delivery.kind,
                "url": delivery.url,
                "state": delivery.state,
                "status": delivery.status,
                "error": delivery.error,
            }
            rows.append((delivery.created_at, 2, {**row, "cause": delivery.cause}))
        rows.sort(key=lambda r: (r[0], r[1]))
        found = [{"at": iso8601(at), **row} for at, _, row in rows]
        if cause is None:
            return found
        wanted = {cause}
        kept = []
        for row in found:  # oldest first: a consequence's own consequences come after it
            if row.get("ref") in wanted or row["cause"] in wanted:
                kept.append(row)
                if row.get("ref"):
                    wanted.add(row["ref"])
        return kept

    def close(self) -> None:
        """Stop background work (the delivery thread)."""
        self.deliveries.close()

    def reset(self) -> None:
        """Back to exactly the seeded state: same ids, tokens and timestamps."""
        self.deliveries.reset()
        self.broadcasts.clear()
        self.store.reset()
        if isinstance(self.clock, FrozenClock) and self._clock_start is not None:
            self.clock.set(self._clock_start)
        self.journal.clear()
        self.server_errors.clear()
        self.jobs.clear()
        self._last_tick = None
        self.frames.clear()
        self.faults.clear()

    def fault(
        self,
        method: str,
        path: str,
        *,
        status: int | None = None,
        body: Any = None,
        latency: float = 0.0,
        drop: bool = False,
        times: int = 1,
    ) -> Fault:
        """Make the next `times` requests matching `method` (or "*") and the `path` glob fail: answer
        `status`/`body`, wait `latency` seconds first, or `drop` the connection. times=-1: until reset."""
        return self.faults.add(
            Fault(method.upper(), path, times, status, {} if body is None else body, latency, drop)
        )

    def set_clock(self, clock: Clock) -> None:
        """Swap the clock (e.g. freeze time for one test); the store reads it from here on."""
        self.clock = clock
        self.store.clock = clock
        self._clock_start = clock.now() if isinstance(clock, FrozenClock) else None
        self._last_tick = None

    def tick(self) -> int:
        """Fire what time has made due (snoozes ending, auto-resolve): on every request at most once a
        second of clock time, and at once whenever a frozen clock has been moved."""
        now = self.clock.now()
        if self._last_tick is not None and 0 <= now - self._last_tick < TICK_SECONDS:
            return 0
        self._last_tick = now
        return self.store.conversations.run_timers()

    def advance(self, seconds: float) -> int:
        """Move a FrozenClock forward and fire what became due (no sleeping)."""
        if not isinstance(self.clock, FrozenClock):
            raise TypeError("advance() needs a FrozenClock: FakeChatwoot(clock=FrozenClock(...))")
        self.clock.advance(seconds)
        self._last_tick = None
        return self.tick()

    def run_jobs(self) -> int:
        """Run the background work (imports, exports, deletions) enqueued so far."""
        ran = self.jobs.run()
        self.server_errors.extend(self.jobs.errors)
        self.jobs.errors.clear()
        return ran

    # --- /cable: the frame journal and the scriptable emitter ---------------------------------------

    def record_frame(self, direction: str, connection_id: int, frame: str) -> None:
        """Every frame sent and received on /cable: (time, "sent"|"received", connection id, text)."""
        self.frames.append((self.clock.now(), direction, connection_id, frame))

    def emit(self, event: str, data: dict[str, Any], *, to: str | int | None = None) -> None:
        """Broadcast a Chatwoot event: `to` a pubsub token, an account id (its `account_<id>` stream),
        or everyone subscribed when None. `data` is sent as given (add `account_id` for the dashboard)."""
        if to is None:
            streams = self.hub.everyone()
        elif isinstance(to, int):
            streams = [f"account_{to}"]
        else:
            streams = [to]
        self.hub.broadcast(streams, {"event": event, "data": data})

    def send_raw(self, frame: str, *, connection_id: int | None = None) -> None:
        """Send any text (malformed JSON included) to one connection or to all."""

        def run() -> None:
            for connection in list(self.hub.connections.values()):
                if connection_id is None or connection.id == connection_id:
                    self.hub.send(connection, frame)

        self.hub.in_thread(run)

    def disconnect_all(
        self, reason: str = "server_restart", reconnect: bool = True, frame: bool = True
    ) -> None:
        """Close every socket, with Rails' `disconnect` frame first unless `frame` is False."""

        def run() -> None:
            for connection in list(self.hub.connections.values()):
                if frame:
                    self.hub.send(connection, protocol.disconnect(reason, reconnect))
                connection.closing = True
                connection.queue.put_nowait(None)

        self.hub.in_thread(run)

    def snapshot(self) -> bytes:
        return self.store.snapshot()

    def restore(self, snapshot: bytes) -> None:
        self.store.restore(snapshot)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
