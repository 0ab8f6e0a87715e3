"""A contact's sub-resources: conversations, contact_inboxes, labels, notes.

Source: app/controllers/api/v1/accounts/contacts/{conversations,contact_inboxes,labels,notes}_controller.rb
(reference contacts.md #39-#46). No policy check except contact_inboxes, which authorizes the inbox.
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import Unauthorized
from fakewoot.serializers.contacts import contact_inbox_json, contact_json
from fakewoot.serializers.conversations import conversation_json
from fakewoot.serializers.notes import note_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.contacts import Contact
from fakewoot.store.notes import Note

CONVERSATIONS_LIMIT = 20
CONTENT_LIMIT = 20_000


def _contact(ctx: RequestContext) -> tuple[Account, int, Contact]:
    account, member = account_member(ctx)
    contact = find_or_404(ctx.store.contacts.get(account.id, ctx.path_params["contact_id"]))
    return account, member.user_id, contact


async def list_conversations(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = find_or_404(ctx.store.contacts.get(account.id, ctx.path_params["contact_id"]))
    visible = {inbox.id for inbox in ctx.store.inboxes.visible_to(member)}
    rows = [c for c in ctx.store.conversations.of_contact(account.id, contact.id) if c.inbox_id in visible]
    rows.sort(key=lambda c: (c.last_activity_at, c.id), reverse=True)
    payload = [conversation_json(ctx.store, c) for c in rows[:CONVERSATIONS_LIMIT]]
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def create_contact_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = find_or_404(ctx.store.contacts.get(account.id, ctx.path_params["contact_id"]))
    params = await ctx.params()
    inbox = find_or_404(account.inboxes.get(to_int(permit(params, "inbox_id").get("inbox_id")) or 0))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    source_id = to_string(permit(params, "source_id").get("source_id"))
    # HmacConcern#hmac_verified?: Boolean.cast(params[:hmac_verified]).present?
    hmac_verified = bool(to_bool(permit(params, "hmac_verified").get("hmac_verified")))
    record = ctx.store.contact_inboxes.find_or_create(contact, inbox, source_id, hmac_verified=hmac_verified)
    return json_response(contact_inbox_json(ctx.store, record), headers=ctx.response_headers)


async def filter_contact_inboxes(ctx: RequestContext) -> Response:
    """POST /contact_inboxes/filter (contact_inboxes_controller.rb): the contact holding `source_id` in
    `inbox_id`, as the bare contact partial with its contact_inboxes; no match is a bodiless 404."""
    account, member = account_member(ctx)
    params = await ctx.params()
    inbox = find_or_404(account.inboxes.get(to_int(permit(params, "inbox_id").get("inbox_id")) or 0))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    source_id = to_string(permit(params, "source_id").get("source_id"))
    record = None if source_id is None else ctx.store.contact_inboxes.holder(account.id, inbox.id, source_id)
    contact = None if record is None else ctx.store.contacts.get(account.id, record.contact_id)
    if contact is None:
        return Response(b"", 404, ctx.response_headers)  # `head :not_found`
    return json_response(contact_json(ctx.store, contact, True), headers=ctx.response_headers)


async def list_labels(ctx: RequestContext) -> Response:
    _, _, contact = _contact(ctx)
    return json_response({"payload": contact.labels}, headers=ctx.response_headers)


async def set_labels(ctx: RequestContext) -> Response:
    _, user_id, contact = _contact(ctx)
    raw = (await ctx.params()).get("labels")
    labels = (
        [str(x) for x in raw if not isinstance(x, (dict, list)) and x is not None]
        if isinstance(raw, list)
        else []
    )
    names = ctx.store.contacts.set_labels(contact, labels, performer_id=user_id)
    return json_response({"payload": names}, headers=ctx.response_headers)


async def list_notes(ctx: RequestContext) -> Response:
    account, _, contact = _contact(ctx)
    notes = ctx.store.notes.of(account.id, contact.id)
    return json_response([note_json(ctx.store, note) for note in notes], headers=ctx.response_headers)


def _note(ctx: RequestContext, account: Account, contact: Contact) -> Note:
    note = account.notes.get(ctx.path_params["id"] or 0)
    return find_or_404(note if note is not None and note.contact_id == contact.id else None)


async def _content(ctx: RequestContext) -> str | None:
    """params.require(:note).permit(:content): JSON bodies are wrapped under `note`."""
    return to_string(permit(await ctx.require("note"), "content").get("content"))


def _content_errors(content: str | None) -> v.Errors:
    errors = v.Errors()
    if v.blank(content):
        errors.add("content", v.MSG_BLANK)
    elif content is not None and len(content) > CONTENT_LIMIT:
        errors.add("content", v.MSG_TOO_LONG, count=CONTENT_LIMIT)
    return errors


async def create_note(ctx: RequestContext) -> Response:
    account, user_id, contact = _contact(ctx)
    content = await _content(ctx)
    _content_errors(content).raise_if_any()
    note = ctx.store.notes.create(
        account_id=account.id, contact_id=contact.id, user_id=user_id, content=content or ""
    )
    return json_response(note_json(ctx.store, note), headers=ctx.response_headers)


async def show_note(ctx: RequestContext) -> Response:
    account, _, contact = _contact(ctx)
    return json_response(note_json(ctx.store, _note(ctx, account, contact)), headers=ctx.response_headers)


async def update_note(ctx: RequestContext) -> Response:
    account, user_id, contact = _contact(ctx)
    note = _note(ctx, account, contact)
    content = await _content(ctx)
    if not _content_errors(content).pairs:  # upstream's non-raising update: invalid changes are ignored
        ctx.store.notes.update(note, content=content or "", user_id=user_id)
    return json_response(note_json(ctx.store, note), headers=ctx.response_headers)


async def delete_note(ctx: RequestContext) -> Response:
    account, _, contact = _contact(ctx)
    ctx.store.notes.delete(_note(ctx, account, contact))
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/contacts/{contact_id:int}"
routes = [
    Route(
        "POST",
        "/api/v1/accounts/{account_id:int}/contact_inboxes/filter",
        filter_contact_inboxes,
        "contact_inboxes.filter",
    ),
    Route("GET", _BASE + "/conversations", list_conversations, "contacts/conversations.index"),
    Route("POST", _BASE + "/contact_inboxes", create_contact_inbox, "contacts/contact_inboxes.create"),
    Route("GET", _BASE + "/labels", list_labels, "contacts/labels.index"),
    Route("POST", _BASE + "/labels", set_labels, "contacts/labels.create"),
    Route("GET", _BASE + "/notes", list_notes, "contacts/notes.index"),
    Route("POST", _BASE + "/notes", create_note, "contacts/notes.create"),
    Route("GET", _BASE + "/notes/{id:int}", show_note, "contacts/notes.show"),
    Route("PUT", _BASE + "/notes/{id:int}", update_note, "contacts/notes.update"),
    Route("PATCH", _BASE + "/notes/{id:int}", update_note, "contacts/notes.update"),
    Route("DELETE", _BASE + "/notes/{id:int}", delete_note, "contacts/notes.destroy"),
]
