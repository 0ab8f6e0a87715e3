"""/api/v1/accounts: signup, show, update, update_active_at, cache_keys.

Source: app/controllers/api/v1/accounts_controller.rb, app/builders/account_builder.rb,
app/policies/account_policy.rb (reference section 4).
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import json_scalar, permit, scalar, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_dta, authenticate_user, member_account, require_administrator
from fakewoot.auth.resolve import api_access_token, send_auth_headers
from fakewoot.errors import (
    MSG_SIGNUP_EXISTING_EMAIL,
    MSG_SIGNUP_INVALID_EMAIL,
    MSG_SIGNUP_INVALID_PARAMS,
    CustomException,
    RouteNotFound,
)
from fakewoot.serializers.accounts import account_json, account_show_json, cache_keys_json
from fakewoot.serializers.users import signup_json
from fakewoot.settings import SIGNUP_API_ONLY, SIGNUP_OFF
from fakewoot.store import validation as v
from fakewoot.store.accounts import (
    AUTO_RESOLVE_AFTER_RANGE,
    CUSTOM_ATTRIBUTE_KEYS,
    REQUIRED_ATTRIBUTES_SETTING,
    SETTING_KEYS,
    Account,
)
from fakewoot.store.locales import LOCALES
from fakewoot.store.users import User

_ABSENT = object()
CACHE_CONTROL = "private, max-age=10, stale-while-revalidate=300"
DOMAIN_MAX = 100


async def create_account(ctx: RequestContext) -> Response:
    """AccountsController#create + AccountBuilder: email checks (403), then the account and the
    user are validated (422) and created together; a signed-in caller gets a new account linked."""
    settings = ctx.fake.settings
    if settings.account_signup == SIGNUP_OFF:
        raise RouteNotFound()
    params = await ctx.params()
    # Signup needs no credentials; a valid session or user token adds an account to that user.
    if api_access_token(ctx.request.headers) is not None:
        user: User | None = authenticate_user(ctx)
    else:
        principal = authenticate_dta(ctx)
        user = None if principal is None else principal.user
    account_name = to_string(params.get("account_name")) or ""
    full_name = to_string(params.get("user_full_name")) or ""
    if v.blank(account_name) and v.blank(full_name):
        raise CustomException(MSG_SIGNUP_INVALID_PARAMS)
    locale = _request_locale(to_string(params.get("locale")))
    store = ctx.store
    signed_in = user is not None
    given = to_string(params.get("email")) or ""
    email = given.strip().lower()  # what Devise saves (case_insensitive_keys, strip_whitespace_keys)
    password = to_string(params.get("password")) or ""
    existing = store.users.by_email(email) if email else None
    if user is None:
        if not v.SIGNUP_EMAIL_RE.match(email):
            raise CustomException(MSG_SIGNUP_INVALID_EMAIL)
        if existing is not None and existing.email == given:
            # validate_user: User.exists?(email: <as given>), a case-sensitive comparison
            raise CustomException(MSG_SIGNUP_EXISTING_EMAIL.format(email=given))
    errors = v.Errors()
    v.check_name(errors, account_name)
    errors.raise_if_any()
    if user is None:
        # the same address in another case or with spaces passes validate_user, then the new
        # record's uniqueness validation fails (the account is rolled back with it)
        if existing is not None:
            errors.add("email", v.MSG_TAKEN)
        v.check_name(errors, full_name, required=False)
        v.check_password(errors, password, password)
        errors.raise_if_any()
    account = store.accounts.create(name=account_name, locale=locale)
    if user is None:
        user = store.users.create(name=full_name, email=email, password=password, confirmed=False)
        store.users.send_confirmation(user)
    store.account_users.add(account_id=account.id, user_id=user.id, role="administrator")
    if not signed_in and settings.account_signup != SIGNUP_API_ONLY:
        # newer web signup: no session until the email is confirmed
        return json_response({"email": user.email})
    if not ctx.response_headers:
        # send_auth_headers: a new devise client and the five headers, unless devise's after_action
        # echoes the caller's own session headers over them
        ctx.response_headers.update(send_auth_headers(store, user))
    return json_response(signup_json(store, user, account.id), headers=ctx.response_headers)


async def show_account(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    account, _ = member_account(ctx, user, ctx.path_params["id"])
    settings = ctx.fake.settings
    body = account_show_json(account, settings.latest_chatwoot_version, settings.mailer_sender_email)
    return json_response(body, headers=ctx.response_headers)


async def update_account(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    account, member = member_account(ctx, user, ctx.path_params["id"])
    require_administrator(member)
    params = await ctx.params()
    columns, custom, settings = _account_changes(params)
    _validate(account, columns, settings)
    ctx.store.accounts.update(account, columns=columns, custom_attributes=custom, settings=settings)
    body = account_json(account, ctx.fake.settings.mailer_sender_email)
    return json_response(body, headers=ctx.response_headers)


async def update_active_at(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    _, member = member_account(ctx, user, ctx.path_params["id"])
    ctx.store.account_users.set_active(member)
    return _head(ctx)


async def cache_keys(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    account, _ = member_account(ctx, user, ctx.path_params["id"])
    headers = {**ctx.response_headers, "cache-control": CACHE_CONTROL}
    return json_response({"cache_keys": cache_keys_json(account)}, headers=headers)


def _request_locale(value: str | None) -> str:
    """SwitchLocale#set_locale: the locale if available, else its language part (pt_XX -> pt),
    else en; signup creates the account with I18n.locale."""
    if not value:
        return "en"
    if value in LOCALES:
        return value
    language = value.split("_")[0]
    return language if language in LOCALES else "en"


def _head(ctx: RequestContext) -> Response:
    return head_ok(ctx.response_headers)


def _account_changes(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Permitted params: columns, custom_attributes (merged) and settings (merged)."""
    raw = permit(params, "name", "locale", "domain", "support_email")
    columns = {key: to_string(value) for key, value in raw.items()}
    custom = {key: json_scalar(value) for key, value in permit(params, *CUSTOM_ATTRIBUTE_KEYS).items()}
    settings: dict[str, Any] = {}
    for key, value in permit(params, *SETTING_KEYS).items():
        if key == "auto_resolve_after":
            settings[key] = _minutes(value)
        elif key in ("auto_resolve_ignore_waiting", "audio_transcriptions"):
            settings[key] = to_bool(value)
        else:
            settings[key] = json_scalar(value)
    required = params.get(REQUIRED_ATTRIBUTES_SETTING, _ABSENT)
    if required is None or (isinstance(required, list) and all(scalar(item) is item for item in required)):
        # `permit(key: [])`: nil or an array of scalars passes, anything else is dropped
        settings[REQUIRED_ATTRIBUTES_SETTING] = required
    return columns, custom, settings


def _minutes(value: Any) -> Any:
    """auto_resolve_after: blank is nil, an integer or integer string is cast, anything else kept
    as sent so that validation refuses it."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return to_int(value)
    return value


def _validate(account: Account, columns: dict[str, Any], settings: dict[str, Any]) -> None:
    errors = v.Errors()
    if "name" in columns:
        v.check_name(errors, columns["name"])
    if "locale" in columns and columns["locale"] not in LOCALES:
        errors.add("locale", v.MSG_INCLUSION)
    domain = columns.get("domain")
    if domain is not None and len(domain) > DOMAIN_MAX:
        errors.add("domain", v.MSG_TOO_LONG, count=DOMAIN_MAX)
    if "auto_resolve_after" in settings:
        value = settings["auto_resolve_after"]
        low, high = AUTO_RESOLVE_AFTER_RANGE
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            errors.pairs.append(("auto_resolve_after", v.MSG_AUTO_RESOLVE_TYPE))
        elif value is not None and value < low:
            errors.pairs.append(("auto_resolve_after", v.MSG_AUTO_RESOLVE_MIN.format(low=low)))
        elif value is not None and value > high:
            errors.pairs.append(("auto_resolve_after", v.MSG_AUTO_RESOLVE_MAX.format(high=high)))
    for index, item in enumerate(settings.get(REQUIRED_ATTRIBUTES_SETTING) or []):
        if not isinstance(item, str):
            # JsonSchemaValidator: the data pointer is the attribute, "must be of type string"
            attr = f"{REQUIRED_ATTRIBUTES_SETTING}/{index}"
            errors.pairs.append((attr, f"{v.human(attr)} must be of type string"))
    errors.raise_if_any()


routes = [
    Route("POST", "/api/v1/accounts", create_account, "accounts.create"),
    Route("GET", "/api/v1/accounts/{id:int}", show_account, "accounts.show"),
    Route("PUT", "/api/v1/accounts/{id:int}", update_account, "accounts.update"),
    Route("PATCH", "/api/v1/accounts/{id:int}", update_account, "accounts.update"),
    Route(
        "POST", "/api/v1/accounts/{id:int}/update_active_at", update_active_at, "accounts.update_active_at"
    ),
    Route("GET", "/api/v1/accounts/{id:int}/cache_keys", cache_keys, "accounts.cache_keys"),
]
