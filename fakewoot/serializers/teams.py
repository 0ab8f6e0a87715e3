"""A team as app/views/api/v1/models/_team.json.jbuilder renders it at v4.10; `is_member` is whether
the signed-in user belongs to it."""

from __future__ import annotations

from typing import Any

from fakewoot.store.teams import Team


def team_json(team: Team, user_id: int | None) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "is_member": user_id is not None and user_id in team.member_ids,
    }


def team_push_json(team: Team) -> dict[str, Any]:
    """Team#push_event_data."""
    return {"id": team.id, "name": team.name}
