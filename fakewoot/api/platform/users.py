"""/platform/api/v1/users: create, show, update, delete, login (SSO URL), token.

Source: app/controllers/platform/api/v1/users_controller.rb, app/controllers/platform_controller.rb,
app/models/concerns/sso_authenticatable.rb (reference section 8). Bodies are flat.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, to_string
from fakewoot.api.platform.guards import permissible
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_platform
from fakewoot.serializers.platform import platform_token_json, platform_user_json
from fakewoot.store import validation as v
from fakewoot.store.users import User


def _user(ctx: RequestContext) -> User:
    """set_resource (User.find: Rails' 404) then validate_platform_app_permissible (401)."""
    app = authenticate_platform(ctx)
    return permissible(ctx, app, "User", ctx.store.users.get(ctx.path_params["id"] or 0))


def _fields(params: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        k: to_string(x) for k, x in permit(params, "name", "display_name", "email").items()
    }
    password = permit(params, "password").get("password")
    if password is not None:
        fields["password"] = to_string(password)
    custom = permit_hash(params, "custom_attributes")
    if custom is not None:
        fields["custom_attributes"] = custom
    return fields


async def create_user(ctx: RequestContext) -> Response:
    app = authenticate_platform(ctx)
    fields = _fields(await ctx.params())
    store = ctx.store
    raw = (fields.get("email") or "").lower()
    email = raw.strip()
    # User.from_email downcases without stripping; a new user's email is stripped by Devise, so a
    # padded existing address is "already taken" rather than found
    user = store.users.by_email(raw) if raw and raw == email else None
    if user is None:
        errors = v.Errors()
        v.check_name(errors, fields.get("name"), required=False)
        v.check_name(errors, fields.get("display_name"), "display_name", required=False)
        v.check_email(errors, email, taken=bool(email) and store.users.by_email(email) is not None)
        v.check_password(errors, fields.get("password"))
        errors.raise_if_any()
        user = store.users.create(
            name=fields.get("name") or "",
            email=email,
            password=fields["password"],
            display_name=fields.get("display_name"),
            custom_attributes=fields.get("custom_attributes"),
        )
    else:
        store.users.confirm(user)  # skip_confirmation! then save!: the existing user is otherwise unchanged
    store.platform_apps.permit(app, "User", user.id)
    return json_response(platform_user_json(store, user))


async def show_user(ctx: RequestContext) -> Response:
    user = _user(ctx)
    return json_response(platform_user_json(ctx.store, user))


async def update_user(ctx: RequestContext) -> Response:
    user = _user(ctx)
    fields = _fields(await ctx.params())
    store = ctx.store
    errors = v.Errors()
    if "name" in fields:
        v.check_name(errors, fields["name"], required=False)
    if "display_name" in fields:
        v.check_name(errors, fields["display_name"], "display_name", required=False)
    email = fields.pop("email", None)
    if email is not None:
        email = email.strip().lower()
        other = store.users.by_email(email) if email else None
        if email != user.email:
            v.check_email(errors, email, taken=other is not None and other.id != user.id)
    password = fields.pop("password", None)
    if password:
        v.check_password(errors, password)
    errors.raise_if_any()
    if "custom_attributes" in fields:
        fields["custom_attributes"] = {**user.custom_attributes, **fields["custom_attributes"]}
    if email is not None and email != user.email:
        store.users.change_email(user, email)  # skip_reconfirmation!: applied at once
    if password:
        store.users.set_password(user, password)
    store.users.update(user, **fields)
    return json_response(platform_user_json(store, user))


async def delete_user(ctx: RequestContext) -> Response:
    user = _user(ctx)
    ctx.store.users.delete(user)
    return head_ok()


async def login_url(ctx: RequestContext) -> Response:
    user = _user(ctx)
    token = ctx.store.users.issue_sso_token(user)
    base = (ctx.fake.settings.frontend_url or str(ctx.request.base_url)).rstrip("/")
    return json_response(
        {"url": f"{base}/app/login?email={quote(user.email, safe='')}&sso_auth_token={token}"}
    )


async def user_token(ctx: RequestContext) -> Response:
    user = _user(ctx)
    return json_response(platform_token_json(ctx.store, user))


routes = [
    Route("POST", "/platform/api/v1/users", create_user, "platform/api/v1/users.create"),
    Route("GET", "/platform/api/v1/users/{id:int}", show_user, "platform/api/v1/users.show"),
    Route("PUT", "/platform/api/v1/users/{id:int}", update_user, "platform/api/v1/users.update"),
    Route("PATCH", "/platform/api/v1/users/{id:int}", update_user, "platform/api/v1/users.update"),
    Route("DELETE", "/platform/api/v1/users/{id:int}", delete_user, "platform/api/v1/users.destroy"),
    Route("GET", "/platform/api/v1/users/{id:int}/login", login_url, "platform/api/v1/users.login"),
    Route("POST", "/platform/api/v1/users/{id:int}/token", user_token, "platform/api/v1/users.token"),
]
