"""The requests Chatwoot v4.10's dashboard makes after sign-in, and the response fields its stores read.

Written down from the dashboard's source at e13e3c87 (app/javascript/dashboard and v3): which
component's `mounted`/`onMounted` (or route guard) dispatches which Vuex action, which `api/*.js`
method that action calls (method, path, query in axios's order), and which fields of the response
the action or its mutation reads. Pure data plus a small reader; the replay test
(tests/dashboard/test_startup_replay.py) and the benchmark (bench/dashboard.py) both use it.

How the dashboard talks (facts the replay copies):

* Sign-in (v3/api/auth.js `login`) POSTs `{email, password}` to `/auth/sign_in` and keeps the
  devise_token_auth response headers `access-token`, `token-type`, `client`, `expiry`, `uid` in the
  `cw_d_session_info` cookie (dashboard/store/utils/api.js `setAuthCredentials`, which also reads
  `expiry` as Unix seconds). dashboard/helper/APIHelper.js sends those five headers, unchanged, on
  every later request: the dashboard never rotates them.
* `ApiClient` (api/ApiClient.js) builds `/api/v1/accounts/<id>/<resource>`; the account itself is
  `new ApiClient('', {accountScoped: true})`, so `accounts/get` asks for `/api/v1/accounts/1/`
  with a trailing slash.
* Labels, inboxes and teams are `CacheEnabledApiClient`s fetched with `get(true)`: on a cold
  IndexedDB each asks `GET .../cache_keys` first, then the list (api/CacheEnabledApiClient.js).
* axios writes an array param as `key[]=value` and drops `undefined` params.

Not replayed: the ActionCable socket (`/cable`, vueActionCable.init with the user's `pubsub_token`),
service-worker push registration, the changelog card's external feed, and `window.chatwootConfig`
(served inside the HTML page, not an API call).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

ACCOUNT = "/api/v1/accounts/1"
REPORTS_V2 = "/api/v2/accounts/1"
# The five devise_token_auth headers the dashboard keeps after sign-in and sends on every request.
SESSION_HEADERS = ("access-token", "token-type", "client", "expiry", "uid")

# JSON types, as Python sees them after json.loads.
INT = int
STR = str
BOOL = bool
LIST = list
DICT = dict
NUM = (int, float)
NULL = type(None)
OPT_STR = (str, NULL)
OPT_INT = (int, NULL)
OPT_DICT = (dict, NULL)


@dataclass(frozen=True)
class Read:
    """A field a store reads: `path` in the response body ("payload[].id": every item's id;
    "payload[0].id": the first one's; "" the body itself), and its JSON type(s). An `optional`
    field is one Chatwoot leaves out when it has no value (and the store copes): checked only when
    present."""

    path: str
    kind: type | tuple[type, ...]
    optional: bool = False


@dataclass(frozen=True)
class Step:
    """One request the dashboard sends. `path` may name values bound by earlier steps
    ({conversation_id}); `binds` names values this step's response gives later steps."""

    screen: str
    source: str  # the component and Vuex action (or api module) that sends it
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: Mapping[str, Any] | None = field(default=None, compare=False)
    reads: tuple[Read, ...] = ()
    binds: Mapping[str, str] = field(default_factory=dict, compare=False)
    kind: str = ""  # the request's name in the benchmark's per-kind table; the path by default
    admin_only: bool = False  # a screen an agent's dashboard does not show (its API refuses agents)

    @property
    def name(self) -> str:
        return self.kind or f"{self.method} {self.path}"

    def url_template(self) -> str:
        return self.path + "".join(
            f"{'&' if i else '?'}{key}={value}" for i, (key, value) in enumerate(self.query)
        )

    def url(self, bound: Mapping[str, Any]) -> str:
        path = self.path.format(**bound)
        if not self.query:
            return path
        return path + "?" + "&".join(f"{key}={value.format(**bound)}" for key, value in self.query)


def r(path: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Read:
    return Read(path, kind, optional)


# ------------------------------------------------------------------------------------ shapes read

USER_READS = (  # store/modules/auth.js getters, App.vue (pubsub_token), the profile menu and settings
    r("id", INT),
    r("account_id", INT),
    r("email", STR),
    r("name", STR),
    r("display_name", OPT_STR),
    r("avatar_url", STR),
    r("pubsub_token", STR),
    r("ui_settings", DICT),
    r("message_signature", OPT_STR),
    r("accounts", LIST),
    r("accounts[].id", INT),
    r("accounts[].name", STR),
    r("accounts[].role", STR),
    r("accounts[].availability", STR),
    r("accounts[].auto_offline", BOOL),
    # enterprise/app/views/api/v1/models/_account_user.json.jbuilder: the enterprise edition only
    r("accounts[].custom_role_id", OPT_INT, optional=True),
)


def under(prefix: str, reads: tuple[Read, ...]) -> tuple[Read, ...]:
    return tuple(
        Read(f"{prefix}.{item.path}" if item.path else prefix, item.kind, item.optional) for item in reads
    )


MESSAGE_READS = (  # MessagesView / Message.vue (messages/index: the message partial)
    r("id", INT),
    r("content", OPT_STR),
    r("content_type", STR),
    r("content_attributes", DICT),
    r("message_type", INT),
    r("private", BOOL),
    r("status", STR),
    r("created_at", INT),
    r("conversation_id", INT),
    r("inbox_id", INT),
    r("sender", DICT, optional=True),  # absent on messages without a sender (activity messages)
    r("attachments", LIST, optional=True),  # only when the message has attachments
)
CONVERSATION_READS = (  # conversations store and getters, ConversationCard, setContacts (partials/_conversation)
    r("id", INT),
    r("uuid", STR),
    r("account_id", INT),
    r("inbox_id", INT),
    r("status", STR),
    r("priority", OPT_STR),
    r("messages", LIST),
    *under("messages[]", MESSAGE_READS),  # the last message's push_event_data
    r("last_non_activity_message", OPT_DICT),
    r("labels", LIST),
    r("unread_count", INT),
    r("timestamp", INT),
    r("created_at", INT),
    r("updated_at", NUM),
    r("last_activity_at", INT),
    r("agent_last_seen_at", INT),
    r("first_reply_created_at", INT),
    r("waiting_since", INT),
    r("can_reply", BOOL),
    r("muted", BOOL),
    r("sla_policy_id", OPT_INT),
    r("meta.sender.id", INT),
    r("meta.sender.name", STR),
    r("meta.sender.thumbnail", STR),
    r("meta.channel", STR),
    r("meta.hmac_verified", (BOOL, NULL)),
    # written only when the conversation has an assignee / a team
    r("meta.assignee", DICT, optional=True),
    r("meta.assignee.name", STR, optional=True),
    r("meta.assignee_type", STR, optional=True),
    r("meta.team", DICT, optional=True),
    r("custom_attributes", DICT),
    r("additional_attributes", DICT),
)
CONVERSATION_META_READS = (  # store/modules/conversationStats.js SET_CONV_TAB_META
    r("mine_count", INT),
    r("unassigned_count", INT),
    r("all_count", INT),
)
NOTIFICATION_READS = (  # notifications store, InboxCard (notifications/index.json.jbuilder)
    r("id", INT),
    r("notification_type", STR),
    r("push_message_title", STR),
    r("primary_actor_type", STR),
    r("primary_actor_id", INT),
    r("primary_actor", DICT),
    r("primary_actor.id", INT),
    r("read_at", OPT_STR),
    r("snoozed_until", OPT_STR),
    r("created_at", INT),
    r("last_activity_at", INT),
    r("meta", DICT),
)
CONTACT_READS = (  # contacts store, ContactsIndex cards
    r("id", INT),
    r("name", STR),
    r("email", OPT_STR),
    r("phone_number", OPT_STR),
    r("thumbnail", STR),
    r("custom_attributes", DICT),
    r("additional_attributes", DICT),
)

SUMMARY_ROW_READS = (  # summaryReports store (camelcased), the agent/inbox/team report tables
    r("[].id", INT),
    r("[].conversations_count", INT),
    r("[].resolved_conversations_count", INT),
    r("[].avg_resolution_time", (*NUM, NULL)),
    r("[].avg_first_response_time", (*NUM, NULL)),
    r("[].avg_reply_time", (*NUM, NULL)),
)

# ------------------------------------------------------------------------------------ the screens

SIGN_IN = "sign-in"
BOOT = "boot"
SIDEBAR = "sidebar"
CONVERSATIONS = "conversations"
CONVERSATION = "conversation"
INBOX_VIEW = "inbox-view"
CONTACTS = "contacts"
SEARCH = "search"
SETTINGS = "settings"
REPORTS = "reports"

CACHE_KEYS = f"{ACCOUNT}/cache_keys"
JANUARY_2024 = (("since", "1704067200"), ("until", "1706745599"))  # the reports' date range


def conversation_tab(
    source: str, assignee: str, conversation_type: str = "", *, items: bool = True, **more: Any
) -> Step:
    """ChatList's fetchAllConversations (api/inbox/conversation.js get): the params in axios's
    order, the undefined ones (inbox, team, labels, an empty conversation_type) dropped."""
    query: tuple[tuple[str, str], ...] = (("status", "open"), ("assignee_type", assignee), ("page", "1"))
    if conversation_type:
        query += (("conversation_type", conversation_type),)
    item_reads = under("data.payload[]", CONVERSATION_READS) if items else ()
    return Step(
        CONVERSATIONS,
        source,
        "GET",
        f"{ACCOUNT}/conversations",
        query=(*query, ("sort_by", "last_activity_at_desc")),
        reads=(*under("data.meta", CONVERSATION_META_READS), r("data.payload", LIST), *item_reads),
        kind="GET conversations",
        **more,
    )


CONTACT_SHOW = Step(
    CONTACTS,
    "ContactManageView -> contacts/show",
    "GET",
    f"{ACCOUNT}/contacts/{{contact_id}}",
    query=(("include_contact_inboxes", "false"),),
    reads=under("payload", CONTACT_READS),
    kind="GET contacts/:id",
)
CONTACT_CONVERSATIONS = Step(
    CONTACTS,
    "ContactManageView -> contactConversations/get",
    "GET",
    f"{ACCOUNT}/contacts/{{contact_id}}/conversations",
    reads=(r("payload", LIST), r("payload[].id", INT)),
    kind="GET contacts/:id/conversations",
)


STEPS: tuple[Step, ...] = (
    # --- sign-in page (v3/api/auth.js login; v3/helpers/AuthHelper.js getLoginRedirectURL)
    Step(
        SIGN_IN,
        "v3/api/auth.js login",
        "POST",
        "/auth/sign_in",
        body={"email": "{email}", "password": "{password}"},
        reads=(*under("data", USER_READS),),
    ),
    # --- the app boots on /app/accounts/1/dashboard
    Step(
        BOOT,
        "routes/index.js beforeEach -> auth/setUser -> validityCheck",
        "GET",
        "/auth/validate_token",
        reads=(*under("payload.data", USER_READS),),
    ),
    Step(
        BOOT,
        "App.vue initializeAccount -> accounts/get (ApiClient('', accountScoped): trailing slash)",
        "GET",
        f"{ACCOUNT}/",
        reads=(
            r("id", INT),
            r("name", STR),
            r("locale", STR),
            r("features", DICT),
            # models/_account.json.jbuilder writes custom_attributes only when present
            r("custom_attributes", DICT, optional=True),
            r("latest_chatwoot_version", OPT_STR),
            r("settings", DICT),
        ),
    ),
    Step(
        BOOT,
        "Dashboard.vue watch isSmallScreen (immediate) -> updateUISettings: the merged ui_settings, "
        "conversation_display_type undefined on a wide screen (JSON drops it)",
        "PUT",
        "/api/v1/profile",
        body={"profile": {"ui_settings": {}}},
        reads=USER_READS,  # SET_CURRENT_USER with the answer
    ),
    Step(
        BOOT,
        "App.vue initializeAccount -> setActiveAccount (errors ignored)",
        "PUT",
        "/api/v1/profile/set_active_account",
        body={"profile": {"account_id": 1}},
    ),
    Step(
        BOOT,
        # sent when window.chatwootConfig.isEnterprise: ChatwootApp.enterprise?, true on the standard
        # image fakewoot answers as
        "Dashboard.vue CopilotContainer onMounted (isEnterprise) -> captainAssistants/get",
        "GET",
        f"{ACCOUNT}/captain/assistants",
        query=(("page", "1"),),  # searchKey undefined: dropped
        # storeFactory SET / SET_META; CopilotContainer picks the first assistant by id
        reads=(
            r("payload[].id", INT),
            r("payload[].name", STR),
            r("meta.total_count", INT),
            r("meta.page", INT),
        ),
        kind="GET captain/assistants",
    ),
    # --- the sidebar (components-next/sidebar/Sidebar.vue onMounted), in dispatch order
    Step(SIDEBAR, "labels/get(true): cache key", "GET", CACHE_KEYS, reads=(r("cache_keys.label", STR),)),
    Step(
        SIDEBAR,
        "labels/get",
        "GET",
        f"{ACCOUNT}/labels",
        reads=(
            r("payload", LIST),
            r("payload[].id", INT),
            r("payload[].title", STR),
            r("payload[].color", STR),
            r("payload[].show_on_sidebar", (BOOL, NULL)),  # a boolean column without a default
        ),
    ),
    Step(SIDEBAR, "inboxes/get(true): cache key", "GET", CACHE_KEYS, reads=(r("cache_keys.inbox", STR),)),
    Step(
        SIDEBAR,
        "inboxes/get",
        "GET",
        f"{ACCOUNT}/inboxes",
        reads=(
            r("payload", LIST),
            r("payload[].id", INT),
            r("payload[].name", STR),
            r("payload[].channel_type", STR),
            r("payload[].channel_id", INT),
            r("payload[].avatar_url", STR),
            r("payload[].working_hours_enabled", BOOL),
            r("payload[].reauthorization_required", BOOL, optional=True),  # ChannelLeaf; channels with tokens
        ),
        binds={"inbox_id": "payload[0].id"},
    ),
    Step(
        SIDEBAR,
        "notifications/unReadCount (the body is the count)",
        "GET",
        f"{ACCOUNT}/notifications/unread_count",
        reads=(r("", INT),),
    ),
    Step(SIDEBAR, "teams/get(true): cache key", "GET", CACHE_KEYS, reads=(r("cache_keys.team", STR),)),
    Step(
        SIDEBAR,
        "teams/get (SET_TEAMS of the bare list; getMyTeams filters is_member)",
        "GET",
        f"{ACCOUNT}/teams",
        reads=(r("", LIST), r("[].id", INT), r("[].name", STR), r("[].is_member", BOOL)),
        binds={"team_id": "[0].id"},
    ),
    Step(
        SIDEBAR,
        "attributes/get",
        "GET",
        f"{ACCOUNT}/custom_attribute_definitions",
        reads=(
            r("", LIST),
            r("[].id", INT),
            r("[].attribute_key", STR),
            r("[].attribute_display_name", STR),
            r("[].attribute_display_type", STR),
            r("[].attribute_model", STR),
        ),
    ),
    Step(
        SIDEBAR,
        "customViews/get conversation",
        "GET",
        f"{ACCOUNT}/custom_filters",
        query=(("filter_type", "conversation"),),
        reads=(r("", LIST), r("[].id", INT), r("[].name", STR), r("[].query", DICT)),
        kind="GET custom_filters",
    ),
    Step(
        SIDEBAR,
        "customViews/get contact",
        "GET",
        f"{ACCOUNT}/custom_filters",
        query=(("filter_type", "contact"),),
        reads=(r("", LIST), r("[].id", INT), r("[].name", STR), r("[].query", DICT)),
        kind="GET custom_filters",
    ),
    # --- the conversation list (components/ChatList.vue onMounted; ConversationView.vue mounted)
    conversation_tab("ChatList resetAndFetchData -> fetchAllConversations (Mine tab)", "me"),
    Step(
        CONVERSATIONS,
        "ConversationView mounted -> agents/get",
        "GET",
        f"{ACCOUNT}/agents",
        reads=(
            r("", LIST),
            r("[].id", INT),
            r("[].name", STR),
            r("[].email", STR),
            r("[].role", STR),
            r("[].confirmed", BOOL),
            r("[].availability_status", STR),
            r("[].thumbnail", STR),
        ),
    ),
    Step(
        CONVERSATIONS,
        "ConversationView mounted -> portals/index",
        "GET",
        f"{ACCOUNT}/portals",
        reads=(
            r("payload", LIST),
            r("payload[].id", INT),
            r("payload[].slug", STR),
            r("payload[].name", STR),
        ),
    ),
    Step(
        CONVERSATIONS,
        "ChatList fetch_conversation_stats -> conversationStats/get",
        "GET",
        f"{ACCOUNT}/conversations/meta",
        query=(("status", "open"), ("assignee_type", "me")),
        reads=under("meta", CONVERSATION_META_READS),
        kind="GET conversations/meta",
    ),
    conversation_tab(
        "ChatList: the All tab -> fetchAllConversations",
        "all",
        binds={
            "conversation_id": "data.payload[0].id",
            "inbox_id": "data.payload[0].inbox_id",
            "contact_id": "data.payload[0].meta.sender.id",
            "first_message_id": "data.payload[0].messages[0].id",
        },
    ),
    # (nobody mentions the administrator and all his conversations have replies: both lists are empty)
    conversation_tab("sidebar Mentions -> fetchAllConversations", "me", "mention", items=False),
    conversation_tab("sidebar Unattended -> fetchAllConversations", "me", "unattended", items=False),
    # --- one conversation opened (ConversationView, ConversationBox, ContactPanel, MessagesView)
    Step(
        CONVERSATION,
        "ConversationView fetchConversationIfUnavailable -> getConversation (a deep link)",
        "GET",
        f"{ACCOUNT}/conversations/{{conversation_id}}",
        reads=(*CONVERSATION_READS, r("meta.sender", DICT)),
        kind="GET conversations/:id",
    ),
    Step(
        CONVERSATION,
        "setActiveChat -> fetchPreviousMessages (before the list item's message)",
        "GET",
        f"{ACCOUNT}/conversations/{{conversation_id}}/messages",
        query=(("before", "{first_message_id}"),),
        reads=(
            r("meta", DICT),
            r("meta.contact", DICT),
            r("meta.labels", LIST),
            r("payload", LIST),
            *under("payload[]", MESSAGE_READS),
        ),
        kind="GET conversations/:id/messages",
    ),
    Step(
        CONVERSATION,
        "MessagesView -> fetchAllAttachments",
        "GET",
        f"{ACCOUNT}/conversations/{{conversation_id}}/attachments",
        reads=(  # GalleryView: attachments.json.jbuilder items have no id
            r("meta.total_count", INT),
            r("payload", LIST),
            r("payload[].message_id", INT),
            r("payload[].file_type", STR),
            r("payload[].data_url", STR),
            r("payload[].thumb_url", STR),
            r("payload[].created_at", INT),
        ),
        kind="GET conversations/:id/attachments",
    ),
    replace(
        CONTACT_SHOW, screen=CONVERSATION, source="ContactPanel -> contacts/show (the conversation's contact)"
    ),
    Step(
        CONVERSATION,
        "ConversationBox -> inboxAssignableAgents/fetch",
        "GET",
        f"{ACCOUNT}/assignable_agents",
        query=(("inbox_ids[]", "{inbox_id}"),),
        reads=(r("payload", LIST), r("payload[].id", INT), r("payload[].name", STR)),
    ),
    Step(
        CONVERSATION,
        "ConversationBox -> dashboardApps/get",
        "GET",
        f"{ACCOUNT}/dashboard_apps",
        reads=(r("", LIST), r("[].id", INT), r("[].title", STR), r("[].content", LIST)),
    ),
    Step(
        CONVERSATION,
        "ConversationBox -> conversationLabels/get",
        "GET",
        f"{ACCOUNT}/conversations/{{conversation_id}}/labels",
        reads=(r("payload", LIST),),
        kind="GET conversations/:id/labels",
    ),
    Step(
        CONVERSATION,
        "markMessagesRead -> update_last_seen",
        "POST",
        f"{ACCOUNT}/conversations/{{conversation_id}}/update_last_seen",
        kind="POST conversations/:id/update_last_seen",
    ),
    Step(
        CONVERSATION,
        "ContactPanel -> attributes/get",
        "GET",
        f"{ACCOUNT}/custom_attribute_definitions",
        reads=(r("", LIST), r("[].attribute_key", STR)),
    ),
    Step(
        CONVERSATION,
        "ContactPanel -> integrations/get",
        "GET",
        f"{ACCOUNT}/integrations/apps",
        reads=(
            r("payload", LIST),
            r("payload[].id", STR),
            r("payload[].enabled", BOOL),
            r("payload[].hooks", LIST),
        ),
    ),
    Step(
        CONVERSATION,
        "ConversationParticipant -> conversationWatchers/show",
        "GET",
        f"{ACCOUNT}/conversations/{{conversation_id}}/participants",
        reads=(r("", LIST), r("[].id", INT)),
        kind="GET conversations/:id/participants",
    ),
    replace(
        CONTACT_CONVERSATIONS, screen=CONVERSATION, source="ContactConversations -> contactConversations/get"
    ),
    Step(
        CONVERSATION,
        "Macros/List.vue -> macros/get",
        "GET",
        f"{ACCOUNT}/macros",
        reads=(r("payload", LIST), r("payload[].id", INT), r("payload[].name", STR)),
    ),
    Step(
        CONVERSATION,
        "ReplyBox '/' -> getCannedResponse",
        "GET",
        f"{ACCOUNT}/canned_responses",
        reads=(r("", LIST), r("[].id", INT), r("[].short_code", STR), r("[].content", STR)),
    ),
    # --- the inbox view (routes/dashboard/inbox/InboxList.vue onMounted; the notifications page)
    Step(
        INBOX_VIEW,
        "InboxList fetchNotifications -> notifications/index (sort newest)",
        "GET",
        f"{ACCOUNT}/notifications",
        query=(("page", "1"), ("sort_order", "desc")),
        reads=(
            r("data.meta.count", INT),
            r("data.meta.unread_count", INT),
            r("data.meta.current_page", (INT, STR)),
            r("data.payload", LIST),
            *under("data.payload[]", NOTIFICATION_READS),
        ),
        kind="GET notifications",
    ),
    Step(
        INBOX_VIEW,
        "NotificationsView -> notifications/get",
        "GET",
        f"{ACCOUNT}/notifications",
        query=(("page", "1"),),
        reads=(
            r("data.meta.count", INT),
            r("data.payload", LIST),
            *under("data.payload[]", NOTIFICATION_READS),
        ),
        kind="GET notifications",
    ),
    # --- contacts (ContactsIndex.vue onMounted; ContactManageView.vue onMounted)
    Step(
        CONTACTS,
        "ContactsIndex -> contacts/get (sort -last_activity_at)",
        "GET",
        f"{ACCOUNT}/contacts",
        query=(("include_contact_inboxes", "false"), ("page", "1"), ("sort", "-last_activity_at")),
        reads=(
            r("meta.count", INT),
            r("meta.current_page", (INT, STR)),
            r("payload", LIST),
            *under("payload[]", CONTACT_READS),
        ),
        kind="GET contacts",
    ),
    CONTACT_SHOW,
    Step(
        CONTACTS,
        "ContactManageView -> contacts/fetchContactableInbox",
        "GET",
        f"{ACCOUNT}/contacts/{{contact_id}}/contactable_inboxes",
        reads=(r("payload", LIST), r("payload[].inbox.id", INT), r("payload[].source_id", OPT_STR)),
        kind="GET contacts/:id/contactable_inboxes",
    ),
    Step(
        CONTACTS,
        "ContactManageView -> contactNotes/get",
        "GET",
        f"{ACCOUNT}/contacts/{{contact_id}}/notes",
        reads=(r("", LIST), r("[].id", INT), r("[].content", STR)),
        kind="GET contacts/:id/notes",
    ),
    CONTACT_CONVERSATIONS,
    Step(
        CONTACTS,
        "contact labels -> contactLabels/get",
        "GET",
        f"{ACCOUNT}/contacts/{{contact_id}}/labels",
        reads=(r("payload", LIST),),
        kind="GET contacts/:id/labels",
    ),
    # --- the search screen (modules/search SearchView: conversationSearch/fullSearch, four at once)
    Step(
        SEARCH,
        "fullSearch -> contactSearch",
        "GET",
        f"{ACCOUNT}/search/contacts",
        query=(("q", "alice"), ("page", "1")),
        reads=(
            r("payload.contacts", LIST),
            r("payload.contacts[].id", INT),
            r("payload.contacts[].name", STR),
            r("payload.contacts[].email", OPT_STR),
        ),
        kind="GET search/contacts",
    ),
    Step(
        SEARCH,
        "fullSearch -> conversationSearch",
        "GET",
        f"{ACCOUNT}/search/conversations",
        query=(("q", "alice"), ("page", "1")),
        reads=(
            r("payload.conversations", LIST),
            r("payload.conversations[].id", INT),
            r("payload.conversations[].account_id", INT),
            r("payload.conversations[].created_at", INT),
        ),
        kind="GET search/conversations",
    ),
    # (message search looks at the last three months only, and the fixtures' messages are older;
    # no article exists: both lists are empty, their items unread)
    Step(
        SEARCH,
        "fullSearch -> messageSearch",
        "GET",
        f"{ACCOUNT}/search/messages",
        query=(("q", "alice"), ("page", "1")),
        reads=(r("payload.messages", LIST),),
        kind="GET search/messages",
    ),
    Step(
        SEARCH,
        "fullSearch -> articleSearch",
        "GET",
        f"{ACCOUNT}/search/articles",
        query=(("q", "alice"), ("page", "1")),
        reads=(r("payload.articles", LIST),),
        kind="GET search/articles",
    ),
    # --- settings screens (each Index.vue's mount)
    Step(SETTINGS, "settings/account -> accounts/get", "GET", f"{ACCOUNT}/", reads=(r("id", INT),)),
    Step(SETTINGS, "settings/agents -> agents/get", "GET", f"{ACCOUNT}/agents", reads=(r("[].id", INT),)),
    Step(
        SETTINGS,
        "settings/teams -> teams/get",
        "GET",
        f"{ACCOUNT}/teams",
        reads=(r("[].id", INT), r("[].description", OPT_STR), r("[].allow_auto_assign", BOOL)),
    ),
    Step(
        SETTINGS,
        "settings/inbox -> inboxes/get",
        "GET",
        f"{ACCOUNT}/inboxes",
        reads=(r("payload[].id", INT), r("payload[].enable_auto_assignment", BOOL)),
    ),
    Step(
        SETTINGS,
        "settings/canned -> getCannedResponse",
        "GET",
        f"{ACCOUNT}/canned_responses",
        reads=(r("[].id", INT),),
    ),
    Step(
        SETTINGS,
        "settings/labels -> labels/get",
        "GET",
        f"{ACCOUNT}/labels",
        reads=(r("payload[].description", OPT_STR),),
    ),
    Step(
        SETTINGS,
        "settings/automation -> automations/get",
        "GET",
        f"{ACCOUNT}/automation_rules",
        reads=(
            r("payload", LIST),
            r("payload[].id", INT),
            r("payload[].name", STR),
            r("payload[].event_name", STR),
            r("payload[].active", BOOL),
        ),
        admin_only=True,
    ),
    Step(
        SETTINGS,
        "settings/integrations/webhooks -> webhooks/get",
        "GET",
        f"{ACCOUNT}/webhooks",
        reads=(
            r("payload.webhooks", LIST),
            r("payload.webhooks[].id", INT),
            r("payload.webhooks[].url", STR),
            r("payload.webhooks[].subscriptions", LIST),
        ),
        admin_only=True,
    ),
    Step(
        SETTINGS,
        "settings/agentBots -> agentBots/get",
        "GET",
        f"{ACCOUNT}/agent_bots",
        reads=(r("", LIST), r("[].id", INT), r("[].name", STR)),
    ),
    Step(
        SETTINGS,
        "settings/inbox/Settings.vue -> inboxes/get one (the inbox page)",
        "GET",
        f"{ACCOUNT}/inboxes/{{inbox_id}}",
        reads=(
            r("id", INT),
            r("name", STR),
            r("channel_type", STR),
            r("enable_auto_assignment", BOOL),
            r("working_hours_enabled", BOOL),
            r("csat_survey_enabled", BOOL),
            r("greeting_enabled", BOOL),
        ),
        kind="GET inboxes/:id",
    ),
    Step(
        SETTINGS,
        "CollaboratorsPage -> inboxMembers/get",
        "GET",
        f"{ACCOUNT}/inbox_members/{{inbox_id}}",
        reads=(r("payload", LIST), r("payload[].id", INT), r("payload[].name", STR)),
        kind="GET inbox_members/:id",
    ),
    Step(
        SETTINGS,
        "BotConfiguration -> agentBots/fetchAgentBotInbox",
        "GET",
        f"{ACCOUNT}/inboxes/{{inbox_id}}/agent_bot",
        # an empty `json.agent_bot do ... end` block writes no key: `{}` for an inbox without a bot
        # (the store reads `const { agent_bot: agentBot = {} } = data || {}`)
        reads=(r("agent_bot", DICT, optional=True), r("agent_bot.id", INT, optional=True)),
        kind="GET inboxes/:id/agent_bot",
    ),
    Step(
        SETTINGS,
        "settings/teams edit -> teamMembers/get",
        "GET",
        f"{ACCOUNT}/teams/{{team_id}}/team_members",
        reads=(r("", LIST), r("[].id", INT), r("[].name", STR)),
        kind="GET teams/:id/team_members",
    ),
    Step(
        SETTINGS,
        "profile settings -> userNotificationSettings/get",
        "GET",
        f"{ACCOUNT}/notification_settings",
        reads=(r("selected_email_flags", LIST), r("selected_push_flags", LIST)),
    ),
    Step(
        SETTINGS,
        "campaigns page -> campaigns/get",
        "GET",
        f"{ACCOUNT}/campaigns",
        reads=(r("", LIST), r("[].id", INT), r("[].title", STR)),
        admin_only=True,
    ),
    # --- reports (settings/reports: LiveReports overview, conversations report)
    Step(
        REPORTS,
        "LiveReports -> fetchAccountConversationMetric",
        "GET",
        f"{REPORTS_V2}/live_reports/conversation_metrics",
        reads=(
            r("open", INT),
            r("unattended", INT),
            r("unassigned", INT),
            r("pending", INT),
        ),
        admin_only=True,
    ),
    Step(
        REPORTS,
        "AgentLiveReportContainer -> fetchAgentConversationMetric",
        "GET",
        f"{REPORTS_V2}/reports/conversations",
        query=(("type", "agent"), ("page", "1")),
        reads=(r("", LIST), r("[].id", INT), r("[].metric", DICT)),
        kind="GET v2 reports/conversations",
        admin_only=True,
    ),
    Step(
        REPORTS,
        "reports Index -> fetchAccountSummary",
        "GET",
        f"{REPORTS_V2}/reports/summary",
        query=(*JANUARY_2024, ("type", "account"), ("timezone_offset", "0")),
        reads=(
            r("conversations_count", INT),
            r("incoming_messages_count", INT),
            r("outgoing_messages_count", INT),
            # AverageReportBuilder#aggregate_value: SQL AVG, null without events
            r("avg_first_response_time", (*NUM, NULL)),
            r("avg_resolution_time", (*NUM, NULL)),
            r("resolutions_count", INT),
            r("previous", DICT),
        ),
        kind="GET v2 reports/summary",
        admin_only=True,
    ),
    Step(
        REPORTS,
        "reports Index -> fetchAccountReport conversations_count",
        "GET",
        f"{REPORTS_V2}/reports",
        query=(
            ("metric", "conversations_count"),
            *JANUARY_2024,
            ("type", "account"),
            ("group_by", "day"),
            ("timezone_offset", "0"),
        ),
        reads=(r("", LIST), r("[].value", NUM), r("[].timestamp", INT)),
        kind="GET v2 reports",
        admin_only=True,
    ),
    Step(
        REPORTS,
        "AgentLiveReportContainer -> grouped conversation metrics",
        "GET",
        f"{REPORTS_V2}/live_reports/grouped_conversation_metrics",
        query=(("group_by", "assignee_id"),),
        reads=(r("", LIST), r("[].assignee_id", OPT_INT), r("[].open", INT), r("[].unattended", INT)),
        admin_only=True,
    ),
    *(
        Step(
            REPORTS,
            f"{name.capitalize()}ReportsIndex -> summaryReports/fetch{name.capitalize()}SummaryReports",
            "GET",
            f"{REPORTS_V2}/summary_reports/{name}",
            query=JANUARY_2024,
            reads=(r("", LIST), *SUMMARY_ROW_READS, *extra),
            kind=f"GET v2 summary_reports/{name}",
            admin_only=True,
        )
        for name, extra in (("agent", ()), ("inbox", ()), ("team", ()), ("label", (r("[].name", STR),)))
    ),
    Step(
        REPORTS,
        "CsatResponses -> csat/get",
        "GET",
        f"{ACCOUNT}/csat_survey_responses",
        query=(("page", "1"), *JANUARY_2024, ("sort", "-created_at")),
        reads=(r("", LIST),),
        kind="GET csat_survey_responses",
        admin_only=True,
    ),
    Step(
        REPORTS,
        "CsatResponses -> csat/getMetrics",
        "GET",
        f"{ACCOUNT}/csat_survey_responses/metrics",
        query=JANUARY_2024,
        reads=(r("total_count", INT), r("ratings_count", DICT), r("total_sent_messages_count", INT)),
        kind="GET csat_survey_responses/metrics",
        admin_only=True,
    ),
    Step(
        REPORTS,
        "BotReports -> BotMetrics getBotMetrics",
        "GET",
        f"{REPORTS_V2}/reports/bot_metrics",
        query=JANUARY_2024,
        reads=(
            r("conversation_count", INT),
            r("message_count", INT),
            r("resolution_rate", NUM),
            r("handoff_rate", NUM),
        ),
        kind="GET v2 reports/bot_metrics",
        admin_only=True,
    ),
)


# An httpx-style client: `.request(method, url, json=, data=, files=, headers=)` answering an object
# with status_code, headers, content and json() (httpx.Client, the tests' PortalClient).
HttpClient = Any


# ------------------------------------------------------------------------------------ populating

ADMIN = "administrator"
AGENT = "agent"

# Records the default fixtures lack, created over the API by the administrator (and one by the agent) before a replay so
# that the reads under these lists see items. The webhook points at the discard port of 127.0.0.1
# (nothing in the replay creates a message, and nothing leaves the machine in any case).
POPULATE: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/captain/assistants",
        {"assistant": {"name": "Helper", "description": "Answers the FAQ"}},
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/custom_filters",
        {
            "name": "Open ones",
            "filter_type": "conversation",
            "query": {
                "payload": [
                    {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]},
                ]
            },
        },
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/custom_filters",
        {
            "name": "Acme people",
            "filter_type": "contact",
            "query": {
                "payload": [
                    {"attribute_key": "email", "filter_operator": "contains", "values": ["acme"]},
                ]
            },
        },
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/macros",
        {"name": "Resolve", "visibility": "global", "actions": [{"action_name": "resolve_conversation"}]},
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/webhooks",
        {"webhook": {"url": "http://127.0.0.1:9/dashboard-hook", "subscriptions": ["message_created"]}},
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/campaigns",
        {
            "title": "Welcome",
            "message": "Hello from Acme",
            "inbox_id": 2,
            "enabled": True,
            "trigger_rules": {"url": "https://acme.example", "time_on_page": 10},
        },
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/dashboard_apps",
        {"title": "CRM", "content": [{"type": "frame", "url": "https://crm.example"}]},
    ),
    (
        ADMIN,
        "POST",
        f"{ACCOUNT}/automation_rules",
        {
            "name": "Tag billing",
            "event_name": "conversation_created",
            "conditions": [
                {
                    "attribute_key": "status",
                    "filter_operator": "equal_to",
                    "values": ["open"],
                    "query_operator": None,
                }
            ],
            "actions": [{"action_name": "add_label", "action_params": ["billing"]}],
        },
    ),
    # CreatePortalDialog sends custom_domain always (empty when none)
    (ADMIN, "POST", f"{ACCOUNT}/portals", {"portal": {"name": "Help", "slug": "help", "custom_domain": ""}}),
    (ADMIN, "POST", f"{ACCOUNT}/contacts/1/notes", {"content": "Called about the invoice"}),
    (ADMIN, "POST", f"{ACCOUNT}/conversations/1/participants", {"user_ids": [1]}),
    # the agent assigns conversation 1 to the administrator: his Mine tab gets it, and his
    # notifications a conversation_assignment
    (AGENT, "POST", f"{ACCOUNT}/conversations/1/assignments", {"assignee_id": 1}),
)


# A private note with a file on conversation 1 (the ReplyBox's multipart form), so the gallery's
# attachments list has an item; sent first, before the webhook exists.
UPLOAD_PATH = f"{ACCOUNT}/conversations/1/messages"
UPLOAD_FORM = {"content": "The invoice", "private": "true"}
UPLOAD_FILE = ("invoice.txt", b"total: 42", "text/plain")


def populate(client: HttpClient, headers: Mapping[str, Mapping[str, str]]) -> list[tuple[str, int]]:
    """Send the upload, then POPULATE, each with `headers[ADMIN]` or `headers[AGENT]`; returns
    (path, status) of each."""
    files = {"attachments[]": UPLOAD_FILE}
    uploaded = client.request(
        "POST", UPLOAD_PATH, data=UPLOAD_FORM, files=files, headers=dict(headers[ADMIN])
    )
    done = [(UPLOAD_PATH, uploaded.status_code)]
    for who, method, path, body in POPULATE:
        response = client.request(method, path, json=body, headers=dict(headers[who]))
        done.append((path, response.status_code))
    return done


# ------------------------------------------------------------------------------------ reading


class Missing(Exception):
    """A field a store reads is not in the response."""


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d*)\]")


def values_at(body: Any, path: str) -> list[Any]:
    """Every value at `path` ("a.b[].c", "[0].id", "" for the body); raises Missing (naming the
    path) when a key is absent, an index out of range or a container of the wrong kind."""
    found = [body]
    for match in _TOKEN.finditer(path):
        key, index = match.group(1), match.group(2)
        step: list[Any] = []
        for value in found:
            if key is not None:
                if not isinstance(value, dict) or key not in value:
                    raise Missing(f"{path}: no {key!r} in {type(value).__name__}")
                step.append(value[key])
            elif not isinstance(value, list):
                raise Missing(f"{path}: {type(value).__name__} where a list was read")
            elif index:
                if int(index) >= len(value):
                    raise Missing(f"{path}: no item {index} (the list has {len(value)})")
                step.append(value[int(index)])
            else:
                step.extend(value)
        found = step
    return found


def type_errors(step: Step, body: Any) -> list[str]:
    """What is wrong with `body` for the fields `step`'s store reads (empty when all is well)."""
    problems = []
    for read in step.reads:
        try:
            found = values_at(body, read.path)
        except Missing as missing:
            if not read.optional:
                problems.append(str(missing))
            continue
        kinds = read.kind if isinstance(read.kind, tuple) else (read.kind,)
        for value in found:
            # bool is an int in Python; JSON keeps them apart, and so do the stores' checks.
            wrong_bool = isinstance(value, bool) and bool not in kinds
            if wrong_bool or not isinstance(value, kinds):
                problems.append(f"{read.path}: {type(value).__name__} {value!r:.40}, read as {kinds}")
                break
    return problems


def bind(step: Step, body: Any, bound: dict[str, Any]) -> None:
    """Take the step's values from `body` (raises Missing, binding nothing, when one is absent)."""
    found = {}
    for name, path in step.binds.items():
        (found[name],) = values_at(body, path)
    bound.update(found)


def request_body(step: Step, bound: Mapping[str, Any]) -> Any:
    """The step's JSON body with {placeholders} filled in (strings only, one level deep is enough)."""

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**bound)
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        return value

    return None if step.body is None else fill(step.body)


def screens() -> Iterator[str]:
    seen: list[str] = []
    for step in STEPS:
        if step.screen not in seen:
            seen.append(step.screen)
            yield step.screen


# ------------------------------------------------------------------------------------ replaying


@dataclass
class Answer:
    step: Step
    url: str
    status: int
    body: Any
    problems: list[str]


def replay(
    client: HttpClient,
    email: str,
    password: str,
    *,
    agent: bool = False,
    fresh: bool = False,
) -> list[Answer]:
    """Sign in as `email` and send every step in order (an agent skips admin-only screens), with the
    five session headers from the sign-in on each later request; the bound values fill later paths.
    Each answer lists what is wrong with the fields its store reads (4xx/5xx bodies are not read),
    and a value it should bind but does not have. On a `fresh` account (no conversations, contacts
    or teams) a missing value is no error: the steps that need it are left out, as the dashboard
    shows nothing to open."""
    bound: dict[str, Any] = {"email": email, "password": password}
    headers: dict[str, str] = {}
    answers = []
    for step in STEPS:
        if agent and step.admin_only:
            continue
        try:
            url = step.url(bound)
        except KeyError:
            if fresh:
                continue
            raise
        response = client.request(step.method, url, json=request_body(step, bound), headers=headers)
        if step.screen == SIGN_IN:
            headers = {name: response.headers.get(name, "") for name in SESSION_HEADERS}
        body = response.json() if response.content else None
        problems = type_errors(step, body) if response.status_code < 400 else []
        if response.status_code < 400 and not problems:
            try:
                bind(step, body, bound)
            except Missing as missing:
                if not fresh:
                    problems.append(f"nothing to bind: {missing}")
        answers.append(Answer(step, url, response.status_code, body, problems))
    return answers
