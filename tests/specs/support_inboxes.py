"""Helpers for the inboxes area's ported specs (inboxes, inbox members, labels, custom attribute
definitions, webhooks, agent bots): records built over HTTP as an administrator would."""

from __future__ import annotations

from typing import Any

from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.support import ADMIN, new_user, ok

OTHER_ADMIN = token(OTHER_ADMIN_TOKEN)  # hank, administrator of account 2 (default fixtures)


def inboxes_url(account_id: int = 1) -> str:
    return f"/api/v1/accounts/{account_id}/inboxes"


def new_inbox(
    http: Any, kind: str = "web_widget", account_id: int = 1, name: str = "Spec Inbox", **channel: Any
) -> dict[str, Any]:
    """An inbox of `kind` (api, web_widget, email) created through the API (the inbox JSON)."""
    if kind == "web_widget":
        channel.setdefault("website_url", "https://spec.example")
    if kind == "email":
        channel.setdefault("email", f"{name.replace(' ', '-').lower()}@spec.example")
    body = {"name": name, "channel": {"type": kind, **channel}}
    headers = ADMIN if account_id == 1 else OTHER_ADMIN
    return ok(http.post(inboxes_url(account_id), json=body, headers=headers))


def new_agent(http: Any, account_id: int = 1, inbox_id: int | None = None) -> dict[str, Any]:
    """An agent of the account, a member of `inbox_id` when given (the user JSON plus `headers`)."""
    agent = new_user(http, account_id, role="agent")
    if inbox_id is not None:
        add_member(http, inbox_id, agent["id"], account_id)
    return agent


def add_member(http: Any, inbox_id: int, user_id: int, account_id: int = 1) -> None:
    url = f"/api/v1/accounts/{account_id}/inbox_members"
    headers = ADMIN if account_id == 1 else OTHER_ADMIN
    ok(http.post(url, json={"inbox_id": inbox_id, "user_ids": [user_id]}, headers=headers))


def new_admin(http: Any, account_id: int = 1) -> dict[str, Any]:
    return new_user(http, account_id, role="administrator")
