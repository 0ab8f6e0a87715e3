"""/api/v1/accounts/:account_id/captain/assistant_responses (the assistants' FAQs) and
.../captain/assistants/:assistant_id/scenarios, as the unlicensed standard image answers them at v4.10.

Source (e13e3c87): enterprise/app/controllers/api/v1/accounts/captain/assistant_responses_controller.rb
(Captain::AssistantPolicy: index, show for every member, writes for administrators; index filters
assistant_id, document_id, status, search (ILIKE on question or answer), 25 a page, meta.page is
params[:page] as sent; create makes the current user the documentable; an unknown assistant_id is a
validation error, not a 404), scenarios_controller.rb (Captain::ScenarioPolicy likewise; the assistant
404 after the policy; index lists the enabled ones), their views and partials.
An unknown status is the enum's ArgumentError upstream (a 500): a 422 `{"error": ...}` here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fakewoot.api.captain_assistants import no_content
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_bool, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.captain_assistants import assistant_response_json, listing_json, scenario_json
from fakewoot.store.accounts import Account
from fakewoot.store.captain_assistants import Assistant
from fakewoot.store.captain_responses import AssistantResponse, cast_status
from fakewoot.store.captain_scenarios import Scenario

T = TypeVar("T")
PER_PAGE = 25  # AssistantResponsesController::RESULTS_PER_PAGE
MSG_ENABLED_NULL = "Enabled can't be null"  # the NOT NULL column's violation (a 500 upstream)


def _present(value: Any) -> Any:
    """A permitted filter value when `present?` (hashes and arrays are not permitted)."""
    if value is None or isinstance(value, (dict, list)) or value is False:
        return None
    return value if str(value).strip() else None


def _id(value: Any) -> int | None:
    return None if isinstance(value, (dict, list)) else to_int(value)


def filter_id(value: Any) -> int | None:
    """`where(x: params[:x])` when present: a non-number casts to nil and matches nothing (-1 here)."""
    if _present(value) is None:
        return None
    number = _id(value)
    return -1 if number is None else number


def page_window(params: dict[str, Any], rows: list[T]) -> tuple[Any, list[T]]:
    """`.page(params[:page] || 1).per(25)`: (the page as sent, for meta; that page's rows)."""
    raw = params.get("page")
    page = 1 if raw is None or isinstance(raw, (dict, list)) else raw
    number = max(to_int(page) or 0, 1)  # Kaminari: to_i, at least 1
    return page, rows[(number - 1) * PER_PAGE : number * PER_PAGE]


# --- assistant responses --------------------------------------------------------------------------


def _response(ctx: RequestContext, account: Account) -> AssistantResponse:
    return find_or_404(ctx.store.captain_responses.get(account.id, ctx.path_params["id"]))


async def _response_values(ctx: RequestContext) -> dict[str, Any]:
    raw = permit(await ctx.require("assistant_response"), "question", "answer", "assistant_id", "status")
    values: dict[str, Any] = {key: to_string(raw[key]) for key in ("question", "answer") if key in raw}
    if "assistant_id" in raw:
        values["assistant_id"] = _id(raw["assistant_id"])
    if "status" in raw:
        values["status"] = cast_status(raw["status"])
    return values


def _respond(ctx: RequestContext, response: AssistantResponse) -> Response:
    return json_response(assistant_response_json(ctx.store, response), headers=ctx.response_headers)


async def list_responses(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    params = await ctx.params()
    status = _present(params.get("status"))
    search = _present(params.get("search"))
    rows = ctx.store.captain_responses.search(
        account.id,
        assistant_id=filter_id(params.get("assistant_id")),
        document_id=filter_id(params.get("document_id")),
        status=None if status is None else str(status),
        search=None if search is None else str(search),
    )
    page, window = page_window(params, rows)
    body = listing_json([assistant_response_json(ctx.store, r) for r in window], page)
    body["meta"]["total_count"] = len(rows)
    return json_response(body, headers=ctx.response_headers)


async def show_response(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _response(ctx, account))


async def create_response(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _response_values(ctx)
    response = ctx.store.captain_responses.create(account.id, values, user_id=member.user_id)
    return _respond(ctx, response)


async def update_response(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    response = _response(ctx, account)
    ctx.store.captain_responses.update(response, await _response_values(ctx))
    return _respond(ctx, response)


async def delete_response(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.captain_responses.delete(_response(ctx, account))
    return no_content(ctx)


# --- scenarios ------------------------------------------------------------------------------------


def _assistant(ctx: RequestContext, account: Account) -> Assistant:
    return find_or_404(ctx.store.captain_assistants.get(account.id, ctx.path_params["assistant_id"]))


def _scenario(ctx: RequestContext, account: Account, assistant: Assistant) -> Scenario:
    return find_or_404(ctx.store.captain_scenarios.get(account.id, assistant.id, ctx.path_params["id"]))


async def _scenario_values(ctx: RequestContext) -> dict[str, Any]:
    """scenario_params: title, description, instruction, enabled (`tools` is permitted, but before_save
    derives it from the instruction)."""
    raw = permit(await ctx.require("scenario"), "title", "description", "instruction", "enabled")
    values: dict[str, Any] = {
        key: to_string(raw[key]) for key in ("title", "description", "instruction") if key in raw
    }
    if "enabled" in raw:
        values["enabled"] = to_bool(raw["enabled"])
        if values["enabled"] is None:
            raise CouldNotCreate(MSG_ENABLED_NULL)
    return values


def _scenario_response(ctx: RequestContext, scenario: Scenario, assistant: Assistant) -> Response:
    return json_response(scenario_json(scenario, assistant), headers=ctx.response_headers)


async def list_scenarios(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    assistant = _assistant(ctx, account)
    scenarios = ctx.store.captain_scenarios.of(account.id, assistant.id)
    body = listing_json([scenario_json(s, assistant) for s in scenarios])
    return json_response(body, headers=ctx.response_headers)


async def show_scenario(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    assistant = _assistant(ctx, account)
    return _scenario_response(ctx, _scenario(ctx, account, assistant), assistant)


async def create_scenario(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account)
    scenario = ctx.store.captain_scenarios.create(account.id, assistant.id, await _scenario_values(ctx))
    return _scenario_response(ctx, scenario, assistant)


async def update_scenario(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account)
    scenario = _scenario(ctx, account, assistant)
    ctx.store.captain_scenarios.update(scenario, await _scenario_values(ctx))
    return _scenario_response(ctx, scenario, assistant)


async def delete_scenario(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account)
    ctx.store.captain_scenarios.delete(_scenario(ctx, account, assistant))
    return no_content(ctx)


R = "/api/v1/accounts/{account_id:int}/captain/assistant_responses"
S = "/api/v1/accounts/{account_id:int}/captain/assistants/{assistant_id:int}/scenarios"
routes = [
    Route("GET", R, list_responses, "captain/assistant_responses.index"),
    Route("POST", R, create_response, "captain/assistant_responses.create"),
    Route("GET", R + "/{id:int}", show_response, "captain/assistant_responses.show"),
    Route("PATCH", R + "/{id:int}", update_response, "captain/assistant_responses.update"),
    Route("PUT", R + "/{id:int}", update_response, "captain/assistant_responses.update"),
    Route("DELETE", R + "/{id:int}", delete_response, "captain/assistant_responses.destroy"),
    Route("GET", S, list_scenarios, "captain/scenarios.index"),
    Route("POST", S, create_scenario, "captain/scenarios.create"),
    Route("GET", S + "/{id:int}", show_scenario, "captain/scenarios.show"),
    Route("PATCH", S + "/{id:int}", update_scenario, "captain/scenarios.update"),
    Route("PUT", S + "/{id:int}", update_scenario, "captain/scenarios.update"),
    Route("DELETE", S + "/{id:int}", delete_scenario, "captain/scenarios.destroy"),
]
