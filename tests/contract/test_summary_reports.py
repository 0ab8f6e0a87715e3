"""/api/v2/accounts/:id/summary_reports/{agent,team,inbox,label,channel} (v4.10): one row per record
from the same frozen-clock timeline as test_reports.py (first response 120 s by john, reply time
30 s, resolved after 300 s, in the API inbox, unassigned). Sources:
app/controllers/api/v2/accounts/summary_reports_controller.rb, app/builders/v2/reports/*_summary_builder.rb.
"""

from __future__ import annotations

import pytest

from fakewoot.api.reports import MSG_INVALID_DATE
from fakewoot.api.summary_reports import MSG_DATE_RANGE_TOO_LONG
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_reports import ADMIN, AGENT, CONVERSATIONS, DAY, OTHER, T0, _timeline


@pytest.fixture
def frozen(fake, freeze):
    freeze(T0)
    return fake


URL = "/api/v2/accounts/1/summary_reports"
ROW_KEYS = [
    "id",
    "conversations_count",
    "resolved_conversations_count",
    "avg_resolution_time",
    "avg_first_response_time",
    "avg_reply_time",
]
DAY_PARAMS = {"since": str(T0), "until": str(T0 + DAY)}


def _get(client, kind: str, **params: str):
    response = client.get(f"{URL}/{kind}", params={**DAY_PARAMS, **params}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def test_agent_rows_one_per_member(client, frozen):
    _timeline(client, frozen)
    rows = _get(client, "agent")
    members = [m.user_id for m in frozen.store.state.accounts[1].members.values()]
    assert [row["id"] for row in rows] == members
    assert all(list(row) == ROW_KEYS for row in rows)
    john = next(row for row in rows if row["id"] == 1)
    # john sent the first reply; the reply time and resolution name the (absent) assignee
    assert john == {
        "id": 1,
        "conversations_count": 0,
        "resolved_conversations_count": 0,
        "avg_resolution_time": None,
        "avg_first_response_time": 120.0,
        "avg_reply_time": None,
    }


def test_inbox_rows_carry_float_averages(client, frozen):
    _timeline(client, frozen)
    rows = {row["id"]: row for row in _get(client, "inbox")}
    assert rows[1] == {
        "id": 1,
        "conversations_count": 1,
        "resolved_conversations_count": 1,
        "avg_resolution_time": 300.0,
        "avg_first_response_time": 120.0,
        "avg_reply_time": 30.0,
    }
    assert rows[2]["conversations_count"] == 0 and rows[2]["avg_resolution_time"] is None
    business = {row["id"]: row for row in _get(client, "inbox", business_hours="true")}
    assert business[1]["avg_resolution_time"] == 0.0  # working hours are off: 0 in business hours


def test_team_rows_follow_the_conversations_current_team(client, frozen):
    display_id = _timeline(client, frozen)
    client.patch(f"{CONVERSATIONS}/{display_id}", json={"team_id": 1}, headers=ADMIN)
    client.post(f"{CONVERSATIONS}/{display_id}/assignments", json={"team_id": 1}, headers=ADMIN)
    rows = {row["id"]: row for row in _get(client, "team")}
    assert rows[1]["conversations_count"] == 1
    assert (rows[1]["resolved_conversations_count"], rows[1]["avg_reply_time"]) == (1, 30.0)
    assert rows[2]["conversations_count"] == 0


def test_label_rows_default_to_zero(client, frozen):
    display_id = _timeline(client, frozen)
    listed = client.get("/api/v1/accounts/1/labels", headers=ADMIN).json()["payload"]
    labels = sorted(listed, key=lambda label: label["id"])  # account.labels: id order
    client.post(f"{CONVERSATIONS}/{display_id}/labels", json={"labels": [labels[0]["title"]]}, headers=ADMIN)
    rows = _get(client, "label")
    assert [row["id"] for row in rows] == [label["id"] for label in labels]
    tagged, other = rows[0], rows[1]
    assert list(tagged) == [
        "id",
        "name",
        "conversations_count",
        "avg_resolution_time",
        "avg_first_response_time",
        "avg_reply_time",
        "resolved_conversations_count",
    ]
    assert tagged == {
        "id": labels[0]["id"],
        "name": labels[0]["title"],
        "conversations_count": 1,
        "avg_resolution_time": 300.0,
        "avg_first_response_time": 120.0,
        "avg_reply_time": 30.0,
        "resolved_conversations_count": 1,
    }
    assert (other["avg_resolution_time"], other["resolved_conversations_count"]) == (0, 0)


def test_channel_counts_by_status(client, frozen):
    _timeline(client, frozen)
    assert _get(client, "channel") == {
        "Channel::Api": {"open": 0, "resolved": 1, "pending": 0, "snoozed": 0, "total": 1}
    }
    assert client.get(f"{URL}/channel", headers=ADMIN).json() == {}  # no range: nothing


def test_channel_refuses_more_than_six_months(client, frozen):
    params = {"since": str(T0), "until": str(T0 + 200 * DAY)}
    response = client.get(f"{URL}/channel", params=params, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": MSG_DATE_RANGE_TOO_LONG})


def test_without_a_range_rows_are_empty(client, frozen):
    _timeline(client, frozen)
    rows = client.get(f"{URL}/inbox", headers=ADMIN).json()
    assert all(row["conversations_count"] == 0 and row["avg_reply_time"] is None for row in rows)


def test_a_bad_time_is_a_422(client, frozen):
    response = client.get(f"{URL}/agent", params={"since": "monday", "until": "1"}, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_DATE})


KINDS = ["agent", "team", "inbox", "label", "channel"]


@pytest.mark.parametrize("kind", KINDS)
def test_unpermitted_range_values_are_dropped(client, frozen, kind):
    """permit(:since, :until, :business_hours) drops arrays and objects: no range, as without one."""
    _timeline(client, frozen)
    body = {"since": [str(T0)], "until": {"at": str(T0 + DAY)}, "business_hours": ["true"]}
    response = client.request("GET", f"{URL}/{kind}", json=body, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.json() == client.get(f"{URL}/{kind}", headers=ADMIN).json()
    six_months = {"since": ["0"], "until": str(T0)}  # the channel's range check sees no since either
    assert client.request("GET", f"{URL}/{kind}", json=six_months, headers=ADMIN).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_strangers_and_bots_are_refused(client, kind):
    assert_refuses_strangers(client, "GET", f"{URL}/{kind}")


@pytest.mark.parametrize("kind", KINDS)
def test_agents_and_other_accounts_are_refused(client, kind):
    agent = client.get(f"{URL}/{kind}", params=DAY_PARAMS, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    other = client.get(f"{URL}/{kind}", params=DAY_PARAMS, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
