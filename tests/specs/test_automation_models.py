"""Ports of spec/models/automation_rule_spec.rb and
spec/services/automation_rules/condition_validation_service_spec.rb (v4.10) over HTTP: the model's
validations through create, and Reauthorizable / ConditionValidationService through what a firing
rule does: a rule whose conditions fail validation when it runs counts an authorization error, and at
two it is disabled (`active: false`) and the administrators get a mail."""

from __future__ import annotations

from typing import Any

from fakewoot.store.automation_rules import DISABLED_MAIL, MSG_QUERY_OPERATOR_MISSING
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, ok

MODEL = "spec/models/automation_rule_spec.rb"
VALIDATION = "spec/services/automation_rules/condition_validation_service_spec.rb"
SPEC = {MODEL: MODEL, VALIDATION: VALIDATION}
UPSTREAM_ITS = {MODEL: 7, VALIDATION: 7}
SKIPPED = {
    MODEL: {},
    VALIDATION: {
        "#perform > with wrong query operator > returns false": (
            "internal: the model refuses an invalid query operator (query_operator_value), so no stored"
            " rule reaches the service with one; tests/contract/test_automation_rules.py checks the 422"
        ),
    },
}
URL = "/api/v1/accounts/1/automation_rules"
PARAMS: dict[str, Any] = {
    "name": "Notify Conversation Created and mark priority query",
    "description": "Notify all administrator about conversation created and mark priority query",
    "event_name": "conversation_created",
    "conditions": [
        {
            "attribute_key": "browser_language",
            "filter_operator": "equal_to",
            "values": ["en"],
            "query_operator": "AND",
        },
        {
            "attribute_key": "country_code",
            "filter_operator": "equal_to",
            "values": ["USA", "UK"],
            "query_operator": None,
        },
    ],
    "actions": [
        {"action_name": "send_message", "action_params": ["Welcome to the chatwoot platform."]},
        {"action_name": "assign_team", "action_params": [1]},
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
        {"action_name": "assign_agent", "action_params": [1]},
    ],
}
# status accepts only equal_to/not_equal_to: the model stores it, the service refuses it when run
BROKEN = [
    {"attribute_key": "status", "filter_operator": "contains", "values": ["open"], "query_operator": None}
]


def _create(http, **changes: Any) -> dict:
    return ok(http.post(URL, json={**PARAMS, **changes}, headers=ADMIN))


def _active(http, rule: dict) -> bool:
    return bool(ok(http.get(f"{URL}/{rule['id']}", headers=ADMIN))["payload"]["active"])


def _fire(http, times: int = 1) -> None:
    for _ in range(times):
        new_conversation(http)


@ports("associations > returns valid record", spec=MODEL)
def test_a_valid_rule_is_saved(http):
    assert _create(http)["conditions"] == PARAMS["conditions"]


@ports("associations > returns invalid record", spec=MODEL)
def test_two_conditions_without_query_operator_are_refused(http):
    first = {k: v for k, v in PARAMS["conditions"][0].items() if k != "query_operator"}
    response = http.post(URL, json={**PARAMS, "conditions": [first, PARAMS["conditions"][1]]}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["error"]["conditions"] == [MSG_QUERY_OPERATOR_MISSING]


@ports("associations > allows labels as a valid condition attribute", spec=MODEL)
def test_labels_are_a_condition(http):
    conditions = [
        {"attribute_key": "labels", "filter_operator": "equal_to", "values": ["bug"], "query_operator": None}
    ]
    assert _create(http, conditions=conditions)["conditions"] == conditions


@ports("associations > validates label condition operators", spec=MODEL)
def test_label_is_present_is_a_condition(http):
    conditions = [
        {"attribute_key": "labels", "filter_operator": "is_present", "values": [], "query_operator": None}
    ]
    assert _create(http, conditions=conditions)["conditions"] == conditions


@ports("reauthorizable > when prompt_reauthorization! > marks the rule inactive", spec=MODEL)
def test_a_rule_failing_validation_twice_is_disabled(http, fake):
    rule = _create(http, conditions=BROKEN, actions=[{"action_name": "add_label", "action_params": ["x"]}])
    _fire(http)
    assert _active(http, rule)
    _fire(http)
    assert not _active(http, rule)
    [mail] = fake.store.mailer.outbox(template=DISABLED_MAIL)
    assert "john@acme.inc" in mail.to


def _disabled(http) -> dict:
    rule = _create(http, conditions=BROKEN)
    _fire(http, 2)
    assert not _active(http, rule)
    return rule


@ports(
    "reauthorizable > when reauthorization_required? > unsets the error count if conditions are updated",
    spec=MODEL,
)
def test_new_conditions_reset_the_error_count(http):
    rule = _disabled(http)
    changed = [{**BROKEN[0], "values": ["pending"]}]
    ok(http.patch(f"{URL}/{rule['id']}", json={"conditions": changed, "active": True}, headers=ADMIN))
    _fire(http)
    assert _active(http, rule)  # one error since the reset: below the threshold


@ports(
    "reauthorizable > when reauthorization_required? > will not unset the error count if conditions are not updated",
    spec=MODEL,
)
def test_a_rename_keeps_the_error_count(http):
    rule = _disabled(http)
    ok(http.patch(f"{URL}/{rule['id']}", json={"name": "Updated name", "active": True}, headers=ADMIN))
    _fire(http)
    assert not _active(http, rule)


# --- ConditionValidationService --------------------------------------------------------------------


def _survives_two_runs(http, conditions: list[dict[str, Any]]) -> bool:
    rule = _create(http, conditions=conditions, actions=[])
    _fire(http, 2)
    return _active(http, rule)


@ports("#perform > with standard attributes > returns true", spec=VALIDATION)
def test_standard_attributes_are_valid(http):
    conditions = [
        {
            "values": ["open"],
            "attribute_key": "status",
            "query_operator": "AND",  # nil upstream, whose save fails while the service still runs
            "filter_operator": "equal_to",
        },
        {
            "values": ["+918484"],
            "attribute_key": "phone_number",
            "query_operator": "OR",
            "filter_operator": "contains",
        },
        {"values": ["test"], "attribute_key": "email", "query_operator": None, "filter_operator": "contains"},
    ]
    assert _survives_two_runs(http, conditions)


@ports("#perform > with wrong attribute > returns false", spec=VALIDATION)
def test_a_vanished_attribute_is_invalid(http):
    """The model refuses an unknown key, so the key is a custom attribute deleted after the rule was
    saved: the service no longer finds it."""
    definition = _definition(http, "vanishing")
    conditions = [
        {
            "values": ["open"],
            "attribute_key": "vanishing",
            "query_operator": None,
            "filter_operator": "equal_to",
        }
    ]
    rule = _create(http, conditions=conditions, actions=[])
    ok(http.delete(f"/api/v1/accounts/1/custom_attribute_definitions/{definition['id']}", headers=ADMIN), 204)
    _fire(http, 2)
    assert not _active(http, rule)


@ports("#perform > with wrong filter operator > returns false", spec=VALIDATION)
def test_a_wrong_filter_operator_is_invalid(http):
    conditions = [
        {
            "values": ["open"],
            "attribute_key": "status",
            "query_operator": None,
            "filter_operator": "not-a-filter-operator",
        }
    ]
    assert not _survives_two_runs(http, conditions)


@ports('#perform > with "attribute_changed" filter operator > returns true', spec=VALIDATION)
def test_attribute_changed_is_valid(http):
    conditions = [
        {
            "values": ["open"],
            "attribute_key": "status",
            "query_operator": None,
            "filter_operator": "attribute_changed",
        }
    ]
    assert _survives_two_runs(http, conditions)


def _definition(http, key: str) -> dict:
    body = {
        "attribute_display_name": key,
        "attribute_key": key,
        "attribute_display_type": "list",
        "attribute_model": "conversation_attribute",
        "attribute_values": ["P0", "P1", "P2"],
    }
    return ok(http.post("/api/v1/accounts/1/custom_attribute_definitions", json=body, headers=ADMIN))


CUSTOM = [
    {
        "values": ["true"],
        "attribute_key": "custom_attr_priority",
        "filter_operator": "equal_to",
        "custom_attribute_type": "conversation_attribute",
    }
]


@ports("#perform > with correct custom attribute > returns true", spec=VALIDATION)
def test_a_custom_attribute_is_valid(http):
    _definition(http, "custom_attr_priority")
    assert _survives_two_runs(http, CUSTOM)


@ports(
    "#perform > with missing custom attribute > returns false for missing custom attribute", spec=VALIDATION
)
def test_a_missing_custom_attribute_is_invalid(http):
    definition = _definition(http, "custom_attr_priority")
    rule = _create(http, conditions=CUSTOM, actions=[])
    ok(http.delete(f"/api/v1/accounts/1/custom_attribute_definitions/{definition['id']}", headers=ADMIN), 204)
    _fire(http, 2)
    assert not _active(http, rule)
