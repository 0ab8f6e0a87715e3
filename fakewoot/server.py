"""Serve a FakeChatwoot on uvicorn: `fakewoot serve` (`serve()`) and a background thread (`ServerThread`,
for tests, the pytest plugin and benchmarks), with what plain uvicorn lacks:

- **Header timeout** (`Settings.header_timeout`): a request's header block must be complete within
  that many seconds of its first byte (of the connection's opening, for the first request), or the
  connection is closed without an answer, as Puma closes a client that times out before its headers
  are read (puma/client.rb `timeout!`: a 408 only once the body phase began). uvicorn has no such
  timer: a client trickling header bytes (slowloris), or opening a socket and sending nothing, would
  hold a descriptor forever.
- **Keep-alive timeout** (`Settings.keep_alive_timeout`): an idle keep-alive connection is closed
  after that many seconds (uvicorn's `timeout_keep_alive`).
- **Graceful shutdown** (SIGTERM/SIGINT for `fakewoot serve`, `ServerThread.stop()`): the listeners
  close, every /cable socket of this server gets ActionCable's `{"type":"disconnect","reason":
  "server_restart","reconnect":true}` and then a normal close (what Rails' `ActionCable.server.restart`
  does to every connection, actioncable/lib/action_cable/server/base.rb and connection/base.rb
  `close`), within CABLE_DRAIN_SECONDS; then requests in flight get up to `Settings.shutdown_timeout`
  seconds to finish (answered with `connection: close`) before they are cancelled.

The header timer works with uvicorn's httptools and h11 protocols (the "standard" stack uses httptools,
uvloop and websockets; h11 when httptools is missing or `http="h11"` is asked for).
"""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import uvicorn

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

CABLE_DRAIN_SECONDS = 1.0  # /cable clients get this long to take their disconnect frame and close


class HeaderDeadline:
    """One connection's header timer: armed when a request is expected to start (the connection
    opened, or its first byte arrived), cancelled when its headers are complete; on expiry the
    connection is closed (nothing is answered: no request was read)."""

    __slots__ = ("_handle", "_loop", "_seconds", "expired")

    def __init__(self, loop: asyncio.AbstractEventLoop, seconds: float) -> None:
        self._loop = loop
        self._seconds = seconds
        self._handle: asyncio.TimerHandle | None = None
        self.expired = False

    def arm(self, transport: asyncio.BaseTransport) -> None:
        if self._handle is None and self._seconds > 0:
            self._handle = self._loop.call_later(self._seconds, self._expire, transport)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def armed(self) -> bool:
        return self._handle is not None

    def _expire(self, transport: asyncio.BaseTransport) -> None:
        self._handle = None
        if not transport.is_closing():
            self.expired = True
            transport.close()


def _header_timeout(config: uvicorn.Config) -> float:
    return float(getattr(config, "header_timeout", 0.0))


class _HeaderTimer(asyncio.Protocol):
    """What both uvicorn protocols below add: a connection's header timer, made and armed when the
    connection opens, cancelled when it is lost (each protocol says when headers begin and end)."""

    config: uvicorn.Config  # set by uvicorn's protocol __init__
    loop: asyncio.AbstractEventLoop
    header_deadline: HeaderDeadline

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.header_deadline = HeaderDeadline(self.loop, _header_timeout(self.config))
        super().connection_made(transport)
        self.header_deadline.arm(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.header_deadline.cancel()
        super().connection_lost(exc)


@functools.cache
def _h11_protocol() -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol plus the header timer, built on first use (h11 is imported only when a
    server asks for it: httptools serves by default)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class H11WithHeaderTimeout(_HeaderTimer, H11Protocol):
        """h11 hands over a request only when its headers are complete: until then the peer's state
        stays IDLE."""

        def handle_events(self) -> None:
            super().handle_events()
            transport = self.transport
            if transport.is_closing() or transport.get_protocol() is not self:  # closed, or a WebSocket now
                self.header_deadline.cancel()
            elif self.conn.their_state is not h11.IDLE:
                self.header_deadline.cancel()  # the headers are in
            elif self.conn.trailing_data[0]:
                self.header_deadline.arm(transport)  # part of the next request is in

    return H11WithHeaderTimeout


def __getattr__(name: str) -> Any:
    if name == "H11WithHeaderTimeout":  # the class, for callers that name it
        return _h11_protocol()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _httptools_protocol() -> type[asyncio.Protocol] | None:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is not installed
        return None

    class HttpToolsWithHeaderTimeout(_HeaderTimer, HttpToolsProtocol):
        """The parser reports the first byte of a request and the end of its headers."""

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.header_deadline.arm(self.transport)

        def on_headers_complete(self) -> None:
            self.header_deadline.cancel()
            super().on_headers_complete()

    return HttpToolsWithHeaderTimeout


def http_protocol(http: Any = "auto") -> Any:
    """The HTTP protocol class for uvicorn's `http` option, with the header timer: uvicorn's choice
    ("auto": httptools when installed, else h11; or "httptools"/"h11" by name). Anything else (a
    class, another protocol's name) is passed through unchanged, without the timer."""
    if http in ("auto", "httptools"):
        found = _httptools_protocol()
        if found is not None:
            return found
        if http == "httptools":
            return http  # uvicorn reports the missing package
        return _h11_protocol()
    if http == "h11":
        return _h11_protocol()
    return http


class Config(uvicorn.Config):
    """uvicorn's Config plus the header timeout the protocols above read."""

    def __init__(self, app: Any, *, header_timeout: float, **options: Any) -> None:
        super().__init__(app, **options)
        self.header_timeout = header_timeout


class Server(uvicorn.Server):
    """uvicorn's Server with the graceful shutdown above (and, for `fakewoot serve`, the fake's
    background work stopped at the end)."""

    def __init__(
        self,
        config: uvicorn.Config,
        fake: FakeChatwoot,
        *,
        close_fake: bool = False,
        on_shutdown: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(config)
        self.fake = fake
        self.close_fake = close_fake
        # runs once requests are done, before uvicorn ends the process (it re-raises SIGTERM)
        self.on_shutdown = on_shutdown
        self.cable_dropped = 0  # /cable sockets that did not close in time at the last shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for listener in getattr(self, "servers", []):
            listener.close()  # no new connections while the sockets are told
        try:
            await self.disconnect_cable()
            await super().shutdown(sockets=sockets)
        finally:
            hub = self.fake.hub
            if not hub.connections and hub.loop is asyncio.get_running_loop():
                hub.loop = None  # this loop is ending: later broadcasts run where they are made
            if self.close_fake:
                self.fake.close()
            if self.on_shutdown is not None:
                self.on_shutdown()

    async def disconnect_cable(self) -> None:
        """Send every /cable socket of this server ActionCable's `server_restart` disconnect frame,
        close it, and wait (bounded) for the sockets to finish."""
        hub = self.fake.hub
        mine = self.server_state.connections
        connections = [c for c in hub.connections.values() if c.origin is not None and c.origin in mine]
        if not connections:
            return
        hub.disconnect(connections, "server_restart", reconnect=True)
        timeout = min(
            CABLE_DRAIN_SECONDS, float(self.config.timeout_graceful_shutdown or CABLE_DRAIN_SECONDS)
        )
        self.cable_dropped = await hub.drain(connections, timeout)


def uvicorn_config(fake: FakeChatwoot, **options: Any) -> Config:
    """A Config serving `fake.app` with the fake's settings (header, keep-alive and shutdown timeouts);
    `options` are uvicorn's (they override those)."""
    settings = fake.settings
    values: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "lifespan": "off",
        "timeout_keep_alive": settings.keep_alive_timeout,
        "timeout_graceful_shutdown": settings.shutdown_timeout,
    }
    values.update(options)
    values["http"] = http_protocol(values.get("http", "auto"))
    return Config(fake.app, header_timeout=settings.header_timeout, **values)


def serve(fake: FakeChatwoot, *, on_shutdown: Callable[[], None] | None = None, **options: Any) -> None:
    """Serve `fake` in this thread until SIGTERM/SIGINT (`fakewoot serve`), then shut down gracefully,
    stop the fake's background work and call `on_shutdown` (the state file's last write)."""
    server = Server(uvicorn_config(fake, **options), fake, close_fake=True, on_shutdown=on_shutdown)
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn re-raises the SIGINT it handled: a normal end
        pass
    finally:
        fake.close()


class ServerThread:
    def __init__(self, fake: FakeChatwoot, host: str = "127.0.0.1", port: int = 0, **uvicorn_options: Any):
        self.fake = fake
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port: int = self._socket.getsockname()[1]
        self._server = Server(uvicorn_config(fake, **uvicorn_options), fake)
        self._thread = threading.Thread(target=self._run, name="fakewoot-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])

    def start(self, timeout: float = 10.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("fakewoot server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Shut down gracefully (see the module doc) and wait for it, bounded."""
        self._server.should_exit = True
        grace = float(self._server.config.timeout_graceful_shutdown or 0)
        self._thread.join(timeout=CABLE_DRAIN_SECONDS + grace + 10)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
