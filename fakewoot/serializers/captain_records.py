"""Captain custom tools, documents and copilot threads/messages as enterprise/app/views/api/v1/models/
captain/_custom_tool, _document, _copilot_thread and _copilot_message.json.jbuilder render them at
v4.10 (e13e3c87), integer Unix timestamps."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.captain_assistants import assistant_json
from fakewoot.serializers.push import user_push_data
from fakewoot.store.agent_capacity_policies import jsonb_order

if TYPE_CHECKING:
    from fakewoot.store.captain_assistants import Assistant
    from fakewoot.store.captain_custom_tools import CustomTool
    from fakewoot.store.captain_documents import Document
    from fakewoot.store.copilot import CopilotMessage, CopilotThread
    from fakewoot.store.state import Store

ASSISTANT_LOGO = "/assets/images/dashboard/captain/logo.svg"  # Captain::Assistant#default_avatar_url


def custom_tool_json(tool: CustomTool, *, fresh: Collection[str] = ()) -> dict[str, Any]:
    """jsonb columns (auth_config, param_schema) as assigned when this request assigned them
    (`fresh`), else as loaded (jsonb order)."""

    def value(key: str) -> Any:
        raw = getattr(tool, key)
        return raw if key in fresh else jsonb_order(raw)

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
        "auth_config": value("auth_config"),
        "param_schema": value("param_schema"),
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


def assistant_push_json(assistant: Assistant, frontend_url: str) -> dict[str, Any]:
    """Captain::Assistant#push_event_data: created_at as a time (ISO 8601), the default logo."""
    return {
        "id": assistant.id,
        "name": assistant.name,
        "avatar_url": frontend_url + ASSISTANT_LOGO,
        "description": assistant.description,
        "created_at": iso8601(assistant.created_at),
        "type": "captain_assistant",
    }


def copilot_thread_push_json(store: Store, thread: CopilotThread) -> dict[str, Any]:
    """CopilotThread#push_event_data."""
    return {
        "id": thread.id,
        "title": thread.title,
        "created_at": int(thread.created_at),
        "user": user_push_data(store, thread.user_id, thread.account_id),
        "account_id": thread.account_id,
    }


def copilot_thread_json(store: Store, thread: CopilotThread, frontend_url: str) -> dict[str, Any]:
    assistant = store.captain_assistants.get(thread.account_id, thread.assistant_id)
    return {
        "id": thread.id,
        "title": thread.title,
        "created_at": int(thread.created_at),
        "user": user_push_data(store, thread.user_id, thread.account_id),
        "assistant": None if assistant is None else assistant_push_json(assistant, frontend_url),
        "account_id": thread.account_id,
    }


def copilot_message_push_json(store: Store, message: CopilotMessage, thread: CopilotThread) -> dict[str, Any]:
    """CopilotMessage#push_event_data (the `copilot.message.created` broadcast's body)."""
    return {
        "id": message.id,
        "message": message.message,
        "message_type": message.message_type,
        "created_at": int(message.created_at),
        "copilot_thread": copilot_thread_push_json(store, thread),
    }


def copilot_message_json(store: Store, message: CopilotMessage, thread: CopilotThread) -> dict[str, Any]:
    return {**copilot_message_push_json(store, message, thread), "account_id": message.account_id}
