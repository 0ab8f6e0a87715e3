"""What the captain contract tests share: every caller that is not a member of the account is refused."""

from __future__ import annotations

from typing import Any

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACCOUNT
from tests.conftest import BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers


def assert_outsiders_refused(client: Any, method: str, url: str, body: Any) -> None:
    """No credentials or bad ones, an agent bot's token (captain routes are not bot-accessible) and
    another account's administrator: 401 with Chatwoot's bodies."""
    assert_refuses_strangers(client, method, url, json=body)
    bot = client.request(method, url, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
