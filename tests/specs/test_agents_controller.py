"""Port of spec/controllers/api/v1/accounts/agents_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_SIGN_IN_REQUIRED
from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_accounts import PLATFORM, UNAUTHORIZED

SPEC = "spec/controllers/api/v1/accounts/agents_controller_spec.rb"
UPSTREAM_ITS = 17
SKIPPED: dict[str, str] = {}
A = "/api/v1/accounts/1/agents"
IX = "GET /api/v1/accounts/{account.id}/agents"
D = "DELETE /api/v1/accounts/{account.id}/agents/:id"
U = "PUT /api/v1/accounts/{account.id}/agents/:id"
C = "POST /api/v1/accounts/{account.id}/agents"
B = "POST /api/v1/accounts/{account.id}/agents/bulk_create"
AUTH = "when it is an authenticated user"
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def _user_count(fake):
    return len(list(fake.store.state.users))


@ports(f"{IX} > {UNAUTHORIZED}", f"{D} > {UNAUTHORIZED}", f"{U} > {UNAUTHORIZED}", f"{C} > {UNAUTHORIZED}")
def test_refuses_strangers(http):
    other = new_user(http)
    for method, url in (
        ("GET", A),
        ("DELETE", f"{A}/{other['id']}"),
        ("PUT", f"{A}/{other['id']}"),
        ("POST", A),
    ):
        response = http.request(method, url)
        assert (response.status_code, response.json()) == (401, {"errors": [MSG_SIGN_IN_REQUIRED]}), url


@ports(f"{B} > {UNAUTHORIZED}")
def test_bulk_create_refuses_strangers(http, fake):
    before = _user_count(fake)
    response = http.post(f"{A}/bulk_create", data={"emails[]": ["test1@example.com"]})
    assert (response.status_code, response.json()) == (401, {"errors": [MSG_SIGN_IN_REQUIRED]})
    assert _user_count(fake) == before


@ports(f"{IX} > {AUTH} > returns all agents of account")
def test_index_lists_every_user_of_the_account(http, fake):
    agent = new_user(http)
    body = ok(http.get(A, headers=agent["headers"]))
    assert len(body) == len(fake.store.account(1).members)
    assert agent["id"] in [row["id"] for row in body]


@ports(f"{IX} > {AUTH} > returns custom fields on agents if present")
def test_index_shows_custom_attributes(http):
    agent = new_user(http, name="Aaron First")  # ordered by lower(name): first
    body = {"custom_attributes": {"test": "test"}}
    ok(http.patch(f"/platform/api/v1/users/{agent['id']}", json=body, headers=PLATFORM))
    data = ok(http.get(A, headers=agent["headers"]))
    assert data[0]["id"] == agent["id"]
    assert data[0]["custom_attributes"]["test"] == "test"
    assert all("custom_attributes" not in row for row in data[1:])


@ports(f"{D} > {AUTH} > returns unauthorized for agents")
def test_delete_by_an_agent(http, fake):
    agent, other = new_user(http), new_user(http)
    response = http.delete(f"{A}/{other['id']}", headers=agent["headers"])
    assert (response.status_code, response.json()) == DENIED
    assert other["id"] in fake.store.account(1).members


@ports(f"{D} > {AUTH} > deletes the agent and user object if associated with only one account")
def test_delete_removes_a_single_account_user(http, fake):
    other = new_user(http)
    response = http.delete(f"{A}/{other['id']}", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert other["id"] not in fake.store.account(1).members
    assert other["id"] not in [row["id"] for row in ok(http.get(A, headers=ADMIN))]
    assert fake.store.users.get(other["id"]) is None  # DeleteObjectJob


@ports(f"{D} > {AUTH} > deletes only the agent object when user is associated with multiple accounts")
def test_delete_keeps_a_user_of_other_accounts(http, fake):
    other = new_user(http)
    link = {"name": other["name"], "email": other["email"], "role": "agent"}
    ok(http.post("/api/v1/accounts/2/agents", json=link, headers=token(OTHER_ADMIN_TOKEN)))
    ok(http.delete(f"{A}/{other['id']}", headers=ADMIN))
    assert other["id"] not in fake.store.account(1).members
    assert [m.account_id for m in fake.store.account_users.of_user(other["id"])] == [2]
    assert fake.store.users.get(other["id"]) is not None


@ports(f"{U} > {AUTH} > returns unauthorized for agents")
def test_update_by_an_agent(http, fake):
    agent, other = new_user(http), new_user(http)
    response = http.put(f"{A}/{other['id']}", json={"name": "TestUser"}, headers=agent["headers"])
    assert (response.status_code, response.json()) == DENIED
    assert fake.store.users.get(other["id"]).name == other["name"]


@ports(f"{U} > {AUTH} > modifies an agent name")
def test_update_name(http, fake):
    other = new_user(http)
    body = ok(http.put(f"{A}/{other['id']}", json={"name": "TestUser"}, headers=ADMIN))
    assert body["name"] == "TestUser"
    assert fake.store.users.get(other["id"]).name == "TestUser"


@ports(f"{U} > {AUTH} > modifies an agents account user attributes")
def test_update_membership(http, fake):
    other = new_user(http)
    params = {"role": "administrator", "availability": "busy", "auto_offline": False}
    body = ok(http.put(f"{A}/{other['id']}", json=params, headers=ADMIN))
    assert body["role"] == "administrator"
    assert body["availability_status"] == "busy"
    assert body["auto_offline"] is False
    assert fake.store.account_users.find(1, other["id"]).role == "administrator"


@ports(f"{C} > {AUTH} > returns unauthorized for agents")
def test_create_by_an_agent(http, fake):
    agent = new_user(http)
    before = _user_count(fake)
    body = {"name": "NewUser", "email": "new-user@example.test", "role": "agent"}
    response = http.post(A, json=body, headers=agent["headers"])
    assert (response.status_code, response.json()) == DENIED
    assert _user_count(fake) == before


@ports(f"{C} > {AUTH} > creates a new agent")
def test_create(http, fake):
    body = {"name": "NewUser", "email": "new-user@example.test", "role": "agent"}
    answer = ok(http.post(A, json=body, headers=ADMIN))
    assert answer["email"] == "new-user@example.test"
    user = fake.store.users.by_email("new-user@example.test")
    assert user.name == "NewUser"
    assert user.id in fake.store.account(1).members


@ports(f"{B} > when authenticated as admin > creates multiple agents successfully")
def test_bulk_create(http, fake):
    before = _user_count(fake)
    emails = ["test1@example.com", "test2@example.com", "test3@example.com"]
    response = http.post(f"{A}/bulk_create", data={"emails[]": emails}, headers=ADMIN)
    assert response.status_code == 200
    assert _user_count(fake) == before + 3


@ports(f"{B} > when authenticated as admin > ignores errors if account_user already exists")
def test_bulk_create_skips_members(http, fake):
    new_user(http, email="exists@example.com")
    before = _user_count(fake)
    emails = ["exists@example.com", "test1@example.com", "test2@example.com"]
    response = http.post(f"{A}/bulk_create", data={"emails[]": emails}, headers=ADMIN)
    assert response.status_code == 200
    assert _user_count(fake) == before + 2
    members = fake.store.account(1).members
    assert all(fake.store.users.by_email(e).id in members for e in emails)
