"""Port of spec/builders/agent_builder_spec.rb (Chatwoot v4.10) through POST
/api/v1/accounts/:id/agents and bulk_create, the builder's HTTP callers."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok

SPEC = "spec/builders/agent_builder_spec.rb"
UPSTREAM_ITS = 7
P = "#perform > "
SKIPPED = {
    f"{P}when a temporary password is generated > sets a temporary password for the user": (
        "internal: the temporary password is stored encrypted and never answered"
    ),
}
AGENT = {
    "email": "test@example.com",
    "name": "Test User",
    "role": "agent",
    "availability": "offline",
    "auto_offline": False,
}


def _users(fake):
    return len(list(fake.store.state.users))


def _members(fake):
    return len(fake.store.account(1).members)


@ports(
    f"{P}when user does not exist > creates a new user",
    f"{P}when user does not exist > creates a new account user",
)
def test_new_user_and_membership(http, fake):
    users, members = _users(fake), _members(fake)
    ok(http.post("/api/v1/accounts/1/agents", json=AGENT, headers=ADMIN))
    assert (_users(fake), _members(fake)) == (users + 1, members + 1)
    member = fake.store.account_users.find(1, fake.store.users.by_email("test@example.com").id)
    assert (member.role, member.availability, member.auto_offline, member.inviter_id) == (
        "agent",
        "offline",
        False,
        1,
    )


@ports(f"{P}when user does not exist > returns a user")
def test_returns_the_user(http, fake):
    body = ok(http.post("/api/v1/accounts/1/agents", json=AGENT, headers=ADMIN))
    assert body["id"] == fake.store.users.by_email("test@example.com").id
    assert (body["email"], body["name"]) == ("test@example.com", "Test User")


@ports(
    f"{P}when user exists > does not create a new user", f"{P}when user exists > creates a new account user"
)
def test_existing_user_is_linked(http, fake):
    existing = new_user(http, account_id=2, email="test@example.com")
    users, members = _users(fake), _members(fake)
    body = ok(http.post("/api/v1/accounts/1/agents", json=AGENT, headers=ADMIN))
    assert body["id"] == existing["id"]
    assert (_users(fake), _members(fake)) == (users, members + 1)


@ports(f"{P}when only email is provided > creates a user with default values")
def test_only_email(http, fake):
    """bulk_create is the caller that passes only the email (and the name from it); the
    builder's role default `agent` applies (POST agents always passes its params)."""
    response = http.post(
        "/api/v1/accounts/1/agents/bulk_create", json={"emails": ["test@example.com"]}, headers=ADMIN
    )
    assert response.status_code == 200
    user = fake.store.users.by_email("test@example.com")
    assert user.name == "test"  # bulk_create's name: the email's local part
    assert fake.store.account_users.find(1, user.id).role == "agent"
