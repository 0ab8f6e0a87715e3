"""The /_fakewoot/webhooks control API (delivery journal, hold/release/reorder/duplicate/drop,
re-send, hand-made signed events, wait) and /_fakewoot/timeline. fakewoot's own API: the shapes
are ours (fakewoot/admin/webhooks.py), the deliveries Chatwoot's."""

from __future__ import annotations

from fakewoot.deliveries.dispatcher import MSG_DROPPED
from tests.conftest import ADMIN_TOKEN, token
from tests.receivers import verify

ADMIN = token(ADMIN_TOKEN)
MESSAGES = "/api/v1/accounts/1/conversations/1/messages"
W = "/_fakewoot/webhooks"


def _hook(fake, receiver, *events):
    return fake.store.webhooks.create(
        1, url=receiver.url(), subscriptions=list(events) or ["message_created"]
    )


def test_journal_lists_deliveries_with_their_cause(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    sent = client.post(MESSAGES, headers=ADMIN, json={"content": "one"})
    fake.deliveries.wait_for("message_created")
    rows = client.get(W).json()
    assert len(rows) == 1
    row = rows[0]
    assert set(row) >= {
        "id",
        "delivery_id",
        "event",
        "kind",
        "target_id",
        "url",
        "state",
        "status",
        "error",
        "latency_ms",
        "attempts",
        "headers",
        "body",
        "created_at",
        "cause",
    }
    assert (row["event"], row["kind"], row["state"], row["status"]) == (
        "message_created",
        "account_webhook",
        "delivered",
        200,
    )
    request_id = client.get("/_fakewoot/requests?method=POST").json()[-1]["id"]
    assert row["cause"] == f"request:{request_id}"
    assert f'"id":{sent.json()["id"]}' in row["body"]
    assert client.get(f"{W}?event=conversation_created").json() == []
    assert client.get(f"{W}?data.content=one").json()[0]["id"] == row["id"]
    assert client.get(f"{W}?data.content=two").json() == []
    assert "body" not in client.get(f"{W}?body=0").json()[0]
    assert client.get(f"{W}/{row['id']}").json()["id"] == row["id"]
    assert client.get(f"{W}/999").status_code == 404


def test_hold_then_release_in_reverse_order(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    assert client.post(f"{W}/faults", json={"hold": True}).json()["hold"] is True
    ids = [client.post(MESSAGES, headers=ADMIN, json={"content": str(i)}).json()["id"] for i in range(3)]
    held = client.get(f"{W}?state=held").json()
    assert len(held) == 3 and receiver.requests == []
    assert client.post(f"{W}/release", json={"reverse": True}).json() == {"released": 3}
    receiver.wait(lambda: len(receiver.requests) == 3)
    assert [e["id"] for e in receiver.events()] == list(reversed(ids))


def test_release_in_a_given_order_and_drop_the_rest(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.post(f"{W}/faults", json={"hold": True})
    for i in range(3):
        client.post(MESSAGES, headers=ADMIN, json={"content": str(i)})
    held = [d["id"] for d in client.get(f"{W}?state=held").json()]
    assert client.post(f"{W}/release", json={"order": [held[2], held[0]]}).json() == {"released": 2}
    receiver.wait(lambda: len(receiver.requests) == 2)
    assert [e["content"] for e in receiver.events()] == ["2", "0"]
    assert client.post(f"{W}/drop").json() == {"dropped": 1}
    dropped = client.get(f"{W}?state=dropped").json()
    assert [d["error"] for d in dropped] == [MSG_DROPPED]


def test_duplicates_share_the_delivery_id_and_drop_next(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.post(f"{W}/faults", json={"copies": 2})
    client.post(MESSAGES, headers=ADMIN, json={"content": "twice"})
    receiver.wait(lambda: len(receiver.requests) == 2)
    assert len({h["X-Chatwoot-Delivery"] for _, h, _ in receiver.requests}) == 1
    client.post(f"{W}/faults", json={"copies": 1, "drop_next": 1})
    client.post(MESSAGES, headers=ADMIN, json={"content": "never"})
    assert [d["state"] for d in client.get(f"{W}?data.content=never").json()] == ["dropped"]


def test_resend_a_past_delivery(client, fake, receiver):
    hook = _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.post(MESSAGES, headers=ADMIN, json={"content": "again"})
    first = fake.deliveries.wait_for("message_created")
    copy = client.post(f"{W}/{first.id}/resend").json()
    assert copy["copy_of"] == first.id and copy["delivery_id"] == first.delivery_id
    receiver.wait(lambda: len(receiver.requests) == 2)
    (_, _, b1), (_, h2, b2) = receiver.requests
    assert b1 == b2 and verify(hook.secret, h2, b2)
    fresh = client.post(f"{W}/{first.id}/resend", json={"new_delivery_id": True}).json()
    assert fresh["delivery_id"] != first.delivery_id
    assert client.post(f"{W}/999/resend").status_code == 404


def test_send_a_hand_made_signed_event(client, fake, receiver):
    body = client.post(
        f"{W}/send",
        json={
            "url": receiver.url("/custom"),
            "payload": {"event": "message_created", "id": 7},
            "secret": "k",
        },
    ).json()
    assert (body["kind"], body["event"]) == ("manual", "message_created")
    receiver.wait(lambda: len(receiver.requests) == 1)
    path, headers, raw = receiver.requests[0]
    assert path == "/custom" and raw == b'{"event":"message_created","id":7}'
    assert verify("k", headers, raw)


def test_wait_answers_the_delivery_or_408(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.post(MESSAGES, headers=ADMIN, json={"content": "waited"})
    found = client.post(f"{W}/wait", json={"event": "message_created", "data": {"content": "waited"}})
    assert found.status_code == 200 and found.json()["state"] == "delivered"
    missing = client.post(f"{W}/wait", json={"event": "contact_created", "timeout": 0.05})
    assert missing.status_code == 408 and "no delivery matched" in missing.json()["error"]


def test_timeline_links_frames_and_deliveries_to_their_request(client, fake, receiver):
    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.get("/api/v1/profile", headers=ADMIN)
    client.post(MESSAGES, headers=ADMIN, json={"content": "traced"})
    fake.deliveries.wait_for("message_created")
    request_id = client.get("/_fakewoot/requests?method=POST").json()[-1]["id"]
    chain = client.get(f"/_fakewoot/timeline?cause=request:{request_id}").json()
    kinds = [row["kind"] for row in chain]
    assert kinds[0] == "request" and chain[0]["path"] == MESSAGES
    assert "cable" in kinds and "delivery" in kinds
    assert all(row["cause"] == f"request:{request_id}" for row in chain[1:])
    everything = client.get("/_fakewoot/timeline").json()
    assert [r["at"] for r in everything] == sorted(r["at"] for r in everything)
    assert any(r.get("path") == "/api/v1/profile" for r in everything)


def test_bad_control_input_is_a_422_and_changes_nothing(client, fake):
    dispatcher = fake.deliveries.dispatcher
    for body in (
        {"delay": -1},
        {"delay": "soon"},
        {"copies": 0},
        {"copies": 10_000},
        {"drop_next": -2},
    ):
        answer = client.post(f"{W}/faults", json=body)
        assert answer.status_code == 422, body
        assert set(answer.json()) == {"error"}
    assert (dispatcher.delay, dispatcher.copies, dispatcher.drop_next) == (0.0, 1, 0)
    assert client.post(f"{W}/release", json={"order": "1,2"}).status_code == 422
    assert client.post(f"{W}/release", json={"order": [True]}).status_code == 422
    assert client.post(f"{W}/send", json={"url": "ftp://x", "payload": {}}).status_code == 422
    assert client.post(f"{W}/send", json={"url": "http://x"}).status_code == 422
    assert client.post(f"{W}/send", json={"url": "http://x", "payload": {}, "secret": 5}).status_code == 422
    assert client.post(f"{W}/wait", json={"timeout": 1000}).status_code == 422
    assert client.post(f"{W}/wait", json={"data": [1]}).status_code == 422
    assert client.post(f"{W}/wait", json={"count": 0}).status_code == 422
    assert len(fake.deliveries.journal) == 0


def test_a_reset_cancels_deliveries_waiting_on_a_delay(client, fake, receiver):
    import time

    _hook(fake, receiver)
    fake.store.agent_bots.get(1).outgoing_url = None
    client.post(f"{W}/faults", json={"delay": 0.3})
    client.post(MESSAGES, headers=ADMIN, json={"content": "late"})
    client.post("/_fakewoot/reset")
    time.sleep(0.5)
    assert receiver.requests == []


def test_scenarios_run_takes_variables(client, fake, receiver):
    scenario = {
        "name": "vars",
        "users": {"john": ADMIN_TOKEN},
        "steps": [
            {
                "name": "register",
                "as": "john",
                "request": {
                    "method": "POST",
                    "path": "/api/v1/accounts/1/webhooks",
                    "json": {"url": "${hook}", "subscriptions": ["contact_created"]},
                },
            }
        ],
    }
    ran = client.post(
        "/_fakewoot/scenarios/run", json={"scenario": scenario, "variables": {"hook": receiver.url("/v")}}
    )
    assert ran.status_code == 200, ran.text
    assert [w.url for w in fake.store.webhooks.of(1)] == [receiver.url("/v")]
    bad = client.post("/_fakewoot/scenarios/run", json={"scenario": scenario, "variables": [1]})
    assert bad.status_code == 422
