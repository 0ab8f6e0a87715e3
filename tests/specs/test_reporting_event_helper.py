"""Port of spec/helpers/reporting_event_helper_spec.rb (v4.10): #last_non_human_activity, read
through what it decides: the first_response a first reply writes measures from it.

Upstream writes reporting_events rows with FactoryBot and calls the helper; the port writes the
same rows with the store's reporting_events verb, then sends the conversation's first reply over
HTTP at NOW and reads the first_response value (NOW - the activity it measured from).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.store import reporting_events as names
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/helpers/reporting_event_helper_spec.rb"
UPSTREAM_ITS = 6
SKIPPED: dict[str, str] = {}
NOW = int(datetime(2024, 6, 14, 15, tzinfo=UTC).timestamp())
HOUR, DAY = 3600, 86_400
CONVERSATIONS = "/api/v1/accounts/1/conversations"
BASE = "#last_non_human_activity > "


@pytest.fixture
def clock(freeze: Any) -> FrozenClock:
    return freeze(NOW)


def _conversation(http: Any, fake: Any, clock: FrozenClock, created_ago: int = 6 * HOUR) -> tuple[int, int]:
    clock.set(NOW - created_ago)
    body = {"inbox_id": 2, "contact_id": 1, "assignee_id": 1}
    display_id = ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"]
    clock.set(NOW)
    return display_id, fake.store.conversations.by_display_id(1, display_id).id


def _row(fake: Any, conversation_id: int, name: str, ended_ago: int, started_ago: int | None = None) -> None:
    end = NOW - ended_ago
    start = end if started_ago is None else NOW - started_ago
    fake.store.reporting_events.create(
        1,
        name,
        value=end - start,
        value_in_business_hours=0,
        inbox_id=2,
        user_id=None,
        conversation_id=conversation_id,
        event_start_time=start,
        event_end_time=end,
    )


def _first_response_after(http: Any, fake: Any, display_id: int, conversation_id: int) -> float:
    """Seconds between the activity the first reply is measured from and NOW."""
    ok(http.post(f"{CONVERSATIONS}/{display_id}/messages", json={"content": "hi"}, headers=ADMIN))
    [row] = [
        e
        for e in fake.store.reporting_events.of(1)
        if e.name == names.FIRST_RESPONSE and e.conversation_id == conversation_id
    ]
    value: float = row.value
    return value


@ports(BASE + "when conversation has no events > returns conversation created_at")
def test_no_events_measures_from_creation(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock)
    assert _first_response_after(http, fake, display_id, conversation_id) == 6 * HOUR


@ports(BASE + "when conversation has bot handoff event > returns handoff event end time")
def test_measures_from_the_handoff(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock)
    _row(fake, conversation_id, names.CONVERSATION_BOT_HANDOFF, 2 * HOUR)
    assert _first_response_after(http, fake, display_id, conversation_id) == 2 * HOUR


@ports(BASE + "when conversation has bot resolved event > returns bot resolved event end time")
def test_measures_from_the_bot_resolution(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock)
    _row(fake, conversation_id, names.CONVERSATION_BOT_RESOLVED, 3 * HOUR)
    assert _first_response_after(http, fake, display_id, conversation_id) == 3 * HOUR


@ports(
    BASE
    + "when conversation is reopened after bot resolution > returns the reopening event time, not the creation time"
)
def test_measures_from_the_reopening_after_a_bot_resolution(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock, created_ago=5 * DAY)
    bot_resolution = 5 * DAY - 300
    _row(fake, conversation_id, names.CONVERSATION_OPENED, 5 * DAY, 5 * DAY)
    _row(fake, conversation_id, names.CONVERSATION_BOT_RESOLVED, bot_resolution, 5 * DAY)
    _row(fake, conversation_id, names.CONVERSATION_RESOLVED, bot_resolution, 5 * DAY)
    _row(fake, conversation_id, names.CONVERSATION_OPENED, HOUR, bot_resolution)
    measured = _first_response_after(http, fake, display_id, conversation_id)
    assert measured == HOUR and measured not in (5 * DAY, bot_resolution)


@ports(
    BASE + "when conversation has multiple types of events > returns the most recent handoff or opened event"
)
def test_measures_from_the_latest_handoff_or_opening(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock)
    _row(fake, conversation_id, names.CONVERSATION_BOT_RESOLVED, 4 * HOUR)
    _row(fake, conversation_id, names.CONVERSATION_BOT_HANDOFF, 3 * HOUR)
    _row(fake, conversation_id, names.CONVERSATION_OPENED, HOUR)
    assert _first_response_after(http, fake, display_id, conversation_id) == HOUR


@ports(BASE + "when conversation has multiple reopenings > returns the most recent opened event")
def test_measures_from_the_latest_opening(http, fake, clock):
    display_id, conversation_id = _conversation(http, fake, clock)
    for ago in (5 * DAY, 2 * DAY, 30 * 60):
        _row(fake, conversation_id, names.CONVERSATION_OPENED, ago)
    assert _first_response_after(http, fake, display_id, conversation_id) == 30 * 60
