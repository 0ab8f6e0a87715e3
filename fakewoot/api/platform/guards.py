"""PlatformController's record checks: Rails' own 404 for a missing record (not rescued there),
then 401 `Non permissible resource` unless the app created or was granted the record."""

from __future__ import annotations

from typing import TypeVar

from fakewoot.api.context import RequestContext
from fakewoot.errors import MSG_PLATFORM_NON_PERMISSIBLE, RailsDefault, Unauthorized
from fakewoot.store.platform_apps import PlatformApp

T = TypeVar("T")


def permissible(ctx: RequestContext, app: PlatformApp, kind: str, record: T | None) -> T:
    if record is None:
        raise RailsDefault(404)
    if not ctx.store.platform_apps.is_permitted(app, kind, record.id):  # type: ignore[attr-defined]
        raise Unauthorized(MSG_PLATFORM_NON_PERMISSIBLE)
    return record
