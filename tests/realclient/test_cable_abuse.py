"""/cable under abuse over real sockets (issue 11): a subscribe flood on one socket neither stalls the
server nor loses a confirmation, and a client that cannot keep up is disconnected while the others keep
receiving everything.

Sources: ../shared/reference/realtime-actioncable.md 2-3 (confirm_subscription, presence.update on
subscribe); rails/rails actioncable/lib/action_cable/connection/stream.rb (writes queue without a
bound; a write that fails ends the client: `client_gone`).
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import json
import os
import socket
import struct
import threading
import time
from typing import Any

import httpx
import websockets

from tests.conftest import ADMIN_TOKEN, token
from tests.realclient.test_cable import room, run, subscribe, ws_url

PROBE_GAP_S = 0.01


class Probe(threading.Thread):
    """GET /api/v1/profile due every PROBE_GAP_S on one keep-alive connection, each timed from when it
    was due, so a stall counts against every request it delayed (not just the one in flight)."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.latencies: list[float] = []
        self.failures = 0
        self.done = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        number = 0
        while not self.done.is_set():
            due = started + number * PROBE_GAP_S
            number += 1
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            try:
                conn.request("GET", "/api/v1/profile", headers=token(ADMIN_TOKEN))
                response = conn.getresponse()
                response.read()
                self.failures += response.status != 200
            except (OSError, http.client.HTTPException):
                self.failures += 1
                conn.close()
            self.latencies.append(time.perf_counter() - due)
        conn.close()

    def p99(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


def test_two_thousand_subscribes_on_one_socket_are_all_confirmed_and_stall_nobody(server, fake):
    n = 2000
    identifiers = [room(fake).replace("}", f', "n": {i}}}') for i in range(n)]  # one token, n identifiers
    probe = Probe(server.port)

    async def flood() -> list[dict[str, Any]]:
        frames: list[dict[str, Any]] = []
        async with websockets.connect(
            ws_url(server), subprotocols=["actioncable-v1-json"], max_queue=None, max_size=None
        ) as ws:
            await ws.recv()  # welcome
            probe.start()
            await asyncio.sleep(0.1)
            for identifier in identifiers:
                await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
            confirmed = 0
            async with asyncio.timeout(30):
                while confirmed < n:
                    frame = json.loads(await ws.recv())
                    frames.append(frame)
                    confirmed += frame.get("type") == "confirm_subscription"
            try:  # the coalesced presence frames still on their way
                async with asyncio.timeout(1.5):
                    while True:
                        frames.append(json.loads(await ws.recv()))
            except TimeoutError:
                pass
        return frames

    try:
        frames = run(flood())
    finally:
        probe.done.set()
        probe.join(10)
    confirms = [f["identifier"] for f in frames if f.get("type") == "confirm_subscription"]
    assert sorted(confirms) == sorted(identifiers)  # every confirmation, each once
    presence = [  # pings carry an integer `message`
        f
        for f in frames
        if isinstance(f.get("message"), dict) and f["message"].get("event") == "presence.update"
    ]
    assert {f["identifier"] for f in presence} == set(identifiers)  # each subscriber got its own
    assert len(presence) < 5 * n  # Chatwoot's fan-out would be n(n+1)/2 = 2,001,000 frames
    assert probe.failures == 0
    assert len(probe.latencies) > 20
    assert probe.p99() <= 1.0, f"probe p99 {probe.p99():.3f} s during the flood"


# --- a client that never reads ----------------------------------------------------------------------


def _masked_text(text: str) -> bytes:
    """A client->server WebSocket text frame (clients must mask, RFC 6455 5.3)."""
    payload = text.encode()
    key = os.urandom(4)
    masked = bytes(byte ^ key[i % 4] for i, byte in enumerate(payload))
    size = len(payload)
    length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack("!H", size)
    return b"\x81" + length + key + masked


def _stuck_client(port: int, identifier: str) -> socket.socket:
    """A WebSocket (no compression offered) that subscribes and then never reads again; its receive
    buffer is made small so the server's writes back up soon."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            "GET /cable HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: actioncable-v1-json\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert head.startswith(b"HTTP/1.1 101")
    sock.sendall(_masked_text(json.dumps({"command": "subscribe", "identifier": identifier})))
    return sock


def test_a_client_that_cannot_keep_up_is_disconnected_and_the_others_keep_receiving(server, fake):
    backlog, fake.settings.cable_backlog = fake.settings.cable_backlog, 200
    pad = "x" * 32_768  # 32 KB a frame for the stuck client (uncompressed: it offered no deflate)
    gone_before = fake.hub.gone
    stuck = _stuck_client(server.port, room(fake))
    batches_sent = 0

    async def go() -> list[int]:
        nonlocal batches_sent
        ids: list[int] = []
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            for batch in range(200):  # until the stuck client is cut off (~10 MB on Linux defaults)
                for i in range(40):
                    fake.emit("conversation.mentioned", {"id": batch * 40 + i, "pad": pad}, to=1)
                batches_sent += 1
                async with asyncio.timeout(10):
                    while len(ids) < 40 * batches_sent:
                        frame = json.loads(await ws.recv())
                        if frame.get("message", {}).get("event") == "conversation.mentioned":
                            ids.append(frame["message"]["data"]["id"])
                if fake.hub.gone > gone_before:
                    break
            fake.emit("conversation.mentioned", {"id": -1}, to=1)  # the healthy client still hears
            async with asyncio.timeout(5):
                while True:
                    frame = json.loads(await ws.recv())
                    if frame.get("message", {}).get("data", {}).get("id") == -1:
                        break
        return ids

    try:
        ids = run(go())
        assert fake.hub.gone == gone_before + 1  # the stuck one, and only it
        assert ids == list(range(40 * batches_sent))  # the healthy client missed nothing, in order
        stuck.settimeout(5)
        deadline = time.monotonic() + 10
        closed = False
        while time.monotonic() < deadline and not closed:  # what was already sent, then the end
            try:
                closed = stuck.recv(1 << 20) == b""
            except (ConnectionResetError, TimeoutError):
                closed = True
        assert closed
        assert httpx.get(server.url + "/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200
    finally:
        stuck.close()
        fake.settings.cable_backlog = backlog
