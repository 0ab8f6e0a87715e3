"""The integration apps a v4.10 install knows (config/integration/apps.yml, in its order) and their
English names and descriptions (config/locales/en.yml `integration_apps`): facts as data.

Which apps an account sees (Integrations::App#active?) on a self-hosted install with no third-party
credentials: Slack needs SLACK_CLIENT_SECRET, Linear the `linear_integration` feature and
LINEAR_CLIENT_ID, Shopify `shopify_integration` and SHOPIFY_CLIENT_ID, Notion `notion_integration`
and NOTION_CLIENT_ID (none are configured in fakewoot, so never active); LeadSquared needs the
account's `crm_integration` feature; every other app is always active.
"""

from __future__ import annotations

from typing import Any

_CREDENTIALS_FORM = {
    "label": "",
    "type": "textarea",
    "name": "credentials",
    "validation": "required|JSON",
    "validationName": "Credentials",
    "validation-messages": {"JSON": "Invalid JSON", "required": "Credentials is required"},
}


def _credentials(label: str) -> dict[str, Any]:
    return {**_CREDENTIALS_FORM, "label": label}


def _schema(properties: dict[str, str], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: {"type": kind} for name, kind in properties.items()},
        "required": required,
        "additionalProperties": False,
    }


_SLACK_SCOPES = (
    "commands,chat:write,channels:read,channels:manage,channels:join,groups:read,groups:write,im:write,"
    "mpim:write,users:read,users:read.email,chat:write.customize,channels:history,groups:history,"
    "mpim:history,im:history,files:read,files:write"
)

# Each app's params as apps.yml spells them, keys in the file's order (the admin partial renders them
# all, in this order).
APPS: tuple[dict[str, Any], ...] = (
    {
        "id": "webhook",
        "logo": "webhooks.png",
        "i18n_key": "webhooks",
        "action": "/webhook",
        "hook_type": "account",
        "allow_multiple_hooks": True,
    },
    {
        "id": "dashboard_apps",
        "logo": "dashboard_apps.png",
        "i18n_key": "dashboard_apps",
        "hook_type": "account",
        "allow_multiple_hooks": True,
    },
    {
        "id": "openai",
        "logo": "openai.png",
        "i18n_key": "openai",
        "action": "/openai",
        "hook_type": "account",
        "allow_multiple_hooks": False,
        "settings_json_schema": _schema({"api_key": "string", "label_suggestion": "boolean"}, ["api_key"]),
        "settings_form_schema": [
            {"label": "API Key", "type": "text", "name": "api_key", "validation": "required"},
            {
                "label": "Show label suggestions",
                "type": "checkbox",
                "name": "label_suggestion",
                "validation": "",
            },
        ],
        "visible_properties": ["api_key", "label_suggestion"],
    },
    {
        "id": "linear",
        "logo": "linear.png",
        "i18n_key": "linear",
        "action": "https://linear.app/oauth/authorize",
        "hook_type": "account",
        "allow_multiple_hooks": False,
    },
    {
        "id": "notion",
        "logo": "notion.png",
        "i18n_key": "notion",
        "hook_type": "account",
        "allow_multiple_hooks": False,
    },
    {
        "id": "slack",
        "logo": "slack.png",
        "i18n_key": "slack",
        "action": "https://slack.com/oauth/v2/authorize?scope=" + _SLACK_SCOPES,
        "hook_type": "account",
        "allow_multiple_hooks": False,
    },
    {
        "id": "dialogflow",
        "logo": "dialogflow.png",
        "i18n_key": "dialogflow",
        "action": "/dialogflow",
        "hook_type": "inbox",
        "allow_multiple_hooks": True,
        "settings_json_schema": _schema(
            {"project_id": "string", "credentials": "object", "region": "string"},
            ["project_id", "credentials"],
        ),
        "settings_form_schema": [
            {
                "label": "Dialogflow Project ID",
                "type": "text",
                "name": "project_id",
                "validation": "required",
                "validationName": "Project Id",
            },
            _credentials("Dialogflow Project Key File"),
            {
                "label": "Dialogflow Region",
                "type": "select",
                "name": "region",
                "default": "global",
                "options": [
                    {"label": "Global - Default", "value": "global"},
                    {"label": "AS-NE1 - Tokyo, Japan", "value": "asia-northeast1"},
                    {"label": "AU-SE1 - Sydney, Australia", "value": "australia-southeast1"},
                    {"label": "EU-W1 - St. Ghislain, Belgium", "value": "europe-west1"},
                    {"label": "EU-W2 - London, England", "value": "europe-west2"},
                ],
            },
        ],
        "visible_properties": ["project_id", "region"],
    },
    {
        "id": "google_translate",
        "logo": "google-translate.png",
        "i18n_key": "google_translate",
        "action": "/google_translate",
        "hook_type": "account",
        "allow_multiple_hooks": False,
        "settings_json_schema": _schema(
            {"project_id": "string", "credentials": "object"}, ["project_id", "credentials"]
        ),
        "settings_form_schema": [
            {
                "label": "Google Cloud Project ID",
                "type": "text",
                "name": "project_id",
                "validation": "required",
                "validationName": "Project Id",
            },
            _credentials("Google Cloud Project Key File"),
        ],
        "visible_properties": ["project_id"],
    },
    {
        "id": "dyte",
        "logo": "dyte.png",
        "i18n_key": "dyte",
        "action": "/dyte",
        "hook_type": "account",
        "allow_multiple_hooks": False,
        "settings_json_schema": _schema(
            {"api_key": "string", "organization_id": "string"}, ["api_key", "organization_id"]
        ),
        "settings_form_schema": [
            {"label": "Organization ID", "type": "text", "name": "organization_id", "validation": "required"},
            {"label": "API Key", "type": "text", "name": "api_key", "validation": "required"},
        ],
        "visible_properties": ["organization_id"],
    },
    {
        "id": "shopify",
        "logo": "shopify.png",
        "i18n_key": "shopify",
        "hook_type": "account",
        "allow_multiple_hooks": False,
    },
    {
        "id": "leadsquared",
        "feature_flag": "crm_integration",
        "logo": "leadsquared.png",
        "i18n_key": "leadsquared",
        "action": "/leadsquared",
        "hook_type": "account",
        "allow_multiple_hooks": False,
        "settings_json_schema": _schema(
            {
                "access_key": "string",
                "secret_key": "string",
                "endpoint_url": "string",
                "app_url": "string",
                "timezone": "string",
                "enable_conversation_activity": "boolean",
                "enable_transcript_activity": "boolean",
                "conversation_activity_score": "string",
                "transcript_activity_score": "string",
                "conversation_activity_code": "integer",
                "transcript_activity_code": "integer",
            },
            ["access_key", "secret_key"],
        ),
        "settings_form_schema": [
            {"label": "Access Key", "type": "text", "name": "access_key", "validation": "required"},
            {"label": "Secret Key", "type": "text", "name": "secret_key", "validation": "required"},
            {
                "label": "Push Conversation Activity",
                "type": "checkbox",
                "name": "enable_conversation_activity",
                "help": "Enable this option to push an activity when a conversation is created",
            },
            {
                "label": "Conversation Activity Score",
                "type": "number",
                "name": "conversation_activity_score",
                "help": "Score to assign to the conversation created activity, default is 0",
            },
            {
                "label": "Push Transcript Activity",
                "type": "checkbox",
                "name": "enable_transcript_activity",
                "help": "Enable this option to push an activity when a transcript is created",
            },
            {
                "label": "Transcript Activity Score",
                "type": "number",
                "name": "transcript_activity_score",
                "help": "Score to assign to the conversation transcript activity, default is 0",
            },
        ],
        "visible_properties": [
            "access_key",
            "endpoint_url",
            "enable_conversation_activity",
            "enable_transcript_activity",
            "conversation_activity_score",
            "transcript_activity_score",
        ],
    },
)

# config/locales/en.yml integration_apps.<i18n_key>: name, description, short_description (webhooks and
# dashboard_apps have none: I18n.t answers its "Translation missing: ..." text, which `presence` keeps).
TEXTS: dict[str, tuple[str, str, str | None]] = {
    "dashboard_apps": (
        "Dashboard Apps",
        "Dashboard Apps allow you to create and embed applications that display user information, orders, "
        "or payment history, providing more context to your customer support agents.",
        None,
    ),
    "dyte": (
        "Dyte",
        "Dyte is a product that integrates audio and video functionalities into your application. With this "
        "integration, your agents can start video/voice calls with your customers directly from Chatwoot.",
        "Start video/voice calls with customers directly from Chatwoot.",
    ),
    "slack": (
        "Slack",
        "Integrate Chatwoot with Slack to keep your team in sync. This integration allows you to receive "
        "notifications for new conversations and respond to them directly within Slack's interface.",
        "Receive notifications and respond to conversations directly in Slack.",
    ),
    "webhooks": (
        "Webhooks",
        "Webhook events provide real-time updates about activities in your Chatwoot account. You can "
        "subscribe to your preferred events, and Chatwoot will send you HTTP callbacks with the updates.",
        None,
    ),
    "dialogflow": (
        "Dialogflow",
        "Build chatbots with Dialogflow and easily integrate them into your inbox. These bots can handle "
        "initial queries before transferring them to a customer service agent.",
        "Build chatbots to handle initial queries before transferring to agents.",
    ),
    "google_translate": (
        "Google Translate",
        "Integrate Google Translate to help agents easily translate customer messages. This integration "
        "automatically detects the language and converts it to the agent's or admin's preferred language.",
        "Automatically translate customer messages for agents.",
    ),
    "openai": (
        "OpenAI",
        "Leverage the power of large language models from OpenAI with the features such as reply "
        "suggestions, summarization, message rephrasing, spell-checking, and label classification.",
        "AI-powered reply suggestions, summarization, and message enhancement.",
    ),
    "linear": (
        "Linear",
        "Create issues in Linear directly from your conversation window. Alternatively, link existing "
        "Linear issues for a more streamlined and efficient issue tracking process.",
        "Create and link Linear issues directly from conversations.",
    ),
    "notion": (
        "Notion",
        "Connect your Notion workspace to enable Captain to access and generate intelligent responses using "
        "content from your databases, documents, and pages to provide more contextual customer support.",
        "Integrate databases, documents and pages directly with Captain.",
    ),
    "shopify": (
        "Shopify",
        "Connect your Shopify store to access order details, customer information, and product data "
        "directly within your conversations and helps your support team provide faster, more contextual "
        "assistance to your customers.",
        "Access order details and customer data from your Shopify store.",
    ),
    "leadsquared": (
        "LeadSquared",
        "Sync your contacts and conversations with LeadSquared CRM. This integration automatically creates "
        "leads in LeadSquared when new contacts are added, and logs conversation activity to provide your "
        "sales team with complete context.",
        "Sync your contacts and conversations with LeadSquared CRM.",
    ),
}

# Apps that need credentials fakewoot never has (SLACK_CLIENT_SECRET, LINEAR_CLIENT_ID,
# SHOPIFY_CLIENT_ID, NOTION_CLIENT_ID): never active.
NEEDS_CREDENTIALS = frozenset({"slack", "linear", "shopify", "notion"})
# active only with this account feature
FEATURE_GATED = {"leadsquared": "crm_integration"}


MISSING_TRANSLATION = "Translation missing: en.integration_apps.{key}.short_description"


def texts(app: dict[str, Any]) -> tuple[str, str, str]:
    """name, description, short_description as the English locale renders them."""
    key = app["i18n_key"]
    name, description, short = TEXTS[key]
    return name, description, short if short is not None else MISSING_TRANSLATION.format(key=key)


def find(app_id: object) -> dict[str, Any] | None:
    """Integrations::App.find(id:)."""
    return next((app for app in APPS if app["id"] == app_id), None)


def active(app: dict[str, Any], features: list[str]) -> bool:
    """Integrations::App#active? with no third-party credentials configured."""
    if app["id"] in NEEDS_CREDENTIALS:
        return False
    flag = FEATURE_GATED.get(app["id"])
    return flag is None or flag in features
