"""/cable over a real socket with the `websockets` client: the ActionCable protocol, RoomChannel,
presence and events from state. Source: ../shared/reference/realtime-actioncable.md 1-5."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets

from fakewoot.cable import protocol
from tests.conftest import ADMIN_TOKEN, BOT_TOKEN, token

TIMEOUT = 3.0


def ws_url(server) -> str:
    return server.url.replace("http://", "ws://") + "/cable"


def room(fake, user_id: int = 1, account_id: int = 1) -> str:
    pubsub = fake.store.users.get(user_id).pubsub_token
    return json.dumps(
        {"channel": "RoomChannel", "pubsub_token": pubsub, "account_id": account_id, "user_id": user_id}
    )


async def frames_until(ws, predicate, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
    """Read frames (skipping pings) until one matches; return everything read."""
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            if frame.get("type") == "ping":
                continue
            seen.append(frame)
            if predicate(frame):
                return seen


async def quiet(ws, seconds: float = 0.4) -> list[dict[str, Any]]:
    """Frames (not pings) that arrive within `seconds`."""
    got: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(seconds):
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") != "ping":
                    got.append(frame)
    except TimeoutError:
        return got


async def subscribe(ws, identifier: str) -> list[dict[str, Any]]:
    await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
    return await frames_until(ws, lambda f: f.get("message", {}).get("event") == "presence.update")


def run(coro):
    return asyncio.run(coro)


def test_handshake_subprotocol_and_welcome(server, fake):
    async def go():
        async with websockets.connect(
            ws_url(server), subprotocols=["actioncable-v1-json", "actioncable-unsupported"]
        ) as ws:
            assert ws.subprotocol == "actioncable-v1-json"
            assert json.loads(await ws.recv()) == {"type": "welcome"}
        async with websockets.connect(ws_url(server)) as ws:  # no subprotocol offered: still accepted
            assert ws.subprotocol is None
            assert json.loads(await ws.recv()) == {"type": "welcome"}

    run(go())


def test_user_subscription_confirm_then_presence_and_identifier_echoed_exactly(server, fake):
    identifier = room(fake).replace(", ", ",  ")  # odd spacing must come back byte for byte

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            frames = await subscribe(ws, identifier)
            assert frames[0] == {"identifier": identifier, "type": "confirm_subscription"}
            presence = frames[-1]
            assert presence["identifier"] == identifier
            data = presence["message"]["data"]
            assert data["account_id"] == 1 and data["users"] == {"1": "online"} and "contacts" in data
            await ws.send(
                json.dumps({"command": "subscribe", "identifier": identifier})
            )  # duplicate: ignored
            await ws.send(
                json.dumps(
                    {
                        "command": "message",
                        "identifier": identifier,
                        "data": json.dumps({"action": "update_presence"}),
                    }
                )
            )
            again = await quiet(ws, 0.5)
            assert [f["message"]["event"] for f in again] == ["presence.update"]

    run(go())
    assert fake.store.presence.is_online(1, "User", 1)


def test_contact_created_over_http_reaches_the_account_stream(server, fake):
    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            async with httpx.AsyncClient(base_url=server.url) as http:
                created = await http.post(
                    "/api/v1/accounts/1/contacts",
                    json={"name": "Live", "email": "live@x.test"},
                    headers=token(ADMIN_TOKEN),
                )
            contact_id = created.json()["payload"]["contact"]["id"]
            frames = await frames_until(ws, lambda f: f.get("message", {}).get("event") == "contact.created")
            data = frames[-1]["message"]["data"]
            assert (data["id"], data["account_id"], data["type"]) == (contact_id, 1, "contact")

    run(go())


def test_changes_made_from_python_in_another_thread_are_delivered(server, fake):
    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            await asyncio.to_thread(
                fake.store.contacts.create, 1, {"name": "From Python", "email": "py@x.test"}
            )
            frames = await frames_until(ws, lambda f: f.get("message", {}).get("event") == "contact.created")
            assert frames[-1]["message"]["data"]["name"] == "From Python"

    run(go())


def test_bad_tokens_get_no_answer_and_strict_mode_rejects(server, fake):
    bad = json.dumps({"channel": "RoomChannel", "pubsub_token": "nope", "account_id": 1, "user_id": 1})
    other_account = room(fake, user_id=1, account_id=2)

    async def go(expected_reject: bool):
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            for identifier in (bad, other_account):
                await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
            got = await quiet(ws, 0.5)
            if expected_reject:
                assert got == [
                    {"identifier": bad, "type": "reject_subscription"},
                    {"identifier": other_account, "type": "reject_subscription"},
                ]
            else:
                assert got == []

    run(go(False))
    fake.settings.cable_strict = True
    try:
        run(go(True))
    finally:
        fake.settings.cable_strict = False


def test_bad_frames_are_never_fatal(server, fake):
    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            for junk in (
                "{",
                "[]",
                '{"command":"dance","identifier":"x"}',
                '{"command":"subscribe"}',
                '{"command":"message","identifier":"unknown","data":"{}"}',
                json.dumps({"command": "subscribe", "identifier": '{"channel":"Nope"}'}),
            ):
                await ws.send(junk)
            assert await quiet(ws, 0.3) == []
            frames = await subscribe(ws, room(fake))
            assert frames[0]["type"] == "confirm_subscription"

    run(go())
    assert any(direction == "received" and frame == "{" for _, direction, _, frame in fake.frames)


def test_contact_widget_subscription_sees_public_messages_only(server, fake):
    conversation = fake.store.conversations.by_display_id(1, 1)
    record = fake.store.account(1).contact_inboxes.get(conversation.contact_inbox_id)
    widget = json.dumps(
        {"channel": "RoomChannel", "pubsub_token": fake.store.contact_inboxes.pubsub_token(record)}
    )

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            frames = await subscribe(ws, widget)
            presence = frames[-1]["message"]["data"]
            assert "contacts" not in presence  # contacts never see other contacts
            async with httpx.AsyncClient(base_url=server.url) as http:
                for body in ({"content": "secret", "private": True}, {"content": "hello Alice"}):
                    await http.post(
                        "/api/v1/accounts/1/conversations/1/messages", json=body, headers=token(ADMIN_TOKEN)
                    )
            frames = await frames_until(ws, lambda f: f.get("message", {}).get("event") == "message.created")
            messages = [
                f["message"]["data"]["content"]
                for f in frames
                if f.get("message", {}).get("event") == "message.created"
            ]
            assert messages == ["hello Alice"]

    run(go())
    assert fake.store.presence.is_online(1, "Contact", 1)


def test_pings_every_three_seconds_and_can_be_stopped(server, fake, monkeypatch):
    monkeypatch.setattr(protocol, "PING_INTERVAL_SECONDS", 0.1)

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            frame = json.loads(await asyncio.wait_for(ws.recv(), 2))
            assert frame["type"] == "ping" and isinstance(frame["message"], int)
            fake.cable_pings = False
            try:
                got = []
                try:
                    async with asyncio.timeout(0.5):
                        while True:
                            got.append(json.loads(await ws.recv()))
                except TimeoutError:
                    pass
                assert [f for f in got if f.get("type") == "ping"] == []
            finally:
                fake.cable_pings = True

    run(go())


def test_emitter_and_disconnect(server, fake):
    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            await asyncio.to_thread(fake.emit, "conversation.mentioned", {"id": 7, "account_id": 1}, to=1)
            frames = await frames_until(
                ws, lambda f: f.get("message", {}).get("event") == "conversation.mentioned"
            )
            assert frames[-1]["message"]["data"] == {"id": 7, "account_id": 1}
            await asyncio.to_thread(fake.send_raw, "not json at all")
            assert await ws.recv() == "not json at all"
            await asyncio.to_thread(fake.disconnect_all, "server_restart", True)
            frames = await frames_until(ws, lambda f: f.get("type") == "disconnect")
            assert frames[-1] == {"type": "disconnect", "reason": "server_restart", "reconnect": True}
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 2)

    run(go())


def test_a_stuck_client_does_not_stall_the_others(server, fake):
    async def go():
        stuck = await websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"], max_queue=1)
        try:
            await subscribe(stuck, room(fake))
            async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
                await ws.recv()
                await subscribe(ws, room(fake))
                for i in range(300):  # the stuck client never reads these
                    fake.emit("conversation.mentioned", {"id": i, "account_id": 1}, to=1)
                frames = await frames_until(
                    ws, lambda f: f.get("message", {}).get("data", {}).get("id") == 299, timeout=5
                )
                assert (
                    len([f for f in frames if f.get("message", {}).get("event") == "conversation.mentioned"])
                    == 300
                )
        finally:
            await stuck.close()

    run(go())


def test_official_rails_actioncable_client(server, fake, js_client_dir):
    """@rails/actioncable 6.1.3 (what Chatwoot's dashboard pins) in Node: sign up, subscribe with the new
    user's pubsub token, contact.created within 3 s, update_presence -> presence.update, bad token
    left unconfirmed (tests/realclient/js/cable_flow.mjs)."""
    import subprocess

    done = subprocess.run(
        ["node", str(js_client_dir / "cable_flow.mjs"), server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"cable_flow.mjs failed:\n{done.stdout}\n{done.stderr}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True
    assert result["events"][:2] == ["presence.update", "contact.created"]


def test_admin_api_holds_reorders_duplicates_and_journals(server, fake):
    async def go():
        async with (
            websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws,
            httpx.AsyncClient(base_url=server.url) as http,
        ):
            await ws.recv()
            await subscribe(ws, room(fake))
            assert (await http.post("/_fakewoot/cable/faults", json={"hold": True})).json()["hold"] is True
            for i in (1, 2, 3):
                await http.post(
                    "/_fakewoot/cable/emit",
                    json={"event": "conversation.mentioned", "data": {"id": i, "account_id": 1}, "to": 1},
                )
            assert await quiet(ws, 0.3) == []  # held back
            assert (await http.post("/_fakewoot/cable/release", json={"reverse": True})).json() == {
                "released": 3
            }
            got = await quiet(ws, 0.5)
            assert [f["message"]["data"]["id"] for f in got] == [3, 2, 1]  # reordered
            await http.post("/_fakewoot/cable/faults", json={"copies": 2})
            await http.post(
                "/_fakewoot/cable/emit", json={"event": "conversation.mentioned", "data": {"id": 9}, "to": 1}
            )
            assert [f["message"]["data"]["id"] for f in await quiet(ws, 0.5)] == [9, 9]  # duplicated
            await http.post("/_fakewoot/cable/faults", json={"copies": 1, "delay": 0.3})
            await http.post(
                "/_fakewoot/cable/emit", json={"event": "conversation.mentioned", "data": {"id": 5}, "to": 1}
            )
            assert await quiet(ws, 0.15) == []
            assert [f["message"]["data"]["id"] for f in await quiet(ws, 0.6)] == [5]  # delayed
            await http.post("/_fakewoot/cable/faults", json={"delay": 0})
            await http.post("/_fakewoot/cable/raw", json={"frame": "{broken"})
            assert await ws.recv() == "{broken"
            frames = (await http.get("/_fakewoot/cable/frames")).json()
            assert {"direction", "frame", "connection_id", "at"} <= set(frames[0])
            assert any(f["direction"] == "received" and '"subscribe"' in f["frame"] for f in frames)
            bad = await http.post("/_fakewoot/cable/emit", json={"data": {}})
            assert bad.status_code == 422

    run(go())


def test_origin_setting_refuses_other_origins_like_rails(server, fake):
    fake.settings.cable_allowed_origins = ("http://dashboard.test",)

    async def go():
        async with websockets.connect(ws_url(server), origin="http://dashboard.test") as ws:
            assert json.loads(await ws.recv()) == {"type": "welcome"}
        with pytest.raises(websockets.InvalidStatus) as info:
            async with websockets.connect(ws_url(server), origin="http://evil.test"):
                pass
        assert info.value.response.status_code == 404
        assert info.value.response.body == b"Page not found"

    try:
        run(go())
    finally:
        fake.settings.cable_allowed_origins = ()


# --- the pubsub hop: a broadcast arrives a moment after the confirmation --------------------------------


class OneReadAtATime:
    """A blocking WebSocket client (websockets' sans-I/O protocol over a plain socket) that hands the
    frames of each socket read to whoever listens at that moment, as event-driven ActionCable clients
    do: frames that came in the same read as the confirmation, before the subscription's handler was
    installed, are lost."""

    def __init__(self, url: str) -> None:
        import socket
        from urllib.parse import urlsplit

        from websockets.client import ClientProtocol
        from websockets.http11 import Response
        from websockets.uri import parse_uri

        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
        self.protocol = ClientProtocol(parse_uri(url), subprotocols=[protocol.SUBPROTOCOL])  # type: ignore[list-item]
        self.protocol.send_request(self.protocol.connect())
        self._flush()
        self.pending: list[Any] = []  # frames that came with the handshake's response
        while not any(isinstance(e, Response) for e in self.pending):
            self.pending += self._take(self.sock.recv(65536))
        self.pending = [e for e in self.pending if not isinstance(e, Response)]

    def _flush(self) -> None:
        for data in self.protocol.data_to_send():
            if data:
                self.sock.sendall(data)

    def _take(self, data: bytes) -> list[Any]:
        self.protocol.receive_data(data)
        self._flush()
        return self.protocol.events_received()

    def send(self, frame: dict[str, Any]) -> None:
        self.protocol.send_text(json.dumps(frame).encode())
        self._flush()

    def read(self) -> list[dict[str, Any]]:
        """One socket read: the text frames it carried (pings left out)."""
        events, self.pending = self.pending or self._take(self.sock.recv(65536)), []
        frames = [json.loads(e.data) for e in events if e.opcode.name == "TEXT"]
        return [f for f in frames if f.get("type") != "ping"]

    def close(self) -> None:
        self.sock.close()


def test_a_handler_installed_after_the_confirmation_still_gets_presence_and_later_broadcasts(
    server, fake, monkeypatch
):
    """Rails broadcasts through its pubsub adapter: RoomChannel's presence.update comes a hop after
    `confirm_subscription`, never in the same read. A client that reads the confirmation, then starts
    listening, gets the presence.update and what is broadcast next, in order."""
    monkeypatch.setattr(fake.settings, "cable_pubsub_delay_ms", 250.0)  # wide, for a loaded machine
    identifier = room(fake)
    client = OneReadAtATime(ws_url(server))
    try:
        welcome = client.read()
        while not welcome:
            welcome = client.read()
        assert welcome == [{"type": "welcome"}]
        client.send({"command": "subscribe", "identifier": identifier})
        read = client.read()
        while not read:
            read = client.read()
        assert read[0] == {"identifier": identifier, "type": "confirm_subscription"}
        assert read[1:] == []  # nothing rode in with the confirmation: no handler yet, it would be lost
        handler: list[dict[str, Any]] = []  # the subscription's handler, installed now
        while not handler:
            handler += client.read()
        assert handler[0]["identifier"] == identifier
        assert handler[0]["message"]["event"] == "presence.update"
        fake.emit("conversation.mentioned", {"id": 1, "account_id": 1}, to=1)
        fake.emit("conversation.mentioned", {"id": 2, "account_id": 1}, to=1)
        while len(handler) < 3:
            handler += client.read()
        assert [f["message"]["data"].get("id") for f in handler[1:]] == [1, 2]
    finally:
        client.close()


def test_the_default_pubsub_hop_delivers_presence_after_the_confirmation(server, fake):
    """At the default hop (a few ms) a subscriber that waits for its confirmation before it listens
    still gets presence.update, a moment later, then the broadcasts that follow."""
    assert fake.settings.cable_pubsub_delay_ms > 0
    identifier = room(fake)

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
            assert json.loads(await ws.recv()) == {"identifier": identifier, "type": "confirm_subscription"}
            confirmed_at = asyncio.get_running_loop().time()
            received: list[tuple[float, dict[str, Any]]] = []

            async def handler() -> None:
                while True:
                    frame = json.loads(await ws.recv())
                    if frame.get("type") != "ping":
                        received.append((asyncio.get_running_loop().time(), frame))

            listening = asyncio.create_task(handler())
            try:
                async with asyncio.timeout(TIMEOUT):
                    while not received:
                        await asyncio.sleep(0.001)
                    await asyncio.to_thread(
                        fake.emit, "conversation.mentioned", {"id": 9, "account_id": 1}, to=1
                    )
                    while len(received) < 2:
                        await asyncio.sleep(0.001)
            finally:
                listening.cancel()
            assert [f["message"]["event"] for _, f in received] == [
                "presence.update",
                "conversation.mentioned",
            ]
            assert received[0][0] >= confirmed_at  # (the gap itself is checked with a wide hop above)

    run(go())


def test_official_rails_actioncable_client_with_a_handler_installed_after_the_confirmation(
    server, fake, js_client_dir
):
    """@rails/actioncable 6.1.3 drops a frame its subscription has no `received` for; installed after
    `connected()` and an await, the handler still gets presence.update (it comes a pubsub hop after
    the confirmation) and then contact.created (tests/realclient/js/cable_late_handler.mjs)."""
    import subprocess

    user = fake.store.users.get(1)
    done = subprocess.run(
        [
            "node",
            str(js_client_dir / "cable_late_handler.mjs"),
            server.url,
            user.pubsub_token,
            "1",
            "1",
            ADMIN_TOKEN,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"cable_late_handler.mjs failed:\n{done.stdout}\n{done.stderr}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True
    assert result["events"][0] == "presence.update" and "contact.created" in result["events"]


def test_an_audio_attachment_carries_transcribed_text_in_the_push_data(server, fake):
    """Attachment#audio_metadata at v4.10: the file keys plus `transcribed_text` ("" without one);
    other file types have no such key (reference realtime-actioncable.md 6.5)."""

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            async with httpx.AsyncClient(base_url=server.url) as http:
                sent = await http.post(
                    "/api/v1/accounts/1/conversations/1/messages",
                    data={"content": "voice"},
                    files=[
                        ("attachments[]", ("note.ogg", b"OggS fake", "audio/ogg")),
                        ("attachments[]", ("doc.txt", b"text", "text/plain")),
                    ],
                    headers=token(ADMIN_TOKEN),
                )
            assert sent.status_code == 200
            frames = await frames_until(ws, lambda f: f.get("message", {}).get("event") == "message.created")
            audio, other = frames[-1]["message"]["data"]["attachments"]
            assert audio["file_type"] == "audio" and audio["transcribed_text"] == ""
            assert list(audio)[-1] == "transcribed_text"
            assert other["file_type"] == "file" and "transcribed_text" not in other
            assert (
                sent.json()["attachments"][0]["transcribed_text"] == ""
            )  # the REST answer: the same push data

    run(go())


def test_a_contact_merge_broadcasts_contact_merged_and_conversation_contact_changed(server, fake):
    """ContactMergeAction at v4.10: contact.merged (account stream) carries the base contact as it was
    before the merged attributes were written, then each moved conversation's update fires
    conversation.contact_changed (agent tokens, conversation push data with the new sender)."""
    headers = token(ADMIN_TOKEN)

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            async with httpx.AsyncClient(base_url=server.url) as http:
                base = (
                    await http.post("/api/v1/accounts/1/contacts", json={"name": "Base"}, headers=headers)
                ).json()["payload"]["contact"]
                mergee = (
                    await http.post(
                        "/api/v1/accounts/1/contacts",
                        json={"name": "Mergee", "email": "mergee@x.test", "inbox_id": 1},
                        headers=headers,
                    )
                ).json()["payload"]["contact"]
                conversation = (
                    await http.post(
                        "/api/v1/accounts/1/conversations",
                        json={"inbox_id": 1, "contact_id": mergee["id"]},
                        headers=headers,
                    )
                ).json()
                merged = await http.post(
                    "/api/v1/accounts/1/actions/contact_merge",
                    json={"base_contact_id": base["id"], "mergee_contact_id": mergee["id"]},
                    headers=headers,
                )
            assert merged.status_code == 200
            frames = await frames_until(
                ws,
                lambda f: (
                    f.get("message", {}).get("event") == "contact.updated"
                    and f["message"]["data"]["id"] == base["id"]
                ),
            )
            events = [f["message"] for f in frames if "message" in f]
            names = [m["event"] for m in events]
            # CONTACT_MERGED is dispatched inside the transaction, the others after its commit
            merged_at = names.index("contact.merged")
            assert merged_at < names.index("conversation.contact_changed") < names.index("contact.deleted")
            assert names.index("contact.deleted") < len(names) - 1 and names[-1] == "contact.updated"
            changed = next(m["data"] for m in events if m["event"] == "conversation.contact_changed")
            assert changed["id"] == conversation["id"] and changed["meta"]["sender"]["id"] == base["id"]
            assert changed["account_id"] == 1 and changed["performer"]["id"] == 1
            contact = next(m["data"] for m in events if m["event"] == "contact.merged")
            assert (contact["id"], contact["name"], contact["email"]) == (base["id"], "Base", None)
            assert contact["account_id"] == 1 and contact["type"] == "contact"
            assert events[-1]["data"]["email"] == "mergee@x.test"  # then the merged attributes

    run(go())


def test_a_first_mention_broadcasts_conversation_mentioned_to_the_mentioned_user_only(server, fake):
    """Mention#after_create_commit at v4.10 (Conversations::UserMentionJob): the first private-note
    mention of a user in a conversation sends conversation.mentioned (conversation push data +
    account_id, no performer: it runs in a job) to that user's token; a second mention only moves
    mentioned_at, so nothing is sent."""
    note = "hey (mention://user/2/Jane) look"

    async def go():
        async with (
            websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as jane,
            websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as john,
        ):
            await jane.recv()
            await john.recv()
            await subscribe(jane, room(fake, user_id=2))
            await subscribe(john, room(fake, user_id=1))
            async with httpx.AsyncClient(base_url=server.url) as http:
                for _ in range(2):
                    sent = await http.post(
                        "/api/v1/accounts/1/conversations/1/messages",
                        json={"content": note, "private": True},
                        headers=token(ADMIN_TOKEN),
                    )
                    assert sent.status_code == 200
            frames = await frames_until(
                jane, lambda f: f.get("message", {}).get("event") == "message.created"
            )
            frames += await quiet(jane, 0.5)
            mentioned = [
                f["message"]["data"] for f in frames if f["message"]["event"] == "conversation.mentioned"
            ]
            assert len(mentioned) == 1
            assert mentioned[0]["id"] == 1 and mentioned[0]["account_id"] == 1
            assert "performer" not in mentioned[0]
            others = await quiet(john, 0.3)
            assert "conversation.mentioned" not in [f.get("message", {}).get("event") for f in others]

    run(go())


def test_a_bot_typing_carries_the_bot_as_user_and_performer(server, fake):
    """toggle_typing_status from a bot's token (the newer bot scope fakewoot adopted): TypingStatusManager
    passes Current.user, the AgentBot, so `user` and `performer` are its push data; every agent token
    and the contact hear it (a bot has no token to leave out)."""

    async def go():
        async with websockets.connect(ws_url(server), subprotocols=["actioncable-v1-json"]) as ws:
            await ws.recv()
            await subscribe(ws, room(fake))
            async with httpx.AsyncClient(base_url=server.url) as http:
                sent = await http.post(
                    "/api/v1/accounts/1/conversations/1/toggle_typing_status",
                    json={"typing_status": "on"},
                    headers=token(BOT_TOKEN),
                )
            assert sent.status_code == 200
            frames = await frames_until(
                ws, lambda f: f.get("message", {}).get("event") == "conversation.typing_on"
            )
            data = frames[-1]["message"]["data"]
            bot = fake.store.agent_bots.get(1)
            expected = {"id": 1, "name": bot.name, "avatar_url": bot.avatar_url or "", "type": "agent_bot"}
            assert data["user"] == expected and data["performer"] == expected
            assert list(data) == ["conversation", "user", "is_private", "account_id", "performer"]

    run(go())
