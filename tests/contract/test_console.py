"""The console (/_fakewoot/) and the read-only control routes it polls: fakewoot/admin/console.py and
fakewoot/admin/browse.py. fakewoot's own shapes (not Chatwoot's): the source is those modules'
docstrings. `/` and the dashboard paths: tests/contract/test_dashboard.py."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakewoot.admin.browse import DEFAULT_PASSWORD, MAX_PER_PAGE, MSG_PAGE, MSG_PER_PAGE, PER_PAGE
from fakewoot.admin.console import FEED_LIMIT, PING_START
from fakewoot.admin.guard import MSG_ORIGIN
from fakewoot.cable import protocol
from fakewoot.control import FakeChatwoot
from fakewoot.errors import HEADER_CONTROL_TOKEN, MSG_CONTROL_TOKEN
from fakewoot.server import ServerThread
from fakewoot.settings import Settings
from fakewoot.version import __version__
from tests.conftest import ADMIN_TOKEN, BOT_TOKEN, PLATFORM_TOKEN, token

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PAGE_KEYS = ["page", "per_page", "total", "more", "rows"]
ACCOUNT_KEYS = [
    "id",
    "name",
    "locale",
    "status",
    "created_at",
    "users",
    "inboxes",
    "contacts",
    "conversations",
]
USER_KEYS = ["id", "name", "email", "type", "access_token", "password", "confirmed", "accounts"]
INBOX_KEYS = ["id", "name", "channel_type", "members", "agent_bot_id", "created_at"]
CONTACT_KEYS = ["id", "name", "email", "phone_number", "identifier", "created_at", "last_activity_at"]
CONVERSATION_KEYS = [
    "id",
    "display_id",
    "status",
    "inbox_id",
    "contact_id",
    "contact_name",
    "assignee_id",
    "team_id",
    "labels",
    "messages",
    "last_activity_at",
]
FEED_KEYS = ["requests", "frames", "deliveries", "cursor"]


def _new_contact(client, name: str, email: str) -> int:
    response = client.post(
        "/api/v1/accounts/1/contacts", json={"name": name, "email": email}, headers=token(ADMIN_TOKEN)
    )
    assert response.status_code == 200, response.text
    return int(response.json()["payload"]["contact"]["id"])


# ------------------------------------------------------------------ the page and its files


def test_the_console_page_is_html_served_at_fakewoot(client):
    for path in ("/_fakewoot/", "/_fakewoot"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["x-fakewoot-version"] == __version__
        assert "<title>fakewoot console</title>" in response.text
        assert '<script src="/_fakewoot/console/console.js"' in response.text


def test_the_page_files_have_their_content_types(client):
    css = client.get("/_fakewoot/console/console.css")
    js = client.get("/_fakewoot/console/console.js")
    assert (css.status_code, css.headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert (js.status_code, js.headers["content-type"]) == (200, "text/javascript; charset=utf-8")
    assert js.headers["cache-control"] == "no-cache"
    assert int(js.headers["content-length"]) == len(js.content)


def test_only_the_console_files_are_served(client):
    for name in (
        "browse.py",
        "..%2Fbrowse.py",
        ".hidden.js",
        "nothing.js",
        "index.htm",
        "a%00.js",
        "x" * 5000 + ".js",
    ):
        response = client.get(f"/_fakewoot/console/{name}")
        assert response.status_code == 404, name
        assert response.json() == {"status": 404, "error": "Not Found"}


# ------------------------------------------------------------------ browse: paginated lists


def test_accounts_page_newest_first_with_counts(client, fake):
    body = client.get("/_fakewoot/browse/accounts").json()
    assert list(body) == PAGE_KEYS
    assert (body["page"], body["per_page"], body["total"], body["more"]) == (1, PER_PAGE, 2, False)
    assert [row["id"] for row in body["rows"]] == [2, 1]
    acme = body["rows"][1]
    assert list(acme) == ACCOUNT_KEYS
    account = fake.store.account(1)
    assert (acme["name"], acme["contacts"], acme["conversations"]) == (
        "Acme Inc",
        len(account.contacts),
        len(account.conversations),
    )
    assert isinstance(acme["created_at"], str) and acme["created_at"].endswith("Z")


def test_contacts_page_by_page_newest_first(client, fake):
    total = len(fake.store.account(1).contacts)
    first = client.get("/_fakewoot/browse/accounts/1/contacts?per_page=2").json()
    assert (first["total"], first["more"], len(first["rows"])) == (total, True, 2)
    assert list(first["rows"][0]) == CONTACT_KEYS
    ids = sorted(fake.store.account(1).contacts.rows, reverse=True)
    assert [row["id"] for row in first["rows"]] == ids[:2]
    second = client.get("/_fakewoot/browse/accounts/1/contacts?per_page=2&page=2").json()
    assert [row["id"] for row in second["rows"]] == ids[2:4]
    last_page = (total + 1) // 2
    last = client.get(f"/_fakewoot/browse/accounts/1/contacts?per_page=2&page={last_page}").json()
    assert last["more"] is False
    past = client.get(f"/_fakewoot/browse/accounts/1/contacts?per_page=2&page={last_page + 1}").json()
    assert (past["rows"], past["more"]) == ([], False)


def test_a_new_contact_heads_the_first_page(client):
    new_id = _new_contact(client, "Zed Newcomer", "zed@new.test")
    row = client.get("/_fakewoot/browse/accounts/1/contacts").json()["rows"][0]
    assert (row["id"], row["name"], row["email"]) == (new_id, "Zed Newcomer", "zed@new.test")


def test_contacts_search_reads_name_email_phone_and_identifier(client):
    new_id = _new_contact(client, "Quentin Searchable", "quentin@find.test")
    for q in ("quentin", "SEARCHABLE", "find.test"):
        body = client.get(f"/_fakewoot/browse/accounts/1/contacts?q={q}").json()
        assert [row["id"] for row in body["rows"]] == [new_id], q
        assert body["total"] == 1  # counted through the search index
    assert client.get("/_fakewoot/browse/accounts/1/contacts?q=nobody-at-all").json()["rows"] == []


def test_contacts_search_is_a_plain_substring(client):
    """% and _ are no wildcards here (the console's own search, not Chatwoot's ILIKE)."""
    new_id = _new_contact(client, "Under_Score 100%", "under@x.test")
    for q in ("under_score", "100%"):
        body = client.get("/_fakewoot/browse/accounts/1/contacts", params={"q": q}).json()
        assert [row["id"] for row in body["rows"]] == [new_id], q
        assert body["total"] is None  # not through the index: not counted
    assert client.get("/_fakewoot/browse/accounts/1/contacts", params={"q": "under%"}).json()["rows"] == []


def test_users_inboxes_and_conversations_pages(client, fake):
    users = client.get("/_fakewoot/browse/users").json()
    assert list(users["rows"][0]) == USER_KEYS
    john = next(u for u in users["rows"] if u["email"] == "john@acme.inc")
    assert john["accounts"] == [{"account_id": 1, "role": "administrator"}]
    assert john["access_token"] == ADMIN_TOKEN
    inboxes = client.get("/_fakewoot/browse/accounts/1/inboxes").json()
    assert list(inboxes["rows"][0]) == INBOX_KEYS
    api_inbox = next(i for i in inboxes["rows"] if i["id"] == 1)
    assert (api_inbox["channel_type"], api_inbox["agent_bot_id"]) == ("Channel::Api", 1)
    conversations = client.get("/_fakewoot/browse/accounts/1/conversations").json()
    assert conversations["total"] == len(fake.store.account(1).conversations)
    row = conversations["rows"][0]
    assert list(row) == CONVERSATION_KEYS
    assert isinstance(row["labels"], list) and isinstance(row["messages"], int)
    status = row["status"]
    filtered = client.get(f"/_fakewoot/browse/accounts/1/conversations?status={status}").json()
    assert filtered["total"] is None and all(r["status"] == status for r in filtered["rows"])


def test_one_record_with_every_field(client, fake):
    conversation = next(iter(fake.store.account(1).conversations.values()))
    body = client.get(f"/_fakewoot/browse/accounts/1/conversations/{conversation.id}").json()
    assert body["id"] == conversation.id and body["uuid"] == conversation.uuid
    assert [m["id"] for m in body["last_messages"]] == conversation.message_ids[-20:]
    contact = client.get("/_fakewoot/browse/accounts/1/contacts/1").json()
    assert contact["email"] == fake.store.account(1).contacts.get(1).email
    assert "last_messages" not in contact
    assert client.get("/_fakewoot/browse/accounts/1/inboxes/1").json()["channel_type"] == "Channel::Api"


def test_unknown_accounts_and_records_are_404(client):
    for path in (
        "/_fakewoot/browse/accounts/99/contacts",
        "/_fakewoot/browse/accounts/abc/inboxes",
        "/_fakewoot/browse/accounts/1/contacts/999999",
        "/_fakewoot/browse/accounts/2/contacts/1",  # contact 1 is account 1's
        "/_fakewoot/browse/accounts/1/notes/1",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"status": 404, "error": "Not Found"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", MSG_PAGE),
        ("page=-1", MSG_PAGE),
        ("page=abc", MSG_PAGE),
        ("page=1.5", MSG_PAGE),
        ("page=99999999999999999999999", MSG_PAGE),
        ("per_page=0", MSG_PER_PAGE),
        (f"per_page={MAX_PER_PAGE + 1}", MSG_PER_PAGE),
        ("per_page=x", MSG_PER_PAGE),
    ],
)
def test_out_of_range_pages_are_422(client, query, message):
    response = client.get(f"/_fakewoot/browse/accounts/1/contacts?{query}")
    assert response.status_code == 422
    assert response.json() == {"error": message}


def test_credentials_name_every_token(client):
    body = client.get("/_fakewoot/credentials").json()
    assert list(body) == ["users", "more_users", "agent_bots", "platform_apps"]
    assert {u["email"]: (u["password"], u["access_token"]) for u in body["users"]} == {
        "john@acme.inc": (DEFAULT_PASSWORD, ADMIN_TOKEN),
        "jane@acme.inc": (DEFAULT_PASSWORD, "fakewoot-agent-token"),
        "hank@globex.test": (DEFAULT_PASSWORD, "fakewoot-globex-admin-token"),
    }
    assert body["more_users"] is False
    assert [b["access_token"] for b in body["agent_bots"]] == [BOT_TOKEN]
    assert [a["access_token"] for a in body["platform_apps"]] == [PLATFORM_TOKEN]


def test_a_changed_password_is_not_shown(client, fake):
    fake.store.users.set_password(fake.store.users.by_email("jane@acme.inc"), "Another1!")
    body = client.get("/_fakewoot/credentials").json()
    assert next(u for u in body["users"] if u["email"] == "jane@acme.inc")["password"] is None


# ------------------------------------------------------------------ status and the feed


def test_status_names_clock_faults_snapshots_and_knobs(client, fake):
    client.post("/_fakewoot/faults", json={"path": "/api/v1/profile", "status": 503, "times": 2})
    client.post("/_fakewoot/snapshots/console-test")
    try:
        body = client.get("/_fakewoot/console/status").json()
    finally:
        fake.named_snapshots.clear()
    assert list(body) == [
        "version",
        "fixtures",
        "clock",
        "faults",
        "snapshots",
        "cable",
        "webhooks",
        "journal",
    ]
    assert body["version"] == __version__
    assert list(body["clock"]) == ["now", "frozen"] and body["clock"]["frozen"] is False
    assert body["faults"] == [
        {"method": "*", "path": "/api/v1/profile", "times": 2, "status": 503, "latency": 0.0, "drop": False}
    ]
    assert body["snapshots"] == ["console-test"]
    assert list(body["cable"]) == ["connections", "hold", "delay", "copies", "pings", "held"]
    assert list(body["webhooks"]) == ["hold", "delay", "copies", "drop_next", "held"]
    assert body["journal"]["requests"] == len(fake.journal.entries) - 1  # this read is journaled after


def test_feed_returns_what_came_after_its_cursor(client):
    first = client.get("/_fakewoot/console/feed").json()
    assert list(first) == FEED_KEYS
    assert list(first["cursor"]) == ["request", "frame", "delivery"]
    client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))
    client.get("/api/v1/accounts/1/contacts", headers=token(ADMIN_TOKEN))
    second = client.get("/_fakewoot/console/feed", params={"request": first["cursor"]["request"]}).json()
    assert [(r["method"], r["path"], r["status"]) for r in second["requests"]] == [
        ("GET", "/api/v1/profile", 200),
        ("GET", "/api/v1/accounts/1/contacts", 200),
    ]
    row = second["requests"][0]
    assert list(row) == ["id", "at", "method", "path", "query", "route", "status", "account_id"]
    assert row["route"] == "profiles.show"
    third = client.get("/_fakewoot/console/feed", params={"request": second["cursor"]["request"]}).json()
    assert third["requests"] == []  # the feed's own reads are control calls: left out


def test_feed_keeps_control_calls_when_asked(client):
    cursor = client.get("/_fakewoot/console/feed").json()["cursor"]["request"]
    client.post("/_fakewoot/clock", json={"unfreeze": True})
    rows = client.get("/_fakewoot/console/feed", params={"request": cursor, "control": "1"}).json()[
        "requests"
    ]
    assert [r["route"] for r in rows] == ["fakewoot.console.feed", "fakewoot.clock.set"]


def test_feed_starts_over_after_a_reset(client):
    client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))
    cursor = client.get("/_fakewoot/console/feed").json()["cursor"]["request"]
    client.post("/_fakewoot/reset")
    client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))
    rows = client.get("/_fakewoot/console/feed", params={"request": cursor + 50}).json()["requests"]
    assert [r["path"] for r in rows] == ["/api/v1/profile"]


def test_feed_frames_after_the_cursor_without_pings(client, fake):
    fake.record_frame("sent", 7, protocol.ping(1_700_000_000))
    fake.record_frame("sent", 7, '{"message":{"event":"one"}}')
    first = client.get("/_fakewoot/console/feed").json()
    assert [f["frame"] for f in first["frames"]] == ['{"message":{"event":"one"}}']
    assert list(first["frames"][0]) == ["at", "direction", "connection_id", "frame"]
    fake.record_frame("received", 7, '{"command":"subscribe"}')
    second = client.get("/_fakewoot/console/feed", params={"frame": first["cursor"]["frame"]}).json()
    assert [(f["direction"], f["frame"]) for f in second["frames"]] == [
        ("received", '{"command":"subscribe"}')
    ]
    pings = client.get("/_fakewoot/console/feed", params={"pings": "1"}).json()["frames"]
    assert pings[0]["frame"].startswith(PING_START)


def test_feed_limits_each_kind_to_the_newest(client, fake):
    for index in range(FEED_LIMIT + 5):
        fake.record_frame("sent", 1, f'{{"n":{index}}}')
    frames = client.get("/_fakewoot/console/feed").json()["frames"]
    assert len(frames) == FEED_LIMIT
    assert frames[-1]["frame"] == f'{{"n":{FEED_LIMIT + 4}}}'


def test_feed_deliveries_with_their_state(client, fake, receiver):
    fake.deliveries.send(receiver.url(), {"event": "hello"}, event="hello")
    fake.deliveries.wait_for("hello", timeout=5)
    rows = client.get("/_fakewoot/console/feed").json()["deliveries"]
    assert [(d["event"], d["url"], d["state"], d["status"]) for d in rows] == [
        ("hello", receiver.url(), "delivered", 200)
    ]
    assert list(rows[0]) == ["id", "at", "event", "kind", "url", "state", "status", "error", "cause"]
    cursor = client.get("/_fakewoot/console/feed").json()["cursor"]["delivery"]
    assert client.get("/_fakewoot/console/feed", params={"delivery": cursor}).json()["deliveries"] == []


def test_feed_repeats_a_delivery_until_it_is_done(client, fake, receiver):
    fake.deliveries.dispatcher.hold = True
    try:
        fake.deliveries.send(receiver.url(), {"event": "held"}, event="held")
        first = client.get("/_fakewoot/console/feed").json()
        assert [(d["event"], d["state"]) for d in first["deliveries"]] == [("held", "held")]
        again = client.get("/_fakewoot/console/feed", params={"delivery": first["cursor"]["delivery"]}).json()
        assert [d["state"] for d in again["deliveries"]] == ["held"]
    finally:
        fake.deliveries.dispatcher.hold = False
    fake.deliveries.release()
    fake.deliveries.wait_for("held", timeout=5)
    done = client.get("/_fakewoot/console/feed", params={"delivery": again["cursor"]["delivery"]}).json()
    assert [(d["event"], d["state"]) for d in done["deliveries"]] == [("held", "delivered")]
    after = client.get("/_fakewoot/console/feed", params={"delivery": done["cursor"]["delivery"]}).json()
    assert after["deliveries"] == []


def test_scenarios_lists_the_built_in_files(client):
    assert client.get("/_fakewoot/console/scenarios").json() == {"scenarios": ["customer_chat", "webhooks"]}


def test_ping_frames_begin_as_the_feed_expects():
    assert protocol.ping(0).startswith(PING_START)


# ------------------------------------------------------------------ who may call


@pytest.fixture(scope="module")
def guarded() -> Iterator[ServerThread]:
    with ServerThread(FakeChatwoot(Settings(control_token="console-secret"))) as server:
        yield server


READS = [
    "/_fakewoot/console/status",
    "/_fakewoot/console/feed",
    "/_fakewoot/console/scenarios",
    "/_fakewoot/credentials",
    "/_fakewoot/browse/accounts",
    "/_fakewoot/browse/users",
    "/_fakewoot/browse/accounts/1/contacts",
    "/_fakewoot/browse/accounts/1/contacts/1",
]


def test_with_a_control_token_the_reads_need_it_but_the_page_does_not(guarded):
    with httpx.Client(base_url=guarded.url) as http:
        for path in READS:
            for headers in ({}, {HEADER_CONTROL_TOKEN: "wrong"}, token(ADMIN_TOKEN)):
                response = http.get(path, headers=headers)
                assert (response.status_code, response.json()) == (401, {"error": MSG_CONTROL_TOKEN}), path
            assert http.get(path, headers={HEADER_CONTROL_TOKEN: "console-secret"}).status_code == 200
        for path in ("/_fakewoot/", "/_fakewoot/console/console.js", "/_fakewoot/console/console.css"):
            assert http.get(path).status_code == 200, path
        assert http.get("/", headers=HTML, follow_redirects=False).status_code == 302


def test_pages_on_other_origins_cannot_read(client):
    for path in READS:
        response = client.get(path, headers={"Origin": "http://evil.test"})
        assert response.status_code == 403, path
        assert response.json() == {"error": MSG_ORIGIN.format(origin="http://evil.test")}
        assert "access-control-allow-origin" not in response.headers


def test_the_console_origin_itself_may_read(socket_client, fake):
    origin = str(socket_client.base_url).rstrip("/")
    assert socket_client.get("/_fakewoot/console/status", headers={"Origin": origin}).status_code == 200
