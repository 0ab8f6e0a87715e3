"""app/views/api/v1/models/_dashboard_app.json.jbuilder at v4.10 (no updated_at)."""

from __future__ import annotations

from typing import Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.dashboard_apps import DashboardApp


def dashboard_app_json(record: DashboardApp) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "content": record.content,
        "created_at": iso8601(record.created_at),
    }
