"""/api/v1/accounts/:id/companies on an unlicensed v4.10 install (no licence or feature gate): every
member reads, creates and updates, administrators destroy; the policy before find (404); 25 a page
with the page echoed as sent; Sift sorts; the name-or-domain ILIKE search; the model's validations.
Source: enterprise/app/controllers/api/v1/accounts/companies_controller.rb,
enterprise/app/policies/company_policy.rb, enterprise/app/models/company.rb,
enterprise/app/views/api/v1/accounts/companies/*.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.api.companies import MSG_COMPANIES_QUERY_MISSING
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601

URL = "/api/v1/accounts/1/companies"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
MISSING = (404, {"error": MSG_NOT_FOUND})
COMPANY_KEYS = [
    "id",
    "name",
    "contacts_count",
    "domain",
    "description",
    "avatar_url",
    "created_at",
    "updated_at",
]


def _answer(client, method, path, headers, body=None):
    response = client.request(method, URL + path, headers=headers, json=body)
    return response.status_code, (response.json() if response.content else None)


def _create(client, headers=AGENT, **values):
    status, body = _answer(client, "POST", "", headers, {"company": {"name": "Acme", **values}})
    assert status == 200, body
    return body["payload"]


def _invalid(message, *attributes):
    return (422, {"message": message, "attributes": list(attributes)})


def test_create_by_an_agent_renders_the_partial(client, fake):
    company = _create(client, domain="acme.com", description="rockets", avatar="ignored")
    assert list(company) == COMPANY_KEYS
    assert company["name"] == "Acme" and company["domain"] == "acme.com"
    assert company["description"] == "rockets"
    assert company["contacts_count"] is None and company["avatar_url"] == ""
    assert ISO8601.match(company["created_at"]) and company["created_at"] == company["updated_at"]
    assert fake.store.companies.get(1, company["id"]) is not None


def test_flat_body_is_wrapped(client):
    status, body = _answer(client, "POST", "", ADMIN, {"name": "Flat"})
    assert status == 200 and body["payload"]["name"] == "Flat" and body["payload"]["domain"] is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"name": ""}, _invalid("Name can't be blank", "name")),
        ({"name": "x" * 101}, _invalid("Name is too long (maximum is 100 characters)", "name")),
        ({"domain": "not a domain"}, _invalid("Domain must be a valid domain name", "domain")),
        ({"domain": "localhost"}, _invalid("Domain must be a valid domain name", "domain")),
        (
            {"description": "d" * 1001},
            _invalid("Description is too long (maximum is 1000 characters)", "description"),
        ),
    ],
)
def test_validations_refuse_and_leave_nothing(client, fake, values, expected):
    assert _answer(client, "POST", "", ADMIN, {"company": {"name": "Acme", **values}}) == expected
    assert fake.store.companies.of(1) == []


def test_domain_is_unique_per_account(client):
    _create(client, domain="acme.com")
    taken = _answer(client, "POST", "", ADMIN, {"company": {"name": "B", "domain": "acme.com"}})
    assert taken == _invalid("Domain has already been taken", "domain")
    assert _create(client, name="B", domain="")["domain"] == ""  # blank is allowed
    other = client.post(
        "/api/v1/accounts/2/companies",
        json={"company": {"name": "Acme", "domain": "acme.com"}},
        headers=token(OTHER_ADMIN_TOKEN),
    )
    assert other.status_code == 200


def test_missing_params(client):
    assert _answer(client, "POST", "", ADMIN, {"other": 1}) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="company")},
    )


def test_index_pages_25_and_echoes_the_page(client):
    made = [_create(client, name=f"Co {i:02d}") for i in range(27)]
    status, first = _answer(client, "GET", "", AGENT)
    assert status == 200 and list(first) == ["meta", "payload"]
    assert first["meta"] == {"total_count": 27, "page": 1}
    assert first["payload"] == made[:25]
    second = client.get(URL + "?page=2", headers=AGENT).json()
    assert second == {"meta": {"total_count": 27, "page": "2"}, "payload": made[25:]}
    junk = client.get(URL + "?page=abc", headers=AGENT).json()
    assert junk["meta"]["page"] == "abc" and junk["payload"] == made[:25]


def test_index_sorts(client, fake):
    a = _create(client, name="beta", domain="b.com")
    b = _create(client, name="alpha")
    c = _create(client, name="gamma", domain="a.com")
    fake.store.companies.get(1, a["id"]).contacts_count = 5
    fake.store.companies.get(1, c["id"]).contacts_count = 2

    def ids(sort):
        return [co["id"] for co in client.get(URL + "?sort=" + sort, headers=AGENT).json()["payload"]]

    assert ids("name") == [b["id"], a["id"], c["id"]]
    assert ids("-name") == [c["id"], a["id"], b["id"]]
    assert ids("domain") == [c["id"], a["id"], b["id"]]  # NULL last ascending
    assert ids("-domain") == [b["id"], a["id"], c["id"]]  # NULL first descending
    assert ids("contacts_count") == [c["id"], a["id"], b["id"]]
    assert ids("-contacts_count") == [a["id"], c["id"], b["id"]]  # NULLS LAST both ways
    assert ids("unknown") == [a["id"], b["id"], c["id"]]
    assert ids(" name") == [a["id"], b["id"], c["id"]]  # Sift does not strip
    d = _create(client, name="Alpha", domain="z.com")  # LOWER(name): Alpha and alpha tie, id breaks it
    assert ids("name")[:2] == [b["id"], d["id"]]
    # the clauses follow sort_on's declaration order (name before contacts_count), not the request's
    fake.store.companies.get(1, d["id"]).contacts_count = 9
    assert ids("-contacts_count,-name")[:2] == [c["id"], a["id"]]
    assert ids("name,-name") == ids("-name")  # a repeated key keeps its last direction


def test_search_by_name_or_domain(client):
    acme = _create(client, name="Acme Corp", domain="acme.com")
    tech = _create(client, name="Tech Solutions", domain="tech.io")

    def found(query):
        body = client.get(URL + "/search", params={"q": query}, headers=AGENT).json()
        return [co["id"] for co in body["payload"]], body["meta"]

    assert found("tech") == ([tech["id"]], {"total_count": 1, "page": 1})
    assert found(" ACME.COM ") == ([acme["id"]], {"total_count": 1, "page": 1})
    assert found("o") == ([acme["id"], tech["id"]], {"total_count": 2, "page": 1})
    assert found("zzz") == ([], {"total_count": 0, "page": 1})
    assert found("%") == ([acme["id"], tech["id"]], {"total_count": 2, "page": 1})  # a LIKE wildcard
    for query in ("", "?q=", "?q=%20", "?q[]=a"):
        assert _answer(client, "GET", "/search" + query, AGENT) == (
            422,
            {"error": MSG_COMPANIES_QUERY_MISSING},
        )


def test_show_update_and_destroy(client, fake):
    company = _create(client, domain="acme.com")
    path = f"/{company['id']}"
    assert _answer(client, "GET", path, AGENT) == (200, {"payload": company})
    status, body = _answer(client, "PATCH", path, AGENT, {"company": {"name": "Acme 2", "domain": "new.com"}})
    assert status == 200 and body["payload"]["name"] == "Acme 2" and body["payload"]["domain"] == "new.com"
    refused = _answer(client, "PUT", path, AGENT, {"company": {"domain": "bad domain"}})
    assert refused == _invalid("Domain must be a valid domain name", "domain")
    assert fake.store.companies.get(1, company["id"]).domain == "new.com"
    for method in ("GET", "PATCH"):
        assert _answer(client, method, "/999", AGENT, {"company": {"name": "x"}}) == MISSING
    assert _answer(client, "DELETE", path, AGENT) == DENIED
    assert _answer(client, "DELETE", "/999", AGENT) == DENIED  # the policy before find
    assert _answer(client, "DELETE", path, ADMIN) == (200, None)
    assert fake.store.companies.of(1) == []
    assert _answer(client, "DELETE", path, ADMIN) == MISSING


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("GET", "/search?q=a"), ("GET", "/1"), ("PATCH", "/1"), ("DELETE", "/1")],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path):
    body = {"company": {"name": "x"}}
    assert_refuses_strangers(client, method, URL + path, json=body)
    assert _answer(client, method, path, token(BOT_TOKEN), body) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = _answer(client, method, path, token(OTHER_ADMIN_TOKEN), body)
    assert other == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
