"""Port of spec/controllers/devise/token_validations_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from fakewoot.errors import MSG_INVALID_TOKEN_VALIDATION
from tests.specs.ledger import ports
from tests.specs.support import new_user, ok
from tests.specs.support_accounts import session

SPEC = "spec/controllers/devise/token_validations_controller_spec.rb"
UPSTREAM_ITS = 2
SKIPPED: dict[str, str] = {}


@ports("GET /validate_token > when it is an invalid token > returns unauthorized")
def test_without_a_token(http):
    response = http.get("/auth/validate_token")
    assert (response.status_code, response.json()) == (
        401,
        {"success": False, "errors": [MSG_INVALID_TOKEN_VALIDATION]},
    )


@ports("GET /validate_token > when it is a valid token > returns all the labels for the conversation")
def test_with_a_valid_token(http):
    agent = new_user(http)
    response = http.get("/auth/validate_token", headers=session(http, agent["email"]))
    body = ok(response)
    assert "payload" in response.text
    assert body["payload"]["success"] is True
    assert body["payload"]["data"]["id"] == agent["id"]
