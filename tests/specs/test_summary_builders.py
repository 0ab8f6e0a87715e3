"""Port of spec/builders/v2/reports/{agent,inbox,team}_summary_builder_spec.rb (v4.10) through
GET /api/v2/accounts/:id/summary_reports/{agent,inbox,team}.

Upstream builds two conversations and writes four reporting events with FactoryBot (a resolution
of 50 s / 40 s in business hours on the second, a first response of 20 s / 10 s and reply times of
30 s / 15 s and 40 s / 25 s on the first; the inbox spec 100/60, 50/30, 30/10, 40/20 a day back);
the port creates the conversations over HTTP and writes the same rows with the store's
reporting_events verb under a frozen clock. Averages are floats on the wire (Postgres AVG).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.store import reporting_events as names
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_user, ok

AGENT = "spec/builders/v2/reports/agent_summary_builder_spec.rb"
INBOX = "spec/builders/v2/reports/inbox_summary_builder_spec.rb"
TEAM = "spec/builders/v2/reports/team_summary_builder_spec.rb"
SPEC = {AGENT: AGENT, INBOX: INBOX, TEAM: TEAM}
UPSTREAM_ITS = {AGENT: 3, INBOX: 3, TEAM: 3}
SKIPPED: dict[str, dict[str, str]] = {AGENT: {}, INBOX: {}, TEAM: {}}
URL = "/api/v2/accounts/1/summary_reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
NOW = int(datetime(2024, 6, 14, 15, tzinfo=UTC).timestamp())
DAY = 86_400
RANGE = {"since": str(NOW - 7 * DAY - 15 * 3600), "until": str(NOW + 9 * 3600 - 1)}
DATA = "#build > when there is team data > "
EMPTY_ROW = {
    "conversations_count": 0,
    "resolved_conversations_count": 0,
    "avg_resolution_time": None,
    "avg_first_response_time": None,
    "avg_reply_time": None,
}


@pytest.fixture
def clock(freeze: Any) -> FrozenClock:
    return freeze(NOW)


def _conversation(http: Any, fake: Any, **fields: Any) -> int:
    body = {"inbox_id": 2, "contact_id": 1, **fields}
    display_id = ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"]
    return int(fake.store.conversations.by_display_id(1, display_id).id)


def _event(
    fake: Any, name: str, value: int, in_business_hours: int, conversation_id: int, **ids: Any
) -> None:
    now = fake.clock.now()
    fake.store.reporting_events.create(
        1,
        name,
        value=value,
        value_in_business_hours=in_business_hours,
        inbox_id=ids.get("inbox_id"),
        user_id=ids.get("user_id"),
        conversation_id=conversation_id,
        event_start_time=now - value,
        event_end_time=now,
    )


def _four_events(
    fake: Any, first: int, second: int, values: tuple[int, ...], ids: dict[str, dict[str, Any]] | None = None
) -> None:
    """A resolution of the second conversation; a first response and two reply times of the first."""
    ids = ids or {}
    resolved, first_response, reply_1, reply_2 = (values[i : i + 2] for i in range(0, 8, 2))
    _event(fake, names.CONVERSATION_RESOLVED, *resolved, second, **ids.get("second", {}))
    _event(fake, names.FIRST_RESPONSE, *first_response, first, **ids.get("first", {}))
    _event(fake, names.REPLY_TIME, *reply_1, first, **ids.get("first", {}))
    _event(fake, names.REPLY_TIME, *reply_2, first, **ids.get("first", {}))


def _rows(http: Any, kind: str, business_hours: bool = False) -> dict[int, dict[str, Any]]:
    params = {**RANGE, "business_hours": "true" if business_hours else "false"}
    return {row["id"]: row for row in ok(http.get(f"{URL}/{kind}", params=params, headers=ADMIN))}


def _pair(
    first: tuple[Any, Any], second: tuple[Any, Any], reply: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    one = {
        **EMPTY_ROW,
        "conversations_count": 1,
        "avg_first_response_time": first[0],
        "avg_reply_time": reply,
    }
    two = {
        **EMPTY_ROW,
        "conversations_count": 1,
        "resolved_conversations_count": 1,
        "avg_resolution_time": second[0],
    }
    return one, two


# --- agents --------------------------------------------------------------------------------------------


def _agents(http: Any, fake: Any) -> tuple[int, int]:
    users = [new_user(http)["id"] for _ in range(2)]
    for user_id in users:
        add_inbox_member(http, 2, user_id)
    c1 = _conversation(http, fake, assignee_id=users[0])
    c2 = _conversation(http, fake, assignee_id=users[1])
    ids = {"first": {"user_id": users[0]}, "second": {"user_id": users[1]}}
    _four_events(fake, c1, c2, (50, 40, 20, 10, 30, 15, 40, 25), ids)
    return users[0], users[1]


@ports(DATA + "when business hours is disabled > returns the correct team stats", spec=AGENT)
def test_agent_rows(http, fake, clock):
    u1, u2 = _agents(http, fake)
    rows = _rows(http, "agent")
    one, two = _pair((20.0, None), (50.0, None), 35.0)
    assert (rows[u1], rows[u2]) == ({"id": u1, **one}, {"id": u2, **two})


@ports(DATA + "when business hours is enabled > uses business hours values", spec=AGENT)
def test_agent_rows_in_business_hours(http, fake, clock):
    u1, u2 = _agents(http, fake)
    rows = _rows(http, "agent", business_hours=True)
    one, two = _pair((10.0, None), (40.0, None), 20.0)
    assert (rows[u1], rows[u2]) == ({"id": u1, **one}, {"id": u2, **two})


@ports("#build > when there is no team data > returns zero values", spec=AGENT)
def test_agent_without_data(http, fake, clock):
    user = new_user(http)
    assert _rows(http, "agent")[user["id"]] == {"id": user["id"], **EMPTY_ROW}


# --- inboxes -------------------------------------------------------------------------------------------


def _inboxes(http: Any, fake: Any, clock: FrozenClock) -> None:
    clock.set(NOW - 2 * DAY)
    c1 = _conversation(http, fake)  # the website inbox (2)
    clock.set(NOW - DAY)
    c2 = _conversation(http, fake, inbox_id=1, contact_id=3)  # the API inbox (1)
    ids = {"first": {"inbox_id": 2}, "second": {"inbox_id": 1}}
    _four_events(fake, c1, c2, (100, 60, 50, 30, 30, 10, 40, 20), ids)
    clock.set(NOW)


@ports("#build > when business hours is disabled > includes correct stats for each inbox", spec=INBOX)
def test_inbox_rows(http, fake, clock):
    _inboxes(http, fake, clock)
    rows = _rows(http, "inbox")
    one, two = _pair((50.0, None), (100.0, None), 35.0)
    assert (rows[2], rows[1]) == ({"id": 2, **one}, {"id": 1, **two})


@ports("#build > when business hours is enabled > uses business hours values for calculations", spec=INBOX)
def test_inbox_rows_in_business_hours(http, fake, clock):
    _inboxes(http, fake, clock)
    rows = _rows(http, "inbox", business_hours=True)
    one, two = _pair((30.0, None), (60.0, None), 15.0)
    assert (rows[2], rows[1]) == ({"id": 2, **one}, {"id": 1, **two})


@ports("#build > when there is no data for an inbox > returns nil values for metrics", spec=INBOX)
def test_inbox_without_data(http, fake, clock):
    _inboxes(http, fake, clock)
    inbox = ok(
        http.post(
            "/api/v1/accounts/1/inboxes", json={"name": "Empty", "channel": {"type": "api"}}, headers=ADMIN
        )
    )
    assert _rows(http, "inbox")[inbox["id"]] == {"id": inbox["id"], **EMPTY_ROW}


# --- teams ---------------------------------------------------------------------------------------------


def _teams(http: Any, fake: Any) -> None:
    c1 = _conversation(http, fake, team_id=1)
    c2 = _conversation(http, fake, team_id=2)
    _four_events(fake, c1, c2, (50, 40, 20, 10, 30, 15, 40, 25))


@ports(DATA + "when business hours is disabled > returns the correct team stats", spec=TEAM)
def test_team_rows(http, fake, clock):
    _teams(http, fake)
    rows = _rows(http, "team")
    one, two = _pair((20.0, None), (50.0, None), 35.0)
    assert (rows[1], rows[2]) == ({"id": 1, **one}, {"id": 2, **two})


@ports(DATA + "when business hours is enabled > uses business hours values", spec=TEAM)
def test_team_rows_in_business_hours(http, fake, clock):
    _teams(http, fake)
    rows = _rows(http, "team", business_hours=True)
    one, two = _pair((10.0, None), (40.0, None), 20.0)
    assert (rows[1], rows[2]) == ({"id": 1, **one}, {"id": 2, **two})


@ports("#build > when there is no team data > returns zero values", spec=TEAM)
def test_team_without_data(http, fake, clock):
    team = ok(http.post("/api/v1/accounts/1/teams", json={"name": "new team"}, headers=ADMIN))
    assert _rows(http, "team")[team["id"]] == {"id": team["id"], **EMPTY_ROW}
