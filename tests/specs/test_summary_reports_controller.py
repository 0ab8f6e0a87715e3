"""Port of spec/controllers/api/v2/accounts/summary_reports_controller_spec.rb (v4.10).

Upstream stubs each builder and checks the controller hands it since/until/business_hours and
renders what it builds; the port builds real records (two conversations created today assigned to
a new agent, two more to team 1 (a team assignment drops an assignee outside the team), all in the
website inbox) and reads the rows the builders make of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot.api.summary_reports import MSG_DATE_RANGE_TOO_LONG
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, add_inbox_member, new_user, ok

SPEC = "spec/controllers/api/v2/accounts/summary_reports_controller_spec.rb"
UPSTREAM_ITS = 13
SKIPPED: dict[str, str] = {}
URL = "/api/v2/accounts/1/summary_reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
NOON = int(datetime(2024, 3, 5, 12, tzinfo=UTC).timestamp())
TODAY = {"since": str(NOON - 12 * 3600), "until": str(NOON + 12 * 3600 - 1), "business_hours": "true"}
BASE = "GET /api/v2/accounts/:account_id/summary_reports/"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "


@pytest.fixture
def today(freeze: Any) -> None:
    freeze(NOON)


def _two_conversations(http: Any) -> dict[str, Any]:
    agent = new_user(http)
    add_inbox_member(http, 2, agent["id"])
    for extra in ({"assignee_id": agent["id"]},) * 2 + ({"team_id": 1},) * 2:
        ok(http.post(CONVERSATIONS, json={"inbox_id": 2, "contact_id": 1, **extra}, headers=ADMIN))
    return agent


@ports(*(f"{BASE}{kind}{UNAUTH}" for kind in ("agent", "inbox", "team", "channel")))
def test_summary_reports_refuse_anonymous_callers(http):
    for kind in ("agent", "inbox", "team", "channel"):
        assert http.get(f"{URL}/{kind}").status_code == 401, kind


@ports(
    f"{BASE}agent{AUTHED}returns unauthorized for agents",
    f"{BASE}inbox{AUTHED}returns unauthorized for inbox",
    f"{BASE}team{AUTHED}returns unauthorized for agents",
    f"{BASE}channel{AUTHED}returns unauthorized for agents",
)
def test_summary_reports_refuse_agents(http, today):
    for kind in ("agent", "inbox", "team", "channel"):
        assert http.get(f"{URL}/{kind}", params=TODAY, headers=AGENT).status_code == 401, kind


def _row(http: Any, kind: str, record_id: int) -> dict[str, Any]:
    rows = ok(http.get(f"{URL}/{kind}", params=TODAY, headers=ADMIN))
    return next(row for row in rows if row["id"] == record_id)


@ports(
    f"{BASE}agent{AUTHED}calls V2::Reports::AgentSummaryBuilder with the right params if the user is an admin"
)
def test_agent_rows(http, today):
    agent = _two_conversations(http)
    row = _row(http, "agent", agent["id"])
    assert (row["conversations_count"], row["avg_reply_time"]) == (2, None)


@ports(
    f"{BASE}inbox{AUTHED}calls V2::Reports::InboxSummaryBuilder with the right params if the user is an admin"
)
def test_inbox_rows(http, today):
    _two_conversations(http)
    row = _row(http, "inbox", 2)
    assert (row["conversations_count"], row["avg_reply_time"]) == (4, None)


@ports(
    f"{BASE}team{AUTHED}calls V2::Reports::TeamSummaryBuilder with the right params if the user is an admin"
)
def test_team_rows(http, today):
    _two_conversations(http)
    row = _row(http, "team", 1)
    assert (row["conversations_count"], row["avg_reply_time"]) == (2, None)


@ports(
    f"{BASE}channel{AUTHED}calls V2::Reports::ChannelSummaryBuilder with the right params if the user is an admin"
)
def test_channel_rows(http, today):
    _two_conversations(http)
    body = ok(
        http.get(f"{URL}/channel", params={"since": TODAY["since"], "until": TODAY["until"]}, headers=ADMIN)
    )
    assert body == {"Channel::WebWidget": {"open": 4, "resolved": 0, "pending": 0, "snoozed": 0, "total": 4}}


@ports(f"{BASE}channel{AUTHED}returns unprocessable_entity when date range exceeds 6 months")
def test_channel_refuses_a_year(http, today):
    params = {"since": str(NOON - 365 * 86400), "until": str(NOON)}
    response = http.get(f"{URL}/channel", params=params, headers=ADMIN)
    assert (response.status_code, response.json()["error"]) == (422, MSG_DATE_RANGE_TOO_LONG)
