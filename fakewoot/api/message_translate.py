"""POST .../conversations/:conversation_id/messages/:id/translate (v4.10 messages_controller.rb
#translate): the conversation (404, then its policy: 401), the message (404); a translation already
held in `content_attributes.translations` for `target_language` answers 200 empty; without a
google_translate hook in the account the processor returns nil and the answer is
`{"content": null}`. With a hook Chatwoot calls Google Cloud Translate, which fakewoot does not: 501.
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of
from fakewoot.api.members import account_caller, find_or_404
from fakewoot.api.params import scalar, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import NotImplementedInFake


async def translate_message(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=False)
    conversation = conversation_of(ctx, account, member, bot_id)
    message = find_or_404(ctx.store.messages.get(conversation, ctx.path_params["id"]))
    raw = (await ctx.params()).get("target_language")
    target = to_string(raw) if scalar(raw) is raw else None
    translations = message.content_attributes.get("translations")
    if isinstance(translations, dict) and target is not None and translations.get(target):
        return head_ok(ctx.response_headers)  # already_translated_content_available?
    if ctx.store.hooks.of(account.id, "google_translate"):
        raise NotImplementedInFake(f"POST {ctx.request.url.path} (a Google Cloud Translate call)")
    return json_response({"content": None}, headers=ctx.response_headers)


_PATH = "/api/v1/accounts/{account_id:int}/conversations/{conversation_id:int}/messages/{id:int}/translate"
routes = [Route("POST", _PATH, translate_message, "messages.translate")]
