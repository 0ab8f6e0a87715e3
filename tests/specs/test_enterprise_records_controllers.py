"""Ports of the enterprise request specs for SLA policies, custom roles and companies (v4.10) as far as
fakewoot models them: the authentication and policy refusals (SLA policies and custom roles exist
unlicensed too, but fakewoot does not model creating them, so everything that needs a record is
skipped as not implemented), and the companies search's missing-q error."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user

SLA_SPEC = "spec/enterprise/controllers/api/v1/accounts/sla_policies_controller_spec.rb"
ROLES_SPEC = "spec/enterprise/controllers/api/v1/accounts/custom_roles_controller_spec.rb"
COMPANIES_SPEC = "spec/enterprise/controllers/api/v1/accounts/companies_controller_spec.rb"
SPEC = [SLA_SPEC, ROLES_SPEC, COMPANIES_SPEC]
UPSTREAM_ITS = {SLA_SPEC: 15, ROLES_SPEC: 15, COMPANIES_SPEC: 24}
_SLA = "not implemented: SLA policies (created unlicensed upstream) are not modelled"
_ROLES = "not implemented: custom roles (created unlicensed upstream) are not modelled"
_COMPANIES = "not implemented: companies (created unlicensed upstream) are not modelled"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
SLA_AGENT = " > when the user is an agent > returns unauthorized"
ROLE_AGENT = " > when the user is an agent and is authenticated > returns unauthorized"
CO = "/api/v1/accounts/{account.id}/companies"
CO_AUTHED = " > when it is an authenticated user > "
SKIPPED = {
    SLA_SPEC: {
        "GET #index > when it is an authenticated user > returns all slas in the account": _SLA,
        "GET #index > when the user is an agent > returns slas in the account": _SLA,
        "GET #show > when it is an authenticated user > shows the sla": _SLA,
        "GET #show > when the user is an agent > shows the sla details": _SLA,
        "POST #create > when it is an authenticated user > creates the sla_policy": _SLA,
        "PUT #update > when it is an authenticated user > updates the sla_policy": _SLA,
        "DELETE #destroy > when it is an authenticated user > queues the sla_policy for deletion": _SLA,
    },
    ROLES_SPEC: {
        "GET #index > when it is an authenticated administrator > returns all custom roles in the account": _ROLES,
        "GET #show > when it is an authenticated administrator > returns the custom role details": _ROLES,
        "POST #create > when it is an authenticated administrator > creates the custom role": _ROLES,
        "PUT #update > when it is an authenticated administrator > updates the custom role": _ROLES,
        "DELETE #destroy > when it is an authenticated administrator > deletes the custom role": _ROLES,
    },
    COMPANIES_SPEC: {
        **{
            "GET " + CO + CO_AUTHED + it: _COMPANIES
            for it in (
                "returns all companies",
                "returns companies with pagination",
                "returns second page of companies",
                "returns companies with contacts_count",
                "does not return companies from other accounts",
                "sorts companies by contacts_count in ascending order",
                "sorts companies by contacts_count in descending order",
            )
        },
        **{
            "GET " + CO + "/search" + CO_AUTHED + it: _COMPANIES
            for it in (
                "searches companies by name",
                "searches companies by domain",
                "search is case insensitive",
                "returns empty array when no companies match search",
            )
        },
        "GET " + CO + "/{id}" + CO_AUTHED + "returns the company": _COMPANIES,
        "POST " + CO + CO_AUTHED + "creates a new company": _COMPANIES,
        "POST " + CO + CO_AUTHED + "returns error for invalid params": _COMPANIES,
        "PATCH " + CO + "/{id}" + CO_AUTHED + "updates the company": _COMPANIES,
        "DELETE "
        + CO
        + "/{id} > when it is an authenticated administrator > deletes the company": _COMPANIES,
    },
}
A = "/api/v1/accounts/1"


def _refused(http, headers, calls) -> None:
    for method, path in calls:
        answer = http.request(method, A + path, json={}, headers=headers)
        assert answer.status_code == 401, (method, path, answer.text)


@ports(
    *(
        f"{verb}{UNAUTH}"
        for verb in ("GET #index", "GET #show", "POST #create", "PUT #update", "DELETE #destroy")
    ),
    spec=SLA_SPEC,
)
def test_sla_unauthenticated(http):
    calls = [("GET", "/sla_policies"), ("GET", "/sla_policies/1"), ("POST", "/sla_policies")]
    _refused(http, {}, [*calls, ("PUT", "/sla_policies/1"), ("DELETE", "/sla_policies/1")])


@ports(*(f"{verb}{SLA_AGENT}" for verb in ("POST #create", "PUT #update", "DELETE #destroy")), spec=SLA_SPEC)
def test_sla_agent(http):
    calls = [("POST", "/sla_policies"), ("PUT", "/sla_policies/1"), ("DELETE", "/sla_policies/1")]
    _refused(http, new_user(http)["headers"], calls)


_ROLE_CALLS = [
    ("GET", "/custom_roles"),
    ("GET", "/custom_roles/1"),
    ("POST", "/custom_roles"),
    ("PUT", "/custom_roles/1"),
    ("DELETE", "/custom_roles/1"),
]
_VERBS = ("GET #index", "GET #show", "POST #create", "PUT #update", "DELETE #destroy")


@ports(*(f"{verb}{UNAUTH}" for verb in _VERBS), spec=ROLES_SPEC)
def test_roles_unauthenticated(http):
    _refused(http, {}, _ROLE_CALLS)


@ports(*(f"{verb}{ROLE_AGENT}" for verb in _VERBS), spec=ROLES_SPEC)
def test_roles_agent(http):
    _refused(http, new_user(http)["headers"], _ROLE_CALLS)


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
    calls = [("GET", "/companies"), ("GET", "/companies/search?q=a"), ("GET", "/companies/1")]
    _refused(
        http, {}, [*calls, ("POST", "/companies"), ("PATCH", "/companies/1"), ("DELETE", "/companies/1")]
    )


@ports("GET " + CO + "/search" + CO_AUTHED + "returns error when q parameter is missing", spec=COMPANIES_SPEC)
def test_companies_search_without_q(http):
    answer = http.get(A + "/companies/search", headers=new_user(http, role="administrator")["headers"])
    assert answer.status_code == 422 and answer.json()["error"] == "Specify search string with parameter q"


@ports("DELETE " + CO + "/{id} > when it is a regular agent > returns unauthorized", spec=COMPANIES_SPEC)
def test_companies_agent_delete(http):
    _refused(http, new_user(http)["headers"], [("DELETE", "/companies/1")])
