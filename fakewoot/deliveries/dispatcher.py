"""Sends deliveries off the request path: one thread with its own event loop and HTTP client, one
ordered queue per target, Chatwoot's timeout and retry rules, and the knobs a test scripts
deliveries with (hold, release, reorder, duplicate, delay, drop).

Rules (reference webhooks-bots.md 3): POST, success = any 2xx, the answer's body is never read
(a 50 MB answer costs nothing), timeout WEBHOOK_TIMEOUT (5 s) to connect and to read; account
webhooks and API-inbox callbacks are tried once; agent bots are retried on 429 and 500, three
attempts in all, 3 s apart on the fake's clock (a frozen clock waits for `advance`), with the same
X-Chatwoot-Delivery id. A final failure is handed to `on_failure` (Chatwoot's handle_error).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from fakewoot.clock import FrozenClock
from fakewoot.deliveries import wire
from fakewoot.deliveries.journal import (
    DELIVERED,
    DROPPED,
    FAILED,
    HELD,
    QUEUED,
    RETRYING,
    SENDING,
    Attempt,
    Delivery,
    DeliveryJournal,
)
from fakewoot.deliveries.sender import LocalSender, ProcessSender, Sender

if TYPE_CHECKING:
    from fakewoot.clock import Clock

log = logging.getLogger("fakewoot.deliveries")

RETRYABLE_BOT_STATUSES = (429, 500)  # Trigger::RETRYABLE_AGENT_BOT_STATUSES
BOT_ATTEMPTS = 3
RETRY_WAIT_SECONDS = 3.0
QUEUE_LIMIT = 1_000  # deliveries waiting for one target; past it the oldest fails (a dead receiver)
MSG_QUEUE_FULL = "fakewoot: more than {limit} deliveries waiting for this target; the oldest was dropped"
MSG_DROPPED = "fakewoot: dropped by the control API"

Key = tuple[str, int | None, str]


def target_key(delivery: Delivery) -> Key:
    return (delivery.kind, delivery.target_id, delivery.url)


class Dispatcher:
    def __init__(
        self,
        journal: DeliveryJournal,
        clock: Callable[[], Clock],
        timeout: Callable[[], float],
        on_failure: Callable[[Delivery], None],
        use_process: Callable[[], bool] = lambda: True,
    ) -> None:
        self.journal = journal
        self._clock = clock
        self._timeout = timeout
        self._on_failure = on_failure
        self._use_process = use_process
        self.generation = 0
        self.hold = False
        self.held: list[Delivery] = []
        self.delay = 0.0  # wall seconds every delivery waits before it is sent
        self.copies = 1  # every delivery is sent this many times (duplicates)
        self.drop_next = 0  # the next N deliveries are dropped instead of sent
        self.queue_limit = QUEUE_LIMIT
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._sender: Sender | None = None
        self._queues: dict[Key, deque[Delivery]] = {}
        self._workers: dict[Key, asyncio.Task[None]] = {}

    # --- the thread ---------------------------------------------------------------------------

    def _ensure_started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="fakewoot-deliveries", daemon=True)
                self._loop = loop
                self._thread.start()
                ready.wait(5)
            return self._loop

    def stop(self) -> None:
        """Stop the thread (pending deliveries are abandoned)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            for task in list(self._workers.values()):
                task.cancel()
            if self._sender is not None:
                with contextlib.suppress(Exception):
                    await self._sender.close()
                self._sender = None
            loop.stop()

        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(shutdown(), loop)
        thread.join(timeout=5)
        self._workers.clear()
        self._queues.clear()

    # --- submitting ---------------------------------------------------------------------------

    def submit(self, *deliveries: Delivery) -> None:
        """From any thread: journal them, then hold, drop, or queue each for its target (one
        hand-over to the delivery thread for the lot)."""
        for delivery in deliveries:
            delivery.generation = self.generation
        self.journal.add(*deliveries)
        if self.hold:
            for delivery in deliveries:
                self.journal.update(delivery, state=HELD)
                self.held.append(delivery)
            return
        self._route(deliveries)

    def _route(self, deliveries: tuple[Delivery, ...] | list[Delivery]) -> None:
        sending: list[Delivery] = []
        for delivery in deliveries:
            if self.drop_next > 0:
                self.drop_next -= 1
                self.journal.update(delivery, state=DROPPED, error=MSG_DROPPED)
                continue
            sending.append(delivery)
            sending.extend(self._copy(delivery) for _ in range(max(self.copies, 1) - 1))
        if sending:
            self._ensure_started().call_soon_threadsafe(self._enqueue_all, sending)

    def _copy(self, delivery: Delivery, same_id: bool = True) -> Delivery:
        copy = Delivery(
            id=self.journal.next_id(),
            delivery_id=delivery.delivery_id,
            event=delivery.event,
            kind=delivery.kind,
            target_id=delivery.target_id,
            account_id=delivery.account_id,
            url=delivery.url,
            body=delivery.body,
            secret=delivery.secret,
            created_at=self._clock().now(),
            cause=delivery.cause,
            message_id=delivery.message_id,
            generation=self.generation,
            copy_of=delivery.id,
        )
        self.journal.add(copy)
        return copy

    def resend(self, delivery: Delivery, delivery_id: str | None = None) -> Delivery:
        """Send a past delivery again (same body and target; the same X-Chatwoot-Delivery unless
        another is given)."""
        copy = self._copy(delivery)
        if delivery_id is not None:
            copy.delivery_id = delivery_id
        self._ensure_started().call_soon_threadsafe(self._enqueue, copy)
        return copy

    def release(self, reverse: bool = False, order: list[int] | None = None) -> int:
        """Send the held deliveries: in order, reversed, or in the given journal-id order (ids not
        named stay held)."""
        with self._lock:
            held = self.held
            if order is not None:
                by_id = {d.id: d for d in held}
                chosen = [by_id[i] for i in order if i in by_id]
                self.held = [d for d in held if d.id not in set(order)]
            else:
                chosen = list(reversed(held)) if reverse else held
                self.held = []
                self.hold = False
        for delivery in chosen:
            self.journal.update(delivery, state=QUEUED)
        self._route(chosen)
        return len(chosen)

    def drop_held(self) -> int:
        with self._lock:
            held, self.held = self.held, []
        for delivery in held:
            self.journal.update(delivery, state=DROPPED, error=MSG_DROPPED)
        return len(held)

    def reset(self) -> None:
        """Forget everything queued or held; in-flight sends finish but change no state."""
        self.generation += 1
        self.hold = False
        self.held = []
        self.delay = 0.0
        self.copies = 1
        self.drop_next = 0
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._queues.clear)

    # --- on the dispatcher's loop -------------------------------------------------------------

    def _enqueue_all(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._enqueue(delivery)

    def _enqueue(self, delivery: Delivery) -> None:
        key = target_key(delivery)
        queue = self._queues.setdefault(key, deque())
        if len(queue) >= self.queue_limit:
            oldest = queue.popleft()
            self.journal.update(oldest, state=FAILED, error=MSG_QUEUE_FULL.format(limit=self.queue_limit))
        queue.append(delivery)
        if key not in self._workers:
            assert self._loop is not None
            self._workers[key] = self._loop.create_task(self._work(key))

    async def _work(self, key: Key) -> None:
        try:
            while True:
                queue = self._queues.get(key)
                if not queue:
                    return
                delivery = queue.popleft()
                if delivery.generation != self.generation:
                    continue
                try:
                    await self._send(delivery)
                except Exception:  # a bug here must not stop the target's queue
                    log.exception("fakewoot: delivery %s failed unexpectedly", delivery.id)
        finally:
            self._workers.pop(key, None)

    async def _send(self, delivery: Delivery) -> None:
        if self.delay > 0:
            await asyncio.sleep(self.delay)
            if delivery.generation != self.generation:  # a reset came while it waited
                return
        attempts = BOT_ATTEMPTS if delivery.kind == wire.AGENT_BOT_WEBHOOK else 1
        for number in range(1, attempts + 1):
            stamp = int(self._clock().now())
            headers = wire.headers(delivery.body, delivery.secret, delivery.delivery_id, stamp)
            self.journal.update(delivery, state=SENDING, headers=headers)
            started = time.perf_counter()
            status, error = await self._post(delivery.url, delivery.body, headers)
            latency = round((time.perf_counter() - started) * 1000, 3)
            delivery.attempts.append(Attempt(number, self._clock().now(), status, error, latency))
            if error is None:
                self.journal.update(delivery, state=DELIVERED, status=status, error=None, latency_ms=latency)
                return
            retry = status in RETRYABLE_BOT_STATUSES and number < attempts
            due = self._clock().now() + RETRY_WAIT_SECONDS  # fixed before anyone sees RETRYING
            state = RETRYING if retry else FAILED
            self.journal.update(delivery, state=state, status=status, error=error, latency_ms=latency)
            if not retry:
                break
            if not await self._wait_clock(due, delivery.generation):
                return
        if delivery.generation == self.generation:
            try:
                self._on_failure(delivery)
            except Exception:
                log.exception("fakewoot: handling the failure of delivery %s failed", delivery.id)

    async def _wait_clock(self, due: float, generation: int) -> bool:
        """Sleep until the fake's clock reaches `due` (a frozen clock waits for advance())."""
        while generation == self.generation:
            clock = self._clock()
            left = due - clock.now()
            if left <= 0:
                return True
            await asyncio.sleep(0.01 if isinstance(clock, FrozenClock) else min(left, 0.05))
        return False

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str | None]:
        """One attempt, through the delivery process (or on this loop when there is none)."""
        sender = self._sender
        if sender is None or (isinstance(sender, ProcessSender) and not sender.alive):
            sender = self._sender = self._new_sender()
        return await sender.post(url, body, headers, self._timeout())

    def _new_sender(self) -> Sender:
        if self._use_process():
            try:
                return ProcessSender()
            except Exception:  # no child process here (a sandbox, a frozen app): send in-thread
                log.warning("fakewoot: no delivery process; sending on the delivery thread", exc_info=True)
        return LocalSender()
