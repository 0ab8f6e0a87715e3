"""Scenario transports: HTTP clients and /cable sockets over TCP (a URL) or in process (ASGI)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson

from fakewoot.cable.protocol import SUBPROTOCOL
from fakewoot.errors import HEADER_CONTROL_TOKEN
from fakewoot.records import dataclass
from fakewoot.scenarios.matching import mismatch
from fakewoot.scenarios.model import FrameSpec
from fakewoot.scenarios.results import StepFailure

if TYPE_CHECKING:
    import httpx

    from fakewoot.control import FakeChatwoot


class Socket:
    """One /cable WebSocket: text frames in and out; recv() gives None once closed."""

    async def send(self, text: str) -> None:
        raise NotImplementedError

    async def recv(self) -> str | None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class _NetworkSocket(Socket):
    def __init__(self, ws: Any) -> None:
        self._ws = ws

    async def send(self, text: str) -> None:
        await self._ws.send(text)

    async def recv(self) -> str | None:
        from websockets.exceptions import ConnectionClosed

        try:
            frame = await self._ws.recv()
        except ConnectionClosed:
            return None
        return frame if isinstance(frame, str) else bytes(frame).decode("utf-8", "replace")

    async def close(self) -> None:
        await self._ws.close()


class _AsgiSocket(Socket):
    """A /cable session driven straight through the ASGI app on the current event loop."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._inbound: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._outbound: asyncio.Queue[str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def open(self) -> _AsgiSocket:
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": "/cable",
            "raw_path": b"/cable",
            "query_string": b"",
            "headers": [(b"sec-websocket-protocol", SUBPROTOCOL.encode())],
            "subprotocols": [SUBPROTOCOL],
            "client": ("127.0.0.1", 0),
            "server": ("fakewoot", 80),
        }
        self._inbound.put_nowait({"type": "websocket.connect"})
        self._task = asyncio.ensure_future(self._app(scope, self._inbound.get, self._send))
        return self

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "websocket.send":
            text = message.get("text")
            self._outbound.put_nowait(text if isinstance(text, str) else bytes(message["bytes"]).decode())
        elif message["type"] in ("websocket.close", "websocket.http.response.body"):
            self._outbound.put_nowait(None)

    async def send(self, text: str) -> None:
        self._inbound.put_nowait({"type": "websocket.receive", "text": text})

    async def recv(self) -> str | None:
        return await self._outbound.get()

    async def close(self) -> None:
        self._inbound.put_nowait({"type": "websocket.disconnect", "code": 1000})
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 5)


@dataclass
class Target:
    """Where a scenario runs: an httpx client (base URL or ASGI app) and a /cable socket factory."""

    http: httpx.AsyncClient
    open_socket: Callable[[], Awaitable[Socket]]
    cleanup: Callable[[], None] = lambda: None


def url_target(url: str, control_token: str | None = None) -> Target:
    httpx = _httpx()
    base = url.rstrip("/")
    ws_url = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1) + "/cable"

    async def open_socket() -> Socket:
        from websockets.asyncio.client import connect
        from websockets.typing import Subprotocol

        return _NetworkSocket(await connect(ws_url, subprotocols=[Subprotocol(SUBPROTOCOL)], open_timeout=10))

    headers = {HEADER_CONTROL_TOKEN: control_token} if control_token else {}
    return Target(httpx.AsyncClient(base_url=base, timeout=30, headers=headers), open_socket)


def asgi_target(fake: FakeChatwoot) -> Target:
    """In process, on the running event loop (the admin endpoint): no sockets, no threads."""
    httpx = _httpx()
    app = fake.app

    async def open_socket() -> Socket:
        return await _AsgiSocket(app).open()

    hub = fake.hub
    loop_before = hub.loop

    def cleanup() -> None:
        # Our sessions bound the hub to this loop; once they are gone, give it back, so that a fake
        # run from asyncio.run() does not keep broadcasting to a closed loop afterwards.
        if not hub.connections:
            hub.loop = loop_before

    transport = httpx.ASGITransport(app=app)
    token = fake.settings.control_token
    headers = {HEADER_CONTROL_TOKEN: token} if token else {}
    client = httpx.AsyncClient(transport=transport, base_url="http://fakewoot", timeout=30, headers=headers)
    return Target(client, open_socket, cleanup)


def _httpx() -> Any:
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx comes with the [test] extra
        raise StepFailure("scenarios need httpx: python -m pip install httpx") from None
    return httpx


# --- /cable sessions --------------------------------------------------------------------------------


class CableSession:
    """A socket plus a reader task keeping every frame (pings aside) for the expectations."""

    def __init__(self, name: str, socket: Socket) -> None:
        self.name = name
        self.socket = socket
        self.frames: list[dict[str, Any]] = []
        self.consumed: set[int] = set()
        self.closed = False
        self._changed = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            text = await self.socket.recv()
            if text is None:
                break
            try:
                frame = orjson.loads(text)
            except orjson.JSONDecodeError:
                frame = {"type": "unparsable", "text": text}
            if isinstance(frame, dict) and frame.get("type") == "ping":
                continue
            self.frames.append(frame if isinstance(frame, dict) else {"type": "other", "value": frame})
            self._changed.set()
        self.closed = True
        self._changed.set()

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], within: float
    ) -> dict[str, Any] | None:
        """The first unconsumed frame matching `predicate` (consumed now), waiting up to `within`."""
        deadline = time.monotonic() + within
        while True:
            for index, frame in enumerate(self.frames):
                if index not in self.consumed and predicate(frame):
                    self.consumed.add(index)
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.closed:
                return None
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def unconsumed_events(self) -> list[str]:
        return [
            str(frame["message"].get("event"))
            for index, frame in enumerate(self.frames)
            if index not in self.consumed and isinstance(frame.get("message"), dict)
        ]

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.socket.close(), 5)
        self._reader.cancel()
        with contextlib.suppress(BaseException):
            await self._reader


def broadcast_matches(spec: FrameSpec, frame: dict[str, Any]) -> bool:
    message = frame.get("message")
    if not isinstance(message, dict):
        return False
    if spec.event is not None and message.get("event") != spec.event:
        return False
    return not spec.checks_data or mismatch(spec.data, message.get("data")) is None


# --- the runner -------------------------------------------------------------------------------------
