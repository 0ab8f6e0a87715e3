"""An in-memory record of the requests a fake served (an append, not a log line)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    at: float
    method: str
    path: str
    route: str | None
    status: int


class Journal:
    def __init__(self, limit: int = 10_000) -> None:
        self.entries: deque[Entry] = deque(maxlen=limit)

    def record(self, entry: Entry) -> None:
        self.entries.append(entry)

    def requests(self, method: str | None = None, path: str | None = None) -> list[Entry]:
        return [
            e
            for e in self.entries
            if (method is None or e.method == method) and (path is None or e.path == path)
        ]

    def clear(self) -> None:
        self.entries.clear()
