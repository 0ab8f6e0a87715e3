"""/api/v1/accounts/:account_id/contacts: list, search, filter, active, show, create, update, delete,
contactable_inboxes, avatar, destroy_custom_attributes, import, export.

Source: app/controllers/api/v1/accounts/contacts_controller.rb, app/policies/contact_policy.rb
(import, export, destroy: administrators), views under app/views/api/v1/accounts/contacts/
(reference contacts.md #26-#38).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.attachments import purge_attached, staged_avatar
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import json_scalar, permit, permit_hash, to_bool, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, CustomException, ParameterMissing
from fakewoot.serializers.contacts import contact_json, contactable_inbox_json
from fakewoot.serializers.inboxes import inbox_row_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.contact_filters import ContactFilter, parse_conditions
from fakewoot.store.contacts import Contact, sort_contacts

PER_PAGE = 15
MSG_FILE_BLANK = "File is blank"
MSG_AVATAR_TYPE = "Avatar filetype not supported"  # avatarable.rb
MSG_AVATAR_TOO_BIG = "Avatar is too big"
AVATAR_TYPES = ("image/jpeg", "image/png", "image/gif")
AVATAR_MAX_BYTES = 15 * 1024 * 1024
MSG_ONLINE = "{name} is Online, please try again later"
MSG_EXPORT = "We will notify you once contacts export file is ready to view."
_TEXT_FIELDS = ("name", "identifier", "email", "phone_number", "avatar_url")


def _include_inboxes(params: dict[str, Any]) -> bool:
    """`present? ? value == 'true' : true`: only the string `true` enables a present value, so a JSON
    `true` disables and a JSON `false` (not present) leaves the default, enabled."""
    value = params.get("include_contact_inboxes")
    return value == "true" if v.present(value) else True


def _page(params: dict[str, Any]) -> tuple[Any, int]:
    """`params[:page] || 1`, echoed as sent (an empty string too: only nil and false fall back to 1);
    Kaminari serves page 0, negative or junk as page 1."""
    raw = params.get("page")
    echoed = 1 if raw is None or raw is False else json_scalar(raw)  # a multipart file echoes as its name
    number = to_int(raw) if not isinstance(raw, (dict, list)) else None
    return echoed, number if number is not None and number > 0 else 1


def _list_body(ctx: RequestContext, contacts: list[Contact], params: dict[str, Any]) -> Response:
    echoed, page = _page(params)
    ordered = sort_contacts(contacts, to_string(params.get("sort")))
    rows = ordered[(page - 1) * PER_PAGE : page * PER_PAGE]
    with_inboxes = _include_inboxes(params)
    body = {
        "meta": {"count": len(ordered), "current_page": echoed},
        "payload": [contact_json(ctx.store, c, with_inboxes) for c in rows],
    }
    return json_response(body, headers=ctx.response_headers)


def _labels_param(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(x).strip() for x in value if str(x).strip()]
    if isinstance(value, str):
        return [x.strip() for x in value.split(",") if x.strip()]
    return []


async def list_contacts(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    params = await ctx.params()
    contacts = ctx.store.contacts.resolved(account.id)
    labels = {label.lower() for label in _labels_param(params.get("labels"))}
    if labels:
        contacts = [c for c in contacts if labels & {label.lower() for label in c.labels}]
    return _list_body(ctx, contacts, params)


async def search_contacts(ctx: RequestContext) -> Response:
    """Resolved contacts matching `q`; `meta.count` is the total (Kaminari's total_count). A blank `q`
    answers 200 with `count: null` and no rows: upstream's `render ... if params[:q].blank? && return`
    returns before rendering, so the 422 it means to send is never sent (reference #27)."""
    account, _ = account_member(ctx)
    params = await ctx.params()
    query = to_string(params.get("q")) or ""
    if not query.strip():
        echoed, _ = _page(params)
        body = {"meta": {"count": None, "current_page": echoed}, "payload": []}
        return json_response(body, headers=ctx.response_headers)
    return _list_body(ctx, ctx.store.contacts.search(account.id, query), params)


async def filter_contacts(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    params = await ctx.params()
    if not isinstance(params.get("payload"), list):
        # upstream calls `payload.each`: missing or not an array is a NoMethodError (500); never 200
        raise ParameterMissing("payload")
    matches = ContactFilter(ctx.store, account.id).run_resolved(parse_conditions(params.get("payload")))
    return _list_body(ctx, matches, params)


async def active_contacts(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _list_body(ctx, ctx.store.contacts.active(account.id), await ctx.params())


def _contact(ctx: RequestContext, account: Account) -> Contact:
    # GET /contacts/filter (or import, export) is `show` with that id upstream: found nowhere
    return find_or_404(ctx.store.contacts.get(account.id, ctx.path_params.get("id")))


def _payload(ctx: RequestContext, contact: Contact, with_inboxes: bool = True) -> Response:
    return json_response(
        {"payload": contact_json(ctx.store, contact, with_inboxes)}, headers=ctx.response_headers
    )


async def show_contact(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    contact = _contact(ctx, account)
    return _payload(ctx, contact, _include_inboxes(await ctx.params()))


def _values(params: dict[str, Any]) -> dict[str, Any]:
    """The permitted contact fields, cast as ActiveRecord would."""
    values: dict[str, Any] = {key: to_string(value) for key, value in permit(params, *_TEXT_FIELDS).items()}
    if "blocked" in params:
        values["blocked"] = bool(to_bool(permit(params, "blocked").get("blocked")))
    for key in ("additional_attributes", "custom_attributes"):
        if key in params:
            value = permit_hash(params, key)
            values[key] = value if value is not None else {}
    return values


def _avatar(
    ctx: RequestContext, params: dict[str, Any], values: dict[str, Any]
) -> Callable[[], object] | None:
    """A multipart `avatar` is attached at once (Avatarable): jpeg/png/gif up to 15 MB, else 422;
    `thumbnail` then points at the blob's representation."""
    upload = params.get("avatar")
    if not isinstance(upload, UploadFile):
        return None
    errors = v.Errors()
    if (upload.size or 0) > AVATAR_MAX_BYTES:
        errors.pairs.append(("avatar", MSG_AVATAR_TOO_BIG))
    if (upload.content_type or "").split(";")[0].strip().lower() not in AVATAR_TYPES:
        errors.pairs.append(("avatar", MSG_AVATAR_TYPE))
    errors.raise_if_any()
    staged = staged_avatar(ctx, upload)  # the blob is stored once the contact saves
    values["avatar"] = staged.url
    return staged.attach


async def create_contact(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    store = ctx.store
    values = _values(params)
    attach = _avatar(ctx, params, values)
    store.contacts.validate(account, {**values, "email": (values.get("email") or "").strip().lower() or None})
    inbox = None
    inbox_id = to_int(permit(params, "inbox_id").get("inbox_id"))
    source_id = to_string(permit(params, "source_id").get("source_id"))
    if "inbox_id" in params:
        inbox = find_or_404(account.inboxes.get(inbox_id or 0))
        probe = Contact(
            0,
            account.id,
            0.0,
            0.0,
            email=values.get("email") or None,
            phone_number=values.get("phone_number") or None,
        )
        if not source_id:
            store.contact_inboxes.default_source_id(probe, inbox)  # a missing email/phone: 422, nothing saved
        store.contact_inboxes.check_source_id(probe, inbox, source_id)  # held by another contact: 422
    contact = store.contacts.create(account.id, values, performer_id=member.user_id)
    if attach is not None:
        attach()
    contact_inbox = None if inbox is None else store.contact_inboxes.find_or_create(contact, inbox, source_id)
    body = {
        "payload": {
            "contact": contact_json(store, contact, True),
            "contact_inbox": {
                "inbox": None if inbox is None else inbox_row_json(inbox),
                "source_id": None if contact_inbox is None else contact_inbox.source_id,
            },
        }
    }
    return json_response(body, headers=ctx.response_headers)


async def update_contact(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = _contact(ctx, account)
    params = await ctx.params()
    values = _values(params)
    attach = _avatar(ctx, params, values)
    ctx.store.contacts.update(contact, values, performer_id=member.user_id)
    if attach is not None:
        attach()
    return _payload(ctx, contact, _include_inboxes(params))


async def delete_contact(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = _contact(ctx, account)
    require_administrator(member)
    if ctx.store.contacts.is_online(contact):
        raise CustomException(MSG_ONLINE.format(name=contact.name.capitalize()), 422)
    ctx.store.contacts.delete(contact, performer_id=member.user_id)
    return head_ok(ctx.response_headers)


async def contactable_inboxes(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = _contact(ctx, account)
    store = ctx.store
    payload = []
    for inbox in store.inboxes.visible_to(member):
        source_id = store.inboxes.contactable_source_id(contact, inbox)
        if source_id is not None:
            payload.append(contactable_inbox_json(inbox, source_id))
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def delete_avatar(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = _contact(ctx, account)
    if contact.avatar_url:
        purge_attached(ctx, contact.avatar_url)  # avatar.purge
        contact.avatar_url = ""
        ctx.store.contacts.touch(contact, performer_id=member.user_id)
    return _payload(ctx, contact, with_inboxes=False)


async def destroy_custom_attributes(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    contact = _contact(ctx, account)
    keys = (await ctx.params()).get("custom_attributes")
    names = [str(k) for k in keys if not isinstance(k, (dict, list))] if isinstance(keys, list) else []
    ctx.store.contacts.remove_custom_attributes(contact, names, performer_id=member.user_id)
    return _payload(ctx, contact)


async def merge_contacts(ctx: RequestContext) -> Response:
    """POST /actions/contact_merge (actions/contact_merges_controller.rb): any member; both contacts
    of the account (404 otherwise); the merged base contact, without contact_inboxes."""
    account, member = account_member(ctx)
    params = await ctx.params()
    contacts = ctx.store.contacts
    base = find_or_404(
        contacts.get(account.id, to_int(permit(params, "base_contact_id").get("base_contact_id")))
    )
    mergee_id = to_int(permit(params, "mergee_contact_id").get("mergee_contact_id"))
    mergee = find_or_404(contacts.get(account.id, mergee_id))
    merged = contacts.merge(base, mergee, performer_id=member.user_id)
    return json_response(contact_json(ctx.store, merged), headers=ctx.response_headers)


async def import_contacts(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    upload = (await ctx.params()).get("import_file")
    if not isinstance(upload, UploadFile):
        raise CouldNotCreate(MSG_FILE_BLANK)
    content = await upload.read()
    record = ctx.store.data_imports.create(account.id, upload.filename or "import.csv", content)
    store = ctx.store
    ctx.fake.jobs.enqueue(lambda: store.data_imports.process(account.id, record.id))
    return head_ok(ctx.response_headers)


async def export_contacts(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    params = await ctx.params()
    store = ctx.store
    columns = (
        [str(c) for c in params.get("column_names") or [] if isinstance(c, str)]
        if isinstance(params.get("column_names"), list)
        else []
    )
    conditions = parse_conditions(params.get("payload"))
    label = to_string(permit(params, "label").get("label"))

    def job() -> None:
        rows = store.contacts.resolved(account.id)
        if conditions:
            try:
                rows = ContactFilter(store, account.id).run(conditions, rows)
            except ApiError:  # a bad payload fails in the job only (Sidekiq): no CSV, no mail
                return
        elif label:
            rows = [c for c in rows if label.lower() in (x.lower() for x in c.labels)]
        store.data_imports.export(account.id, member.user_id, rows, columns)

    ctx.fake.jobs.enqueue(job)
    return head_ok({**ctx.response_headers, "message": MSG_EXPORT})


_ACCOUNT = "/api/v1/accounts/{account_id:int}"
_BASE = _ACCOUNT + "/contacts"
_COLLECTION_POSTS = ("filter", "import", "export")
routes = [
    Route("POST", _ACCOUNT + "/actions/contact_merge", merge_contacts, "actions/contact_merges.create"),
    Route("GET", _BASE, list_contacts, "contacts.index"),
    Route("POST", _BASE, create_contact, "contacts.create"),
    Route("GET", _BASE + "/search", search_contacts, "contacts.search"),
    Route("POST", _BASE + "/filter", filter_contacts, "contacts.filter"),
    Route("GET", _BASE + "/active", active_contacts, "contacts.active"),
    Route("POST", _BASE + "/import", import_contacts, "contacts.import"),
    Route("POST", _BASE + "/export", export_contacts, "contacts.export"),
    Route("GET", _BASE + "/{id:int}", show_contact, "contacts.show"),
    # Rails routes GET /contacts/filter (import, export) to `show` with that id: auth, then 404
    *(Route("GET", f"{_BASE}/{word}", show_contact, "contacts.show") for word in _COLLECTION_POSTS),
    Route("PUT", _BASE + "/{id:int}", update_contact, "contacts.update"),
    Route("PATCH", _BASE + "/{id:int}", update_contact, "contacts.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_contact, "contacts.destroy"),
    Route(
        "GET", _BASE + "/{id:int}/contactable_inboxes", contactable_inboxes, "contacts.contactable_inboxes"
    ),
    Route("DELETE", _BASE + "/{id:int}/avatar", delete_avatar, "contacts.avatar"),
    Route(
        "POST",
        _BASE + "/{id:int}/destroy_custom_attributes",
        destroy_custom_attributes,
        "contacts.destroy_custom_attributes",
    ),
]
