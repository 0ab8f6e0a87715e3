"""Port of spec/builders/v2/report_builder_spec.rb (v4.10): the numbers of the account and label
time series and summaries, read from GET /api/v2/accounts/:id/reports(/summary), whose builders
(V2::Reports::Timeseries::*, Conversations::MetricBuilder) count the same rows as the legacy
V2::ReportBuilder the spec calls.

The spec's state, built over HTTP under a frozen clock in the website inbox: ten conversations
created today with five outgoing messages two hours later and two incoming three hours later,
labelled label_1; five created two days ago with three outgoing and one incoming at once,
labelled label_2. Upstream writes every message's reporting events inside `travel_to(today)`, so
the old conversations' first responses fall on today there; here they fall on their own day.
The legacy builder's summary answers 0 for an average with no events, the endpoint null.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from tests.conftest import BOT_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/builders/v2/report_builder_spec.rb"
UPSTREAM_ITS = 21
ACCOUNT = "#timeseries > when report type is account > "
LABEL = "#timeseries > when report type is label > "
LEGACY_GROUP_BY = (
    "internal: the legacy V2::ReportBuilder raises ArgumentError; the endpoint's builder uses day"
)
SKIPPED = {
    ACCOUNT + "returns argument error for incorrect group by": LEGACY_GROUP_BY,
    LABEL + "returns argument error for incorrect group by": LEGACY_GROUP_BY,
    ACCOUNT + "logs error when metric is nil": "internal: Rails.logger (the endpoint answers {})",
    ACCOUNT + "calls the appropriate metric method for a valid metric": "internal: Rails.logger",
    ACCOUNT + "returns bot_resolutions count": "internal: rewrites the sent messages' sender to nil",
    LABEL + "returns average first response time": "internal: rewrites the label's reporting_events values",
}
URL = "/api/v2/accounts/1/reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
TODAY = int(datetime(2024, 6, 10, tzinfo=UTC).timestamp())
TWO_DAYS_AGO = TODAY - 2 * 86400
RANGE = {"since": str(TODAY - 3 * 86400), "until": str(TODAY + 86399)}


@pytest.fixture
def state(http: Any, freeze: Any) -> dict[str, list[int]]:
    return _build(http, freeze(TODAY))


def _say(http: Any, display_id: int, incoming: bool, times: int) -> None:
    body: dict[str, Any] = {"content": "hello", "message_type": 0 if incoming else "outgoing"}
    for _ in range(times):
        ok(http.post(f"{CONVERSATIONS}/{display_id}/messages", json=body, headers=ADMIN))


def _conversation(http: Any, label: str) -> int:
    body = {"inbox_id": 2, "contact_id": 1, "assignee_id": 1}
    display_id = int(ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"])
    ok(http.post(f"{CONVERSATIONS}/{display_id}/labels", json={"labels": [label]}, headers=ADMIN))
    return display_id


def _build(http: Any, clock: FrozenClock) -> dict[str, list[int]]:
    for title in ("label_1", "label_2"):
        ok(http.post("/api/v1/accounts/1/labels", json={"title": title}, headers=ADMIN))
    today: list[int] = []
    for _ in range(10):
        clock.set(TODAY)
        display_id = _conversation(http, "label_1")
        clock.set(TODAY + 2 * 3600)
        _say(http, display_id, incoming=False, times=5)
        clock.set(TODAY + 3 * 3600)
        _say(http, display_id, incoming=True, times=2)
        today.append(display_id)
    old: list[int] = []
    clock.set(TWO_DAYS_AGO)
    for _ in range(5):
        display_id = _conversation(http, "label_2")
        _say(http, display_id, incoming=False, times=3)
        _say(http, display_id, incoming=True, times=1)
        old.append(display_id)
    clock.set(TODAY + 12 * 3600)
    labels = ok(http.get("/api/v1/accounts/1/labels", headers=ADMIN))["payload"]
    ids = {label["title"]: label["id"] for label in labels}
    return {"today": today, "old": old, "label_ids": [ids["label_1"], ids["label_2"]]}


def _series(http: Any, metric: str, **params: Any) -> dict[int, Any]:
    body = ok(http.get(URL, params={**RANGE, "metric": metric, "type": "account", **params}, headers=ADMIN))
    return {entry["timestamp"]: entry for entry in body}


def _status(http: Any, display_id: int, status: str, headers: dict[str, str] = ADMIN) -> None:
    ok(http.post(f"{CONVERSATIONS}/{display_id}/toggle_status", json={"status": status}, headers=headers))


@ports(ACCOUNT + "return conversations count")
def test_account_conversations_count(http, state):
    series = _series(http, "conversations_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (10, 5)


@ports(ACCOUNT + "return incoming messages count")
def test_account_incoming_messages_count(http, state):
    series = _series(http, "incoming_messages_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (20, 5)


@ports(ACCOUNT + "return outgoing messages count")
def test_account_outgoing_messages_count(http, state):
    series = _series(http, "outgoing_messages_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (50, 15)


@ports(ACCOUNT + "return resolutions count")
def test_account_resolutions_count(http, state):
    for display_id in state["old"]:
        _status(http, display_id, "resolved")
    _status(http, state["old"][0], "open")  # a reopening does not take the resolution back
    series = _series(http, "resolutions_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (5, 0)


@ports(ACCOUNT + "return resolutions count with multiple resolutions of same conversation")
def test_account_resolutions_count_counts_each_resolution(http, state):
    for display_id in state["old"]:
        _status(http, display_id, "resolved")
    for display_id in state["old"][:2]:
        _status(http, display_id, "open")
        _status(http, display_id, "resolved")
    series = _series(http, "resolutions_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (7, 0)


@ports(ACCOUNT + "return bot_handoff count")
def test_account_bot_handoffs_count(http, state):
    ok(http.post("/api/v1/accounts/1/inboxes/2/set_agent_bot", json={"agent_bot": 1}, headers=ADMIN))
    for display_id in state["old"]:
        _status(http, display_id, "pending")
        _status(http, display_id, "open", headers=token(BOT_TOKEN))  # bot_handoff!
    series = _series(http, "bot_handoffs_count")
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (5, 0)
    summary = ok(http.get(f"{URL}/bot_summary", params={**RANGE, "type": "account"}, headers=ADMIN))
    assert summary["bot_handoffs_count"] == 5


@ports(ACCOUNT + "returns average first response time")
def test_account_average_first_response_time(http, state):
    series = _series(http, "avg_first_response_time")
    today, old = series[TODAY], series[TWO_DAYS_AGO]
    assert (today["value"], today["count"], old["value"], old["count"]) == ("7200.0", 10, "0.0", 5)
    # upstream's single bucket: (10 x 7200 + 5 x 0) / 15
    assert (10 * float(today["value"]) + 5 * float(old["value"])) / 15 == 4800.0


def _summary(http: Any, **params: Any) -> dict[str, Any]:
    return ok(http.get(f"{URL}/summary", params={**RANGE, **params}, headers=ADMIN))


@ports(ACCOUNT + "returns summary")
def test_account_summary(http, state):
    body = _summary(http, type="account")
    assert (
        body["conversations_count"],
        body["incoming_messages_count"],
        body["outgoing_messages_count"],
    ) == (
        15,
        25,
        65,
    )
    assert (body["avg_resolution_time"], body["resolutions_count"]) == (None, 0)


def _label_series(http: Any, metric: str, label_id: int, **params: Any) -> dict[int, Any]:
    return _series(http, metric, type="label", id=str(label_id), **params)


@ports(LABEL + "return conversations count")
def test_label_conversations_count(http, state):
    assert _label_series(http, "conversations_count", state["label_ids"][1])[TWO_DAYS_AGO]["value"] == 5


@ports(LABEL + "return incoming messages count")
def test_label_incoming_messages_count(http, state):
    series = _label_series(http, "incoming_messages_count", state["label_ids"][0], until=str(TODAY + 86400))
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (20, 0)


@ports(LABEL + "return outgoing messages count")
def test_label_outgoing_messages_count(http, state):
    series = _label_series(http, "outgoing_messages_count", state["label_ids"][0], until=str(TODAY + 86400))
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (50, 0)


@ports(LABEL + "return resolutions count")
def test_label_resolutions_count(http, state):
    for display_id in state["old"]:
        _status(http, display_id, "resolved")
    _status(http, state["old"][-1], "open")
    series = _label_series(http, "resolutions_count", state["label_ids"][1])
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (5, 0)


@ports(LABEL + "return resolutions count with multiple resolutions of same conversation")
def test_label_resolutions_count_counts_each_resolution(http, state):
    for display_id in state["old"]:
        _status(http, display_id, "resolved")
    for display_id in state["old"][:3]:
        _status(http, display_id, "open")
        _status(http, display_id, "resolved")
    series = _label_series(http, "resolutions_count", state["label_ids"][1])
    assert (series[TODAY]["value"], series[TWO_DAYS_AGO]["value"]) == (8, 0)


@ports(LABEL + "returns summary", LABEL + "returns summary for correct group by")
def test_label_summary(http, state):
    for group_by in (None, "week"):
        extra = {} if group_by is None else {"group_by": group_by}
        body = _summary(http, type="label", id=str(state["label_ids"][1]), **extra)
        counts = (
            body["conversations_count"],
            body["incoming_messages_count"],
            body["outgoing_messages_count"],
        )
        assert counts == (5, 5, 15)
        assert (body["avg_resolution_time"], body["resolutions_count"]) == (None, 0)
