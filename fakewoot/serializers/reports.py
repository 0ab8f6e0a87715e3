"""Report shapes that carry records (the metric bodies themselves are built in
fakewoot/reporting/metrics.py as plain dicts in Chatwoot's key order).

Source at v4.10: app/builders/v2/report_builder.rb#agent_metrics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.users import User


def agent_conversation_metrics_json(user: User, availability: str, metric: dict[str, int]) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "thumbnail": user.avatar_url,
        "availability": availability,
        "metric": metric,
    }
