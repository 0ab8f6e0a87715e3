"""Every delivery fakewoot made or was asked to make: what was sent, where, how it went, and the
request (or control call) that caused it. Bounded, so a long run keeps a flat memory."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import Any

import orjson

from fakewoot.dotted import MISSING, walk
from fakewoot.records import dataclass

JOURNAL_LIMIT = 10_000

# delivery states
QUEUED = "queued"
HELD = "held"
SENDING = "sending"
RETRYING = "retrying"
DELIVERED = "delivered"
FAILED = "failed"
DROPPED = "dropped"
FINAL_STATES = (DELIVERED, FAILED, DROPPED)


@dataclass(slots=True)
class Attempt:
    number: int
    at: float  # the fake's clock
    status: int | None
    error: str | None
    latency_ms: float


@dataclass(slots=True, eq=False)
class Delivery:
    id: int  # fakewoot's journal id
    delivery_id: str  # X-Chatwoot-Delivery (stable across a bot's retries)
    event: str
    kind: str  # wire.ACCOUNT_WEBHOOK | API_INBOX_WEBHOOK | AGENT_BOT_WEBHOOK | MANUAL
    target_id: int | None
    account_id: int | None
    url: str
    body: bytes
    secret: str | None
    created_at: float
    cause: str | None = None  # "request:<id>", "delivery:<id>" or None (Python code)
    message_id: int | None = None
    generation: int = 0
    state: str = QUEUED
    headers: dict[str, str] = field(default_factory=dict)  # as last sent
    status: int | None = None
    error: str | None = None
    latency_ms: float | None = None
    attempts: list[Attempt] = field(default_factory=list)
    copy_of: int | None = None  # a duplicate or a re-send of that delivery

    @property
    def done(self) -> bool:
        return self.state in FINAL_STATES

    def payload(self) -> Any:
        return orjson.loads(self.body)

    def as_json(self, with_body: bool = True) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id,
            "delivery_id": self.delivery_id,
            "event": self.event,
            "kind": self.kind,
            "target_id": self.target_id,
            "account_id": self.account_id,
            "url": self.url,
            "state": self.state,
            "status": self.status,
            "error": self.error,
            "latency_ms": self.latency_ms,
            "attempts": [
                {
                    "number": a.number,
                    "at": a.at,
                    "status": a.status,
                    "error": a.error,
                    "latency_ms": a.latency_ms,
                }
                for a in self.attempts
            ],
            "headers": self.headers,
            "created_at": self.created_at,
            "cause": self.cause,
            "copy_of": self.copy_of,
        }
        if with_body:
            found["body"] = self.body.decode()
        return found


def matches(
    delivery: Delivery, event: str | None = None, data: dict[str, Any] | None = None, **where: Any
) -> bool:
    """`event` equal, every `data` dotted path equal in the payload ("conversation.status": "open"),
    and every other given attribute (kind, url, state, target_id, ...) equal."""
    if event is not None and delivery.event != event:
        return False
    for name, wanted in where.items():
        if wanted is not None and getattr(delivery, name) != wanted:
            return False
    if data:
        payload = delivery.payload()
        for path, wanted in data.items():
            value, _ = walk(payload, path)
            if value is MISSING or value != wanted:
                return False
    return True


class DeliveryJournal:
    def __init__(self, limit: int = JOURNAL_LIMIT) -> None:
        self.entries: deque[Delivery] = deque(maxlen=limit)
        self.changed = threading.Condition()
        self._ids = 0

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def add(self, *deliveries: Delivery) -> None:
        with self.changed:
            self.entries.extend(deliveries)
            self.changed.notify_all()

    def update(self, delivery: Delivery, **values: Any) -> None:
        with self.changed:
            for name, value in values.items():
                setattr(delivery, name, value)
            self.changed.notify_all()

    def get(self, delivery_id: int) -> Delivery | None:
        return next((d for d in list(self.entries) if d.id == delivery_id), None)

    def __iter__(self) -> Iterator[Delivery]:
        return iter(list(self.entries))

    def __len__(self) -> int:
        return len(self.entries)

    def find(
        self, event: str | None = None, data: dict[str, Any] | None = None, **where: Any
    ) -> list[Delivery]:
        return [d for d in list(self.entries) if matches(d, event, data, **where)]

    def wait(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Block until `predicate()` is truthy (re-checked on every journal change) or time runs out."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def clear(self) -> None:
        with self.changed:
            self.entries.clear()
            self._ids = 0
            self.changed.notify_all()
