"""/api/v2/accounts/:id/reports (v4.10): index (time series), summary, bot_summary, conversations.

Expected numbers are worked out by hand from a timeline driven by a frozen clock: a conversation
is created, the contact writes, an agent replies after 120 s (first response), the contact
writes again and gets a reply after 30 s (reply time), and the conversation is resolved 300 s
after it was created (resolution time). Sources: app/controllers/api/v2/accounts/reports_controller.rb,
app/builders/v2/report_builder.rb, app/builders/v2/reports/**, app/listeners/reporting_event_listener.rb.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot.api.reports import MSG_BLANK_TYPE, MSG_INVALID_DATE, MSG_NO_TO_SYM, MSG_UNDEFINED_TYPE
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from fakewoot.store import reporting_events as names
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

ADMIN, AGENT, OTHER = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
URL = "/api/v2/accounts/1/reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
T0 = 1_717_200_000  # 2024-06-01T00:00:00Z
DAY = 86_400
SUMMARY_KEYS = [
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "avg_first_response_time",
    "avg_resolution_time",
    "resolutions_count",
    "reply_time",
]
EMPTY_SUMMARY = {
    "conversations_count": 0,
    "incoming_messages_count": 0,
    "outgoing_messages_count": 0,
    "avg_first_response_time": None,
    "avg_resolution_time": None,
    "resolutions_count": 0,
    "reply_time": None,
}


@pytest.fixture
def frozen(fake, freeze):
    freeze(T0)
    return fake


def _day(**extra: Any) -> dict[str, Any]:
    return {"type": "account", "since": str(T0), "until": str(T0 + DAY), **extra}


def _message(client, display_id: int, content: str, **fields: Any) -> dict[str, Any]:
    url = f"{CONVERSATIONS}/{display_id}/messages"
    response = client.post(url, json={"content": content, **fields}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def _new_conversation(client, inbox_id: int = 1, contact_id: int = 3) -> dict[str, Any]:
    """A new conversation: by default Carla's (contact 3) in the API inbox, whose active bot makes
    it start pending; inbox 2 (Alice, contact 1) has no bot, so it starts open."""
    created = client.post(CONVERSATIONS, json={"inbox_id": inbox_id, "contact_id": contact_id}, headers=ADMIN)
    assert created.status_code == 200, created.text
    return created.json()


def _timeline(client, fake) -> int:
    """The conversation the module docstring describes; returns its display id."""
    created = _new_conversation(client)
    display_id = created["id"]
    _message(client, display_id, "help", message_type="incoming")
    fake.advance(120)
    _message(client, display_id, "on it")  # first response: 120 s after creation
    fake.advance(60)
    _message(client, display_id, "still broken", message_type="incoming")  # waiting since T0 + 180
    fake.advance(30)
    _message(client, display_id, "fixed")  # reply time: 30 s
    fake.advance(90)
    resolved = client.post(
        f"{CONVERSATIONS}/{display_id}/toggle_status", json={"status": "resolved"}, headers=ADMIN
    )
    assert resolved.status_code == 200
    return display_id


def test_summary_from_the_message_timeline(client, frozen):
    _timeline(client, frozen)
    response = client.get(f"{URL}/summary", params=_day(), headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [*SUMMARY_KEYS, "previous"]
    assert {k: body[k] for k in SUMMARY_KEYS} == {
        "conversations_count": 1,
        "incoming_messages_count": 2,
        "outgoing_messages_count": 2,
        "avg_first_response_time": "120.0",  # a BigDecimal: a string on the wire
        "avg_resolution_time": "300.0",
        "resolutions_count": 1,
        "reply_time": "30.0",
    }
    assert body["previous"] == EMPTY_SUMMARY  # the day before
    assert list(body["previous"]) == SUMMARY_KEYS


def test_the_listener_writes_chatwoots_reporting_events(client, frozen):
    display_id = _timeline(client, frozen)
    conversation = frozen.store.conversations.by_display_id(1, display_id)
    rows = [e for e in frozen.store.reporting_events.of(1) if e.conversation_id == conversation.id]
    assert [(e.name, e.value, e.event_start_time - T0, e.event_end_time - T0) for e in rows] == [
        (names.FIRST_RESPONSE, 120.0, 0, 120),
        (names.REPLY_TIME, 30.0, 180, 210),
        (names.CONVERSATION_RESOLVED, 300.0, 0, 300),
    ]
    assert rows[0].user_id == 1  # the replying agent (john)
    assert all(e.value_in_business_hours == 0 for e in rows)  # working hours are off
    frozen.advance(600)
    client.post(f"{CONVERSATIONS}/{display_id}/toggle_status", json={"status": "open"}, headers=ADMIN)
    reopened = frozen.store.reporting_events.of(1)[-1]
    assert (reopened.name, reopened.value, reopened.event_start_time - T0) == (
        names.CONVERSATION_OPENED,
        600.0,
        300,
    )


def test_timeseries_counts_per_day_and_hour(client, frozen):
    _timeline(client, frozen)
    params = {
        "metric": "conversations_count",
        "type": "account",
        "since": str(T0 - DAY),
        "until": str(T0 + DAY),
    }
    body = client.get(URL, params=params, headers=ADMIN).json()
    assert body == [{"value": 0, "timestamp": T0 - DAY}, {"value": 1, "timestamp": T0}]
    hourly = client.get(
        URL, params={**params, "metric": "incoming_messages_count", "group_by": "hour"}, headers=ADMIN
    )
    series = hourly.json()
    assert len(series) == 48 and series[24] == {"value": 2, "timestamp": T0}
    assert sum(entry["value"] for entry in series) == 2


def test_timeseries_averages_carry_counts(client, frozen):
    _timeline(client, frozen)
    params = {
        "metric": "avg_first_response_time",
        "type": "account",
        "since": str(T0 - DAY),
        "until": str(T0 + DAY),
    }
    body = client.get(URL, params=params, headers=ADMIN).json()
    assert body == [
        {"value": 0, "timestamp": T0 - DAY, "count": 0},
        {"value": "120.0", "timestamp": T0, "count": 1},
    ]
    assert list(body[1]) == ["value", "timestamp", "count"]


def test_timezone_offset_moves_the_buckets(client, frozen):
    _timeline(client, frozen)  # everything happens at 2024-06-01 00:00-00:05 UTC
    params = {
        "metric": "outgoing_messages_count",
        "type": "account",
        "since": str(T0 - DAY),
        "until": str(T0 + DAY),
    }
    pst = client.get(URL, params={**params, "timezone_offset": "-8"}, headers=ADMIN).json()
    # in UTC-8 the replies fall on May 31, whose local midnight is 08:00 UTC
    assert [(e["timestamp"] - T0, e["value"]) for e in pst] == [
        (-DAY - 16 * 3600, 0),
        (-16 * 3600, 2),
        (8 * 3600, 0),
    ]
    odd = client.get(
        URL, params={**params, "timezone_offset": "0.3"}, headers=ADMIN
    ).json()  # no such zone: UTC
    assert [e["timestamp"] for e in odd] == [T0 - DAY, T0]


def test_scoped_summaries_agent_inbox_label_team(client, frozen):
    display_id = _timeline(client, frozen)
    agent = client.get(f"{URL}/summary", params=_day(type="agent", id="1"), headers=ADMIN).json()
    # john sent both replies; the conversation was never assigned, so no reply time or resolution is his
    assert (agent["outgoing_messages_count"], agent["avg_first_response_time"]) == (2, "120.0")
    assert (agent["conversations_count"], agent["reply_time"], agent["resolutions_count"]) == (0, None, 0)
    inbox = client.get(f"{URL}/summary", params=_day(type="inbox", id="1"), headers=ADMIN).json()
    assert (inbox["conversations_count"], inbox["resolutions_count"]) == (1, 1)
    other_inbox = client.get(f"{URL}/summary", params=_day(type="inbox", id="2"), headers=ADMIN).json()
    assert {k: other_inbox[k] for k in SUMMARY_KEYS} == EMPTY_SUMMARY
    label = client.get("/api/v1/accounts/1/labels", headers=ADMIN).json()["payload"][0]
    tagged = client.get(
        f"{URL}/summary", params=_day(type="label", id=str(label["id"])), headers=ADMIN
    ).json()
    assert tagged["conversations_count"] == 0
    client.post(f"{CONVERSATIONS}/{display_id}/labels", json={"labels": [label["title"]]}, headers=ADMIN)
    tagged = client.get(
        f"{URL}/summary", params=_day(type="label", id=str(label["id"])), headers=ADMIN
    ).json()
    assert (tagged["conversations_count"], tagged["incoming_messages_count"], tagged["reply_time"]) == (
        1,
        2,
        "30.0",
    )
    team = client.get(f"{URL}/summary", params=_day(type="team", id="1"), headers=ADMIN).json()
    assert team["conversations_count"] == 0


def test_business_hours_average_reads_the_working_hours_value(client, frozen):
    _timeline(client, frozen)
    body = client.get(f"{URL}/summary", params=_day(business_hours="true"), headers=ADMIN).json()
    assert (body["avg_first_response_time"], body["reply_time"]) == ("0.0", "0.0")


def test_bot_handoff_and_bot_resolution(client, frozen):
    bot = token(BOT_TOKEN)
    handed = _new_conversation(client)  # pending: the bot has it
    frozen.advance(45)
    url = f"{CONVERSATIONS}/{handed['id']}/toggle_status"
    assert client.post(url, json={"status": "open"}, headers=bot).status_code == 200  # bot_handoff!
    client.post(url, json={"status": "pending"}, headers=ADMIN)
    client.post(url, json={"status": "open"}, headers=bot)  # a second handoff is not counted again
    solved = _new_conversation(client)
    _message(client, solved["id"], "hi", message_type="incoming")
    frozen.advance(15)
    client.post(f"{CONVERSATIONS}/{solved['id']}/toggle_status", json={"status": "resolved"}, headers=bot)
    body = client.get(f"{URL}/bot_summary", params=_day(), headers=ADMIN).json()
    assert body == {
        "bot_resolutions_count": 1,  # no user ever wrote in it
        "bot_handoffs_count": 1,
        "previous": {"bot_resolutions_count": 0, "bot_handoffs_count": 0},
    }
    handoffs = [e for e in frozen.store.reporting_events.of(1) if e.name == names.CONVERSATION_BOT_HANDOFF]
    assert [(e.value, e.event_end_time - T0) for e in handoffs] == [(45.0, 45)]
    series = client.get(URL, params=_day(metric="bot_handoffs_count"), headers=ADMIN).json()
    assert series == [{"value": 1, "timestamp": T0}]


def test_bot_summary_shape(client, frozen):
    _timeline(client, frozen)
    body = client.get(f"{URL}/bot_summary", params=_day(), headers=ADMIN).json()
    assert body == {
        "bot_resolutions_count": 0,
        "bot_handoffs_count": 0,
        "previous": {"bot_resolutions_count": 0, "bot_handoffs_count": 0},
    }


def test_live_conversation_counts_follow_the_conversation(client, frozen):
    before = client.get(f"{URL}/conversations", params={"type": "account"}, headers=ADMIN).json()
    assert list(before) == ["open", "unattended", "unassigned", "pending"]
    created = _new_conversation(client, inbox_id=2, contact_id=1)
    now = client.get(f"{URL}/conversations", params={"type": "account"}, headers=ADMIN).json()
    assert now == {
        **before,
        "open": before["open"] + 1,
        "unattended": before["unattended"] + 1,
        "unassigned": before["unassigned"] + 1,
    }
    _message(client, created["id"], "hello")  # the first reply: attended
    client.post(f"{CONVERSATIONS}/{created['id']}/assignments", json={"assignee_id": 2}, headers=ADMIN)
    after = client.get(f"{URL}/conversations", params={"type": "account"}, headers=ADMIN).json()
    assert after == {**before, "open": before["open"] + 1}
    assert after["pending"] == 0  # open AND pending: never counted upstream


def test_live_counts_per_agent(client, frozen):
    rows = client.get(f"{URL}/conversations", params={"type": "agent"}, headers=ADMIN).json()
    assert rows and all(
        list(row) == ["id", "name", "email", "thumbnail", "availability", "metric"] for row in rows
    )
    assert all(list(row["metric"]) == ["open", "unattended"] for row in rows)
    opens = [row["metric"]["open"] for row in rows]
    assert opens == sorted(opens, reverse=True)
    store = frozen.store
    for row in rows:
        expected = sum(
            1
            for c in store.state.accounts[1].conversations.values()
            if c.assignee_id == row["id"] and c.status == "open"
        )
        assert row["metric"]["open"] == expected


def test_conversations_without_type_is_a_bare_422(client, frozen):
    response = client.get(f"{URL}/conversations", headers=ADMIN)
    assert (response.status_code, response.content) == (422, b"")


@pytest.mark.parametrize("kind", [[], {}, False, ""])
def test_conversations_with_a_blank_type_is_a_bare_422(client, frozen, kind):
    response = client.request("GET", f"{URL}/conversations", json={"type": kind}, headers=ADMIN)
    assert (response.status_code, response.content) == (422, b"")


@pytest.mark.parametrize("kind", ["inbox", "team", "label"])
def test_conversations_of_a_record_type_find_no_record(client, frozen, kind):
    """conversation_params carries no id: the builder's scope is `inboxes.find(nil)`, a 404 for every
    page with account users; a page past them is an empty list."""
    response = client.get(f"{URL}/conversations", params={"type": kind, "id": "1"}, headers=ADMIN)
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    empty = client.get(f"{URL}/conversations", params={"type": kind, "page": "99"}, headers=ADMIN)
    assert (empty.status_code, empty.json()) == (200, [])


def test_conversations_with_an_unknown_or_odd_type_is_a_422(client, frozen):
    """Upstream 500s: nil.conversations for an unknown type, Array#to_sym for an array."""
    unknown = client.get(f"{URL}/conversations", params={"type": "nonsense"}, headers=ADMIN)
    assert (unknown.status_code, unknown.json()) == (422, {"error": MSG_UNDEFINED_TYPE})
    for kind, receiver in (([1], "an instance of Array"), (5, "an instance of Integer"), (True, "true")):
        odd = client.request("GET", f"{URL}/conversations", json={"type": kind, "page": 99}, headers=ADMIN)
        assert (odd.status_code, odd.json()) == (422, {"error": MSG_NO_TO_SYM.format(receiver)}), kind


def test_without_a_range_nothing_is_counted(client, frozen):
    _timeline(client, frozen)
    body = client.get(f"{URL}/summary", params={"type": "account"}, headers=ADMIN).json()
    assert {k: body[k] for k in SUMMARY_KEYS} == EMPTY_SUMMARY
    assert (
        client.get(URL, params={"type": "account", "metric": "conversations_count"}, headers=ADMIN).json()
        == []
    )


def test_an_unknown_metric_is_an_empty_object(client, frozen):
    response = client.get(URL, params=_day(metric="nope"), headers=ADMIN)
    assert (response.status_code, response.json()) == (200, {})


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        ({"metric": "conversations_count"}, 422, {"error": MSG_BLANK_TYPE}),
        (_day(metric="conversations_count", type="planet"), 422, {"error": MSG_UNDEFINED_TYPE}),
        (_day(metric="conversations_count", since="yesterday"), 422, {"error": MSG_INVALID_DATE}),
        (_day(metric="conversations_count", type="inbox", id="999"), 404, {"error": MSG_NOT_FOUND}),
        (_day(metric="conversations_count", type="agent", id="3"), 404, {"error": MSG_NOT_FOUND}),
        (_day(metric="conversations_count", type="label", id="abc"), 404, {"error": MSG_NOT_FOUND}),
    ],
)
def test_bad_parameters(client, frozen, params, status, body):
    response = client.get(URL, params=params, headers=ADMIN)
    assert (response.status_code, response.json()) == (status, body)
    summary = client.get(f"{URL}/summary", params=params, headers=ADMIN)
    assert (summary.status_code, summary.json()) == (status, body)


ROUTES = [URL, f"{URL}/summary", f"{URL}/bot_summary", f"{URL}/conversations", f"{URL}/bot_metrics"]


@pytest.mark.parametrize("url", ROUTES)
def test_strangers_and_bots_are_refused(client, url):
    assert_refuses_strangers(client, "GET", url)


@pytest.mark.parametrize("url", ROUTES)
def test_agents_and_other_accounts_are_refused(client, url):
    params = _day(metric="conversations_count")
    agent = client.get(url, params=params, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    other = client.get(url, params=params, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_the_time_index_follows_new_rows_without_a_rebuild(client, frozen):
    from fakewoot.reporting.timeline import timeline

    client.get(f"{URL}/summary", params=_day(), headers=ADMIN)  # builds the index
    indexes = frozen.store.reporting_events.indexes
    built = indexes[1]
    _timeline(client, frozen)  # a conversation, messages and activity messages
    account = frozen.store.state.accounts[1]
    assert timeline(indexes, account) is built  # kept current, not rebuilt
    fresh = timeline({}, account)
    assert (built.conversations, built.incoming, built.outgoing) == (
        fresh.conversations,
        fresh.incoming,
        fresh.outgoing,
    )
    assert (built.by_inbox, built.by_sender, built.by_conversation) == (
        fresh.by_inbox,
        fresh.by_sender,
        fresh.by_conversation,
    )
    body = client.get(f"{URL}/summary", params=_day(), headers=ADMIN).json()
    assert (
        body["conversations_count"],
        body["incoming_messages_count"],
        body["outgoing_messages_count"],
    ) == (1, 2, 2)


def test_bot_metrics_from_the_bot_inbox(client, frozen):
    bot = token(BOT_TOKEN)
    handed = _new_conversation(client)  # inbox 1 has the active bot
    _message(client, handed["id"], "hello from the contact", message_type="incoming")
    client.post(f"{CONVERSATIONS}/{handed['id']}/toggle_status", json={"status": "open"}, headers=bot)
    _new_conversation(client)
    _new_conversation(client, inbox_id=2, contact_id=1)  # no bot: not counted
    _message(client, handed["id"], "an agent answers")
    body = client.get(f"{URL}/bot_metrics", params=_day(), headers=ADMIN).json()
    # two bot-inbox conversations, one outgoing message, one handoff: 50 %
    assert body == {"conversation_count": 2, "message_count": 1, "resolution_rate": 0, "handoff_rate": 50}
    assert client.get(f"{URL}/bot_metrics", headers=ADMIN).json() == {
        "conversation_count": 0,
        "message_count": 0,
        "resolution_rate": 0,
        "handoff_rate": 0,
    }
