"""Graceful shutdown over real sockets (issue 11): ServerThread.stop() and SIGTERM/SIGINT of `fakewoot
serve` send every /cable socket ActionCable's disconnect frame (`server_restart`, reconnect true) before
a normal close, let requests in flight finish within the shutdown timeout, and cancel them past it.

Source: rails/rails actioncable/lib/action_cable/server/base.rb (`restart` closes every connection with
reason server_restart), connection/base.rb (`close(reason:, reconnect: true)`: transmit the disconnect
frame, then close the websocket); ../shared/reference/realtime-actioncable.md 2.1 (the frame).
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets

from fakewoot import FakeChatwoot, Settings
from fakewoot.server import ServerThread
from tests.conftest import ADMIN_TOKEN, token
from tests.realclient.test_serve import _command, _free_port, _wait_ready

DISCONNECT = {"type": "disconnect", "reason": "server_restart", "reconnect": True}


@pytest.fixture
def own_fake() -> Iterator[FakeChatwoot]:
    fake = FakeChatwoot(Settings(shutdown_timeout=3))
    yield fake
    fake.close()


def ws_url(url: str) -> str:
    return url.replace("http://", "ws://") + "/cable"


def room(fake: FakeChatwoot) -> str:
    pubsub = fake.store.users.get(1).pubsub_token
    return json.dumps({"channel": "RoomChannel", "pubsub_token": pubsub, "account_id": 1, "user_id": 1})


async def until_closed(ws: Any, timeout: float = 5) -> tuple[list[Any], int | None]:
    """Every frame (pings aside) until the server closes the socket, and the close code it sent."""
    frames: list[Any] = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") != "ping":
                    frames.append(frame)
    except websockets.ConnectionClosed as closed:
        return frames, closed.rcvd.code if closed.rcvd else None
    raise AssertionError("the socket stayed open")


def slow_get(url: str, into: dict[str, Any]) -> threading.Thread:
    def run() -> None:
        started = time.perf_counter()
        try:
            response = httpx.get(url + "/api/v1/profile", headers=token(ADMIN_TOKEN), timeout=30)
            into["status"], into["connection"] = response.status_code, response.headers.get("connection")
        except httpx.HTTPError as exc:
            into["error"] = exc
        into["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_stop_sends_the_disconnect_frame_then_closes_and_lets_a_request_in_flight_finish(own_fake):
    server = ServerThread(own_fake).start()
    own_fake.fault("GET", "/api/v1/profile", latency=1.0)  # the next profile request takes 1 s
    answer: dict[str, Any] = {}

    async def go() -> tuple[list[Any], int | None, float]:
        async with websockets.connect(ws_url(server.url), subprotocols=["actioncable-v1-json"]) as ws:
            assert json.loads(await ws.recv()) == {"type": "welcome"}
            await ws.send(json.dumps({"command": "subscribe", "identifier": room(own_fake)}))
            request = slow_get(server.url, answer)
            await asyncio.sleep(0.3)  # the request is in flight
            started = time.perf_counter()
            stopping = asyncio.create_task(asyncio.to_thread(server.stop))
            frames, code = await until_closed(ws)
            await stopping
            await asyncio.to_thread(request.join, 10)
            return frames, code, time.perf_counter() - started

    frames, code, stop_seconds = asyncio.run(go())
    assert frames[-1] == DISCONNECT  # the last frame before the close
    assert [f.get("type") for f in frames[:1]] == ["confirm_subscription"]
    assert code == 1000  # then a normal close, not uvicorn's 1012
    assert answer.get("status") == 200, answer  # the request in flight finished
    assert answer.get("connection") == "close"
    assert stop_seconds < 3 + 2  # within the shutdown timeout (and the /cable drain)


def test_stop_cancels_a_request_past_the_shutdown_timeout():
    fake = FakeChatwoot(Settings(shutdown_timeout=0.5))
    try:
        server = ServerThread(fake).start()
        fake.fault("GET", "/api/v1/profile", latency=30)
        answer: dict[str, Any] = {}
        request = slow_get(server.url, answer)
        time.sleep(0.3)
        started = time.perf_counter()
        server.stop()
        stop_seconds = time.perf_counter() - started
        request.join(10)
    finally:
        fake.close()
    assert stop_seconds < 0.5 + 2.0, stop_seconds  # bounded, not 30 s
    # cut off at the bound: uvicorn cancels the request and answers 500 (or the socket just closes)
    assert answer.get("status", 500) == 500 and answer["seconds"] < 5, answer


def test_stopping_one_server_leaves_another_servers_sockets_of_the_same_fake_alone(own_fake):
    first, second = ServerThread(own_fake).start(), ServerThread(own_fake).start()

    async def go() -> tuple[list[Any], Any]:
        async with (
            websockets.connect(ws_url(first.url)) as going,
            websockets.connect(ws_url(second.url)) as staying,
        ):
            await going.recv(), await staying.recv()
            await asyncio.to_thread(first.stop)
            frames, _ = await until_closed(going)
            await asyncio.to_thread(own_fake.send_raw, '{"still":"here"}')
            async with asyncio.timeout(3):
                return frames, json.loads(await staying.recv())

    try:
        frames, heard = asyncio.run(go())
    finally:
        second.stop()
    assert frames == [DISCONNECT]
    assert heard == {"still": "here"}


@pytest.mark.parametrize(("sig", "exit_code"), [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 0)])
def test_serve_on_a_signal_disconnects_cable_clients_and_finishes_requests(sig, exit_code):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [*_command(), "serve", "--port", str(port), "--shutdown-timeout", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answer: dict[str, Any] = {}
    try:
        _wait_ready(url, proc)
        assert (
            httpx.post(
                url + "/_fakewoot/faults", json={"method": "GET", "path": "/api/v1/profile", "latency": 1}
            ).status_code
            < 300
        )

        async def go() -> tuple[list[Any], int | None]:
            async with websockets.connect(ws_url(url), subprotocols=["actioncable-v1-json"]) as ws:
                assert json.loads(await ws.recv()) == {"type": "welcome"}
                request = slow_get(url, answer)
                await asyncio.sleep(0.3)
                proc.send_signal(sig)
                closed = await until_closed(ws)
                await asyncio.to_thread(request.join, 10)
                return closed

        frames, code = asyncio.run(go())
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        _, stderr = proc.communicate(timeout=10)
    assert frames == [DISCONNECT]
    assert code == 1000
    assert answer.get("status") == 200, answer
    assert proc.returncode == exit_code  # SIGTERM ends the process by the signal, as uvicorn does
    assert "Traceback" not in stderr
