"""/api/v1/accounts/:account_id/teams and .../teams/:team_id/team_members.

Source at v4.10: app/controllers/api/v1/accounts/teams_controller.rb and team_members_controller.rb,
app/policies/team_policy.rb and team_member_policy.rb (index/show for every member; writes for
administrators), app/views/api/v1/accounts/teams/*, team_members/* (the agent partial),
config/routes.rb (team_members: index, create, and collection `patch` update / `delete` destroy).
Order of checks: authentication, account, membership, then fetch_team (404) before the policy (401),
then the params. An id in `user_ids` that is no user of the account is a 401 `Invalid User IDs`.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, ParameterMissing
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.teams import team_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.teams import Team

MSG_INVALID_USER_IDS = "Invalid User IDs"


class InvalidUserIds(ApiError):
    status = 401

    def __init__(self) -> None:
        super().__init__({"error": MSG_INVALID_USER_IDS})


def _team(ctx: RequestContext, account: Account, key: str) -> Team:
    return find_or_404(ctx.store.teams.get(account.id, ctx.path_params[key]))


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.require(:team).permit(:name, :description, :allow_auto_assign)."""
    raw = permit(await ctx.require("team"), "name", "description", "allow_auto_assign")
    values: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in raw:
            values[key] = to_string(raw[key])
    if "allow_auto_assign" in raw:
        values["allow_auto_assign"] = to_bool(raw["allow_auto_assign"])
    return values


def _respond(ctx: RequestContext, team: Team, member: AccountUser) -> Response:
    return json_response(team_json(team, member.user_id), headers=ctx.response_headers)


async def list_teams(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    body = [team_json(team, member.user_id) for team in ctx.store.teams.of(account.id)]
    return json_response(body, headers=ctx.response_headers)


async def show_team(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    return _respond(ctx, _team(ctx, account, "id"), member)


async def create_team(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    team = ctx.store.teams.create(
        account.id,
        name=values.get("name"),
        description=values.get("description"),
        allow_auto_assign=values.get("allow_auto_assign", True),
    )
    return _respond(ctx, team, member)


async def update_team(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    team = _team(ctx, account, "id")
    require_administrator(member)
    ctx.store.teams.update(team, await _values(ctx))
    return _respond(ctx, team, member)


async def delete_team(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    team = _team(ctx, account, "id")
    require_administrator(member)
    ctx.store.teams.delete(team)
    return head_ok(ctx.response_headers)


# --- team members -------------------------------------------------------------------------------


def _agents(ctx: RequestContext, account: Account, user_ids: list[int]) -> list[dict[str, Any]]:
    store = ctx.store
    body = []
    for user_id in user_ids:
        user = store.state.users.get(user_id)
        membership = account.members.get(user_id)
        if user is not None and membership is not None:
            body.append(agent_json(store, user, membership))
    return body


async def _user_ids(ctx: RequestContext, account: Account) -> list[int]:
    """validate_member_id_params: every id must be a user of the account (to_i), else 401. A missing
    or non-list `user_ids` is a NoMethodError upstream (500): a 422 here."""
    raw = (await ctx.params()).get("user_ids")
    if not isinstance(raw, list) or not raw:
        raise ParameterMissing("user_ids")
    ids = [to_int(value) if not isinstance(value, (dict, list)) else None for value in raw]
    if any(user_id is None or user_id not in account.members for user_id in ids):
        raise InvalidUserIds()
    return [user_id for user_id in ids if user_id is not None]


async def list_team_members(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    team = _team(ctx, account, "team_id")
    return json_response(_agents(ctx, account, list(team.member_ids)), headers=ctx.response_headers)


async def add_team_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    team = _team(ctx, account, "team_id")
    require_administrator(member)
    added = ctx.store.teams.add_members(team, await _user_ids(ctx, account))
    return json_response(_agents(ctx, account, added), headers=ctx.response_headers)


async def update_team_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    team = _team(ctx, account, "team_id")
    require_administrator(member)
    wanted = await _user_ids(ctx, account)
    current = list(team.member_ids)
    ctx.store.teams.add_members(team, [user_id for user_id in wanted if user_id not in current])
    ctx.store.teams.remove_members(team, [user_id for user_id in current if user_id not in wanted])
    return json_response(_agents(ctx, account, list(team.member_ids)), headers=ctx.response_headers)


async def remove_team_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    team = _team(ctx, account, "team_id")
    require_administrator(member)
    ctx.store.teams.remove_members(team, await _user_ids(ctx, account))
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/teams"
_MEMBERS = _BASE + "/{team_id:int}/team_members"
routes = [
    Route("GET", _BASE, list_teams, "teams.index"),
    Route("POST", _BASE, create_team, "teams.create"),
    Route("GET", _BASE + "/{id:int}", show_team, "teams.show"),
    Route("PATCH", _BASE + "/{id:int}", update_team, "teams.update"),
    Route("PUT", _BASE + "/{id:int}", update_team, "teams.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_team, "teams.destroy"),
    Route("GET", _MEMBERS, list_team_members, "teams/team_members.index"),
    Route("POST", _MEMBERS, add_team_members, "teams/team_members.create"),
    Route("PATCH", _MEMBERS, update_team_members, "teams/team_members.update"),
    Route("DELETE", _MEMBERS, remove_team_members, "teams/team_members.destroy"),
]
