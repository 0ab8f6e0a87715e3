"""An in-memory record of the requests a fake served (an append, not a log line), and the queries
tests make of it. A ring bounded in entries and in bytes: what it keeps of a body is a JSON-safe
copy, limited in depth and size, so a 50 MB body or one nested 300 levels costs little and can
always be listed."""

from __future__ import annotations

from collections import deque
from dataclasses import field
from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.records import dataclass

MAX_DEPTH = 32  # deeper values become TRUNCATED
MAX_STRING = 4096  # characters kept of one string
MAX_ITEMS = 256  # items kept of one list or object
TRUNCATED = "[truncated by fakewoot]"
ENTRY_OVERHEAD = 512  # bytes an entry costs besides its params and headers (an estimate)


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


def safe_copy(value: Any, depth: int = 0) -> tuple[Any, int]:
    """(a JSON-safe copy within the limits, its approximate size in bytes). Uploads become their
    name, type and size; anything unknown becomes its type name."""
    if depth >= MAX_DEPTH:
        return TRUNCATED, len(TRUNCATED)
    if value is None or isinstance(value, bool):
        return value, 5
    if isinstance(value, (int, float)):
        return value, 24
    if isinstance(value, str):
        kept = value if len(value) <= MAX_STRING else value[:MAX_STRING] + TRUNCATED
        return kept, len(kept) + 2
    if isinstance(value, UploadFile):
        return {"filename": value.filename, "content_type": value.content_type, "size": value.size}, 96
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        size = 2
        for index, (key, item) in enumerate(value.items()):
            if index >= MAX_ITEMS:
                out[TRUNCATED] = len(value) - MAX_ITEMS
                break
            name = str(key)[:MAX_STRING]
            out[name], used = safe_copy(item, depth + 1)
            size += used + len(name) + 4
        return out, size
    if isinstance(value, (list, tuple)):
        items: list[Any] = []
        size = 2
        for item in value[:MAX_ITEMS]:
            kept, used = safe_copy(item, depth + 1)
            items.append(kept)
            size += used + 1
        if len(value) > MAX_ITEMS:
            items.append(TRUNCATED)
        return items, size
    name = type(value).__name__
    return name, len(name)


class Journal:
    def __init__(self, limit: int = 10_000, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.entries: deque[Entry] = deque(maxlen=limit)
        self._sizes: deque[int] = deque(maxlen=limit)
        self.max_bytes = max_bytes
        self.bytes = 0
        self.dropped = 0  # entries let go to stay within the limits
        self._ids = 0

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def record(self, entry: Entry) -> None:
        """Keep a bounded copy of the entry's params; drop the oldest entries past the limits."""
        params, size = safe_copy(entry.params)
        headers, header_size = safe_copy(entry.headers)
        kept = Entry(
            entry.at,
            entry.method,
            entry.path[:MAX_STRING],
            entry.route,
            entry.status,
            entry.query[:MAX_STRING],
            params,
            headers,
            entry.account_id,
            entry.id,
        )
        size += header_size + ENTRY_OVERHEAD
        if len(self.entries) == self.entries.maxlen:
            self.bytes -= self._sizes[0]
            self.dropped += 1
        self.entries.append(kept)
        self._sizes.append(size)
        self.bytes += size
        while self.bytes > self.max_bytes and len(self.entries) > 1:
            self.entries.popleft()
            self.bytes -= self._sizes.popleft()
            self.dropped += 1

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
        self._sizes.clear()
        self.bytes = 0
        self.dropped = 0
        self._ids = 0
