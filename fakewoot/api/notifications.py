"""/api/v1/accounts/:account_id/notifications and .../notification_settings.

Source at v4.10: app/controllers/api/v1/accounts/notifications_controller.rb,
notification_settings_controller.rb, app/finders/notification_finder.rb, their views, and
config/routes.rb (notifications: index, update, destroy; collection read_all, unread_count,
destroy_all; member snooze, unread; a singular notification_settings: show, update). Every member
(agent or administrator) reaches their own notifications; there is no policy. A notification is
found among all of the caller's notifications (`current_user.notifications.find`: any account),
404 otherwise. update/unread/snooze render the record's as_json; read_all, destroy and destroy_all
answer 200 with an empty body; unread_count renders a bare integer.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import CouldNotCreate, ParameterMissing
from fakewoot.serializers.notifications import (
    notification_record_json,
    notification_settings_json,
    notifications_index_json,
)
from fakewoot.store import ranges
from fakewoot.store.notifications import PRIMARY_ACTORS, Notification

# ActiveRecord's ArgumentError for order(last_activity_at: <bad direction>) (a 500 upstream)
VALID_DIRECTIONS = ("asc", "desc", "ASC", "DESC")
MSG_BAD_DIRECTION = (
    'Direction "{value}" is invalid. Valid directions are: '
    '[:asc, :desc, :ASC, :DESC, "asc", "desc", "ASC", "DESC"]'
)
MSG_INVALID_DATE = "invalid date"  # DateTime.strptime(value, '%s') refusing (a 500 upstream)


def _notification(ctx: RequestContext, user_id: int) -> Notification:
    return find_or_404(ctx.store.notifications.find(user_id, ctx.path_params["id"]))


def _record(ctx: RequestContext, notification: Notification) -> Response:
    return json_response(notification_record_json(notification), headers=ctx.response_headers)


def _descending(value: Any) -> bool:
    """`params[:sort_order] || :desc` handed to order()."""
    if value is None:
        return True
    if not isinstance(value, str) or value not in VALID_DIRECTIONS:
        raise CouldNotCreate(MSG_BAD_DIRECTION.format(value=value))
    return value.lower() == "desc"


def _includes(value: Any) -> Any:
    """`(params[:includes] || []).include?`: an Integer has no include? (a 500 upstream)."""
    if value is None or isinstance(value, (str, list, dict)):
        return value
    raise CouldNotCreate(f"undefined method 'include?' for {value!r}")


async def list_notifications(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    ctx.store.notifications.run_schedule()
    raw_page = params.get("page")
    page = 1 if raw_page is None or isinstance(raw_page, (dict, list)) else (to_int(raw_page) or 1)
    found = ctx.store.notifications.page(
        member.user_id,
        account.id,
        includes=_includes(params.get("includes")),
        page=page,
        descending=_descending(params.get("sort_order")),
    )
    rows = []
    for notification in found.rows:
        conversation = ctx.store.notifications.conversation(notification)
        if conversation is not None:
            rows.append((notification, conversation))
    current_page = 1 if raw_page is None else raw_page
    body = notifications_index_json(ctx.store, rows, found.unread_count, found.count, current_page)
    return json_response(body, headers=ctx.response_headers)


async def unread_count(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    ctx.store.notifications.run_schedule()
    includes = _includes(params.get("includes"))
    count = ctx.store.notifications.unread_count(member.user_id, account.id, includes)
    return json_response(count, headers=ctx.response_headers)


async def read_all(ctx: RequestContext) -> Response:
    """set_primary_actor: a known type and a conversation found by its database id (any account);
    without one every unread notification of the account is read."""
    account, member = account_member(ctx)
    params = await ctx.params()
    conversation_id: int | None = None
    actor_type = params.get("primary_actor_type")
    if isinstance(actor_type, str) and actor_type in PRIMARY_ACTORS:
        wanted = to_int(params.get("primary_actor_id"))
        for other in ctx.store.state.accounts.values():
            if wanted is not None and wanted in other.conversations:
                conversation_id = wanted
                break
    ctx.store.notifications.read_all(member.user_id, account.id, conversation_id)
    return head_ok(ctx.response_headers)


async def update_notification(ctx: RequestContext) -> Response:
    """update(read_at: now), whatever the body says."""
    _, member = account_member(ctx)
    notification = _notification(ctx, member.user_id)
    ctx.store.notifications.mark_read(notification, member.user_id)
    return _record(ctx, notification)


async def unread_notification(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    notification = _notification(ctx, member.user_id)
    ctx.store.notifications.mark_unread(notification, member.user_id)
    return _record(ctx, notification)


def parse_unix_seconds(value: Any) -> float:
    """DateRangeHelper#parse_date_time(value.to_s): DateTime.strptime(_, '%s') reads an optional
    '-' and digits and ignores what follows; no digits is `invalid date`."""
    if isinstance(value, (bool, dict, list)):
        raise CouldNotCreate(MSG_INVALID_DATE)
    text = repr(value) if isinstance(value, float) else str(value)
    sign = -1 if text.startswith("-") else 1
    digits = ""
    for char in text[1:] if sign < 0 else text:
        if not char.isdigit() or not char.isascii():
            break
        digits += char
    if not digits:
        raise CouldNotCreate(MSG_INVALID_DATE)
    seconds = float(sign * int(digits))
    ranges.refuse_time("snoozed_until", seconds)
    return seconds


async def snooze_notification(ctx: RequestContext) -> Response:
    """`if params[:snoozed_until]`: snoozed_until and meta.last_snoozed_at = nil; else unchanged."""
    _, member = account_member(ctx)
    notification = _notification(ctx, member.user_id)
    raw = (await ctx.params()).get("snoozed_until")
    if raw is not None and raw is not False:  # Ruby's truthiness: nil and false skip
        ctx.store.notifications.snooze(notification, parse_unix_seconds(raw), member.user_id)
    return _record(ctx, notification)


async def delete_notification(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    ctx.store.notifications.delete(_notification(ctx, member.user_id), member.user_id)
    return head_ok(ctx.response_headers)


async def delete_all_notifications(ctx: RequestContext) -> Response:
    """Notification::DeleteNotificationJob (after the response): `type=read` only the read ones,
    anything else all; the user's notifications in every account."""
    _, member = account_member(ctx)
    read_only = (await ctx.params()).get("type") == "read"
    store, user_id = ctx.store, member.user_id
    ctx.fake.jobs.enqueue(lambda: store.notifications.delete_all(user_id, read_only=read_only))
    return head_ok(ctx.response_headers)


# --- notification settings ----------------------------------------------------------------------


def _flags(raw: dict[str, Any], key: str) -> list[object] | None:
    """permit(<key>: []): an array of scalars, else not permitted (nil)."""
    value = raw.get(key)
    if not isinstance(value, list) or any(isinstance(item, (dict, list)) for item in value):
        return None
    return list(value)


async def show_notification_settings(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    setting = ctx.store.notification_settings.create(account.id, member.user_id)
    return json_response(notification_settings_json(setting), headers=ctx.response_headers)


async def update_notification_settings(ctx: RequestContext) -> Response:
    """params.require(:notification_settings).permit(selected_email_flags: [], selected_push_flags: []);
    both columns are assigned (a missing list clears its column)."""
    account, member = account_member(ctx)
    setting = ctx.store.notification_settings.create(account.id, member.user_id)
    raw = (await ctx.params()).get("notification_settings")
    if not isinstance(raw, dict) or not raw:  # the wrapper key would be notification_setting
        raise ParameterMissing("notification_settings")
    email, push = _flags(raw, "selected_email_flags"), _flags(raw, "selected_push_flags")
    ctx.store.notification_settings.update(setting, email, push)
    return json_response(notification_settings_json(setting), headers=ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/notifications"
_ONE = _BASE + "/{id:int}"
_SETTINGS = "/api/v1/accounts/{account_id:int}/notification_settings"
routes = [
    Route("GET", _BASE, list_notifications, "notifications.index"),
    Route("POST", _BASE + "/read_all", read_all, "notifications.read_all"),
    Route("GET", _BASE + "/unread_count", unread_count, "notifications.unread_count"),
    Route("POST", _BASE + "/destroy_all", delete_all_notifications, "notifications.destroy_all"),
    Route("PATCH", _ONE, update_notification, "notifications.update"),
    Route("PUT", _ONE, update_notification, "notifications.update"),
    Route("DELETE", _ONE, delete_notification, "notifications.destroy"),
    Route("POST", _ONE + "/snooze", snooze_notification, "notifications.snooze"),
    Route("POST", _ONE + "/unread", unread_notification, "notifications.unread"),
    Route("GET", _SETTINGS, show_notification_settings, "notification_settings.show"),
    Route("PATCH", _SETTINGS, update_notification_settings, "notification_settings.update"),
    Route("PUT", _SETTINGS, update_notification_settings, "notification_settings.update"),
]
