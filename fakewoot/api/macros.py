"""/api/v1/accounts/:account_id/macros (index, show, create, update, destroy, POST :id/execute).

Source at v4.10: app/controllers/api/v1/accounts/macros_controller.rb, app/policies/macro_policy.rb,
app/models/macro.rb, app/views/api/v1/accounts/macros/*, app/controllers/concerns/attachment_concern.rb.
Every member may list (global + their personal macros) and create (an agent's macro is personal);
show and execute need a global macro or authorship, update authorship or (administrator and global),
destroy authorship or (administrator and a global macro whose author is gone). Pundit denials are
401. An unknown id: show is `head :not_found`; execute answers 200 (the job fails later); update and
destroy crash upstream (NoMethodError on nil, a 500): a 422 here. Execution runs after the response
(MacrosExecutionJob) as the calling user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fakewoot.api.action_files import attach_blobs, prepared_actions, purge_files_later
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import permit, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.automation.listener import run_macro
from fakewoot.errors import MSG_NOT_FOUND, ApiError, Unauthorized
from fakewoot.serializers.macros import macro_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.macros import Macro


@contextmanager
def rescued() -> Iterator[None]:
    """update's `rescue StandardError`: render_could_not_create_error(record.errors.messages), which
    is {} unless validation failed (an enum's ArgumentError, a NOT NULL violation)."""
    try:
        yield
    except ApiError as error:
        if isinstance(error.body.get("error"), str):
            raise ApiError({"error": {}}, 422) from error
        raise


def _macro(ctx: RequestContext, account: Account) -> Macro | None:
    return ctx.store.macros.get(account.id, ctx.path_params["id"])


def _crash_if_missing(macro: Macro | None) -> Macro:
    if macro is None:
        raise ApiError({"error": MSG_NOT_FOUND}, 422)  # NoMethodError on nil upstream (500)
    return macro


def _author(ctx: RequestContext, macro: Macro, member: AccountUser) -> bool:
    return ctx.store.macros.author_id(macro) == member.user_id


def _authorize(allowed: bool) -> None:
    if not allowed:
        raise Unauthorized()


def _respond(ctx: RequestContext, macro: Macro) -> Response:
    return json_response({"payload": macro_json(ctx.store, macro)}, headers=ctx.response_headers)


async def list_macros(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    macros = ctx.store.macros.visible_to(account.id, member.user_id)
    body = {"payload": [macro_json(ctx.store, m) for m in macros]}
    return json_response(body, headers=ctx.response_headers)


async def show_macro(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    macro = _macro(ctx, account)
    if macro is None:
        return Response(b"", 404, ctx.response_headers)  # `head :not_found`
    _authorize(macro.visibility == "global" or _author(ctx, macro, member))
    return _respond(ctx, macro)


async def create_macro(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    blobs, actions = prepared_actions(ctx, params.get("actions"))
    store = ctx.store
    visibility = store.macros.visibility_for(params.get("visibility"), member.administrator)
    macro = store.macros.create(
        account.id,
        name=to_string(permit(params, "name").get("name")),
        visibility=visibility,
        actions=actions,
        user_id=member.user_id,
    )
    attach_blobs(ctx, macro, "macro_id", blobs)
    return _respond(ctx, macro)


async def update_macro(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    macro = _macro(ctx, account)
    if macro is not None:
        author = _author(ctx, macro, member)
        _authorize(author or (member.administrator and macro.visibility == "global"))
    params = await ctx.params()
    blobs, actions = prepared_actions(ctx, params.get("actions"), macro)
    macro = _crash_if_missing(macro)
    store = ctx.store
    with rescued():
        changes: dict[str, Any] = {
            "visibility": store.macros.visibility_for(params.get("visibility"), member.administrator)
        }
        if "name" in permit(params, "name"):
            changes["name"] = to_string(params["name"])
        if params.get("actions") is not None:
            changes["actions"] = actions
        store.macros.update(macro, changes, member.user_id)
    attach_blobs(ctx, macro, "macro_id", blobs)
    return _respond(ctx, macro)


async def delete_macro(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    macro = _crash_if_missing(_macro(ctx, account))
    orphan = ctx.store.macros.author_id(macro) is None and macro.visibility == "global"
    _authorize(_author(ctx, macro, member) or (orphan and member.administrator))
    ctx.store.macros.delete(macro)
    purge_files_later(ctx, macro)
    return head_ok(ctx.response_headers)


async def execute_macro(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    macro = _macro(ctx, account)
    if macro is not None:
        _authorize(macro.visibility == "global" or _author(ctx, macro, member))
    params = await ctx.params()
    fake, macro_id, user_id = ctx.fake, ctx.path_params["id"], member.user_id
    ids = params.get("conversation_ids")
    fake.jobs.enqueue(
        lambda: run_macro(
            fake.store,
            fake.deliveries.send,
            account_id=account.id,
            macro_id=macro_id,
            conversation_ids=ids,
            user_id=user_id,
        )
    )
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/macros"
routes = [
    Route("GET", _BASE, list_macros, "macros.index"),
    Route("POST", _BASE, create_macro, "macros.create"),
    Route("GET", _BASE + "/{id:int}", show_macro, "macros.show"),
    Route("PATCH", _BASE + "/{id:int}", update_macro, "macros.update"),
    Route("PUT", _BASE + "/{id:int}", update_macro, "macros.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_macro, "macros.destroy"),
    Route("POST", _BASE + "/{id:int}/execute", execute_macro, "macros.execute"),
]
