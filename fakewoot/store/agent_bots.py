"""Agent bots: account bots and system bots (account_id None), their access token (a bot's token works
only on Chatwoot's bot-accessible endpoints), their webhook `secret`, and the inbox connection
(agent_bot_inboxes: one bot per inbox).

Source: app/models/agent_bot.rb, app/controllers/api/v1/accounts/agent_bots_controller.rb,
app/controllers/api/v1/accounts/inboxes_controller.rb#set_agent_bot (reference webhooks-bots.md 4).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store import validation as v
from fakewoot.store.webhooks import URL_LENGTH_LIMIT

if TYPE_CHECKING:
    from fakewoot.store.state import Store

BOT_TYPES = ("webhook",)
EDITABLE = ("name", "description", "outgoing_url", "bot_type", "bot_config")


@dataclass(slots=True)
class AgentBot:
    id: int
    name: str | None  # no presence validation upstream (app/models/agent_bot.rb)
    created_at: float
    updated_at: float
    description: str | None = None
    outgoing_url: str | None = None
    account_id: int | None = None
    bot_type: str | None = "webhook"  # enum { webhook: 0 }; nil when set blank
    bot_config: dict[str, Any] = field(default_factory=dict)
    secret: str = ""
    avatar_url: str = ""

    @property
    def system_bot(self) -> bool:
        return self.account_id is None


class AgentBots:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, bot_id: int | None) -> AgentBot | None:
        return None if bot_id is None else self._store.state.agent_bots.get(bot_id)

    def accessible_to(self, account_id: int) -> list[AgentBot]:
        """AgentBot.accessible_to(account): the account's bots plus the system bots, by id."""
        return [b for b in self._store.state.agent_bots if b.account_id in (None, account_id)]

    def validate(self, values: dict[str, Any]) -> None:
        """ApplicationRecord's column lengths first (a before_validation callback: name and
        description, 255), then outgoing_url's own length validation."""
        errors = v.Errors()
        for key in ("name", "description"):
            value = values.get(key)
            if isinstance(value, str) and len(value) > v.NAME_MAX:
                errors.add(key, v.MSG_TOO_LONG, count=v.NAME_MAX)
        url = values.get("outgoing_url")
        if isinstance(url, str) and len(url) > URL_LENGTH_LIMIT:
            errors.add("outgoing_url", v.MSG_TOO_LONG, count=URL_LENGTH_LIMIT)
        errors.raise_if_any()

    def create(
        self,
        *,
        name: str | None,
        token: str | None = None,
        bot_id: int | None = None,
        account_id: int | None = None,
        description: str | None = None,
        outgoing_url: str | None = None,
        bot_config: dict[str, Any] | None = None,
        bot_type: str | None = "webhook",
        secret: str | None = None,
        created_at: float | None = None,
    ) -> AgentBot:
        store = self._store
        self.validate({"name": name, "description": description, "outgoing_url": outgoing_url})
        now = store.clock.now() if created_at is None else created_at
        bot = AgentBot(
            id=bot_id if bot_id is not None else store.state.agent_bots.next_id(),
            name=name,
            created_at=now,
            updated_at=now,
            description=description,
            outgoing_url=outgoing_url,
            account_id=account_id,
            bot_config=dict(bot_config or {}),
            bot_type=bot_type,
            secret=secret or store.secure_token(),
        )
        store.state.agent_bots.add(bot)
        store.access_tokens.issue("AgentBot", bot.id, token=token)
        return bot

    def update(self, bot: AgentBot, values: dict[str, Any]) -> AgentBot:
        self.validate(values)
        for key in EDITABLE:
            if key in values:
                setattr(bot, key, dict(values[key] or {}) if key == "bot_config" else values[key])
        bot.updated_at = self._store.clock.now()
        return bot

    def delete(self, bot: AgentBot) -> None:
        """Inbox connections go, conversations assigned to the bot are unassigned (dependent:
        :nullify), its messages keep their text with sender_type and sender_id nulled, and its
        token stops working."""
        store = self._store
        store.state.agent_bots.remove(bot.id)
        store.access_tokens.revoke_owner("AgentBot", bot.id)
        for account in store.state.accounts.values():
            for inbox_id in [i for i, b in account.bot_inboxes.items() if b == bot.id]:
                del account.bot_inboxes[inbox_id]
            for conversation in account.conversations.values():
                if conversation.assignee_agent_bot_id == bot.id:
                    conversation.assignee_agent_bot_id = None
            # has_many :messages, as: :sender, dependent: :nullify (both polymorphic columns)
            for message in account.messages.values():
                if message.sender_type == "AgentBot" and message.sender_id == bot.id:
                    message.sender_type = None
                    message.sender_id = None

    def set_avatar(self, bot: AgentBot, avatar_url: str) -> None:
        """An uploaded avatar was attached: the bot's thumbnail points at it (platform API)."""
        bot.avatar_url = avatar_url
        bot.updated_at = self._store.clock.now()

    def set_account(self, bot: AgentBot, account_id: int | None) -> None:
        """The platform API's permitted `account_id` (belongs_to :account, optional)."""
        bot.account_id = account_id
        bot.updated_at = self._store.clock.now()

    def remove_avatar(self, bot: AgentBot) -> None:
        bot.avatar_url = ""
        bot.updated_at = self._store.clock.now()

    def reset_access_token(self, bot: AgentBot) -> str:
        return self._store.access_tokens.regenerate("AgentBot", bot.id).token

    def reset_secret(self, bot: AgentBot) -> str:
        bot.secret = self._store.secure_token()
        bot.updated_at = self._store.clock.now()
        return bot.secret

    def access_token(self, bot: AgentBot) -> str | None:
        record = self._store.access_tokens.of("AgentBot", bot.id)
        return None if record is None else record.token

    # --- agent_bot_inboxes ------------------------------------------------------------------------

    def connect_inbox(self, bot: AgentBot, account_id: int, inbox_id: int) -> None:
        """An agent_bot_inboxes row: what makes a bot a member of the inbox's account."""
        self._store.account(account_id).bot_inboxes[inbox_id] = bot.id

    def disconnect_inbox(self, account_id: int, inbox_id: int) -> None:
        self._store.account(account_id).bot_inboxes.pop(inbox_id, None)

    def of_inbox(self, account_id: int, inbox_id: int) -> AgentBot | None:
        """The inbox's active bot (inbox.agent_bot when agent_bot_inbox is active)."""
        account = self._store.state.accounts.get(account_id)
        bot_id = None if account is None else account.bot_inboxes.get(inbox_id)
        return self.get(bot_id)

    def serves_account(self, bot_id: int, account_id: int) -> bool:
        """EnsureCurrentAccountHelper: the bot's own account, or one where it serves an inbox."""
        account = self._store.state.accounts.get(account_id)
        if account is None:
            return False
        bot = self.get(bot_id)
        return (bot is not None and bot.account_id == account_id) or bot_id in account.bot_inboxes.values()
