"""Factories for the ported specs, the way a Chatwoot client would build state: over HTTP.

Chatwoot's specs build records with FactoryBot; these build the same records through the
Platform API and the Application API of the fake under test, so every model side effect runs.
Area-specific helpers live in the test modules (or tests/specs/support_<area>.py).
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, PLATFORM_TOKEN, token

ADMIN = token(ADMIN_TOKEN)  # john, administrator of account 1 (default fixtures)
AGENT = token(AGENT_TOKEN)  # jane, agent of account 1, member of inbox 1 only
PLATFORM = token(PLATFORM_TOKEN)
API_INBOX = 1  # "Acme API" (Channel::Api), jane is a member
WEB_INBOX = 2  # "Acme Website" (Channel::WebWidget), john is a member
_serial = itertools.count(1)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json() if response.content else None


def new_user(http: Any, account_id: int = 1, role: str = "agent", **fields: Any) -> dict[str, Any]:
    """A confirmed user with `role` in `account_id` (1 or 2); the user JSON plus `headers` for its token."""
    n = next(_serial)
    body = {
        "name": f"Spec User {n}",
        "email": f"spec-user-{n}@example.test",
        "password": "Password1!",
        **fields,
    }
    user = ok(http.post("/platform/api/v1/users", json=body, headers=PLATFORM))
    # The agents API links an existing user by email (AgentBuilder), as an administrator may.
    admin = ADMIN if account_id == 1 else token(OTHER_ADMIN_TOKEN)
    agent = {"name": body["name"], "email": body["email"], "role": role}
    ok(http.post(f"/api/v1/accounts/{account_id}/agents", json=agent, headers=admin))
    user["headers"] = token(user["access_token"])
    return user


def add_inbox_member(http: Any, inbox_id: int, user_id: int, account_id: int = 1) -> None:
    ok(
        http.post(
            f"/api/v1/accounts/{account_id}/inbox_members",
            json={"inbox_id": inbox_id, "user_ids": [user_id]},
            headers=ADMIN,
        )
    )


def new_contact(
    http: Any, account_id: int = 1, inbox_id: int | None = API_INBOX, **fields: Any
) -> dict[str, Any]:
    """A contact (the `payload.contact` of the create answer), with a contact inbox when `inbox_id`."""
    n = next(_serial)
    body: dict[str, Any] = {"name": f"Spec Contact {n}", **fields}
    if inbox_id is not None:
        body["inbox_id"] = inbox_id
    return ok(http.post(f"/api/v1/accounts/{account_id}/contacts", json=body, headers=ADMIN))["payload"][
        "contact"
    ]


def new_conversation(
    http: Any,
    account_id: int = 1,
    inbox_id: int = API_INBOX,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A conversation of a new contact in `inbox_id` (the create answer)."""
    contact = new_contact(http, account_id, inbox_id)
    body = {"inbox_id": inbox_id, "contact_id": contact["id"], **fields}
    return ok(http.post(f"/api/v1/accounts/{account_id}/conversations", json=body, headers=headers or ADMIN))


def new_message(
    http: Any,
    conversation: dict[str, Any],
    account_id: int = 1,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {"content": f"spec message {next(_serial)}", **fields}
    url = f"/api/v1/accounts/{account_id}/conversations/{conversation['id']}/messages"
    return ok(http.post(url, json=body, headers=headers or ADMIN))
