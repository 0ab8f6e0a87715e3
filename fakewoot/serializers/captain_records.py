"""Captain custom tools, documents and copilot threads/messages as enterprise/app/views/api/v1/models/
captain/_custom_tool, _document, _copilot_thread and _copilot_message.json.jbuilder render them at
v4.10 (e13e3c87), integer Unix timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.captain_assistants import assistant_json
from fakewoot.store.agent_capacity_policies import jsonb_order

if TYPE_CHECKING:
    from fakewoot.store.captain_assistants import Assistant
    from fakewoot.store.captain_custom_tools import CustomTool
    from fakewoot.store.captain_documents import Document


def custom_tool_json(tool: CustomTool, *, fresh: bool = False) -> dict[str, Any]:
    """jsonb columns (auth_config, param_schema) as assigned when `fresh`, else in jsonb order."""

    def value(raw: Any) -> Any:
        return raw if fresh else jsonb_order(raw)

    return {
        "id": tool.id,
        "slug": tool.slug,
        "title": tool.title,
        "description": tool.description,
        "endpoint_url": tool.endpoint_url,
        "http_method": tool.http_method,
        "request_template": tool.request_template,
        "response_template": tool.response_template,
        "auth_type": tool.auth_type,
        "auth_config": value(tool.auth_config),
        "param_schema": value(tool.param_schema),
        "enabled": tool.enabled,
        "account_id": tool.account_id,
        "created_at": int(tool.created_at),
        "updated_at": int(tool.updated_at),
    }


def document_json(document: Document, assistant: Assistant | None) -> dict[str, Any]:
    """No PDF is ever attached here: content_type and file_size are nil, display_url is the link."""
    return {
        "account_id": document.account_id,
        "assistant": None if assistant is None else assistant_json(assistant),
        "content": document.content,
        "content_type": None,
        "created_at": int(document.created_at),
        "external_link": document.external_link,
        "display_url": document.external_link,
        "file_size": None,
        "id": document.id,
        "name": document.name,
        "status": document.status,
        "updated_at": int(document.updated_at),
    }
