"""Connection timeouts over real sockets (issue 11): a client that sends its headers slowly (slowloris)
or nothing at all is cut off after the header timeout, an idle keep-alive connection after the
keep-alive timeout, while normal requests and WebSockets are served. Both of uvicorn's HTTP protocols
(httptools, the "standard" default, and h11) carry the header timer.

Puma, which serves Chatwoot, closes a client that has not sent its headers in time without an answer
(puma/lib/puma/client.rb `timeout!`: a 408 is written only once the body phase began); so does this.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import websockets

from fakewoot import FakeChatwoot, Settings
from fakewoot.server import H11WithHeaderTimeout, ServerThread, http_protocol
from tests.conftest import ADMIN_TOKEN, token
from tests.realclient.test_serve import _command, _free_port

TIMEOUT = 0.3  # the header and keep-alive timeouts of these servers
REQUEST = b"GET /api/v1/profile HTTP/1.1\r\nHost: 127.0.0.1\r\napi_access_token: " + ADMIN_TOKEN.encode()


@pytest.fixture(scope="module")
def short_fake() -> Iterator[FakeChatwoot]:
    fake = FakeChatwoot(Settings(header_timeout=TIMEOUT, keep_alive_timeout=TIMEOUT, shutdown_timeout=2))
    yield fake
    fake.close()


@pytest.fixture(scope="module", params=["auto", "h11"])
def short_server(request: pytest.FixtureRequest, short_fake: FakeChatwoot) -> Iterator[ServerThread]:
    with ServerThread(short_fake, http=request.param) as server:
        yield server


def _connect(server: ServerThread) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    return sock


def _closed_after(sock: socket.socket, started: float, limit: float = 5.0) -> float:
    """Seconds from `started` until the server closes `sock` (reading and discarding what comes)."""
    sock.settimeout(limit)
    while True:
        try:
            if sock.recv(65536) == b"":
                return time.perf_counter() - started
        except ConnectionResetError:
            return time.perf_counter() - started


def _ok(server: ServerThread) -> bool:
    return httpx.get(server.url + "/api/v1/profile", headers=token(ADMIN_TOKEN), timeout=5).status_code == 200


def test_the_standard_stack_gets_the_header_timer():
    assert http_protocol("auto").__name__ == "HttpToolsWithHeaderTimeout"  # httptools is installed
    assert http_protocol("h11") is H11WithHeaderTimeout
    assert http_protocol("zttp") == "zttp"  # another protocol is passed through unchanged


def test_headers_trickled_byte_by_byte_are_cut_off_after_the_header_timeout(short_server):
    served: list[bool] = []
    normal = threading.Thread(target=lambda: served.append(_ok(short_server)))  # at the same time
    sock = _connect(short_server)
    started = time.perf_counter()
    sent = 0
    try:
        sock.setblocking(False)
        normal.start()
        while time.perf_counter() - started < 3:
            try:
                if sock.recv(1) == b"":
                    break  # closed by the server
                pytest.fail("the server answered a request whose headers never ended")
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            try:
                sock.send(REQUEST[sent % len(REQUEST) : sent % len(REQUEST) + 1])
                sent += 1
            except OSError:
                break
            time.sleep(0.03)
        elapsed = time.perf_counter() - started
        normal.join(5)
    finally:
        sock.close()
    assert served == [True]
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 1.0, elapsed
    assert sent >= 3  # bytes kept coming: only the deadline ended it


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(short_server):
    sock = _connect(short_server)
    try:
        elapsed = _closed_after(sock, time.perf_counter())
    finally:
        sock.close()
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 1.0, elapsed


def test_an_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout(short_server):
    sock = _connect(short_server)
    try:
        sock.sendall(REQUEST + b"\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
        assert head.startswith(b"HTTP/1.1 200")
        elapsed = _closed_after(sock, time.perf_counter())
    finally:
        sock.close()
    assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 1.0, elapsed


def test_a_keep_alive_connection_in_use_stays_open(short_server):
    """Requests spaced under the keep-alive timeout, each sent in two parts under the header timeout,
    share one connection for longer than either timeout: neither timer fires on a client that keeps
    its pace."""
    sock = _connect(short_server)
    started = time.perf_counter()
    try:
        for _ in range(3):
            sock.sendall(REQUEST[:20])
            time.sleep(TIMEOUT * 0.5)
            sock.sendall(REQUEST[20:] + b"\r\n\r\n")
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = sock.recv(65536)
                assert chunk, "the server closed a connection in use"
                head += chunk
            headers, _, body = head.partition(b"\r\n\r\n")
            assert headers.startswith(b"HTTP/1.1 200")
            length = int(
                next(h for h in headers.split(b"\r\n") if h.lower().startswith(b"content-length"))[15:]
            )
            while len(body) < length:
                body += sock.recv(65536)
            time.sleep(TIMEOUT * 0.6)
    finally:
        sock.close()
    assert time.perf_counter() - started > 2 * TIMEOUT


def test_a_websocket_outlives_the_header_timeout(short_server, short_fake):
    async def go() -> dict:
        url = short_server.url.replace("http://", "ws://") + "/cable"
        async with websockets.connect(url, subprotocols=["actioncable-v1-json"]) as ws:
            assert json.loads(await ws.recv()) == {"type": "welcome"}
            await asyncio.sleep(TIMEOUT * 1.5)
            await asyncio.to_thread(short_fake.send_raw, '{"still":"here"}')
            async with asyncio.timeout(3):
                while True:
                    frame = json.loads(await ws.recv())
                    if frame.get("type") != "ping":
                        return frame

    assert asyncio.run(go()) == {"still": "here"}


# --- settings and flags -----------------------------------------------------------------------------


def test_the_timeouts_have_env_twins_and_refuse_nonsense():
    settings = Settings.from_env(
        {
            "FAKEWOOT_HEADER_TIMEOUT": "2.5",
            "FAKEWOOT_KEEP_ALIVE_TIMEOUT": "7",
            "FAKEWOOT_SHUTDOWN_TIMEOUT": "1",
            "FAKEWOOT_CABLE_BACKLOG": "500",
        }
    )
    assert (settings.header_timeout, settings.keep_alive_timeout, settings.shutdown_timeout) == (2.5, 7, 1)
    assert settings.cable_backlog == 500
    assert (Settings().header_timeout, Settings().keep_alive_timeout, Settings().shutdown_timeout) == (
        10,
        5,
        5,
    )
    for bad in (
        {"header_timeout": 0.0},
        {"keep_alive_timeout": -1.0},
        {"shutdown_timeout": float("nan")},
        {"header_timeout": 1e9},
        {"cable_backlog": 0},
    ):
        with pytest.raises(ValueError):
            Settings(**bad)  # type: ignore[arg-type]


def test_serve_refuses_a_bad_timeout_flag():
    done = subprocess.run(
        [*_command(), "serve", "--header-timeout", "0", "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "bad setting" in done.stderr and "header_timeout" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_applies_the_header_timeout_flag():
    port = _free_port()
    proc = subprocess.Popen(
        [*_command(), "serve", "--port", str(port), "--header-timeout", str(TIMEOUT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "fakewoot serve did not start"
                time.sleep(0.02)
        try:
            elapsed = _closed_after(sock, time.perf_counter())
        finally:
            sock.close()
        assert TIMEOUT * 0.8 <= elapsed < TIMEOUT + 1.0, elapsed
    finally:
        proc.terminate()
        proc.wait(timeout=15)
