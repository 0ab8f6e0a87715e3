"""/api/v1/accounts/:account_id/portals. Source at v4.10:
app/controllers/api/v1/accounts/portals_controller.rb (fetch_portal by slug, find_by: nil for an
unknown slug, which every action but index and create then calls a method on: a 500 upstream, a 404
here), app/policies/portal_policy.rb (index/show/ssl_status for every member, the writes for
administrators), app/views/api/v1/accounts/portals/*. create parses `custom_domain` (an http(s) URL
keeps its host) and links `inbox_id`'s website inbox (Inbox.find: 404); update only when
`params[:portal]` is present (wrap_parameters wraps Portal's attributes of a JSON body).
PortalPolicy has no `archive?`, so PATCH .../archive is a NoMethodError upstream (a 500 for every
member): a 422 here. send_instructions mails the CNAME record to the outbox. `blob_id` (a signed
blob id) attaches the logo on create (always: nil detaches) and on update when present."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from fakewoot.api.context import RequestContext
from fakewoot.api.help_center import base_url, model_params, portal_or_404, require_model
from fakewoot.api.members import account_member
from fakewoot.api.params import permit, scalar, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, NotFound
from fakewoot.serializers.portals import portal_json, portals_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.blobs import Blob
from fakewoot.store.categories import ruby_inspect
from fakewoot.store.portals import Portal
from fakewoot.store.validation import SIGNUP_EMAIL_RE, blank, present

MSG_EMAIL_REQUIRED = "Email is required"  # portals.send_instructions.*
MSG_INVALID_EMAIL = "Invalid email format"
MSG_INSTRUCTIONS_SENT = "Instructions sent successfully"
MSG_INSTRUCTIONS_SUBJECT = "Finish setting up {custom_domain}"
CNAME_TEMPLATE = "send_cname_instructions"
# URI::InvalidURIError's message (a 500 upstream): create needs a custom_domain URI::parse accepts
MSG_BAD_URI = "bad URI (is not URI?): {value}"
MSG_ARCHIVE = "undefined method 'archive?' for PortalPolicy (PATCH portals/:id/archive fails upstream)"
# Portal's attribute names: what wrap_parameters puts under `portal` from a JSON body
_WRAPPED = (
    "id",
    "account_id",
    "name",
    "slug",
    "custom_domain",
    "color",
    "homepage_link",
    "page_title",
    "header_text",
    "created_at",
    "updated_at",
    "config",
    "archived",
    "channel_web_widget_id",
    "ssl_settings",
)
_STRINGS = ("color", "custom_domain", "header_text", "homepage_link", "name", "page_title", "slug")
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


async def list_portals(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    page = (await ctx.params()).get("page") or 1  # params[:page] || 1, as sent
    body = portals_json(ctx.store, ctx.store.portals.of(account.id), member, base_url(ctx), page)
    return json_response(body, headers=ctx.response_headers)


async def show_portal(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = _portal(ctx, account)
    articles = ctx.store.articles.search(
        ctx.store.articles.of(portal), locale=(await ctx.params()).get("locale")
    )
    body = portal_json(ctx.store, portal, member, base_url(ctx), index=False, articles=articles)
    return json_response(body, headers=ctx.response_headers)


MSG_CUSTOM_DOMAIN_NOT_CONFIGURED = "Custom domain is not configured"  # portals.ssl_status...
MSG_CLOUDFLARE_NOT_CONFIGURED = "Cloudflare API token or zone ID not found"  # CheckCustomHostnameService


async def portal_ssl_status(ctx: RequestContext) -> Response:
    """Enterprise ssl_status (no licence check, every member): no custom domain 422; with one,
    Cloudflare::CheckCustomHostnameService without CLOUDFLARE_API_KEY/ZONE_ID answers its errors array
    (422 `{"error": [...]}`). An unknown slug is nil (a 500 upstream): 404."""
    account, _ = account_member(ctx)
    portal = _portal(ctx, account)
    if not portal.custom_domain:
        raise CouldNotCreate(MSG_CUSTOM_DOMAIN_NOT_CONFIGURED)
    raise ApiError({"error": [MSG_CLOUDFLARE_NOT_CONFIGURED]}, 422)


async def _values(ctx: RequestContext, raw: dict[str, Any]) -> dict[str, Any]:
    """portal_params (config: default_locale and an allowed_locales list) merged with
    live_chat_widget_params (`inbox_id`: blank unlinks, a website inbox links, another kind is
    ignored, an unknown id is a 404)."""
    found = permit(raw, *_STRINGS, "archived")
    values: dict[str, Any] = {key: to_string(found[key]) for key in _STRINGS if key in found}
    if "archived" in found:
        values["archived"] = to_bool(found["archived"])
    config = raw.get("config")
    if isinstance(config, dict):
        values["config"] = permit(config, "default_locale")
        locales = config.get("allowed_locales")
        if isinstance(locales, list):
            values["config"]["allowed_locales"] = [v for v in locales if v is None or scalar(v) is v]
    inbox_id = permit(await ctx.params(), "inbox_id")
    if "inbox_id" in inbox_id:
        values |= _live_chat_widget(ctx, inbox_id["inbox_id"])
    return values


def _live_chat_widget(ctx: RequestContext, inbox_id: Any) -> dict[str, Any]:
    if blank(inbox_id):
        return {"channel_web_widget_id": None}
    wanted = to_int(inbox_id)
    for account in ctx.store.state.accounts.values():  # Inbox.find: any account's
        inbox = account.inboxes.get(wanted) if wanted is not None else None
        if inbox is not None:
            web = inbox.channel_type == "Channel::WebWidget"
            return {"channel_web_widget_id": inbox.channel_id} if web else {}
    raise NotFound()


def _parsed_custom_domain(value: str | None) -> str | None:
    """URI.parse(custom_domain): an http(s) URL gives its host; nil or a string URI::parse refuses
    raises InvalidURIError (a 500 upstream, a 422 here)."""
    if value is None or not _URI_CHARS.fullmatch(value):
        raise CouldNotCreate(MSG_BAD_URI.format(value=ruby_inspect(value)))
    if re.match(r"(?i)https?://", value):  # URI::HTTP#host: as written, without userinfo and port
        host = urlsplit(value).netloc.rpartition("@")[2]
        return re.sub(r":\d*$", "", host) or None
    return value


async def _logo_blob(ctx: RequestContext) -> Blob | None:
    """ActiveStorage::Blob.find_signed(params[:blob_id]): nil when absent, forged or gone."""
    found = ctx.store.blobs.find_signed((await ctx.params()).get("blob_id"))
    return found if isinstance(found, Blob) else None


def _respond(ctx: RequestContext, portal: Portal, member: AccountUser) -> Response:
    return json_response(
        portal_json(ctx.store, portal, member, base_url(ctx), index=True), headers=ctx.response_headers
    )


def _portal(ctx: RequestContext, account: Account) -> Portal:
    return portal_or_404(ctx, account, "id")


async def create_portal(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx, await require_model(ctx, "portal", _WRAPPED))
    values["custom_domain"] = _parsed_custom_domain(values.get("custom_domain"))
    portal = ctx.store.portals.create(
        account.id, name=values.pop("name", None), slug=values.pop("slug", None), **values
    )
    ctx.store.portals.attach_logo(portal, await _logo_blob(ctx))  # process_attached_logo
    return _respond(ctx, portal, member)


async def update_portal(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    portal = _portal(ctx, account)
    raw = await model_params(ctx, "portal", _WRAPPED)
    if raw:
        ctx.store.portals.update(portal, await _values(ctx, raw))
    if present((await ctx.params()).get("blob_id")):
        ctx.store.portals.attach_logo(portal, await _logo_blob(ctx))
    return _respond(ctx, portal, member)


async def delete_portal(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.portals.delete(_portal(ctx, account))
    return head_ok(ctx.response_headers)


async def archive_portal(ctx: RequestContext) -> Response:
    account_member(ctx)
    raise CouldNotCreate(MSG_ARCHIVE)


async def delete_portal_logo(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.portals.purge_logo(_portal(ctx, account))
    return head_ok(ctx.response_headers)


async def send_portal_instructions(ctx: RequestContext) -> Response:
    """The email checks come before the portal is used (an unknown slug is nil: 404 after them)."""
    account, member = account_member(ctx)
    require_administrator(member)
    email = to_string(permit(await ctx.params(), "email").get("email"))
    if email is None or blank(email):
        raise CouldNotCreate(MSG_EMAIL_REQUIRED)
    if not SIGNUP_EMAIL_RE.match(email):
        raise CouldNotCreate(MSG_INVALID_EMAIL)
    portal = _portal(ctx, account)
    if blank(portal.custom_domain):
        raise CouldNotCreate(MSG_CUSTOM_DOMAIN_NOT_CONFIGURED)
    frontend = ctx.fake.settings.frontend_url or str(ctx.request.base_url)  # target_domain
    cname = f"{portal.custom_domain} CNAME {urlsplit(frontend).hostname or ''}"
    mail = ctx.store.mailer.deliver(CNAME_TEMPLATE, email, portal_id=portal.id, cname_record=cname)
    mail.subject = MSG_INSTRUCTIONS_SUBJECT.format(custom_domain=portal.custom_domain)
    return json_response({"message": MSG_INSTRUCTIONS_SENT}, headers=ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/portals"
routes = [
    Route("GET", _BASE, list_portals, "portals.index"),
    Route("GET", _BASE + "/{id}", show_portal, "portals.show"),
    Route("GET", _BASE + "/{id}/ssl_status", portal_ssl_status, "portals.ssl_status"),
    Route("POST", _BASE, create_portal, "portals.create"),
    Route("PATCH", _BASE + "/{id}", update_portal, "portals.update"),
    Route("PUT", _BASE + "/{id}", update_portal, "portals.update"),
    Route("DELETE", _BASE + "/{id}", delete_portal, "portals.destroy"),
    Route("PATCH", _BASE + "/{id}/archive", archive_portal, "portals.archive"),
    Route("DELETE", _BASE + "/{id}/logo", delete_portal_logo, "portals.logo"),
    Route("POST", _BASE + "/{id}/send_instructions", send_portal_instructions, "portals.send_instructions"),
]
