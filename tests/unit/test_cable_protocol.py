"""ActionCable framing round trips (hypothesis) and the exact frame shapes (reference realtime 2)."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fakewoot.cable import protocol

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(identifier=st.text(), message=json_values)
def test_broadcast_round_trip_keeps_the_identifier_exactly(identifier, message):
    frame = json.loads(protocol.broadcast(identifier, message))
    assert frame == {"identifier": identifier, "message": message}
    raw = json.loads(protocol.broadcast_raw(identifier, json.dumps(message)))
    assert raw == frame


@given(identifier=st.text(), data=st.text())
def test_commands_round_trip(identifier, data):
    for command in ("subscribe", "unsubscribe"):
        parsed = protocol.parse_command(json.dumps({"command": command, "identifier": identifier}))
        assert (parsed.command, parsed.identifier) == (command, identifier)
    parsed = protocol.parse_command(
        json.dumps({"command": "message", "identifier": identifier, "data": data})
    )
    assert parsed.data == data


@given(st.text())
def test_garbage_is_a_protocol_error_never_a_crash(text):
    with contextlib.suppress(protocol.ProtocolError):
        protocol.parse_command(text)


def test_exact_frames():
    assert protocol.welcome() == '{"type":"welcome"}'
    assert protocol.ping(1700000000.9) == '{"type":"ping","message":1700000000}'
    assert protocol.confirm('{"channel":"RoomChannel"}') == (
        '{"identifier":"{\\"channel\\":\\"RoomChannel\\"}","type":"confirm_subscription"}'
    )
    assert protocol.reject("x") == '{"identifier":"x","type":"reject_subscription"}'
    assert (
        protocol.disconnect("server_restart")
        == '{"type":"disconnect","reason":"server_restart","reconnect":true}'
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"command":"message","identifier":"x"}',
        '{"command":"subscribe","identifier":1}',
        '{"command":"hello","identifier":"x"}',
        "[1]",
        "{",
    ],
)
def test_rejected_commands(text):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_command(text)


def test_actions():
    assert protocol.parse_action('{"action":"update_presence"}') == (
        "update_presence",
        {"action": "update_presence"},
    )
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_action('{"no":"action"}')
