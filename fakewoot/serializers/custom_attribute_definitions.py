"""Custom attribute definition shape (app/views/api/v1/accounts/custom_attribute_definitions/
_custom_attribute_definition.json.jbuilder); enums as their names, timestamps ISO-8601."""

from __future__ import annotations

from typing import Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.custom_attribute_definitions import CustomAttributeDefinition


def custom_attribute_definition_json(record: CustomAttributeDefinition) -> dict[str, Any]:
    return {
        "id": record.id,
        "attribute_display_name": record.attribute_display_name,
        "attribute_display_type": record.attribute_display_type,
        "attribute_description": record.attribute_description,
        "attribute_key": record.attribute_key,
        "regex_pattern": record.regex_pattern,
        "regex_cue": record.regex_cue,
        "attribute_values": record.attribute_values,
        "attribute_model": record.attribute_model,
        "default_value": record.default_value,
        "created_at": iso8601(record.created_at),
        "updated_at": iso8601(record.updated_at),
    }
