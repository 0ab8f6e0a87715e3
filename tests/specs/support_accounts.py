"""Helpers for the ported accounts, auth, profile, agents and platform specs."""

from __future__ import annotations

from typing import Any

from tests.conftest import PLATFORM_TOKEN, token
from tests.specs.support import ok

PASSWORD = "Password1!"  # the password support.new_user gives every user
PLATFORM = token(PLATFORM_TOKEN)
UNAUTHORIZED = "when it is an unauthenticated user > returns unauthorized"


def session(http: Any, email: str, password: str = PASSWORD) -> dict[str, str]:
    """`user.create_new_auth_token`: sign in over HTTP and return the devise headers."""
    response = http.post("/auth/sign_in", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {name: response.headers[name] for name in ("access-token", "client", "uid")}


def profile(http: Any, headers: dict[str, str]) -> dict[str, Any]:
    return ok(http.get("/api/v1/profile", headers=headers))


def new_platform_app(fake: Any, name: str = "Spec App") -> dict[str, str]:
    """`create(:platform_app)`: a second platform app (no API creates one) and its token headers."""
    app = fake.store.platform_apps.create(name=name)
    record = fake.store.access_tokens.of("PlatformApp", app.id)
    return token(record.token)


def membership(fake: Any, account_id: int, user_id: int) -> Any:
    return fake.store.account_users.find(account_id, user_id)
