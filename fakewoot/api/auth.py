"""/auth: devise_token_auth sessions, token validation and password reset, as Chatwoot overrides them.

Sources: app/controllers/devise_overrides/{sessions,token_validations,passwords,confirmations}_controller.rb
at v4.10, devise_token_auth 1.2.5, Devise 4.9 routes (reference section 5).
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_dta
from fakewoot.auth.messages import (
    MSG_CONFIRMATION_ALREADY_CONFIRMED,
    MSG_CONFIRMATION_FAILURE,
    MSG_CONFIRMATION_INVALID_TOKEN,
    MSG_MFA_INVALID_TOKEN,
    MSG_RESET_PASSWORD_FAILURE,
    MSG_RESET_PASSWORD_SUCCESS,
)
from fakewoot.auth.resolve import auth_headers, send_auth_headers
from fakewoot.errors import (
    MSG_INVALID_LOGIN,
    MSG_INVALID_TOKEN_VALIDATION,
    MSG_RESET_PASSWORD_INVALID_TOKEN,
    MSG_SIGN_OUT_NOT_FOUND,
    MSG_UNCONFIRMED,
    ApiError,
)
from fakewoot.serializers._common import iso8601
from fakewoot.serializers.users import user_json
from fakewoot.store import validation as v
from fakewoot.store.mailer import RESET_PASSWORD_INSTRUCTIONS
from fakewoot.store.users import User, check_password

HTML_CONTENT_TYPE = b"text/html; charset=utf-8"
# Devise's reset_password_within (config/initializers/devise.rb: 6.hours)
RESET_PASSWORD_WITHIN_SECONDS = 6 * 3600


def _sign_in_response(ctx: RequestContext, user: User) -> Response:
    """DTA's render_create_success: the user partial under `data`, and DTA's after-action headers
    (the five plus `Authorization`)."""
    client, entry = ctx.store.users.sign_in(user)
    return json_response({"data": user_json(ctx.store, user)}, headers=auth_headers(user, client, entry))


async def sign_in(ctx: RequestContext) -> Response:
    params = await ctx.params()
    headers = ctx.request.headers
    if to_string(params.get("mfa_token")):
        # mfa_verification_request?: no fakewoot user has MFA, so no MFA token ever verifies.
        raise ApiError({"error": MSG_MFA_INVALID_TOKEN}, 401)
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


async def new_session(ctx: RequestContext) -> Response:
    """GET /auth/sign_in (SessionsController#new): a redirect to `#{FRONTEND_URL}/app/login`."""
    frontend = ctx.fake.settings.frontend_url or ""
    return redirect(ctx, f"{frontend}/app/login?error=access-denied")


def redirect(ctx: RequestContext, location: str) -> Response:
    """Rails 7.1 `redirect_to`: 302, a Location made absolute when it is a path (request's
    protocol and host put in front), and an empty HTML body."""
    if location.startswith("/") and not location.startswith("//"):
        location = str(ctx.request.base_url).rstrip("/") + location
    response = Response(b"", 302, {"location": location})
    response.raw_headers[0] = (b"content-type", HTML_CONTENT_TYPE)
    return response


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
    user = principal.user
    # devise/token.json.jbuilder merges the user's created_at into `data` after the partial
    data = {**user_json(ctx.store, user), "created_at": iso8601(user.created_at)}
    return json_response({"payload": {"success": True, "data": data}}, headers=ctx.response_headers)


async def request_password_reset(ctx: RequestContext) -> Response:
    """PasswordsController#create at v4.10: `User.from_email` (downcased, not stripped); 404 when
    no user has that email."""
    params = await ctx.params()
    email = to_string(params.get("email")) or ""
    user = ctx.store.users.by_email(email) if email and email == email.strip() else None
    if user is None:
        return json_response({"message": MSG_RESET_PASSWORD_FAILURE}, 404)
    token = ctx.store.users.start_password_reset(user)
    mail = {"user_id": user.id, "reset_password_token": token}
    ctx.store.mailer.deliver(RESET_PASSWORD_INSTRUCTIONS, user.email, **mail)
    return json_response({"message": MSG_RESET_PASSWORD_SUCCESS})


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
    return json_response({"data": user_json(ctx.store, user)}, headers=send_auth_headers(ctx.store, user))


async def confirm(ctx: RequestContext) -> Response:
    """POST /auth/confirmation (ConfirmationsController#create): confirm by token, then the auth
    partial and the five session headers; 422 `Invalid token` / `Already confirmed`."""
    params = await ctx.params()
    sent = params.get("confirmation_token")
    if sent is None:
        # `User.find_by(confirmation_token: nil)` matches a user who never had a token (a confirmed
        # one: Devise gives every unconfirmed user a token), so upstream says "Already confirmed"
        user = ctx.store.users.without_confirmation_token()
    else:
        user = ctx.store.users.by_confirmation_token(to_string(sent) or "")
    if user is not None and ctx.store.users.confirm_pending(user):
        return json_response({"data": user_json(ctx.store, user)}, headers=send_auth_headers(ctx.store, user))
    if user is None:
        message = MSG_CONFIRMATION_INVALID_TOKEN
    elif user.confirmed:
        message = MSG_CONFIRMATION_ALREADY_CONFIRMED
    else:
        message = MSG_CONFIRMATION_FAILURE
    return json_response({"message": message, "redirect_url": "/"}, 422)


async def show_confirmation(ctx: RequestContext) -> Response:
    """GET /auth/confirmation (Devise::ConfirmationsController#show, not overridden): a valid token
    confirms and redirects to the sign-in route (`new_session_path`); an invalid one is Devise's
    422: the record's errors as a JSON client gets them from Devise's responder (a browser gets
    Devise's HTML form instead, not modelled)."""
    params = await ctx.params()
    token = to_string(params.get("confirmation_token")) or ""
    user = ctx.store.users.by_confirmation_token(token)
    if user is not None and ctx.store.users.confirm_pending(user):
        return redirect(ctx, "/auth/sign_in")
    if not token:
        error = "can't be blank"
    elif user is None:
        error = "is invalid"
    else:
        error = "was already confirmed, please try signing in"
    key = "email" if user is not None else "confirmation_token"
    return json_response({key: [error]}, 422)


routes = [
    Route("POST", "/auth/sign_in", sign_in, "devise_overrides/sessions.create"),
    Route("GET", "/auth/sign_in", new_session, "devise_overrides/sessions.new"),
    Route("DELETE", "/auth/sign_out", sign_out, "devise_overrides/sessions.destroy"),
    Route("GET", "/auth/validate_token", validate_token, "devise_overrides/token_validations.validate_token"),
    Route("POST", "/auth/password", request_password_reset, "devise_overrides/passwords.create"),
    Route("PUT", "/auth/password", reset_password, "devise_overrides/passwords.update"),
    Route("PATCH", "/auth/password", reset_password, "devise_overrides/passwords.update"),
    Route("POST", "/auth/confirmation", confirm, "devise_overrides/confirmations.create"),
    Route("GET", "/auth/confirmation", show_confirmation, "devise_overrides/confirmations.show"),
]
