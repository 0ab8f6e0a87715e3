"""The API's route tables, gathered from one module per resource, and the router built from them.

Each module's `routes` list is the truth. A server does not import those modules to start: it builds
its router from `fakewoot/api/route_index.py`, the same tables compiled to (method, path, module,
handler name) rows, and imports a handler's module on the first request to one of its routes (about
140 modules and their serializers, a third of fakewoot's import time, that most runs barely touch).
`python -m fakewoot.api.index > fakewoot/api/route_index.py` writes the index; a test keeps it current.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from fakewoot.api.routing import Handler, Route, Router

if TYPE_CHECKING:
    from fakewoot.api.context import RequestContext
    from fakewoot.api.responses import Response

# the modules with route tables, under fakewoot.api: the API's, then the control API's
ROUTE_MODULES = (
    "accounts",
    "active_storage",
    "uploads",
    "agents",
    "auth",
    "profiles",
    "inboxes",
    "labels",
    "custom_attribute_definitions",
    "contacts",
    "contact_children",
    "conversations",
    "conversation_children",
    "inbox_members",
    "webhooks",
    "agent_bots",
    "canned_responses",
    "teams",
    "macros",
    "automation_rules",
    "reports",
    "summary_reports",
    "live_reports",
    "conversation_traffic",
    "year_in_reviews",
    "custom_filters",
    "dashboard_apps",
    "draft_messages",
    "bulk_actions",
    "message_translate",
    "assignable_agents",
    "assignment_policies",
    "agent_capacity_policies",
    "campaigns",
    "notification_subscriptions",
    "notifications",
    "integrations",
    "integration_services",
    "enterprise",
    "sla_policies",
    "custom_roles",
    "companies",
    "csat",
    "portals",
    "portal_children",
    "search",
    "captain",
    "captain_assistants",
    "captain_bulk_actions",
    "captain_custom_tools",
    "captain_documents",
    "captain_responses",
    "copilot",
    "platform.users",
    "platform.accounts",
    "platform.account_users",
    "platform.agent_bots",
    "public.inboxes",
    "public.contacts",
    "public.conversations",
    "public.messages",
    "dashboard",
    "pending",
)
CONTROL_MODULES = (
    "fakewoot.admin.routes",
    "fakewoot.admin.cable",
    "fakewoot.admin.scenarios",
    "fakewoot.admin.webhooks",
)


def all_routes() -> list[Route]:
    """fakewoot's route tables, then a 501 for every Chatwoot route they do not match (imports them all)."""
    from fakewoot.api import upstream

    routes = [route for name in ROUTE_MODULES for route in import_module(f"fakewoot.api.{name}").routes]
    return routes + upstream.unrouted(Router(routes))


def control_routes() -> list[Route]:
    """The control API's route tables (/_fakewoot/...)."""
    return [route for name in CONTROL_MODULES for route in import_module(name).routes]


def build_router() -> Router:
    """The API's and the control API's routes from the compiled index; handlers load on first use."""
    from fakewoot.api.route_index import ROUTES
    from fakewoot.api.upstream import not_yet

    router = Router()
    for method, path, module, handler, name, pending in ROUTES:
        if module is None:  # a Chatwoot route fakewoot answers with 501
            router.add(Route(method, path, not_yet(method, path, name), name, pending=True))
        else:
            router.add(Route(method, path, lazy_handler(module, handler), name, pending))
    return router


def lazy_handler(module: str, name: str) -> Handler:
    """The handler `module.name`, imported when it is first called."""
    resolved: list[Handler] = []

    async def handler(ctx: RequestContext) -> Response:
        if not resolved:
            resolved.append(getattr(import_module(module), name))
        return await resolved[0](ctx)

    handler.__module__, handler.__name__, handler.__qualname__ = module, name, name
    return handler
