"""WebhookReceiver: a real HTTP server on 127.0.0.1 and a free port, for a test to register as an
account webhook, an agent bot's `outgoing_url` or an API inbox's `webhook_url`.

    with WebhookReceiver() as receiver:
        fake.store.webhooks.create(1, url=receiver.url_for("/hook"), subscriptions=["message_created"])
        ...  # make Chatwoot send something
        request = receiver.wait_for("message_created", data={"conversation.id": 1})
        assert receiver.verify(request, secret)

It records every request (method, path, headers, raw body, parsed JSON, receive time) before it
answers, so whoever sees the answer can find the request; answers are scripted with `respond()`
(a status, body, headers and delay, for every path or a path glob) or `handle()` (a callable that
computes the answer: a test's bot logic, replying through the bot token, runs there). A handler's
exception answers 500 and is kept in `errors` (the pytest fixture fails the test with it).

The stdlib's ThreadingHTTPServer: it starts in about a millisecond and needs nothing installed.
Memory is bounded (the last MAX_REQUESTS requests are kept).
"""

from __future__ import annotations

import contextlib
import fnmatch
import http.server
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fakewoot.deliveries import wire
from fakewoot.dotted import MISSING, walk
from fakewoot.records import dataclass

MAX_REQUESTS = 10_000
HOST = "127.0.0.1"
DEFAULT_PATH = "/hook"
MSG_NO_REQUEST = "the webhook receiver got no {what} within {timeout:g} s (count {count}); received:\n{seen}"
MSG_HANDLER_ERROR = "webhook receiver handler failed: {error}"


@dataclass(slots=True, eq=False)
class ReceivedRequest:
    """One request as it reached the receiver: raw bytes and headers exactly as received."""

    id: int  # 1, 2, ... in arrival order (since the last clear)
    method: str
    path: str  # with the query string, as sent
    headers: dict[str, str]  # names as sent; header() looks one up in any case
    body: bytes
    received_at: float  # time.time() when the request was read
    status: int | None = None  # what the receiver answered (None until it has decided)
    json: Any = field(default=None)  # the body parsed as JSON, or None when it is not JSON

    def header(self, name: str, default: str | None = None) -> str | None:
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return default

    @property
    def event(self) -> str | None:
        """The payload's `event` (Chatwoot puts the event name in every webhook body)."""
        value = self.json.get("event") if isinstance(self.json, dict) else None
        return value if isinstance(value, str) else None

    @property
    def delivery_id(self) -> str | None:
        return self.header(wire.HEADER_DELIVERY)

    @property
    def signature(self) -> str | None:
        return self.header(wire.HEADER_SIGNATURE)

    @property
    def timestamp(self) -> str | None:
        return self.header(wire.HEADER_TIMESTAMP)

    @property
    def route(self) -> str:
        """The path without its query string."""
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)

    def describe(self) -> str:
        event = f" {self.event}" if self.event else ""
        return f"#{self.id} {self.method} {self.path}{event} -> {self.status}"


Answer = tuple[int, bytes, dict[str, str]]
Handler = Callable[[ReceivedRequest], Any]


@dataclass(slots=True)
class _Rule:
    pattern: str | None  # a path glob, or None for every path
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Handler | None = None

    def applies(self, route: str) -> bool:
        return self.pattern is None or fnmatch.fnmatchcase(route, self.pattern)


class ReceiverTimeout(AssertionError):
    """wait_for() saw no matching request in time (an AssertionError, so pytest shows it as one)."""


def request_matches(
    request: ReceivedRequest,
    event: str | None = None,
    data: dict[str, Any] | None = None,
    path: str | None = None,
    method: str | None = None,
) -> bool:
    """The delivery journal's rules: `event` equal, every `data` dotted path equal in the JSON body
    ("conversation.status": "open"); `path` a glob on the path without query; `method` equal."""
    if event is not None and request.event != event:
        return False
    if method is not None and request.method != method.upper():
        return False
    if path is not None and not fnmatch.fnmatchcase(request.route, path):
        return False
    for dotted, wanted in (data or {}).items():
        value, _ = walk(request.json, dotted)
        if value is MISSING or value != wanted:
            return False
    return True


def _encode(body: Any) -> tuple[bytes, dict[str, str]]:
    if body is None:
        return b"", {}
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body), {}
    if isinstance(body, str):
        return body.encode(), {"Content-Type": "text/plain; charset=utf-8"}
    return json.dumps(body).encode(), {"Content-Type": "application/json"}


class WebhookReceiver:
    """A real HTTP server recording what it receives and answering as scripted (200, empty body, by
    default). Thread-safe; `start()`/`stop()` or a `with` block."""

    def __init__(self, host: str = HOST, port: int = 0, limit: int = MAX_REQUESTS) -> None:
        self.host = host
        self._port = port
        self._requests: deque[ReceivedRequest] = deque(maxlen=limit)
        self._changed = threading.Condition()
        self._ids = 0
        self._rules: list[_Rule] = []
        self._wake = threading.Event()  # set to cut every pending delay short
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.errors: list[BaseException] = []

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> WebhookReceiver:
        if self._server is not None:
            return self
        server = http.server.ThreadingHTTPServer((self.host, self._port), _handler_class(self))
        server.daemon_threads = True
        self._wake = threading.Event()
        self._server = server
        self._port = int(server.server_address[1])
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fakewoot-receiver", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the kept-alive connections (pending delays end at once)."""
        server, self._server = self._server, None
        if server is None:
            return
        self._wake.set()
        server.shutdown()
        server.server_close()
        with self._changed:
            connections, self._connections = list(self._connections), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """The base URL, `http://127.0.0.1:<port>`."""
        if self._server is None:
            raise RuntimeError("the webhook receiver is not started: call start() or use `with`")
        return f"http://{self.host}:{self._port}"

    def url_for(self, path: str = DEFAULT_PATH) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    # --- scripting answers --------------------------------------------------------------------

    def respond(
        self,
        status: int = 200,
        body: Any = b"",
        *,
        delay: float = 0.0,
        headers: dict[str, str] | None = None,
        path: str | None = None,
    ) -> None:
        """Answer `status` and `body` (bytes, text, or JSON for anything else) after `delay` seconds,
        to every path, or to the paths matching the glob `path`. The latest matching rule wins."""
        encoded, extra = _encode(body)
        self._add(_Rule(path, status, encoded, {**extra, **(headers or {})}, delay))

    def handle(self, handler: Handler, *, path: str | None = None, delay: float = 0.0) -> None:
        """Let `handler(request)` answer (in the receiver's thread): it returns `(status, body)`,
        `(status, body, headers)`, a status alone, or None for 200 with an empty body."""
        self._add(_Rule(path, delay=delay, handler=handler))

    def _add(self, rule: _Rule) -> None:
        with self._changed:
            self._rules = [r for r in self._rules if r.pattern != rule.pattern] + [rule]

    def _answer(self, request: ReceivedRequest) -> tuple[Answer, float]:
        with self._changed:
            rules = list(self._rules)
        rule = next((r for r in reversed(rules) if r.applies(request.route)), None) or _Rule(None)
        if rule.handler is None:
            return (rule.status, rule.body, rule.headers), rule.delay
        try:
            result = rule.handler(request)
        except Exception as error:  # the test's bot logic broke: answer 500, fail the test later
            with self._changed:
                self.errors.append(error)
            message = MSG_HANDLER_ERROR.format(error=f"{type(error).__name__}: {error}")
            return (500, message.encode(), {"Content-Type": "text/plain; charset=utf-8"}), 0.0
        return _from_handler(result), rule.delay

    # --- reading ------------------------------------------------------------------------------

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request kept, oldest first."""
        return list(self._requests)

    def __iter__(self) -> Iterator[ReceivedRequest]:
        return iter(self.requests)

    def __len__(self) -> int:
        return len(self._requests)

    @property
    def events(self) -> list[str | None]:
        return [r.event for r in self.requests]

    def find(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        path: str | None = None,
        method: str | None = None,
    ) -> list[ReceivedRequest]:
        return [r for r in self.requests if request_matches(r, event, data, path, method)]

    def wait_for(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        count: int = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> ReceivedRequest:
        """The `count`-th request matching `event`, `data` (dotted paths into the JSON body, values
        equal), a `path` glob and `method`, waiting up to `timeout` seconds; ReceiverTimeout (an
        AssertionError listing what did arrive) otherwise."""

        def found() -> ReceivedRequest | None:
            hits = [r for r in self._requests if request_matches(r, event, data, path, method)]
            return hits[count - 1] if len(hits) >= count else None

        with self._changed:
            hit: ReceivedRequest | None = self._changed.wait_for(found, timeout)
        if hit is None:
            wanted = {"event": event, "data": data, "path": path, "method": method}
            what = ", ".join(f"{k}={v!r}" for k, v in wanted.items() if v is not None) or "request"
            seen = "\n".join("  " + r.describe() for r in self.requests[-50:]) or "  nothing"
            raise ReceiverTimeout(MSG_NO_REQUEST.format(what=what, timeout=timeout, count=count, seen=seen))
        return hit

    def verify(self, request: ReceivedRequest, secret: str) -> bool:
        """Chatwoot's signature check, as a receiver does it: HMAC-SHA256 of `{timestamp}.{raw body}`
        against X-Chatwoot-Signature. False when either header is missing."""
        stamp, given = request.timestamp, request.signature
        if stamp is None or given is None:
            return False
        return wire.verify(secret, stamp, request.body, given)

    # --- resetting ----------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the requests received so far (and the handler errors)."""
        with self._changed:
            self._requests.clear()
            self._ids = 0
            self.errors.clear()
            self._changed.notify_all()

    def reset(self) -> None:
        """clear(), every answer back to 200 with an empty body, and pending delays cut short."""
        with self._changed:
            self._rules = []
            wake, self._wake = self._wake, threading.Event()
        wake.set()
        self.clear()

    # --- called by the handler threads --------------------------------------------------------

    def _record(self, method: str, path: str, headers: dict[str, str], body: bytes) -> ReceivedRequest:
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        with self._changed:
            self._ids += 1
            request = ReceivedRequest(self._ids, method, path, headers, body, time.time(), json=parsed)
            self._requests.append(request)
            self._changed.notify_all()
        return request

    def _answered(self, request: ReceivedRequest, status: int) -> None:
        with self._changed:
            request.status = status
            self._changed.notify_all()


def _from_handler(result: Any) -> Answer:
    if result is None:
        return 200, b"", {}
    if isinstance(result, int) and not isinstance(result, bool):
        return result, b"", {}
    if isinstance(result, tuple) and len(result) in (2, 3):
        body, extra = _encode(result[1])
        headers = {**extra, **(result[2] if len(result) == 3 and result[2] else {})}
        return int(result[0]), body, headers
    raise TypeError(
        f"a receiver handler returns (status, body), (status, body, headers), a status or None: {result!r}"
    )


def _handler_class(receiver: WebhookReceiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Chatwoot's client and httpx's pool use it
        server_version = "fakewoot-receiver"

        def setup(self) -> None:
            super().setup()
            with receiver._changed:
                receiver._connections.add(self.connection)

        def finish(self) -> None:
            with receiver._changed:
                receiver._connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def _read_body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                chunks: list[bytes] = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _serve(self) -> None:
            body = self._read_body() if self.command != "HEAD" else b""
            request = receiver._record(self.command, self.path, dict(self.headers.items()), body)
            (status, answer, headers), delay = receiver._answer(request)
            receiver._answered(request, status)
            if delay > 0:
                receiver._wake.wait(delay)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer)
            except OSError:  # the sender gave up (a timeout) before the answer
                self.close_connection = True

        do_POST = do_PUT = do_PATCH = do_DELETE = do_GET = do_HEAD = do_OPTIONS = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


__all__ = ["MAX_REQUESTS", "ReceivedRequest", "ReceiverTimeout", "WebhookReceiver", "request_matches"]
