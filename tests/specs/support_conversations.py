"""Helpers for the conversation specs: FactoryBot's `create(:inbox)` (an API inbox without a bot, so
conversations start open as the specs expect), agents of an inbox, conversations, and reading back
what the model wrote (the conversation as the API shows it, the activity messages)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.support import ADMIN, add_inbox_member, new_contact, new_user, ok

A = "/api/v1/accounts/1"
_serial = itertools.count(1)


def new_inbox(http: Any) -> int:
    """An API inbox of account 1 with no agent bot (create(:inbox))."""
    body = {"name": f"Spec Inbox {next(_serial)}", "channel": {"type": "api"}}
    return int(ok(http.post(f"{A}/inboxes", json=body, headers=ADMIN))["id"])


def agent_of(http: Any, inbox_id: int | None, role: str = "agent") -> dict[str, Any]:
    """A user with `role` in account 1, a member of `inbox_id` when given."""
    user = new_user(http, role=role)
    if inbox_id is not None:
        add_inbox_member(http, inbox_id, user["id"])
    return user


def conversation_in(
    http: Any, inbox_id: int, headers: dict[str, str] | None = None, **fields: Any
) -> dict[str, Any]:
    """create(:conversation) in `inbox_id`: a new contact, created over the API by an administrator."""
    contact = new_contact(http, inbox_id=inbox_id)
    body = {"inbox_id": inbox_id, "contact_id": contact["id"], **fields}
    return ok(http.post(f"{A}/conversations", json=body, headers=headers or ADMIN))


def shown(http: Any, display_id: int) -> dict[str, Any]:
    """conversation.reload: the conversation as an administrator sees it."""
    return ok(http.get(f"{A}/conversations/{display_id}", headers=ADMIN))


def messages(http: Any, display_id: int) -> list[dict[str, Any]]:
    return ok(http.get(f"{A}/conversations/{display_id}/messages", headers=ADMIN))["payload"]


def activities(http: Any, display_id: int) -> list[str]:
    """The activity messages (message_type 2) in the conversation, oldest first."""
    return [m["content"] for m in messages(http, display_id) if m["message_type"] == 2]


def post(http: Any, display_id: int, action: str, headers: dict[str, str], **body: Any) -> Any:
    return http.post(f"{A}/conversations/{display_id}/{action}", json=body, headers=headers)


def incoming(http: Any, display_id: int, content: str = "hello") -> dict[str, Any]:
    """An incoming message (API inboxes accept them over the application API)."""
    url = f"{A}/conversations/{display_id}/messages"
    body = {"content": content, "message_type": "incoming"}
    return ok(http.post(url, json=body, headers=ADMIN))
