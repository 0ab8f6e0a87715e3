"""The fixture file format: one pydantic model per table, strict (unknown fields are errors).

seeding.py loads these into a Store; docs for users are in README.md ("Fixtures")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fakewoot.store.custom_attribute_definitions import ATTRIBUTE_MODELS, DISPLAY_TYPES
from fakewoot.store.inboxes import INBOX_SETTINGS
from fakewoot.store.locales import LOCALES
from fakewoot.store.validation import EMAIL_RE
from fakewoot.store.webhooks import ALLOWED_EVENTS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AccountFixture(_Model):
    id: int = Field(gt=0)
    name: str = Field(min_length=1, max_length=255)
    locale: str = "en"
    domain: str | None = Field(default=None, max_length=100)
    support_email: str | None = None
    status: Literal["active", "suspended"] = "active"
    features: list[str] | None = None
    custom_attributes: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    limits: dict[str, int] = Field(default_factory=dict)  # e.g. {agents: 5}; unlimited when absent
    created_at: datetime | None = None

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"unknown locale {value!r}")
        return value


class MembershipFixture(_Model):
    account_id: int
    role: Literal["administrator", "agent"] = "agent"
    availability: Literal["online", "offline", "busy"] = "online"
    auto_offline: bool = True
    active_at: datetime | None = None


class UserFixture(_Model):
    id: int = Field(gt=0)
    name: str = Field(max_length=255)
    email: str
    password: str = Field(min_length=6, max_length=128)
    display_name: str | None = Field(default=None, max_length=255)
    access_token: str | None = Field(default=None, min_length=1)
    pubsub_token: str | None = Field(default=None, min_length=1)
    confirmed: bool = True
    message_signature: str | None = None
    ui_settings: dict[str, Any] = Field(default_factory=dict)
    custom_attributes: dict[str, Any] = Field(default_factory=dict)
    avatar_url: str = ""
    type: Literal["SuperAdmin"] | None = None
    accounts: list[MembershipFixture] = Field(default_factory=list)
    created_at: datetime | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not EMAIL_RE.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value.lower()


class PermissibleFixture(_Model):
    type: Literal["User", "Account", "AgentBot"]
    id: int


class PlatformAppFixture(_Model):
    id: int = Field(gt=0)
    name: str = Field(min_length=1)
    access_token: str | None = Field(default=None, min_length=1)
    permissibles: list[PermissibleFixture] = Field(default_factory=list)
    created_at: datetime | None = None


class AgentBotFixture(_Model):
    id: int = Field(gt=0)
    name: str = Field(min_length=1)
    description: str | None = None
    outgoing_url: str | None = None
    access_token: str | None = Field(default=None, min_length=1)
    account_id: int | None = None
    inbox_ids: list[int] = Field(default_factory=list)
    secret: str | None = Field(default=None, min_length=1)  # the webhook signing secret; generated if absent
    bot_config: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None


class InboxFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1)
    channel_type: Literal["api", "web_widget", "email"] = "api"
    channel: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    members: list[int] = Field(default_factory=list)  # user ids (inbox_members)
    created_at: datetime | None = None

    @field_validator("settings")
    @classmethod
    def _settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(INBOX_SETTINGS))
        if unknown:
            raise ValueError(f"unknown inbox settings {unknown}; known: {sorted(INBOX_SETTINGS)}")
        return value

    @field_validator("channel")
    @classmethod
    def _api_channel(cls, value: dict[str, Any]) -> dict[str, Any]:
        """An API inbox's Client API keys: `identifier` (the inbox_identifier) and `hmac_token` are
        non-empty strings, `hmac_mandatory` a boolean; each drawn like Chatwoot's when left out."""
        for key in ("identifier", "hmac_token"):
            if key in value and (not isinstance(value[key], str) or not value[key].strip()):
                raise ValueError(f"channel.{key} must be a non-empty string")
        if "hmac_mandatory" in value and not isinstance(value["hmac_mandatory"], bool):
            raise ValueError("channel.hmac_mandatory must be true or false")
        return value


class WebhookFixture(_Model):
    """An account webhook (POST .../webhooks); subscriptions default to the column default."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    url: str = Field(min_length=1)
    name: str | None = None
    subscriptions: list[str] | None = None
    inbox_id: int | None = None
    secret: str | None = Field(default=None, min_length=1)  # generated if absent
    created_at: datetime | None = None

    @field_validator("subscriptions")
    @classmethod
    def _subscriptions(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        if not value:
            raise ValueError("must list at least one event (or be left out for the default ones)")
        unknown = [event for event in value if event not in ALLOWED_EVENTS]
        if unknown:
            raise ValueError(f"unknown events {unknown}; allowed: {list(ALLOWED_EVENTS)}")
        return value


class LabelFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    title: str = Field(pattern=r"^[^\W_][\w-]+$")
    description: str | None = None
    color: str = "#1f93ff"
    show_on_sidebar: bool | None = None


class CannedResponseFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    short_code: str = Field(min_length=1)
    content: str = Field(min_length=1)


class TeamFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1)
    description: str | None = None
    allow_auto_assign: bool = True
    members: list[int] = Field(default_factory=list)  # user ids (members of the account)


class CaptainAssistantFixture(_Model):
    """A captain assistant (fakewoot/store/captain_assistants.py) and the inboxes of its account it
    serves (each inbox serves one assistant at most)."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    config: dict[str, Any] = Field(default_factory=dict)
    response_guidelines: list[Any] = Field(default_factory=list)
    guardrails: list[Any] = Field(default_factory=list)
    inboxes: list[int] = Field(default_factory=list)
    created_at: datetime | None = None


class CaptainAssistantResponseFixture(_Model):
    """A captain FAQ (fakewoot/store/captain_responses.py) of an assistant of the account."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    assistant_id: int
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)
    status: Literal["pending", "approved"] = "approved"
    created_at: datetime | None = None


class AssignmentPolicyFixture(_Model):
    """An assignment policy (app/models/assignment_policy.rb) and the inboxes of its account it governs
    (one policy per inbox: a later policy listing the same inbox takes it over)."""

    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    assignment_order: Literal["round_robin", "balanced"] = "round_robin"
    conversation_priority: Literal["earliest_created", "longest_waiting"] = "earliest_created"
    fair_distribution_limit: int = Field(default=100, gt=0, le=2**31 - 1)
    fair_distribution_window: int = Field(default=3600, gt=0, le=2**31 - 1)
    enabled: bool = True
    inboxes: list[int] = Field(default_factory=list)  # inbox ids of the account


class InboxCapacityLimitFixture(_Model):
    inbox_id: int
    conversation_limit: int = Field(gt=0, le=2**31 - 1)


class AgentCapacityPolicyFixture(_Model):
    """An agent capacity policy (enterprise/app/models/agent_capacity_policy.rb; no licence needed),
    the account users it applies to (one policy each: a later policy takes a user over) and its
    per-inbox conversation limits."""

    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    exclusion_rules: dict[str, Any] = Field(default_factory=dict)
    users: list[int] = Field(default_factory=list)  # user ids (members of the account)
    inbox_limits: list[InboxCapacityLimitFixture] = Field(default_factory=list)


class MacroFixture(_Model):
    """A macro (app/models/macro.rb): `created_by` is a user of the account (its author, also
    updated_by); actions as the API takes them."""

    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1)
    visibility: Literal["personal", "global"] = "personal"
    created_by: int | None = None
    actions: list[dict[str, Any]] = Field(default_factory=list)


class AutomationRuleFixture(_Model):
    """An automation rule (app/models/automation_rule.rb), validated as the API validates it."""

    id: int = Field(gt=0)
    account_id: int
    name: str = Field(min_length=1)
    description: str | None = None
    event_name: str = Field(min_length=1)
    conditions: list[dict[str, Any]] = Field(default_factory=list)
    actions: list[dict[str, Any]] = Field(default_factory=list)
    active: bool = True


class CustomFilterFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    user_id: int
    name: str
    filter_type: Literal["conversation", "contact", "report"] = "conversation"
    query: dict[str, Any] = Field(default_factory=dict)


class DashboardAppFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    user_id: int | None = None
    title: str
    content: list[dict[str, Any]]


class CustomAttributeDefinitionFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    attribute_key: str = Field(min_length=1)
    attribute_display_name: str = Field(min_length=1)
    attribute_model: str = "contact_attribute"
    attribute_display_type: str = "text"
    attribute_description: str | None = None
    attribute_values: list[Any] = Field(default_factory=list)
    regex_pattern: str | None = None
    regex_cue: str | None = None

    @field_validator("attribute_model")
    @classmethod
    def _model(cls, value: str) -> str:
        if value not in ATTRIBUTE_MODELS:
            raise ValueError(f"must be one of {list(ATTRIBUTE_MODELS)}")
        return value

    @field_validator("attribute_display_type")
    @classmethod
    def _display_type(cls, value: str) -> str:
        if value not in DISPLAY_TYPES:
            raise ValueError(f"must be one of {list(DISPLAY_TYPES)}")
        return value


class ContactInboxFixture(_Model):
    inbox_id: int
    source_id: str | None = None


class NoteFixture(_Model):
    user_id: int | None = None
    content: str = Field(min_length=1)


class ContactFixture(_Model):
    id: int = Field(gt=0)
    account_id: int
    name: str = ""
    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    blocked: bool = False
    additional_attributes: dict[str, Any] = Field(default_factory=dict)
    custom_attributes: dict[str, Any] = Field(default_factory=dict)
    labels: list[str] = Field(default_factory=list)
    contact_inboxes: list[ContactInboxFixture] = Field(default_factory=list)
    notes: list[NoteFixture] = Field(default_factory=list)
    last_activity_at: datetime | None = None
    created_at: datetime | None = None


class MessageFixture(_Model):
    message_type: Literal["incoming", "outgoing", "activity", "template"] = "incoming"
    content: str = Field(min_length=1, max_length=150_000)
    private: bool = False
    sender_id: int | None = None  # a user of the account for outgoing messages (default: the assignee)
    content_type: str = "text"


class ConversationFixture(_Model):
    account_id: int
    inbox_id: int
    contact_id: int
    status: Literal["open", "resolved", "pending", "snoozed"] = "open"
    assignee_id: int | None = None
    priority: Literal["low", "medium", "high", "urgent"] | None = None
    labels: list[str] = Field(default_factory=list)
    messages: list[MessageFixture] = Field(default_factory=list)  # one minute apart from created_at
    created_at: datetime | None = None


class GenerateUsers(_Model):
    table: Literal["users"]
    account_id: int
    count: int = Field(ge=1, le=100_000)
    seed: int = 0
    role: Literal["administrator", "agent"] = "agent"
    password: str = Field(default="Password1!", min_length=6)


class GenerateConversations(_Model):
    table: Literal["conversations"]
    account_id: int
    inbox_id: int
    count: int = Field(ge=1, le=100_000)
    messages_per_conversation: int = Field(default=10, ge=0, le=1_000)
    seed: int = 0


class GenerateContacts(_Model):
    table: Literal["contacts"]
    account_id: int
    count: int = Field(ge=1, le=100_000)
    seed: int = 0
    inbox_id: int | None = None  # give each a contact inbox there
    labels: list[str] = Field(default_factory=list)  # each gets one of these, in turn


class NotificationSettingFixture(_Model):
    """A member's notification settings (fakewoot/store/notification_settings.py): the selected flag
    names, e.g. email_conversation_creation / push_conversation_mention."""

    account_id: int
    user_id: int
    email: list[str] = Field(default_factory=list)
    push: list[str] = Field(default_factory=list)


class NotificationFixture(_Model):
    """A notification of a user about a conversation (by its display_id in the account). As upstream,
    a user keeps one notification per conversation: a later one replaces an earlier one."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    user_id: int
    conversation_id: int
    notification_type: Literal[
        "conversation_creation",
        "conversation_assignment",
        "assigned_conversation_new_message",
        "conversation_mention",
        "participating_conversation_new_message",
        "sla_missed_first_response",
        "sla_missed_next_response",
        "sla_missed_resolution",
    ] = "conversation_assignment"
    read_at: datetime | None = None
    snoozed_until: datetime | None = None
    created_at: datetime | None = None


class HookFixture(_Model):
    """An integration hook (fakewoot/store/hooks.py): app_id from apps.yml, settings validated
    against the app's schema, an inbox for inbox apps (dialogflow)."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    app_id: str = Field(min_length=1)
    inbox_id: int | None = None
    status: Literal["enabled", "disabled"] = "enabled"
    settings: dict[str, Any] = Field(default_factory=dict)
    reference_id: str | None = None


class PortalFixture(_Model):
    """A help center portal (fakewoot/store/portals.py)."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    name: str = Field(min_length=1)
    slug: str = Field(min_length=1)
    custom_domain: str | None = None
    color: str | None = None
    homepage_link: str | None = None
    page_title: str | None = None
    header_text: str | None = None
    config: dict[str, Any] | None = None
    archived: bool = False
    inbox_id: int | None = None  # the live-chat website inbox


class CategoryFixture(_Model):
    """A help center category (fakewoot/store/categories.py) of a portal, named by its slug."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    portal: str = Field(min_length=1)  # the portal's slug
    name: str = Field(min_length=1)
    slug: str = Field(min_length=1)
    locale: str = "en"  # one of the portal's allowed_locales
    description: str | None = None
    position: int | None = None
    icon: str = ""
    parent_category_id: int | None = None
    associated_category_id: int | None = None
    related_category_ids: list[int] = Field(default_factory=list)  # categories listed before it
    created_at: datetime | None = None


class ArticleFixture(_Model):
    """A help center article (fakewoot/store/articles.py) of a portal, named by its slug; a missing
    slug, locale or position is derived as the API derives it."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    portal: str = Field(min_length=1)  # the portal's slug
    title: str = Field(min_length=1)
    content: str = Field(min_length=1)
    author_id: int  # any user
    description: str | None = None
    status: Literal["draft", "published", "archived"] = "draft"
    slug: str | None = None
    locale: str | None = None
    position: int | None = None
    category_id: int | None = None
    associated_article_id: int | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    views: int | None = None
    created_at: datetime | None = None


class CsatSurveyResponseFixture(_Model):
    """A customer's answer to a conversation's CSAT survey (by display_id in the account): the survey
    message is sent if the conversation has none, then answered."""

    account_id: int
    conversation_id: int
    rating: int = Field(ge=1, le=5)
    feedback_message: str | None = None
    created_at: datetime | None = None


class SlaPolicyFixture(_Model):
    """An SLA policy (fakewoot/store/sla_policies.py; no licence needed)."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    name: str = Field(min_length=1)
    description: str | None = None
    first_response_time_threshold: float | None = None
    next_response_time_threshold: float | None = None
    resolution_time_threshold: float | None = None
    only_during_business_hours: bool = False
    created_at: datetime | None = None


class CustomRoleFixture(_Model):
    """A custom role (fakewoot/store/custom_roles.py) and the members of its account holding it."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    name: str = Field(min_length=1)
    description: str | None = None
    permissions: list[str] = Field(default_factory=list)
    members: list[int] = Field(default_factory=list)  # user ids (members of the account)
    created_at: datetime | None = None


class CompanyFixture(_Model):
    """A company (fakewoot/store/companies.py)."""

    id: int | None = Field(default=None, gt=0)
    account_id: int
    name: str = Field(min_length=1)
    domain: str | None = None
    description: str | None = None
    created_at: datetime | None = None


class FixtureFile(_Model):
    seed_time: datetime | None = None
    accounts: list[AccountFixture] = Field(default_factory=list)
    users: list[UserFixture] = Field(default_factory=list)
    platform_apps: list[PlatformAppFixture] = Field(default_factory=list)
    agent_bots: list[AgentBotFixture] = Field(default_factory=list)
    inboxes: list[InboxFixture] = Field(default_factory=list)
    webhooks: list[WebhookFixture] = Field(default_factory=list)
    labels: list[LabelFixture] = Field(default_factory=list)
    custom_attribute_definitions: list[CustomAttributeDefinitionFixture] = Field(default_factory=list)
    canned_responses: list[CannedResponseFixture] = Field(default_factory=list)
    teams: list[TeamFixture] = Field(default_factory=list)
    assignment_policies: list[AssignmentPolicyFixture] = Field(default_factory=list)
    agent_capacity_policies: list[AgentCapacityPolicyFixture] = Field(default_factory=list)
    macros: list[MacroFixture] = Field(default_factory=list)
    automation_rules: list[AutomationRuleFixture] = Field(default_factory=list)
    custom_filters: list[CustomFilterFixture] = Field(default_factory=list)
    dashboard_apps: list[DashboardAppFixture] = Field(default_factory=list)
    contacts: list[ContactFixture] = Field(default_factory=list)
    conversations: list[ConversationFixture] = Field(default_factory=list)
    notification_settings: list[NotificationSettingFixture] = Field(default_factory=list)
    notifications: list[NotificationFixture] = Field(default_factory=list)
    hooks: list[HookFixture] = Field(default_factory=list)
    portals: list[PortalFixture] = Field(default_factory=list)
    categories: list[CategoryFixture] = Field(default_factory=list)
    articles: list[ArticleFixture] = Field(default_factory=list)
    csat_survey_responses: list[CsatSurveyResponseFixture] = Field(default_factory=list)
    captain_assistants: list[CaptainAssistantFixture] = Field(default_factory=list)
    captain_assistant_responses: list[CaptainAssistantResponseFixture] = Field(default_factory=list)
    sla_policies: list[SlaPolicyFixture] = Field(default_factory=list)
    custom_roles: list[CustomRoleFixture] = Field(default_factory=list)
    companies: list[CompanyFixture] = Field(default_factory=list)
    generate: list[
        Annotated[GenerateUsers | GenerateContacts | GenerateConversations, Field(discriminator="table")]
    ] = Field(default_factory=list)
