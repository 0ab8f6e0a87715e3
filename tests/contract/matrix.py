"""The authentication rows every /api/v1 endpoint shares (reference section 2.1-2.3)."""

from __future__ import annotations

from typing import Any

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_INVALID_ACCESS_TOKEN, MSG_SIGN_IN_REQUIRED
from tests.conftest import BOT_TOKEN, PLATFORM_TOKEN, token

UNAUTHENTICATED_ROWS = [
    ("no credentials", {}, {"errors": [MSG_SIGN_IN_REQUIRED]}),
    ("unknown api_access_token", token("not-a-token"), {"error": MSG_INVALID_ACCESS_TOKEN}),
    # `present?` is false for a blank token, so devise_token_auth answers (Api::BaseController)
    ("empty api_access_token", token(""), {"errors": [MSG_SIGN_IN_REQUIRED]}),
    ("agent bot token", token(BOT_TOKEN), {"error": MSG_BOTS_NOT_AUTHORIZED}),
    ("platform app token", token(PLATFORM_TOKEN), {"error": MSG_BOTS_NOT_AUTHORIZED}),
    (
        "wrong devise token",
        {"access-token": "x", "client": "y", "uid": "john@acme.inc"},
        {"errors": [MSG_SIGN_IN_REQUIRED]},
    ),
]


def assert_refuses_strangers(client: Any, method: str, url: str, **kwargs: Any) -> None:
    """401 with Chatwoot's body for every credential that is not a user's, and nothing changes."""
    for label, headers, body in UNAUTHENTICATED_ROWS:
        response = client.request(method, url, headers=headers, **kwargs)
        assert response.status_code == 401, (label, response.text)
        assert response.json() == body, label
