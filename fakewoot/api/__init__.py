"""The API's route tables, gathered from one module per resource."""

from __future__ import annotations

from fakewoot.api import (
    accounts,
    active_storage,
    agent_bots,
    agent_capacity_policies,
    agents,
    assignable_agents,
    assignment_policies,
    auth,
    automation_rules,
    bulk_actions,
    campaigns,
    canned_responses,
    captain,
    captain_assistants,
    captain_bulk_actions,
    captain_custom_tools,
    captain_documents,
    captain_responses,
    contact_children,
    contacts,
    conversation_children,
    conversation_traffic,
    conversations,
    copilot,
    csat,
    custom_attribute_definitions,
    custom_filters,
    dashboard,
    dashboard_apps,
    draft_messages,
    enterprise,
    inbox_members,
    inboxes,
    integration_services,
    integrations,
    labels,
    live_reports,
    macros,
    message_translate,
    notification_subscriptions,
    notifications,
    pending,
    portal_children,
    portals,
    profiles,
    reports,
    search,
    summary_reports,
    teams,
    uploads,
    upstream,
    webhooks,
    year_in_reviews,
)
from fakewoot.api.platform import account_users as platform_account_users
from fakewoot.api.platform import accounts as platform_accounts
from fakewoot.api.platform import agent_bots as platform_agent_bots
from fakewoot.api.platform import users as platform_users
from fakewoot.api.public import contacts as public_contacts
from fakewoot.api.public import conversations as public_conversations
from fakewoot.api.public import inboxes as public_inboxes
from fakewoot.api.public import messages as public_messages
from fakewoot.api.routing import Route, Router

ROUTE_MODULES = (
    accounts,
    active_storage,
    uploads,
    agents,
    auth,
    profiles,
    inboxes,
    labels,
    custom_attribute_definitions,
    contacts,
    contact_children,
    conversations,
    conversation_children,
    inbox_members,
    webhooks,
    agent_bots,
    canned_responses,
    teams,
    macros,
    automation_rules,
    reports,
    summary_reports,
    live_reports,
    conversation_traffic,
    year_in_reviews,
    custom_filters,
    dashboard_apps,
    draft_messages,
    bulk_actions,
    message_translate,
    assignable_agents,
    assignment_policies,
    agent_capacity_policies,
    campaigns,
    notification_subscriptions,
    notifications,
    integrations,
    integration_services,
    enterprise,
    csat,
    portals,
    portal_children,
    search,
    captain,
    captain_assistants,
    captain_bulk_actions,
    captain_custom_tools,
    captain_documents,
    captain_responses,
    copilot,
    platform_users,
    platform_accounts,
    platform_account_users,
    platform_agent_bots,
    public_inboxes,
    public_contacts,
    public_conversations,
    public_messages,
    dashboard,
    pending,
)


def all_routes() -> list[Route]:
    """fakewoot's route tables, then a 501 for every Chatwoot route they do not match."""
    routes = [route for module in ROUTE_MODULES for route in module.routes]
    return routes + upstream.unrouted(Router(routes))


def build_router() -> Router:
    return Router(all_routes())
