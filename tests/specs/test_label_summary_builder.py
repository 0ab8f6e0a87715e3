"""Port of spec/builders/v2/reports/label_summary_builder_spec.rb (v4.10) through
GET /api/v2/accounts/:id/summary_reports/label.

Conversations, labels and resolutions are made over HTTP under a frozen clock; the first_response
and reply_time rows upstream writes with FactoryBot are written with the store's reporting_events
verb. The default fixtures' labels (support, billing, vip) are rows too; their conversations are
older than every range here. Missing averages are 0, not null, as upstream.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.store import reporting_events as names
from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/builders/v2/reports/label_summary_builder_spec.rb"
UPSTREAM_ITS = 10
INTERNAL = "internal: the builder's instance variables (account, params, @timezone)"
SKIPPED = {
    "#initialize > sets account and params": INTERNAL,
    "#initialize > sets timezone from timezone_offset": INTERNAL,
    "#initialize > defaults timezone when timezone_offset is not provided": INTERNAL,
}
OTHER = token(OTHER_ADMIN_TOKEN)
TODAY = int(datetime(2024, 6, 14, tzinfo=UTC).timestamp())
DAY = 86_400
RANGE = {"since": str(TODAY - 3 * DAY), "until": str(TODAY + DAY - 1), "timezone_offset": "0"}
URL = "/api/v2/accounts/{account}/summary_reports/label"
BUILD = "#build > "


@pytest.fixture
def clock(http: Any, freeze: Any) -> FrozenClock:
    frozen = freeze(TODAY)
    for title in ("label_1", "label_2", "label_3"):
        ok(http.post("/api/v1/accounts/1/labels", json={"title": title}, headers=ADMIN))
    return frozen


def _report(http: Any, account: int = 1, headers: dict[str, str] = ADMIN, **params: Any) -> dict[str, Any]:
    rows = ok(http.get(URL.format(account=account), params={**RANGE, **params}, headers=headers))
    return {row["name"]: row for row in rows}


def _conversation(http: Any, fake: Any, label: str, account: int = 1) -> tuple[int, int]:
    headers, body = (
        (ADMIN, {"inbox_id": 2, "contact_id": 1})
        if account == 1
        else (OTHER, {"inbox_id": 3, "contact_id": 8})
    )
    base = f"/api/v1/accounts/{account}/conversations"
    display_id = ok(http.post(base, json=body, headers=headers))["id"]
    ok(http.post(f"{base}/{display_id}/labels", json={"labels": [label]}, headers=headers))
    return display_id, fake.store.conversations.by_display_id(account, display_id).id


def _row(fake: Any, conversation_id: int, name: str, value: int, in_business_hours: int = 0) -> None:
    now = fake.clock.now()
    fake.store.reporting_events.create(
        1,
        name,
        value=value,
        value_in_business_hours=in_business_hours,
        inbox_id=2,
        user_id=1,
        conversation_id=conversation_id,
        event_start_time=now - value,
        event_end_time=now,
    )


@ports(BUILD + "when there are no labels > returns empty array")
def test_no_labels(http, clock):
    assert ok(http.get(URL.format(account=2), params=RANGE, headers=OTHER)) == []


@ports(BUILD + "when there are labels but no conversations > returns zero values for all labels")
def test_labels_without_conversations(http, clock):
    report = _report(http)
    for title in ("label_1", "label_2", "label_3"):
        row = dict(report[title])
        assert isinstance(row.pop("id"), int)
        assert row == {
            "name": title,
            "conversations_count": 0,
            "avg_resolution_time": 0,
            "avg_first_response_time": 0,
            "avg_reply_time": 0,
            "resolved_conversations_count": 0,
        }


def _labelled_with_metrics(http: Any, fake: Any, clock: FrozenClock) -> None:
    made = []
    for label, outgoing, incoming in (("label_1", 2, 1),) * 3 + (("label_2", 1, 0),) * 2:
        clock.set(TODAY)
        display_id, conversation_id = _conversation(http, fake, label)
        url = f"/api/v1/accounts/1/conversations/{display_id}/messages"
        clock.set(TODAY + 3600)
        for _ in range(outgoing):
            ok(http.post(url, json={"content": "hi"}, headers=ADMIN))
        clock.set(TODAY + 7200)
        for _ in range(incoming):
            ok(http.post(url, json={"content": "hello", "message_type": 0}, headers=ADMIN))
        made.append((display_id, conversation_id))
    for display_id, _ in made[:2]:
        url = f"/api/v1/accounts/1/conversations/{display_id}/toggle_status"
        ok(http.post(url, json={"status": "resolved"}, headers=ADMIN))
    clock.set(TODAY)
    for idx, (_, conversation_id) in enumerate(made):
        _row(fake, conversation_id, names.FIRST_RESPONSE, (30 + idx * 10) * 60, (20 + idx * 5) * 60)
        _row(fake, conversation_id, names.REPLY_TIME, (15 + idx * 5) * 60, (10 + idx * 3) * 60)


_METRICS = BUILD + "when there are labeled conversations with metrics > "


@ports(_METRICS + "when business hours is disabled > returns correct label stats using regular values")
def test_labelled_conversations(http, fake, clock):
    _labelled_with_metrics(http, fake, clock)
    report = _report(http, business_hours="false")
    one, two, three = report["label_1"], report["label_2"], report["label_3"]
    assert (one["conversations_count"], two["conversations_count"], three["conversations_count"]) == (3, 2, 0)
    assert all(row["avg_first_response_time"] > 0 and row["avg_reply_time"] > 0 for row in (one, two))
    assert (three["avg_first_response_time"], three["avg_reply_time"]) == (0, 0)


@ports(_METRICS + "when business hours is enabled > returns correct label stats using business hours values")
def test_labelled_conversations_in_business_hours(http, fake, clock):
    _labelled_with_metrics(http, fake, clock)
    regular, business = _report(http), _report(http, business_hours="true")
    assert (business["label_1"]["conversations_count"], business["label_2"]["conversations_count"]) == (3, 2)
    for title in ("label_1", "label_2"):
        assert 0 < business[title]["avg_first_response_time"] < regular[title]["avg_first_response_time"]
        assert 0 < business[title]["avg_reply_time"] < regular[title]["avg_reply_time"]


@ports(BUILD + "when filtering by date range > only includes conversations within the date range")
def test_only_conversations_created_in_the_range(http, fake, clock):
    for days_ago, value in ((2, 1800), (7, 3600)):
        clock.set(TODAY - days_ago * DAY)
        _, conversation_id = _conversation(http, fake, "label_1")
        _row(fake, conversation_id, names.FIRST_RESPONSE, value)
    clock.set(TODAY)
    row = _report(http)["label_1"]
    assert (row["conversations_count"], row["avg_first_response_time"]) == (1, 1800.0)


@ports(
    BUILD
    + 'with business hours parameter > properly casts string "true" to boolean and uses business hours values'
)
def test_business_hours_string_true(http, fake, clock):
    _, conversation_id = _conversation(http, fake, "label_1")
    _row(fake, conversation_id, names.FIRST_RESPONSE, 3600, 1800)
    assert _report(http, business_hours="true")["label_1"]["avg_first_response_time"] == 1800.0


@ports(
    BUILD
    + "with resolution count with multiple resolutions of same conversation > counts multiple resolution events "
    "for same conversation"
)
def test_each_resolution_counts(http, fake, clock):
    ok(http.post("/api/v1/accounts/2/labels", json={"title": "unique-label"}, headers=OTHER))
    display_id, _ = _conversation(http, fake, "unique-label", account=2)
    url = f"/api/v1/accounts/2/conversations/{display_id}/toggle_status"
    for status in ("resolved", "open", "resolved"):
        ok(http.post(url, json={"status": status}, headers=OTHER))
    row = _report(http, account=2, headers=OTHER)["unique-label"]
    assert row["resolved_conversations_count"] == 2
