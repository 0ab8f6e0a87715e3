"""Shared guards for account-scoped user endpoints: the caller's account and membership, and
ActiveRecord's find (404)."""

from __future__ import annotations

from typing import TypeVar

from fakewoot.api.context import RequestContext
from fakewoot.auth.guards import authenticate, authenticate_user, current_account
from fakewoot.auth.principals import UserPrincipal
from fakewoot.errors import NotFound
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account

T = TypeVar("T")


def account_member(ctx: RequestContext) -> tuple[Account, AccountUser]:
    """Authentication, bot gate, account (404), membership (401): the caller's membership."""
    user = authenticate_user(ctx)
    account = current_account(ctx, UserPrincipal(user), ctx.path_params["account_id"])
    return account, account.members[user.id]


def find_or_404(record: T | None) -> T:
    if record is None:
        raise NotFound()
    return record


def account_caller(
    ctx: RequestContext, *, bot_accessible: bool
) -> tuple[Account, AccountUser | None, int | None]:
    """(account, membership or None for a bot, bot id or None). Bots pass only where Chatwoot's
    BOT_ACCESSIBLE_ENDPOINTS lets them, and only in accounts where they serve an inbox."""
    principal = authenticate(ctx, bot_accessible=bot_accessible)
    account = current_account(ctx, principal, ctx.path_params["account_id"])
    if isinstance(principal, UserPrincipal):
        return account, account.members[principal.user.id], None
    return account, None, principal.bot.id
