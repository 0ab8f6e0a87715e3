"""Accounts: the per-account state root (the account's own columns plus its child tables)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.base import Table

if TYPE_CHECKING:
    from fakewoot.ids import Sequences
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.agent_capacity_policies import AgentCapacityPolicy, InboxCapacityLimit
    from fakewoot.store.articles import Article
    from fakewoot.store.assignment_policies import AssignmentPolicy, InboxAssignmentPolicy
    from fakewoot.store.automation_rules import AutomationRule
    from fakewoot.store.campaigns import Campaign
    from fakewoot.store.canned_responses import CannedResponse
    from fakewoot.store.captain_assistants import Assistant as CaptainAssistant
    from fakewoot.store.captain_assistants import CaptainInbox
    from fakewoot.store.captain_custom_tools import CustomTool as CaptainCustomTool
    from fakewoot.store.captain_documents import Document as CaptainDocument
    from fakewoot.store.captain_responses import AssistantResponse as CaptainAssistantResponse
    from fakewoot.store.captain_scenarios import Scenario as CaptainScenario
    from fakewoot.store.categories import Category
    from fakewoot.store.companies import Company
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.copilot import CopilotMessage, CopilotThread
    from fakewoot.store.csat_survey_responses import CsatSurveyResponse
    from fakewoot.store.custom_attribute_definitions import CustomAttributeDefinition
    from fakewoot.store.custom_filters import CustomFilter
    from fakewoot.store.custom_roles import CustomRole, RoleAssignment
    from fakewoot.store.dashboard_apps import DashboardApp
    from fakewoot.store.data_imports import DataImport
    from fakewoot.store.hooks import Hook
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.labels import Label
    from fakewoot.store.macros import Macro
    from fakewoot.store.messages import Message
    from fakewoot.store.notes import Note
    from fakewoot.store.notification_settings import NotificationSetting
    from fakewoot.store.notifications import Notification
    from fakewoot.store.portals import Portal
    from fakewoot.store.reporting_events import ReportingEvent
    from fakewoot.store.sla_policies import SlaPolicy
    from fakewoot.store.state import Store
    from fakewoot.store.teams import Team
    from fakewoot.store.webhooks import Webhook

# config/features.yml: the features enabled by default on a new account (`enabled: true`).
DEFAULT_FEATURES: tuple[str, ...] = (
    "inbound_emails",
    "channel_email",
    "channel_facebook",
    "channel_twitter",
    "help_center",
    "agent_bots",
    "macros",
    "agent_management",
    "team_management",
    "inbox_management",
    "labels",
    "custom_attributes",
    "automations",
    "canned_responses",
    "integrations",
    "voice_recorder",
    "channel_website",
    "reports",
    "crm",
    "auto_resolve_conversations",
    "message_reply_to",
    "chatwoot_v4",
    "report_v4",
    "contact_chatwoot_support_team",
    "channel_instagram",
)

CACHE_KEY_NAMES = ("label", "inbox", "team")
# Chatwoot's `settings` store accessors; `auto_resolve_after` is validated as 10..1439856 or null.
SETTING_KEYS = (
    "auto_resolve_after",
    "auto_resolve_message",
    "auto_resolve_ignore_waiting",
    "audio_transcriptions",
    "auto_resolve_label",
)
# permitted as an array of strings by the core controller at v4.10 (`conversation_required_attributes: []`)
REQUIRED_ATTRIBUTES_SETTING = "conversation_required_attributes"
CUSTOM_ATTRIBUTE_KEYS = ("industry", "company_size", "timezone")
AUTO_RESOLVE_AFTER_RANGE = (10, 1_439_856)


@dataclass(slots=True)
class Account:
    id: int
    name: str
    created_at: float
    updated_at: float
    sequences: Sequences
    locale: str = "en"
    domain: str | None = None
    support_email: str | None = None
    status: str = "active"
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    features: list[str] = field(default_factory=lambda: list(DEFAULT_FEATURES))
    cache_keys: dict[str, int] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)  # usage limits, e.g. {"agents": 5}
    captain_models: dict[str, Any] | None = None  # Captain preferences (fakewoot/store/captain.py)
    captain_features: dict[str, Any] | None = None
    # child tables; ids come from the installation-wide sequences, as in Chatwoot's database
    members: dict[int, AccountUser] = field(default_factory=dict)  # by user id
    inboxes: Table[Inbox] = field(init=False)
    bot_inboxes: dict[int, int] = field(default_factory=dict)  # inbox id -> agent bot id
    labels: Table[Label] = field(init=False)
    custom_attribute_definitions: Table[CustomAttributeDefinition] = field(init=False)
    contacts: Table[Contact] = field(init=False)
    contact_inboxes: Table[ContactInbox] = field(init=False)
    notes: Table[Note] = field(init=False)
    conversations: Table[Conversation] = field(init=False)
    messages: Table[Message] = field(init=False)
    conversation_ids: dict[int, int] = field(default_factory=dict)  # display_id -> conversation id
    data_imports: Table[DataImport] = field(init=False)
    webhooks: Table[Webhook] = field(init=False)
    canned_responses: Table[CannedResponse] = field(init=False)
    teams: Table[Team] = field(init=False)
    macros: Table[Macro] = field(init=False)
    automation_rules: Table[AutomationRule] = field(init=False)
    custom_filters: Table[CustomFilter] = field(init=False)
    dashboard_apps: Table[DashboardApp] = field(init=False)
    campaigns: Table[Campaign] = field(init=False)
    campaign_display_ids: int = 0  # camp_dpid_seq_<account id>
    notifications: Table[Notification] = field(init=False)
    notification_settings: Table[NotificationSetting] = field(init=False)
    reporting_events: Table[ReportingEvent] = field(init=False)
    hooks: Table[Hook] = field(init=False)
    csat_survey_responses: Table[CsatSurveyResponse] = field(init=False)
    portals: Table[Portal] = field(init=False)
    categories: Table[Category] = field(init=False)
    articles: Table[Article] = field(init=False)
    assignment_policies: Table[AssignmentPolicy] = field(init=False)
    inbox_assignment_policies: Table[InboxAssignmentPolicy] = field(init=False)
    agent_capacity_policies: Table[AgentCapacityPolicy] = field(init=False)
    inbox_capacity_limits: Table[InboxCapacityLimit] = field(init=False)
    captain_assistants: Table[CaptainAssistant] = field(init=False)
    captain_inboxes: Table[CaptainInbox] = field(init=False)
    captain_assistant_responses: Table[CaptainAssistantResponse] = field(init=False)
    captain_scenarios: Table[CaptainScenario] = field(init=False)
    captain_custom_tools: Table[CaptainCustomTool] = field(init=False)
    captain_documents: Table[CaptainDocument] = field(init=False)
    copilot_threads: Table[CopilotThread] = field(init=False)
    copilot_messages: Table[CopilotMessage] = field(init=False)
    sla_policies: Table[SlaPolicy] = field(init=False)
    custom_roles: Table[CustomRole] = field(init=False)
    custom_role_assignments: Table[RoleAssignment] = field(init=False)  # account_users.custom_role_id
    companies: Table[Company] = field(init=False)
    # unique indexes of contacts (Chatwoot's per-account unique constraints)
    contact_emails: dict[str, int] = field(default_factory=dict)
    contact_phones: dict[str, int] = field(default_factory=dict)
    contact_identifiers: dict[str, int] = field(default_factory=dict)
    # inbox id -> source id -> contact inbox id (source ids are unique per inbox)
    source_ids: dict[int, dict[str, int]] = field(default_factory=dict)
    display_ids: int = 0  # the per-account conversation display_id sequence

    def __post_init__(self) -> None:
        self.inboxes = Table("inboxes", self.sequences)
        self.labels = Table("labels", self.sequences)
        self.custom_attribute_definitions = Table("custom_attribute_definitions", self.sequences)
        self.contacts = Table("contacts", self.sequences)
        self.contact_inboxes = Table("contact_inboxes", self.sequences)
        self.notes = Table("notes", self.sequences)
        self.conversations = Table("conversations", self.sequences)
        self.messages = Table("messages", self.sequences)
        self.data_imports = Table("data_imports", self.sequences)
        self.webhooks = Table("webhooks", self.sequences)
        self.canned_responses = Table("canned_responses", self.sequences)
        self.teams = Table("teams", self.sequences)
        self.macros = Table("macros", self.sequences)
        self.automation_rules = Table("automation_rules", self.sequences)
        self.custom_filters = Table("custom_filters", self.sequences)
        self.dashboard_apps = Table("dashboard_apps", self.sequences)
        self.campaigns = Table("campaigns", self.sequences)
        self.notifications = Table("notifications", self.sequences)
        self.notification_settings = Table("notification_settings", self.sequences)
        self.reporting_events = Table("reporting_events", self.sequences)
        self.hooks = Table("integrations_hooks", self.sequences)
        self.csat_survey_responses = Table("csat_survey_responses", self.sequences)
        self.portals = Table("portals", self.sequences)
        self.categories = Table("categories", self.sequences)
        self.articles = Table("articles", self.sequences)
        self.assignment_policies = Table("assignment_policies", self.sequences)
        self.inbox_assignment_policies = Table("inbox_assignment_policies", self.sequences)
        self.agent_capacity_policies = Table("agent_capacity_policies", self.sequences)
        self.inbox_capacity_limits = Table("inbox_capacity_limits", self.sequences)
        self.captain_assistants = Table("captain_assistants", self.sequences)
        self.captain_inboxes = Table("captain_inboxes", self.sequences)
        self.captain_assistant_responses = Table("captain_assistant_responses", self.sequences)
        self.captain_scenarios = Table("captain_scenarios", self.sequences)
        self.captain_custom_tools = Table("captain_custom_tools", self.sequences)
        self.captain_documents = Table("captain_documents", self.sequences)
        self.copilot_threads = Table("copilot_threads", self.sequences)
        self.copilot_messages = Table("copilot_messages", self.sequences)
        self.sla_policies = Table("sla_policies", self.sequences)
        self.custom_roles = Table("custom_roles", self.sequences)
        self.custom_role_assignments = Table("custom_role_assignments", self.sequences)
        self.companies = Table("companies", self.sequences)


class Accounts:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, account_id: int) -> Account | None:
        return self._store.state.accounts.get(account_id)

    def create(
        self,
        *,
        name: str,
        locale: str = "en",
        account_id: int | None = None,
        created_at: float | None = None,
        domain: str | None = None,
        support_email: str | None = None,
        status: str = "active",
        custom_attributes: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        features: list[str] | None = None,
        limits: dict[str, Any] | None = None,
    ) -> Account:
        store = self._store
        state = store.state
        now = store.clock.now() if created_at is None else created_at
        new_id = account_id if account_id is not None else state.sequences.next("accounts")
        if new_id in state.accounts:
            raise ValueError(f"accounts: duplicate id {new_id}")
        state.sequences.bump("accounts", new_id)
        account = Account(
            id=new_id,
            name=name,
            created_at=now,
            updated_at=now,
            sequences=state.sequences,
            locale=locale,
            domain=domain,
            support_email=support_email,
            status=status,
            custom_attributes=dict(custom_attributes or {}),
            settings=dict(settings or {}),
            features=list(DEFAULT_FEATURES if features is None else features),
            limits=dict(limits or {}),
        )
        state.accounts[account.id] = account
        store.publish("account.created", account=account)
        return account

    def update(
        self,
        account: Account,
        *,
        columns: dict[str, Any],
        custom_attributes: dict[str, Any],
        settings: dict[str, Any],
    ) -> Account:
        """Apply already-validated changes (validation is the caller's, via `validate_update`)."""
        for key, value in columns.items():
            setattr(account, key, value)
        account.custom_attributes.update(custom_attributes)
        if account.custom_attributes.get("onboarding_step") == "account_update":
            account.custom_attributes["onboarding_step"] = "invite_team"
        account.settings.update(settings)
        account.updated_at = self._store.clock.now()
        self._store.publish("account.updated", account=account)
        return account

    def assign(self, account: Account, columns: dict[str, Any]) -> None:
        """Platform API assign_attributes: columns, and limits/custom_attributes replaced whole."""
        for key, value in columns.items():
            setattr(account, key, dict(value) if isinstance(value, dict) else value)
        account.updated_at = self._store.clock.now()
        self._store.publish("account.updated", account=account)

    def agent_limit(self, account: Account) -> int | None:
        """usage_limits[:agents]; None is unlimited (fakewoot's default)."""
        value = account.limits.get("agents")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def set_features(self, account: Account, flags: dict[str, bool]) -> None:
        """enable_features / disable_features: the order of the enabled list is kept."""
        for name, enabled in flags.items():
            if enabled and name not in account.features:
                account.features.append(name)
            elif not enabled and name in account.features:
                account.features.remove(name)

    def forget_onboarding_step(self, account: Account) -> None:
        account.custom_attributes.pop("onboarding_step", None)
        account.updated_at = self._store.clock.now()

    def delete(self, account: Account) -> None:
        state = self._store.state
        state.accounts.pop(account.id, None)
        for app in state.platform_apps:
            app.permissibles.discard(("Account", account.id))
        self._store.publish("account.deleted", account=account)

    def invalidate_cache_key(self, account: Account, name: str) -> None:
        """Bump one of label/inbox/team to now (Chatwoot's update_cache_key)."""
        account.cache_keys[name] = int(self._store.clock.now())
        self._store.publish("account.cache_invalidated", account=account)
