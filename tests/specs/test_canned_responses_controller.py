"""Port of spec/controllers/api/v1/accounts/canned_responses_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/canned_responses_controller_spec.rb"
UPSTREAM_ITS = 9
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/canned_responses"
FIRST = {"short_code": "name-short-code", "content": "Hey {{ contact.name }}, Thanks for reaching out"}


def _seed(http, agent) -> dict:
    """The spec's `before`: one canned response in the account (the default fixtures hold two more)."""
    for record in ok(http.get(URL, headers=agent)):
        ok(http.delete(f"{URL}/{record['id']}", headers=agent))
    return ok(http.post(URL, json=FIRST, headers=agent))


@ports(
    "GET /api/v1/accounts/{account.id}/canned_responses > when it is an unauthenticated user > returns unauthorized",
    "POST /api/v1/accounts/{account.id}/canned_responses > when it is an unauthenticated user > returns unauthorized",
    "PUT /api/v1/accounts/{account.id}/canned_responses/:id > when it is an unauthenticated user > returns unauthorized",
    "DELETE /api/v1/accounts/{account.id}/canned_responses/:id > when it is an unauthenticated user > returns unauthorized",
)
def test_unauthenticated_calls_are_refused(http):
    for method, url in (("GET", URL), ("POST", URL), ("PUT", f"{URL}/1"), ("DELETE", f"{URL}/1")):
        assert http.request(method, url).status_code == 401, (method, url)
    assert len(ok(http.get(URL, headers=new_user(http)["headers"]))) == 2  # nothing changed


@ports(
    "GET /api/v1/accounts/{account.id}/canned_responses > when it is an authenticated user > returns all the canned responses"
)
def test_index_returns_every_canned_response_of_the_account(http):
    agent = new_user(http, role="agent")["headers"]
    first = _seed(http, agent)
    assert ok(http.get(URL, headers=agent)) == [first]
    assert set(first) == {"id", "account_id", "short_code", "content", "created_at", "updated_at"}


@ports(
    "GET /api/v1/accounts/{account.id}/canned_responses > when it is an authenticated user > returns all the canned responses the user searched for"
)
def test_search_orders_short_code_prefix_then_short_code_then_content(http):
    agent = new_user(http, role="agent")["headers"]
    cr1 = _seed(http, agent)
    ok(http.post(URL, json={"content": "Great! Looking forward", "short_code": "short-code"}, headers=agent))
    cr2 = ok(
        http.post(
            URL,
            json={"content": "Thanks for reaching out", "short_code": "content-with-thanks"},
            headers=agent,
        )
    )
    cr3 = ok(
        http.post(URL, json={"content": "Thanks for reaching out", "short_code": "Thanks"}, headers=agent)
    )
    assert ok(http.get(URL, params={"search": "thanks"}, headers=agent)) == [cr3, cr2, cr1]


@ports(
    "POST /api/v1/accounts/{account.id}/canned_responses > when it is an authenticated user > creates a new canned response"
)
def test_an_agent_creates_a_canned_response(http):
    agent = new_user(http, role="agent")["headers"]
    _seed(http, agent)
    created = ok(http.post(URL, json={"short_code": "short", "content": "content"}, headers=agent))
    assert (created["short_code"], created["content"], created["account_id"]) == ("short", "content", 1)
    assert len(ok(http.get(URL, headers=agent))) == 2


@ports(
    "PUT /api/v1/accounts/{account.id}/canned_responses/:id > when it is an authenticated user > updates an existing canned response"
)
def test_an_agent_updates_a_canned_response(http):
    agent = new_user(http, role="agent")["headers"]
    record = _seed(http, agent)
    updated = ok(http.put(f"{URL}/{record['id']}", json={"short_code": "B"}, headers=agent))
    assert updated["short_code"] == "B" and updated["content"] == FIRST["content"]
    assert ok(http.get(URL, headers=agent))[0]["short_code"] == "B"


@ports(
    "DELETE /api/v1/accounts/{account.id}/canned_responses/:id > when it is an authenticated user > destroys the canned response"
)
def test_an_agent_destroys_a_canned_response(http):
    agent = new_user(http, role="agent")["headers"]
    record = _seed(http, agent)
    answer = http.delete(f"{URL}/{record['id']}", headers=agent)
    assert answer.status_code == 200 and answer.content == b""
    assert ok(http.get(URL, headers=agent)) == []
