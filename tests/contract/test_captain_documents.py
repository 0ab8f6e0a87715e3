"""/api/v1/accounts/:id/captain/documents as the unlicensed standard image answers them at v4.10
(enterprise/app/controllers/api/v1/accounts/captain/documents_controller.rb, models/captain/document.rb,
enterprise/app/models/enterprise/account/plan_usage_and_limits.rb, views/api/v1/models/captain/_document):
created `in_progress` (the crawl job is not run), `{"error": ...}` refusals, the quota, the usage count."""

from __future__ import annotations

import pytest

from fakewoot.api.captain_documents import ROUTE
from fakewoot.errors import (
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_NOT_IMPLEMENTED,
)
from fakewoot.store.captain_documents import MSG_LIMIT_EXCEEDED, MSG_MISSING_ASSISTANT, USAGE_KEY
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token
from tests.contract.captain_support import assert_outsiders_refused
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/captain/documents"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
KEYS = {
    "account_id": int,
    "assistant": dict,
    "content": type(None),
    "content_type": type(None),
    "created_at": int,
    "external_link": str,
    "display_url": str,
    "file_size": type(None),
    "id": int,
    "name": (str, type(None)),
    "status": str,
    "updated_at": int,
}


def _assistant(client) -> dict:
    body = {"assistant": {"name": "Docs", "description": "d"}}
    return client.post("/api/v1/accounts/1/captain/assistants", json=body, headers=ADMIN).json()


def _create(client, assistant_id: int, link: str = "https://example.com/doc/") -> dict:
    body = {"document": {"name": "Guide", "external_link": link, "assistant_id": assistant_id}}
    answer = client.post(URL, json=body, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_create_in_progress_shape_trailing_slash_and_usage(client, fake):
    assistant = _assistant(client)
    document = _create(client, assistant["id"])
    assert_shape(document, KEYS)
    assert list(document) == list(KEYS)
    assert (document["status"], document["external_link"], document["display_url"]) == (
        "in_progress",
        "https://example.com/doc",
        "https://example.com/doc",
    )
    assert (
        document["assistant"]
        == client.get(f"/api/v1/accounts/1/captain/assistants/{assistant['id']}", headers=ADMIN).json()
    )
    assert fake.store.account(1).custom_attributes[USAGE_KEY] == 1
    assert client.get(f"{URL}/{document['id']}", headers=AGENT).json() == document


def test_refusals_are_error_bodies(client):
    assistant = _assistant(client)
    _create(client, assistant["id"])
    for body, message in (
        ({"name": "x", "external_link": "https://example.com/a"}, MSG_MISSING_ASSISTANT),
        (
            {"external_link": "https://example.com/doc", "assistant_id": assistant["id"]},
            "External link has already been taken",
        ),
        ({"external_link": " ", "assistant_id": assistant["id"]}, "External link can't be blank"),
        (
            {"external_link": "https://example.com/a.pdf", "assistant_id": assistant["id"]},
            "Pdf file can't be blank",
        ),
    ):
        refused = client.post(URL, json={"document": body}, headers=ADMIN)
        assert (refused.status_code, refused.json()) == (422, {"error": message}), body
    pdf = client.post(
        URL, json={"document": {"assistant_id": assistant["id"], "pdf_file": "x"}}, headers=ADMIN
    )
    route = f"POST {ROUTE} with a pdf_file (stored and uploaded to OpenAI)"
    assert (pdf.status_code, pdf.json()) == (501, {"error": MSG_NOT_IMPLEMENTED.format(route=route)})
    assert client.get(URL, headers=ADMIN).json()["meta"]["total_count"] == 1


def test_the_account_quota_limits_creates(client, fake):
    assistant = _assistant(client)
    _create(client, assistant["id"])
    fake.store.account(1).limits["captain_documents"] = 1
    refused = client.post(
        URL,
        json={"document": {"external_link": "https://example.com/b", "assistant_id": assistant["id"]}},
        headers=ADMIN,
    )
    assert (refused.status_code, refused.json()) == (422, {"error": MSG_LIMIT_EXCEEDED})


def test_index_filters_pages_and_destroy_updates_usage(client, fake):
    one, two = _assistant(client), _assistant(client)
    first = _create(client, one["id"], "https://example.com/1")
    _create(client, two["id"], "https://example.com/2")
    listed = client.get(URL, headers=AGENT).json()
    assert [d["external_link"] for d in listed["payload"]][-1] == "https://example.com/1"
    assert listed["meta"] == {"total_count": 2, "page": 1}
    only = client.get(f"{URL}?assistant_id={one['id']}&page=1", headers=AGENT).json()
    assert ([d["id"] for d in only["payload"]], only["meta"]) == (
        [first["id"]],
        {"total_count": 1, "page": "1"},
    )
    assert client.get(f"{URL}/invalid_id", headers=AGENT).status_code == 404
    gone = client.delete(f"{URL}/{first['id']}", headers=ADMIN)
    assert (gone.status_code, gone.content) == (204, b"")
    assert fake.store.account(1).custom_attributes[USAGE_KEY] == 1
    client.delete(f"/api/v1/accounts/1/captain/assistants/{two['id']}", headers=ADMIN)
    assert client.get(URL, headers=ADMIN).json()["payload"] == []
    assert fake.store.account(1).custom_attributes[USAGE_KEY] == 0


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"document": {"external_link": "https://example.com/z", "assistant_id": 1}}),
    ("GET", f"{URL}/1", None),
    ("DELETE", f"{URL}/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    _create(client, _assistant(client)["id"])
    assert_outsiders_refused(client, method, url, body)
    assert client.get(URL, headers=ADMIN).json()["meta"]["total_count"] == 1


@pytest.mark.parametrize(("method", "url", "body"), [r for r in ROUTES if r[0] != "GET"])
def test_agents_may_not_write_and_the_policy_comes_before_the_404(client, method, url, body):
    answer = client.request(method, url, json=body, headers=AGENT)
    assert (answer.status_code, answer.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    missing = client.get(f"{URL}/99", headers=AGENT)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
