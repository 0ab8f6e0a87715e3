"""A canned response as `render json: @canned_response` gives it: ActiveRecord's as_json, every column
in the table's order (db/schema.rb at v4.10)."""

from __future__ import annotations

from typing import Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.canned_responses import CannedResponse


def canned_response_json(record: CannedResponse) -> dict[str, Any]:
    return {
        "id": record.id,
        "account_id": record.account_id,
        "short_code": record.short_code,
        "content": record.content,
        "created_at": iso8601(record.created_at),
        "updated_at": iso8601(record.updated_at),
    }
