"""/api/v1/accounts/:account_id/captain/preferences (show, update) at v4.10: OSS, no licence check.
Source: app/controllers/api/v1/accounts/captain/preferences_controller.rb (show for every member;
update authorizes the account's update?, administrators; captain_models and captain_features, each
when present, permitted to the feature keys and merged into what the account has),
app/models/concerns/captain_featurable.rb (validation of the models), lib/llm/models.rb."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import permit
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.captain import preferences_json
from fakewoot.store.captain import FEATURE_KEYS, update_preferences

# `params.require(:x).permit(...)` on a present non-hash is NoMethodError (a 500 upstream)
MSG_NOT_A_HASH = "{key} must be an object"


def _permitted(params: dict[str, Any], key: str) -> dict[str, Any] | None:
    """`permitted[key] = merged... if params[key].present?`."""
    value = params.get(key)
    if value in (None, "", {}, []) or value is False:
        return None
    if not isinstance(value, dict):
        raise CouldNotCreate(MSG_NOT_A_HASH.format(key=key))
    return permit(value, *FEATURE_KEYS)


async def show_preferences(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return json_response(preferences_json(account), headers=ctx.response_headers)


async def update_preferences_handler(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    params = await ctx.params()
    models, features = _permitted(params, "captain_models"), _permitted(params, "captain_features")
    update_preferences(account, models, features, ctx.store.clock.now())
    return json_response(preferences_json(account), headers=ctx.response_headers)


_URL = "/api/v1/accounts/{account_id:int}/captain/preferences"
routes = [
    Route("GET", _URL, show_preferences, "captain/preferences.show"),
    Route("PATCH", _URL, update_preferences_handler, "captain/preferences.update"),
    Route("PUT", _URL, update_preferences_handler, "captain/preferences.update"),
]
