"""Port of spec/builders/v2/reports/timeseries/average_report_builder_spec.rb (v4.10) through
GET /api/v2/accounts/:id/reports (and /reports/summary for aggregate_value).

Upstream writes three first_response rows with FactoryBot (80 s / 10 s in business hours on the
spec's conversation today, 100 s / 20 s an hour earlier, 93 s / 30 s a week earlier); the port
writes the same rows with the store's reporting_events verb under a frozen clock, on a
conversation of the website inbox in team 1 labelled spec-billing. Averages come back as Rails
sends a BigDecimal: decimal strings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fakewoot.store import reporting_events as names
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/builders/v2/reports/timeseries/average_report_builder_spec.rb"
UPSTREAM_ITS = 8
SKIPPED: dict[str, str] = {}
URL = "/api/v2/accounts/1/reports"
NOW = datetime(2020, 10, 26, 10, tzinfo=UTC)  # a Monday
WEEK_AGO = NOW - timedelta(weeks=1)
SINCE = int(datetime(2020, 10, 19, tzinfo=UTC).timestamp())
PARAMS = {
    "type": "account",
    "metric": "avg_first_response_time",
    "since": str(SINCE),
    "until": str(int(datetime(2020, 10, 26, 23, 59, 59, tzinfo=UTC).timestamp())),
    "group_by": "day",
}
NO_FILTER = "#timeseries > when there is no filter applied > "


def _sunday_week(moment: datetime, offset_hours: float = 0) -> int:
    """beginning_of_week(:sunday) in a fixed offset, as Unix seconds."""
    local = moment + timedelta(hours=offset_hours)
    start = datetime(local.year, local.month, local.day, tzinfo=UTC) - timedelta(
        days=(local.weekday() + 1) % 7
    )
    return int((start - timedelta(hours=offset_hours)).timestamp())


@pytest.fixture
def ids(http: Any, fake: Any, freeze: Any) -> dict[str, int]:
    clock = freeze(NOW)
    label = ok(http.post("/api/v1/accounts/1/labels", json={"title": "spec-billing"}, headers=ADMIN))
    body = {"inbox_id": 2, "contact_id": 1, "team_id": 1}
    display_id = ok(http.post("/api/v1/accounts/1/conversations", json=body, headers=ADMIN))["id"]
    url = f"/api/v1/accounts/1/conversations/{display_id}/labels"
    ok(http.post(url, json={"labels": ["spec-billing"]}, headers=ADMIN))
    conversation = fake.store.conversations.by_display_id(1, display_id)
    rows = [
        (NOW, 80, 10, conversation.id, 2),
        (NOW - timedelta(hours=1), 100, 20, None, None),
        (WEEK_AGO, 93, 30, None, None),
    ]
    for at, value, in_business_hours, conversation_id, inbox_id in rows:
        clock.set(at.timestamp())
        fake.store.reporting_events.create(
            1,
            names.FIRST_RESPONSE,
            value=value,
            value_in_business_hours=in_business_hours,
            inbox_id=inbox_id,
            user_id=None,
            conversation_id=conversation_id,
            event_start_time=at.timestamp() - value,
            event_end_time=at.timestamp(),
        )
    clock.set(NOW.timestamp())
    return {"label": label["id"], "inbox": 2, "team": 1}


def _series(http: Any, **params: Any) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = ok(http.get(URL, params={**PARAMS, **params}, headers=ADMIN))
    return body


def _days(first: str, last: str) -> list[dict[str, Any]]:
    empty = [{"value": 0, "timestamp": SINCE + day * 86400, "count": 0} for day in range(1, 7)]
    return [
        {"value": first, "timestamp": SINCE, "count": 1},
        *empty,
        {"value": last, "timestamp": SINCE + 7 * 86400, "count": 2},
    ]


@ports(NO_FILTER + "returns the correct values")
def test_daily_averages(http, ids):
    assert _series(http) == _days("93.0", "90.0")


@ports(NO_FILTER + "when business hours is provided > returns correct timeseries")
def test_daily_averages_in_business_hours(http, ids):
    assert _series(http, business_hours="true") == _days("30.0", "15.0")


@ports(NO_FILTER + "when group_by is provided > returns correct timeseries")
def test_weekly_averages(http, ids):
    assert _series(http, group_by="week") == [
        {"value": "93.0", "timestamp": _sunday_week(WEEK_AGO), "count": 1},
        {"value": "90.0", "timestamp": _sunday_week(NOW), "count": 2},
    ]


@ports(NO_FILTER + "when timezone offset is provided > returns correct timeseries")
def test_weekly_averages_in_chennai(http, ids):
    assert _series(http, group_by="week", timezone_offset="5.5") == [
        {"value": "93.0", "timestamp": _sunday_week(WEEK_AGO, 5.5), "count": 1},
        {"value": "90.0", "timestamp": _sunday_week(NOW, 5.5), "count": 2},
    ]


def _one_conversation_weeks() -> list[dict[str, Any]]:
    return [
        {"value": 0, "timestamp": _sunday_week(WEEK_AGO), "count": 0},
        {"value": "80.0", "timestamp": _sunday_week(NOW), "count": 1},
    ]


@ports("#timeseries > when the label filter is applied > returns correct timeseries")
def test_label_filter(http, ids):
    assert _series(http, group_by="week", type="label", id=str(ids["label"])) == _one_conversation_weeks()


@ports("#timeseries > when the inbox filter is applied > returns correct timeseries")
def test_inbox_filter(http, ids):
    assert _series(http, group_by="week", type="inbox", id=str(ids["inbox"])) == _one_conversation_weeks()


@ports("#timeseries > when the team filter is applied > returns correct timeseries")
def test_team_filter(http, ids):
    assert _series(http, group_by="week", type="team", id=str(ids["team"])) == _one_conversation_weeks()


@ports("#aggregate_value > when there is no filter applied > returns the correct average value")
def test_aggregate_value(http, ids):
    summary = ok(http.get(f"{URL}/summary", params={**PARAMS, "metric": ""}, headers=ADMIN))
    assert summary["avg_first_response_time"] == "91.0"
