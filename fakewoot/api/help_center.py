"""What the help center's controllers share: wrap_parameters limited to a model's attribute names (a
flat JSON body's other keys stay outside `params[:<model>]`), the request's base URL (for the inbox
partial) and the portal by slug."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import find_or_404
from fakewoot.errors import ParameterMissing
from fakewoot.store.accounts import Account
from fakewoot.store.portals import Portal


async def model_params(ctx: RequestContext, key: str, attributes: tuple[str, ...]) -> dict[str, Any] | None:
    """params[key]: as sent, or (JSON body without it) the body's keys among `attributes`."""
    params = await ctx.parsed()
    raw = params.all.get(key)
    if raw is None and params.is_json:
        raw = {name: value for name, value in params.body.items() if name in attributes}
    return raw if isinstance(raw, dict) else None


async def require_model(ctx: RequestContext, key: str, attributes: tuple[str, ...]) -> dict[str, Any]:
    """params.require(key): missing or empty is a 422 ParameterMissing."""
    raw = await model_params(ctx, key, attributes)
    if not raw:
        raise ParameterMissing(key)
    return raw


def base_url(ctx: RequestContext) -> str:
    return str(ctx.request.base_url).rstrip("/")


def portal_or_404(ctx: RequestContext, account: Account, key: str) -> Portal:
    """Current.account.portals.find_by(slug:) (find_by! in articles); a nil portal used later is a
    500 upstream, a 404 here."""
    return find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params[key]))
