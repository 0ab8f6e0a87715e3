"""Platform apps and the records each may touch (platform_app_permissibles)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store


@dataclass(slots=True)
class PlatformApp:
    id: int
    name: str
    created_at: float
    updated_at: float
    # (permissible_type, permissible_id), e.g. ("User", 3), ("Account", 1)
    permissibles: set[tuple[str, int]] = field(default_factory=set)


class PlatformApps:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, app_id: int) -> PlatformApp | None:
        return self._store.state.platform_apps.get(app_id)

    def create(
        self,
        *,
        name: str,
        token: str | None = None,
        app_id: int | None = None,
        created_at: float | None = None,
    ) -> PlatformApp:
        store = self._store
        now = store.clock.now() if created_at is None else created_at
        app = PlatformApp(
            id=app_id if app_id is not None else store.state.platform_apps.next_id(),
            name=name,
            created_at=now,
            updated_at=now,
        )
        store.state.platform_apps.add(app)
        store.access_tokens.issue("PlatformApp", app.id, token=token)
        return app

    def permit(self, app: PlatformApp, permissible_type: str, permissible_id: int) -> None:
        app.permissibles.add((permissible_type, permissible_id))

    def is_permitted(self, app: PlatformApp, permissible_type: str, permissible_id: int) -> bool:
        return (permissible_type, permissible_id) in app.permissibles

    def forget(self, permissible_type: str, permissible_id: int) -> None:
        """The record is gone: no app keeps it among its permissibles."""
        for app in self._store.state.platform_apps:
            app.permissibles.discard((permissible_type, permissible_id))

    def permitted_ids(self, app: PlatformApp, permissible_type: str) -> list[int]:
        return sorted(record_id for kind, record_id in app.permissibles if kind == permissible_type)
