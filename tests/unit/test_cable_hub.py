"""The /cable hub and RoomChannel under abuse, without sockets: nothing queued is dropped, a client past
its backlog is cut off, presence fan-out is coalesced (N subscribes cost O(N) frames, not N^2/2), and
the widget-token lookup agrees with a scan of every contact inbox.

Source: ../shared/reference/realtime-actioncable.md 3.4-3.5 (presence), rails/rails
actioncable/lib/action_cable/connection/stream.rb (an unbounded write buffer; a failed write ends the
client) and connection/base.rb (`close`: the disconnect frame, then the socket closes).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from fakewoot import FakeChatwoot
from fakewoot.cable import channels, protocol
from fakewoot.cable import hub as hub_module
from fakewoot.cable.hub import Connection, Hub, Subscription


class Sink:
    """A connection's socket: the frames its writer sent."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    async def __call__(self, frame: str) -> None:
        self.frames.append(frame)

    def parsed(self) -> list[dict[str, Any]]:
        return [json.loads(frame) for frame in self.frames]


@pytest.fixture(scope="module")
def own_fake() -> Iterator[FakeChatwoot]:
    """A fake of this module's own: these tests bind its hub to their event loops."""
    fake = FakeChatwoot()
    yield fake
    fake.close()


@pytest.fixture
def fresh(own_fake: FakeChatwoot) -> FakeChatwoot:
    own_fake.reset()
    return own_fake


def room(fake: FakeChatwoot, n: int | None = None, user_id: int = 1, account_id: int = 1) -> str:
    params: dict[str, Any] = {
        "channel": "RoomChannel",
        "pubsub_token": fake.store.users.get(user_id).pubsub_token,
        "account_id": account_id,
        "user_id": user_id,
    }
    if n is not None:
        params["n"] = n
    return json.dumps(params)


async def settle(hub: Hub, seconds: float = 0.0) -> None:
    """Let coalesced broadcasts and writers run."""
    await asyncio.sleep(seconds)
    for _ in range(20):
        await asyncio.sleep(0)


async def drain_writer(hub: Hub, connection: Connection) -> None:
    hub.close(connection)
    await hub.writer(connection)


# --- the send queue ---------------------------------------------------------------------------------


def test_nothing_is_dropped_and_a_client_past_its_backlog_is_cut_off():
    hub = Hub()
    aborted: list[int] = []
    connection = Connection(1, Sink(), limit=3, on_gone=lambda c: aborted.append(-c.id))
    connection.abort = lambda: aborted.append(connection.id)
    for frame in ("a", "b", "c"):
        connection.push(frame)
    assert connection.queue.qsize() == 3 and not connection.gone  # at the limit: all kept
    connection.push(protocol.confirm("x"))  # one more: the client cannot keep up
    assert connection.gone
    assert aborted == [1, -1]  # its TCP connection dropped, then counted
    assert [connection.queue.get_nowait()] == [None]  # the backlog went, the writer ends
    connection.push("later")
    assert connection.queue.empty()  # nothing is queued for a client that is gone
    assert hub.gone == 0  # a connection not opened through this hub reports to its own callback


def test_disconnect_sends_the_frame_after_the_backlog_then_closes_and_nothing_follows():
    async def go() -> list[str]:
        hub = Hub()
        sink = Sink()
        closed: list[bool] = []
        connection = hub.open(sink)

        async def closer() -> None:
            closed.append(True)

        connection.closer = closer
        hub.send(connection, protocol.welcome())
        hub.disconnect([connection], "server_restart", reconnect=True)
        hub.send(connection, "after the disconnect")
        await hub.writer(connection)
        assert closed == [True]
        return sink.frames

    assert asyncio.run(go()) == [
        protocol.welcome(),
        '{"type":"disconnect","reason":"server_restart","reconnect":true}',
    ]


def test_drain_drops_the_connections_that_do_not_close_in_time():
    async def go() -> tuple[int, bool]:
        hub = Hub()
        connection = hub.open(Sink())
        dropped = await hub.drain([connection], 0.05)
        return dropped, connection.gone

    assert asyncio.run(go()) == (1, True)


# --- broadcasting -----------------------------------------------------------------------------------


def _subscribed(hub: Hub, count: int, stream: str = "tok") -> tuple[Connection, Sink]:
    sink = Sink()
    connection = hub.open(sink)
    for i in range(count):
        hub.subscribe(connection, Subscription(f"id{i}", [stream], "User", 1, 1))
    return connection, sink


def test_broadcast_only_and_exclude_pick_subscriptions():
    async def go() -> list[list[str]]:
        hub = Hub()
        hub.pubsub_delay = 0  # no pubsub hop: delivered at once, counted by the return value
        connection, sink = _subscribed(hub, 3)
        key = (connection.id, "id1")
        assert hub.broadcast(["tok"], {"event": "e", "data": 1}, only=(key,)) == 1
        assert hub.broadcast(["tok"], {"event": "e", "data": 2}, exclude=key) == 2
        await drain_writer(hub, connection)
        return [[f["identifier"] for f in sink.parsed() if f["message"]["data"] == n] for n in (1, 2)]

    assert asyncio.run(go()) == [["id1"], ["id0", "id2"]]


def test_broadcasts_wait_for_the_pubsub_hop_and_nothing_overtakes():
    """Rails' pubsub adapter: a broadcast arrives a hop later; direct frames (a confirmation) do not
    wait. Order holds even when the delay shrinks between two broadcasts."""

    async def go() -> tuple[list[str], list[str], float]:
        hub = Hub()
        hub.pubsub_delay = 0.05
        connection, sink = _subscribed(hub, 1)
        writer = asyncio.create_task(hub.writer(connection))
        started = asyncio.get_running_loop().time()
        hub.broadcast(["tok"], {"event": "first"})
        hub.pubsub_delay = 0  # a later broadcast with no hop still waits behind the first
        hub.broadcast(["tok"], {"event": "second"})
        hub.send(connection, protocol.confirm("direct"))  # not a broadcast: no hop
        await settle(hub)
        before = [f.get("type") or f["message"]["event"] for f in sink.parsed()]
        await settle(hub, 0.08)
        took = asyncio.get_running_loop().time() - started
        hub.close(connection)
        await writer
        return before, [f.get("type") or f["message"]["event"] for f in sink.parsed()], took

    before, after, took = asyncio.run(go())
    assert before == ["confirm_subscription"]
    assert after == ["confirm_subscription", "first", "second"]
    assert took >= 0.05


def test_the_pubsub_hop_keeps_a_burst_in_order_and_zero_sends_at_once():
    async def go() -> tuple[list[int], list[int]]:
        hub = Hub()
        hub.pubsub_delay = 0.002
        connection, sink = _subscribed(hub, 1)
        writer = asyncio.create_task(hub.writer(connection))
        for i in range(200):
            hub.broadcast(["tok"], {"event": "e", "data": i})
            if i % 50 == 0:
                await asyncio.sleep(0.001)
        await settle(hub, 0.05)
        burst = [f["message"]["data"] for f in sink.parsed()]
        sink.frames.clear()
        hub.pubsub_delay = 0
        assert hub.broadcast(["tok"], {"event": "e", "data": -1}) == 1  # delivered at once
        hub.close(connection)
        await writer
        return burst, [f["message"]["data"] for f in sink.parsed()]

    burst, at_once = asyncio.run(go())
    assert burst == list(range(200))
    assert at_once == [-1]


def test_held_broadcasts_keep_their_recipients_until_released():
    async def go() -> list[str]:
        hub = Hub()
        connection, sink = _subscribed(hub, 3)
        hub.hold = True
        hub.broadcast(["tok"], {"event": "e"}, only=((connection.id, "id2"),))
        assert sink.frames == [] and len(hub.held) == 1
        assert hub.release() == 1
        await drain_writer(hub, connection)
        return [f["identifier"] for f in sink.parsed()]

    assert asyncio.run(go()) == ["id2"]


def test_coalesce_sends_one_message_per_subscription_per_tick(monkeypatch):
    monkeypatch.setattr(hub_module, "COALESCE_TICK_SECONDS", 0.01)
    built: list[int] = []

    def factory() -> dict[str, Any]:
        built.append(1)
        return {"event": "presence.update", "data": {"n": len(built)}}

    async def go() -> list[str]:
        hub = Hub()
        connection, sink = _subscribed(hub, 200)
        for i in range(200):  # 200 causes within one tick
            hub.coalesce("tok", "key", (connection.id, f"id{i}"), factory)
        await settle(hub, 0.01 + 200 * hub_module.COALESCE_SECONDS_PER_SUBSCRIPTION + 0.05)
        await drain_writer(hub, connection)
        return [f["identifier"] for f in sink.parsed()]

    received = asyncio.run(go())
    assert sorted(received) == sorted(f"id{i}" for i in range(200))  # each once, not 200 times
    assert built == [1]  # the message is built once per tick, not per subscriber


def test_coalesce_leaves_out_a_lone_cause_and_skips_a_stream_with_one_subscription(monkeypatch):
    monkeypatch.setattr(hub_module, "COALESCE_TICK_SECONDS", 0.01)

    async def go() -> tuple[list[str], list[str]]:
        hub = Hub()
        connection, sink = _subscribed(hub, 3)
        hub.coalesce("tok", "key", (connection.id, "id0"), lambda: {"event": "p"})
        alone, alone_sink = _subscribed(hub, 1, stream="solo")
        hub.coalesce("solo", "key", (alone.id, "id0"), lambda: {"event": "p"})
        assert "solo" not in hub._coalesced  # nobody else to tell: no timer at all
        await settle(hub, 0.05)
        await drain_writer(hub, connection)
        await drain_writer(hub, alone)
        return [f["identifier"] for f in sink.parsed()], alone_sink.frames

    others, alone = asyncio.run(go())
    assert sorted(others) == ["id1", "id2"] and alone == []


def test_coalesce_without_a_loop_sends_at_once():
    hub = Hub()
    connection = Connection(1, Sink())
    hub.connections[1] = connection
    for i in range(2):
        hub.subscribe(connection, Subscription(f"id{i}", ["tok"], "User", 1, 1))
    hub.coalesce("tok", "key", (1, "id0"), lambda: {"event": "p"})
    assert connection.queue.qsize() == 1  # id1's copy, sent synchronously


# --- RoomChannel: presence and the widget token -----------------------------------------------------


def test_a_subscribe_flood_costs_linear_frames_and_every_confirmation_comes_first(fresh, monkeypatch):
    monkeypatch.setattr(hub_module, "COALESCE_TICK_SECONDS", 0.01)
    n = 300

    async def go() -> list[dict[str, Any]]:
        sink = Sink()
        connection = fresh.hub.open(sink)
        connection.limit = 10 * n
        writer = asyncio.create_task(fresh.hub.writer(connection))
        for i in range(n):
            channels.subscribe(fresh, connection, room(fresh, i))
        await settle(fresh.hub, 0.01 + n * hub_module.COALESCE_SECONDS_PER_SUBSCRIPTION + 0.1)
        fresh.hub.close(connection)
        await writer
        assert not connection.gone
        return sink.parsed()

    frames = asyncio.run(go())
    fresh.hub.loop = None
    confirms = [f["identifier"] for f in frames if f.get("type") == "confirm_subscription"]
    presence = [f for f in frames if f.get("message", {}).get("event") == "presence.update"]
    assert len(confirms) == n  # every confirmation, none dropped
    first_seen: dict[str, int] = {}
    for index, frame in enumerate(frames):
        first_seen.setdefault(json.dumps([frame.get("type"), frame["identifier"]]), index)
    own_at: dict[str, int] = {}  # each subscription's first presence.update (its own copy or one after)
    for index, frame in enumerate(frames):
        if frame.get("message", {}).get("event") == "presence.update":
            own_at.setdefault(frame["identifier"], index)
    for identifier in confirms:  # each subscription: its confirmation, then (after the hop) its presence
        confirm_at = first_seen[json.dumps(["confirm_subscription", identifier])]
        assert own_at[identifier] > confirm_at
    # the pubsub hop: every confirmation of the flood went out before any presence.update arrived
    assert max(first_seen[json.dumps(["confirm_subscription", i])] for i in confirms) < min(own_at.values())
    assert n <= len(presence) <= 3 * n  # Chatwoot would send n(n+1)/2 = 45,150
    assert presence[-1]["message"]["data"]["users"] == {"1": "online"}


def test_a_single_subscription_gets_exactly_one_presence_update(fresh):
    async def go() -> list[dict[str, Any]]:
        sink = Sink()
        connection = fresh.hub.open(sink)
        writer = asyncio.create_task(fresh.hub.writer(connection))
        channels.subscribe(fresh, connection, room(fresh))
        await settle(fresh.hub, hub_module.COALESCE_TICK_SECONDS + 0.05)
        fresh.hub.close(connection)
        await writer
        return sink.parsed()

    frames = asyncio.run(go())
    fresh.hub.loop = None
    assert [f.get("type") or f["message"]["event"] for f in frames] == [
        "confirm_subscription",
        "presence.update",
    ]


@pytest.mark.parametrize("gap", [channels.MAX_HASHED_GAP, 0])  # 0: ids too sparse to hash, a scan
def test_widget_token_lookup_agrees_with_a_scan_of_every_contact_inbox(fresh, monkeypatch, gap):
    monkeypatch.setattr(channels, "MAX_HASHED_GAP", gap)
    fresh.hub.channel_state.clear()
    store = fresh.store
    records = [r for account in store.state.accounts.values() for r in account.contact_inboxes.values()]
    assert records
    for record in records:
        assert channels.contact_inbox_by_token(fresh, store.contact_inboxes.pubsub_token(record)) is record
    contact = store.contacts.create(1, {"name": "New widget visitor", "email": "visitor@x.test"})
    inbox = store.account(1).inboxes.get(2)
    made = store.contact_inboxes.link(contact, inbox)
    assert channels.contact_inbox_by_token(fresh, store.contact_inboxes.pubsub_token(made)) is made
    assert channels.contact_inbox_by_token(fresh, "not-a-token") is None
    fresh.reset()  # the new record is gone: its token no longer subscribes
    assert channels.contact_inbox_by_token(fresh, store.contact_inboxes.pubsub_token(made)) is None
    assert channels.contact_inbox_by_token(fresh, store.contact_inboxes.pubsub_token(records[0])) is not None


def test_online_contacts_lists_contacts_seen_within_the_window_in_id_order(fresh):
    presence = fresh.store.presence
    for contact_id in (7, 2, 5):
        presence.heartbeat(1, "Contact", contact_id)
    presence.heartbeat(2, "Contact", 3)  # another account
    presence.heartbeat(1, "User", 1)  # not a contact
    fresh.store.state.heartbeats[(1, "Contact", 4)] = fresh.clock.now() - 3600  # long gone
    assert list(presence.online_contacts(1)) == ["2", "5", "7"]
    assert set(presence.online_contacts(1).values()) == {"online"}


def test_a_subscription_made_during_the_hop_does_not_get_what_was_published_before_it():
    """Redis fans a message out to the subscriptions it has when the message is published: a later
    subscriber (one whose confirmation comes while the message is in the hop) does not get it, a
    subscriber that was there does, and a broadcast made after the new subscription reaches both."""

    async def go() -> tuple[list[str], list[str]]:
        hub = Hub()
        hub.pubsub_delay = 0.03
        early, early_sink = _subscribed(hub, 1)
        late_sink = Sink()
        late = hub.open(late_sink)
        writers = [asyncio.create_task(hub.writer(c)) for c in (early, late)]
        hub.broadcast(["tok"], {"event": "before"})
        hub.subscribe(late, Subscription("late", ["tok"], "User", 1, 1))
        hub.broadcast(["tok"], {"event": "after"})
        await settle(hub, 0.08)
        for connection in (early, late):
            hub.close(connection)
        await asyncio.gather(*writers)
        return (
            [f["message"]["event"] for f in early_sink.parsed() if "message" in f],
            [f["message"]["event"] for f in late_sink.parsed() if "message" in f],
        )

    early_events, late_events = asyncio.run(go())
    assert early_events == ["before", "after"]
    assert late_events == ["after"]
