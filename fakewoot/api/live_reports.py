"""/api/v2/accounts/:account_id/live_reports/conversation_metrics and grouped_conversation_metrics.

Source at v4.10: app/controllers/api/v2/accounts/live_reports_controller.rb. Its before_actions run
in order: load_conversations (a `team_id` that is not the account's team: 404; `team_id` and
`group_by` go through permit, so an array or object is dropped, and false is no team), set_group_scope
(grouped: a `group_by` other than team_id / assignee_id is 422 `{"error": "invalid group_by"}`),
then the policy (administrators only: 401). conversation_metrics counts open, open and unattended
(no first reply yet, or waiting), open and unassigned, and pending conversations; the grouped
metrics give one row per group value of the open conversations (null for none), in the order the
groups first appear by conversation id.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError
from fakewoot.store.conversations import Conversation

MSG_INVALID_GROUP_BY = "invalid group_by"
GROUP_BYS = ("team_id", "assignee_id")


def _unattended(conversation: Conversation) -> bool:
    return conversation.first_reply_created_at is None or conversation.waiting_since is not None


async def _conversations(ctx: RequestContext, grouped: bool) -> tuple[list[Conversation], str]:
    account, member = account_member(ctx)
    params = permit(await ctx.params(), "team_id", "group_by")  # an array or object is dropped
    conversations = list(account.conversations.values())
    if params.get("team_id") not in (None, False):  # `return unless permitted_params[:team_id]`
        team = find_or_404(account.teams.get(to_int(params["team_id"]) or 0))
        conversations = [c for c in conversations if c.team_id == team.id]
    group_by = params.get("group_by")
    if grouped and group_by not in GROUP_BYS:
        raise ApiError({"error": MSG_INVALID_GROUP_BY}, 422)
    require_administrator(member)
    return conversations, str(group_by)


async def conversation_metrics(ctx: RequestContext) -> Response:
    conversations, _ = await _conversations(ctx, grouped=False)
    opened = [c for c in conversations if c.status == "open"]
    body = {
        "open": len(opened),
        "unattended": sum(1 for c in opened if _unattended(c)),
        "unassigned": sum(1 for c in opened if c.assignee_id is None),
        "pending": sum(1 for c in conversations if c.status == "pending"),
    }
    return json_response(body, headers=ctx.response_headers)


async def grouped_conversation_metrics(ctx: RequestContext) -> Response:
    conversations, group_by = await _conversations(ctx, grouped=True)
    groups: dict[Any, dict[str, Any]] = {}
    for conversation in conversations:
        if conversation.status != "open":
            continue
        key = conversation.team_id if group_by == "team_id" else conversation.assignee_id
        row = groups.setdefault(key, {"open": 0, "unattended": 0, "unassigned": 0, group_by: key})
        row["open"] += 1
        row["unattended"] += _unattended(conversation)
        row["unassigned"] += conversation.assignee_id is None
    return json_response(list(groups.values()), headers=ctx.response_headers)


_BASE = "/api/v2/accounts/{account_id:int}/live_reports"

routes = [
    Route("GET", _BASE + "/conversation_metrics", conversation_metrics, "live_reports.conversation_metrics"),
    Route(
        "GET",
        _BASE + "/grouped_conversation_metrics",
        grouped_conversation_metrics,
        "live_reports.grouped_conversation_metrics",
    ),
]
