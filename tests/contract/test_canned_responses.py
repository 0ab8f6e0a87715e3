"""/api/v1/accounts/:id/canned_responses: every member may read and write them (no policy at v4.10);
index, search, create, update, destroy; no show route; ActiveRecord's as_json bodies."""

from __future__ import annotations

import pytest

from fakewoot import FrozenClock, SystemClock
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, assert_shape

URL = "/api/v1/accounts/1/canned_responses"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
KEYS = {"id": int, "account_id": int, "short_code": str, "content": str, "created_at": str, "updated_at": str}


def test_index_shape_order_and_fixtures(client):
    body = client.get(URL, headers=AGENT).json()
    assert [c["short_code"] for c in body] == ["greeting", "refund-policy"]
    for record in body:
        assert_shape(record, KEYS)
        assert list(record) == list(KEYS)
        assert ISO8601.match(record["created_at"]) and record["account_id"] == 1


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("POST", "", {"short_code": "x", "content": "y"}),
        ("PUT", "/1", {"content": "z"}),
        ("DELETE", "/1", None),
    ],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path, body):
    assert_refuses_strangers(client, method, URL + path, json=body)
    bot = client.request(method, URL + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert [c["content"] for c in client.get(URL, headers=ADMIN).json()][1] == (
        "Refunds are processed within 5 business days."
    )
    assert len(client.get(URL, headers=ADMIN).json()) == 2


def test_agents_write_and_timestamps_follow_changes(client, fake):
    fake.set_clock(FrozenClock("2024-06-01T00:00:00Z"))
    try:
        _write_and_watch_timestamps(client, fake)
    finally:
        fake.set_clock(SystemClock())


def _write_and_watch_timestamps(client, fake):
    created = client.post(
        URL, json={"canned_response": {"short_code": "bye", "content": "Bye!"}}, headers=AGENT
    )
    assert created.status_code == 200
    record = created.json()
    assert_shape(record, KEYS)
    assert record["created_at"] == record["updated_at"]
    fake.advance(60)
    same = client.patch(f"{URL}/{record['id']}", json={"content": "Bye!"}, headers=AGENT).json()
    assert same["updated_at"] == record["updated_at"]  # nothing changed, nothing saved
    changed = client.put(f"{URL}/{record['id']}", json={"content": "See you"}, headers=AGENT).json()
    assert changed["content"] == "See you" and changed["updated_at"] > record["updated_at"]
    assert changed["short_code"] == "bye"
    # a form body is permitted too; numbers are cast to the string column
    form = client.post(
        URL, data={"canned_response[short_code]": "n", "canned_response[content]": "1"}, headers=AGENT
    )
    assert form.status_code == 200 and form.json()["content"] == "1"
    number = client.post(URL, json={"short_code": 42, "content": 7}, headers=AGENT).json()
    assert (number["short_code"], number["content"]) == ("42", "7")


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"short_code": "x"}, "Content can't be blank", ["content"]),
        ({"content": "y", "short_code": "  "}, "Short code can't be blank", ["short_code"]),
        (
            {"short_code": "", "content": ""},
            "Content can't be blank, Short code can't be blank",
            ["content", "short_code"],
        ),
        ({"short_code": "greeting", "content": "y"}, "Short code has already been taken", ["short_code"]),
        ({"short_code": ["greeting"], "content": "y"}, "Short code can't be blank", ["short_code"]),
    ],
)
def test_create_refusals(client, body, message, attributes):
    answer = client.post(URL, json=body, headers=AGENT)
    assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes})
    assert len(client.get(URL, headers=AGENT).json()) == 2


def test_missing_wrapper_unknown_ids_and_no_show_route(client):
    missing = client.post(URL, data={"short_code": "x"}, headers=AGENT)  # a form is not wrapped
    assert (missing.status_code, missing.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="canned_response")},
    )
    for method in ("PUT", "DELETE"):
        gone = client.request(method, f"{URL}/999", json={"content": "x"}, headers=AGENT)
        assert (gone.status_code, gone.json()) == (404, {"error": MSG_NOT_FOUND})
    other = client.delete("/api/v1/accounts/2/canned_responses/1", headers=token(OTHER_ADMIN_TOKEN))
    assert other.status_code == 404  # account 1's record is not account 2's
    show = client.get(f"{URL}/1", headers=AGENT)
    assert (show.status_code, show.json()) == (404, {"status": 404, "error": "Not Found"})
    taken = client.put(f"{URL}/2", json={"short_code": "greeting"}, headers=AGENT)
    assert taken.status_code == 422
    assert client.get(URL, headers=AGENT).json()[1]["short_code"] == "refund-policy"


def test_search_is_ilike_with_wildcards_and_ranked(client):
    client.post(URL, json={"short_code": "Refund-fast", "content": "Quick"}, headers=AGENT)
    client.post(URL, json={"short_code": "policy", "content": "See our REFUND page"}, headers=AGENT)
    ranked = [c["short_code"] for c in client.get(URL, params={"search": "refund"}, headers=AGENT).json()]
    assert ranked == ["refund-policy", "Refund-fast", "policy"]
    wild = client.get(URL, params={"search": "re_und%5"}, headers=AGENT).json()
    assert [c["short_code"] for c in wild] == ["refund-policy"]  # content "Refunds ... 5 business days"
    assert len(client.get(URL, params={"search": ""}, headers=AGENT).json()) == 4
    assert client.get(URL, params={"search[]": "x"}, headers=AGENT).json() == []
