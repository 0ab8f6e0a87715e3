"""Port of spec/builders/v2/reports/timeseries/count_report_builder_spec.rb (v4.10) through
GET /api/v2/accounts/:id/reports (timeseries) and /reports/summary (aggregate_value): one agent in
both default accounts resolves two conversations in account 1 and three in account 2; each
account's agent report counts only its own. Resolutions are real (toggle_status under a frozen
clock) where upstream writes the reporting_events rows by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_user, ok

SPEC = "spec/builders/v2/reports/timeseries/count_report_builder_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}
OTHER = token(OTHER_ADMIN_TOKEN)
NOW = int(datetime(2024, 6, 14, 15, tzinfo=UTC).timestamp())
HOUR = 3600
PARAMS = {
    "type": "agent",
    "metric": "resolutions_count",
    "since": str(NOW - 15 * HOUR - 86400),  # yesterday's start
    "until": str(NOW + 9 * HOUR - 1),  # today's end
}
# (account, inbox, contact, token) and the hours ago each resolution happens
ACCOUNT_1 = (1, 2, 1, ADMIN, (12, 6))
ACCOUNT_2 = (2, 3, 8, OTHER, (8, 4, 2))


@pytest.fixture
def agent(http: Any, freeze: Any) -> dict[str, Any]:
    clock = freeze(NOW - 24 * HOUR)
    user = new_user(http)
    agent = {"name": user["name"], "email": user["email"], "role": "agent"}
    ok(http.post("/api/v1/accounts/2/agents", json=agent, headers=OTHER))
    add_inbox_member(http, 2, user["id"])
    ok(
        http.post(
            "/api/v1/accounts/2/inbox_members",
            json={"inbox_id": 3, "user_ids": [user["id"]]},
            headers=OTHER,
        )
    )
    for account_id, inbox_id, contact_id, headers, hours_ago in (ACCOUNT_1, ACCOUNT_2):
        url = f"/api/v1/accounts/{account_id}/conversations"
        for hours in hours_ago:
            clock.set(NOW - 24 * HOUR)
            body = {"inbox_id": inbox_id, "contact_id": contact_id, "assignee_id": user["id"]}
            display_id = ok(http.post(url, json=body, headers=headers))["id"]
            clock.set(NOW - hours * HOUR)
            ok(http.post(f"{url}/{display_id}/toggle_status", json={"status": "resolved"}, headers=headers))
    clock.set(NOW)
    return user


def _aggregate(http: Any, account_id: int, user: dict[str, Any]) -> int:
    headers = ADMIN if account_id == 1 else OTHER
    url = f"/api/v2/accounts/{account_id}/reports/summary"
    body = ok(http.get(url, params={**PARAMS, "id": str(user["id"])}, headers=headers))
    count: int = body["resolutions_count"]
    return count


@ports("#aggregate_value > returns only resolutions performed by the user in the specified account")
def test_aggregate_counts_the_accounts_own_resolutions(http, agent):
    assert _aggregate(http, 1, agent) == 2


@ports("#aggregate_value > when querying account2 > returns only resolutions for account2")
def test_aggregate_for_the_other_account(http, agent):
    assert _aggregate(http, 2, agent) == 3


@ports("#timeseries > filters resolutions by account")
def test_timeseries_counts_the_accounts_own_resolutions(http, agent):
    series = ok(
        http.get("/api/v2/accounts/1/reports", params={**PARAMS, "id": str(agent["id"])}, headers=ADMIN)
    )
    assert sum(entry["value"] for entry in series) == 2


@ports("account isolation > does not leak data between accounts")
def test_accounts_do_not_leak(http, agent):
    assert (_aggregate(http, 1, agent), _aggregate(http, 2, agent)) == (2, 3)
