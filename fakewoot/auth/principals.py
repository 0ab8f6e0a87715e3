"""Who is calling: a user (by devise session or personal token), an agent bot or a platform app."""

from __future__ import annotations

from fakewoot.records import dataclass
from fakewoot.store.agent_bots import AgentBot
from fakewoot.store.platform_apps import PlatformApp
from fakewoot.store.users import User


@dataclass(frozen=True, slots=True)
class UserPrincipal:
    user: User
    client: str | None = None  # devise_token_auth client, None for an api_access_token


@dataclass(frozen=True, slots=True)
class BotPrincipal:
    bot: AgentBot


@dataclass(frozen=True, slots=True)
class PlatformPrincipal:
    app: PlatformApp


Principal = UserPrincipal | BotPrincipal | PlatformPrincipal
