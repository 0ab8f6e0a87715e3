"""Port of spec/services/account/sign_up_email_validation_service_spec.rb (Chatwoot v4.10)
through POST /api/v1/accounts, whose AccountBuilder runs the service for anonymous signups."""

from __future__ import annotations

from fakewoot.errors import MSG_SIGNUP_INVALID_EMAIL
from tests.specs.ledger import ports
from tests.specs.support import ok

SPEC = "spec/services/account/sign_up_email_validation_service_spec.rb"
UPSTREAM_ITS = 5
P = "#perform > "
BLOCKED = "not implemented: the BLOCKED_EMAIL_DOMAINS installation config (no domain is blocked in the fake)"
SKIPPED = {
    f"{P}when domain is blocked > raises InvalidEmail with blocked domain message": BLOCKED,
    f"{P}when domain is blocked (case insensitive) > raises InvalidEmail with blocked domain message": BLOCKED,
    f"{P}when email is from disposable provider > raises InvalidEmail with disposable message": (
        "not implemented: ValidEmail2's list of disposable email domains"
    ),
}
SIGNUP = {"account_name": "Test Account", "user_full_name": "Test User", "password": "Password123!"}


@ports(f"{P}when email is invalid format > raises InvalidEmail with invalid message")
def test_invalid_format(http, fake):
    before = fake.snapshot()
    response = http.post("/api/v1/accounts", json={**SIGNUP, "email": "invalid-email"})
    assert (response.status_code, response.json()) == (403, {"message": MSG_SIGNUP_INVALID_EMAIL})
    assert fake.snapshot() == before


@ports(f"{P}when email is valid business email > returns true")
def test_valid_email(http, fake):
    data = ok(http.post("/api/v1/accounts", json={**SIGNUP, "email": "test@example.com"}))["data"]
    assert data["email"] == "test@example.com"
    assert fake.store.users.by_email("test@example.com") is not None
