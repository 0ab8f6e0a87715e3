"""/api/v1/accounts/:account_id/inboxes: index, show, create (API, web widget, email channels),
update, destroy; the inbox's agent bot (GET .../agent_bot, POST .../set_agent_bot) and an API inbox's
signing secret (POST .../reset_secret, newest upstream).

Source: app/controllers/api/v1/accounts/inboxes_controller.rb, app/policies/inbox_policy.rb,
app/models/inbox.rb (reference inboxes-conversations-messages.md 2, webhooks-bots.md 4.3 and 5).
Administrators see every inbox, agents their member inboxes; writes are for administrators. The
controller fetches the inbox (404, then InboxPolicy#show? 401) and, for set_agent_bot, the bot (404)
before the action's policy check.
"""

from __future__ import annotations

import copy
import functools
import zoneinfo
from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.attachments import avatar_url, purge_attached
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, NotFound, Unauthorized
from fakewoot.serializers.agent_bots import agent_bot_json
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.campaigns import campaign_json
from fakewoot.serializers.inboxes import inbox_json
from fakewoot.store import ranges
from fakewoot.store import validation as v
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.agent_bots import AgentBot
from fakewoot.store.inboxes import CHANNEL_TYPES, DEFAULT_PRE_CHAT_OPTIONS, INBOX_SETTINGS, Inbox
from fakewoot.store.webhooks import TEXT_LENGTH_LIMIT, URL_LENGTH_LIMIT

MSG_DELETED = "Your inbox deletion request will be processed in some time."
MSG_REPLY_WINDOW = "Agent reply time window agent_reply_time_window must be greater than 0"
MESSAGE_MAX_LENGTH = 10_000  # Limits::OUT_OF_OFFICE_MESSAGE_MAX_LENGTH, GREETING_MESSAGE_MAX_LENGTH
MSG_INBOX_LIMIT = "Account limit exceeded. Upgrade to a higher plan"
MSG_TEMPLATE_SYNC_WHATSAPP_ONLY = "Template sync is only available for WhatsApp channels"
MSG_HEALTH_WHATSAPP_CLOUD_ONLY = "Health data only available for WhatsApp Cloud API channels"
_BOOLEANS = {k for k, value in INBOX_SETTINGS.items() if isinstance(value, bool)}
CHANNEL_ATTRS = {
    "Channel::Api": ("webhook_url", "hmac_mandatory", "additional_attributes"),
    "Channel::WebWidget": (
        "website_url",
        "widget_color",
        "welcome_title",
        "welcome_tagline",
        "reply_time",
        "pre_chat_form_enabled",
        "continuity_via_email",
        "hmac_mandatory",
        "allowed_domains",
        "pre_chat_form_options",
        "selected_feature_flags",
    ),
    "Channel::Email": (  # Channel::Email::EDITABLE_ATTRS
        "email",
        "imap_enabled",
        "imap_login",
        "imap_password",
        "imap_address",
        "imap_port",
        "imap_enable_ssl",
        "smtp_enabled",
        "smtp_login",
        "smtp_password",
        "smtp_address",
        "smtp_port",
        "smtp_domain",
        "smtp_enable_starttls_auto",
        "smtp_enable_ssl_tls",
        "smtp_openssl_verify_mode",
        "smtp_authentication",
        "provider",
        "verified_for_sending",
    ),
}
_CHANNEL_BOOLEANS = {
    "hmac_mandatory",
    "pre_chat_form_enabled",
    "continuity_via_email",
    "imap_enabled",
    "imap_enable_ssl",
    "smtp_enabled",
    "smtp_enable_starttls_auto",
    "smtp_enable_ssl_tls",
    "verified_for_sending",
}
_CHANNEL_INTEGERS = {"imap_port", "smtp_port"}
# the editable string (255) and text (20 000) columns of each channel table (db/schema.rb)
_CHANNEL_COLUMN_LIMITS: dict[str, tuple[tuple[str, int], ...]] = {
    "Channel::WebWidget": (
        ("website_url", v.NAME_MAX),
        ("widget_color", v.NAME_MAX),
        ("welcome_title", v.NAME_MAX),
        ("welcome_tagline", v.NAME_MAX),
        ("allowed_domains", TEXT_LENGTH_LIMIT),
    ),
    "Channel::Email": tuple(
        (key, v.NAME_MAX)
        for key in (
            "email",
            "imap_address",
            "imap_login",
            "imap_password",
            "provider",
            "smtp_address",
            "smtp_authentication",
            "smtp_domain",
            "smtp_login",
            "smtp_openssl_verify_mode",
            "smtp_password",
        )
    ),
}
# OutOfOffisable::OFFISABLE_ATTRS and their column types
_WORKING_HOUR_INTS = ("day_of_week", "open_hour", "open_minutes", "close_hour", "close_minutes")
_WORKING_HOUR_BOOLS = ("closed_all_day", "open_all_day")
# inbox_attributes' csat_config: [:display_type, :message, :button_text, :language,
#   {survey_rules: [:operator, {values: []}], template: [...]}]
_CSAT_SCALARS = ("display_type", "message", "button_text", "language")
_CSAT_TEMPLATE = (
    "name",
    "template_id",
    "friendly_name",
    "content_sid",
    "approval_sid",
    "created_at",
    "language",
    "status",
)
_CHANNEL_OBJECTS = {"additional_attributes", "pre_chat_form_options"}
_PRE_CHAT_FIELD_KEYS = (
    "field_type",
    "label",
    "placeholder",
    "name",
    "enabled",
    "type",
    "required",
    "locale",
    "regex_pattern",
    "regex_cue",
)
REPLY_TIMES = ("in_a_few_minutes", "in_a_few_hours", "in_a_day")


def _respond(ctx: RequestContext, inbox: Inbox, member: AccountUser) -> Response:
    base = str(ctx.request.base_url).rstrip("/")
    return json_response(
        inbox_json(ctx.store, inbox, member.administrator, base), headers=ctx.response_headers
    )


def _settings(params: dict[str, Any]) -> dict[str, Any]:
    raw = permit(params, *[k for k in INBOX_SETTINGS if k not in ("csat_config", "auto_assignment_config")])
    settings: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _BOOLEANS:
            settings[key] = to_bool(value)
        elif value == "null":
            settings[key] = None
        else:
            settings[key] = to_int(value) if key == "portal_id" else to_string(value)
    csat = _permitted_csat(params.get("csat_config"))
    if csat is not None:
        settings["csat_config"] = csat
    return settings


def _permitted_csat(value: Any) -> dict[str, Any] | None:
    """csat_config as `permit` leaves it (only the listed keys; hashes and arrays where declared)."""
    if not isinstance(value, dict):
        return None
    config: dict[str, Any] = permit(value, *_CSAT_SCALARS)
    rules = value.get("survey_rules")
    if isinstance(rules, dict):
        kept: dict[str, Any] = permit(rules, "operator")
        if isinstance(rules.get("values"), list):
            kept["values"] = [x for x in rules["values"] if not isinstance(x, (dict, list))]
        config["survey_rules"] = kept
    template = value.get("template")
    if isinstance(template, dict):
        config["template"] = permit(template, *_CSAT_TEMPLATE)
    return config


def _formatted_csat(config: dict[str, Any]) -> dict[str, Any]:
    """InboxesController#format_csat_config (update only): defaults for the missing keys; the
    template only when present."""
    rules = config.get("survey_rules") or {}
    formatted: dict[str, Any] = {
        "display_type": config.get("display_type") or "emoji",
        "message": config.get("message") or "",
        "survey_rules": {
            "operator": rules.get("operator") or "contains",
            "values": rules.get("values") or [],
        },
        "button_text": config.get("button_text") or "Please rate us",
        "language": config.get("language") or "en",
    }
    if config.get("template"):
        formatted["template"] = config["template"]
    return formatted


def _working_hours(value: Any) -> list[dict[str, Any]] | None:
    """params.permit(working_hours: OFFISABLE_ATTRS)[:working_hours], cast to the columns' types
    (a form sends every value as a string)."""
    if not isinstance(value, list):
        return None
    hours: list[dict[str, Any]] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        raw = permit(item, *_WORKING_HOUR_INTS, *_WORKING_HOUR_BOOLS)
        hours.append({k: to_int(x) if k in _WORKING_HOUR_INTS else to_bool(x) for k, x in raw.items()})
    return hours


def _channel(params: dict[str, Any], channel_type: str) -> dict[str, Any]:
    raw = permit_hash(params, "channel") or {}
    values: dict[str, Any] = {}
    for key in CHANNEL_ATTRS.get(channel_type, ()):
        if key not in raw:
            continue
        value = raw[key]
        if key in _CHANNEL_BOOLEANS:
            values[key] = bool(to_bool(value))
        elif key in _CHANNEL_INTEGERS:
            if not isinstance(value, (dict, list)):
                values[key] = to_int(value)
        elif key == "pre_chat_form_options":
            if isinstance(value, dict):
                values[key] = _pre_chat_options(value)
        elif key in _CHANNEL_OBJECTS:
            if isinstance(value, dict):
                values[key] = value
        elif key == "selected_feature_flags":
            if isinstance(value, list):
                values[key] = [str(x) for x in value]
        elif not isinstance(value, (dict, list)):
            values[key] = to_string(value)
    return values


def _pre_chat_options(value: dict[str, Any]) -> dict[str, Any]:
    """The permitted pre_chat_form_options ([:pre_chat_message, :require_email, {pre_chat_fields:
    [...]}]); Channel::WebWidget#validate_pre_chat_options then puts the default form back whole
    when no pre_chat_fields are left."""
    options: dict[str, Any] = permit(value, "pre_chat_message", "require_email")
    fields = value.get("pre_chat_fields")
    if isinstance(fields, list):
        kept = []
        for field in fields:
            if isinstance(field, dict):
                item: dict[str, Any] = permit(field, *_PRE_CHAT_FIELD_KEYS)
                if isinstance(field.get("values"), list):
                    item["values"] = [x for x in field["values"] if not isinstance(x, (dict, list))]
                kept.append(item)
        options["pre_chat_fields"] = kept
    if not options.get("pre_chat_fields"):
        return copy.deepcopy(DEFAULT_PRE_CHAT_OPTIONS)
    return options


def _validate(
    name: str | None,
    channel_type: str | None,
    channel: dict[str, Any],
    settings: dict[str, Any],
    hours: list[dict[str, Any]] | None = None,
) -> None:
    errors = v.Errors()
    # ApplicationRecord#validates_column_content_length (before_validation, so first): string
    # columns 255 characters, text 20 000, unless the model has its own length validation
    if name is not None and len(name) > v.NAME_MAX:
        errors.add("name", v.MSG_TOO_LONG, count=v.NAME_MAX)
    business = settings.get("business_name")
    if isinstance(business, str) and len(business) > v.NAME_MAX:
        errors.add("business_name", v.MSG_TOO_LONG, count=v.NAME_MAX)
    for key, limit in _CHANNEL_COLUMN_LIMITS.get(channel_type or "", ()):
        value = channel.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors.add(key, v.MSG_TOO_LONG, count=limit)
    if channel_type is None:
        errors.add("channel", v.MSG_MUST_EXIST)
    if v.blank(name):
        errors.add("name", v.MSG_BLANK)
    zones = _time_zones()
    if "timezone" in settings and zones and settings["timezone"] not in zones:
        errors.add("timezone", v.MSG_INCLUSION)
    for key in ("out_of_office_message", "greeting_message"):  # Limits::*_MAX_LENGTH
        text = settings.get(key)
        if isinstance(text, str) and len(text) > MESSAGE_MAX_LENGTH:
            errors.add(key, v.MSG_TOO_LONG, count=MESSAGE_MAX_LENGTH)
    if channel_type == "Channel::WebWidget":
        if "website_url" in channel and v.blank(channel["website_url"]):
            errors.add("website_url", v.MSG_BLANK)
        if "widget_color" in channel and v.blank(channel["widget_color"]):
            errors.add("widget_color", v.MSG_BLANK)
        if "reply_time" in channel and channel["reply_time"] not in REPLY_TIMES:
            errors.add("reply_time", v.MSG_INCLUSION)
    if "sender_name_type" in settings and settings["sender_name_type"] not in ("friendly", "professional"):
        errors.add("sender_name_type", v.MSG_INCLUSION)
    url = channel.get("webhook_url")
    if channel_type == "Channel::Api" and isinstance(url, str) and len(url) > URL_LENGTH_LIMIT:
        errors.add("webhook_url", v.MSG_TOO_LONG, count=URL_LENGTH_LIMIT)
    window = (channel.get("additional_attributes") or {}).get("agent_reply_time_window")
    if channel_type == "Channel::Api" and not v.blank(window) and not (to_int(window) or 0) > 0:
        errors.pairs.append(("agent_reply_time_window", MSG_REPLY_WINDOW))
    # integer columns: a value PostgreSQL cannot hold is a 500 upstream, a 422 here (store/ranges.py)
    ranges.check_int(errors, "portal_id", settings.get("portal_id"), bigint=True)
    for key in sorted(_CHANNEL_INTEGERS):
        ranges.check_int(errors, key, channel.get(key))
    for day in hours or []:
        for key in _WORKING_HOUR_INTS:
            ranges.check_int(errors, key, day.get(key))
    errors.raise_if_any()


@functools.cache
def _time_zones() -> frozenset[str]:
    """TZInfo::Timezone.all_identifiers, as the system's tz database knows them (empty without one:
    then no timezone is refused)."""
    return frozenset(zoneinfo.available_timezones())


def _email_taken(ctx: RequestContext, email: Any, inbox_id: int | None) -> bool:
    """Channel::Email `validates :email, uniqueness: true`: across the installation."""
    for account in ctx.store.state.accounts.values():
        for other in account.inboxes:
            same = other.channel_type == "Channel::Email" and other.channel.get("email") == email
            if same and other.id != inbox_id:
                return True
    return False


def _inbox(ctx: RequestContext, account: Account, member: AccountUser) -> Inbox:
    """fetch_inbox: the account's inbox (404) that the caller may see (InboxPolicy#show?, 401)."""
    inbox = find_or_404(account.inboxes.get(ctx.path_params["id"] or 0))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    return inbox


async def list_inboxes(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    base = str(ctx.request.base_url).rstrip("/")
    inboxes = ctx.store.inboxes.visible_to(member)
    payload = [inbox_json(ctx.store, inbox, member.administrator, base) for inbox in inboxes]
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def show_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    return _respond(ctx, _inbox(ctx, account, member), member)


async def create_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    # validate_limit runs before check_authorization (before_action order)
    if len(account.inboxes) >= ctx.store.inboxes.limit(account.id):
        raise ApiError({"error": MSG_INBOX_LIMIT}, 402)
    require_administrator(member)
    params = await ctx.params()
    kind = (permit_hash(params, "channel") or {}).get("type")
    channel_type = CHANNEL_TYPES.get(kind) if isinstance(kind, str) else None
    raw_name = permit(params, "name").get("name")
    name = None if raw_name == "null" else to_string(raw_name)  # permitted_params: "null" is nil
    settings = _settings(params)
    channel = _channel(params, channel_type or "")
    if channel_type == "Channel::WebWidget":
        channel.setdefault("website_url", None)
    if channel_type == "Channel::Email":  # the channel is created (create!) before the inbox
        if v.blank(channel.get("email")):
            # a NOT NULL column without a validation: PostgreSQL refuses it (a 500 upstream)
            v.invalid("email", v.MSG_BLANK)
        if _email_taken(ctx, channel.get("email"), None):
            v.invalid("email", v.MSG_TAKEN)
    _validate(name, channel_type, channel, settings)
    assert channel_type is not None and name is not None
    inbox = ctx.store.inboxes.create(
        account_id=account.id, name=name, channel_type=channel_type, channel=channel, settings=settings
    )
    avatar = _avatar_url(ctx, params.get("avatar"))
    if avatar is not None:
        ctx.store.inboxes.update(inbox, avatar_url=avatar)
    return _respond(ctx, inbox, member)


async def update_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    require_administrator(member)
    params = await ctx.params()
    given = permit(params, "name")
    name = None if given.get("name") in (None, "null") else to_string(given["name"])
    settings = _settings(params)
    channel = _channel(params, inbox.channel_type)
    hours = _working_hours(params.get("working_hours"))
    _validate(name if "name" in given else inbox.name, inbox.channel_type, channel, settings, hours)
    if "email" in channel and v.blank(channel["email"]):
        v.invalid("email", v.MSG_BLANK)
    if "email" in channel and _email_taken(ctx, channel["email"], inbox.id):
        v.invalid("email", v.MSG_TAKEN)
    csat = settings.pop("csat_config", None)
    if csat:  # `if permitted_params[:csat_config].present?`
        settings["csat_config"] = _formatted_csat(csat)
    ctx.store.inboxes.update(
        inbox,
        name=name,
        settings=settings,
        channel=channel,
        working_hours=hours,
        avatar_url=_avatar_url(ctx, params.get("avatar")),
    )
    return _respond(ctx, inbox, member)


def _avatar_url(ctx: RequestContext, upload: Any) -> str | None:
    """An uploaded `avatar` (multipart) is attached: the inbox's avatar_url points at the blob."""
    if not isinstance(upload, UploadFile):
        return None
    return avatar_url(ctx, upload)


async def delete_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    require_administrator(member)
    store = ctx.store
    ctx.fake.jobs.enqueue(lambda: store.inboxes.delete(inbox))  # DeleteObjectJob
    return json_response({"message": MSG_DELETED}, headers=ctx.response_headers)


async def show_inbox_agent_bot(ctx: RequestContext) -> Response:
    """`{"agent_bot": <bot>}`, or `{}` when none (Jbuilder drops the empty block). The view renders
    the model without AgentBotPresenter (serializers/agent_bots.py)."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    bot = ctx.store.agent_bots.of_inbox(account.id, inbox.id)
    if bot is None:
        return json_response({}, headers=ctx.response_headers)
    body = agent_bot_json(ctx.store, bot, account.id, member.administrator, presenter=False)
    return json_response({"agent_bot": body}, headers=ctx.response_headers)


def _requested_bot(ctx: RequestContext, account: Account, value: Any) -> AgentBot | None:
    """fetch_agent_bot: `if params[:agent_bot]` (only nil and false are falsy in Ruby), then
    AgentBot.accessible_to(Current.account).find (newest upstream; v4.10: AgentBot.find)."""
    if value is None or value is False:
        return None
    bot = ctx.store.agent_bots.get(to_int(value))
    if bot is None or bot.account_id not in (None, account.id):
        raise NotFound()
    return bot


async def set_inbox_agent_bot(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    bot = _requested_bot(ctx, account, (await ctx.params()).get("agent_bot"))
    require_administrator(member)
    if bot is None:
        ctx.store.agent_bots.disconnect_inbox(account.id, inbox.id)
    else:
        ctx.store.agent_bots.connect_inbox(bot, account.id, inbox.id)
    return head_ok(ctx.response_headers)


async def reset_inbox_secret(ctx: RequestContext) -> Response:
    """Newest upstream: 404 unless the inbox is an API inbox, then Channel::Api#reset_secret!."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    require_administrator(member)
    if inbox.channel_type != "Channel::Api":
        raise NotFound()
    ctx.store.inboxes.reset_secret(inbox)
    return _respond(ctx, inbox, member)


async def assignable_agents(ctx: RequestContext) -> Response:
    """GET .../assignable_agents (deprecated upstream): the inbox (404/401), then
    `(account.users.where(id: members) + account.administrators).uniq` as `{"payload": [agent]}`."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    ids = sorted(i for i in inbox.members if i in account.members)
    ids += sorted(m.user_id for m in account.members.values() if m.administrator and m.user_id not in ids)
    payload = []
    for user_id in ids:
        user = ctx.store.users.get(user_id)
        if user is not None:
            payload.append(agent_json(ctx.store, user, account.members[user_id]))
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def inbox_campaigns(ctx: RequestContext) -> Response:
    """GET .../campaigns: the inbox (404/401), administrators (InboxPolicy#campaigns?), then the
    inbox's campaigns as a bare array of the campaign partial."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    require_administrator(member)
    base = str(ctx.request.base_url).rstrip("/")
    campaigns = ctx.store.campaigns.of_inbox(account.id, inbox.id)
    return json_response([campaign_json(ctx.store, c, base) for c in campaigns], headers=ctx.response_headers)


async def delete_inbox_avatar(ctx: RequestContext) -> Response:
    """DELETE .../avatar: the inbox (404/401), administrators (401), the attachment goes; 200 empty."""
    account, member = account_member(ctx)
    inbox = _inbox(ctx, account, member)
    require_administrator(member)
    if inbox.avatar_url:
        purge_attached(ctx, inbox.avatar_url, later=True)  # attachment.destroy!: purge_later
        ctx.store.inboxes.update(inbox, avatar_url="")
    return head_ok(ctx.response_headers)


async def sync_inbox_templates(ctx: RequestContext) -> Response:
    """POST .../sync_templates: the inbox (404/401), administrators (401), then 422 unless a WhatsApp
    channel: fakewoot has none, so every inbox answers the 422."""
    account, member = account_member(ctx)
    _inbox(ctx, account, member)
    require_administrator(member)
    return json_response({"error": MSG_TEMPLATE_SYNC_WHATSAPP_ONLY}, status=422, headers=ctx.response_headers)


async def inbox_health(ctx: RequestContext) -> Response:
    """GET .../health: the inbox (404/401; no administrator check), then 400 unless a WhatsApp Cloud
    channel: fakewoot has none."""
    account, member = account_member(ctx)
    _inbox(ctx, account, member)
    return json_response({"error": MSG_HEALTH_WHATSAPP_CLOUD_ONLY}, status=400, headers=ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/inboxes"
routes = [
    Route("GET", _BASE, list_inboxes, "inboxes.index"),
    Route("POST", _BASE, create_inbox, "inboxes.create"),
    Route("GET", _BASE + "/{id:int}", show_inbox, "inboxes.show"),
    Route("PUT", _BASE + "/{id:int}", update_inbox, "inboxes.update"),
    Route("PATCH", _BASE + "/{id:int}", update_inbox, "inboxes.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_inbox, "inboxes.destroy"),
    Route("GET", _BASE + "/{id:int}/agent_bot", show_inbox_agent_bot, "inboxes.agent_bot"),
    Route("POST", _BASE + "/{id:int}/set_agent_bot", set_inbox_agent_bot, "inboxes.set_agent_bot"),
    Route("POST", _BASE + "/{id:int}/reset_secret", reset_inbox_secret, "inboxes.reset_secret"),
    Route("POST", _BASE + "/{id:int}/sync_templates", sync_inbox_templates, "inboxes.sync_templates"),
    Route("GET", _BASE + "/{id:int}/assignable_agents", assignable_agents, "inboxes.assignable_agents"),
    Route("DELETE", _BASE + "/{id:int}/avatar", delete_inbox_avatar, "inboxes.avatar"),
    Route("GET", _BASE + "/{id:int}/campaigns", inbox_campaigns, "inboxes.campaigns"),
    Route("GET", _BASE + "/{id:int}/health", inbox_health, "inboxes.health"),
]
