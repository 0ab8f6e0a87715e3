"""The HTTP POST of one delivery attempt, and where it runs.

`post` is the one place that talks HTTP (aiohttp): Chatwoot's success rule (any 2xx), its error
messages, and at most ANSWER_READ bytes of an answer read (a short answer keeps the connection for
the next delivery, a 50 MB one is closed unread). Two senders run it:

- `ProcessSender` (the default): a child process (spawned, so it imports only this module and
  aiohttp) does the POSTs; the dispatcher sends it each attempt over a pipe and awaits the answer.
  The HTTP client's CPU then stays off the API's GIL, so deliveries barely slow the API.
- `LocalSender`: the POSTs run on the dispatcher's own loop (FAKEWOOT_DELIVERY_PROCESS=false, or when
  a child process cannot be started).

Ordering, retries, timing on the fake's clock and journaling stay in the dispatcher.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import orjson

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger("fakewoot.deliveries")

ANSWER_READ = 64 * 1024  # bytes of an answer read so its connection can be reused
MSG_OPEN_TIMEOUT = "Net::OpenTimeout"
MSG_READ_TIMEOUT = "Net::ReadTimeout"
MSG_CONNECTION_RESET = "Connection reset by peer"
MSG_INVALID_URL = "Invalid webhook URL {url} : {reason}"
MSG_SENDER_GONE = "fakewoot: the delivery process stopped"

Result = tuple[int | None, str | None]


def new_session() -> aiohttp.ClientSession:
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=200, limit_per_host=20),
        skip_auto_headers=("User-Agent", "Accept-Encoding"),
    )


async def post(
    session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str], timeout: float
) -> Result:
    """(status, None) on a 2xx; (status or None, Chatwoot-style error message) otherwise."""
    import aiohttp

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, MSG_INVALID_URL.format(url=url, reason="only http and https URLs are supported")
    try:
        async with session.post(
            url,
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout),
        ) as response:
            status, reason = response.status, response.reason or ""
            await response.content.read(ANSWER_READ)
            if not response.content.at_eof():
                response.close()
    except aiohttp.ConnectionTimeoutError:
        return None, MSG_OPEN_TIMEOUT
    except (aiohttp.ServerTimeoutError, TimeoutError):
        return None, MSG_READ_TIMEOUT
    except aiohttp.ClientConnectorError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        return None, f"Failed to open TCP connection to {parts.hostname}:{parts.port or ''} ({reason})"
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError):
        return None, MSG_CONNECTION_RESET
    except (aiohttp.InvalidURL, ValueError) as exc:
        return None, MSG_INVALID_URL.format(url=url, reason=exc)
    except aiohttp.ClientError as exc:
        return None, str(exc) or type(exc).__name__
    if 200 <= status < 300:
        return status, None
    return status, f"{status} {reason}".strip()


class Sender(Protocol):
    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Result: ...

    async def close(self) -> None: ...


class LocalSender:
    """POSTs on the calling loop."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Result:
        if self._session is None:
            self._session = new_session()
        return await post(self._session, url, body, headers, timeout)

    async def close(self) -> None:
        if self._session is not None:
            with contextlib.suppress(Exception):
                await self._session.close()
            self._session = None


class ProcessSender:
    """POSTs in a child process; must be created and used on one event loop (the dispatcher's)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=child_main, args=(child,), name="fakewoot-sender", daemon=True)
        self._process.start()
        child.close()
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Result]] = {}
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self._conn.fileno(), self._answered)

    def _answered(self) -> None:
        try:
            while self._conn.poll():
                ident, status, error = orjson.loads(self._conn.recv_bytes())
                future = self._waiting.pop(ident, None)
                if future is not None and not future.done():
                    future.set_result((status, error))
        except (EOFError, OSError):
            self._fail_all()

    def _fail_all(self) -> None:
        with contextlib.suppress(Exception):
            self._loop.remove_reader(self._conn.fileno())
        for future in self._waiting.values():
            if not future.done():
                future.set_result((None, MSG_SENDER_GONE))
        self._waiting.clear()

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> Result:
        ident = next(self._ids)
        future: asyncio.Future[Result] = self._loop.create_future()
        self._waiting[ident] = future
        try:
            self._conn.send_bytes(orjson.dumps([ident, url, headers, timeout]))
            self._conn.send_bytes(body)
        except (OSError, ValueError):
            self._waiting.pop(ident, None)
            return None, MSG_SENDER_GONE
        return await future

    async def close(self) -> None:
        self._fail_all()
        with contextlib.suppress(Exception):
            self._conn.close()
        self._process.join(timeout=2)
        if self._process.is_alive():
            self._process.kill()


def child_main(conn: Connection) -> None:
    """The delivery process: POST what the parent sends, answer each with its result."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_child(conn))


async def _child(conn: Connection) -> None:
    session = new_session()
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def attempt(ident: int, url: str, headers: dict[str, str], timeout: float, body: bytes) -> None:
        status, error = await post(session, url, body, headers, timeout)
        with contextlib.suppress(OSError, ValueError):
            conn.send_bytes(orjson.dumps([ident, status, error]))

    def readable() -> None:
        try:
            while conn.poll():
                ident, url, headers, timeout = orjson.loads(conn.recv_bytes())
                body = conn.recv_bytes()
                task = loop.create_task(attempt(ident, url, headers, timeout, body))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        except (EOFError, OSError):  # the parent went away
            done.set()

    loop.add_reader(conn.fileno(), readable)
    await done.wait()
    for task in list(tasks):
        task.cancel()
    await session.close()
