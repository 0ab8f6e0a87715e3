"""ActionCable v1 JSON framing, pure: no I/O and no project imports, so it can be tested alone.

Source: rails/rails actioncable (connection/base.rb, channel/base.rb, connection/subscriptions.rb,
app/javascript/action_cable/*) as summarised in ../shared/reference/realtime-actioncable.md 1-2.
Identifiers are opaque strings: stored and echoed exactly as the client sent them.
"""

from __future__ import annotations

import json
from typing import Any

from fakewoot.records import dataclass

SUBPROTOCOL = "actioncable-v1-json"
SUBPROTOCOLS = (SUBPROTOCOL, "actioncable-unsupported")
PING_INTERVAL_SECONDS = 3.0

WELCOME = "welcome"
PING = "ping"
CONFIRM = "confirm_subscription"
REJECT = "reject_subscription"
DISCONNECT = "disconnect"

SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
MESSAGE = "message"
COMMANDS = (SUBSCRIBE, UNSUBSCRIBE, MESSAGE)

DISCONNECT_REASONS = ("unauthorized", "invalid_request", "server_restart", "remote")


def account_stream(account_id: int) -> str:
    """The stream every agent of an account hears (RoomChannel's `account_<id>`)."""
    return f"account_{account_id}"


def encode(frame: dict[str, Any]) -> str:
    """Compact JSON, as ActiveSupport::JSON encodes frames."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def welcome() -> str:
    return encode({"type": WELCOME})


def ping(unix_seconds: float) -> str:
    return encode({"type": PING, "message": int(unix_seconds)})


def confirm(identifier: str) -> str:
    return encode({"identifier": identifier, "type": CONFIRM})


def reject(identifier: str) -> str:
    return encode({"identifier": identifier, "type": REJECT})


def broadcast(identifier: str, message: Any) -> str:
    return encode({"identifier": identifier, "message": message})


def disconnect(reason: str, reconnect: bool = True) -> str:
    return encode({"type": DISCONNECT, "reason": reason, "reconnect": reconnect})


@dataclass(frozen=True, slots=True)
class Command:
    command: str
    identifier: str
    data: str | None = None  # for `message`: itself a JSON string


class ProtocolError(ValueError):
    """A frame the server logs and ignores (never fatal, never answered)."""


def parse_command(text: str | bytes) -> Command:
    try:
        frame = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(frame, dict):
        raise ProtocolError("a command must be a JSON object")
    command = frame.get("command")
    if command not in COMMANDS:
        raise ProtocolError(f"Received unrecognized command: {command!r}")
    identifier = frame.get("identifier")
    if not isinstance(identifier, str):
        raise ProtocolError("identifier must be a JSON string")
    data = frame.get("data")
    if command == MESSAGE and not isinstance(data, str):
        raise ProtocolError("message data must be a JSON string")
    return Command(command, identifier, data if isinstance(data, str) else None)


def parse_identifier(identifier: str) -> dict[str, Any]:
    """The channel params inside an identifier string."""
    try:
        params = json.loads(identifier)
    except ValueError:
        raise ProtocolError("identifier is not JSON") from None
    if not isinstance(params, dict):
        raise ProtocolError("identifier is not a JSON object")
    return params


def parse_action(data: str) -> tuple[str, dict[str, Any]]:
    """`{"action": "update_presence", ...}` from a message command's data string."""
    try:
        payload = json.loads(data)
    except ValueError:
        raise ProtocolError("message data is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("action"), str):
        raise ProtocolError("message data has no action")
    return payload["action"], payload


def broadcast_raw(identifier: str, message_json: str) -> str:
    """`broadcast` with the message already encoded once for every subscriber of a fan-out."""
    return '{"identifier":' + json.dumps(identifier, ensure_ascii=False) + ',"message":' + message_json + "}"
