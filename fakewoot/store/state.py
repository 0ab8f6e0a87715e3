"""The Store: all state of one fake, as one picklable `State` plus domain-verb services.

Installation tables (users, access tokens, platform apps, agent bots) live on `State`;
per-account data hangs off `State.accounts[id]`. Ids come from one `Sequences` per installation,
so every table counts from 1 as Chatwoot's database does. `snapshot()`/`restore()` copy `State`
with one pickle round trip; `reset()` restores the snapshot taken right after seeding.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from fakewoot.clock import Clock
from fakewoot.events.bus import Event, EventBus
from fakewoot.ids import Sequences, Tokens
from fakewoot.records import dataclass
from fakewoot.store.base import Table
from fakewoot.store.inboxes import BASE58
from fakewoot.store.presence import PRESENCE_DURATION_SECONDS
from fakewoot.store.search import SearchIndex

if TYPE_CHECKING:
    from fakewoot.store.access_tokens import AccessToken, AccessTokens
    from fakewoot.store.account_users import AccountUsers
    from fakewoot.store.accounts import Account, Accounts
    from fakewoot.store.agent_bots import AgentBot, AgentBots
    from fakewoot.store.agent_capacity_policies import AgentCapacityPolicies
    from fakewoot.store.articles import Articles
    from fakewoot.store.assignment_policies import AssignmentPolicies
    from fakewoot.store.automation_rules import AutomationRules
    from fakewoot.store.blobs import Blob, Blobs
    from fakewoot.store.bulk_actions import BulkActions
    from fakewoot.store.campaigns import Campaigns
    from fakewoot.store.canned_responses import CannedResponses
    from fakewoot.store.captain_assistants import CaptainAssistants
    from fakewoot.store.captain_custom_tools import CaptainCustomTools
    from fakewoot.store.captain_documents import CaptainDocuments
    from fakewoot.store.captain_responses import CaptainResponses
    from fakewoot.store.captain_scenarios import CaptainScenarios
    from fakewoot.store.categories import Categories
    from fakewoot.store.client_api import ClientApi
    from fakewoot.store.companies import Companies
    from fakewoot.store.contact_inboxes import ContactInboxes
    from fakewoot.store.contacts import Contacts
    from fakewoot.store.conversations import Conversations
    from fakewoot.store.copilot import Copilot
    from fakewoot.store.csat_survey_responses import CsatSurveyResponses
    from fakewoot.store.custom_attribute_definitions import CustomAttributeDefinitions
    from fakewoot.store.custom_filters import CustomFilters
    from fakewoot.store.custom_roles import CustomRoles
    from fakewoot.store.dashboard_apps import DashboardApps
    from fakewoot.store.data_imports import DataImports
    from fakewoot.store.drafts import Drafts
    from fakewoot.store.hooks import Hooks
    from fakewoot.store.inboxes import Inboxes
    from fakewoot.store.labels import Labels
    from fakewoot.store.macros import Macros
    from fakewoot.store.mailer import Mail, Mailer
    from fakewoot.store.messages import Messages
    from fakewoot.store.notes import Notes
    from fakewoot.store.notification_settings import NotificationSettings
    from fakewoot.store.notification_subscriptions import NotificationSubscription, NotificationSubscriptions
    from fakewoot.store.notifications import Notifications
    from fakewoot.store.platform_apps import PlatformApp, PlatformApps
    from fakewoot.store.portals import Portals
    from fakewoot.store.presence import Presence
    from fakewoot.store.reporting_events import ReportingEvents
    from fakewoot.store.sla_policies import SlaPolicies
    from fakewoot.store.teams import Teams
    from fakewoot.store.users import User, Users
    from fakewoot.store.webhooks import Webhooks

S = TypeVar("S")


@dataclass(slots=True)
class State:
    sequences: Sequences
    tokens: Tokens
    users: Table[User]
    access_tokens: Table[AccessToken]
    platform_apps: Table[PlatformApp]
    notification_subscriptions: Table[NotificationSubscription]
    agent_bots: Table[AgentBot]
    blobs: Table[Blob]  # active_storage_blobs (fakewoot/store/blobs.py)
    accounts: dict[int, Account] = field(default_factory=dict)
    user_ids_by_email: dict[str, int] = field(default_factory=dict)
    access_token_ids: dict[str, int] = field(default_factory=dict)
    access_token_by_owner: dict[tuple[str, int], int] = field(default_factory=dict)
    heartbeats: dict[tuple[int, str, int], float] = field(default_factory=dict)
    statuses: dict[tuple[int, int], str] = field(default_factory=dict)
    outbox: list[Mail] = field(default_factory=list)
    sso_tokens: dict[str, tuple[int, float]] = field(default_factory=dict)  # token -> (user id, expires at)
    drafts: dict[int, str] = field(default_factory=dict)  # conversation id -> draft message (Redis)
    round_robin: dict[int, list[int]] = field(default_factory=dict)  # inbox id -> agent queue, head first
    blob_bytes: dict[str, bytes] = field(default_factory=dict)  # the Disk service: blob key -> bytes

    @classmethod
    def empty(cls, seed: int | str = 0) -> State:
        sequences = Sequences()
        return cls(
            sequences=sequences,
            tokens=Tokens(seed),
            users=Table("users", sequences),
            access_tokens=Table("access_tokens", sequences),
            platform_apps=Table("platform_apps", sequences),
            notification_subscriptions=Table("notification_subscriptions", sequences),
            agent_bots=Table("agent_bots", sequences),
            blobs=Table("active_storage_blobs", sequences),
        )


COMPRESS_SEED_ABOVE = 1 << 20  # bytes of pickled state


class Service(Generic[S]):
    """A Store service (domain verbs over the state; it keeps no state of its own), made on first
    use: a start imports the store modules its state's records come from, not all of them (the
    default set's state needs 27 of 64). `name = Service()` is class `Name` of fakewoot/store/name.py."""

    attribute = module = name = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute
        self.module = f"fakewoot.store.{attribute}"
        self.name = "".join(word.capitalize() for word in attribute.split("_"))

    @overload
    def __get__(self, store: None, owner: type) -> Service[S]: ...

    @overload
    def __get__(self, store: Store, owner: type) -> S: ...

    def __get__(self, store: Store | None, owner: type) -> Service[S] | S:
        if store is None:
            return self
        service: S = getattr(import_module(self.module), self.name)(store)
        store.__dict__[self.attribute] = service  # later look-ups find it without this descriptor
        return service


class Store:
    # the domain-verb services, made on first use (see Service)
    users: Service[Users] = Service()
    access_tokens: Service[AccessTokens] = Service()
    accounts: Service[Accounts] = Service()
    account_users: Service[AccountUsers] = Service()
    platform_apps: Service[PlatformApps] = Service()
    agent_bots: Service[AgentBots] = Service()
    inboxes: Service[Inboxes] = Service()
    presence: Service[Presence] = Service()
    mailer: Service[Mailer] = Service()
    labels: Service[Labels] = Service()
    custom_attribute_definitions: Service[CustomAttributeDefinitions] = Service()
    contacts: Service[Contacts] = Service()
    contact_inboxes: Service[ContactInboxes] = Service()
    notes: Service[Notes] = Service()
    conversations: Service[Conversations] = Service()
    messages: Service[Messages] = Service()
    data_imports: Service[DataImports] = Service()
    drafts: Service[Drafts] = Service()
    bulk_actions: Service[BulkActions] = Service()
    notification_subscriptions: Service[NotificationSubscriptions] = Service()
    webhooks: Service[Webhooks] = Service()
    canned_responses: Service[CannedResponses] = Service()
    teams: Service[Teams] = Service()
    macros: Service[Macros] = Service()
    automation_rules: Service[AutomationRules] = Service()
    custom_filters: Service[CustomFilters] = Service()
    dashboard_apps: Service[DashboardApps] = Service()
    campaigns: Service[Campaigns] = Service()
    notification_settings: Service[NotificationSettings] = Service()
    reporting_events: Service[ReportingEvents] = Service()
    notifications: Service[Notifications] = Service()
    hooks: Service[Hooks] = Service()
    csat_survey_responses: Service[CsatSurveyResponses] = Service()
    portals: Service[Portals] = Service()
    blobs: Service[Blobs] = Service()
    client_api: Service[ClientApi] = Service()
    categories: Service[Categories] = Service()
    articles: Service[Articles] = Service()
    assignment_policies: Service[AssignmentPolicies] = Service()
    agent_capacity_policies: Service[AgentCapacityPolicies] = Service()
    captain_assistants: Service[CaptainAssistants] = Service()
    captain_responses: Service[CaptainResponses] = Service()
    captain_scenarios: Service[CaptainScenarios] = Service()
    captain_custom_tools: Service[CaptainCustomTools] = Service()
    captain_documents: Service[CaptainDocuments] = Service()
    copilot: Service[Copilot] = Service()
    sla_policies: Service[SlaPolicies] = Service()
    custom_roles: Service[CustomRoles] = Service()
    companies: Service[Companies] = Service()

    def __init__(self, clock: Clock, bus: EventBus, *, seed: int | str = 0) -> None:
        self.clock = clock
        self.bus = bus
        self.seed = seed
        self.presence_duration = PRESENCE_DURATION_SECONDS
        self.state = State.empty(seed)
        self.muted = False
        self._seeded: bytes | None = None
        self._seeded_compressed = False
        self.search_index = SearchIndex(self)  # a derived text cache (fakewoot/store/search.py)

    # --- helpers shared by services -------------------------------------------------------------

    def account(self, account_id: int) -> Account:
        account = self.state.accounts.get(account_id)
        if account is None:
            raise KeyError(f"no account {account_id}")
        return account

    def secure_token(self) -> str:
        """has_secure_token: 24 base58 characters, from the seeded generator."""
        rng = self.state.tokens
        return "".join(BASE58[int(rng.hex(2), 16) % len(BASE58)] for _ in range(24))

    def publish(self, name: str, **data: Any) -> None:
        if not self.muted:
            self.bus.publish(Event(name, data))

    # --- snapshots ------------------------------------------------------------------------------

    def snapshot(self) -> bytes:
        return pickle.dumps(self.state, protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, snapshot: bytes) -> None:
        self.state = pickle.loads(snapshot)

    def mark_seeded(self) -> None:
        """Remember the current state as what `reset()` returns to. A large one is kept compressed
        (it stays in memory for the whole run); a small one is not (reset stays well under 1 ms)."""
        blob = self.snapshot()
        self._seeded_compressed = len(blob) > COMPRESS_SEED_ABOVE
        self._seeded = zlib.compress(blob, 1) if self._seeded_compressed else blob

    def reset(self) -> None:
        if self._seeded is None:
            self.state = State.empty(self.seed)
        else:
            self.restore(zlib.decompress(self._seeded) if self._seeded_compressed else self._seeded)

    def adopt(self, other: Store) -> None:
        """Take another store's state and seed snapshot (a fixture set loaded aside)."""
        self.state = other.state
        self._seeded = other._seeded
        self._seeded_compressed = other._seeded_compressed

    def clear(self) -> None:
        """Drop everything, including the seeded snapshot."""
        self.state = State.empty(self.seed)
        self._seeded = None
