"""Port of spec/listeners/reporting_event_listener_spec.rb (v4.10).

Upstream calls the listener's handlers directly with hand-made events and reads the
reporting_events rows; the port drives the same situations over HTTP under a frozen clock
(FactoryBot's created_at/updated_at become clock moves) and reads the rows the bus listener
wrote, and the reports where they show them. Upstream's hand-made `reporting_event` rows
(the conversation_opened contexts) are real resolutions here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.store import reporting_events as names
from tests.conftest import BOT_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/listeners/reporting_event_listener_spec.rb"
UPSTREAM_ITS = 22
SKIPPED: dict[str, str] = {}
CONVERSATIONS = "/api/v1/accounts/1/conversations"
BOT = token(BOT_TOKEN)
BOT_INBOX, WEB_INBOX = 1, 2  # inbox 1 has the active Acme Bot; inbox 2 has none
CARLA, ALICE = 3, 1  # contacts of inbox 1 and of inbox 2
START = int(datetime(2024, 6, 3, 12, tzinfo=UTC).timestamp())
MARCH_20 = int(datetime(2022, 3, 20, tzinfo=UTC).timestamp())  # a Sunday
BUSINESS_WEEK = 5 * 8 * 3600  # Mon-Fri 09:00-17:00 UTC, the default working hours
CR, RC, FR = "#conversation_resolved > ", "#reply_created > ", "#first_reply_created > "
BH, CO = "#conversation_bot_handoff > ", "#conversation_opened > "
REOPENED = RC + "when conversation is reopened > "
AFTER_RESOLVED = CO + "when conversation is reopened after being resolved > "


@pytest.fixture
def clock(freeze: Any) -> FrozenClock:
    return freeze(START)


def _conversation(http: Any, inbox_id: int = WEB_INBOX, assignee_id: int | None = 1) -> int:
    contact = CARLA if inbox_id == BOT_INBOX else ALICE
    body: dict[str, Any] = {"inbox_id": inbox_id, "contact_id": contact}
    if assignee_id is not None:
        body["assignee_id"] = assignee_id
    return int(ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"])


def _say(http: Any, display_id: int, incoming: bool = False, headers: dict[str, str] = ADMIN) -> None:
    body: dict[str, Any] = {"content": "hello"}
    if incoming:
        body["message_type"] = 0  # the contact writes (an integer type passes in any inbox)
    ok(http.post(f"{CONVERSATIONS}/{display_id}/messages", json=body, headers=headers))


def _status(http: Any, display_id: int, status: str, headers: dict[str, str] = ADMIN) -> None:
    ok(http.post(f"{CONVERSATIONS}/{display_id}/toggle_status", json={"status": status}, headers=headers))


def _rows(fake: Any, name: str, display_id: int | None = None) -> list[Any]:
    rows = [e for e in fake.store.reporting_events.of(1) if e.name == name]
    if display_id is None:
        return rows
    conversation = fake.store.conversations.by_display_id(1, display_id)
    return [e for e in rows if e.conversation_id == conversation.id]


def _business_hours_inbox(http: Any) -> None:
    ok(http.patch("/api/v1/accounts/1/inboxes/2", json={"working_hours_enabled": True}, headers=ADMIN))


@ports(CR + "creates conversation_resolved event")
def test_a_resolution_writes_conversation_resolved(http, fake, clock):
    display_id = _conversation(http)
    assert _rows(fake, names.CONVERSATION_RESOLVED) == []
    clock.advance(90)
    _status(http, display_id, "resolved")
    assert [e.value for e in _rows(fake, names.CONVERSATION_RESOLVED)] == [90.0]


@ports(
    CR
    + "when business hours enabled for inbox > creates conversation_resolved event with business hour value"
)
def test_resolution_in_business_hours(http, fake, clock):
    _business_hours_inbox(http)
    clock.set(MARCH_20)
    display_id = _conversation(http)
    clock.set(MARCH_20 + 6 * 86400 + 23 * 3600 + 59 * 60)  # Saturday 23:59
    _status(http, display_id, "resolved")
    assert _rows(fake, names.CONVERSATION_RESOLVED)[0].value_in_business_hours == BUSINESS_WEEK


_BOT = CR + "conversation_bot_resolved > "


@ports(
    _BOT
    + "creates a conversation_bot_resolved event if resolved conversation does not have human interaction"
)
def test_a_bot_resolution(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)
    _say(http, display_id, incoming=True)
    _status(http, display_id, "resolved", headers=BOT)
    assert len(_rows(fake, names.CONVERSATION_BOT_RESOLVED)) == 1


@ports(
    _BOT
    + "does not create a conversation_bot_resolved event if resolved conversation inbox does not have active bot"
)
def test_no_bot_resolution_without_a_bot(http, fake, clock):
    display_id = _conversation(http, WEB_INBOX, assignee_id=None)
    _status(http, display_id, "resolved")
    assert _rows(fake, names.CONVERSATION_BOT_RESOLVED) == []


@ports(
    _BOT + "does not create a conversation_bot_resolved event if resolved conversation has human interaction"
)
def test_no_bot_resolution_after_a_human_reply(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)
    _say(http, display_id)  # an agent writes
    _status(http, display_id, "resolved")
    assert _rows(fake, names.CONVERSATION_BOT_RESOLVED) == []
    assert len(_rows(fake, names.CONVERSATION_RESOLVED)) == 1


def _first_reply_done(http: Any, clock: FrozenClock) -> int:
    """A conversation whose first reply is behind it (upstream's `let!(:message)`)."""
    display_id = _conversation(http)
    _say(http, display_id)
    clock.advance(60)
    return display_id


@ports(RC + "creates reply created event")
def test_a_reply_while_waiting_writes_reply_time(http, fake, clock):
    display_id = _first_reply_done(http, clock)
    _say(http, display_id, incoming=True)
    clock.advance(7200)
    _say(http, display_id)
    assert [e.value for e in _rows(fake, names.REPLY_TIME, display_id)] == [7200.0]


@ports(
    REOPENED
    + "when customer sends message after resolution > calculates reply time from the reopening message"
)
def test_reply_time_counts_from_the_reopening_message(http, fake, clock):
    display_id = _first_reply_done(http, clock)
    _status(http, display_id, "resolved")
    clock.advance(3600)
    _say(http, display_id, incoming=True)  # reopens it
    assert ok(http.get(f"{CONVERSATIONS}/{display_id}", headers=ADMIN))["status"] == "open"
    clock.advance(7200)
    _say(http, display_id)
    assert [e.value for e in _rows(fake, names.REPLY_TIME, display_id)] == [7200.0]


@ports(
    REOPENED + "when conversation has multiple reopenings > tracks reply time correctly for each reopening"
)
def test_reply_time_for_each_reopening(http, fake, clock):
    display_id = _first_reply_done(http, clock)
    _status(http, display_id, "resolved")
    _say(http, display_id, incoming=True)
    clock.advance(3600)
    _say(http, display_id)
    _status(http, display_id, "resolved")
    clock.advance(600)
    _say(http, display_id, incoming=True)
    clock.advance(1800)
    _say(http, display_id)
    assert [e.value for e in _rows(fake, names.REPLY_TIME, display_id)] == [3600.0, 1800.0]


@ports(
    REOPENED
    + "when conversation is manually reopened > sets waiting_since when first customer message arrives "
    "after manual reopening"
)
def test_reply_time_after_a_manual_reopening(http, fake, clock):
    display_id = _first_reply_done(http, clock)
    _status(http, display_id, "resolved")
    _status(http, display_id, "open")
    clock.advance(300)
    _say(http, display_id, incoming=True)
    clock.advance(2700)
    _say(http, display_id)
    assert [e.value for e in _rows(fake, names.REPLY_TIME, display_id)] == [2700.0]


@ports(REOPENED + "when waiting_since is nil > does not creates reply time events")
def test_no_reply_time_without_waiting(http, fake, clock):
    display_id = _first_reply_done(http, clock)
    _say(http, display_id)  # nobody was waiting
    assert _rows(fake, names.REPLY_TIME, display_id) == []


@ports(FR + "creates first_response event")
def test_the_first_reply_writes_first_response(http, fake, clock):
    display_id = _conversation(http)
    clock.advance(42)
    _say(http, display_id)
    rows = _rows(fake, names.FIRST_RESPONSE, display_id)
    assert [(e.value, e.user_id) for e in rows] == [(42.0, 1)]  # the sender, john
    _say(http, display_id)
    assert len(_rows(fake, names.FIRST_RESPONSE, display_id)) == 1


@ports(FR + "when business hours enabled for inbox > creates first_response event with business hour value")
def test_first_response_in_business_hours(http, fake, clock):
    _business_hours_inbox(http)
    clock.set(MARCH_20)
    display_id = _conversation(http)
    clock.set(MARCH_20 + 6 * 86400 + 23 * 3600 + 59 * 60)
    _say(http, display_id)
    row = _rows(fake, names.FIRST_RESPONSE, display_id)[0]
    assert (row.value_in_business_hours, row.user_id) == (BUSINESS_WEEK, 1)


@ports(FR + "when last handoff event exists > creates first_response event with handoff value")
def test_first_response_counts_from_the_handoff(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)  # pending: the bot has it
    clock.advance(20)
    _status(http, display_id, "open", headers=BOT)  # the handoff
    clock.advance(42)
    _say(http, display_id)
    assert [e.value for e in _rows(fake, names.FIRST_RESPONSE, display_id)] == [42.0]


@ports(BH + "creates conversation_bot_handoff event only once")
def test_one_handoff_per_conversation(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)
    _status(http, display_id, "open", headers=BOT)
    assert len(_rows(fake, names.CONVERSATION_BOT_HANDOFF)) == 1
    _status(http, display_id, "pending")
    _status(http, display_id, "open", headers=BOT)
    assert len(_rows(fake, names.CONVERSATION_BOT_HANDOFF)) == 1


@ports(
    BH
    + "when business hours enabled for inbox > creates conversation_bot_handoff event with business hour value"
)
def test_handoff_in_business_hours(http, fake, clock):
    ok(http.patch("/api/v1/accounts/1/inboxes/1", json={"working_hours_enabled": True}, headers=ADMIN))
    clock.set(MARCH_20)
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)
    clock.set(MARCH_20 + 6 * 86400 + 23 * 3600 + 59 * 60)
    _status(http, display_id, "open", headers=BOT)
    assert _rows(fake, names.CONVERSATION_BOT_HANDOFF)[0].value_in_business_hours == BUSINESS_WEEK


@ports(CO + "when conversation is opened for the first time > creates conversation_opened event with value 0")
def test_a_first_opening(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)  # starts pending
    clock.advance(30)
    _status(http, display_id, "open")
    [row] = _rows(fake, names.CONVERSATION_OPENED, display_id)
    assert (row.value, row.value_in_business_hours, row.event_start_time, row.event_end_time) == (
        0.0,
        0.0,
        START,
        START + 30,
    )


def _resolved_then_reopened(http: Any, clock: FrozenClock) -> int:
    display_id = _conversation(http)
    clock.advance(3600)
    _status(http, display_id, "resolved")  # resolved at START + 3600
    clock.advance(3600)
    _status(http, display_id, "open")  # reopened an hour later
    return display_id


@ports(AFTER_RESOLVED + "creates conversation_opened event")
def test_a_reopening_writes_conversation_opened(http, fake, clock):
    display_id = _resolved_then_reopened(http, clock)
    assert len(_rows(fake, names.CONVERSATION_OPENED, display_id)) == 1


@ports(AFTER_RESOLVED + "calculates correct time since resolution")
def test_a_reopening_measures_time_since_resolution(http, fake, clock):
    display_id = _resolved_then_reopened(http, clock)
    [row] = _rows(fake, names.CONVERSATION_OPENED, display_id)
    assert (row.value, row.event_start_time, row.event_end_time) == (3600.0, START + 3600, START + 7200)


@ports(AFTER_RESOLVED + "sets correct attributes for conversation_opened event")
def test_a_reopening_names_account_inbox_conversation_and_assignee(http, fake, clock):
    display_id = _resolved_then_reopened(http, clock)
    [row] = _rows(fake, names.CONVERSATION_OPENED, display_id)
    conversation = fake.store.conversations.by_display_id(1, display_id)
    assert (row.account_id, row.inbox_id, row.conversation_id, row.user_id) == (
        1,
        WEB_INBOX,
        conversation.id,
        1,  # the assignee, john (a member of the website inbox)
    )


@ports(
    AFTER_RESOLVED
    + "when business hours enabled for inbox > creates conversation_opened event with business hour value"
)
def test_a_reopening_in_business_hours(http, fake, clock):
    _business_hours_inbox(http)
    clock.set(MARCH_20 + 11 * 3600)
    display_id = _conversation(http)
    clock.set(MARCH_20 + 12 * 3600)  # resolved Sunday 12:00
    _status(http, display_id, "resolved")
    clock.set(MARCH_20 + 86400 + 14 * 3600)  # reopened Monday 14:00
    _status(http, display_id, "open")
    [row] = _rows(fake, names.CONVERSATION_OPENED, display_id)
    assert row.value_in_business_hours == 5 * 3600


@ports(
    CO + "when conversation has multiple resolutions > uses the most recent resolved event for calculation"
)
def test_a_reopening_counts_from_the_latest_resolution(http, fake, clock):
    display_id = _resolved_then_reopened(http, clock)
    clock.advance(1800)
    _status(http, display_id, "resolved")  # the second resolution, at START + 9000
    clock.advance(1800)
    _status(http, display_id, "open")
    second = _rows(fake, names.CONVERSATION_OPENED, display_id)[-1]
    assert (second.value, second.event_start_time) == (1800.0, START + 9000)


@ports(
    CO
    + "when agent bot resolves and conversation is reopened > creates conversation_opened event for agent bot reopening"
)
def test_a_reopening_after_a_bot_resolution(http, fake, clock):
    display_id = _conversation(http, BOT_INBOX, assignee_id=None)
    _say(http, display_id, incoming=True)
    _status(http, display_id, "resolved", headers=BOT)
    clock.advance(3600)
    _status(http, display_id, "open")
    [row] = _rows(fake, names.CONVERSATION_OPENED, display_id)
    assert (row.value, row.event_start_time, row.event_end_time) == (3600.0, START, START + 3600)
