"""GET /api/v1/accounts/:account_id/assignable_agents?inbox_ids[]=..: the agents who are members of
every given inbox, then the account's administrators, without repeats, as `{"payload": [<agent>]}`.

Source at v4.10: app/controllers/api/v1/accounts/assignable_agents_controller.rb and its view.
`Current.account.inboxes.find(inbox_ids)`: a missing or scalar `inbox_ids` (permit drops it) or an
unknown id is a 404; an empty list finds no inbox, which leaves the administrators. Each inbox is
authorized with InboxPolicy#show? (an agent must be a member of it: 401 otherwise).
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import scalar, to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import NotFound, Unauthorized
from fakewoot.serializers.agents import agent_json


async def list_assignable_agents(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    raw = (await ctx.params()).get("inbox_ids")
    if not isinstance(raw, list):
        raise NotFound()
    ids = [to_int(value) for value in raw if scalar(value) is value and value is not None]
    inboxes = []
    for inbox_id in dict.fromkeys(ids):
        inbox = None if inbox_id is None else account.inboxes.get(inbox_id)
        if inbox is None:
            raise NotFound()
        inboxes.append(inbox)
    store = ctx.store
    for inbox in inboxes:
        if not store.inboxes.can_see(member, inbox):
            raise Unauthorized()
    common: set[int] = set.intersection(*(set(inbox.members) for inbox in inboxes)) if inboxes else set()
    agents = sorted(user_id for user_id in common if user_id in account.members)
    admins = sorted(user_id for user_id, m in account.members.items() if m.administrator)
    payload = []
    for user_id in dict.fromkeys([*agents, *admins]):
        user = store.state.users.get(user_id)
        if user is not None:
            payload.append(agent_json(store, user, account.members[user_id]))
    return json_response({"payload": payload}, headers=ctx.response_headers)


routes = [
    Route(
        "GET",
        "/api/v1/accounts/{account_id:int}/assignable_agents",
        list_assignable_agents,
        "assignable_agents.index",
    )
]
