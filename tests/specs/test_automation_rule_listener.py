"""Port of spec/listeners/automation_rule_listener_spec.rb (v4.10), through what a client sees: the
upstream spec stubs the conditions and action services and asserts the listener calls them; here a
rule's action (a label) shows over HTTP whether the rule ran, and its conditions match or not."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, new_message, ok

SPEC = "spec/listeners/automation_rule_listener_spec.rb"
UPSTREAM_ITS = 25
MATCH = " > when matching rules are present > "
CALLS = "calls AutomationRules::ActionService if conditions match"
NO_MATCH = "does not call AutomationRules::ActionService if conditions do not match"
TWICE = "calls AutomationRules::ActionService for each rule when multiple rules are present"
BY_AUTOMATION = "does not call AutomationRules::ActionService if performed by automation"
SKIPPED = {
    "conversation_created" + MATCH + BY_AUTOMATION: (
        "internal: no automation action creates a conversation, so a conversation_created event"
        " performed by a rule cannot happen"
    ),
    "message_created"
    + MATCH
    + "does not call AutomationRules::ActionService if message is auto reply email": (
        "not implemented: fakewoot receives no e-mail, so no message is an auto-reply e-mail"
    ),
}
URL = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
INBOX_1 = [
    {"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": [1], "query_operator": None}
]
INBOX_2 = [
    {"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": [2], "query_operator": None}
]


def _rule(http, event: str, label: str, conditions: list | None = None, actions: list | None = None) -> dict:
    body = {
        "name": f"{event} {label}",
        "event_name": event,
        "conditions": [] if conditions is None else conditions,
        "actions": actions or [{"action_name": "add_label", "action_params": [label]}],
    }
    return ok(http.post(URL, json=body, headers=ADMIN))


def _labels(http, conversation: dict) -> list[str]:
    return ok(http.get(f"{CONVERSATIONS}/{conversation['id']}", headers=ADMIN))["labels"]


def _toggle(http, conversation: dict, status: str) -> None:
    ok(
        http.post(
            f"{CONVERSATIONS}/{conversation['id']}/toggle_status", json={"status": status}, headers=ADMIN
        )
    )


# How each event is caused over HTTP on an open conversation of the API inbox
def _created(http) -> dict:
    return new_conversation(http)


def _updated(http) -> dict:
    conversation = new_conversation(http)
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_priority"
    ok(http.post(url, json={"priority": "high"}, headers=ADMIN))
    return conversation


def _opened(http) -> dict:
    conversation = new_conversation(http)
    _toggle(http, conversation, "resolved")
    _toggle(http, conversation, "open")
    return conversation


def _resolved(http) -> dict:
    conversation = new_conversation(http)
    _toggle(http, conversation, "resolved")
    return conversation


def _message(http) -> dict:
    conversation = new_conversation(http)
    new_message(http, conversation, content="Hi")
    return conversation


CAUSES: dict[str, Any] = {
    "conversation_created": _created,
    "conversation_updated": _updated,
    "conversation_opened": _opened,
    "conversation_resolved": _resolved,
    "message_created": _message,
}


def _ports_for(it: str) -> list[str]:
    return [event + MATCH + it for event in CAUSES]


@ports(*_ports_for(CALLS))
def test_a_matching_rule_runs_on_its_event(http):
    for event in CAUSES:
        _rule(http, event, f"ran-{event}", INBOX_1)
    for event, cause in CAUSES.items():
        assert f"ran-{event}" in _labels(http, cause(http)), event


@ports(*_ports_for(NO_MATCH))
def test_a_rule_whose_conditions_do_not_match_does_not_run(http):
    for event in CAUSES:
        _rule(http, event, "never", INBOX_2)
    for event, cause in CAUSES.items():
        assert "never" not in _labels(http, cause(http)), event


@ports(*_ports_for(TWICE))
def test_every_matching_rule_runs(http):
    for event in CAUSES:
        _rule(http, event, f"{event}-1")
        _rule(http, event, f"{event}-2")
    for event, cause in CAUSES.items():
        labels = _labels(http, cause(http))
        assert f"{event}-1" in labels and f"{event}-2" in labels, (event, labels)


def _performed_by_a_rule(http, event: str, trigger: dict[str, Any]) -> None:
    """`trigger` is a rule whose action raises `event` (performed_by: that rule); the rule on `event`
    must not run."""
    ok(http.post(URL, json=trigger, headers=ADMIN))
    _rule(http, event, "chained")


def _trigger(event: str, action: dict[str, Any]) -> dict[str, Any]:
    return {"name": "trigger", "event_name": event, "conditions": [], "actions": [action]}


@ports(
    "conversation_updated" + MATCH + BY_AUTOMATION,
    "conversation_opened" + MATCH + BY_AUTOMATION,
    "conversation_resolved" + MATCH + BY_AUTOMATION,
    "message_created" + MATCH + BY_AUTOMATION,
)
def test_events_raised_by_a_rules_actions_fire_no_rule(http):
    cases = [
        (
            "conversation_updated",
            "conversation_created",
            {"action_name": "change_priority", "action_params": ["low"]},
            _created,
        ),
        ("conversation_resolved", "conversation_created", {"action_name": "resolve_conversation"}, _created),
        (
            "message_created",
            "conversation_created",
            {"action_name": "send_message", "action_params": ["auto"]},
            _created,
        ),
    ]
    for event, trigger_event, action, cause in cases:
        _performed_by_a_rule(http, event, _trigger(trigger_event, action))
        conversation = cause(http)
        assert "chained" not in _labels(http, conversation), event
        for rule in ok(http.get(URL, headers=ADMIN))["payload"]:
            ok(http.delete(f"{URL}/{rule['id']}", headers=ADMIN))
    # conversation_opened: a resolution by an agent fires a rule that reopens
    _performed_by_a_rule(
        http, "conversation_opened", _trigger("conversation_resolved", {"action_name": "open_conversation"})
    )
    conversation = _resolved(http)
    shown = ok(http.get(f"{CONVERSATIONS}/{conversation['id']}", headers=ADMIN))
    assert shown["status"] == "open"
    assert "chained" not in shown["labels"]


@ports(
    "conversation_created"
    + MATCH
    + "does not call AutomationRules::ActionService if conversation has auto_reply in additional_attributes"
)
def test_an_auto_reply_conversation_fires_no_created_rule(http):
    _rule(http, "conversation_created", "ran")
    conversation = new_conversation(http, additional_attributes={"auto_reply": True})
    assert _labels(http, conversation) == []
    assert _labels(http, new_conversation(http)) == ["ran"]


@ports(
    "message_created" + MATCH + "does not call AutomationRules::ActionService if message is activity message"
)
def test_activity_messages_fire_no_message_rule(http):
    _rule(http, "message_created", "ran")
    conversation = new_conversation(http)
    _toggle(http, conversation, "resolved")  # writes an activity message
    assert _labels(http, conversation) == []
    new_message(http, conversation, content="hello")
    assert _labels(http, conversation) == ["ran"]


@ports(
    "message_created"
    + MATCH
    + "does not call AutomationRules::ActionService if conditions do not match based on content"
)
def test_content_conditions_read_the_processed_content(http):
    exact = [
        {"attribute_key": "content", "filter_operator": "equal_to", "values": ["hi"], "query_operator": None}
    ]
    _rule(http, "message_created", "exact", exact)
    conversation = new_conversation(http)
    new_message(http, conversation, content="hi\n\nhello")
    assert _labels(http, conversation) == []
    new_message(http, conversation, content="HI")
    assert _labels(http, conversation) == ["exact"]


@ports("message_created" + MATCH + "passes conversation attributes to conditions filter service")
def test_message_rules_see_the_conversations_attributes(http):
    conditions = [
        {
            "attribute_key": "status",
            "filter_operator": "equal_to",
            "values": ["open", "pending"],
            "query_operator": "AND",
        },
        {
            "attribute_key": "priority",
            "filter_operator": "equal_to",
            "values": ["high"],
            "query_operator": None,
        },
    ]
    _rule(http, "message_created", "seen", conditions)
    conversation = new_conversation(http)
    new_message(http, conversation, content="first")
    assert _labels(http, conversation) == []
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_priority"
    ok(http.post(url, json={"priority": "high"}, headers=ADMIN))
    new_message(http, conversation, content="second")
    assert _labels(http, conversation) == ["seen"]
