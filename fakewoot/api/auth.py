"""/auth: devise_token_auth sessions, token validation and password reset, as Chatwoot overrides them.

Sources: app/controllers/devise_overrides/{sessions,token_validations,passwords}_controller.rb,
devise_token_auth 1.2 (reference section 5).
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_dta
from fakewoot.auth.resolve import auth_headers
from fakewoot.errors import (
    MSG_INVALID_LOGIN,
    MSG_INVALID_TOKEN_VALIDATION,
    MSG_RESET_PASSWORD_INVALID_TOKEN,
    MSG_RESET_PASSWORD_REQUESTED,
    MSG_SIGN_OUT_NOT_FOUND,
    MSG_UNCONFIRMED,
    ApiError,
)
from fakewoot.serializers.users import user_json
from fakewoot.store import validation as v
from fakewoot.store.mailer import RESET_PASSWORD_INSTRUCTIONS
from fakewoot.store.users import User, check_password

# Devise's reset_password_within default
RESET_PASSWORD_WITHIN_SECONDS = 6 * 3600


def _sign_in_response(ctx: RequestContext, user: User) -> Response:
    client, entry = ctx.store.users.sign_in(user)
    return json_response({"data": user_json(ctx.store, user)}, headers=auth_headers(user, client, entry))


async def sign_in(ctx: RequestContext) -> Response:
    params = await ctx.params()
    headers = ctx.request.headers
    email = to_string(params.get("email")) or headers.get("email") or ""
    password = to_string(params.get("password")) or headers.get("password") or ""
    user = ctx.store.users.by_email(email) if email else None
    sso_token = to_string(params.get("sso_auth_token"))
    if user is not None and sso_token and ctx.store.users.consume_sso_token(user, sso_token):
        return _sign_in_response(ctx, user)  # the platform login URL's one-time token
    if user is not None and not user.confirmed:
        raise ApiError({"success": False, "errors": [MSG_UNCONFIRMED.format(email=user.email)]}, 401)
    if user is None or not password or not check_password(user, password):
        raise ApiError({"success": False, "errors": [MSG_INVALID_LOGIN]}, 401)
    return _sign_in_response(ctx, user)


async def sign_out(ctx: RequestContext) -> Response:
    principal = authenticate_dta(ctx)
    if (
        principal is None
        or principal.client is None
        or not ctx.store.users.sign_out(principal.user, principal.client)
    ):
        raise ApiError({"success": False, "errors": [MSG_SIGN_OUT_NOT_FOUND]}, 404)
    return json_response({"success": True})


async def validate_token(ctx: RequestContext) -> Response:
    principal = authenticate_dta(ctx)
    if principal is None:
        raise ApiError({"success": False, "errors": [MSG_INVALID_TOKEN_VALIDATION]}, 401)
    body = {"payload": {"success": True, "data": user_json(ctx.store, principal.user)}}
    return json_response(body, headers=ctx.response_headers)


async def request_password_reset(ctx: RequestContext) -> Response:
    params = await ctx.params()
    email = to_string(params.get("email")) or ""
    user = ctx.store.users.by_email(email) if email else None
    if user is not None:
        token = ctx.store.users.start_password_reset(user)
        ctx.store.mailer.deliver(
            RESET_PASSWORD_INSTRUCTIONS, user.email, user_id=user.id, reset_password_token=token
        )
    return json_response({"message": MSG_RESET_PASSWORD_REQUESTED})


async def reset_password(ctx: RequestContext) -> Response:
    params = await ctx.params()
    token = to_string(params.get("reset_password_token")) or ""
    user = ctx.store.users.by_reset_token(token, RESET_PASSWORD_WITHIN_SECONDS) if token else None
    invalid = ApiError({"message": MSG_RESET_PASSWORD_INVALID_TOKEN, "redirect_url": "/"}, 422)
    if user is None:
        raise invalid
    password = to_string(params.get("password"))
    errors = v.Errors()
    v.check_password(errors, password, to_string(params.get("password_confirmation")))
    if errors.pairs:
        # Chatwoot confirms the user first, then save! raises RecordInvalid; the token stays valid.
        ctx.store.users.confirm(user)
        errors.raise_if_any()
    assert password is not None
    ctx.store.users.finish_password_reset(user, password)
    return _sign_in_response(ctx, user)


routes = [
    Route("POST", "/auth/sign_in", sign_in, "devise_overrides/sessions.create"),
    Route("DELETE", "/auth/sign_out", sign_out, "devise_overrides/sessions.destroy"),
    Route("GET", "/auth/validate_token", validate_token, "devise_overrides/token_validations.validate_token"),
    Route("POST", "/auth/password", request_password_reset, "devise_overrides/passwords.create"),
    Route("PUT", "/auth/password", reset_password, "devise_overrides/passwords.update"),
    Route("PATCH", "/auth/password", reset_password, "devise_overrides/passwords.update"),
]
