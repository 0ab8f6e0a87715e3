"""Port of spec/builders/v2/reports/conversations/metric_builder_spec.rb and report_builder_spec.rb
(v4.10) through GET /api/v2/accounts/:id/reports(/summary, /bot_summary).

Upstream stubs the count and average builders to answer 42 and checks the summary's keys carry
what they answer; the port reads the keys and values the real builders give for a known
conversation. The its that stub a builder and then call the stub themselves test nothing of the
app and are skipped as internal.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

METRIC = "spec/builders/v2/reports/conversations/metric_builder_spec.rb"
REPORT = "spec/builders/v2/reports/conversations/report_builder_spec.rb"
SPEC = {METRIC: METRIC, REPORT: REPORT}
UPSTREAM_ITS = {METRIC: 3, REPORT: 5}  # report_builder_spec: one it plus four from its shared example
STUBBED = "internal: stubs a builder class and calls the stub itself"
SKIPPED = {
    METRIC: {
        "#summary > creates builders with proper params": "internal: which builder classes get which params"
    },
    REPORT: {
        f"{describe} > when a valid metric is given > calls the correct {method} builder for {metric}": STUBBED
        for describe, method in (("#timeseries", "timeseries"), ("#aggregate_value", "aggregate_value"))
        for metric in ("avg_first_response_time", "conversations_count")
    },
}
URL = "/api/v2/accounts/1/reports"
T0 = 1_717_200_000
RANGE = {"type": "account", "since": str(T0), "until": str(T0 + 86_400)}


@pytest.fixture
def conversation(http: Any, freeze: Any) -> int:
    """A conversation with a message from the contact, answered 60 s later, resolved 60 s after that."""
    clock = freeze(T0)
    base = "/api/v1/accounts/1/conversations"
    display_id = ok(http.post(base, json={"inbox_id": 2, "contact_id": 1}, headers=ADMIN))["id"]
    ok(http.post(f"{base}/{display_id}/messages", json={"content": "hi", "message_type": 0}, headers=ADMIN))
    clock.advance(60)
    ok(http.post(f"{base}/{display_id}/messages", json={"content": "hello"}, headers=ADMIN))
    clock.advance(60)
    ok(http.post(f"{base}/{display_id}/toggle_status", json={"status": "resolved"}, headers=ADMIN))
    return int(display_id)


@ports("#summary > returns the correct summary values", spec=METRIC)
def test_summary_values(http, conversation):
    body = ok(http.get(f"{URL}/summary", params=RANGE, headers=ADMIN))
    body.pop("previous")
    assert body == {
        "conversations_count": 1,
        "incoming_messages_count": 1,
        "outgoing_messages_count": 1,
        "avg_first_response_time": "60.0",
        "avg_resolution_time": "120.0",
        "resolutions_count": 1,
        "reply_time": None,  # the first reply is a first response, not a reply time
    }


@ports("#bot_summary > returns a detailed summary of bot-specific conversation metrics", spec=METRIC)
def test_bot_summary_values(http, conversation):
    body = ok(http.get(f"{URL}/bot_summary", params=RANGE, headers=ADMIN))
    assert body == {
        "bot_resolutions_count": 0,
        "bot_handoffs_count": 0,
        "previous": {"bot_resolutions_count": 0, "bot_handoffs_count": 0},
    }


@ports("when invalid metric is given > logs the error and returns empty value", spec=REPORT)
def test_invalid_metric_is_an_empty_object(http, conversation):
    assert ok(http.get(URL, params={**RANGE, "metric": "invalid_metric"}, headers=ADMIN)) == {}
