"""Agent bots: a bot's token works only on Chatwoot's bot-accessible endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakewoot.store.state import Store


@dataclass(slots=True)
class AgentBot:
    id: int
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    outgoing_url: str | None = None
    account_id: int | None = None
    bot_type: str = "webhook"


class AgentBots:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, bot_id: int) -> AgentBot | None:
        return self._store.state.agent_bots.get(bot_id)

    def create(
        self,
        *,
        name: str,
        token: str | None = None,
        bot_id: int | None = None,
        account_id: int | None = None,
        description: str | None = None,
        outgoing_url: str | None = None,
        created_at: float | None = None,
    ) -> AgentBot:
        store = self._store
        now = store.clock.now() if created_at is None else created_at
        bot = AgentBot(
            id=bot_id if bot_id is not None else store.state.agent_bots.next_id(),
            name=name,
            created_at=now,
            updated_at=now,
            description=description,
            outgoing_url=outgoing_url,
            account_id=account_id,
        )
        store.state.agent_bots.add(bot)
        store.access_tokens.issue("AgentBot", bot.id, token=token)
        return bot

    def connect_inbox(self, bot: AgentBot, account_id: int, inbox_id: int) -> None:
        """An agent_bot_inboxes row: what makes a bot a member of the inbox's account."""
        self._store.account(account_id).bot_inboxes[inbox_id] = bot.id

    def serves_account(self, bot_id: int, account_id: int) -> bool:
        account = self._store.state.accounts.get(account_id)
        return account is not None and bot_id in account.bot_inboxes.values()
