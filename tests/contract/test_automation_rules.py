"""/api/v1/accounts/:id/automation_rules (v4.10): administrators only (the policy runs before the
fetch), the create body bare and the others in `payload`, the model's validation bodies, clone; and
rules firing on the events they name, visible in REST, as domain events and on /cable, without a rule
re-triggering itself.

Source: app/controllers/api/v1/accounts/automation_rules_controller.rb, app/policies/
automation_rule_policy.rb, app/models/automation_rule.rb, app/views/api/v1/accounts/automation_rules/*,
app/listeners/automation_rule_listener.rb, app/services/automation_rules/*."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

from fakewoot import FakeChatwoot
from fakewoot.automation.actions import AUTOMATION_WEBHOOK_EVENT, SYSTEM_NAME
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.seeding import FixtureError
from fakewoot.serializers.automation_rules import automation_rule_json
from fakewoot.serializers.macros import macro_json
from fakewoot.store.automation_rules import (
    MSG_ACTIONS_UNSUPPORTED,
    MSG_CONDITIONS_UNSUPPORTED,
    MSG_QUERY_OPERATOR_MISSING,
    MSG_QUERY_OPERATOR_VALUE,
)
from fakewoot.store.conversations import (
    ACTIVITY_LABELS_ADDED,
    ACTIVITY_PRIORITY_ADDED,
    ACTIVITY_STATUS,
    ACTIVITY_TEAM_ASSIGNED,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape
from tests.realclient.test_cable import frames_until, room, subscribe, ws_url
from tests.specs.support import new_conversation, new_message

URL = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
RULE_KEYS: dict[str, Any] = {
    "id": int,
    "account_id": int,
    "name": str,
    "description": (str, type(None)),
    "event_name": str,
    "conditions": list,
    "actions": list,
    "created_on": int,
    "active": bool,
}
INBOX_1 = [
    {"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": [1], "query_operator": None}
]
LABEL = [{"action_name": "add_label", "action_params": ["auto"]}]


def _rule(client, **body) -> dict:
    body = {
        "name": "Tag API chats",
        "description": "labels them",
        "event_name": "conversation_created",
        "conditions": INBOX_1,
        "actions": LABEL,
        **body,
    }
    response = client.post(URL, json=body, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def _conversation(client, display_id: int) -> dict:
    return client.get(f"{CONVERSATIONS}/{display_id}", headers=ADMIN).json()


def _contents(client, display_id: int) -> list[str]:
    url = f"{CONVERSATIONS}/{display_id}/messages"
    return [m["content"] for m in client.get(url, headers=ADMIN).json()["payload"]]


# --- the resource ----------------------------------------------------------------------------------


def test_create_answers_the_bare_rule(client, fake):
    rule = _rule(client)
    assert list(rule) == list(RULE_KEYS)
    assert_shape(rule, RULE_KEYS)
    assert rule["conditions"] == INBOX_1
    assert rule["actions"] == LABEL
    assert rule["active"] is True
    assert abs(rule["created_on"] - int(fake.clock.now())) <= 1


def test_index_show_update_and_clone_wrap_in_payload(client):
    rule = _rule(client)
    assert client.get(URL, headers=ADMIN).json() == {"payload": [rule]}
    assert client.get(f"{URL}/{rule['id']}", headers=ADMIN).json() == {"payload": rule}
    updated = client.patch(f"{URL}/{rule['id']}", json={"name": "Renamed", "active": False}, headers=ADMIN)
    assert updated.status_code == 200
    body = updated.json()["payload"]
    assert (body["name"], body["active"], body["conditions"]) == ("Renamed", False, INBOX_1)
    cloned = client.post(f"{URL}/{rule['id']}/clone", headers=ADMIN)
    assert cloned.status_code == 200
    copy = cloned.json()["payload"]
    assert copy["id"] != rule["id"]
    assert {k: v for k, v in copy.items() if k not in ("id", "created_on")} == {
        k: v for k, v in body.items() if k not in ("id", "created_on")
    }
    assert [r["id"] for r in client.get(URL, headers=ADMIN).json()["payload"]] == [rule["id"], copy["id"]]


def test_destroy(client):
    rule = _rule(client)
    response = client.delete(f"{URL}/{rule['id']}", headers=ADMIN)
    assert response.status_code == 200
    assert response.content == b""
    assert client.get(URL, headers=ADMIN).json() == {"payload": []}


def test_unknown_conditions_and_actions_are_refused_with_the_models_messages(client):
    conditions = [
        {"attribute_key": "shoe_size", "filter_operator": "equal_to", "values": [1], "query_operator": "AND"},
        {
            "attribute_key": "status",
            "filter_operator": "equal_to",
            "values": ["open"],
            "query_operator": "XOR",
        },
        {"attribute_key": "priority", "filter_operator": "equal_to", "values": ["high"]},
        {"attribute_key": "team_id", "filter_operator": "equal_to", "values": [1]},
    ]
    body = {"name": "x", "event_name": "conversation_created", "conditions": conditions}
    body["actions"] = [{"action_name": "explode"}]
    response = client.post(URL, json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "conditions": [
                MSG_CONDITIONS_UNSUPPORTED.format(names="shoe_size"),
                MSG_QUERY_OPERATOR_MISSING,
                MSG_QUERY_OPERATOR_VALUE,
            ],
            "actions": [MSG_ACTIONS_UNSUPPORTED.format(names="explode")],
        }
    }
    assert client.get(URL, headers=ADMIN).json() == {"payload": []}


def test_a_custom_attribute_key_is_a_valid_condition(client):
    definition = {
        "attribute_display_name": "Plan",
        "attribute_key": "plan",
        "attribute_display_type": "text",
        "attribute_model": "conversation_attribute",
    }
    ok = client.post("/api/v1/accounts/1/custom_attribute_definitions", json=definition, headers=ADMIN)
    assert ok.status_code == 200, ok.text
    conditions = [{"attribute_key": "plan", "filter_operator": "equal_to", "values": ["gold"]}]
    assert _rule(client, conditions=conditions)["conditions"] == conditions


def test_update_refusal_keeps_the_rule(client):
    rule = _rule(client)
    response = client.patch(f"{URL}/{rule['id']}", json={"actions": [{"action_name": "x"}]}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {"error": {"actions": [MSG_ACTIONS_UNSUPPORTED.format(names="x")]}}
    assert client.get(f"{URL}/{rule['id']}", headers=ADMIN).json() == {"payload": rule}


def test_unknown_ids_are_422_where_chatwoot_crashes(client):
    for method, url in (
        ("GET", f"{URL}/999"),
        ("PATCH", f"{URL}/999"),
        ("DELETE", f"{URL}/999"),
        ("POST", f"{URL}/999/clone"),
    ):
        response = client.request(method, url, headers=ADMIN)
        assert response.status_code == 422, (method, url)
        assert response.json() == {"error": MSG_NOT_FOUND}


def test_agents_are_refused_before_the_record_is_fetched(client):
    rule = _rule(client)
    for method, url in (
        ("GET", URL),
        ("POST", URL),
        ("GET", f"{URL}/{rule['id']}"),
        ("GET", f"{URL}/999"),
        ("PATCH", f"{URL}/{rule['id']}"),
        ("DELETE", f"{URL}/{rule['id']}"),
        ("POST", f"{URL}/{rule['id']}/clone"),
    ):
        response = client.request(method, url, headers=AGENT)
        assert response.status_code == 401, (method, url)
        assert response.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}
    assert len(client.get(URL, headers=ADMIN).json()["payload"]) == 1


def test_other_accounts_and_bots_are_refused(client):
    for headers, body in (
        (token(OTHER_ADMIN_TOKEN), {"error": MSG_NOT_AUTHORIZED_ACCOUNT}),
        (token(BOT_TOKEN), {"error": MSG_BOTS_NOT_AUTHORIZED}),
    ):
        response = client.get(URL, headers=headers)
        assert response.status_code == 401
        assert response.json() == body


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"name": "x"}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"name": "x"}),
    ("DELETE", f"{URL}/1", None),
    ("POST", f"{URL}/1/clone", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    assert_refuses_strangers(client, method, url, json=body)


# --- rules at work -----------------------------------------------------------------------------------


def test_conversation_created_rule_labels_and_replies_as_the_automation_system(client, events):
    rule = _rule(
        client,
        actions=[*LABEL, {"action_name": "send_message", "action_params": ["Thanks, we got it"]}],
    )
    conversation = new_conversation(client)
    shown = _conversation(client, conversation["id"])
    assert shown["labels"] == ["auto"]
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    messages = client.get(url, headers=ADMIN).json()["payload"]
    contents = [m["content"] for m in messages]
    assert ACTIVITY_LABELS_ADDED.format(user=SYSTEM_NAME, labels="auto") in contents
    reply = next(m for m in messages if m["content"] == "Thanks, we got it")
    assert reply["message_type"] == 1
    assert reply["content_attributes"] == {"automation_rule_id": rule["id"]}
    assert "sender" not in reply or reply["sender"] is None
    created = [e for e in events if e.name == "message.created"]
    assert any(e.data["message"].content == "Thanks, we got it" for e in created)


def test_a_rule_whose_conditions_do_not_match_does_nothing(client):
    _rule(client)
    conversation = new_conversation(client, inbox_id=2)
    assert _conversation(client, conversation["id"])["labels"] == []


def test_an_inactive_rule_does_not_fire(client):
    _rule(client, active=False)
    conversation = new_conversation(client)
    assert _conversation(client, conversation["id"])["labels"] == []


def test_message_created_rule_matches_content_and_message_type(client):
    team = client.post("/api/v1/accounts/1/teams", json={"name": "billing"}, headers=ADMIN).json()
    conditions = [
        {
            "attribute_key": "content",
            "filter_operator": "contains",
            "values": ["refund"],
            "query_operator": "AND",
        },
        {"attribute_key": "message_type", "filter_operator": "equal_to", "values": ["outgoing"]},
    ]
    actions = [
        {"action_name": "assign_team", "action_params": [team["id"]]},
        {"action_name": "change_priority", "action_params": ["urgent"]},
    ]
    _rule(client, event_name="message_created", conditions=conditions, actions=actions)
    conversation = new_conversation(client)
    new_message(client, conversation, content="hello")
    assert _conversation(client, conversation["id"])["priority"] is None
    new_message(client, conversation, content="I want a REFUND please")
    shown = _conversation(client, conversation["id"])
    assert shown["priority"] == "urgent"
    assert shown["meta"]["team"]["id"] == team["id"]
    contents = _contents(client, conversation["id"])
    assert ACTIVITY_TEAM_ASSIGNED.format(team="billing", user=SYSTEM_NAME) in contents
    assert ACTIVITY_PRIORITY_ADDED.format(user=SYSTEM_NAME, new="urgent") in contents


def test_conversation_updated_rule_with_attribute_changed(client):
    conditions = [
        {
            "attribute_key": "status",
            "filter_operator": "attribute_changed",
            "values": {"from": ["open"], "to": ["pending"]},
            "query_operator": None,
        }
    ]
    _rule(client, event_name="conversation_updated", conditions=conditions, actions=LABEL)
    conversation = new_conversation(client)
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_status"
    client.post(url, json={"status": "resolved"}, headers=ADMIN)
    assert _conversation(client, conversation["id"])["labels"] == []
    client.post(url, json={"status": "open"}, headers=ADMIN)
    client.post(url, json={"status": "pending"}, headers=ADMIN)
    assert _conversation(client, conversation["id"])["labels"] == ["auto"]


def test_conversation_resolved_rule_and_no_self_triggering(client):
    """A rule's own changes carry performed_by: the rule, and fire no rule: a resolved rule that
    reopens and a conversation_updated rule that labels never loop."""
    actions = [{"action_name": "change_priority", "action_params": ["low"]}]
    _rule(client, event_name="conversation_resolved", conditions=[], actions=actions)
    _rule(
        client,
        event_name="conversation_updated",
        conditions=[],
        actions=[{"action_name": "add_label", "action_params": ["seen"]}],
    )
    conversation = new_conversation(client)
    url = f"{CONVERSATIONS}/{conversation['id']}/toggle_status"
    client.post(url, json={"status": "resolved"}, headers=ADMIN)
    shown = _conversation(client, conversation["id"])
    assert shown["priority"] == "low"
    assert shown["labels"] == ["seen"]
    contents = _contents(client, conversation["id"])
    assert contents.count(ACTIVITY_PRIORITY_ADDED.format(user=SYSTEM_NAME, new="low")) == 1
    assert contents.count(ACTIVITY_LABELS_ADDED.format(user=SYSTEM_NAME, labels="seen")) == 1


def test_a_replying_message_rule_answers_once(client):
    """Without the performed_by guard its own reply (a message_created) would fire it forever."""
    reply = [{"action_name": "send_message", "action_params": ["pong"]}]
    _rule(client, event_name="message_created", conditions=[], actions=reply)
    conversation = new_conversation(client)
    new_message(client, conversation, content="ping")
    assert _contents(client, conversation["id"]).count("pong") == 1


def test_resolve_action_names_the_automation_system(client):
    _rule(client, actions=[{"action_name": "resolve_conversation"}])
    conversation = new_conversation(client)
    assert _conversation(client, conversation["id"])["status"] == "resolved"
    assert ACTIVITY_STATUS["resolved"].format(user=SYSTEM_NAME) in _contents(client, conversation["id"])


def test_a_macro_does_trigger_rules(client):
    _rule(
        client,
        event_name="conversation_updated",
        conditions=[],
        actions=[{"action_name": "change_priority", "action_params": ["high"]}],
    )
    conversation = new_conversation(client)
    macro = client.post(
        "/api/v1/accounts/1/macros",
        json={
            "name": "m",
            "visibility": "global",
            "actions": [{"action_name": "add_label", "action_params": ["x"]}],
        },
        headers=ADMIN,
    ).json()["payload"]
    client.post(
        f"/api/v1/accounts/1/macros/{macro['id']}/execute",
        json={"conversation_ids": [conversation["id"]]},
        headers=ADMIN,
    )
    shown = _conversation(client, conversation["id"])
    assert shown["labels"] == ["x"]
    assert shown["priority"] == "high"


def test_send_webhook_event_posts_the_conversation(client, fake):
    hook = "http://127.0.0.1:9/automation"
    _rule(client, actions=[{"action_name": "send_webhook_event", "action_params": [hook]}])
    conversation = new_conversation(client)
    [delivery] = fake.deliveries.find(url=hook)
    payload = delivery.payload()
    assert payload["event"] == AUTOMATION_WEBHOOK_EVENT.format(event_name="conversation_created")
    assert payload["id"] == conversation["id"]


def test_rule_changes_reach_cable_subscribers(fake, server, socket_client):
    """A real ActionCable client sees the automation's message.created and conversation.updated."""
    _rule(socket_client, actions=[{"action_name": "send_message", "action_params": ["auto reply"]}])

    async def scenario() -> list[dict[str, Any]]:
        async with websockets.connect(ws_url(server)) as ws:
            await subscribe(ws, room(fake))
            create = asyncio.to_thread(new_conversation, socket_client)
            await create

            def is_reply(frame: dict[str, Any]) -> bool:
                message = frame.get("message", {})
                data = message.get("data", {})
                return message.get("event") == "message.created" and data.get("content") == "auto reply"

            return await frames_until(ws, is_reply, timeout=5.0)

    frames = asyncio.run(scenario())
    reply = frames[-1]["message"]["data"]
    assert reply["content_attributes"]["automation_rule_id"] >= 1
    assert json.dumps(reply)


# --- fixture sets ---------------------------------------------------------------------------------

FIXTURE_SET = """
accounts:
  - {id: 1, name: Solo}
users:
  - {id: 1, name: Ann, email: ann@solo.test, password: Password1!, access_token: t1,
     accounts: [{account_id: 1, role: administrator}]}
macros:
  - {id: 7, account_id: 1, name: Close, visibility: global, created_by: 1,
     actions: [{action_name: resolve_conversation}]}
automation_rules:
  - {id: 3, account_id: 1, name: Greet, event_name: conversation_created,
     conditions: [{attribute_key: status, filter_operator: equal_to, values: [open]}],
     actions: [{action_name: send_message, action_params: [Hi]}]}
"""


def test_fixture_sets_seed_macros_and_rules(tmp_path):
    (tmp_path / "set.yaml").write_text(FIXTURE_SET)
    fake = FakeChatwoot(fixtures=tmp_path)
    macro = fake.store.macros.get(1, 7)
    assert macro is not None
    body = macro_json(fake.store, macro)
    assert (body["name"], body["visibility"], body["created_by"]["id"]) == ("Close", "global", 1)
    rule = fake.store.automation_rules.get(1, 3)
    assert rule is not None
    assert automation_rule_json(rule)["actions"] == [{"action_name": "send_message", "action_params": ["Hi"]}]


def test_a_bad_rule_in_a_fixture_set_names_the_record(tmp_path):
    (tmp_path / "set.yaml").write_text(FIXTURE_SET.replace("send_message", "explode"))
    with pytest.raises(FixtureError, match=r"automation_rules\[0\] \(id 3\)"):
        FakeChatwoot(fixtures=tmp_path)


BAD_SHAPES: list[Any] = [None, "x", 5, {}, [5], [["x"]], [{"attribute_key": ["x"]}], [{"action_name": ["x"]}]]


@pytest.mark.parametrize("shape", BAD_SHAPES)
def test_malformed_conditions_or_actions_are_422_and_change_nothing(client, shape):
    for key in ("conditions", "actions"):
        body = {
            "name": "x",
            "event_name": "conversation_created",
            "conditions": [],
            "actions": [],
            key: shape,
        }
        response = client.post(URL, json=body, headers=ADMIN)
        assert response.status_code in (200, 422), (key, shape, response.text)
        if response.status_code == 422:
            assert set(response.json()) == {"error"}
    listed = client.get(URL, headers=ADMIN).json()["payload"]
    assert all(isinstance(r["conditions"], list) and isinstance(r["actions"], list) for r in listed)


def test_rules_with_odd_params_never_break_the_server(client, fake):
    """Every action with params of the wrong shape: each fails alone (rescued upstream)."""
    names = ["send_message", "add_label", "assign_team", "assign_agent", "change_status", "change_priority"]
    names += ["send_email_transcript", "send_webhook_event", "send_email_to_team", "add_private_note"]
    actions = [
        {"action_name": n, "action_params": p} for n in names for p in (None, "x", [None], [["x"]], {"a": 1})
    ]
    actions.append({"action_name": "add_label", "action_params": ["survived"]})
    _rule(client, actions=actions)
    conversation = new_conversation(client)
    # add_label("x") and add_label([["x"]]) both add "x" (Array("x"), TagList flattens); nil is blank
    assert _conversation(client, conversation["id"])["labels"] == ["x", "survived"]
    assert fake.server_errors == []


@pytest.mark.parametrize(
    ("operator", "value", "stored", "fires"),
    [
        ("is_greater_than", "2024-01-01", "2025-03-01", True),
        ("is_greater_than", "2024-01-01", "2023-03-01", False),
        ("is_less_than", "2024-01-01", "2023-03-01", True),
        ("days_before", "30", "2000-01-01", True),
        ("days_before", "30", "2999-01-01", False),
    ],
)
def test_date_custom_attribute_conditions(client, operator, value, stored, fires):
    definition = {
        "attribute_display_name": "Renewal",
        "attribute_key": "renewal",
        "attribute_display_type": "date",
        "attribute_model": "conversation_attribute",
    }
    assert (
        client.post(
            "/api/v1/accounts/1/custom_attribute_definitions", json=definition, headers=ADMIN
        ).status_code
        == 200
    )
    conditions = [
        {"attribute_key": "renewal", "filter_operator": operator, "values": [value], "query_operator": None}
    ]
    _rule(client, conditions=conditions)
    conversation = new_conversation(client, custom_attributes={"renewal": stored})
    assert (_conversation(client, conversation["id"])["labels"] == ["auto"]) is fires
