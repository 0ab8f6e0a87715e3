"""Captain assistants, their FAQs and scenarios as enterprise/app/views/api/v1/models/captain/
_assistant, _assistant_response and _scenario.json.jbuilder render them at v4.10 (e13e3c87).

jsonb columns come back from PostgreSQL with their object keys shortest first: a record just
created or updated renders what was assigned (in `permit`'s order), a loaded one the jsonb order.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.agent_capacity_policies import jsonb_order

if TYPE_CHECKING:
    from fakewoot.store.captain_assistants import Assistant
    from fakewoot.store.captain_responses import AssistantResponse
    from fakewoot.store.captain_scenarios import Scenario
    from fakewoot.store.state import Store


def assistant_json(assistant: Assistant, *, fresh: Collection[str] = ()) -> dict[str, Any]:
    """`fresh`: the jsonb columns this request assigned (rendered as assigned); the others as loaded."""

    def value(key: str) -> Any:
        raw = getattr(assistant, key)
        return raw if key in fresh else jsonb_order(raw)

    return {
        "account_id": assistant.account_id,
        "config": value("config"),
        "created_at": int(assistant.created_at),
        "description": assistant.description,
        "guardrails": value("guardrails"),
        "id": assistant.id,
        "name": assistant.name,
        "response_guidelines": value("response_guidelines"),
        "updated_at": int(assistant.updated_at),
    }


def listing_json(payload: list[Any], page: Any = 1) -> dict[str, Any]:
    """The captain index views: payload, then meta (total_count, page)."""
    return {"payload": payload, "meta": {"total_count": len(payload), "page": page}}


def tools_json(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """assistants/tools.json.jbuilder: id, title, description, icon (nil for a custom tool)."""
    return [
        {"id": t["id"], "title": t["title"], "description": t["description"], "icon": t.get("icon")}
        for t in tools
    ]


def _documentable_json(store: Store, response: AssistantResponse) -> dict[str, Any] | None:
    if response.documentable_type == "User":
        user = store.state.users.get(response.documentable_id or 0)
        if user is None:
            return None
        return {
            "type": "User",
            "id": user.id,
            "email": user.email,
            "available_name": user.available_name,
        }
    return None


def assistant_response_json(store: Store, response: AssistantResponse) -> dict[str, Any]:
    assistant = store.captain_assistants.get(response.account_id, response.assistant_id)
    body: dict[str, Any] = {
        "account_id": response.account_id,
        "answer": response.answer,
        "assistant": None if assistant is None else assistant_json(assistant),
        "created_at": int(response.created_at),
    }
    documentable = _documentable_json(store, response)
    if documentable is not None:
        body["documentable"] = documentable
    body["id"] = response.id
    body["question"] = response.question
    body["updated_at"] = int(response.updated_at)
    body["status"] = response.status
    return body


def scenario_json(scenario: Scenario, assistant: Assistant | None) -> dict[str, Any]:
    """_scenario.json.jbuilder: timestamps as ISO 8601 (no to_i there), the assistant's id and name."""
    body: dict[str, Any] = {
        "id": scenario.id,
        "title": scenario.title,
        "description": scenario.description,
        "instruction": scenario.instruction,
        "tools": scenario.tools,
        "enabled": scenario.enabled,
        "assistant_id": scenario.assistant_id,
        "account_id": scenario.account_id,
        "created_at": iso8601(scenario.created_at),
        "updated_at": iso8601(scenario.updated_at),
    }
    if assistant is not None:
        body["assistant"] = {"id": assistant.id, "name": assistant.name}
    return body
