"""Helpers for the contacts area's ported specs: a fresh account, as `create(:account)` gives a spec.

Chatwoot's specs start from an empty account; the default fixtures' account 1 already has seven
contacts, so the specs whose assertions depend on the whole list (sort orders, counts) run in a new
account made over the Platform API, with its own administrator and agent.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from tests.specs.support import PLATFORM, ok

_serial = itertools.count(1)


@dataclass
class Account:
    id: int
    admin: dict[str, str]  # headers of an administrator
    agent: dict[str, str]  # headers of an agent (member of no inbox)
    agent_id: int
    http: Any

    @property
    def url(self) -> str:
        return f"/api/v1/accounts/{self.id}"

    def user(self, role: str = "agent") -> tuple[int, dict[str, str]]:
        """Another confirmed user of this account: (id, headers)."""
        return _member(self.http, self.id, role)

    def inbox(self, kind: str = "api", **fields: Any) -> dict[str, Any]:
        """A new inbox (`api`, `web_widget` or `email`); returns the inbox JSON."""
        n = next(_serial)
        channel: dict[str, Any] = {"type": kind}
        if kind == "web_widget":
            channel["website_url"] = f"https://site-{n}.example"
        if kind == "email":
            channel["email"] = f"support-{n}@inbox.example"
        body = {"name": f"Spec Inbox {n}", "channel": channel, **fields}
        return ok(self.http.post(f"{self.url}/inboxes", json=body, headers=self.admin))

    def set_feature(self, name: str, enabled: bool = True) -> None:
        """Enable or disable an account feature (Platform API `features: {name: bool}`)."""
        body = {"features": {name: enabled}}
        ok(self.http.patch(f"/platform/api/v1/accounts/{self.id}", json=body, headers=PLATFORM))

    def listed(self) -> list[int]:
        """The ids GET /contacts lists (resolved contacts), every page."""
        found: list[int] = []
        page = 1
        while True:
            body = ok(self.http.get(f"{self.url}/contacts?page={page}", headers=self.admin))
            if not body["payload"]:
                return found
            found.extend(c["id"] for c in body["payload"])
            page += 1

    def add_member(self, inbox_id: int, user_id: int) -> None:
        body = {"inbox_id": inbox_id, "user_ids": [user_id]}
        ok(self.http.post(f"{self.url}/inbox_members", json=body, headers=self.admin))

    def contact(self, inbox_id: int | None = None, **fields: Any) -> dict[str, Any]:
        """`create(:contact)`: a name `Contact <n>`, then the fields; the `payload.contact` answer."""
        body: dict[str, Any] = {"name": f"Contact {next(_serial)}", **fields}
        if inbox_id is not None:
            body["inbox_id"] = inbox_id
        return ok(self.http.post(f"{self.url}/contacts", json=body, headers=self.admin))["payload"]["contact"]

    def contact_with_email(self, **fields: Any) -> dict[str, Any]:
        """`create(:contact, :with_email)`."""
        return self.contact(**{"email": f"contact-{next(_serial)}@example.com", **fields})


def _member(http: Any, account_id: int, role: str) -> tuple[int, dict[str, str]]:
    n = next(_serial)
    body = {"name": f"Spec Member {n}", "email": f"spec-member-{n}@example.test", "password": "Password1!"}
    user = ok(http.post("/platform/api/v1/users", json=body, headers=PLATFORM))
    link = {"user_id": user["id"], "role": role}
    ok(http.post(f"/platform/api/v1/accounts/{account_id}/account_users", json=link, headers=PLATFORM))
    return user["id"], {"api_access_token": user["access_token"]}


def fresh_account(http: Any) -> Account:
    """`create(:account)` with an administrator and an agent."""
    account = ok(http.post("/platform/api/v1/accounts", json={"name": "Spec Account"}, headers=PLATFORM))
    _, admin = _member(http, account["id"], "administrator")
    agent_id, agent = _member(http, account["id"], "agent")
    return Account(account["id"], admin, agent, agent_id, http)
