"""/public/api/v1/inboxes/:inbox_identifier/contacts[/:source_id]: create, show, update.

Source at v4.10: app/controllers/public/api/v1/inboxes/contacts_controller.rb,
app/builders/contact_inbox_with_contact_builder.rb, app/actions/contact_identify_action.rb, views
public/api/v1/inboxes/contacts/*. Identity validation (process_hmac) runs when an identifier_hash is
sent or the inbox has hmac_mandatory: identifier_hash must be HMAC-SHA256(hmac_token, identifier) in
hex; show and update then mark the contact inbox hmac_verified (create does not: its builder is not
told). Upstream raises a bare StandardError on a mismatch (a 500); fakewoot answers 401 with that
error's message, as the widget's own identity check does. update renders `render json: contact`
(the Contact record), not its jbuilder view, and never writes the identifier."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, scalar, to_string
from fakewoot.api.public.lookups import INBOX, api_inbox, contact_inbox, found
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError, Invalid
from fakewoot.serializers.public import contact_record_json, public_contact_json
from fakewoot.store.contact_inboxes import ContactInbox
from fakewoot.store.inboxes import Inbox

MSG_HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"
MSG_SOURCE_ID_BLANK = "Source can't be blank"
CONTACT_FIELDS = ("name", "email", "phone_number", "identifier")


class HmacFailed(ApiError):
    status = 401

    def __init__(self) -> None:
        super().__init__({"error": MSG_HMAC_FAILED})


def _text(value: Any) -> str | None:
    """A parameter as Ruby's `to_s` or a string column sees it (hashes and arrays as text)."""
    return to_string(value) if scalar(value) is value else str(value)


def _check_identity(
    ctx: RequestContext, inbox: Inbox, params: dict[str, Any], record: ContactInbox | None
) -> None:
    """process_hmac."""
    client_api = ctx.store.client_api
    given = params.get("identifier_hash")
    if not client_api.hmac_needed(inbox, given):
        return
    if not client_api.valid_hmac(inbox, _text(params.get("identifier")) or "", given):
        raise HmacFailed()
    if record is not None:
        client_api.verify(record)


def _attributes(params: dict[str, Any]) -> dict[str, Any]:
    """permit(:identifier, :identifier_hash, :email, :name, :avatar_url, :phone_number,
    custom_attributes: {}): the contact's own fields as strings (avatar_url is fetched by a job
    upstream; the fake has no network)."""
    kept = permit(params, *CONTACT_FIELDS)
    values: dict[str, Any] = {key: to_string(value) for key, value in kept.items()}
    custom = permit_hash(params, "custom_attributes")
    if custom is not None:
        values["custom_attributes"] = custom
    return values


def _respond(ctx: RequestContext, record: ContactInbox) -> Response:
    contact = found(ctx.store.client_api.contact_of(record))
    return json_response(public_contact_json(ctx.store, record, contact), headers=ctx.response_headers)


async def create_contact(ctx: RequestContext) -> Response:
    """`params[:source_id] || SecureRandom.uuid`, then ContactInboxWithContactBuilder. A blank
    source id makes the builder return nil and the view crash (500 upstream): 422 here."""
    inbox = api_inbox(ctx)
    params = await ctx.params()
    _check_identity(ctx, inbox, params, None)
    raw = params.get("source_id")
    source_id = ctx.store.contact_inboxes.random_uuid() if raw is None else _text(raw) or ""
    if not source_id.strip():
        raise Invalid([("source_id", MSG_SOURCE_ID_BLANK)])
    record = ctx.store.client_api.create_contact_inbox(inbox, source_id, _attributes(params))
    return _respond(ctx, record)


async def show_contact(ctx: RequestContext) -> Response:
    inbox = api_inbox(ctx)
    record = contact_inbox(ctx, inbox, "id")
    _check_identity(ctx, inbox, await ctx.params(), record)
    return _respond(ctx, record)


async def update_contact(ctx: RequestContext) -> Response:
    inbox = api_inbox(ctx)
    record = contact_inbox(ctx, inbox, "id")
    params = await ctx.params()
    _check_identity(ctx, inbox, params, record)
    contact = found(ctx.store.client_api.contact_of(record))
    values = {k: v for k, v in _attributes(params).items() if k != "identifier"}
    contact = ctx.store.client_api.identify(contact, values)
    return json_response(contact_record_json(contact), headers=ctx.response_headers)


_CONTACTS = INBOX + "/contacts"
_NAME = "public/api/v1/inboxes/contacts"
routes = [
    Route("POST", _CONTACTS, create_contact, f"{_NAME}.create"),
    Route("GET", _CONTACTS + "/{id}", show_contact, f"{_NAME}.show"),
    Route("PATCH", _CONTACTS + "/{id}", update_contact, f"{_NAME}.update"),
    Route("PUT", _CONTACTS + "/{id}", update_contact, f"{_NAME}.update"),
]
