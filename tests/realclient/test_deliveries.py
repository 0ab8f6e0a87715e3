"""Outgoing calls end to end: fakewoot POSTs to real HTTP receivers on 127.0.0.1.

Sources: ../shared/reference/webhooks-bots.md (2.1 routing, 2.2 private notes and activities, 2.3-2.5
payloads, 3.2 signing and headers, 3.3 failure rules, 4.4-4.5 bots); Chatwoot's
app/listeners/webhook_listener.rb, agent_bot_listener.rb, lib/webhooks/trigger.rb. The receiver here
checks signatures with hashlib/hmac directly from the raw bytes (the documented algorithm), not
with fakewoot's own helper.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import httpx

from fakewoot.clock import FrozenClock, SystemClock
from fakewoot.deliveries.outbound import MSG_BOT_ERROR_MOVED_TO_OPEN
from tests.conftest import ADMIN_TOKEN, BOT_TOKEN, token
from tests.contract.shapes import CONTACT_WEBHOOK_KEYS
from tests.receivers import Receiver, verify

A = "/api/v1/accounts/1"
ADMIN = token(ADMIN_TOKEN)
BOT = token(BOT_TOKEN)


def api(server: Any) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=10)


MESSAGE_KEYS = {
    "account",
    "additional_attributes",
    "content_attributes",
    "content_type",
    "content",
    "conversation",
    "created_at",
    "id",
    "inbox",
    "message_type",
    "private",
    "sender",
    "source_id",
    "event",
}
CONVERSATION_KEYS = {
    "additional_attributes",
    "can_reply",
    "channel",
    "contact_inbox",
    "id",
    "inbox_id",
    "messages",
    "labels",
    "meta",
    "status",
    "custom_attributes",
    "snoozed_until",
    "unread_count",
    "first_reply_created_at",
    "priority",
    "waiting_since",
    "agent_last_seen_at",
    "contact_last_seen_at",
    "last_activity_at",
    "timestamp",
    "created_at",
    "updated_at",
    "account",
}
CONTACT_KEYS = set(CONTACT_WEBHOOK_KEYS)


def test_signed_message_created_with_chatwoot_headers_and_keys(server, fake, receiver):
    hook = fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["message_created"])
    with api(server) as client:
        sent = client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "a <b> & c"})
    assert sent.status_code == 200
    receiver.wait(lambda: len(receiver.requests) == 1)
    path, headers, body = receiver.requests[0]
    assert path == "/hook"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert len(headers["X-Chatwoot-Delivery"]) == 36
    assert (
        int(headers["X-Chatwoot-Timestamp"]) == int(fake.clock.now())
        or abs(int(headers["X-Chatwoot-Timestamp"]) - time.time()) < 5
    )
    assert verify(hook.secret, headers, body)
    assert not verify(hook.secret + "x", headers, body)
    assert b"\\u003cb\\u003e \\u0026 c" in body  # Rails' escape_html_entities_in_json
    payload = json.loads(body)
    assert list(payload)[-1] == "event"
    assert set(payload) == MESSAGE_KEYS
    assert payload["event"] == "message_created"
    assert payload["message_type"] == "outgoing"
    assert payload["content"] == "a <b> & c"
    assert payload["id"] == sent.json()["id"]
    assert payload["account"] == {"id": 1, "name": "Acme Inc"}
    assert payload["inbox"] == {"id": 1, "name": fake.store.account(1).inboxes.get(1).name}
    assert payload["sender"] == {"id": 1, "name": "John", "email": "john@acme.inc", "type": "user"}
    assert isinstance(payload["created_at"], str) and payload["created_at"].endswith("Z")
    conversation = payload["conversation"]
    assert set(conversation) == CONVERSATION_KEYS
    assert conversation["id"] == 1 and conversation["account"] == {"id": 1, "name": "Acme Inc"}
    assert conversation["messages"][0]["id"] == payload["id"]
    assert conversation["messages"][0]["message_type"] == 1  # push shape: an integer
    assert set(conversation["meta"]) == {"sender", "assignee", "assignee_type", "team", "hmac_verified"}
    assert isinstance(conversation["updated_at"], float)


def test_incoming_message_sender_is_the_contact_webhook_data(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["message_created", "contact_updated"])
    with api(server) as client:
        client.post(
            f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "hi", "message_type": "incoming"}
        )
    receiver.wait(lambda: len(receiver.requests) == 2)
    message, contact = receiver.events()
    assert message["message_type"] == "incoming"
    assert set(message["sender"]) == CONTACT_KEYS
    # Message#update_contact_activity: the sender's last_activity_at changes (issue #11973)
    assert contact["event"] == "contact_updated"
    changed = [next(iter(c)) for c in contact["changed_attributes"]]
    assert changed == ["last_activity_at", "updated_at"]


def test_subscriptions_filter_and_status_change_payload(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["conversation_status_changed"])
    with api(server) as client:
        client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "not sent"})
        client.post(f"{A}/conversations/1/toggle_status", headers=ADMIN, json={"status": "resolved"})
    receiver.wait(lambda: len(receiver.requests) >= 1)
    fake.deliveries.settle()
    events = receiver.events()
    assert [e["event"] for e in events] == ["conversation_status_changed"]
    assert events[0]["status"] == "resolved"
    assert events[0]["changed_attributes"] is None  # status_change is nil in after_commit


def test_conversation_updated_lists_changed_attributes(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["conversation_updated"])
    with api(server) as client:
        client.post(f"{A}/conversations/3/assignments", headers=ADMIN, json={"assignee_id": 1})
    receiver.wait(lambda: len(receiver.requests) == 1)
    payload = receiver.events()[0]
    assert payload["event"] == "conversation_updated"
    assignee, updated = payload["changed_attributes"]
    assert assignee == {"assignee_id": {"previous_value": None, "current_value": 1}}
    assert set(updated["updated_at"]) == {"previous_value", "current_value"}
    assert updated["updated_at"]["current_value"].endswith("Z")
    assert payload["meta"]["assignee_type"] == "User"
    assert list(payload)[-2:] == ["event", "changed_attributes"]


def test_activity_messages_are_never_sent_and_private_notes_are(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["message_created"])
    with api(server) as client:
        client.post(f"{A}/conversations/1/toggle_status", headers=ADMIN, json={"status": "resolved"})
        client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "note", "private": True})
    receiver.wait(lambda: len(receiver.requests) == 1)
    fake.deliveries.settle()
    (note,) = receiver.events()
    assert note["private"] is True and note["content"] == "note"
    # conversation.messages[0] stays the last public, non-activity message
    assert note["conversation"]["messages"][0]["id"] != note["id"]


def test_api_inbox_callback_gets_every_event_unfiltered(server, fake, receiver):
    fake.store.account(1).inboxes.get(1).channel.update(
        webhook_url=receiver.url("/api-inbox"), secret="s3cret"
    )
    with api(server) as client:
        client.post(f"{A}/conversations/1/toggle_typing_status", headers=ADMIN, json={"typing_status": "on"})
        client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "reply"})
    receiver.wait(lambda: len(receiver.requests) >= 3)
    fake.deliveries.settle()
    names = [e["event"] for e in receiver.events("/api-inbox")]
    assert names[:2] == ["conversation_typing_on", "message_created"]
    assert "conversation_updated" in names  # the reply cleared waiting_since
    typing = receiver.events()[0]
    assert list(typing) == ["event", "user", "conversation", "is_private"]
    assert typing["user"] == {"id": 1, "name": "John", "email": "john@acme.inc", "type": "user"}
    _, headers, body = receiver.requests[0]
    assert verify("s3cret", headers, body)


def test_api_inbox_callback_failure_marks_the_message_failed(server, fake):
    failing = Receiver(lambda path, body: (500, b"boom"))
    try:
        fake.store.account(1).inboxes.get(1).channel["webhook_url"] = failing.url()
        with api(server) as client:
            message = client.post(
                f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "x"}
            ).json()
            failed = fake.deliveries.wait_for("message_created", kind="api_inbox_webhook")
            assert failed.state == "failed" and failed.error == "500 Internal Server Error"
            fake.deliveries.wait_for("message_updated", data={"id": message["id"]})
            shown = client.get(f"{A}/conversations/1/messages", headers=ADMIN).json()["payload"]
        row = next(m for m in shown if m["id"] == message["id"])
        assert row["status"] == "failed"
        assert row["content_attributes"]["external_error"] == "500 Internal Server Error"
        # the failure is a consequence of the delivery, and the delivery of the request
        chain = fake.timeline(failed.cause)
        assert any(r["kind"] == "delivery" and r["event"] == "message_updated" for r in chain)
    finally:
        failing.close()


def test_bot_answers_through_its_token_and_the_reply_is_an_agent_bot_message(server, fake):
    """An incoming message reaches the bot; the bot replies with its api_access_token; the reply is
    sender_type AgentBot over REST and in the next webhook."""
    replies: list[int] = []

    def bot(path: str, body: bytes) -> tuple[int, bytes]:
        payload = json.loads(body)
        if payload["event"] == "message_created" and payload["message_type"] == "incoming":
            conversation = payload["conversation"]["id"]
            answer = httpx.post(
                f"{server.url}{A}/conversations/{conversation}/messages",
                headers=BOT,
                json={"content": "bot here"},
            )
            replies.append(answer.status_code)
        return 200, b""

    bot_app = Receiver(bot)
    try:
        fake.store.agent_bots.get(1).outgoing_url = bot_app.url("/bot")
        with api(server) as client:
            client.post(
                f"{A}/conversations/1/messages",
                headers=ADMIN,
                json={"content": "help", "message_type": "incoming"},
            )
            reply = fake.deliveries.wait_for("message_created", data={"sender.type": "agent_bot"})
            assert replies == [200]
            messages = client.get(f"{A}/conversations/1/messages", headers=ADMIN).json()["payload"]
        last = messages[-1]
        assert (last["content"], last["sender"]["type"]) == ("bot here", "agent_bot")
        assert reply.payload()["sender"] == {"id": 1, "name": "Acme Bot", "type": "agent_bot"}
        assert reply.payload()["message_type"] == "outgoing"
        assert verify(fake.store.agent_bots.get(1).secret, reply.headers, reply.body)
    finally:
        bot_app.close()


def test_bot_token_scope(server, fake):
    with api(server) as client:
        allowed = client.post(f"{A}/conversations/1/toggle_priority", headers=BOT, json={"priority": "high"})
        refused = client.get(f"{A}/contacts", headers=BOT)
    assert allowed.status_code == 200
    assert refused.status_code == 401
    assert refused.json() == {"error": "Access to this endpoint is not authorized for bots"}


def test_handoff_and_bot_assignment(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["conversation_status_changed"])
    fake.store.agent_bots.get(1).outgoing_url = receiver.url("/bot")
    with api(server) as client:
        created = client.post(
            f"{A}/conversations", headers=ADMIN, json={"inbox_id": 1, "contact_id": 1}
        ).json()
        assert created["status"] == "pending"  # the inbox has an active bot
        number = created["id"]
        handoff = client.post(
            f"{A}/conversations/{number}/toggle_status", headers=BOT, json={"status": "open"}
        )
        assert handoff.json()["payload"]["current_status"] == "open"
        assigned = client.post(
            f"{A}/conversations/{number}/assignments",
            headers=ADMIN,
            json={"assignee_id": 1, "assignee_type": "AgentBot"},
        )
        shown = client.get(f"{A}/conversations/{number}", headers=ADMIN).json()
    assert set(assigned.json()) == {"id", "name", "description", "thumbnail", "outgoing_url", "bot_type"}
    assert shown["meta"]["assignee_type"] == "AgentBot" and shown["meta"]["assignee"]["id"] == 1
    fake.deliveries.wait_for("conversation_status_changed", kind="account_webhook")
    opened = fake.deliveries.wait_for("conversation_opened", kind="agent_bot_webhook")
    assert opened.payload()["status"] == "open" and "changed_attributes" not in opened.payload()


def test_bot_retries_on_500_on_the_fake_clock_then_opens_the_conversation(server, fake):
    failing = Receiver(lambda path, body: (500, b""))
    fake.set_clock(FrozenClock(1_777_629_600))
    try:
        fake.store.agent_bots.get(1).outgoing_url = failing.url("/bot")
        with api(server) as client:
            number = client.post(
                f"{A}/conversations", headers=ADMIN, json={"inbox_id": 1, "contact_id": 1}
            ).json()["id"]
            client.post(
                f"{A}/conversations/{number}/messages",
                headers=ADMIN,
                json={"content": "hi", "message_type": "incoming"},
            )
            first = fake.deliveries.wait_for(
                "message_created", kind="agent_bot_webhook", state="retrying", done=False
            )
            time.sleep(0.2)
            assert len(first.attempts) == 1  # the clock is frozen: no retry yet
            fake.advance(3)
            assert fake.deliveries.journal.wait(
                lambda: len(first.attempts) == 2 and first.state == "retrying", 5
            )
            fake.advance(3)
            final = fake.deliveries.wait_for("message_created", kind="agent_bot_webhook", state="failed")
            assert [a.status for a in final.attempts] == [500, 500, 500]
            ids = {
                h["X-Chatwoot-Delivery"]
                for _, h, b in failing.requests
                if json.loads(b)["event"] == "message_created"
            }
            assert len(ids) == 1  # the same delivery id on every attempt
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                shown = client.get(f"{A}/conversations/{number}", headers=ADMIN).json()
                if shown["status"] == "open":
                    break
                time.sleep(0.02)
            messages = client.get(f"{A}/conversations/{number}/messages", headers=ADMIN).json()["payload"]
        assert shown["status"] == "open"
        assert messages[-1]["content"] == MSG_BOT_ERROR_MOVED_TO_OPEN and messages[-1]["message_type"] == 2
    finally:
        failing.close()
        fake.set_clock(SystemClock())  # the session's fake runs on real time for the tests after this one


def test_account_webhooks_are_not_retried(server, fake):
    failing = Receiver(lambda path, body: (500, b""))
    try:
        fake.store.webhooks.create(1, url=failing.url(), subscriptions=["message_created"])
        with api(server) as client:
            client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "x"})
        failed = fake.deliveries.wait_for("message_created", kind="account_webhook")
        assert failed.state == "failed" and len(failed.attempts) == 1
    finally:
        failing.close()


def test_two_hundred_quick_messages_arrive_in_order(server, fake, receiver):
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["message_created"])
    with api(server) as client:
        ids = [
            client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": str(i)}).json()["id"]
            for i in range(200)
        ]
    receiver.wait(lambda: len(receiver.requests) == 200, timeout=20)
    assert [e["id"] for e in receiver.events()] == ids


# --- bad targets: the delivery fails with a reason and the fake keeps serving -------------------


def _silent_server() -> tuple[socket.socket, list[socket.socket]]:
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def _resetting_server() -> socket.socket:
    """Reads the request, then resets the connection."""
    import struct

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener


def test_bad_targets_fail_with_a_reason(server, fake, monkeypatch):
    monkeypatch.setattr(fake.settings, "webhook_timeout", 0.3)
    silent, held = _silent_server()
    resetting = _resetting_server()
    try:
        inbox = fake.store.account(1).inboxes.get(1)
        inbox.channel["webhook_url"] = "ftp://example.test/hook"  # no format check on API inboxes
        fake.store.webhooks.create(
            1, url=f"http://127.0.0.1:{silent.getsockname()[1]}/", subscriptions=["message_created"]
        )
        fake.store.webhooks.create(
            1, url=f"http://127.0.0.1:{resetting.getsockname()[1]}/", subscriptions=["message_created"]
        )
        started = time.monotonic()
        with api(server) as client:
            sent = client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "x"})
            assert sent.status_code == 200
            assert time.monotonic() - started < 0.3  # deliveries never slow the response
            fake.deliveries.settle()
            assert client.get("/api/v1/profile", headers=ADMIN).status_code == 200
        errors = {
            d.url.split(":")[0] + ":" + str(d.kind): d.error for d in fake.deliveries.find("message_created")
        }
        by_url = {d.url: d for d in fake.deliveries.find("message_created")}
        assert by_url["ftp://example.test/hook"].error.startswith(
            "Invalid webhook URL ftp://example.test/hook"
        )
        assert by_url[f"http://127.0.0.1:{silent.getsockname()[1]}/"].error == "Net::ReadTimeout"
        assert by_url[f"http://127.0.0.1:{resetting.getsockname()[1]}/"].error == "Connection reset by peer"
        assert all(d.state == "failed" for d in by_url.values()), errors
    finally:
        silent.close()
        resetting.close()
        for conn in held:
            conn.close()


def test_a_huge_answer_is_never_read(server, fake):
    """A receiver that answers 200 with a 50 MB body: delivered at once, the body left unread."""
    sent_bytes: list[int] = []

    def serve(listener: socket.socket) -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 52428800\r\n\r\n")
        total = 0
        try:
            for _ in range(800):
                conn.sendall(b"x" * 65536)
                total += 65536
        except OSError:
            pass
        sent_bytes.append(total)
        conn.close()

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    thread = threading.Thread(target=serve, args=(listener,), daemon=True)
    thread.start()
    try:
        fake.store.webhooks.create(
            1, url=f"http://127.0.0.1:{listener.getsockname()[1]}/", subscriptions=["message_created"]
        )
        with api(server) as client:
            client.post(f"{A}/conversations/1/messages", headers=ADMIN, json={"content": "x"})
        done = fake.deliveries.wait_for("message_created", kind="account_webhook")
        assert done.state == "delivered" and done.status == 200
        thread.join(5)
        assert sent_bytes and sent_bytes[0] < 50 * 1024 * 1024  # the connection was closed early
    finally:
        listener.close()


def test_webwidget_triggered_reaches_account_webhooks_and_the_inbox_bot(server, fake, receiver):
    """ContactInbox#webhook_data + event_info; bots hear it from their inbox only (reference 2.7)."""
    fake.store.webhooks.create(1, url=receiver.url(), subscriptions=["webwidget_triggered"])
    fake.store.agent_bots.get(1).outgoing_url = receiver.url("/bot")
    link = fake.store.account(1).contact_inboxes.get(1)
    assert link is not None and link.inbox_id == 1
    with api(server) as client:
        answer = client.post(
            "/_fakewoot/webhooks/webwidget_triggered",
            json={"account_id": 1, "contact_inbox_id": 1, "event_info": {"referer": "https://shop.test/"}},
        )
        assert answer.json() == {"triggered": 1}
        refused = client.post("/_fakewoot/webhooks/webwidget_triggered", json={"account_id": 1})
        assert refused.status_code == 422
    receiver.wait(lambda: len(receiver.requests) == 2)
    by_path = {path: json.loads(body) for path, _, body in receiver.requests}
    payload = by_path["/hook"]
    assert by_path["/bot"] == payload
    assert list(payload) == [
        "id",
        "contact",
        "inbox",
        "account",
        "current_conversation",
        "source_id",
        "event",
        "event_info",
    ]
    assert payload["event_info"] == {"referer": "https://shop.test/"}
    assert payload["current_conversation"]["id"] == 1
    assert set(payload["contact"]) == CONTACT_KEYS
