"""A Client API customer on /cable (v4.10): the `pubsub_token` from POST .../contacts subscribes to
RoomChannel (app/channels/room_channel.rb) and receives what ActionCableListener sends to the
conversation's contact inbox token: the conversation's creation, public messages both ways, never
private notes; the customer's typing reaches the agents and not the customer
(typing_event_listener_tokens). Real sockets: uvicorn in a thread, `websockets` clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.contract.public_api import (
    ADMIN,
    base_url,
    identifier_hash,
    new_api_inbox,
    new_customer,
    start_conversation,
)
from tests.specs.support_realtime import Cable, Subscriber, contact_identifier


@pytest.fixture
def cable(server: Any, fake: Any) -> Iterator[Cable]:
    found = Cable(server.url, fake)
    yield found
    found.close()


def _customer(cable: Cable, pubsub_token: str) -> Subscriber:
    """The customer's own page subscribing with nothing but its pubsub token."""
    return cable._add(Subscriber(cable.base_url, contact_identifier(pubsub_token), "customer"))


def test_the_customer_hears_the_agent_reply_but_not_private_notes(socket_client, cable):
    http = socket_client
    base = base_url(new_api_inbox(http))
    customer = new_customer(http, base, name="Ada")
    customer_socket = _customer(cable, customer["pubsub_token"])
    admin_socket = cable.user_id(1)
    conversation = start_conversation(http, base, customer["source_id"])
    created = cable.heard("conversation.created", [customer_socket, admin_socket])
    assert created["id"] == conversation["id"]
    url = f"/api/v1/accounts/1/conversations/{conversation['id']}/messages"
    http.post(url, json={"content": "a note", "private": True}, headers=ADMIN)
    admin_socket.wait("message.created")
    reply = http.post(url, json={"content": "How can we help?"}, headers=ADMIN).json()
    heard = customer_socket.wait("message.created")
    assert [m["content"] for m in heard] == ["How can we help?"]
    assert (heard[0]["id"], heard[0]["message_type"], heard[0]["conversation_id"]) == (
        reply["id"],
        1,
        conversation["id"],
    )
    assert heard[0]["sender"]["id"] == 1 and heard[0]["sender"]["type"] == "user"


def test_the_customer_message_reaches_both_sides_and_typing_reaches_the_agents(socket_client, cable):
    http = socket_client
    base = base_url(new_api_inbox(http))
    customer = new_customer(http, base, name="Bo")
    conversation = start_conversation(http, base, customer["source_id"])
    customer_socket = _customer(cable, customer["pubsub_token"])
    admin_socket = cable.user_id(1)
    one = f"{base}/contacts/{customer['source_id']}/conversations/{conversation['id']}"
    http.post(one + "/toggle_typing", json={"typing_status": "on"})
    typing = cable.heard("conversation.typing_on", [admin_socket])
    assert (typing["user"]["id"], typing["user"]["type"], typing["is_private"]) == (
        customer["id"],
        "contact",
        False,
    )
    assert typing["conversation"]["id"] == conversation["id"] and "performer" not in typing
    http.post(one + "/messages", json={"content": "it broke"})
    message = cable.heard("message.created", [customer_socket, admin_socket])
    assert (message["content"], message["message_type"], message["sender"]["type"]) == (
        "it broke",
        0,
        "contact",
    )


def test_an_hmac_verified_customer_hears_every_verified_page(socket_client, cable):
    """contact_inbox_tokens: a verified contact inbox's broadcasts go to every verified contact inbox
    of the contact (the same customer signed in on two of the business's chat pages)."""
    http = socket_client
    pages = [new_api_inbox(http), new_api_inbox(http)]
    sockets, first = [], None
    for page in pages:
        base = base_url(page)
        digest = identifier_hash(page["hmac_token"], "cust-1")
        customer = new_customer(http, base, identifier="cust-1", identifier_hash=digest, name="Cy")
        verify = {"identifier": "cust-1", "identifier_hash": digest}
        assert http.get(f"{base}/contacts/{customer['source_id']}", params=verify).status_code == 200
        sockets.append(_customer(cable, customer["pubsub_token"]))
        first = first or (base, customer)
    base, customer = first
    conversation = start_conversation(http, base, customer["source_id"])
    cable.heard("conversation.created", sockets)
    url = f"/api/v1/accounts/1/conversations/{conversation['id']}"
    http.post(url + "/toggle_status", json={"status": "resolved"}, headers=ADMIN)
    changed = cable.heard("conversation.status_changed", sockets)
    assert (changed["id"], changed["status"]) == (conversation["id"], "resolved")
