"""Port of spec/listeners/automation_rule_listener_labels_spec.rb (v4.10) over HTTP: label changes
made through the labels API fire conversation_updated rules with label conditions."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, ok

SPEC = "spec/listeners/automation_rule_listener_labels_spec.rb"
UPSTREAM_ITS = 7
BASE = "conversation_updated with label conditions and actions > "
URL = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
BUG_REPLY = "Bug report received. We will investigate this issue."
THANKS = "Thank you for adding a label to categorize this conversation."


def _rule(http, conditions: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict:
    body = {
        "name": "labels",
        "event_name": "conversation_updated",
        "conditions": conditions,
        "actions": actions,
    }
    return ok(http.post(URL, json=body, headers=ADMIN))


def _when(operator: str, values: list[str]) -> list[dict[str, Any]]:
    return [
        {"attribute_key": "labels", "filter_operator": operator, "values": values, "query_operator": None}
    ]


def _set_labels(http, conversation: dict, labels: list[str]) -> list[str]:
    url = f"{CONVERSATIONS}/{conversation['id']}/labels"
    ok(http.post(url, json={"labels": labels}, headers=ADMIN))
    return ok(http.get(f"{CONVERSATIONS}/{conversation['id']}", headers=ADMIN))["labels"]


def _chat(http, conversation: dict) -> list[str]:
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    return [m["content"] for m in ok(http.get(url, headers=ADMIN))["payload"] if m["message_type"] != 2]


BUG_RULE = (
    _when("equal_to", ["bug"]),
    [
        {"action_name": "add_label", "action_params": ["urgent"]},
        {"action_name": "send_message", "action_params": [BUG_REPLY]},
    ],
)


@ports(
    BASE
    + "when label is added and automation rule has label condition > triggers automation when the specified label is added"
)
def test_adding_the_named_label_fires_the_rule(http):
    _rule(http, *BUG_RULE)
    conversation = new_conversation(http)
    assert "urgent" in _set_labels(http, conversation, ["bug"])
    assert _chat(http, conversation)[-1] == BUG_REPLY


@ports(
    BASE
    + "when label is added and automation rule has label condition > does not trigger automation when a different label is added"
)
def test_adding_another_label_does_not_fire_the_rule(http):
    _rule(http, *BUG_RULE)
    conversation = new_conversation(http)
    assert "urgent" not in _set_labels(http, conversation, ["feature"])
    assert _chat(http, conversation) == []


PRESENT = BASE + "when automation rule has is_present label condition > "


@ports(PRESENT + "triggers automation when any label is added to an unlabeled conversation")
def test_any_label_fires_an_is_present_rule(http):
    _rule(http, _when("is_present", []), [{"action_name": "send_message", "action_params": [THANKS]}])
    conversation = new_conversation(http)
    _set_labels(http, conversation, ["feature"])
    assert _chat(http, conversation) == [THANKS]


@ports(PRESENT + "still triggers when labels are removed but conversation still has labels")
def test_removing_some_labels_still_fires_an_is_present_rule(http):
    _rule(http, _when("is_present", []), [{"action_name": "send_message", "action_params": [THANKS]}])
    conversation = new_conversation(http)
    _set_labels(http, conversation, ["bug", "feature"])
    before = len(_chat(http, conversation))
    _set_labels(http, conversation, ["bug"])
    assert len(_chat(http, conversation)) == before + 1
    assert _chat(http, conversation)[-1] == THANKS


@ports(PRESENT + "does not trigger when all labels are removed")
def test_removing_every_label_does_not_fire_an_is_present_rule(http):
    _rule(http, _when("is_present", []), [{"action_name": "send_message", "action_params": [THANKS]}])
    conversation = new_conversation(http)
    _set_labels(http, conversation, ["bug"])
    before = _chat(http, conversation)
    _set_labels(http, conversation, [])
    assert _chat(http, conversation) == before


@ports(BASE + "when automation rule has remove_label action > removes specified labels when condition is met")
def test_a_rule_removes_a_label(http):
    _rule(http, _when("equal_to", ["urgent"]), [{"action_name": "remove_label", "action_params": ["bug"]}])
    conversation = new_conversation(http)
    assert _set_labels(http, conversation, ["bug", "urgent"]) == ["urgent"]


@ports("preventing infinite loops > does not trigger automation when performed by automation rule")
def test_a_rules_own_label_change_does_not_fire_it_again(http):
    """The rule's label change raises conversation_updated performed by the rule: ignored, so the
    rule (which still matches) runs once; its reply makes a second run visible."""
    actions = [
        {"action_name": "add_label", "action_params": ["processed"]},
        {"action_name": "send_message", "action_params": ["once"]},
    ]
    _rule(http, _when("equal_to", ["bug"]), actions)
    conversation = new_conversation(http)
    assert _set_labels(http, conversation, ["bug"]) == ["bug", "processed"]
    assert _chat(http, conversation) == ["once"]
