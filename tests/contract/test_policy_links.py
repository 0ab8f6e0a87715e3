"""Where agent capacity policies and assignment policies show through other resources (v4.10).

- The platform API renders account users as ActiveRecord JSON (`render json: account_user`): its
  `agent_capacity_policy_id` column is the membership's capacity policy
  (app/controllers/platform/api/v1/account_users_controller.rb; the column from
  enterprise/app/models/enterprise/concerns/account_user.rb, `belongs_to :agent_capacity_policy`).
- Destroying an inbox destroys its assignment policy link (app/models/inbox.rb: has_one
  :inbox_assignment_policy, dependent: :destroy) and its capacity limits
  (enterprise/app/models/enterprise/concerns/inbox.rb: has_many :inbox_capacity_limits,
  dependent: :destroy): the rows are gone, not only hidden.
"""

from __future__ import annotations

from fakewoot.api.assignment_policies import MSG_POLICY_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, PLATFORM_TOKEN, token

ADMIN, PLATFORM = token(ADMIN_TOKEN), token(PLATFORM_TOKEN)
A = "/api/v1/accounts/1"


def _tenant(client) -> tuple[int, dict, dict]:
    """A platform-made account with an administrator (the platform app may read its account users)."""
    account_id = client.post("/platform/api/v1/accounts", json={"name": "Tenant"}, headers=PLATFORM).json()[
        "id"
    ]
    user = client.post(
        "/platform/api/v1/users",
        json={"name": "Pat", "email": "pat@tenant.test", "password": "Password1!"},
        headers=PLATFORM,
    ).json()
    url = f"/platform/api/v1/accounts/{account_id}/account_users"
    row = client.post(url, json={"user_id": user["id"], "role": "administrator"}, headers=PLATFORM)
    assert row.status_code == 200, row.text
    return account_id, user, row.json()


def test_platform_account_users_carry_the_capacity_policy_id(client):
    account_id, user, row = _tenant(client)
    assert row["agent_capacity_policy_id"] is None
    owner = token(user["access_token"])
    policies = f"/api/v1/accounts/{account_id}/agent_capacity_policies"
    policy = client.post(policies, json={"agent_capacity_policy": {"name": "Standard"}}, headers=owner).json()
    assigned = client.post(f"{policies}/{policy['id']}/users", json={"user_id": user["id"]}, headers=owner)
    assert assigned.status_code == 200
    url = f"/platform/api/v1/accounts/{account_id}/account_users"
    listed = client.get(url, headers=PLATFORM).json()
    assert [(r["user_id"], r["agent_capacity_policy_id"]) for r in listed] == [(user["id"], policy["id"])]
    assert list(listed[0])[-2:] == ["custom_role_id", "agent_capacity_policy_id"]
    upsert = client.post(url, json={"user_id": user["id"], "role": "agent"}, headers=PLATFORM).json()
    assert (upsert["role"], upsert["agent_capacity_policy_id"]) == ("agent", policy["id"])
    client.post(url, json={"user_id": user["id"], "role": "administrator"}, headers=PLATFORM)
    assert client.delete(f"{policies}/{policy['id']}", headers=owner).status_code == 200  # nullify
    assert client.get(url, headers=PLATFORM).json()[0]["agent_capacity_policy_id"] is None


def test_deleting_an_inbox_destroys_its_policy_link_and_capacity_limits(client, fake):
    account = fake.store.account(1)
    assignment = client.post(f"{A}/assignment_policies", json={"name": "Rotation"}, headers=ADMIN).json()
    capacity = client.post(
        f"{A}/agent_capacity_policies", json={"agent_capacity_policy": {"name": "Standard"}}, headers=ADMIN
    ).json()
    for inbox_id in (1, 2):
        linked = client.post(
            f"{A}/inboxes/{inbox_id}/assignment_policy",
            json={"assignment_policy_id": assignment["id"]},
            headers=ADMIN,
        )
        assert linked.status_code == 200
        limit = client.post(
            f"{A}/agent_capacity_policies/{capacity['id']}/inbox_limits",
            json={"inbox_id": inbox_id, "conversation_limit": 5},
            headers=ADMIN,
        )
        assert limit.status_code == 200
    assert client.delete(f"{A}/inboxes/2", headers=ADMIN).status_code == 200
    assert [link.inbox_id for link in account.inbox_assignment_policies] == [1]
    assert [limit.inbox_id for limit in account.inbox_capacity_limits] == [1]
    shown = client.get(f"{A}/assignment_policies/{assignment['id']}", headers=ADMIN).json()
    assert shown["assigned_inbox_count"] == 1
    limits = client.get(f"{A}/agent_capacity_policies/{capacity['id']}", headers=ADMIN).json()
    assert [row["inbox_id"] for row in limits["inbox_capacity_limits"]] == [1]
    assert client.delete(f"{A}/inboxes/1", headers=ADMIN).status_code == 200
    assert account.inbox_assignment_policies.rows == {} and account.inbox_capacity_limits.rows == {}


def test_deleting_an_inbox_leaves_other_inboxes_links(client, fake):
    """The inbox that stays keeps its link: show it through the inbox's own route."""
    assignment = client.post(f"{A}/assignment_policies", json={"name": "Rotation"}, headers=ADMIN).json()
    client.post(
        f"{A}/inboxes/1/assignment_policy", json={"assignment_policy_id": assignment["id"]}, headers=ADMIN
    )
    assert client.delete(f"{A}/inboxes/2", headers=ADMIN).status_code == 200
    kept = client.get(f"{A}/inboxes/1/assignment_policy", headers=ADMIN)
    assert (kept.status_code, kept.json()["id"]) == (200, assignment["id"])
    assert client.delete(f"{A}/inboxes/1", headers=ADMIN).status_code == 200
    gone = client.get(f"{A}/inboxes/1/assignment_policy", headers=ADMIN)
    assert gone.status_code == 404 and gone.json() != {"error": MSG_POLICY_NOT_FOUND}  # the inbox is gone
