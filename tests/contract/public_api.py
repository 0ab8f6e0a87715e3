"""Helpers for the Client API contract tests (/public/api/v1/inboxes/...): an API inbox's public
base URL, a customer made through the Client API itself, shapes of the public bodies, and the HMAC
a customer's backend would compute. Shapes from app/views/public/api/v1/** at v4.10."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from typing import Any

from tests.conftest import ADMIN_TOKEN, token
from tests.contract.shapes import NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
RAILS_NOT_FOUND = {"status": 404, "error": "Not Found"}
_serial = itertools.count(1)

INBOX_KEYS: dict[str, Any] = {
    "identifier": str,
    "identity_validation_enabled": bool,
    "name": str,
    "timezone": str,
    "working_hours": list,
    "working_hours_enabled": bool,
    "csat_survey_enabled": bool,
    "greeting_enabled": bool,
}
WORKING_HOUR_KEYS = [
    "day_of_week",
    "closed_all_day",
    "open_hour",
    "open_minutes",
    "close_hour",
    "close_minutes",
    "open_all_day",
]
CONTACT_KEYS: dict[str, Any] = {
    "source_id": str,
    "pubsub_token": str,
    "id": int,
    "name": str,
    "email": (str, NoneType),
    "phone_number": (str, NoneType),
}
CONTACT_RECORD_KEYS: dict[str, Any] = {
    "id": int,
    "name": str,
    "email": (str, NoneType),
    "phone_number": (str, NoneType),
    "account_id": int,
    "created_at": str,
    "updated_at": str,
    "additional_attributes": dict,
    "identifier": (str, NoneType),
    "custom_attributes": dict,
    "last_activity_at": (str, NoneType),
    "contact_type": str,
    "middle_name": str,
    "last_name": str,
    "location": str,
    "country_code": str,
    "blocked": bool,
    "company_id": NoneType,
}
CONVERSATION_KEYS: dict[str, Any] = {
    "id": int,
    "uuid": str,
    "inbox_id": int,
    "contact_last_seen_at": int,
    "status": str,
    "agent_last_seen_at": int,
    "messages": list,
    "contact": dict,
}
MESSAGE_KEYS: dict[str, Any] = {
    "id": int,
    "content": (str, NoneType),
    "message_type": int,
    "content_type": str,
    "content_attributes": dict,
    "created_at": int,
    "conversation_id": int,
    "sender": dict,
}


def new_api_inbox(client: Any, **channel: Any) -> dict[str, Any]:
    """A fresh API inbox of account 1 (no agent bot), as the Application API answers it."""
    body = {"name": f"Client API {next(_serial)}", "channel": {"type": "api", **channel}}
    response = client.post("/api/v1/accounts/1/inboxes", json=body, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def base_url(inbox: dict[str, Any]) -> str:
    return f"/public/api/v1/inboxes/{inbox['inbox_identifier']}"


def identifier_hash(hmac_token: str, identifier: str) -> str:
    return hmac.new(hmac_token.encode(), identifier.encode(), hashlib.sha256).hexdigest()


def new_customer(client: Any, base: str, **body: Any) -> dict[str, Any]:
    response = client.post(base + "/contacts", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def start_conversation(client: Any, base: str, source_id: str, **body: Any) -> dict[str, Any]:
    response = client.post(f"{base}/contacts/{source_id}/conversations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def assert_keys(body: dict[str, Any], keys: dict[str, Any]) -> None:
    """Exactly these keys, in this order, with these types."""
    assert_shape(body, keys)
    assert list(body) == list(keys), list(body)
