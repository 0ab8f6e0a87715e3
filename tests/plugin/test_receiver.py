"""WebhookReceiver on its own: a real HTTP server on 127.0.0.1 that records requests byte for byte,
answers as scripted, waits with the delivery journal's matching rules and checks Chatwoot's
signature (reference webhooks-bots.md 3.2: HMAC-SHA256 of "{timestamp}.{raw body}")."""

from __future__ import annotations

import hashlib
import hmac
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from fakewoot.testing import ReceivedRequest, ReceiverTimeout, WebhookReceiver
from fakewoot.testing.receiver import request_matches


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as running:
        yield running


def sign(secret: str, stamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()


def test_start_is_fast_and_url_names_a_free_port():
    began = time.perf_counter()
    with WebhookReceiver() as first, WebhookReceiver() as second:
        assert time.perf_counter() - began < 0.5
        assert first.port != second.port
        assert first.url == f"http://127.0.0.1:{first.port}"
        assert first.url_for("/bot") == first.url + "/bot" and first.url_for("x") == first.url + "/x"
        assert first.url_for() == first.url + "/hook"
    with pytest.raises(RuntimeError, match="not started"):
        _ = first.url


def test_records_raw_bytes_headers_json_and_time(receiver):
    body = b'{"event":"message_created","content":"caf\\u00e9 \\u003cb\\u003e","conversation":{"id":7}}'
    before = time.time()
    answer = httpx.post(
        receiver.url_for("/hook?x=1"),
        content=body,
        headers={"Content-Type": "application/json", "X-Trace": "t1"},
    )
    assert (answer.status_code, answer.content) == (200, b"")
    (request,) = receiver.requests
    assert isinstance(request, ReceivedRequest)
    assert (request.id, request.method, request.path, request.route) == (1, "POST", "/hook?x=1", "/hook")
    assert request.query == {"x": ["1"]}
    assert request.body == body
    assert request.json == {"event": "message_created", "content": "café <b>", "conversation": {"id": 7}}
    assert request.event == "message_created"
    assert request.header("x-trace") == "t1" and request.header("X-TRACE") == "t1"
    assert request.header("missing", "none") == "none"
    assert before <= request.received_at <= time.time()
    assert request.status == 200
    assert len(receiver) == 1 and list(receiver) == [request] and receiver.events == ["message_created"]


def test_non_json_chunked_and_other_methods(receiver):
    def chunks() -> Iterator[bytes]:
        yield b"not "
        yield b"json"

    assert httpx.post(receiver.url, content=chunks()).status_code == 200
    assert httpx.put(receiver.url_for("/p"), content=b"").status_code == 200
    assert httpx.get(receiver.url_for("/g")).status_code == 200
    first, put, get = receiver.requests
    assert first.body == b"not json" and first.json is None and first.event is None
    assert (put.method, get.method, get.path) == ("PUT", "GET", "/g")


def test_scripted_answers_by_path_latest_rule_wins(receiver):
    receiver.respond(500)
    receiver.respond(201, {"ok": True}, path="/bot*", headers={"X-Extra": "1"})
    receiver.respond(202, "text", path="/text")
    answer = httpx.post(receiver.url_for("/bot/1"), content=b"{}")
    assert (answer.status_code, answer.json(), answer.headers["x-extra"]) == (201, {"ok": True}, "1")
    assert answer.headers["content-type"] == "application/json"
    assert httpx.post(receiver.url_for("/text")).text == "text"
    assert httpx.post(receiver.url_for("/other")).status_code == 500
    receiver.respond(204)  # replaces the every-path rule
    assert httpx.post(receiver.url_for("/other")).status_code == 204
    assert [r.status for r in receiver.requests] == [201, 202, 500, 204]


def test_handler_answers_and_its_errors_are_kept(receiver):
    seen: list[ReceivedRequest] = []

    def bot(request: ReceivedRequest):
        seen.append(request)
        if request.json.get("n") == 1:
            return 202
        if request.json.get("n") == 2:
            return 200, {"reply": request.json["n"]}, {"X-Bot": "yes"}
        if request.json.get("n") == 3:
            return None
        raise ValueError("bad input")

    receiver.handle(bot, path="/bot")
    assert httpx.post(receiver.url_for("/bot"), json={"n": 1}).status_code == 202
    two = httpx.post(receiver.url_for("/bot"), json={"n": 2})
    assert (two.json(), two.headers["x-bot"]) == ({"reply": 2}, "yes")
    assert httpx.post(receiver.url_for("/bot"), json={"n": 3}).status_code == 200
    broken = httpx.post(receiver.url_for("/bot"), json={"n": 4})
    assert broken.status_code == 500 and "ValueError: bad input" in broken.text
    assert [type(e) for e in receiver.errors] == [ValueError]
    assert len(seen) == 4 and httpx.post(receiver.url_for("/elsewhere")).status_code == 200


def test_wait_for_uses_dotted_paths_and_count_across_threads(receiver):
    def later() -> None:
        time.sleep(0.1)
        for n in (1, 2):
            httpx.post(receiver.url, json={"event": "message_created", "conversation": {"id": n}})

    threading.Thread(target=later).start()
    second = receiver.wait_for("message_created", count=2, timeout=5)
    assert second.json["conversation"]["id"] == 2
    assert receiver.wait_for(data={"conversation.id": 1}).id == 1
    assert receiver.find("message_created", {"conversation.id": 2}, path="/", method="post") == [second]
    assert not request_matches(second, data={"conversation.missing": None})
    assert not request_matches(second, path="/other")


def test_wait_for_timeout_lists_what_arrived(receiver):
    httpx.post(receiver.url_for("/hook"), json={"event": "contact_created"})
    with pytest.raises(ReceiverTimeout) as error:
        receiver.wait_for("message_created", data={"id": 3}, timeout=0.1)
    assert isinstance(error.value, AssertionError)
    assert str(error.value) == (
        "the webhook receiver got no event='message_created', data={'id': 3} within 0.1 s (count 1); "
        "received:\n  #1 POST /hook contact_created -> 200"
    )


def test_verify_checks_chatwoot_signature(receiver):
    body = b'{"event":"message_created"}'
    stamp = "1717405200"
    headers = {"X-Chatwoot-Timestamp": stamp, "X-Chatwoot-Signature": sign("s3cret", stamp, body)}
    httpx.post(receiver.url, content=body, headers=headers)
    httpx.post(receiver.url, content=body)
    signed, unsigned = receiver.requests
    assert receiver.verify(signed, "s3cret")
    assert not receiver.verify(signed, "other")
    assert not receiver.verify(unsigned, "s3cret")
    assert (signed.timestamp, signed.signature) == (stamp, headers["X-Chatwoot-Signature"])


def test_memory_is_bounded_and_clear_reset(receiver):
    small = WebhookReceiver(limit=3).start()
    try:
        for n in range(5):
            httpx.post(small.url, json={"n": n})
        assert [r.json["n"] for r in small.requests] == [2, 3, 4]
    finally:
        small.stop()
    receiver.respond(500)
    httpx.post(receiver.url)
    receiver.clear()
    assert receiver.requests == [] and httpx.post(receiver.url).status_code == 500  # scripts stay
    assert receiver.requests[0].id == 1
    receiver.reset()
    assert receiver.requests == [] and httpx.post(receiver.url).status_code == 200


def test_reset_and_stop_cut_delays_short(receiver):
    receiver.respond(200, delay=30)
    answers: list[int] = []
    thread = threading.Thread(target=lambda: answers.append(httpx.post(receiver.url, timeout=10).status_code))
    thread.start()
    receiver.wait_for(timeout=5)
    began = time.monotonic()
    receiver.reset()
    thread.join(5)
    assert answers == [200] and time.monotonic() - began < 2


def test_stop_closes_kept_alive_connections():
    receiver = WebhookReceiver().start()
    with httpx.Client() as client:
        assert client.post(receiver.url).status_code == 200  # the connection stays open in the pool
        began = time.monotonic()
        receiver.stop()
        assert time.monotonic() - began < 1
        with pytest.raises(httpx.TransportError):
            client.post(f"http://127.0.0.1:{receiver.port}/")
    receiver.stop()  # twice is fine
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", receiver.port)) != 0
