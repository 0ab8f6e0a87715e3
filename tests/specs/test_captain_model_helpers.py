"""Ports of spec/enterprise/models/concerns/captain_tools_helpers_spec.rb, copilot_thread_spec.rb and
copilot_message_spec.rb (v4.10): the tool-reference parsing (fakewoot/store/captain_scenarios.py) and
what the copilot records render through the API."""

from __future__ import annotations

from typing import Any

from fakewoot.events.types import COPILOT_MESSAGE_CREATED
from fakewoot.store.captain_scenarios import TOOL_REFERENCE, tool_ids
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

HELPERS = "spec/enterprise/models/concerns/captain_tools_helpers_spec.rb"
THREAD = "spec/enterprise/models/copilot_thread_spec.rb"
MESSAGE = "spec/enterprise/models/copilot_message_spec.rb"
SPEC = {HELPERS: HELPERS, THREAD: THREAD, MESSAGE: MESSAGE}
UPSTREAM_ITS = {HELPERS: 10, THREAD: 8, MESSAGE: 5}
CLASSES = "internal: resolving a tool id to its Ruby class (config/agents/tools.yml's tools all resolve)"
MATCHER = "internal: an association or validation matcher"
HISTORY = "not implemented: the history handed to the LLM (Captain::Copilot::ResponseJob is not run)"
SKIPPED = {
    HELPERS: {
        ".resolve_tool_class > resolves valid tool classes": CLASSES,
        ".resolve_tool_class > returns nil for invalid tool classes": CLASSES,
        ".resolve_tool_class > converts snake_case to PascalCase": CLASSES,
    },
    THREAD: {
        "associations > is_expected.to belong_to(:user)": MATCHER,
        "associations > is_expected.to belong_to(:account)": MATCHER,
        "associations > is_expected.to belong_to(:assistant).class_name('Captain::Assistant')": MATCHER,
        "associations > is_expected.to have_many(:copilot_messages).dependent(:destroy_async)": MATCHER,
        "validations > is_expected.to validate_presence_of(:title)": (
            "internal: the controller refuses a blank message (the title) first: `Message is required`"
        ),
        "#previous_history > when there are messages in the thread > "
        "returns only user and assistant messages in chronological order": HISTORY,
        "#previous_history > when there are no messages in the thread > returns an empty array": HISTORY,
    },
    MESSAGE: {
        "validations > is_expected.to validate_presence_of(:message_type)": MATCHER,
        "validations > is_expected.to validate_presence_of(:message)": MATCHER,
    },
}
R = "TOOL_REFERENCE_REGEX > "
E = "#extract_tool_ids_from_text > "


@ports(R + "matches tool references in text", spec=HELPERS)
def test_the_tool_reference_pattern_matches():
    text = "Use [@Add Contact Note](tool://add_contact_note) and [Update Priority](tool://update_priority)"
    assert TOOL_REFERENCE.findall(text) == ["add_contact_note", "update_priority"]


@ports(R + "does not match invalid formats", spec=HELPERS)
def test_the_tool_reference_pattern_refuses_other_forms():
    for text in (
        "<tool://invalid>",
        "tool://invalid",
        "(tool:invalid)",
        "(tool://)",
        "(tool://with/slash)",
        "(tool://add_contact_note)",
        "[@Tool](tool://)",
        "[Tool](tool://with/slash)",
        "[](tool://valid)",
    ):
        assert TOOL_REFERENCE.findall(text) == [], text


@ports(
    E + "extracts tool IDs from text",
    E + "returns unique tool IDs",
    E + "returns empty array for blank text",
    E + "returns empty array when no tools found",
    E + "handles complex text with multiple tools",
    spec=HELPERS,
)
def test_tool_ids_from_text():
    first = (
        "First [@Add Contact Note](tool://add_contact_note) then [@Update Priority](tool://update_priority)"
    )
    assert tool_ids(first) == ["add_contact_note", "update_priority"]
    twice = (
        "Use [@Add Contact Note](tool://add_contact_note) and [@Contact Note](tool://add_contact_note) again"
    )
    assert tool_ids(twice) == ["add_contact_note"]
    assert tool_ids("") == tool_ids(None) == tool_ids("   ") == []
    assert tool_ids("This text has no tool references") == []
    complex_text = (
        "Start with [@Add Contact Note](tool://add_contact_note) to document.\n"
        "Then use [@Update Priority](tool://update_priority) if needed.\n"
        "Finally [@Add Private Note](tool://add_private_note) for internal notes.\n"
    )
    assert tool_ids(complex_text) == ["add_contact_note", "update_priority", "add_private_note"]


def _thread(http: Any, title: str = "Test Thread") -> dict[str, Any]:
    body = {"assistant": {"name": "Copilot", "description": "d"}}
    assistant = ok(http.post("/api/v1/accounts/1/captain/assistants", json=body, headers=ADMIN))
    return ok(
        http.post(
            "/api/v1/accounts/1/captain/copilot_threads",
            json={"message": title, "assistant_id": assistant["id"]},
            headers=ADMIN,
        )
    )


@ports("#push_event_data > returns the correct event data", spec=THREAD)
def test_a_threads_push_data(http):
    thread = _thread(http)
    url = f"/api/v1/accounts/1/captain/copilot_threads/{thread['id']}/copilot_messages"
    (message,) = ok(http.get(url, headers=ADMIN))["payload"]
    assert message["copilot_thread"] == {
        "id": thread["id"],
        "title": "Test Thread",
        "created_at": thread["created_at"],
        "user": thread["user"],
        "account_id": 1,
    }


@ports(
    "callbacks > #ensure_account > sets the account from the copilot thread before validation",
    "#push_event_data > returns the correct event data",
    spec=MESSAGE,
)
def test_a_messages_account_and_push_data(http):
    thread = _thread(http)
    url = f"/api/v1/accounts/1/captain/copilot_threads/{thread['id']}/copilot_messages"
    created = ok(http.post(url, json={"message": "Test message"}, headers=ADMIN))
    assert created["account_id"] == thread["account_id"]
    assert (created["message"], created["message_type"]) == ({"content": "Test message"}, "user")
    assert isinstance(created["created_at"], int)
    assert created["copilot_thread"]["id"] == thread["id"]
    assert created["copilot_thread"]["user"] == thread["user"]


@ports("callbacks > #broadcast_message > dispatches COPILOT_MESSAGE_CREATED event after create", spec=MESSAGE)
def test_a_message_is_dispatched_after_create(http, events):
    thread = _thread(http)
    url = f"/api/v1/accounts/1/captain/copilot_threads/{thread['id']}/copilot_messages"
    created = ok(http.post(url, json={"message": "Test message"}, headers=ADMIN))
    dispatched = [e.data["copilot_message"] for e in events if e.name == COPILOT_MESSAGE_CREATED]
    assert dispatched[-1].id == created["id"]
