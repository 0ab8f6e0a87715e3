"""The request generator behind the fuzzer (tests/properties/test_fuzz.py and bench/fuzz.py).

Malformed requests for every (method, path pattern) of the API and the control API: path ids drawn
from small ints, huge ints, negative and non-numeric text; JSON bodies (objects, arrays, scalars,
deeply nested, not JSON at all), urlencoded and multipart forms with Rack's nested keys, other
content types; odd query parameters; the default fixture tokens, junk ones, or none. Keys and
enum-like values come from the string literals of the handler's own module, so the generator
follows the routes as they grow. The tests at the end check the generator itself.

Routes that would block by design are bounded here, not skipped: `/_fakewoot/webhooks/wait` always
carries a short `timeout`, and scenario bodies only wait for fractions of a second.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from fakewoot.admin import cable as admin_cable
from fakewoot.admin import routes as admin_routes
from fakewoot.admin import scenarios as admin_scenarios
from fakewoot.admin import webhooks as admin_webhooks
from fakewoot.api import all_routes
from fakewoot.api.routing import Route

ADMIN_TOKEN = "fakewoot-admin-token"
AGENT_TOKEN = "fakewoot-agent-token"
OTHER_ADMIN_TOKEN = "fakewoot-globex-admin-token"
BOT_TOKEN = "fakewoot-bot-token"
PLATFORM_TOKEN = "fakewoot-platform-token"
TOKENS = (ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, BOT_TOKEN, PLATFORM_TOKEN)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def every_route() -> list[Route]:
    """Chatwoot's routes and the control API's, as the app mounts them."""
    return [
        *all_routes(),
        *admin_routes.routes,
        *admin_cable.routes,
        *admin_webhooks.routes,
        *admin_scenarios.routes,
    ]


# --- values ------------------------------------------------------------------------------------

BOUNDARY_INTS = (
    0,
    1,
    2,
    3,
    -1,
    2**15,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    2**64,
    10**20,
    10**30,
)
BOUNDARY_FLOATS = (0.5, -0.5, 1.7e9, 1e12, 1e15, 1e20, -1e20, 1e308, -1e308, 5e-324, 253402300800.0)
NUMBER_TEXTS = (
    "1e20",
    "-1e20",
    "-1",
    "0",
    "1",
    "2",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "1.5",
    "NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e308",
    "1e400",
    "0x10",
    " 1",
    "1abc",
    "٣",
    "²",
    "",
    " ",
    "null",
    "true",
    "[]",
    "{}",
)
TIME_TEXTS = (
    "2024-06-01T00:00:00Z",
    "2024-06-01",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "10000-01-01T00:00:00Z",
    "-0001-01-01",
    "2024-13-45",
    "1700000000",
    "253402300800",
    "17000000000000",
    "1e20",
    "yesterday",
)
URL_TEXTS = (
    "http://127.0.0.1:9/hook",
    "https://127.0.0.1:9/x?y=1",
    "see https://127.0.0.1:9/a",
    "javascript:alert(1)",
    "ftp://127.0.0.1:9/f",
    "http://",
)
OTHER_TEXTS = (
    "open",
    "resolved",
    "pending",
    "snoozed",
    "all",
    "incoming",
    "outgoing",
    "activity",
    "administrator",
    "agent",
    "api",
    "web_widget",
    "email",
    "webhook",
    "message_created",
    "contact_created",
    "equal_to",
    "contains",
    "days_before",
    "is_present",
    "AND",
    "OR",
    "a@b.c",
    "john@acme.inc",
    "+14155552671",
    "Password1!",
    "x" * 256,
    "\x00",
    "\u2028",
    "<script>",
    "%",
    "_",
    "../../etc/passwd",
    "minimal",
    "customer_chat",
)
LONG_SIZES = (256, 2049, 20_001, 70_000)
DEEP_LEVELS = (60, 254, 300, 1_030)
ID_TEXTS = (
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "-1",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999999",
    "1e20",
    "1abc",
    "abc",
    "%00",
    " ",
    "٣",
    "1.json",
)
_LITERAL = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_.\-]{0,40})[\"']")


@cache
def module_words(module_name: str) -> tuple[str, ...]:
    """The identifier-like string literals of a module: its parameter keys and enum values."""
    import importlib

    source = inspect.getsource(importlib.import_module(module_name))
    return tuple(sorted(set(_LITERAL.findall(source))))


CORE_KEYS = (
    "id",
    "account_id",
    "inbox_id",
    "contact_id",
    "assignee_id",
    "team_id",
    "user_id",
    "conversation_id",
    "display_id",
    "page",
    "per_page",
    "before",
    "after",
    "snoozed_until",
    "created_at",
    "last_activity_at",
    "auto_resolve_after",
    "custom_attributes",
    "additional_attributes",
    "status",
    "priority",
    "labels",
    "q",
    "sort",
    "payload",
    "timeout",
    "latency",
    "times",
    "copies",
    "delay",
    "freeze",
    "advance",
    "unfreeze",
    "locale",
    "name",
    "email",
)


@cache
def _hints() -> dict[str, tuple[Any, ...]]:
    """Values each well-known key takes in Chatwoot (so a fuzzed body gets past the first check
    and reaches the next key), from the store's own constants."""
    from fakewoot.store.account_users import AVAILABILITIES, ROLES
    from fakewoot.store.agent_bots import BOT_TYPES
    from fakewoot.store.contact_filters import DATE_OPS, PRESENCE_OPS, TEXT_OPS
    from fakewoot.store.conversations import PRIORITIES, STATUSES
    from fakewoot.store.custom_attribute_definitions import ATTRIBUTE_MODELS, DISPLAY_TYPES
    from fakewoot.store.messages import CONTENT_TYPES, MESSAGE_STATUSES, MESSAGE_TYPES
    from fakewoot.store.webhooks import ALLOWED_EVENTS

    events = tuple(sorted(ALLOWED_EVENTS))
    return {
        "status": (*STATUSES, *MESSAGE_STATUSES, "active", "suspended", "all"),
        "priority": PRIORITIES,
        "message_type": (*MESSAGE_TYPES, 0, 1, 2, 3),
        "content_type": CONTENT_TYPES,
        "role": ROLES,
        "availability": AVAILABILITIES,
        "bot_type": (*BOT_TYPES, 0),
        "attribute_model": (*ATTRIBUTE_MODELS, 0, 1),
        "attribute_display_type": (*DISPLAY_TYPES, 0, 7),
        "filter_operator": (*TEXT_OPS, *DATE_OPS, *PRESENCE_OPS),
        "query_operator": ("AND", "OR", "and", None),
        "attribute_key": (
            "status",
            "created_at",
            "last_activity_at",
            "campaign_id",
            "email",
            "name",
            "team_id",
        ),
        "typing_status": ("on", "off"),
        "assignee_type": ("me", "unassigned", "assigned", "AgentBot", "User"),
        "event": events,
        "subscriptions": (list(events[:2]), [], [None], "message_created"),
        "locale": ("en", "fr", "pt_BR", "xx"),
        "channel": (
            {"type": "api"},
            {"type": "web_widget", "website_url": "http://127.0.0.1:9"},
            {"type": "email"},
        ),
        "type": ("api", "web_widget", "email"),
        "private": (True, False, "true"),
        "freeze": (*TIME_TEXTS, 1e20, -1e20, 1.7e9, 2**63),
        "unfreeze": (True, 1),
        "sort_by": ("priority_desc", "waiting_since_asc", "created_at_desc", "x"),
        "sort": ("-last_activity_at", "name", "-company", "x"),
    }


HINTS = _hints()
ID_SUFFIXES = ("_id", "_ids")
TIME_WORDS = ("_at", "_until", "since", "until", "before", "after", "freeze", "time", "date")
NUMBER_WORDS = (
    "page",
    "count",
    "times",
    "copies",
    "delay",
    "latency",
    "timeout",
    "advance",
    "auto_resolve_after",
    "limit",
    "agents",
    "drop_next",
    "max",
    "minutes",
    "seconds",
    "hour",
)


def scalars(words: tuple[str, ...]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(BOUNDARY_INTS),
        st.integers(-(2**70), 2**70),
        st.sampled_from(BOUNDARY_FLOATS),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(NUMBER_TEXTS + TIME_TEXTS + URL_TEXTS + OTHER_TEXTS),
        st.sampled_from(words) if words else st.just("name"),
        st.text(max_size=12),
        st.sampled_from(LONG_SIZES).map(lambda n: "y" * n),
    )


def deep(levels: int, leaf: Any) -> Any:
    value = leaf
    for index in range(levels):
        value = [value] if index % 2 else {"a": value}
    return value


@cache
def values(words: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Any JSON value: scalars, objects and arrays three levels deep, or one nested hundreds deep.
    (Spelled out level by level: st.recursive costs several times more to draw from.)"""
    keys = st.sampled_from(words + CORE_KEYS) | st.text(max_size=6)
    leaf = scalars(words)
    level2 = st.lists(leaf, max_size=4) | st.dictionaries(keys, leaf, max_size=4)
    level3 = st.lists(leaf | level2, max_size=3) | st.dictionaries(keys, leaf | level2, max_size=3)
    return st.one_of(leaf, leaf, level2, level3, st.builds(deep, st.sampled_from(DEEP_LEVELS), leaf))


ID_VALUES = st.sampled_from(BOUNDARY_INTS) | st.sampled_from(ID_TEXTS) | st.integers(0, 12) | st.none()
TIME_VALUES = (
    st.sampled_from(BOUNDARY_FLOATS + BOUNDARY_INTS)
    | st.sampled_from(TIME_TEXTS + NUMBER_TEXTS)
    | st.floats(-1e22, 1e22)
    | st.integers(-(2**66), 2**66)
)
NUMBER_VALUES = st.sampled_from(BOUNDARY_INTS + BOUNDARY_FLOATS + NUMBER_TEXTS) | st.floats() | st.none()


@cache
def value_for(key: str, words: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """A value for `key`: what Chatwoot expects there (often), the boundary values of its kind, or
    anything at all."""
    options: list[st.SearchStrategy[Any]] = []
    if key in HINTS:
        options += [st.sampled_from(HINTS[key])] * 3
    if key == "id" or key.endswith(ID_SUFFIXES):
        options += [ID_VALUES, ID_VALUES.map(lambda x: [x])]
    elif any(word in key for word in TIME_WORDS):
        options += [TIME_VALUES, TIME_VALUES]
    elif any(word in key for word in NUMBER_WORDS):
        options += [NUMBER_VALUES, NUMBER_VALUES]
    options.append(values(words))
    return st.one_of(options)


@st.composite
def _bodies(draw: st.DrawFn, words: tuple[str, ...], preferred: tuple[str, ...]) -> dict[str, Any]:
    keys = draw(
        st.lists(
            st.sampled_from(preferred or words or CORE_KEYS)
            | st.sampled_from(words or CORE_KEYS)
            | st.sampled_from(CORE_KEYS)
            | st.text(max_size=6),
            max_size=6,
            unique=True,
        )
    )
    return {key: draw(value_for(key, words)) for key in keys}


@cache
def bodies(words: tuple[str, ...], preferred: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """An object whose keys are mostly the handler's own parameter names, each with a value for it."""
    return _bodies(words, preferred)


# --- valid bodies to start from -----------------------------------------------------------------
# A body that gets past the first checks, per route name; the fuzzer mutates one to three of its keys
# (or the keys inside its wrapper), so the requests reach the deeper checks and the store.

HOOK = "http://127.0.0.1:9/hook"
FILTER = [{"attribute_key": "name", "filter_operator": "contains", "values": ["a"], "query_operator": None}]
CONVERSATION_FILTER = [
    {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": "AND"},
    {"attribute_key": "campaign_id", "filter_operator": "equal_to", "values": [1], "query_operator": None},
]
TEMPLATES: dict[str, tuple[dict[str, Any], ...]] = {
    "accounts.create": (
        {"account_name": "Fuzz", "email": "f@fuzz.test", "user_full_name": "F", "password": "Password1!"},
    ),
    "accounts.update": (
        {"name": "N", "locale": "en", "auto_resolve_after": 60, "domain": "x.test", "industry": "x"},
    ),
    "agents.create": ({"name": "A", "email": "a@fuzz.test", "role": "agent"},),
    "agents.update": ({"role": "administrator", "availability": "busy", "auto_offline": True},),
    "agents.bulk_create": ({"emails": ["b@fuzz.test", "c@fuzz.test"]},),
    "devise_overrides/sessions.create": ({"email": "john@acme.inc", "password": "Password1!"},),
    "devise_overrides/passwords.create": ({"email": "john@acme.inc"},),
    "devise_overrides/passwords.update": (
        {"reset_password_token": "x", "password": "Password1!", "password_confirmation": "Password1!"},
    ),
    "profiles.update": (
        {"profile": {"name": "J", "display_name": "JJ", "ui_settings": {"a": 1}, "message_signature": "s"}},
        {
            "profile": {
                "password": "Password2!",
                "password_confirmation": "Password2!",
                "current_password": "Password1!",
            }
        },
    ),
    "profiles.availability": ({"profile": {"availability": "busy", "account_id": 1}},),
    "profiles.auto_offline": ({"profile": {"auto_offline": True, "account_id": 1}},),
    "profiles.set_active_account": ({"profile": {"account_id": 1}},),
    "inboxes.create": (
        {"name": "In", "channel": {"type": "api", "webhook_url": HOOK}},
        {"name": "Web", "channel": {"type": "web_widget", "website_url": "https://x.test"}},
        {"name": "Mail", "channel": {"type": "email", "email": "in@fuzz.test"}},
    ),
    "inboxes.update": (
        {"name": "In2", "enable_auto_assignment": True, "csat_config": {}, "channel": {"webhook_url": HOOK}},
        {"working_hours": [{"day_of_week": 1, "open_hour": 9, "open_minutes": 0, "close_hour": 17}]},
    ),
    "inboxes.set_agent_bot": ({"agent_bot": 1},),
    "labels.create": ({"title": "fuzz", "description": "d", "color": "#fff", "show_on_sidebar": True},),
    "labels.update": ({"title": "fuzz2", "description": "d", "color": "#000"},),
    "custom_attribute_definitions.create": (
        {
            "attribute_display_name": "D",
            "attribute_key": "fuzz_key",
            "attribute_model": "contact_attribute",
            "attribute_display_type": "number",
            "attribute_values": ["a"],
        },
    ),
    "custom_attribute_definitions.update": ({"attribute_display_name": "E", "attribute_values": ["b"]},),
    "contacts.create": (
        {
            "name": "C",
            "email": "c@fuzz.test",
            "phone_number": "+14155550100",
            "identifier": "i-1",
            "inbox_id": 1,
            "custom_attributes": {"a": 1},
            "additional_attributes": {"company_name": "X"},
        },
    ),
    "contacts.update": (
        {"name": "C2", "blocked": True, "custom_attributes": {"b": 2}, "last_activity_at": 1.7e9},
    ),
    "contacts.filter": ({"payload": FILTER},),
    "contacts.export": ({"column_names": ["id", "name"], "payload": FILTER}, {"label": "vip"}),
    "contacts.destroy_custom_attributes": ({"custom_attributes": ["a"]},),
    "contacts/contact_inboxes.create": ({"inbox_id": 1, "source_id": "s-1"},),
    "contacts/labels.create": ({"labels": ["a", "b"]},),
    "contacts/notes.create": ({"content": "n"},),
    "contacts/notes.update": ({"content": "m"},),
    "conversations.create": (
        {
            "inbox_id": 1,
            "contact_id": 1,
            "status": "snoozed",
            "snoozed_until": 1.8e9,
            "assignee_id": 1,
            "message": {"content": "hi"},
            "custom_attributes": {"a": 1},
        },
    ),
    "conversations.filter": ({"payload": CONVERSATION_FILTER, "page": 1},),
    "conversations.update": (
        {"priority": "high", "custom_attributes": {"a": 1}, "additional_attributes": {}},
    ),
    "conversations.toggle_status": ({"status": "snoozed", "snoozed_until": 1.8e9}, {"status": "resolved"}),
    "conversations.toggle_priority": ({"priority": "urgent"},),
    "conversations.toggle_typing_status": ({"typing_status": "on", "is_private": False},),
    "conversations.custom_attributes": ({"custom_attributes": {"a": 1}},),
    "messages.create": (
        {"content": "m", "message_type": "outgoing", "private": False, "content_attributes": {"a": 1}},
        {"content": "in", "message_type": "incoming", "echo_id": "e", "template_params": {"name": "t"}},
    ),
    "messages.update": ({"status": "delivered"}, {"status": "failed", "external_error": "x"}),
    "assignments.create": ({"assignee_id": 2}, {"assignee_id": 1, "assignee_type": "AgentBot"}),
    "conversations/labels.create": ({"labels": ["support", "x"]},),
    "inbox_members.create": ({"inbox_id": 1, "user_ids": [1, 2]},),
    "inbox_members.update": ({"inbox_id": 2, "user_ids": [1]},),
    "inbox_members.destroy": ({"inbox_id": 1, "user_ids": [2]},),
    "webhooks.create": (
        {"webhook": {"url": HOOK, "subscriptions": ["message_created"], "name": "n", "inbox_id": 1}},
    ),
    "webhooks.update": ({"webhook": {"url": HOOK + "2", "subscriptions": ["contact_created"]}},),
    "agent_bots.create": (
        {"name": "B", "description": "d", "outgoing_url": HOOK, "bot_type": "webhook", "bot_config": {}},
    ),
    "agent_bots.update": ({"name": "B2", "outgoing_url": HOOK, "bot_config": {"a": 1}},),
    "platform/api/v1/users.create": (
        {"name": "P", "email": "p@fuzz.test", "password": "Password1!", "custom_attributes": {}},
    ),
    "platform/api/v1/users.update": ({"name": "P2", "display_name": "p", "custom_attributes": {"a": 1}},),
    "platform/api/v1/accounts.create": (
        {"name": "PA", "locale": "en", "status": "active", "limits": {"agents": 5}, "features": {"x": True}},
    ),
    "platform/api/v1/accounts.update": ({"name": "PB", "limits": {"agents": 1}, "custom_attributes": {}},),
    "platform/api/v1/account_users.create": ({"user_id": 1, "role": "agent"},),
    "platform/api/v1/account_users.destroy": ({"user_id": 1},),
    "fakewoot.faults.create": (
        {"method": "GET", "path": "/api/v1/profile", "status": 503, "latency": 0.01, "times": 1, "body": {}},
    ),
    "fakewoot.clock.set": ({"freeze": "2024-06-01T00:00:00Z"}, {"advance": 60}, {"unfreeze": True}),
    "fakewoot.cable.emit": ({"event": "x.y", "data": {"a": 1}, "to": 1},),
    "fakewoot.cable.raw": ({"frame": "x", "connection_id": 1},),
    "fakewoot.cable.disconnect": ({"reason": "x", "reconnect": False},),
    "fakewoot.cable.faults": ({"hold": True, "delay": 0.01, "copies": 2, "pings": False},),
    "fakewoot.cable.release": ({"reverse": True},),
    "fakewoot.webhooks.faults": ({"hold": True, "delay": 0, "copies": 2, "drop_next": 1},),
    "fakewoot.webhooks.release": ({"order": [1, 2]}, {"reverse": True}),
    "fakewoot.webhooks.send": ({"url": HOOK, "payload": {"event": "x"}, "secret": "s", "event": "x"},),
    "fakewoot.webhooks.webwidget_triggered": ({"account_id": 1, "contact_inbox_id": 1, "event_info": {}},),
    "fakewoot.webhooks.wait": ({"event": "x", "timeout": 0, "count": 1},),
    "fakewoot.webhooks.resend": ({"new_delivery_id": True},),
    "fakewoot.load": ({"fixtures": "minimal"},),
}


# routes that take a file, and the field it comes in
FILE_KEYS = {
    "contacts.import": "import_file",
    "messages.create": "attachments[]",
    "agent_bots.create": "avatar",
    "agent_bots.update": "avatar",
    "profiles.update": "profile[avatar]",
}


def _mutate(draw: st.DrawFn, body: dict[str, Any], words: tuple[str, ...], preferred: tuple[str, ...]) -> Any:
    """A copy of a valid body with one to three keys set to fuzzed values, dropped, or added."""
    body = json.loads(json.dumps(body))
    target = body
    inner = [k for k, v in body.items() if isinstance(v, dict)]
    if inner and draw(st.booleans()):
        target = body[pick(draw, inner)]
    for _ in range(draw(st.integers(1, 3))):
        pool = list(target) or list(preferred) or ["x"]
        if chance(draw, 25):
            pool = list(preferred or CORE_KEYS) if draw(st.booleans()) else list(CORE_KEYS)
        key = pick(draw, pool)
        if chance(draw, 10):
            target.pop(key, None)
        else:
            target[key] = draw(value_for(key, words))
    return body


# --- requests ----------------------------------------------------------------------------------


@dataclass
class FuzzRequest:
    method: str
    path: str  # already percent-encoded
    pattern: str  # the route's path pattern ("" for a path no route has)
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None

    @property
    def url(self) -> str:
        return self.path + ("?" + urlencode(self.query) if self.query else "")

    def describe(self, limit: int = 300) -> str:
        body = "" if self.content is None else " " + repr(self.content[:limit])
        kind = self.headers.get("content-type", "-")
        auth = self.headers.get("api_access_token", "-")
        return f"{self.method} {self.url[:limit]} [{kind}; token {auth}]{body}"


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    """Rack's nested keys: {"a": {"b": [1]}} -> a[b][]=1."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}[{key}]" if prefix else str(key), item, out)
    elif isinstance(value, list):
        for item in value[:6]:
            _flatten(prefix + "[]", item if not isinstance(item, (dict, list)) else str(item), out)
    else:
        out.append((prefix or "_", "" if value is None else str(value)))


def form_pairs(body: Any) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if isinstance(body, dict):
        for key, value in body.items():
            _flatten(str(key), value, pairs)
    else:
        _flatten("_json", body, pairs)
    return pairs


BOUNDARY = "fuzzboundary7MA4YWxkTrZu0gW"
UPLOADS = (
    b"name,email,phone_number,identifier\nA,a@x.test,+14155550000,i1\n",
    b"name,email\n" + b"B,\x00\xff\n" * 3,
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    b"",
    b'"unterminated,\n',
)


def multipart(pairs: list[tuple[str, str]], files: list[tuple[str, str, bytes]]) -> bytes:
    parts: list[bytes] = []
    for key, value in pairs:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for key, filename, content in files:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
            f"Content-Type: text/csv\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def encode_json(value: Any) -> bytes:
    """Python's json (big integers beyond 64 bits and NaN allowed, as a sloppy client sends them)."""
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


def _words_for(route: Route) -> tuple[str, ...]:
    return module_words(route.handler.__module__)


@cache
def handler_words(route: Route) -> tuple[str, ...]:
    """The string literals of the handler itself (its parameter keys, mostly)."""
    try:
        source = inspect.getsource(route.handler)
    except (OSError, TypeError):
        return ()
    return tuple(sorted(set(_LITERAL.findall(source))))


PERCENT = st.sampled_from(range(100))


def chance(draw: st.DrawFn, percent: int) -> bool:
    """True about `percent` times in a hundred. Hypothesis favours the ends of a range (and shrinks
    toward its start), so the window sits in the middle: a shrunk example takes the common branch."""
    return draw(PERCENT) in range(40, 40 + percent)


def pick(draw: st.DrawFn, items: list[Any]) -> Any:
    """One of `items` (an index draw: no new strategy per call, which hypothesis would validate)."""
    return items[draw(st.integers(0, len(items) - 1))]


WEIRD_IDS = st.sampled_from(ID_TEXTS)
SMALL_IDS = st.sampled_from(("1", "2", "3", "1", "2", "3", "4", "5", "6", "7", "8"))
NAMES = st.sampled_from(("1", "snap", "a b", "..", "%2F", "x" * 300)) | st.text(min_size=1, max_size=8)
SUFFIXES = st.sampled_from(("", "", "", "", "", "/", ".json"))
OTHER_TOKENS = st.sampled_from((*TOKENS, None, "junk", "", "x" * 300, "fakewoot-admin-tokenX"))
DEVISE = st.fixed_dictionaries(
    {
        "access-token": st.sampled_from(("junk", "", "x" * 100)),
        "client": st.sampled_from(("junk", "")),
        "uid": st.sampled_from(("john@acme.inc", "nobody@x.test", "")),
    }
)
AUTHORIZATION = st.sampled_from(("Bearer junk", "Bearer", "Basic eA=="))


def _segment(draw: st.DrawFn, name: str, is_int: bool, after: str) -> str:
    weird = chance(draw, 10)
    if weird:
        text = draw(WEIRD_IDS)
    elif name == "account_id" or after == "accounts":
        text = "2" if chance(draw, 8) else "1"
    elif is_int:
        text = draw(SMALL_IDS)
    else:
        text = draw(NAMES)
    return quote(text, safe="") or "0"


def _fill(draw: st.DrawFn, pattern: str) -> str:
    out: list[str] = []
    for segment in pattern.split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            name, _, kind = segment[1:-1].partition(":")
            out.append(_segment(draw, name, kind == "int", out[-1] if out else ""))
        else:
            out.append(segment)
    path = "/".join(out)
    return path + draw(SUFFIXES)


def _headers(draw: st.DrawFn, pattern: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    default = PLATFORM_TOKEN if pattern.startswith("/platform/") else ADMIN_TOKEN
    choice = draw(OTHER_TOKENS) if chance(draw, 20) else default
    if choice is not None:
        headers["api_access_token"] = choice
    if chance(draw, 8):
        headers.update(draw(DEVISE))
    if chance(draw, 4):
        headers["authorization"] = draw(AUTHORIZATION)
    return headers


@cache
def _scenario(words: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Scenario bodies that never wait long: waits and `within`s of at most 0.05 s."""
    short = st.sampled_from((0, 0.01, 0.05, -1, "x", None))
    step = st.one_of(
        st.fixed_dictionaries({"wait": short}),
        st.fixed_dictionaries({"advance": st.sampled_from((1, -1, 1e20, 1e308, "x", 3600))}),
        st.fixed_dictionaries(
            {
                "request": st.fixed_dictionaries(
                    {
                        "method": st.sampled_from(("GET", "POST", "BREW")),
                        "path": st.sampled_from(("/api/v1/profile", "/api/v1/accounts/1/contacts", "nope")),
                    },
                    optional={"json": values(words), "as": st.sampled_from(("admin", "agent", "nobody"))},
                )
            }
        ),
        st.fixed_dictionaries(
            {"emit": st.fixed_dictionaries({"event": st.sampled_from(("x.y", 1)), "data": values(words)})}
        ),
        values(words),
    )
    return st.one_of(
        st.fixed_dictionaries(
            {
                "scenario": st.fixed_dictionaries(
                    {"name": st.text(max_size=5), "steps": st.lists(step, max_size=3)}
                )
            },
            optional={"variables": values(words)},
        ),
        st.fixed_dictionaries({"path": st.sampled_from(("", "nope", "/etc/passwd", "..", 1, None))}),
        values(words),
    )


@cache
def _free_body(route: Route) -> st.SearchStrategy[Any]:
    """A body made up from the handler's words (no template): an object, a wrapped object, or any value."""
    words, preferred = _words_for(route), handler_words(route)
    wrappers = st.sampled_from(preferred or words or ("x",))
    return st.one_of(
        bodies(words, preferred),
        bodies(words, preferred),
        bodies(words, preferred),
        st.builds(lambda key, inner: {key: inner}, wrappers, bodies(words, preferred)),
        values(words),
    )


def _body(draw: st.DrawFn, route: Route) -> Any:
    words = _words_for(route)
    if route.path == "/_fakewoot/scenarios/run":
        return draw(_scenario(words))
    templates = TEMPLATES.get(route.name)
    if templates and not chance(draw, 25):
        body = _mutate(draw, dict(pick(draw, list(templates))), words, handler_words(route))
    else:
        body = draw(_free_body(route))
    return _bounded(draw, route, body)


SHORT_OR_REFUSED = (0, 0.01, 0.05, -1, 61, 1e20, "x", "nan", [])


def _bounded(draw: st.DrawFn, route: Route, body: Any) -> Any:
    """What would make a route sleep for real is kept short (or out of range, hence refused): a
    wait's `timeout` is always given (5 s otherwise), a fault's `latency` is short."""
    if route.name == "fakewoot.webhooks.wait":
        body = body if isinstance(body, dict) else {"_": body}
        body["timeout"] = pick(draw, list(SHORT_OR_REFUSED))
    elif route.name == "fakewoot.faults.create" and isinstance(body, dict) and "latency" in body:
        body["latency"] = pick(draw, list(SHORT_OR_REFUSED))
    return body


ANY_METHOD = st.sampled_from(METHODS)
ODD_PATHS = st.sampled_from(("/", "/api", "/api/v1/accounts/1/nope", "/_fakewoot", "/%ff", "/cable"))
KINDS = st.sampled_from(
    ("json", "json", "json", "json", "none", "form", "multipart", "broken-json", "text", "json-ish")
)
BROKEN_JSON = st.sampled_from((b"{", b'{"a":', b"\xff\xfe", b"[1,]", b"NaN", b'{"a": 1e400}'))
FILES = st.lists(
    st.tuples(
        st.sampled_from(("import_file", "attachments[]", "avatar", "file")),
        st.sampled_from(("a.csv", "", "x.png", "../x")),
        st.sampled_from(UPLOADS),
    ),
    max_size=2,
)
OTHER_TYPES = st.sampled_from(("text/plain", "application/xml", ""))
QUERY_KEYS = st.sampled_from(("labels[]", "a[b]", "a[][c]", ""))
QUERY_VALUES = st.sampled_from(NUMBER_TEXTS + TIME_TEXTS + OTHER_TEXTS[:20]) | st.text(max_size=8)


@cache
def _routes(routes: tuple[Route, ...]) -> st.SearchStrategy[Route]:
    return st.sampled_from(routes)


@cache
def _query(route: Route) -> st.SearchStrategy[list[tuple[str, str]]]:
    keys = st.sampled_from(_words_for(route) + CORE_KEYS) | QUERY_KEYS
    return st.lists(st.tuples(keys, QUERY_VALUES), max_size=4)


@st.composite
def fuzz_requests(draw: st.DrawFn, routes: tuple[Route, ...] | None = None) -> FuzzRequest:
    """One malformed (or well-formed) request for one of `routes` (default: every route)."""
    route = draw(_routes(routes or ROUTES))
    method = route.method
    if chance(draw, 4):
        method = draw(ANY_METHOD)
    path = _fill(draw, route.path)
    if chance(draw, 2):
        path = draw(ODD_PATHS)
    query = draw(_query(route))
    if route.name in ("fakewoot.faults.create", "fakewoot.webhooks.wait"):  # query values join the body
        query = [(key, value) for key, value in query if key not in ("latency", "timeout")]
    if route.name == "fakewoot.webhooks.wait":  # a wait without a timeout waits 5 s: always give one
        query.append(("timeout", str(pick(draw, list(SHORT_OR_REFUSED)))))
    headers = _headers(draw, route.path)
    kind = draw(KINDS)
    content: bytes | None = None
    if kind != "none":
        body = _body(draw, route)
        if kind in ("json", "json-ish"):
            content = encode_json(body)
            headers["content-type"] = "application/json" if kind == "json" else "application/vnd.api+json"
        elif kind == "broken-json":
            content = draw(BROKEN_JSON)
            headers["content-type"] = "application/json"
        elif kind == "form":
            content = urlencode(form_pairs(body)).encode()
            headers["content-type"] = "application/x-www-form-urlencoded"
        elif kind == "multipart":
            files = draw(FILES)
            if route.name in FILE_KEYS and not chance(draw, 30):
                files.append((FILE_KEYS[route.name], "a.csv", draw(st.sampled_from(UPLOADS))))
            pairs = form_pairs(body)
            if pairs and chance(draw, 30):  # a field sent as a file (Rails permits an uploaded file)
                key = pick(draw, pairs)[0]
                files.append((key, "f.csv", draw(st.sampled_from(UPLOADS))))
                pairs = [(k, v) for k, v in pairs if k != key]
            content = multipart(pairs, files)
            headers["content-type"] = f"multipart/form-data; boundary={BOUNDARY}"
            if chance(draw, 10):
                content = content[: len(content) // 2]  # a broken multipart body
        else:
            content = encode_json(body)
            headers["content-type"] = draw(OTHER_TYPES)
    return FuzzRequest(method, path, route.path, query, headers, content)


def _weighted(routes: Iterable[Route]) -> tuple[Route, ...]:
    """The stubs (501 for what fakewoot does not have yet) once, the real routes three times."""
    out: list[Route] = []
    for route in routes:
        out.extend([route] * (1 if route.handler.__name__ == "not_yet" else 3))
    return tuple(out)


ROUTES = _weighted(every_route())
WRITE_ROUTES = tuple(r for r in ROUTES if r.method != "GET" and r.handler.__name__ != "not_yet")


# --- reads: every list and show endpoint of account 1 -------------------------------------------

ACCOUNT = "/api/v1/accounts/1"
FIXED_READS = (
    f"{ACCOUNT}/conversations",
    f"{ACCOUNT}/conversations?status=all",
    f"{ACCOUNT}/conversations?status=all&sort_by=waiting_since_asc",
    f"{ACCOUNT}/conversations?status=snoozed&sort_by=priority_desc",
    f"{ACCOUNT}/conversations/meta?status=all",
    f"{ACCOUNT}/contacts",
    f"{ACCOUNT}/contacts?sort=-last_activity_at",
    f"{ACCOUNT}/contacts?sort=-name,company,-city,country,-email,phone_number,-created_at",
    f"{ACCOUNT}/conversations?status=all&sort_by=created_at_asc",
    f"{ACCOUNT}/contacts/1/conversations",
    f"{ACCOUNT}/contacts/search?q=a",
    f"{ACCOUNT}/contacts/active",
    f"{ACCOUNT}/inboxes",
    f"{ACCOUNT}/labels",
    f"{ACCOUNT}/agents",
    f"{ACCOUNT}/webhooks",
    f"{ACCOUNT}/agent_bots",
    f"{ACCOUNT}/custom_attribute_definitions",
    ACCOUNT,
    f"{ACCOUNT}/cache_keys",
    "/api/v1/profile",
    "/_fakewoot/state",
    "/_fakewoot/requests",
    "/_fakewoot/webhooks",
    "/_fakewoot/timeline",
    "/_fakewoot/outbox",
    "/_fakewoot/clock",
    "/_fakewoot/cable/frames",
    "/_fakewoot/health",
)


def reads_for(fake: Any, everything: bool = True) -> list[tuple[str, dict[str, str]]]:
    """The list endpoints and the control API's journals; with `everything`, the show endpoints of
    every record account 1 holds now too."""
    admin = {"api_access_token": ADMIN_TOKEN}
    paths = list(FIXED_READS)
    account = fake.store.state.accounts.get(1)
    if everything and account is not None:
        for conversation in list(account.conversations.values()):
            base = f"{ACCOUNT}/conversations/{conversation.display_id}"
            paths += [base, base + "/messages", base + "/labels"]
        for contact_id in list(account.contacts.rows):
            base = f"{ACCOUNT}/contacts/{contact_id}"
            paths += [base, base + "/conversations", base + "/notes", base + "/labels"]
            paths.append(base + "/contactable_inboxes")
        for note in list(account.notes.values()):
            paths.append(f"{ACCOUNT}/contacts/{note.contact_id}/notes/{note.id}")
        for inbox_id in list(account.inboxes.rows):
            paths += [f"{ACCOUNT}/inboxes/{inbox_id}", f"{ACCOUNT}/inboxes/{inbox_id}/agent_bot"]
            paths.append(f"{ACCOUNT}/inbox_members/{inbox_id}")
        paths += [f"{ACCOUNT}/labels/{i}" for i in list(account.labels.rows)]
        paths += [
            f"{ACCOUNT}/custom_attribute_definitions/{i}"
            for i in list(account.custom_attribute_definitions.rows)
        ]
        paths += [f"{ACCOUNT}/agent_bots/{i}" for i in list(fake.store.state.agent_bots.rows)]
    reads = [(path, admin) for path in paths]
    reads.append((f"{ACCOUNT}/conversations?status=all", {"api_access_token": AGENT_TOKEN}))
    platform = {"api_access_token": PLATFORM_TOKEN}
    reads += [("/platform/api/v1/accounts/1", platform), ("/platform/api/v1/users/1", platform)]
    if everything:
        reads += [(f"/platform/api/v1/users/{i}", platform) for i in list(fake.store.state.users.rows)]
    return reads


# --- the generator's own checks -----------------------------------------------------------------


def test_every_route_can_be_drawn():
    patterns = {(r.method, r.path) for r in every_route()}
    assert patterns == {(r.method, r.path) for r in ROUTES}
    assert len(patterns) > 150


def test_module_words_find_parameter_keys():
    words = module_words("fakewoot.api.conversations")
    assert "snoozed_until" in words and "status" in words


def test_form_pairs_use_racks_nested_keys():
    assert form_pairs({"a": {"b": [1, None]}, "c": "x"}) == [("a[b][]", "1"), ("a[b][]", ""), ("c", "x")]


@settings(max_examples=50, deadline=None, database=None)
@given(fuzz_requests())
def test_requests_are_well_formed_http(request_: FuzzRequest) -> None:
    assert request_.method in METHODS
    assert request_.path.startswith("/")
    assert all(" " not in part for part in request_.path.split("?")[:1])
    if request_.content is not None:
        assert isinstance(request_.content, bytes)
