"""Reading credentials off a request, as devise_token_auth and Chatwoot's helpers do.

Sources: DTA app/controllers/devise_token_auth/concerns/set_user_by_token.rb,
app/controllers/concerns/access_token_auth_helper.rb, app/controllers/platform_controller.rb
(reference section 2.1 and 2.4).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

import orjson

from fakewoot.auth import headers as h
from fakewoot.auth.principals import BotPrincipal, PlatformPrincipal, Principal, UserPrincipal
from fakewoot.store.state import Store
from fakewoot.store.users import DeviseToken, User


def api_access_token(headers: Mapping[str, str]) -> str | None:
    """The personal token header when `present?` (a blank value counts as absent, so Chatwoot falls
    back to devise_token_auth: Api::BaseController#authenticate_by_access_token?)."""
    value = headers.get(h.API_ACCESS_TOKEN)
    if value is None:
        value = headers.get(h.API_ACCESS_TOKEN_DASHED)
    return value if value is not None and value.strip() else None


def principal_for_token(store: Store, token: str) -> Principal | None:
    record = store.access_tokens.find(token)
    if record is None:
        return None
    if record.owner_type == "User":
        user = store.users.get(record.owner_id)
        return None if user is None else UserPrincipal(user)
    if record.owner_type == "AgentBot":
        bot = store.agent_bots.get(record.owner_id)
        return None if bot is None else BotPrincipal(bot)
    app = store.platform_apps.get(record.owner_id)
    return None if app is None else PlatformPrincipal(app)


def _decoded_bearer(headers: Mapping[str, str]) -> dict[str, Any]:
    value = headers.get(h.AUTHORIZATION, "")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "bearer" or not encoded:
        return {}
    try:
        decoded = orjson.loads(base64.b64decode(encoded.strip(), validate=True))
    except (binascii.Error, ValueError):
        return {}
    return decoded if isinstance(decoded, dict) else {}


def dta_user(
    store: Store, headers: Mapping[str, str], query: Mapping[str, str]
) -> tuple[User, str, DeviseToken] | None:
    """devise_token_auth: uid + access-token + client from headers, query params or a Bearer token."""
    bearer: dict[str, Any] | None = None

    def read(name: str) -> str | None:
        nonlocal bearer
        value = headers.get(name) or query.get(name)
        if value:
            return value
        if bearer is None:
            bearer = _decoded_bearer(headers)
        found = bearer.get(name)
        return found if isinstance(found, str) and found else None

    token = read(h.ACCESS_TOKEN)
    uid = read(h.UID)
    if not token or not uid:
        return None
    client = read(h.CLIENT) or "default"
    user = store.users.by_email(uid)
    if user is None or user.uid != uid:
        return None
    entry = store.users.valid_token(user, client, token)
    return None if entry is None else (user, client, entry)


def auth_headers(user: User, client: str, entry: DeviseToken) -> dict[str, str]:
    """DTA build_auth_headers: the five headers plus `Authorization: Bearer base64(json)`."""
    values = {
        h.ACCESS_TOKEN: entry.token,
        h.TOKEN_TYPE: "Bearer",
        h.CLIENT: client,
        h.EXPIRY: str(entry.expiry),
        h.UID: user.uid,
    }
    values[h.BEARER] = "Bearer " + base64.b64encode(orjson.dumps(values)).decode()
    return values


def send_auth_headers(store: Store, user: User) -> dict[str, str]:
    """Chatwoot's AuthHelper#send_auth_headers (signup, password reset, confirmation): a new devise
    client and only the five DTA headers, no `Authorization`."""
    client, entry = store.users.sign_in(user)
    return {name: value for name, value in auth_headers(user, client, entry).items() if name != h.BEARER}
