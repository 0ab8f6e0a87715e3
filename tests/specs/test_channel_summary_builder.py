"""Port of spec/builders/v2/reports/channel_summary_builder_spec.rb (v4.10) through
GET /api/v2/accounts/:id/summary_reports/channel. Conversations are created at the spec's days under
a frozen clock and given their status over HTTP; the port's second channel is the API inbox
(Channel::Api) where upstream makes an e-mail inbox: the grouping by channel type is the same.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/builders/v2/reports/channel_summary_builder_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}
URL = "/api/v2/accounts/1/summary_reports/channel"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
NOW = int(datetime(2024, 6, 14, 15, tzinfo=UTC).timestamp())
DAY = 86_400
RANGE = {
    "since": str(NOW - 7 * DAY - 15 * 3600),
    "until": str(NOW + 9 * 3600 - 1),
}  # a week ago .. today's end
WIDGET, API = (2, 1), (1, 3)  # (inbox, contact of it)
BUILD = "#build > "


@pytest.fixture
def clock(freeze: Any) -> FrozenClock:
    return freeze(NOW)


def _conversation(http: Any, clock: FrozenClock, where: tuple[int, int], status: str, days_ago: int) -> None:
    clock.set(NOW - days_ago * DAY)
    body = {"inbox_id": where[0], "contact_id": where[1]}
    display_id = ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"]
    params: dict[str, Any] = {"status": status}
    if status == "snoozed":
        params["snoozed_until"] = NOW + 30 * DAY
    ok(http.post(f"{CONVERSATIONS}/{display_id}/toggle_status", json=params, headers=ADMIN))
    clock.set(NOW)


def _report(http: Any) -> dict[str, Any]:
    body: dict[str, Any] = ok(http.get(URL, params=RANGE, headers=ADMIN))
    return body


@ports(
    BUILD
    + "when there are conversations with different statuses across channels > returns correct counts grouped by channel type"
)
def test_counts_by_channel_and_status(http, clock):
    for status, days in (("open", 2), ("open", 3), ("resolved", 2), ("pending", 1), ("snoozed", 1)):
        _conversation(http, clock, WIDGET, status, days)
    for status, days in (("open", 2), ("resolved", 1), ("resolved", 3)):
        _conversation(http, clock, API, status, days)
    report = _report(http)
    assert report["Channel::WebWidget"] == {"open": 2, "resolved": 1, "pending": 1, "snoozed": 1, "total": 5}
    assert report["Channel::Api"] == {"open": 1, "resolved": 2, "pending": 0, "snoozed": 0, "total": 3}


@ports(
    BUILD
    + "when conversations are outside the date range > only includes conversations within the date range"
)
def test_only_conversations_created_in_the_range(http, clock):
    _conversation(http, clock, WIDGET, "open", 2)
    _conversation(http, clock, WIDGET, "resolved", 14)
    assert _report(http)["Channel::WebWidget"] == {
        "open": 1,
        "resolved": 0,
        "pending": 0,
        "snoozed": 0,
        "total": 1,
    }


@ports(BUILD + "when there are no conversations > returns an empty hash")
def test_no_conversations_is_an_empty_object(http, clock):
    assert _report(http) == {}  # the default fixtures' conversations are older than the range


@ports(BUILD + "when a channel has only one status type > returns zeros for other statuses")
def test_missing_statuses_are_zero(http, clock):
    _conversation(http, clock, WIDGET, "resolved", 1)
    _conversation(http, clock, WIDGET, "resolved", 2)
    assert _report(http)["Channel::WebWidget"] == {
        "open": 0,
        "resolved": 2,
        "pending": 0,
        "snoozed": 0,
        "total": 2,
    }
