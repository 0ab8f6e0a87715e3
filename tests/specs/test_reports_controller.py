"""Port of spec/controllers/api/v2/accounts/reports_controller_spec.rb and report_controller_spec.rb
(v4.10): the reports index, summary, bot_summary and conversations endpoints, the CSV reports and
the conversation_traffic CSV.

FactoryBot's `travel_to` is a frozen clock here; records are built over HTTP. The default
fixtures' conversations (created 2024-01-01) sit outside every range these tests ask about, and
where a spec counts every open conversation of its fresh account the port counts the change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, add_inbox_member, new_user, ok
from tests.specs.support_inboxes import OTHER_ADMIN, add_member, new_inbox

NEW = "spec/controllers/api/v2/accounts/reports_controller_spec.rb"
OLD = "spec/controllers/api/v2/accounts/report_controller_spec.rb"
SPEC = {NEW: NEW, OLD: OLD}
UPSTREAM_ITS = {NEW: 8, OLD: 31}
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
_V2 = "GET /api/v2/accounts/:account_id/reports"
SKIPPED: dict[str, dict[str, str]] = {NEW: {}, OLD: {}}
URL = "/api/v2/accounts/1/reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
N_INDEX = "GET /api/v2/accounts/{account.id}/reports"
N_AUTHED = N_INDEX + " > when authenticated and authorized > "
N_TZ = N_AUTHED + "timezone_offset does not affect summary report totals > "
WEB_INBOX, ALICE = 2, 1  # an inbox without a bot (its conversations start open), and a contact of it


def _epoch(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]


@pytest.fixture
def clock(freeze: Any) -> FrozenClock:
    return freeze(_epoch(2024, 1, 15, 12))


def _conversation(
    http: Any, assignee_id: int | None = None, headers: dict[str, str] = ADMIN
) -> dict[str, Any]:
    body: dict[str, Any] = {"inbox_id": WEB_INBOX, "contact_id": ALICE}
    if assignee_id is not None:
        body["assignee_id"] = assignee_id
    return ok(http.post(CONVERSATIONS, json=body, headers=headers))


def _message(http: Any, conversation: dict[str, Any], headers: dict[str, str] = ADMIN, **fields: Any) -> None:
    ok(
        http.post(
            f"{CONVERSATIONS}/{conversation['id']}/messages",
            json={"content": "Hi", **fields},
            headers=headers,
        )
    )


# --- reports_controller_spec.rb ----------------------------------------------------------------------

BASE = _epoch(2024, 1, 14, 23)  # 23:00 UTC, so the six conversations span two days


def _six_conversations(http: Any, clock: FrozenClock) -> None:
    """The spec's before block: a conversation with an outgoing message every 4 hours."""
    for i in range(6):
        clock.set(BASE + i * 4 * 3600)
        _message(http, _conversation(http, assignee_id=2))
    clock.set(_epoch(2024, 1, 15, 12))


@ports(N_AUTHED + "timezone_offset affects data grouping and timestamps correctly", spec=NEW)
def test_timezone_offset_regroups_the_series(http, clock):
    _six_conversations(http, clock)
    params = {"metric": "conversations_count", "type": "account", "since": str(BASE - 86400)}
    params.update(until=str(BASE + 2 * 86400), group_by="day")
    answers = [ok(http.get(URL, params={**params, "timezone_offset": o}, headers=ADMIN)) for o in (0, -8, 9)]
    assert [sum(e["value"] for e in a) for a in answers] == [6, 6, 6]
    assert [[e["value"] for e in a if e["value"] > 0] for a in answers] == [[1, 5], [3, 3], [4, 2]]
    timestamps = [[e["timestamp"] for e in a] for a in answers]
    assert len({tuple(t) for t in timestamps}) == 3
    assert all(utc - pst == -28_800 for utc, pst in zip(timestamps[0], timestamps[1], strict=False))


def _summary(http: Any, offset: float, since: int, until: int) -> dict[str, Any]:
    params = {"type": "account", "since": str(since), "until": str(until), "timezone_offset": offset}
    return ok(http.get(f"{URL}/summary", params=params, headers=ADMIN))


DAY_AROUND = (_epoch(2024, 1, 14, 12), _epoch(2024, 1, 16, 12))


@ports(N_TZ + "returns identical conversation counts across timezones", spec=NEW)
def test_summary_conversation_counts_ignore_the_offset(http, clock):
    _six_conversations(http, clock)
    assert [_summary(http, o, *DAY_AROUND)["conversations_count"] for o in (-8, 0, 9)] == [6, 6, 6]


@ports(N_TZ + "returns identical message counts across timezones", spec=NEW)
def test_summary_message_counts_ignore_the_offset(http, clock):
    _six_conversations(http, clock)
    utc, pst = _summary(http, 0, *DAY_AROUND), _summary(http, -8, *DAY_AROUND)
    assert utc["outgoing_messages_count"] == pst["outgoing_messages_count"] == 6
    assert utc["incoming_messages_count"] == pst["incoming_messages_count"]


@ports(N_TZ + "returns consistent resolution counts across timezones", spec=NEW)
def test_summary_resolution_counts_ignore_the_offset(http, clock):
    _six_conversations(http, clock)
    assert (
        _summary(http, 0, *DAY_AROUND)["resolutions_count"]
        == _summary(http, 9, *DAY_AROUND)["resolutions_count"]
    )


@ports(N_TZ + "returns consistent previous period data across timezones", spec=NEW)
def test_summary_previous_period_ignores_the_offset(http, clock):
    _six_conversations(http, clock)
    previous = [_summary(http, o, *DAY_AROUND)["previous"]["conversations_count"] for o in (0, -8)]
    assert previous == [0, 0]


@ports(N_TZ + "summary reports work when frontend sends correct timezone boundaries", spec=NEW)
def test_summary_boundaries_are_what_the_frontend_sends(http, clock):
    _six_conversations(http, clock)
    clock.set(_epoch(2024, 1, 15, 23, 30))
    conversation = _conversation(http, assignee_id=2)
    ok(
        http.post(
            f"{CONVERSATIONS}/{conversation['id']}/toggle_status", json={"status": "resolved"}, headers=ADMIN
        )
    )
    jst = _summary(http, 9, _epoch(2024, 1, 15) - 9 * 3600, _epoch(2024, 1, 16) - 9 * 3600)
    utc = _summary(http, 0, _epoch(2024, 1, 15), _epoch(2024, 1, 16))
    assert (jst["resolutions_count"], utc["resolutions_count"]) == (0, 1)


@ports(N_INDEX + " > when unauthenticated > returns unauthorized", spec=NEW)
def test_index_refuses_anonymous_callers(http):
    assert http.get(URL).status_code == 401


@ports(N_INDEX + " > when authenticated but not authorized > returns forbidden", spec=NEW)
def test_index_refuses_agents(http):
    assert http.get(URL, headers=AGENT).status_code == 401


# --- report_controller_spec.rb -----------------------------------------------------------------------

TODAY = (_epoch(2024, 1, 15), _epoch(2024, 1, 15, 23, 59, 59))


def _ten_today(http: Any, clock: FrozenClock) -> dict[str, Any]:
    """The spec's before block: ten conversations created today, assigned to a new agent."""
    user = new_user(http)
    add_inbox_member(http, WEB_INBOX, user["id"])
    clock.set(TODAY[0])
    for _ in range(10):
        _conversation(http, assignee_id=user["id"])
    clock.set(_epoch(2024, 1, 15, 12))
    return user


def _today(**extra: Any) -> dict[str, Any]:
    return {"type": "account", "since": str(TODAY[0]), "until": str(TODAY[1]), "timezone_offset": 0, **extra}


@ports(*(f"{_V2}{path}{UNAUTH}" for path in ("", "/summary", "/bot_summary")), spec=OLD)
def test_reports_refuse_anonymous_callers(http):
    for path in ("", "/summary", "/bot_summary"):
        assert http.get(URL + path).status_code == 401, path


@ports(
    *(f"{_V2}{path}{AUTHED}returns unauthorized for agents" for path in ("", "/summary", "/bot_summary")),
    spec=OLD,
)
def test_reports_refuse_agents(http, clock):
    _ten_today(http, clock)
    for path in ("", "/summary", "/bot_summary"):
        assert (
            http.get(URL + path, params=_today(metric="conversations_count"), headers=AGENT).status_code
            == 401
        )


@ports(f"{_V2}{AUTHED}return timeseries metrics", spec=OLD)
def test_timeseries_counts_today(http, clock):
    _ten_today(http, clock)
    series = ok(http.get(URL, params=_today(metric="conversations_count"), headers=ADMIN))
    assert [e["value"] for e in series if e["timestamp"] == TODAY[0]] == [10]


@ports(f"{_V2}/summary{AUTHED}returns summary metrics", spec=OLD)
def test_summary_counts_today(http, clock):
    _ten_today(http, clock)
    assert ok(http.get(f"{URL}/summary", params=_today(), headers=ADMIN))["conversations_count"] == 10


@ports(f"{_V2}/bot_summary{AUTHED}returns bot summary metrics", spec=OLD)
def test_bot_summary_today(http, clock):
    _ten_today(http, clock)
    body = ok(http.get(f"{URL}/bot_summary", params=_today(), headers=ADMIN))
    assert (body["bot_resolutions_count"], body["bot_handoffs_count"]) == (0, 0)


def _live(http: Any, kind: str) -> Any:
    return ok(http.get(f"{URL}/conversations", params={"type": kind}, headers=ADMIN))


@ports(f"{_V2}/conversations{AUTHED}return conversation metrics in account level", spec=OLD)
def test_live_counts_for_the_account(http, clock):
    before = _live(http, "account")  # the default fixtures' open conversations
    _ten_today(http, clock)
    _conversation(http)
    after = _live(http, "account")
    assert after["open"] - before["open"] == 11
    assert after["unattended"] - before["unattended"] == 11
    assert after["unassigned"] - before["unassigned"] == 1


@ports(f"{_V2}/conversations{AUTHED}return conversation metrics for user in account level", spec=OLD)
def test_live_counts_per_agent(http, clock):
    _ten_today(http, clock)
    admin = new_user(http, role="administrator")
    add_inbox_member(http, WEB_INBOX, admin["id"])
    for _ in range(2):
        _conversation(http, assignee_id=admin["id"])
    row = next(r for r in _live(http, "agent") if r["name"] == admin["name"])
    assert (row["metric"]["open"], row["metric"]["unattended"]) == (2, 2)


@ports(
    f"{_V2}/conversations > when an agent1 associated to conversation having first reply from agent2 > "
    "returns unattended conversation count zero for agent1",
    spec=OLD,
)
def test_a_first_reply_by_another_agent_attends_the_conversation(http, clock):
    agent1, agent2 = new_user(http), new_user(http)
    for user in (agent1, agent2):
        add_inbox_member(http, WEB_INBOX, user["id"])
    conversation = _conversation(http, assignee_id=agent2["id"])
    _message(http, conversation, message_type=0)  # an integer type: the contact sends, in any inbox
    _message(http, conversation, headers=agent2["headers"])  # the first reply
    url = f"{CONVERSATIONS}/{conversation['id']}/assignments"
    ok(http.post(url, json={"assignee_id": agent1["id"]}, headers=ADMIN))
    row = next(r for r in _live(http, "agent") if r["name"] == agent1["name"])
    assert (row["metric"]["open"], row["metric"]["unattended"]) == (1, 0)


@ports(f"{_V2}/bot_metrics{UNAUTH}", spec=OLD)
def test_bot_metrics_refuse_anonymous_callers(http):
    assert http.get(f"{URL}/bot_metrics").status_code == 401


@ports(f"{_V2}/bot_metrics{AUTHED}returns unauthorized if the user is an agent", spec=OLD)
def test_bot_metrics_refuse_agents(http, clock):
    _ten_today(http, clock)
    params = {"since": str(TODAY[0] - 6 * 86400), "until": str(TODAY[1])}
    assert http.get(f"{URL}/bot_metrics", params=params, headers=AGENT).status_code == 401


@ports(f"{_V2}/bot_metrics{AUTHED}returns values", spec=OLD)
def test_bot_metrics_keys(http, clock):
    _ten_today(http, clock)
    params = {"since": str(TODAY[0] - 6 * 86400), "until": str(TODAY[1])}
    body = ok(http.get(f"{URL}/bot_metrics", params=params, headers=ADMIN))
    assert sorted(body) == sorted(["conversation_count", "message_count", "resolution_rate", "handoff_rate"])


CSV_REPORTS = {"agents": "agents.csv", "inboxes": "inboxes", "labels": "labels.csv", "teams": "teams.csv"}


@ports(*(f"{_V2}/{name}{UNAUTH}" for name in CSV_REPORTS), spec=OLD)
def test_csv_reports_refuse_anonymous_callers(http):
    for path in CSV_REPORTS.values():
        assert http.get(f"{URL}/{path}").status_code == 401, path


@ports(
    f"{_V2}/agents{AUTHED}returns unauthorized for agents",
    *(f"{_V2}/{name}{AUTHED}returns unauthorized for {name}" for name in ("inboxes", "labels", "teams")),
    spec=OLD,
)
def test_csv_reports_refuse_agents(http, clock):
    _ten_today(http, clock)
    params = {"since": str(TODAY[0] - 30 * 86400), "until": str(TODAY[1])}
    for path in CSV_REPORTS.values():
        assert http.get(f"{URL}/{path}", params=params, headers=AGENT).status_code == 401, path


@ports(*(f"{_V2}/{name}{AUTHED}returns summary" for name in CSV_REPORTS), spec=OLD)
def test_csv_reports_answer(http, clock):
    _ten_today(http, clock)
    params = {"since": str(TODAY[0] - 30 * 86400), "until": str(TODAY[1])}
    for path in CSV_REPORTS.values():
        response = http.get(f"{URL}/{path}", params=params, headers=ADMIN)
        assert response.status_code == 200, path
        period, blank, gap, header = response.text.split("\n", 3)
        assert (period, blank, gap) == ("Reporting period 2023-12-16 to 2024-01-15", "", ""), path
        assert header, path


# --- conversation_traffic (the heatmap CSV; fakewoot/api/conversation_traffic.py) ----------------

TRAFFIC = f"{URL}/conversation_traffic.csv"


def _traffic_params() -> dict[str, str]:
    return {"timezone_offset": "0", "since": str(TODAY[0] - 7 * 86400), "until": str(TODAY[1])}


@ports(f"{_V2}/conversation_traffic{UNAUTH}", spec=OLD)
def test_conversation_traffic_refuses_anonymous_callers(http):
    assert http.get(TRAFFIC).status_code == 401


@ports(f"{_V2}/conversation_traffic{AUTHED}returns unauthorized", spec=OLD)
def test_conversation_traffic_refuses_agents(http, clock):
    _ten_today(http, clock)
    assert http.get(TRAFFIC, params=_traffic_params(), headers=AGENT).status_code == 401


@ports(f"{_V2}/conversation_traffic{AUTHED}returns values", spec=OLD)
def test_conversation_traffic_answers(http, clock):
    """The six days before today (today's ten conversations are left out), every hour 0."""
    _ten_today(http, clock)
    response = http.get(TRAFFIC, params=_traffic_params(), headers=ADMIN)
    assert response.status_code == 200
    lines = response.text.split("\n")
    days = ",".join(f"2024-01-{d:02d}" for d in range(9, 15))
    assert lines[:4] == ["Timezone,(GMT+00:00) Casablanca", "", "", f"Start of the hour,{days}"]
    assert lines[4:-1] == [f"{h:02d}:00,0,0,0,0,0,0" for h in range(24)]


@ports(
    f"{_V2}/agents > when an agent has access to multiple accounts > returns agent metrics from the current account",
    spec=OLD,
)
def test_agent_summary_counts_only_the_current_accounts_conversations(http, clock):
    """admin1 administers account 1 and is a member of account 2, with a conversation assigned in each
    two days ago: the summary of account 1 (type agent, id admin1) counts one."""
    admin1 = new_user(http, role="administrator")
    joined = {"name": admin1["name"], "email": admin1["email"], "role": "agent"}
    ok(http.post("/api/v1/accounts/2/agents", json=joined, headers=OTHER_ADMIN))  # create(:account_user)
    other_inbox = new_inbox(http, "api", account_id=2)
    add_member(http, other_inbox["id"], admin1["id"], account_id=2)
    add_inbox_member(http, WEB_INBOX, admin1["id"])
    clock.set(TODAY[0] - 2 * 86400)
    _conversation(http, assignee_id=admin1["id"])
    contact = ok(http.post("/api/v1/accounts/2/contacts", json={"name": "Two"}, headers=OTHER_ADMIN))
    body = {"inbox_id": other_inbox["id"], "contact_id": contact["payload"]["contact"]["id"]}
    other = http.post(
        "/api/v1/accounts/2/conversations", json={**body, "assignee_id": admin1["id"]}, headers=OTHER_ADMIN
    )
    assert ok(other)["meta"]["assignee"]["id"] == admin1["id"]
    clock.set(_epoch(2024, 1, 15, 12))
    params = {
        "type": "agent",
        "id": admin1["id"],
        "since": str(TODAY[0] - 30 * 86400),
        "until": str(TODAY[1]),
    }
    summary = ok(http.get(f"{URL}/summary", params=params, headers=admin1["headers"]))
    assert summary["conversations_count"] == 1
