"""Port of spec/lib/online_status_tracker_spec.rb (Chatwoot v4.10): who presence lists as online.
Presence is recorded by RoomChannel (subscribe and `update_presence`) and read back the way clients
see it: the `presence.update` a subscriber gets (`users`, `contacts`) and GET .../contacts/active.
A fresh account with three agents, as the spec's; contact staleness uses a frozen clock."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from fakewoot.clock import FrozenClock
from fakewoot.store.presence import PRESENCE_DURATION_SECONDS
from tests.specs.ledger import ports
from tests.specs.support import PLATFORM, ok, token
from tests.specs.support_realtime import Cable, Subscriber

SPEC = "spec/lib/online_status_tracker_spec.rb"
UPSTREAM_ITS = 5
SKIPPED = {
    "when get_available_contacts > flushes the stale records from sorted set after the duration": (
        "internal: the Redis sorted set's pruning (ZREMRANGEBYSCORE) has no HTTP-visible effect beyond "
        "the stale contact not being listed, which the other contacts test asserts"
    ),
}
USERS = "when get_available_users"
CONTACTS = "when get_available_contacts"


@pytest.fixture
def cable(server: Any, fake: Any) -> Iterator[Cable]:
    found = Cable(server.url, fake)
    yield found
    found.close()


@pytest.fixture
def account(http: Any) -> dict[str, Any]:
    """`create(:account)` with user1..user3 (user1 an administrator, to set up inboxes and contacts)."""
    created = ok(http.post("/platform/api/v1/accounts", json={"name": "Presence"}, headers=PLATFORM))
    users = []
    for n in range(1, 4):
        body = {
            "name": f"User {n}",
            "email": f"presence-{n}-{time.monotonic_ns()}@x.test",
            "password": "Password1!",
        }
        user = ok(http.post("/platform/api/v1/users", json=body, headers=PLATFORM))
        link = {"user_id": user["id"], "role": "administrator" if n == 1 else "agent"}
        ok(http.post(f"/platform/api/v1/accounts/{created['id']}/account_users", json=link, headers=PLATFORM))
        user["headers"] = token(user["access_token"])
        users.append(user)
    return {"id": created["id"], "users": users}


def _presence(socket: Subscriber) -> dict[str, Any]:
    """`update_presence`, then the presence.update it brings."""
    before = len(socket.events("presence.update"))
    data = json.dumps({"action": "update_presence"})
    socket.ws.send(json.dumps({"command": "message", "identifier": socket.identifier, "data": data}))
    return socket.wait("presence.update", before + 1)[-1]


@ports(f"{USERS} > returns only the online user ids with presence")
def test_only_users_seen_within_the_window_are_listed(cable, account):
    user1, user2, user3 = account["users"]
    first = cable.user(user1, account["id"])
    cable.user(user2, account["id"])
    data = _presence(first)
    assert set(data["users"]) == {str(user1["id"]), str(user2["id"])}
    assert str(user3["id"]) not in data["users"]


@ports(f"{USERS} > returns agents who have auto offline configured false")
def test_users_with_auto_offline_false_are_always_listed(http, cable, account):
    user1, user2, _ = account["users"]
    body = {"profile": {"account_id": account["id"], "auto_offline": False}}
    ok(http.post("/api/v1/profile/auto_offline", json=body, headers=user2["headers"]))
    first = cable.user(user1, account["id"])  # user2 never connects
    assert set(_presence(first)["users"]) == {str(user1["id"]), str(user2["id"])}


@ports(f"{USERS} > returns the availability from the db if it is not present in redis and set it in redis")
def test_each_listed_user_carries_its_availability(http, cable, account):
    user1, user2, _ = account["users"]
    body = {"profile": {"account_id": account["id"], "availability": "offline"}}
    ok(http.post("/api/v1/profile/availability", json=body, headers=user2["headers"]))
    first = cable.user(user1, account["id"])
    cable.user(user2, account["id"])
    users = _presence(first)["users"]
    assert (users[str(user1["id"])], users[str(user2["id"])]) == ("online", "offline")


@ports(f"{CONTACTS} > returns only the online contact ids with presence")
def test_only_contacts_seen_within_the_window_are_listed(http, fake, cable, account):
    user1 = account["users"][0]
    base = f"/api/v1/accounts/{account['id']}"
    inbox = ok(
        http.post(f"{base}/inboxes", json={"name": "P", "channel": {"type": "api"}}, headers=user1["headers"])
    )
    online, offline = (
        ok(
            http.post(f"{base}/contacts", json={"name": n, "inbox_id": inbox["id"]}, headers=user1["headers"])
        )["payload"]["contact"]
        for n in ("Online", "Offline")
    )
    store = fake.store
    records = {r.contact_id: r for r in store.account(account["id"]).contact_inboxes.values()}
    previous = fake.clock
    fake.set_clock(FrozenClock(time.time()))
    try:
        cable.contact_inbox(records[offline["id"]].id, account["id"])  # seen now...
        fake.advance(PRESENCE_DURATION_SECONDS + 20)  # ...and PRESENCE_DURATION + 20 s ago from here
        cable.contact_inbox(records[online["id"]].id, account["id"])
        watcher = cable.user(user1, account["id"])
        assert _presence(watcher)["contacts"] == {str(online["id"]): "online"}
        active = ok(http.get(f"{base}/contacts/active", headers=user1["headers"]))["payload"]
        assert [c["id"] for c in active] == [online["id"]]
    finally:
        fake.set_clock(previous)
