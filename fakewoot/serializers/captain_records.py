"""Captain custom tools, documents and copilot threads/messages as enterprise/app/views/api/v1/models/
captain/_custom_tool, _document, _copilot_thread and _copilot_message.json.jbuilder render them at
v4.10 (e13e3c87), integer Unix timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.store.agent_capacity_policies import jsonb_order

if TYPE_CHECKING:
    from fakewoot.store.captain_custom_tools import CustomTool


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

