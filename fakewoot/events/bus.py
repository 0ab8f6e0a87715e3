"""A synchronous in-process event bus owned by FakeChatwoot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from fakewoot.records import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    data: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Event], None]


def deferred(make: Callable[[], Listener]) -> Listener:
    """A listener made when the first event reaches it: its modules (and all they import) load then,
    not while the fake starts."""
    made: list[Listener] = []

    def listener(event: Event) -> None:
        if not made:
            made.append(make())
        made[0](event)

    return listener


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[tuple[str | None, Listener]] = []

    def subscribe(self, listener: Listener, name: str | None = None) -> Callable[[], None]:
        """Call `listener` for every event (or only those named `name`); returns an unsubscribe."""
        entry = (name, listener)
        self._listeners.append(entry)

        def unsubscribe() -> None:
            if entry in self._listeners:
                self._listeners.remove(entry)

        return unsubscribe

    def publish(self, event: Event) -> None:
        for name, listener in list(self._listeners):
            if name is None or name == event.name:
                listener(event)
