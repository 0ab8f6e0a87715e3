"""send_attachment actions of macros and automation rules: app/controllers/concerns/attachment_concern.rb
(validate_and_prepare_attachments) and the controllers' `blobs.each { |blob| record.files.attach(blob) }`
after save, at v4.10.

Each send_attachment action's first param is a signed blob id (a direct upload's `signed_id`): the
action is stored with `action_params: [blob.id]` and the blob attached once the record saves. On
update, an id of a blob the record already holds keeps the action as sent. Anything else refuses the
whole request with 422 {"error": "Invalid attachment"} before the record is validated.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from fakewoot.api.attachments import model_base_url
from fakewoot.api.context import RequestContext
from fakewoot.errors import ApiError
from fakewoot.serializers.blobs import blob_url
from fakewoot.store import action_files
from fakewoot.store.blobs import Blob

MSG_INVALID_ATTACHMENT = "Invalid attachment"  # config/locales/en.yml errors.attachments.invalid
# `action[:action_params].first` on what has no #first: NoMethodError upstream (500); a 422 here
MSG_NO_FIRST = "undefined method 'first' for {receiver}"
_LEADING_INT = re.compile(r"\s*([+-]?\d[\d_]*)")


def _first(params: Any) -> Any:
    """`action_params.first`: an array's first item, a string's first character (ActiveSupport)."""
    if isinstance(params, list):
        return params[0] if params else None
    if isinstance(params, str):
        return params[:1]
    if params is None or isinstance(params, bool):
        receiver = "nil" if params is None else str(params).lower()
    else:
        receiver = "an instance of " + {int: "Integer", float: "Float"}.get(
            type(params), "ActionController::Parameters"
        )
    raise ApiError({"error": MSG_NO_FIRST.format(receiver=receiver)}, 422)


def _to_i(value: Any) -> int | None:
    """Ruby's #to_i of a JSON value (nil when it has none: never equal to a blob id)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        found = _LEADING_INT.match(value)
        return int(found.group(1).replace("_", "")) if found else 0
    return 0 if value is None else None


def prepared_actions(ctx: RequestContext, actions: Any, record: Any = None) -> tuple[list[Blob], Any]:
    """validate_and_prepare_attachments(actions, record): the blobs to attach after save and the
    actions to store."""
    blobs: list[Blob] = []
    if not actions or not isinstance(actions, list):
        return blobs, actions
    sanitized: list[Any] = []
    for action in actions:
        if not isinstance(action, dict) or action.get("action_name") != "send_attachment":
            sanitized.append(action)
            continue
        blob_id = _first(action.get("action_params"))
        found = ctx.store.blobs.find_signed(blob_id) if isinstance(blob_id, str) else None
        if isinstance(found, Blob):
            blobs.append(found)
            sanitized.append({**action, "action_params": [found.id]})
        elif record is not None and _to_i(blob_id) in action_files.blob_ids(record):
            sanitized.append(action)
        else:
            raise ApiError({"error": MSG_INVALID_ATTACHMENT}, 422)
    return blobs, sanitized


def attach_blobs(ctx: RequestContext, record: Any, owner_key: str, blobs: list[Blob]) -> None:
    """`blobs.each { |blob| record.files.attach(blob) }`; each new attachment's blob is analysed
    after the response (AnalyzeJob)."""
    store = ctx.store
    base = model_base_url(ctx)
    for blob in blobs:
        if action_files.attach(store, record, owner_key, blob, blob_url(store.blobs, blob, base)):
            ctx.fake.jobs.enqueue(partial(store.blobs.analyze, blob))


def purge_files_later(ctx: RequestContext, record: Any) -> None:
    """has_many_attached's dependent: :purge_later, as the record is destroyed."""
    store, ids = ctx.store, action_files.blob_ids(record)
    if ids:
        ctx.fake.jobs.enqueue(lambda: action_files.purge_unheld(store, ids))
