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


class SpecApp:
    """`create(:platform_app)`: a new platform app (no API creates one) and its token headers;
    `permit` is `create(:platform_app_permissible, ...)` (no API either)."""

    def __init__(self, fake: Any, name: str = "Spec App") -> None:
        self.fake = fake
        self.app = fake.store.platform_apps.create(name=name)
        self.headers = token(fake.store.access_tokens.of("PlatformApp", self.app.id).token)

    def permit(self, kind: str, record_id: int) -> None:
        self.fake.store.platform_apps.permit(self.app, kind, record_id)

    def permits(self, kind: str, record_id: int) -> bool:
        return bool(self.fake.store.platform_apps.is_permitted(self.app, kind, record_id))


def membership(fake: Any, account_id: int, user_id: int) -> Any:
    return fake.store.account_users.find(account_id, user_id)
