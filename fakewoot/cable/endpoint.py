"""The /cable WebSocket endpoint (raw ASGI; uvicorn does the WebSocket framing).

Accepts every socket (Chatwoot authenticates per subscription), selects `actioncable-v1-json` when
offered, sends welcome and a ping every 3 s, and reads subscribe/unsubscribe/message commands; bad
frames are logged, never fatal. An Origin outside the configured list gets Rails' 404 `Page not found`.
A burst of commands on one socket is handled in batches of YIELD_EVERY, with the loop let run between
them, so one socket cannot stall the others or HTTP.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.types import Receive, Scope, Send

from fakewoot.cable import channels, protocol

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot

log = logging.getLogger("fakewoot.cable")
YIELD_EVERY = 32  # commands handled back to back before the reader lets the loop run


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _refuse(scope: Scope, send: Send) -> None:
    """Rails' respond_to_invalid_request: HTTP 404, text/plain `Page not found` (or a plain close)."""
    if "websocket.http.response" in scope.get("extensions", {}):
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 404,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        await send({"type": "websocket.http.response.body", "body": b"Page not found"})
    else:
        await send({"type": "websocket.close", "code": 1008})


async def cable(fake: FakeChatwoot, scope: Scope, receive: Receive, send: Send) -> None:
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    allowed = fake.settings.cable_allowed_origins
    if allowed and _header(scope, b"origin") not in allowed:
        await _refuse(scope, send)
        return
    offered = [p.strip() for p in (_header(scope, b"sec-websocket-protocol") or "").split(",") if p.strip()]
    accept: dict[str, Any] = {"type": "websocket.accept"}
    if protocol.SUBPROTOCOL in offered:
        accept["subprotocol"] = protocol.SUBPROTOCOL
    await send(accept)

    async def send_text(frame: str) -> None:
        await send({"type": "websocket.send", "text": frame})

    async def close_socket() -> None:
        await send({"type": "websocket.close", "code": 1000})

    hub = fake.hub
    hub.pubsub_delay = fake.settings.cable_pubsub_delay_ms / 1000.0
    connection = hub.open(send_text)
    connection.limit = fake.settings.cable_backlog
    connection.closer = close_socket
    connection.abort = _aborter(send)
    connection.origin = getattr(send, "__self__", None)
    writer = asyncio.create_task(hub.writer(connection))
    pinger = asyncio.create_task(_pings(fake, connection))
    hub.send(connection, protocol.welcome())
    handled = 0
    try:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                break
            if message["type"] != "websocket.receive":
                continue
            raw = message.get("text")
            text = (
                raw if isinstance(raw, str) else bytes(message.get("bytes") or b"").decode("utf-8", "replace")
            )
            fake.record_frame("received", connection.id, text)
            _handle(fake, connection, text)
            handled += 1
            if handled % YIELD_EVERY == 0:
                # receive() does not suspend while frames are queued: let the writers, timers and
                # other requests run between batches of a burst, so one socket cannot stall the rest
                await asyncio.sleep(0)
    finally:
        pinger.cancel()
        hub.close(connection)
        await asyncio.gather(writer, return_exceptions=True)


def _aborter(send: Send) -> Callable[[], None] | None:
    """Drop the TCP connection under an ASGI WebSocket at once: what Rails does to a client whose
    socket stops taking writes. ASGI has no such message (websocket.close waits for the socket to
    take the close frame, which a stuck client never does), so this reaches uvicorn's protocol, whose
    `send` is a bound method holding the transport; None elsewhere (in-process ASGI sessions)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)
    return abort if callable(abort) else None


def _handle(fake: FakeChatwoot, connection: Any, text: str | bytes) -> None:
    try:
        command = protocol.parse_command(text)
        if command.command == protocol.SUBSCRIBE:
            channels.subscribe(fake, connection, command.identifier)
        elif command.command == protocol.UNSUBSCRIBE:
            fake.hub.unsubscribe(connection, command.identifier)
            connection.subscriptions.pop(command.identifier, None)
        else:
            channels.perform(fake, connection, command.identifier, command.data or "")
    except protocol.ProtocolError as exc:
        log.info("fakewoot cable: ignored a frame: %s", exc)
    except Exception:  # never fatal for the connection
        log.exception("fakewoot cable: error while handling a frame")


async def _pings(fake: FakeChatwoot, connection: Any) -> None:
    while True:
        await asyncio.sleep(protocol.PING_INTERVAL_SECONDS)
        if connection.pings and fake.cable_pings:
            fake.hub.send(connection, protocol.ping(fake.clock.now()))
