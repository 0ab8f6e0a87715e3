"""Agent bot shapes: app/views/api/v1/models/_agent_bot.json.jbuilder (reference webhooks-bots.md 4.2,
4.3), newest upstream.

Keys: id, name, description, thumbnail, outgoing_url (not for system bots), bot_type, bot_config,
account_id, access_token (when rendered), secret (administrators, not for system bots), system_bot.
The agent_bots views wrap the bot in AgentBotPresenter: `access_token` is the token string, for the
current account's own bots only, and (PR #14830) for administrators only. The inbox's agent_bot view
renders the model itself: `access_token` is then the AccessToken row as JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.agent_bots import AgentBot
    from fakewoot.store.state import Store


def agent_bot_slim_json(bot: AgentBot) -> dict[str, Any]:
    """api/v1/models/_agent_bot_slim: a bot assignee in the REST conversation."""
    body: dict[str, Any] = {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "thumbnail": bot.avatar_url,
    }
    if not bot.system_bot:
        body["outgoing_url"] = bot.outgoing_url
    body["bot_type"] = bot.bot_type
    return body


def bot_push_data(store: Store, bot: AgentBot, inbox_id: int | None, account_id: int) -> dict[str, Any]:
    """AgentBot#push_event_data(inbox): the inbox's avatar when the bot has none."""
    inbox = None if inbox_id is None else store.account(account_id).inboxes.get(inbox_id)
    avatar = bot.avatar_url or (inbox.avatar_url if inbox is not None else "")
    return {"id": bot.id, "name": bot.name, "avatar_url": avatar, "type": "agent_bot"}


def agent_bot_json(
    store: Store, bot: AgentBot, account_id: int, administrator: bool, *, presenter: bool = True
) -> dict[str, Any]:
    body = agent_bot_slim_json(bot)  # _agent_bot starts with the _agent_bot_slim keys
    body["bot_config"] = bot.bot_config
    body["account_id"] = bot.account_id
    if administrator:
        token = _presented_token(store, bot, account_id) if presenter else _token_row(store, bot)
        if token is not None:
            body["access_token"] = token
        if not bot.system_bot:
            body["secret"] = bot.secret
    body["system_bot"] = bot.system_bot
    return body


def _presented_token(store: Store, bot: AgentBot, account_id: int) -> str | None:
    """AgentBotPresenter#access_token: nil for system bots and other accounts' bots."""
    if bot.account_id is None or bot.account_id != account_id:
        return None
    return store.agent_bots.access_token(bot)


def _token_row(store: Store, bot: AgentBot) -> dict[str, Any] | None:
    """The AccessToken record's columns (db/schema.rb order). fakewoot keeps no timestamps on tokens:
    the bot's creation time stands in for both."""
    record = store.access_tokens.of("AgentBot", bot.id)
    if record is None:
        return None
    created = iso8601(bot.created_at)
    return {
        "id": record.id,
        "owner_type": record.owner_type,
        "owner_id": record.owner_id,
        "token": record.token,
        "created_at": created,
        "updated_at": created,
    }
