"""GET /_fakewoot/state: the whole state as JSON (fakewoot's own shape, for debugging and snapshots
in test reports): installation tables, then each account with its tables, every record with all its
fields. Sets become sorted lists; timestamps stay Unix seconds."""

from __future__ import annotations

import dataclasses
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.store.base import Table
from fakewoot.store.state import Store


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not isinstance(getattr(value, f.name), Table) and f.name != "sequences"
        }
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def dump(store: Store) -> dict[str, Any]:
    state = store.state
    accounts = []
    for account in state.accounts.values():
        body = _plain(account)
        for field in dataclasses.fields(account):
            table = getattr(account, field.name)
            if isinstance(table, Table):
                body[field.name] = [_plain(row) for row in table.values()]
        accounts.append(body)
    return {
        "users": [
            {k: v for k, v in _plain(u).items() if k not in ("password_digest", "tokens")}
            for u in state.users.values()
        ],
        "access_tokens": [_plain(t) for t in state.access_tokens.values()],
        "platform_apps": [_plain(a) for a in state.platform_apps.values()],
        "agent_bots": [_plain(b) for b in state.agent_bots.values()],
        "accounts": accounts,
        "outbox": [_plain(m) for m in state.outbox],
    }


async def show_state(ctx: RequestContext) -> Response:
    return json_response(dump(ctx.store))


routes = [Route("GET", "/_fakewoot/state", show_state, "fakewoot.state")]
