"""Port of spec/controllers/api/v2/accounts/live_reports_controller_spec.rb (v4.10).

The spec counts the conversations of a fresh account; the default fixtures already hold some, so
the port reads the metrics before building the spec's conversations and checks what they add.
Conversations are made over HTTP in the website inbox (no bot: they start open) and given their
status, team and assignee there; "with an outgoing message" is an agent's reply (the first reply).
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.live_reports import MSG_INVALID_GROUP_BY
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, add_inbox_member, ok

SPEC = "spec/controllers/api/v2/accounts/live_reports_controller_spec.rb"
UPSTREAM_ITS = 9
SKIPPED: dict[str, str] = {}
URL = "/api/v2/accounts/1/live_reports"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
METRICS = "GET /api/v2/accounts/{account.id}/live_reports/conversation_metrics > "
GROUPED = "GET /api/v2/accounts/{account.id}/live_reports/grouped_conversation_metrics > "
TEAM = 1  # sales


def _conversation(http: Any, status: str = "open", replied: bool = False, **fields: Any) -> None:
    body = {"inbox_id": 2, "contact_id": 1, **fields}
    display_id = ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))["id"]
    if replied:
        ok(http.post(f"{CONVERSATIONS}/{display_id}/messages", json={"content": "hi"}, headers=ADMIN))
    if status != "open":
        ok(http.post(f"{CONVERSATIONS}/{display_id}/toggle_status", json={"status": status}, headers=ADMIN))


def _metrics(http: Any, **params: Any) -> dict[str, int]:
    body: dict[str, int] = ok(http.get(f"{URL}/conversation_metrics", params=params, headers=ADMIN))
    return body


def _grouped(http: Any, group_by: str) -> dict[Any, dict[str, Any]]:
    rows = ok(http.get(f"{URL}/grouped_conversation_metrics", params={"group_by": group_by}, headers=ADMIN))
    return {row[group_by]: row for row in rows}


def _added(after: dict[str, Any], before: dict[str, Any] | None) -> dict[str, int]:
    return {key: after[key] - (before or {}).get(key, 0) for key in ("open", "unattended", "unassigned")}


@ports(
    METRICS + "when unauthenticated > returns unauthorized",
    GROUPED + "when unauthenticated > returns unauthorized",
)
def test_anonymous_callers_are_refused(http):
    assert http.get(f"{URL}/conversation_metrics").status_code == 401
    assert http.get(f"{URL}/grouped_conversation_metrics", params={"group_by": "team_id"}).status_code == 401


@ports(
    METRICS + "when authenticated but not authorized > returns forbidden",
    GROUPED + "when authenticated but not authorized > returns forbidden",
)
def test_agents_are_refused(http):
    assert http.get(f"{URL}/conversation_metrics", headers=AGENT).status_code == 401
    params = {"group_by": "team_id"}
    assert http.get(f"{URL}/grouped_conversation_metrics", params=params, headers=AGENT).status_code == 401


@ports(METRICS + "when authenticated and authorized > returns conversation metrics")
def test_conversation_metrics(http):
    before = _metrics(http)
    _conversation(http, assignee_id=1)
    _conversation(http)
    _conversation(http, status="pending", assignee_id=1)
    _conversation(http, assignee_id=1, replied=True)
    after = _metrics(http)
    assert {key: after[key] - before[key] for key in after} == {
        "open": 3,
        "unattended": 2,
        "unassigned": 1,
        "pending": 1,
    }


@ports(
    METRICS + "when authenticated and authorized > with team_id parameter > returns metrics filtered by team"
)
def test_conversation_metrics_of_a_team(http):
    before = _metrics(http, team_id=TEAM)
    _conversation(http, assignee_id=1)
    _conversation(http, team_id=TEAM)
    _conversation(http)
    after = _metrics(http, team_id=TEAM)
    assert {key: after[key] - before[key] for key in after} == {
        "open": 1,
        "unattended": 1,
        "unassigned": 1,
        "pending": 0,
    }


@ports(GROUPED + "with invalid group_by parameter > returns unprocessable_entity error")
def test_an_invalid_group_by(http):
    response = http.get(
        f"{URL}/grouped_conversation_metrics", params={"group_by": "invalid_param"}, headers=ADMIN
    )
    assert (response.status_code, response.json()["error"]) == (422, MSG_INVALID_GROUP_BY)


@ports(GROUPED + "when grouped by team_id > returns metrics grouped by team")
def test_grouped_by_team(http):
    before = _grouped(http, "team_id")
    for replied in (False, False, True):
        _conversation(http, team_id=TEAM, replied=replied)
    _conversation(http, assignee_id=1)
    _conversation(http, replied=True)
    after = _grouped(http, "team_id")
    assert _added(after[TEAM], before.get(TEAM)) == {"open": 3, "unattended": 2, "unassigned": 3}
    assert _added(after[None], before.get(None)) == {"open": 2, "unattended": 1, "unassigned": 1}
    assert list(after[TEAM]) == ["open", "unattended", "unassigned", "team_id"]


@ports(GROUPED + "when filtering by assignee_id > returns metrics grouped by assignee")
def test_grouped_by_assignee(http):
    add_inbox_member(http, 2, 2)  # jane, the agent, may then be assigned website conversations
    before = _grouped(http, "assignee_id")
    _conversation(http, assignee_id=2)
    _conversation(http)
    _conversation(http, assignee_id=2, replied=True)
    after = _grouped(http, "assignee_id")
    assert _added(after[2], before.get(2)) == {"open": 2, "unattended": 1, "unassigned": 0}
    assert _added(after[None], before.get(None)) == {"open": 1, "unattended": 1, "unassigned": 1}
