"""app/views/api/v1/models/_custom_filter.json.jbuilder at v4.10."""

from __future__ import annotations

from typing import Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.custom_filters import CustomFilter


def custom_filter_json(record: CustomFilter) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "filter_type": record.filter_type,
        "query": record.query,
        "created_at": iso8601(record.created_at),
        "updated_at": iso8601(record.updated_at),
    }
