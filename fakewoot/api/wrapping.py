"""`params.require(key)` where Rails' ParamsWrapper wraps a flat JSON body under the controller's
model key with the model's attribute names only (wrap_parameters format: [:json] and a model class):
a flat body of other keys wraps to nothing, so require raises ParameterMissing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import require
from fakewoot.errors import ParameterMissing


async def require_wrapped(ctx: RequestContext, key: str, attribute_names: Iterable[str]) -> dict[str, Any]:
    parsed = await ctx.parsed()
    if key in parsed.all or not parsed.is_json:
        return require(parsed, key)
    names = set(attribute_names)
    source = {name: value for name, value in parsed.body.items() if name in names}
    if not source:
        raise ParameterMissing(key)
    return source
