"""Port of spec/channels/room_channel_spec.rb (Chatwoot v4.10): RoomChannel confirms a contact's
and a user's subscription and streams what their streams carry. Over a real /cable socket: the
confirmation, then broadcasts made to each stream (the control API's emitter, which publishes
to a stream as ActionCable.server.broadcast does) reach the subscriber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.specs.ledger import ports
from tests.specs.support import new_contact, new_user, ok
from tests.specs.support_realtime import Cable

SPEC = "spec/channels/room_channel_spec.rb"
UPSTREAM_ITS = 2


@pytest.fixture
def cable(server: Any, fake: Any) -> Iterator[Cable]:
    found = Cable(server.url, fake)
    yield found
    found.close()


def _emit(http: Any, to: Any, n: int) -> None:
    body = {"event": "conversation.mentioned", "data": {"n": n}, "to": to}
    ok(http.post("/_fakewoot/cable/emit", json=body))


@ports("subscribes to a stream when pubsub_token is provided")
def test_a_contact_subscription_streams_its_contact_inbox_token(http, fake, cable):
    contact = new_contact(http)
    (record,) = [r for r in fake.store.account(1).contact_inboxes.values() if r.contact_id == contact["id"]]
    token = fake.store.contact_inboxes.pubsub_token(record)
    subscriber = cable.contact_inbox(record.id)  # confirmed, or it raises
    assert subscriber.confirmed.is_set()
    _emit(http, token, 1)
    assert subscriber.wait("conversation.mentioned") == [{"n": 1}]
    _emit(http, 1, 2)  # the account stream: users only
    other = cable.user_id(1)
    _emit(http, 1, 3)
    assert other.wait("conversation.mentioned") == [{"n": 3}]
    assert subscriber.events("conversation.mentioned") == [{"n": 1}]


@ports("subscribes to a stream when pubsub_token is provided for user")
def test_a_user_subscription_streams_its_token_and_the_account(http, cable):
    user = new_user(http)
    subscriber = cable.user(user)
    assert subscriber.confirmed.is_set()
    _emit(http, user["pubsub_token"], 1)
    assert subscriber.wait("conversation.mentioned") == [{"n": 1}]
    _emit(http, 1, 2)  # account_1
    assert subscriber.wait("conversation.mentioned", 2) == [{"n": 1}, {"n": 2}]
    _emit(http, 2, 3)  # another account's stream: not followed
    _emit(http, user["pubsub_token"], 4)
    assert subscriber.wait("conversation.mentioned", 3) == [{"n": 1}, {"n": 2}, {"n": 4}]
