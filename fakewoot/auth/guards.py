"""The checks every Chatwoot controller runs, in Chatwoot's order:
authentication (401) -> bot gate (401) -> account exists (404) -> account suspended (401)
-> membership (401) -> record (404, the handler's) -> role (401, Pundit).  Reference section 2.1-2.3,
app/controllers/concerns/ensure_current_account_helper.rb at v4.10."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.auth.messages import MSG_ACCOUNT_SUSPENDED, MSG_BOT_NOT_AUTHORIZED_ACCOUNT
from fakewoot.auth.principals import BotPrincipal, PlatformPrincipal, UserPrincipal
from fakewoot.auth.resolve import api_access_token, auth_headers, dta_user, principal_for_token
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_INVALID_ACCESS_TOKEN,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_PLATFORM_INVALID_TOKEN,
    NotFound,
    Unauthenticated,
    Unauthorized,
)

ACTIVE = "active"  # Account status enum: active (0), suspended (1)

if TYPE_CHECKING:
    from fakewoot.api.context import RequestContext
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.accounts import Account
    from fakewoot.store.platform_apps import PlatformApp
    from fakewoot.store.users import User


def authenticate_dta(ctx: RequestContext) -> UserPrincipal | None:
    """devise_token_auth's set_user_by_token; on success the same auth headers go back."""
    found = dta_user(ctx.store, ctx.request.headers, ctx.request.query_params)
    if found is None:
        return None
    user, client, entry = found
    ctx.response_headers.update(auth_headers(user, client, entry))
    return UserPrincipal(user, client)


def authenticate(ctx: RequestContext, *, bot_accessible: bool = False) -> UserPrincipal | BotPrincipal:
    """Api::BaseController: api_access_token if the header is there, else devise_token_auth."""
    token = api_access_token(ctx.request.headers)
    if token is None:
        principal = authenticate_dta(ctx)
        if principal is None:
            raise Unauthenticated()
        return principal
    found = principal_for_token(ctx.store, token)
    if found is None:
        raise Unauthorized(MSG_INVALID_ACCESS_TOKEN)
    if isinstance(found, UserPrincipal):
        return found
    if not bot_accessible or isinstance(found, PlatformPrincipal):
        raise Unauthorized(MSG_BOTS_NOT_AUTHORIZED)
    return found


def authenticate_user(ctx: RequestContext) -> User:
    """For endpoints no bot may call: the calling user."""
    principal = authenticate(ctx)
    assert isinstance(principal, UserPrincipal)
    return principal.user


def current_account(
    ctx: RequestContext, principal: UserPrincipal | BotPrincipal, account_id: int | None
) -> Account:
    """EnsureCurrentAccountHelper: 404 for a missing account, 401 for a suspended one (any caller),
    401 for a non-member user or a bot not linked to the account."""
    account = None if account_id is None else ctx.store.accounts.get(account_id)
    if account is None:
        raise NotFound()
    if account.status != ACTIVE:
        raise Unauthorized(MSG_ACCOUNT_SUSPENDED)
    if isinstance(principal, UserPrincipal):
        if principal.user.id not in account.members:
            raise Unauthorized(MSG_NOT_AUTHORIZED_ACCOUNT)
    elif not ctx.store.agent_bots.serves_account(principal.bot.id, account.id):
        raise Unauthorized(MSG_BOT_NOT_AUTHORIZED_ACCOUNT)
    return account


def member_account(ctx: RequestContext, user: User, account_id: int | None) -> tuple[Account, AccountUser]:
    """AccountsController: current_user.accounts.find(id) -> 404 for unknown and non-member alike."""
    account = None if account_id is None else ctx.store.accounts.get(account_id)
    member = None if account is None else account.members.get(user.id)
    if account is None or member is None:
        raise NotFound()
    return account, member


def require_administrator(member: AccountUser) -> None:
    """Pundit denial: 401, never 403."""
    if not member.administrator:
        raise Unauthorized()


def authenticate_platform(ctx: RequestContext) -> PlatformApp:
    """PlatformController: the token's owner must be a PlatformApp."""
    token = api_access_token(ctx.request.headers)
    found = None if token is None else principal_for_token(ctx.store, token)
    if not isinstance(found, PlatformPrincipal):
        raise Unauthorized(MSG_PLATFORM_INVALID_TOKEN)
    return found.app
