"""/api/v2/accounts/:id/live_reports/{conversation_metrics,grouped_conversation_metrics} (v4.10):
shapes, the before_action order (team 404 and group_by 422 before the policy's 401), the auth
matrix. Source: app/controllers/api/v2/accounts/live_reports_controller.rb."""

from __future__ import annotations

import pytest

from fakewoot.api.live_reports import MSG_INVALID_GROUP_BY
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

ADMIN, AGENT, OTHER = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
URL = "/api/v2/accounts/1/live_reports"


def _expected(fake, team_id=None):
    rows = [
        c
        for c in fake.store.state.accounts[1].conversations.values()
        if team_id is None or c.team_id == team_id
    ]
    opened = [c for c in rows if c.status == "open"]
    return {
        "open": len(opened),
        "unattended": sum(
            1 for c in opened if c.first_reply_created_at is None or c.waiting_since is not None
        ),
        "unassigned": sum(1 for c in opened if c.assignee_id is None),
        "pending": sum(1 for c in rows if c.status == "pending"),
    }


def test_conversation_metrics_shape_and_counts(client, fake):
    response = client.get(f"{URL}/conversation_metrics", headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["open", "unattended", "unassigned", "pending"]
    assert body == _expected(fake)
    assert client.get(
        f"{URL}/conversation_metrics", params={"team_id": 1}, headers=ADMIN
    ).json() == _expected(fake, 1)


def test_grouped_rows(client, fake):
    client.post(
        "/api/v1/accounts/1/conversations", json={"inbox_id": 2, "contact_id": 1, "team_id": 2}, headers=ADMIN
    )
    rows = client.get(
        f"{URL}/grouped_conversation_metrics", params={"group_by": "team_id"}, headers=ADMIN
    ).json()
    assert all(list(row) == ["open", "unattended", "unassigned", "team_id"] for row in rows)
    opened = [c for c in fake.store.state.accounts[1].conversations.values() if c.status == "open"]
    assert {row["team_id"]: row["open"] for row in rows} == {
        team: sum(1 for c in opened if c.team_id == team) for team in {c.team_id for c in opened}
    }


@pytest.mark.parametrize("team_id", [[1], {"id": 1}, False, None])
def test_a_team_id_permit_drops_or_false_counts_every_team(client, fake, team_id):
    response = client.request("GET", f"{URL}/conversation_metrics", json={"team_id": team_id}, headers=ADMIN)
    assert (response.status_code, response.json()) == (200, _expected(fake))


def test_an_unknown_team_is_404_even_for_agents(client):
    response = client.get(f"{URL}/conversation_metrics", params={"team_id": 999}, headers=AGENT)
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


def test_a_bad_group_by_is_422_before_the_policy(client):
    for headers in (ADMIN, AGENT):
        response = client.get(
            f"{URL}/grouped_conversation_metrics", params={"group_by": "inbox_id"}, headers=headers
        )
        assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_GROUP_BY})


ROUTES = [
    (f"{URL}/conversation_metrics", {}),
    (f"{URL}/grouped_conversation_metrics", {"group_by": "team_id"}),
]


@pytest.mark.parametrize(("url", "params"), ROUTES)
def test_strangers_and_bots_are_refused(client, url, params):
    assert_refuses_strangers(client, "GET", url, params=params)


@pytest.mark.parametrize(("url", "params"), ROUTES)
def test_agents_and_other_accounts_are_refused(client, url, params):
    agent = client.get(url, params=params, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    other = client.get(url, params=params, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
