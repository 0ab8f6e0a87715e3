"""Finding a conversation the caller may act on (ConversationPolicy), shared by the conversation,
message, assignment and label handlers."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.members import find_or_404
from fakewoot.api.responses import Response, json_response
from fakewoot.errors import Unauthorized
from fakewoot.serializers.conversations import conversation_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.conversations import Conversation


def conversation_of(
    ctx: RequestContext, account: Account, member: AccountUser | None, bot_id: int | None
) -> Conversation:
    """find_by!(display_id:) (404), then ConversationPolicy#show?: administrators, agent bots of the
    account, and agents who are members of the inbox or of the conversation's team. Being
    the assignee or a participant grants nothing at v4.10 (assigned_to_user?/participant? are unused)."""
    conversation = find_or_404(
        ctx.store.conversations.by_display_id(account.id, ctx.path_params["conversation_id"])
    )
    inbox = account.inboxes.get(conversation.inbox_id)
    if member is not None:
        team = ctx.store.teams.get(account.id, conversation.team_id)
        allowed = (
            member.administrator
            or (inbox is not None and member.user_id in inbox.members)
            or (team is not None and member.user_id in team.member_ids)  # team_access?
        )
    else:
        allowed = True  # ConversationPolicy#show?: an agent bot of the account may (agent_bot?)
    if not allowed:
        raise Unauthorized()
    return conversation


def performer(member: AccountUser | None) -> int | None:
    return None if member is None else member.user_id


def conversation_payload(
    ctx: RequestContext, conversation: Conversation, user_id: int | None = None
) -> Response:
    """The conversation partial; `user_id` is Current.user (the team's is_member)."""
    body = conversation_json(ctx.store, conversation, user_id)
    return json_response(body, headers=ctx.response_headers)
