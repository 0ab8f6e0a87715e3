"""Port of spec/controllers/devise/confirmations_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.auth.messages import MSG_CONFIRMATION_ALREADY_CONFIRMED, MSG_CONFIRMATION_INVALID_TOKEN
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/controllers/devise/confirmations_controller_spec.rb"
UPSTREAM_ITS = 6
SKIPPED: dict[str, str] = {}
C = "POST /auth/confirmation"
EMAIL = "john.doe@gmail.com"


@pytest.fixture
def invited(http, fake):
    """An unconfirmed user with a confirmation token: an agent invited by email (AgentBuilder)."""
    ok(http.post("/api/v1/accounts/1/agents", json={"name": "John Doe", "email": EMAIL}, headers=ADMIN))
    mail = fake.store.mailer.outbox(to=EMAIL, template="confirmation_instructions")[-1]
    return mail.data["confirmation_token"]


@pytest.fixture
def valid(http, invited):
    return http.post("/auth/confirmation", data={"confirmation_token": invited})


@ports(f"{C} > when token is valid > has status 200")
def test_valid_token_is_200(valid, fake):
    assert valid.status_code == 200
    assert fake.store.users.by_email(EMAIL).confirmed
    assert valid.headers["access-token"] and valid.headers["uid"] == EMAIL


@ports(f'{C} > when token is valid > returns "auth data"')
def test_valid_token_returns_auth_data(valid):
    assert EMAIL in valid.text
    assert valid.json()["data"]["email"] == EMAIL
    assert valid.json()["data"]["confirmed"] is True


@pytest.fixture
def blank(http, invited):
    return http.post("/auth/confirmation", data={"confirmation_token": ""})


@ports(f"{C} > when token is invalid > has status 422")
def test_blank_token_is_422(blank, fake):
    assert blank.status_code == 422
    assert not fake.store.users.by_email(EMAIL).confirmed


@ports(f'{C} > when token is invalid > returns message "Invalid token"')
def test_blank_token_message(blank):
    assert blank.json() == {"message": MSG_CONFIRMATION_INVALID_TOKEN, "redirect_url": "/"}


@pytest.fixture
def again(http, invited, valid):
    assert valid.status_code == 200
    return http.post("/auth/confirmation", data={"confirmation_token": invited})


@ports(f"{C} > when user had already been confirmed > has status 422")
def test_confirmed_user_is_422(again):
    assert again.status_code == 422


@ports(f'{C} > when user had already been confirmed > returns message "Already confirmed"')
def test_confirmed_user_message(again):
    assert again.json() == {"message": MSG_CONFIRMATION_ALREADY_CONFIRMED, "redirect_url": "/"}
    assert "access-token" not in again.headers
