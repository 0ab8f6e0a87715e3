"""Helpers shared by the message specs (area `messages`): inboxes, bots and message lists over HTTP."""

from __future__ import annotations

import itertools
from typing import Any

from tests.conftest import BOT_TOKEN, token
from tests.specs.support import ADMIN, add_inbox_member, new_contact, ok

BOT = token(BOT_TOKEN)  # Acme Bot, the agent bot of the API inbox (1) of account 1
_serial = itertools.count(1)


def conversation_url(conversation: dict[str, Any], account_id: int = 1) -> str:
    return f"/api/v1/accounts/{account_id}/conversations/{conversation['id']}"


def new_inbox(http: Any, kind: str = "api", account_id: int = 1, **channel_fields: Any) -> dict[str, Any]:
    """A fresh inbox (`api` or `web_widget`) without an agent bot."""
    channel: dict[str, Any] = {"type": kind, **channel_fields}
    if kind == "web_widget":
        channel["website_url"] = "https://spec.example"
    body = {"name": f"Spec Inbox {next(_serial)}", "channel": channel}
    return ok(http.post(f"/api/v1/accounts/{account_id}/inboxes", json=body, headers=ADMIN))


def conversation_in(
    http: Any, inbox_id: int, headers: dict[str, str] | None = None, **contact_fields: Any
) -> dict[str, Any]:
    """A conversation of a new contact (with `contact_fields`) in `inbox_id`."""
    contact = new_contact(http, inbox_id=inbox_id, **contact_fields)
    body = {"inbox_id": inbox_id, "contact_id": contact["id"]}
    return ok(http.post("/api/v1/accounts/1/conversations", json=body, headers=headers or ADMIN))


def new_bot(http: Any, inbox_id: int | None = None) -> dict[str, Any]:
    """An agent bot of account 1 (with its `access_token`), connected to `inbox_id` when given."""
    body = {"name": f"Spec Bot {next(_serial)}", "outgoing_url": None}
    bot = ok(http.post("/api/v1/accounts/1/agent_bots", json=body, headers=ADMIN))
    if inbox_id is not None:
        url = f"/api/v1/accounts/1/inboxes/{inbox_id}/set_agent_bot"
        ok(http.post(url, json={"agent_bot": bot["id"]}, headers=ADMIN))
    return bot


def messages(http: Any, conversation: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    url = conversation_url(conversation) + "/messages"
    return ok(http.get(url, params=params, headers=ADMIN))["payload"]  # type: ignore[no-any-return]


def show(http: Any, conversation: dict[str, Any]) -> dict[str, Any]:
    return ok(http.get(conversation_url(conversation), headers=ADMIN))  # type: ignore[no-any-return]


def post_message(
    http: Any, conversation: dict[str, Any], headers: dict[str, str] | None = None, **body: Any
) -> Any:
    """The raw answer of a message create (status not checked)."""
    return http.post(conversation_url(conversation) + "/messages", json=body, headers=headers or ADMIN)


def set_status(http: Any, conversation: dict[str, Any], status: str, **extra: Any) -> None:
    url = conversation_url(conversation) + "/toggle_status"
    ok(http.post(url, json={"status": status, **extra}, headers=ADMIN))


def member_of(http: Any, inbox_id: int, user: dict[str, Any]) -> None:
    add_inbox_member(http, inbox_id, user["id"])
