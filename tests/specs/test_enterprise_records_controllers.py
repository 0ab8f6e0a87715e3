"""Ports of the enterprise request specs for SLA policies, custom roles and companies (v4.10). None of
the three controllers has a licence or feature gate, so an unlicensed install runs them in full and
fakewoot models them. A contact's company (the counter cache behind `contacts_count`) is not
modelled (fakewoot's contacts have no company_id), so the its that need contacts in a company are
skipped."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok

SLA_SPEC = "spec/enterprise/controllers/api/v1/accounts/sla_policies_controller_spec.rb"
ROLES_SPEC = "spec/enterprise/controllers/api/v1/accounts/custom_roles_controller_spec.rb"
COMPANIES_SPEC = "spec/enterprise/controllers/api/v1/accounts/companies_controller_spec.rb"
SPEC = [SLA_SPEC, ROLES_SPEC, COMPANIES_SPEC]
UPSTREAM_ITS = {SLA_SPEC: 15, ROLES_SPEC: 15, COMPANIES_SPEC: 24}
_CONTACT_COMPANY = "not implemented: a contact's company_id (the contacts area), so contacts_count stays null"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
SLA_AGENT = " > when the user is an agent > returns unauthorized"
ROLE_AGENT = " > when the user is an agent and is authenticated > returns unauthorized"
ROLE_ADMIN = " > when it is an authenticated administrator > "
CO = "/api/v1/accounts/{account.id}/companies"
CO_AUTHED = " > when it is an authenticated user > "
SKIPPED = {
    COMPANIES_SPEC: {
        "GET " + CO + CO_AUTHED + it: _CONTACT_COMPANY
        for it in (
            "returns companies with contacts_count",
            "sorts companies by contacts_count in ascending order",
            "sorts companies by contacts_count in descending order",
        )
    },
}
A = "/api/v1/accounts/1"


def _refused(http, headers, calls) -> None:
    for method, path in calls:
        answer = http.request(method, A + path, json={}, headers=headers)
        assert answer.status_code == 401, (method, path, answer.text)


def _admin(http):
    return new_user(http, role="administrator")["headers"]


# --- SLA policies ---------------------------------------------------------------------------------


def _sla(http, name="SLA 1"):
    return ok(http.post(A + "/sla_policies", json={"sla_policy": {"name": name}}, headers=ADMIN))["payload"]


@ports(
    "GET #index > when it is an authenticated user > returns all slas in the account",
    "GET #index > when the user is an agent > returns slas in the account",
    spec=SLA_SPEC,
)
def test_sla_index(http):
    _sla(http)
    body = ok(http.get(A + "/sla_policies", headers=_admin(http)))
    assert body["payload"][0]["name"] == "SLA 1"


@ports(
    "GET #show > when it is an authenticated user > shows the sla",
    "GET #show > when the user is an agent > shows the sla details",
    spec=SLA_SPEC,
)
def test_sla_show(http):
    policy = _sla(http, "Gold")
    for headers in (_admin(http), new_user(http)["headers"]):
        body = ok(http.get(f"{A}/sla_policies/{policy['id']}", headers=headers))
        assert body["payload"]["name"] == "Gold"


@ports("POST #create > when it is an authenticated user > creates the sla_policy", spec=SLA_SPEC)
def test_sla_create(http):
    params = {
        "name": "SLA 2",
        "description": "SLA for premium customers",
        "first_response_time_threshold": 1000,
        "next_response_time_threshold": 2000,
        "resolution_time_threshold": 3000,
        "only_during_business_hours": False,
    }
    before = len(ok(http.get(A + "/sla_policies", headers=ADMIN))["payload"])
    body = ok(http.post(A + "/sla_policies", json={"sla_policy": params}, headers=_admin(http)))
    assert body["payload"]["name"] == "SLA 2"
    assert len(ok(http.get(A + "/sla_policies", headers=ADMIN))["payload"]) == before + 1


@ports("PUT #update > when it is an authenticated user > updates the sla_policy", spec=SLA_SPEC)
def test_sla_update(http):
    policy = _sla(http)
    body = {"sla_policy": {"name": "SLA 2"}}
    answer = ok(http.put(f"{A}/sla_policies/{policy['id']}", json=body, headers=_admin(http)))
    assert answer["payload"]["name"] == "SLA 2"


@ports(
    "DELETE #destroy > when it is an authenticated user > queues the sla_policy for deletion", spec=SLA_SPEC
)
def test_sla_destroy(http):
    policy = _sla(http)
    assert http.delete(f"{A}/sla_policies/{policy['id']}", headers=_admin(http)).status_code == 200
    assert http.get(f"{A}/sla_policies/{policy['id']}", headers=ADMIN).status_code == 404  # removed at once


@ports(
    *(
        f"{verb}{UNAUTH}"
        for verb in ("GET #index", "GET #show", "POST #create", "PUT #update", "DELETE #destroy")
    ),
    spec=SLA_SPEC,
)
def test_sla_unauthenticated(http):
    policy = _sla(http)
    one = f"/sla_policies/{policy['id']}"
    _refused(http, {}, [("GET", "/sla_policies"), ("GET", one), ("POST", "/sla_policies")])
    _refused(http, {}, [("PUT", one), ("DELETE", one)])


@ports(*(f"{verb}{SLA_AGENT}" for verb in ("POST #create", "PUT #update", "DELETE #destroy")), spec=SLA_SPEC)
def test_sla_agent(http):
    policy = _sla(http)
    one = f"/sla_policies/{policy['id']}"
    _refused(http, new_user(http)["headers"], [("POST", "/sla_policies"), ("PUT", one), ("DELETE", one)])
    assert http.get(A + one, headers=ADMIN).status_code == 200


# --- custom roles ---------------------------------------------------------------------------------


def _role(http, name="Manager"):
    return ok(http.post(A + "/custom_roles", json={"custom_role": {"name": name}}, headers=ADMIN))


_VERBS = ("GET #index", "GET #show", "POST #create", "PUT #update", "DELETE #destroy")


@ports("GET #index" + ROLE_ADMIN + "returns all custom roles in the account", spec=ROLES_SPEC)
def test_roles_index(http):
    _role(http)
    assert ok(http.get(A + "/custom_roles", headers=_admin(http)))[0]["name"] == "Manager"


@ports("GET #show" + ROLE_ADMIN + "returns the custom role details", spec=ROLES_SPEC)
def test_roles_show(http):
    role = _role(http)
    assert ok(http.get(f"{A}/custom_roles/{role['id']}", headers=_admin(http)))["name"] == "Manager"


@ports("POST #create" + ROLE_ADMIN + "creates the custom role", spec=ROLES_SPEC)
def test_roles_create(http):
    params = {
        "name": "Support",
        "description": "Support role",
        "permissions": ["contact_manage", "report_manage"],
    }
    body = ok(http.post(A + "/custom_roles", json={"custom_role": params}, headers=_admin(http)))
    assert body["name"] == "Support"
    assert [r["name"] for r in ok(http.get(A + "/custom_roles", headers=ADMIN))] == ["Support"]


@ports("PUT #update" + ROLE_ADMIN + "updates the custom role", spec=ROLES_SPEC)
def test_roles_update(http):
    role = _role(http)
    body = {"custom_role": {"name": "Updated Role"}}
    assert (
        ok(http.put(f"{A}/custom_roles/{role['id']}", json=body, headers=_admin(http)))["name"]
        == "Updated Role"
    )


@ports("DELETE #destroy" + ROLE_ADMIN + "deletes the custom role", spec=ROLES_SPEC)
def test_roles_destroy(http):
    role = _role(http)
    assert http.delete(f"{A}/custom_roles/{role['id']}", headers=_admin(http)).status_code == 200
    assert ok(http.get(A + "/custom_roles", headers=ADMIN)) == []


def _role_calls(http):
    one = f"/custom_roles/{_role(http)['id']}"
    return [("GET", "/custom_roles"), ("GET", one), ("POST", "/custom_roles"), ("PUT", one), ("DELETE", one)]


@ports(*(f"{verb}{UNAUTH}" for verb in _VERBS), spec=ROLES_SPEC)
def test_roles_unauthenticated(http):
    _refused(http, {}, _role_calls(http))


@ports(*(f"{verb}{ROLE_AGENT}" for verb in _VERBS), spec=ROLES_SPEC)
def test_roles_agent(http):
    _refused(http, new_user(http)["headers"], _role_calls(http))
    assert len(ok(http.get(A + "/custom_roles", headers=ADMIN))) == 1


# --- companies ------------------------------------------------------------------------------------


def _company(http, name="Company", **values):
    body = {"company": {"name": name, **values}}
    return ok(http.post(A + "/companies", json=body, headers=ADMIN))["payload"]


def _companies(http, **params):
    return ok(http.get(A + "/companies", params=params, headers=_admin(http)))


@ports("GET " + CO + CO_AUTHED + "returns all companies", spec=COMPANIES_SPEC)
def test_companies_index(http):
    names = [_company(http, "Company 1")["name"], _company(http, "Company 2")["name"]]
    assert sorted(c["name"] for c in _companies(http)["payload"]) == names


@ports(
    "GET " + CO + CO_AUTHED + "returns companies with pagination",
    "GET " + CO + CO_AUTHED + "returns second page of companies",
    spec=COMPANIES_SPEC,
)
def test_companies_pages(http):
    for n in range(32):
        _company(http, f"Company {n}")
    first = ok(http.get(A + "/companies", params={"page": 1}, headers=ADMIN))
    assert len(first["payload"]) == 25 and first["meta"] == {"total_count": 32, "page": "1"}
    second = http.request("GET", A + "/companies", json={"page": 2}, headers=ADMIN).json()  # as: :json
    assert len(second["payload"]) == 7 and second["meta"] == {"total_count": 32, "page": 2}


@ports("GET " + CO + CO_AUTHED + "does not return companies from other accounts", spec=COMPANIES_SPEC)
def test_companies_other_accounts(http):
    other = new_user(http, account_id=2, role="administrator")["headers"]
    ok(
        http.post(
            "/api/v1/accounts/2/companies", json={"company": {"name": "Other Account Company"}}, headers=other
        )
    )
    for name in ("Company 1", "Company 2", "My Company"):
        _company(http, name)
    names = [c["name"] for c in _companies(http)["payload"]]
    assert len(names) == 3 and "Other Account Company" not in names


@ports(
    "GET " + CO + "/search" + CO_AUTHED + "searches companies by name",
    "GET " + CO + "/search" + CO_AUTHED + "searches companies by domain",
    "GET " + CO + "/search" + CO_AUTHED + "search is case insensitive",
    "GET " + CO + "/search" + CO_AUTHED + "returns empty array when no companies match search",
    spec=COMPANIES_SPEC,
)
def test_companies_search(http):
    _company(http, "Tech Solutions", domain="tech.com")
    _company(http, "Acme Corp", domain="acme.com")
    headers = _admin(http)

    def search(q):
        return ok(http.get(A + "/companies/search", params={"q": q}, headers=headers))

    assert [c["name"] for c in search("tech")["payload"]] == ["Tech Solutions"]
    assert [c["domain"] for c in search("acme.com")["payload"]] == ["acme.com"]
    assert len(search("TECH")["payload"]) == 1
    empty = search("nonexistent")
    assert empty["payload"] == [] and empty["meta"]["total_count"] == 0


@ports("GET " + CO + "/search" + CO_AUTHED + "returns error when q parameter is missing", spec=COMPANIES_SPEC)
def test_companies_search_without_q(http):
    answer = http.get(A + "/companies/search", headers=_admin(http))
    assert answer.status_code == 422 and answer.json()["error"] == "Specify search string with parameter q"


@ports("GET " + CO + "/{id}" + CO_AUTHED + "returns the company", spec=COMPANIES_SPEC)
def test_companies_show(http):
    company = _company(http)
    body = ok(http.get(f"{A}/companies/{company['id']}", headers=_admin(http)))
    assert body["payload"]["name"] == "Company" and body["payload"]["id"] == company["id"]


@ports(
    "POST " + CO + CO_AUTHED + "creates a new company",
    "POST " + CO + CO_AUTHED + "returns error for invalid params",
    spec=COMPANIES_SPEC,
)
def test_companies_create(http):
    params = {"name": "New Company", "domain": "newcompany.com", "description": "A new company"}
    headers = _admin(http)
    body = ok(http.post(A + "/companies", json={"company": params}, headers=headers))
    assert body["payload"]["name"] == "New Company" and body["payload"]["domain"] == "newcompany.com"
    assert http.post(A + "/companies", json={"company": {"name": ""}}, headers=headers).status_code == 422
    assert _companies(http)["meta"]["total_count"] == 1


@ports("PATCH " + CO + "/{id}" + CO_AUTHED + "updates the company", spec=COMPANIES_SPEC)
def test_companies_update(http):
    company = _company(http, domain="old.com")
    body = {"company": {"name": "Updated Company Name", "domain": "updated.com"}}
    answer = ok(http.patch(f"{A}/companies/{company['id']}", json=body, headers=_admin(http)))
    assert (
        answer["payload"]["name"] == "Updated Company Name" and answer["payload"]["domain"] == "updated.com"
    )


@ports(
    "DELETE " + CO + "/{id} > when it is an authenticated administrator > deletes the company",
    spec=COMPANIES_SPEC,
)
def test_companies_destroy(http):
    company = _company(http)
    assert http.delete(f"{A}/companies/{company['id']}", headers=_admin(http)).status_code == 200
    assert _companies(http)["payload"] == []


@ports(
    "GET " + CO + UNAUTH,
    "GET " + CO + "/search" + UNAUTH,
    "GET " + CO + "/{id}" + UNAUTH,
    "POST " + CO + UNAUTH,
    "PATCH " + CO + "/{id}" + UNAUTH,
    "DELETE " + CO + "/{id}" + UNAUTH,
    spec=COMPANIES_SPEC,
)
def test_companies_unauthenticated(http):
    one = f"/companies/{_company(http)['id']}"
    calls = [("GET", "/companies"), ("GET", "/companies/search?q=a"), ("GET", one)]
    _refused(http, {}, [*calls, ("POST", "/companies"), ("PATCH", one), ("DELETE", one)])


@ports("DELETE " + CO + "/{id} > when it is a regular agent > returns unauthorized", spec=COMPANIES_SPEC)
def test_companies_agent_delete(http):
    one = f"/companies/{_company(http)['id']}"
    _refused(http, new_user(http)["headers"], [("DELETE", one)])
    assert http.get(A + one, headers=ADMIN).status_code == 200
