"""Port of spec/services/automation_rules/conditions_filter_service_spec.rb (v4.10) over HTTP: instead
of calling the service, a rule whose action writes a private note is fired by an event, and the note
shows whether the conditions matched."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, new_conversation, new_message, ok

SPEC = "spec/services/automation_rules/conditions_filter_service_spec.rb"
UPSTREAM_ITS = 21
P = "#perform > "
MESSAGES = P + "when conditions based on messages attributes > "
LABELS = P + "when conditions based on labels > "
NO_EMAIL = (
    "not implemented: fakewoot receives no e-mail, so no message's processed_message_content comes from"
    " a quoted e-mail part"
)
SKIPPED = {
    MESSAGES
    + "when filter_operator is on processed_message_content > will return true for processed_message_content matches": NO_EMAIL,
    MESSAGES
    + "when filter_operator is on processed_message_content > will return false when processed_message_content does no match": NO_EMAIL,
}
RULES = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
PRIORITIES = itertools.cycle(["low", "medium", "high", "urgent"])


def _condition(key: str, operator: str, values: list[Any], query: str | None = None) -> dict[str, Any]:
    return {"values": values, "attribute_key": key, "query_operator": query, "filter_operator": operator}


def _notes(http, conversation: dict) -> list[str]:
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    return [m["content"] for m in ok(http.get(url, headers=ADMIN))["payload"] if m["private"]]


def _matches(
    http, conversation: dict, conditions: list[dict[str, Any]], message: dict[str, Any] | None = None
) -> bool:
    """Create the rule, raise its event (a priority change, or `message` posted for message_created),
    and read whether its note was written; the rule is deleted afterwards."""
    event = "conversation_updated" if message is None else "message_created"
    body = {"name": "probe", "event_name": event, "conditions": conditions, "actions": []}
    rule = ok(http.post(RULES, json=body, headers=ADMIN))
    marker = f"matched rule {rule['id']}"
    actions = [{"action_name": "add_private_note", "action_params": [marker]}]
    ok(http.patch(f"{RULES}/{rule['id']}", json={"actions": actions}, headers=ADMIN))
    if message is None:
        url = f"{CONVERSATIONS}/{conversation['id']}/toggle_priority"
        ok(http.post(url, json={"priority": next(PRIORITIES)}, headers=ADMIN))
    else:
        new_message(http, conversation, **message)
    ok(http.delete(f"{RULES}/{rule['id']}", headers=ADMIN))
    return marker in _notes(http, conversation)


def _open(http, **fields: Any) -> dict:
    conversation = new_conversation(http, **fields)
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_status"
    ok(http.post(url, json={"status": "open"}, headers=ADMIN))
    return conversation


def _status(http, conversation: dict, status: str) -> None:
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_status"
    ok(http.post(url, json={"status": status}, headers=ADMIN))


OPEN = [_condition("status", "equal_to", ["open"])]


@ports(
    P
    + "when conditions based on filter_operator equal_to > when conditions in rule matches with object > will return true"
)
def test_status_equal_to_matches(http):
    assert _matches(http, _open(http), OPEN)


@ports(
    P
    + "when conditions based on filter_operator equal_to > when conditions in rule does not match with object > will return false"
)
def test_status_equal_to_does_not_match(http):
    conversation = _open(http)
    _status(http, conversation, "resolved")
    assert not _matches(http, conversation, OPEN)


def _contact_conversation(http, **contact: Any) -> dict:
    person = new_contact(http, **contact)
    body = {"inbox_id": 1, "contact_id": person["id"]}
    return ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))


PHONE_OR_EMAIL = [
    _condition("phone_number", "starts_with", ["+918484"], "OR"),
    _condition("email", "contains", ["test"]),
]


@ports(
    P
    + "when conditions based on filter_operator start_with > when conditions in rule matches with object > will return true"
)
def test_phone_starts_with_or_email_contains_matches(http):
    conversation = _contact_conversation(http, phone_number="+918484848484")
    assert _matches(http, conversation, PHONE_OR_EMAIL)


@ports(
    P
    + "when conditions based on filter_operator start_with > when conditions in rule does not match with object > will return false"
)
def test_phone_starts_with_or_email_contains_does_not_match(http):
    conversation = _contact_conversation(http, phone_number="+918585858585")
    assert not _matches(http, conversation, PHONE_OR_EMAIL)


CONTENT_AND_TYPE = [
    _condition("content", "equal_to", ["test text"], "AND"),
    _condition("message_type", "equal_to", ["incoming"]),
]


@ports(MESSAGES + "when filter_operator is equal_to > will return true when conditions matches")
def test_message_content_and_type_match(http):
    conversation = new_conversation(http)
    assert _matches(
        http, conversation, CONTENT_AND_TYPE, {"content": "test text", "message_type": "incoming"}
    )


@ports(
    MESSAGES + "when filter_operator is equal_to > will return false when conditions in rule does not match"
)
def test_message_type_mismatch(http):
    conversation = new_conversation(http)
    assert not _matches(
        http, conversation, CONTENT_AND_TYPE, {"content": "test text", "message_type": "outgoing"}
    )


CONVERSATION_ATTRIBUTES = MESSAGES + "when filtering messages based on conversation attributes > "
INCOMING = {"content": "Test message", "message_type": "incoming"}


def _open_high(http) -> dict:
    conversation = _open(http)
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_priority"
    ok(http.post(url, json={"priority": "high"}, headers=ADMIN))
    return conversation


@ports(CONVERSATION_ATTRIBUTES + "will return true when conversation status matches")
def test_message_rule_reads_the_status(http):
    assert _matches(http, _open_high(http), OPEN, INCOMING)


@ports(CONVERSATION_ATTRIBUTES + "will return false when conversation status does not match")
def test_message_rule_reads_a_different_status(http):
    assert not _matches(http, _open_high(http), [_condition("status", "equal_to", ["resolved"])], INCOMING)


@ports(CONVERSATION_ATTRIBUTES + "will return true when conversation priority matches")
def test_message_rule_reads_the_priority(http):
    assert _matches(http, _open_high(http), [_condition("priority", "equal_to", ["high"])], INCOMING)


def _labelled(http, labels: list[str]) -> dict:
    conversation = new_conversation(http)
    ok(http.post(f"{CONVERSATIONS}/{conversation['id']}/labels", json={"labels": labels}, headers=ADMIN))
    return conversation


@ports(LABELS + "when filter_operator is equal_to > will return true when conversation has the label")
def test_label_equal_to_matches(http):
    assert _matches(http, _labelled(http, ["bug"]), [_condition("labels", "equal_to", ["bug"])])


@ports(
    LABELS + "when filter_operator is equal_to > will return false when conversation does not have the label"
)
def test_label_equal_to_does_not_match(http):
    assert not _matches(http, _labelled(http, ["bug"]), [_condition("labels", "equal_to", ["feature"])])


@ports(
    LABELS
    + "when filter_operator is not_equal_to > will return true when conversation does not have the label"
)
def test_label_not_equal_to_matches(http):
    assert _matches(http, _labelled(http, ["bug"]), [_condition("labels", "not_equal_to", ["feature"])])


@ports(LABELS + "when filter_operator is not_equal_to > will return false when conversation has the label")
def test_label_not_equal_to_does_not_match(http):
    """`tags.name != 'feature'` over the joined tag rows: no row when 'feature' is the only label (with
    a second label that row would match: the SQL reads one tag at a time)."""
    assert not _matches(
        http, _labelled(http, ["feature"]), [_condition("labels", "not_equal_to", ["feature"])]
    )


@ports(LABELS + "when filter_operator is is_present > will return true when conversation has any labels")
def test_labels_present(http):
    assert _matches(http, _labelled(http, ["bug"]), [_condition("labels", "is_present", [])])


@ports(LABELS + "when filter_operator is is_present > will return false when conversation has no labels")
def test_labels_present_without_labels(http):
    assert not _matches(http, _labelled(http, []), [_condition("labels", "is_present", [])])


@ports(LABELS + "when filter_operator is is_not_present > will return false when conversation has any labels")
def test_labels_not_present_with_labels(http):
    assert not _matches(http, _labelled(http, ["bug"]), [_condition("labels", "is_not_present", [])])


@ports(LABELS + "when filter_operator is is_not_present > will return true when conversation has no labels")
def test_labels_not_present(http):
    assert _matches(http, _labelled(http, []), [_condition("labels", "is_not_present", [])])


COUNTRY = [_condition("country_code", "equal_to", ["IN"])]


def _country(http, contact_code: str) -> dict:
    person = new_contact(http, additional_attributes={"country_code": contact_code})
    body = {"inbox_id": 1, "contact_id": person["id"], "additional_attributes": {"country_code": "US"}}
    return ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))


@ports(
    P + "when conditions based on contact country_code > matches against the contact additional_attributes"
)
def test_country_code_reads_the_contact(http):
    assert _matches(http, _country(http, "IN"), COUNTRY)


@ports(
    P
    + "when conditions based on contact country_code > returns false when the contact country_code does not match"
)
def test_country_code_of_another_contact(http):
    assert not _matches(http, _country(http, "GB"), COUNTRY)
