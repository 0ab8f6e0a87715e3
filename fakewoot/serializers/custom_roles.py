"""enterprise/app/views/api/v1/models/_custom_role.json.jbuilder at e13e3c87 (index is a bare array;
show, create and update render the partial unwrapped)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.custom_roles import CustomRole


def custom_role_json(role: CustomRole) -> dict[str, Any]:
    return {
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "permissions": list(role.permissions),
        "created_at": iso8601(role.created_at),
        "updated_at": iso8601(role.updated_at),
    }


def custom_role_summary(role: CustomRole | None) -> dict[str, Any] | None:
    """`custom_role.as_json(only: [:id, :name, :description, :permissions])` in the account user
    partial: the table's column order (db/schema.rb), null without a role."""
    if role is None:
        return None
    return {
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "permissions": list(role.permissions),
    }
