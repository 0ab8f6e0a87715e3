"""Enterprise-only endpoints on a self-hosted v4.10 install without a licence (premium features off,
nothing of these kinds exists): the wrappers around empty lists, the policies (agents vs
administrators), SAML's 403. (SLA policies, custom roles and companies have their own files.)
Source: enterprise/app/controllers/api/v1/accounts/*, enterprise/app/policies/*, their views."""

from __future__ import annotations

import pytest

from fakewoot.api.enterprise import (
    CSV_CONTENT_TYPE,
    MSG_INVALID_DATE,
    MSG_SAML_FEATURE_NOT_ENABLED,
    SLA_CSV_DISPOSITION,
)
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.serializers.enterprise import SLA_CSV_HEADERS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

A = "/api/v1/accounts/1"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
MISSING = (404, {"error": MSG_NOT_FOUND})
ROUTES = [
    ("GET", "/audit_logs"),
    ("GET", "/applied_slas"),
    ("GET", "/applied_slas/metrics"),
    ("GET", "/applied_slas/download"),
    ("GET", "/reporting_events"),
    ("GET", "/conversations/1/reporting_events"),
    ("GET", "/saml_settings"),
    ("POST", "/saml_settings"),
]


def _answer(client, method, path, headers):
    response = client.request(method, A + path, headers=headers)
    return response.status_code, (response.json() if response.content else None)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path):
    assert_refuses_strangers(client, method, A + path)
    assert _answer(client, method, path, token(BOT_TOKEN)) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = _answer(client, method, path, token(OTHER_ADMIN_TOKEN))
    assert other == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_audit_logs_are_empty_pages_for_administrators(client):
    assert _answer(client, "GET", "/audit_logs", AGENT) == DENIED
    empty = {"per_page": 15, "total_entries": 0, "current_page": 1, "audit_logs": []}
    assert _answer(client, "GET", "/audit_logs", ADMIN) == (200, empty)
    assert _answer(client, "GET", "/audit_logs?page=3", ADMIN) == (200, {**empty, "current_page": 3})
    assert _answer(client, "GET", "/audit_logs?page=x", ADMIN) == (200, empty)


def test_applied_slas_are_empty_for_administrators(client):
    for path in ("/applied_slas", "/applied_slas/metrics", "/applied_slas/download"):
        assert _answer(client, "GET", path, AGENT) == DENIED
    index = {"payload": [], "meta": {"count": 0, "current_page": 1}}
    assert _answer(client, "GET", "/applied_slas", ADMIN) == (200, index)
    metrics = {"total_applied_slas": 0, "number_of_sla_misses": 0, "hit_rate": "100%"}
    assert _answer(client, "GET", "/applied_slas/metrics", ADMIN) == (200, metrics)
    csv = client.get(A + "/applied_slas/download", headers=ADMIN)
    assert csv.status_code == 200 and csv.headers["content-type"] == CSV_CONTENT_TYPE
    assert csv.headers["content-disposition"] == SLA_CSV_DISPOSITION
    assert csv.text == ",".join(SLA_CSV_HEADERS) + "\n\n\n"
    bad = _answer(client, "GET", "/applied_slas?since=yesterday&until=1700000000", ADMIN)
    assert bad == (422, {"error": MSG_INVALID_DATE})
    ranged = _answer(client, "GET", "/applied_slas?since=1600000000&until=1700000000&page=2", ADMIN)
    assert ranged == (200, {"payload": [], "meta": {"count": 0, "current_page": "2"}})


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "PUT", "DELETE"])
def test_saml_settings_are_forbidden_without_the_feature(client, method):
    for headers in (AGENT, ADMIN):  # the feature check comes before the policy
        assert _answer(client, method, "/saml_settings", headers) == (
            403,
            {"error": MSG_SAML_FEATURE_NOT_ENABLED},
        )


def _resolved_conversation(client):
    """A conversation of a new contact in inbox 1, answered by john, resolved."""
    contact = client.post(A + "/contacts", json={"name": "Events", "inbox_id": 1}, headers=ADMIN).json()
    body = {"inbox_id": 1, "contact_id": contact["payload"]["contact"]["id"], "assignee_id": 1}
    conversation = client.post(A + "/conversations", json=body, headers=ADMIN).json()
    url = f"{A}/conversations/{conversation['id']}"
    client.post(url + "/messages", json={"content": "hello", "message_type": "outgoing"}, headers=ADMIN)
    client.post(url + "/toggle_status", json={"status": "resolved"}, headers=ADMIN)
    return conversation


def test_reporting_events_index_lists_the_accounts_events_for_administrators(client, fake):
    assert _answer(client, "GET", "/reporting_events", AGENT) == DENIED
    conversation = _resolved_conversation(client)
    status, body = _answer(client, "GET", "/reporting_events", ADMIN)
    assert status == 200 and list(body) == ["payload", "meta"]
    stored = fake.store.reporting_events.of(1)
    assert body["meta"] == {"count": len(stored), "current_page": 1, "total_pages": 1} and stored
    first = body["payload"][0]
    assert list(first) == list(EVENT_KEYS) and isinstance(first["value"], float)
    assert {e["name"] for e in body["payload"]} >= {"first_response", "conversation_resolved"}
    resolved = _answer(client, "GET", "/reporting_events?name=conversation_resolved&inbox_id=1", ADMIN)[1]
    assert [e["name"] for e in resolved["payload"]] == ["conversation_resolved"]
    assert _answer(client, "GET", "/reporting_events?user_id=2", ADMIN)[1]["payload"] == []
    assert _answer(client, "GET", "/reporting_events?page=2", ADMIN)[1]["meta"]["current_page"] == 2
    bad = _answer(client, "GET", "/reporting_events?since=x&until=1", ADMIN)
    assert bad == (422, {"error": MSG_INVALID_DATE})
    own = _answer(client, "GET", f"/conversations/{conversation['id']}/reporting_events", AGENT)
    assert own[0] == 200 and [e["id"] for e in own[1]] == sorted(e.id for e in stored if e.conversation_id)
    assert _answer(client, "GET", "/conversations/999/reporting_events", AGENT) == MISSING


EVENT_KEYS = {
    "id": int,
    "name": str,
    "value": float,
    "value_in_business_hours": float,
    "event_start_time": str,
    "event_end_time": str,
    "account_id": int,
    "inbox_id": int,
    "user_id": int,
    "conversation_id": int,
    "created_at": str,
    "updated_at": str,
}


def test_inbox_assistant_is_null_without_captain(client):
    conversation = _resolved_conversation(client)
    path = f"/conversations/{conversation['id']}/inbox_assistant"
    assert _answer(client, "GET", path, ADMIN) == (200, {"assistant": None})
    assert _answer(client, "GET", path, AGENT) == (200, {"assistant": None})
    assert _answer(client, "GET", "/conversations/999/inbox_assistant", ADMIN) == MISSING
    assert_refuses_strangers(client, "GET", f"/api/v1/accounts/1{path}")
