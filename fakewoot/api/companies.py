"""Companies (enterprise/app/controllers/api/v1/accounts/companies_controller.rb at e13e3c87).

No licence or feature gate (check_authorization refuses only when enterprise/ is absent, and the
standard image has it). CompanyPolicy: everything for every member but destroy (administrators).
The policy runs first, then show/update/destroy `find` (404). index and search page 25 at a time
(Kaminari, `params[:page] || 1` echoed as sent), Sift sorts by name, domain, created_at and
contacts_count; search needs a non-blank q.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.companies import companies_page_json, company_json
from fakewoot.store.accounts import Account
from fakewoot.store.companies import COMPANY_ATTRIBUTES, Company, sort_companies

# errors.companies.search.query_missing
MSG_COMPANIES_QUERY_MISSING = "Specify search string with parameter q"
RESULTS_PER_PAGE = 25  # CompaniesController::RESULTS_PER_PAGE


async def _page(ctx: RequestContext, companies: list[Company]) -> Response:
    """filtrate (Sift sort), then page(params[:page] || 1).per(25); meta echoes the page as sent."""
    params = await ctx.params()
    raw_page = params.get("page")
    raw_page = 1 if raw_page is None or raw_page is False else raw_page  # params[:page] || 1
    sort = params.get("sort")
    ordered = sort_companies(companies, sort if isinstance(sort, str) else None)
    start = (max(to_int(raw_page) or 0, 1) - 1) * RESULTS_PER_PAGE
    chunk = ordered[start : start + RESULTS_PER_PAGE]
    return json_response(companies_page_json(chunk, len(ordered), raw_page), headers=ctx.response_headers)


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """company_params: name, domain, description as strings (the avatar upload is not stored)."""
    raw = await require_wrapped(ctx, "company", COMPANY_ATTRIBUTES)
    return {key: to_string(value) for key, value in permit(raw, "name", "domain", "description").items()}


def _company(ctx: RequestContext, account: Account) -> Company:
    return find_or_404(ctx.store.companies.get(account.id, ctx.path_params["id"]))


def _respond(ctx: RequestContext, company: Company) -> Response:
    return json_response({"payload": company_json(company)}, headers=ctx.response_headers)


async def list_companies(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return await _page(ctx, ctx.store.companies.of(account.id))


async def search_companies(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    query = (await ctx.params()).get("q")
    # a non-string q (an array, a JSON number) reaches `query.strip` upstream (a 500): refused here too
    if not isinstance(query, str) or not query.strip():
        raise CouldNotCreate(MSG_COMPANIES_QUERY_MISSING)
    return await _page(ctx, ctx.store.companies.search(account.id, query))


async def show_company(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _company(ctx, account))


async def create_company(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    company = ctx.store.companies.create(account.id, await _values(ctx))
    return _respond(ctx, company)


async def update_company(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    company = _company(ctx, account)
    ctx.store.companies.update(company, await _values(ctx))
    return _respond(ctx, company)


async def delete_company(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.companies.delete(_company(ctx, account))
    return head_ok(ctx.response_headers)


A = "/api/v1/accounts/{account_id:int}/companies"
routes = [
    Route("GET", A, list_companies, "companies.index"),
    Route("POST", A, create_company, "companies.create"),
    Route("GET", A + "/search", search_companies, "companies.search"),
    Route("GET", A + "/{id:int}", show_company, "companies.show"),
    Route("PATCH", A + "/{id:int}", update_company, "companies.update"),
    Route("PUT", A + "/{id:int}", update_company, "companies.update"),
    Route("DELETE", A + "/{id:int}", delete_company, "companies.destroy"),
]
