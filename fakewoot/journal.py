"""An in-memory record of the requests a fake served (an append, not a log line), and the queries
tests make of it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    at: float
    method: str
    path: str
    route: str | None
    status: int
    query: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # the parsed body (JSON or form), as Rails saw it
    headers: dict[str, str] = field(default_factory=dict)
    account_id: int | None = None
    id: int = 0  # the request id deliveries and broadcasts name as their cause ("request:<id>")


class Journal:
    def __init__(self, limit: int = 10_000) -> None:
        self.entries: deque[Entry] = deque(maxlen=limit)
        self._ids = 0

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def record(self, entry: Entry) -> None:
        self.entries.append(entry)

    def requests(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        route: str | None = None,
        status: int | None = None,
        account_id: int | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> list[Entry]:
        """Entries matching every given filter; `json` and `headers` match as subsets."""
        found = []
        for e in list(self.entries):
            if method is not None and e.method != method.upper():
                continue
            if path is not None and e.path.rstrip("/") != path.rstrip("/"):
                continue
            if route is not None and e.route != route:
                continue
            if status is not None and e.status != status:
                continue
            if account_id is not None and e.account_id != account_id:
                continue
            if json is not None and any(e.params.get(k) != v for k, v in json.items()):
                continue
            if headers is not None and any(e.headers.get(k.lower()) != v for k, v in headers.items()):
                continue
            found.append(e)
        return found

    def clear(self) -> None:
        self.entries.clear()
        self._ids = 0
