"""/api/v1/accounts/:account_id/labels: index (any member), show/create/update/destroy (administrators).

Source: app/controllers/api/v1/accounts/labels_controller.rb, app/policies/label_policy.rb,
app/models/label.rb (title lower-cased, `\\A[\\p{L}\\p{N}]+[\\p{L}\\p{N}_-]+\\Z`, unique per account).
"""

from __future__ import annotations

import re
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_bool, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.labels import label_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.labels import Label

TITLE_RE = re.compile(
    r"\A[^\W_][\w-]+\Z"
)  # \p{L}\p{N} then [\p{L}\p{N}_-]+ (Python's \w is letters, digits, _)
MSG_MUST_NOT_BE_BLANK = "{attr} must not be blank"


def _validate(account: Account, values: dict[str, Any], label_id: int | None) -> None:
    errors = v.Errors()
    v.check_column_lengths(errors, values, strings=("title",), texts=("description",))
    v.check_column_lengths(errors, values, strings=("color",))
    if "title" in values:
        title = values["title"]
        if v.blank(title):
            errors.add("title", MSG_MUST_NOT_BE_BLANK)
        if not TITLE_RE.match(title or ""):
            errors.add("title", v.MSG_INVALID)
        elif any(label.title == title and label.id != label_id for label in account.labels):
            errors.add("title", v.MSG_TAKEN)
    errors.raise_if_any()


async def _values(ctx: RequestContext) -> dict[str, Any]:
    raw = permit(await ctx.require("label"), "title", "description", "color", "show_on_sidebar")
    values: dict[str, Any] = {k: to_string(x) for k, x in raw.items() if k != "show_on_sidebar"}
    if "title" in values:
        values["title"] = (values["title"] or "").strip().lower()
    if "show_on_sidebar" in raw:
        values["show_on_sidebar"] = to_bool(raw["show_on_sidebar"])
    return values


async def list_labels(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    labels = sorted(account.labels, key=lambda label: (label.title, label.id))
    return json_response({"payload": [label_json(label) for label in labels]}, headers=ctx.response_headers)


def _label(ctx: RequestContext, account: Account) -> Label:
    return find_or_404(account.labels.get(ctx.path_params["id"] or 0))


async def show_label(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    label = _label(ctx, account)
    require_administrator(member)
    return json_response(label_json(label), headers=ctx.response_headers)


async def create_label(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    values.setdefault("title", "")
    _validate(account, values, None)
    label = ctx.store.labels.create(account_id=account.id, **values)
    return json_response(label_json(label), headers=ctx.response_headers)


async def update_label(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    label = _label(ctx, account)
    require_administrator(member)
    values = await _values(ctx)
    _validate(account, values, label.id)
    previous = label.title
    ctx.store.labels.update(label, **values)
    if label.title != previous:  # after_update_commit: Labels::UpdateJob.perform_later
        store, new = ctx.store, label.title
        ctx.fake.jobs.enqueue(lambda: store.labels.rename_tags(account.id, previous, new))
    return json_response(label_json(label), headers=ctx.response_headers)


async def delete_label(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    label = _label(ctx, account)
    require_administrator(member)
    ctx.store.labels.delete(label)
    return head_ok(ctx.response_headers)


routes = [
    Route("GET", "/api/v1/accounts/{account_id:int}/labels", list_labels, "labels.index"),
    Route("POST", "/api/v1/accounts/{account_id:int}/labels", create_label, "labels.create"),
    Route("GET", "/api/v1/accounts/{account_id:int}/labels/{id:int}", show_label, "labels.show"),
    Route("PUT", "/api/v1/accounts/{account_id:int}/labels/{id:int}", update_label, "labels.update"),
    Route("PATCH", "/api/v1/accounts/{account_id:int}/labels/{id:int}", update_label, "labels.update"),
    Route("DELETE", "/api/v1/accounts/{account_id:int}/labels/{id:int}", delete_label, "labels.destroy"),
]
