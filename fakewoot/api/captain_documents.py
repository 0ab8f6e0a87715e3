"""/api/v1/accounts/:account_id/captain/documents as the unlicensed standard image answers them at v4.10
(e13e3c87): enterprise/app/controllers/api/v1/accounts/captain/documents_controller.rb (the
Captain::Assistant policy: index and show for every member, create and destroy for administrators;
index filters assistant_id, 25 a page, meta.page as sent; create finds the assistant by
`document[assistant_id]` (`Missing Assistant`), refusals are `{"error": ...}` 422s), views under
enterprise/app/views/api/v1/accounts/captain/documents.
The crawl (and the LLM's FAQs) that upstream runs after create is not run: see
fakewoot/store/captain_documents.py. A `pdf_file` upload would be stored and sent to OpenAI: 501.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.captain_assistants import no_content
from fakewoot.api.captain_responses import filter_id, page_window
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate, NotImplementedInFake
from fakewoot.serializers.captain_assistants import listing_json
from fakewoot.serializers.captain_records import document_json
from fakewoot.store.accounts import Account
from fakewoot.store.captain_documents import MSG_MISSING_ASSISTANT, Document

ROUTE = "/api/v1/accounts/:account_id/captain/documents"


def _document(ctx: RequestContext, account: Account) -> Document:
    raw = ctx.path_params["id"]
    return find_or_404(ctx.store.captain_documents.get(account.id, to_int(raw)))


def _json(ctx: RequestContext, document: Document) -> dict[str, Any]:
    assistant = ctx.store.captain_assistants.get(document.account_id, document.assistant_id)
    return document_json(document, assistant)


async def list_documents(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    params = await ctx.params()
    rows = ctx.store.captain_documents.search(account.id, filter_id(params.get("assistant_id")))
    page, window = page_window(params, rows)
    body = listing_json([_json(ctx, d) for d in window], page)
    body["meta"]["total_count"] = len(rows)
    return json_response(body, headers=ctx.response_headers)


async def show_document(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return json_response(_json(ctx, _document(ctx, account)), headers=ctx.response_headers)


async def create_document(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    raw = await ctx.require("document")
    values = permit(raw, "name", "external_link", "assistant_id", "pdf_file")
    assistant_id = values.get("assistant_id")
    assistant = ctx.store.captain_assistants.get(
        account.id, None if assistant_id is None else to_int(assistant_id)
    )
    if assistant is None:
        raise CouldNotCreate(MSG_MISSING_ASSISTANT)
    if values.get("pdf_file") not in (None, ""):
        raise NotImplementedInFake(f"POST {ROUTE} with a pdf_file (stored and uploaded to OpenAI)")
    fields: dict[str, Any] = {
        key: to_string(values[key]) for key in ("name", "external_link") if key in values
    }
    document = ctx.store.captain_documents.create(account.id, assistant.id, fields)
    return json_response(_json(ctx, document), headers=ctx.response_headers)


async def delete_document(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.captain_documents.delete(_document(ctx, account))
    return no_content(ctx)


U = "/api/v1/accounts/{account_id:int}/captain/documents"
routes = [
    Route("GET", U, list_documents, "captain/documents.index"),
    Route("POST", U, create_document, "captain/documents.create"),
    Route("GET", U + "/{id}", show_document, "captain/documents.show"),
    Route("DELETE", U + "/{id}", delete_document, "captain/documents.destroy"),
]
