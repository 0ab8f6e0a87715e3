"""/api/v1/profile: the signed-in user's own record.

Source: app/controllers/api/v1/profiles_controller.rb (reference section 6). Params live under
`profile`; a flat JSON body is wrapped there as Rails' wrap_parameters does.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.attachments import avatar_url, purge_attached
from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_user
from fakewoot.auth.messages import MSG_MFA_FEATURE_UNAVAILABLE
from fakewoot.errors import MSG_INVALID_CURRENT_PASSWORD, CouldNotCreate, NotFound
from fakewoot.serializers.users import user_json
from fakewoot.store import validation as v
from fakewoot.store.account_users import AVAILABILITIES, AccountUser
from fakewoot.store.users import User, check_password

_TEXT_FIELDS = ("name", "display_name", "message_signature")


def _user_response(ctx: RequestContext, user: User) -> Response:
    return json_response(user_json(ctx.store, user), headers=ctx.response_headers)


def _empty(ctx: RequestContext) -> Response:
    return head_ok(ctx.response_headers)


async def show_profile(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    return _user_response(ctx, user)


async def update_profile(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    profile = await ctx.require("profile")
    store = ctx.store
    passwords = {
        key: to_string(value)
        for key, value in permit(profile, "current_password", "password", "password_confirmation").items()
    }
    if passwords.get("password"):
        if not check_password(user, passwords.get("current_password") or ""):
            raise CouldNotCreate(MSG_INVALID_CURRENT_PASSWORD)
        errors = v.Errors()
        v.check_password(errors, passwords["password"], passwords.get("password_confirmation"))
        errors.raise_if_any()
        # `@user.update!(password_params)` saves the password before the profile is assigned and
        # validated: a 422 for the profile fields below keeps the new password
        store.users.set_password(user, passwords["password"] or "")
    changes, email = _profile_changes(ctx, user, profile)
    if email is not None:
        store.users.request_email_change(user, email)
        store.users.send_confirmation(user)
    store.users.update(user, **changes)
    return _user_response(ctx, user)


def _profile_changes(
    ctx: RequestContext, user: User, profile: dict[str, Any]
) -> tuple[dict[str, Any], str | None]:
    """Validate every permitted field before anything changes; return (changes, new email)."""
    changes: dict[str, Any] = {key: to_string(value) for key, value in permit(profile, *_TEXT_FIELDS).items()}
    errors = v.Errors()
    if "name" in changes:
        v.check_name(errors, changes["name"], required=False)
    if "display_name" in changes:
        v.check_name(errors, changes["display_name"], "display_name", required=False)
    signature = changes.get("message_signature")
    if signature is not None and len(signature) > v.MESSAGE_SIGNATURE_MAX:
        errors.add("message_signature", v.MSG_TOO_LONG, count=v.MESSAGE_SIGNATURE_MAX)
    email = None
    raw_email = permit(profile, "email").get("email")
    if "email" in permit(profile, "email"):
        candidate = (to_string(raw_email) or "").strip().lower()
        if candidate != user.email:
            other = ctx.store.users.by_email(candidate) if candidate else None
            v.check_email(errors, candidate, taken=other is not None and other.id != user.id)
            email = candidate
    errors.raise_if_any()
    ui_settings = permit_hash(profile, "ui_settings")
    if ui_settings is not None:
        changes["ui_settings"] = ui_settings
    avatar = profile.get("avatar")
    if isinstance(avatar, UploadFile):
        # has_one_attached :avatar: the user's avatar_url is the new blob's representation
        changes["avatar_url"] = avatar_url(ctx, avatar)
    phone = permit(profile, "phone_number")
    if phone:
        changes["custom_attributes"] = {
            **user.custom_attributes,
            "phone_number": to_string(phone["phone_number"]),
        }
    return changes, email


async def delete_avatar(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    if user.avatar_url:
        purge_attached(ctx, user.avatar_url, later=True)  # attachment.destroy!: purge_later
        ctx.store.users.update(user, avatar_url="")
    return _user_response(ctx, user)


def _membership(ctx: RequestContext, user: User, profile: dict[str, Any]) -> AccountUser:
    """current_user.account_users.find_by!(account_id: ...) -> 404 when absent."""
    member = ctx.store.account_users.find(to_int(profile.get("account_id")) or 0, user.id)
    if member is None:
        raise NotFound()
    return member


async def set_availability(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    profile = await ctx.require("profile")
    member = _membership(ctx, user, profile)
    availability = to_string(permit(profile, "availability").get("availability"))
    if availability not in AVAILABILITIES:
        v.invalid("availability", v.MSG_INCLUSION)
    ctx.store.account_users.set_availability(member, availability)  # type: ignore[arg-type]
    return _user_response(ctx, user)


async def set_auto_offline(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    profile = await ctx.require("profile")
    member = _membership(ctx, user, profile)
    auto_offline = to_bool(permit(profile, "auto_offline").get("auto_offline"))
    ctx.store.account_users.set_auto_offline(member, bool(auto_offline))
    return _user_response(ctx, user)


async def set_active_account(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    profile = await ctx.require("profile")
    member = _membership(ctx, user, profile)
    ctx.store.account_users.set_active(member)
    return _empty(ctx)


async def resend_confirmation(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    if not user.confirmed:
        ctx.store.users.send_confirmation(user)
    return _empty(ctx)


async def reset_access_token(ctx: RequestContext) -> Response:
    user = authenticate_user(ctx)
    ctx.store.access_tokens.regenerate("User", user.id)
    return _user_response(ctx, user)


async def mfa_unavailable(ctx: RequestContext) -> Response:
    """Api::V1::Profile::MfaController#check_mfa_feature_available: fakewoot is an installation
    without Active Record encryption keys, so Chatwoot.mfa_enabled? is false for every action."""
    authenticate_user(ctx)
    return json_response({"error": MSG_MFA_FEATURE_UNAVAILABLE}, 403, headers=ctx.response_headers)


_MFA = "/api/v1/profile/mfa"

routes = [
    Route("GET", "/api/v1/profile", show_profile, "profiles.show"),
    Route("PUT", "/api/v1/profile", update_profile, "profiles.update"),
    Route("PATCH", "/api/v1/profile", update_profile, "profiles.update"),
    Route("DELETE", "/api/v1/profile/avatar", delete_avatar, "profiles.avatar"),
    Route("POST", "/api/v1/profile/availability", set_availability, "profiles.availability"),
    Route("POST", "/api/v1/profile/auto_offline", set_auto_offline, "profiles.auto_offline"),
    Route("PUT", "/api/v1/profile/set_active_account", set_active_account, "profiles.set_active_account"),
    Route("POST", "/api/v1/profile/resend_confirmation", resend_confirmation, "profiles.resend_confirmation"),
    Route("POST", "/api/v1/profile/reset_access_token", reset_access_token, "profiles.reset_access_token"),
    Route("GET", _MFA, mfa_unavailable, "profile/mfa.show"),
    Route("POST", _MFA, mfa_unavailable, "profile/mfa.create"),
    Route("DELETE", _MFA, mfa_unavailable, "profile/mfa.destroy"),
    Route("POST", _MFA + "/verify", mfa_unavailable, "profile/mfa.verify"),
    Route("POST", _MFA + "/backup_codes", mfa_unavailable, "profile/mfa.backup_codes"),
]
