"""Port of spec/listeners/automation_rule_listener_old_spec.rb (v4.10; deprecated upstream) over
HTTP: the spec's world built through the API, each event raised by a client call, the rule's effects
read back. The spec's rule also has a `send_attachment` action with no params and no file attached to
the rule: it sends nothing (ActionService#send_attachment returns unless files are attached), so the
ported rule leaves that action out (its other nine actions run in the same order);
tests/contract/test_action_files.py covers rules with files."""

from __future__ import annotations

from typing import Any

from fakewoot.automation.actions import TEAM_MAIL
from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_contact, new_user, ok

SPEC = "spec/listeners/automation_rule_listener_old_spec.rb"
UPSTREAM_ITS = 32
CHANGED = "#conversation_updated > when conditions based on attribute_changed > "
BY_HAND = (
    "internal: the event's changed_attributes name the contact's company, which the spec builds by hand;"
    " Chatwoot's conversation_updated only carries the conversation's own columns"
)
SKIPPED = {
    CHANGED + "when rule matches > triggers automation rule to assign team": BY_HAND,
    CHANGED + "when rule matches > triggers automation rule to assign team with OR operator": BY_HAND,
    CHANGED + "when rule doesnt match > when automation rule is triggered it will not assign team": BY_HAND,
    CHANGED
    + "when rule doesnt match > when automation rule is triggers, it will not assign team on attribute_changed values": BY_HAND,
}
A = "/api/v1/accounts/1"
SEND = "Send this message."
TEAM_NOTE = "Please pay attention to this conversation, its from high priority customer"


def _world(http) -> dict[str, Any]:
    """The spec's `before`: custom attributes, a team of user_1 and user_2 who are members of a new
    inbox, a resolved conversation there, and the rule with the spec's actions."""
    for key, model, kind, values in (
        ("customer_type", "contact_attribute", "list", ["regular", "platinum", "gold"]),
        ("priority_level", "conversation_attribute", "list", ["P0", "P1", "P2"]),
        ("cloud_customer", "contact_attribute", "checkbox", []),
    ):
        body = {"attribute_display_name": key, "attribute_key": key, "attribute_model": model}
        body.update(attribute_display_type=kind, attribute_values=values)
        made = http.post(f"{A}/custom_attribute_definitions", json=body, headers=ADMIN)
        assert made.status_code in (200, 422), made.text  # the default fixtures may define it already
    user_1, user_2 = new_user(http), new_user(http)
    inbox = ok(
        http.post(f"{A}/inboxes", json={"name": "Old spec", "channel": {"type": "api"}}, headers=ADMIN)
    )
    team = ok(http.post(f"{A}/teams", json={"name": "old spec team"}, headers=ADMIN))
    ok(
        http.post(
            f"{A}/teams/{team['id']}/team_members",
            json={"user_ids": [user_1["id"], user_2["id"]]},
            headers=ADMIN,
        )
    )
    for user in (user_1, user_2):
        add_inbox_member(http, inbox["id"], user["id"])
    contact = new_contact(http, inbox_id=inbox["id"], identifier="123")
    conversation = ok(
        http.post(
            f"{A}/conversations", json={"inbox_id": inbox["id"], "contact_id": contact["id"]}, headers=ADMIN
        )
    )
    _toggle(http, conversation, "resolved")
    actions = [
        {
            "action_name": "send_email_to_team",
            "action_params": [{"message": TEAM_NOTE, "team_ids": [team["id"]]}],
        },
        {"action_name": "assign_team", "action_params": [team["id"]]},
        {"action_name": "add_label", "action_params": ["support", "priority_customer"]},
        {"action_name": "send_webhook_event", "action_params": ["http://127.0.0.1:9/old-spec"]},
        {"action_name": "assign_agent", "action_params": [user_1["id"]]},
        {"action_name": "send_email_transcript", "action_params": ["new_agent@example.com"]},
        {"action_name": "mute_conversation", "action_params": None},
        {"action_name": "change_status", "action_params": ["snoozed"]},
        {"action_name": "send_message", "action_params": [SEND]},
    ]
    return {
        "user_1": user_1,
        "inbox": inbox,
        "team": team,
        "contact": contact,
        "conversation": conversation,
        "actions": actions,
    }


def _toggle(http, conversation: dict, status: str) -> None:
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/toggle_status", json={"status": status}, headers=ADMIN
        )
    )


def _rule(
    http, world: dict[str, Any], event: str, conditions: list[dict[str, Any]], actions: list | None = None
) -> dict:
    body = {
        "name": "Test Automation Rule",
        "event_name": event,
        "conditions": conditions,
        "actions": actions or world["actions"],
    }
    return ok(http.post(f"{A}/automation_rules", json=body, headers=ADMIN))


def _updated(http, conversation: dict) -> None:
    """A conversation_updated: a priority change by an agent."""
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/toggle_priority", json={"priority": "low"}, headers=ADMIN
        )
    )


def _shown(http, conversation: dict) -> dict:
    return ok(http.get(f"{A}/conversations/{conversation['id']}", headers=ADMIN))


def _chat(http, conversation: dict, account: str = A, headers: dict | None = None) -> list[dict]:
    url = f"{account}/conversations/{conversation['id']}/messages"
    return [m for m in ok(http.get(url, headers=headers or ADMIN))["payload"] if m["message_type"] != 2]


def _cond(
    key: str, operator: str, values: list[Any], query: str | None = None, model: str | None = None
) -> dict[str, Any]:
    condition = {"attribute_key": key, "filter_operator": operator, "values": values, "query_operator": query}
    if model:
        condition["custom_attribute_type"] = model
    return condition


def _assert_all_effects(http, fake, world: dict[str, Any]) -> None:
    shown = _shown(http, world["conversation"])
    assert shown["meta"]["team"]["id"] == world["team"]["id"]
    assert sorted(shown["labels"]) == ["priority_customer", "support"]
    assert shown["meta"]["assignee"]["id"] == world["user_1"]["id"]
    assert shown["status"] == "snoozed"
    assert (
        ok(http.get(f"{A}/contacts/{world['contact']['id']}", headers=ADMIN))["payload"]["blocked"] is True
    )  # muted
    assert _chat(http, world["conversation"])[0]["content"] == SEND
    [mail] = fake.store.mailer.outbox(template=TEAM_MAIL)
    assert mail.data["message"] == TEAM_NOTE


CONTACTS = "#conversation_updated with contacts attributes > when rule matches with additional_attributes and custom_attributes > "


def _platinum(http, world: dict[str, Any], email: str | None = None) -> None:
    body: dict[str, Any] = {"custom_attributes": {"customer_type": "platinum", "signed_in_at": "2022-01-19"}}
    body["additional_attributes"] = {"company": "Marvel"}
    if email:
        body["email"] = email
    ok(http.put(f"{A}/contacts/{world['contact']['id']}", json=body, headers=ADMIN))


@ports(
    CONTACTS + "triggers automation rule to assign team",
    CONTACTS + "triggers automation rule to add label and assign best agents",
    CONTACTS + "triggers automation rule send message to the contacts",
    CONTACTS + "triggers automation rule to mute conversation",
)
def test_contact_attribute_conditions(http, fake):
    world = _world(http)
    _platinum(http, world)
    conditions = [
        _cond("company", "equal_to", ["Marvel"], "AND"),
        _cond("customer_type", "equal_to", ["platinum"], "AND", "contact_attribute"),
        _cond("inbox_id", "equal_to", [world["inbox"]["id"]]),
    ]
    _rule(http, world, "conversation_updated", conditions)
    _updated(http, world["conversation"])
    _assert_all_effects(http, fake, world)


@ports(CONTACTS + "triggers automation_rule with contact standard attributes")
def test_contact_standard_attribute_conditions(http):
    world = _world(http)
    _platinum(http, world, email="tj@example.com")
    conditions = [
        _cond("email", "contains", ["example.com"], "AND"),
        _cond("customer_type", "equal_to", ["platinum"], None, "contact_attribute"),
    ]
    _rule(http, world, "conversation_updated", conditions)
    _updated(http, world["conversation"])
    assert _shown(http, world["conversation"])["meta"]["team"]["id"] == world["team"]["id"]


@ports(
    "#conversation_updated with contacts attributes > when inbox condition does not match > triggers automation rule would not send message to the contacts"
)
def test_another_inbox_does_not_match(http):
    world = _world(http)
    other = ok(http.post(f"{A}/inboxes", json={"name": "Other", "channel": {"type": "api"}}, headers=ADMIN))
    _rule(http, world, "conversation_updated", [_cond("inbox_id", "equal_to", [other["id"]])])
    _updated(http, world["conversation"])
    assert _chat(http, world["conversation"]) == []


UPDATED = "#conversation_updated > when rule matches > "


@ports(
    UPDATED + "triggers automation rule to assign team",
    UPDATED + "triggers automation rule to add label",
    UPDATED + "triggers automation rule to assign best agents",
    UPDATED + "triggers automation rule send email to the team",
    UPDATED + "triggers automation rule send message to the contacts",
)
def test_conversation_updated_runs_every_action(http, fake):
    world = _world(http)
    # the factory's condition: status equal_to resolved (the world's conversation is resolved)
    _rule(http, world, "conversation_updated", [_cond("status", "equal_to", ["resolved"])])
    _updated(http, world["conversation"])
    _assert_all_effects(http, fake, world)


CUSTOM = "#conversation_updated > when rule matches based on custom_attributes > "


@ports(CUSTOM + "triggers automation rule to assign team", CUSTOM + "triggers automation rule to add label")
def test_custom_attribute_conditions(http):
    world = _world(http)
    conversation = world["conversation"]
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/custom_attributes",
            json={"custom_attributes": {"priority_level": "P2"}},
            headers=ADMIN,
        )
    )
    ok(
        http.put(
            f"{A}/contacts/{world['contact']['id']}",
            json={"custom_attributes": {"cloud_customer": False}},
            headers=ADMIN,
        )
    )
    conditions = [
        _cond("priority_level", "equal_to", ["P2"], "AND", "conversation_attribute"),
        _cond("cloud_customer", "equal_to", [False], None, "contact_attribute"),
    ]
    _rule(http, world, "conversation_updated", conditions)
    _updated(http, conversation)
    shown = _shown(http, conversation)
    assert shown["meta"]["team"]["id"] == world["team"]["id"]
    assert sorted(shown["labels"]) == ["priority_customer", "support"]


OPENED = "#conversation_opened > when rule matches > "


@ports(
    OPENED + "triggers automation rule to add label",
    OPENED + "triggers automation rule to assign best agents",
    OPENED + "triggers automation rule send email to the team",
    OPENED + "triggers automation rule send message to the contacts",
)
def test_conversation_opened(http, fake):
    world = _world(http)
    conversation = world["conversation"]
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/assignments",
            json={"team_id": world["team"]["id"]},
            headers=ADMIN,
        )
    )
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/assignments", json={"assignee_id": None}, headers=ADMIN
        )
    )
    _rule(http, world, "conversation_opened", [_cond("team_id", "equal_to", [world["team"]["id"]])])
    _toggle(http, conversation, "open")
    _assert_all_effects(http, fake, world)


CASE = "#message_created event based on case in-sensitive filter > "


def _incoming(http, conversation: dict, content: str) -> None:
    url = f"{A}/conversations/{conversation['id']}/messages"
    ok(http.post(url, json={"content": content, "message_type": "incoming"}, headers=ADMIN))


@ports(CASE + "triggers automation rule on contains filter")
def test_contains_is_case_insensitive(http):
    world = _world(http)
    _rule(http, world, "message_created", [_cond("content", "contains", ["KYC"])])
    _incoming(http, world["conversation"], "KyC message")
    assert sorted(_shown(http, world["conversation"])["labels"]) == ["priority_customer", "support"]


@ports(CASE + "triggers automation on equal_to filter")
def test_equal_to_is_case_insensitive_on_content(http):
    world = _world(http)
    actions = [{"action_name": "add_label", "action_params": ["sale_enquiry"]}]
    _rule(http, world, "message_created", [_cond("content", "equal_to", ["sale"])], actions)
    _incoming(http, world["conversation"], "SALE")
    assert _shown(http, world["conversation"])["labels"] == ["sale_enquiry"]


def _team_contact_rule(http, world: dict[str, Any], event: str, message_conditions: bool) -> None:
    conditions = [_cond("team_id", "equal_to", [world["team"]["id"]], "AND")]
    if message_conditions:
        conditions.append(_cond("message_type", "equal_to", ["incoming"], "AND"))
    conditions += [
        _cond("email", "contains", ["example.com"], "AND"),
        _cond("company", "equal_to", ["Marvel"]),
    ]
    actions = [
        {"action_name": "send_message", "action_params": [SEND]},
        {"action_name": "send_email_transcript", "action_params": ["new_agent@example.com"]},
    ]
    _rule(http, world, event, conditions, actions)


def _contact(http, world: dict[str, Any], email: str, company: str) -> None:
    body = {"email": email, "additional_attributes": {"company": company}}
    ok(http.put(f"{A}/contacts/{world['contact']['id']}", json=body, headers=ADMIN))


MESSAGE = "#message_created with conversation and contacts based conditions > "


@ports(MESSAGE + "when rule matches > triggers automation rule send message to the contacts")
def test_message_rule_with_conversation_and_contact_conditions(http):
    world = _world(http)
    conversation = world["conversation"]
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/assignments",
            json={"team_id": world["team"]["id"]},
            headers=ADMIN,
        )
    )
    _contact(http, world, "tj@example.com", "Marvel")
    _team_contact_rule(http, world, "message_created", True)
    _incoming(http, conversation, "Incoming Message")
    assert [m["content"] for m in _chat(http, conversation)] == ["Incoming Message", SEND]


@ports(
    MESSAGE + "when rule matches > #conversation_updated with first_reply_created event > "
    "triggers automation rule only once send message to the contacts"
)
def test_the_rules_message_is_not_a_second_first_reply(http, fake):
    world = _world(http)
    conversation = world["conversation"]
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/assignments",
            json={"team_id": world["team"]["id"]},
            headers=ADMIN,
        )
    )
    _contact(http, world, "tj@example.com", "Marvel")
    _team_contact_rule(http, world, "message_created", True)
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/messages", json={"content": "human"}, headers=ADMIN
        )
    )
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    first_reply = record.first_reply_created_at
    assert first_reply is not None
    _incoming(http, conversation, "Incoming Message")
    assert [m["content"] for m in _chat(http, conversation)] == ["human", "Incoming Message", SEND]
    assert record.first_reply_created_at == first_reply  # the rule's message is no human reply


@ports(MESSAGE + "when rule does not match > triggers automation rule but wont send message")
def test_message_rule_not_matching(http):
    world = _world(http)
    conversation = world["conversation"]
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/assignments",
            json={"team_id": world["team"]["id"]},
            headers=ADMIN,
        )
    )
    _contact(http, world, "tj@ex.com", "DC")
    _team_contact_rule(http, world, "message_created", True)
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/messages",
            json={"content": "Incoming Message"},
            headers=ADMIN,
        )
    )
    assert [m["content"] for m in _chat(http, conversation)] == ["Incoming Message"]


CREATED = "#conversation_created with contacts based conditions > "


def _created_in_team(http, world: dict[str, Any]) -> dict:
    body = {
        "inbox_id": world["inbox"]["id"],
        "contact_id": world["contact"]["id"],
        "team_id": world["team"]["id"],
    }
    return ok(http.post(f"{A}/conversations", json=body, headers=ADMIN))


@ports(CREATED + "when rule matches > triggers automation rule send message to the contacts")
def test_created_rule_with_contact_conditions(http):
    world = _world(http)
    _contact(http, world, "tj@example.com", "Marvel")
    _team_contact_rule(http, world, "conversation_created", False)
    conversation = _created_in_team(http, world)
    [message] = _chat(http, conversation)
    assert message["content"] == SEND
    assert message["content_attributes"]["automation_rule_id"] >= 1


@ports(CREATED + "when rule does not match > triggers automation rule but wont send message")
def test_created_rule_not_matching(http):
    world = _world(http)
    _contact(http, world, "tj@ex.com", "DC")
    _team_contact_rule(http, world, "conversation_created", False)
    assert _chat(http, _created_in_team(http, world)) == []


@ports(
    "#message_created for tweet events > when rule matches > does not triggers automation rule send message or send attachment"
)
def test_no_message_to_a_tweet(http):
    world = _world(http)
    actions = [
        {"action_name": "send_message", "action_params": [SEND]},
        {"action_name": "send_email_transcript", "action_params": ["new_agent@example.com"]},
    ]
    _rule(http, world, "message_created", [_cond("status", "equal_to", ["open"])], actions)
    body = {
        "inbox_id": world["inbox"]["id"],
        "contact_id": world["contact"]["id"],
        "additional_attributes": {"type": "tweet"},
        "status": "open",
    }
    tweet = ok(http.post(f"{A}/conversations", json=body, headers=ADMIN))
    _incoming(http, tweet, "a tweet")
    assert [m["content"] for m in _chat(http, tweet)] == ["a tweet"]


@ports("#conversation_created for two accounts > triggers automation at the same time")
def test_two_accounts_each_run_their_own_rule(http):
    other = token(OTHER_ADMIN_TOKEN)
    rules: list[dict] = []
    for account, headers, text in ((A, ADMIN, SEND), ("/api/v1/accounts/2", other, SEND + " - 1")):
        body = {
            "name": "Test Automation Rule",
            "event_name": "conversation_created",
            "conditions": [_cond("status", "equal_to", ["all"])],
            "actions": [{"action_name": "send_message", "action_params": [text]}],
        }
        rules.append(ok(http.post(f"{account}/automation_rules", json=body, headers=headers)))
    mine = ok(
        http.post(
            f"{A}/conversations", json={"inbox_id": 1, "contact_id": new_contact(http)["id"]}, headers=ADMIN
        )
    )
    contact = ok(
        http.post("/api/v1/accounts/2/contacts", json={"name": "Globex", "inbox_id": 3}, headers=other)
    )["payload"]["contact"]
    theirs = ok(
        http.post(
            "/api/v1/accounts/2/conversations",
            json={"inbox_id": 3, "contact_id": contact["id"]},
            headers=other,
        )
    )
    [m1] = _chat(http, mine)
    [m2] = _chat(http, theirs, "/api/v1/accounts/2", other)
    assert (m1["content"], m1["content_attributes"]) == (SEND, {"automation_rule_id": rules[0]["id"]})
    assert (m2["content"], m2["content_attributes"]) == (
        SEND + " - 1",
        {"automation_rule_id": rules[1]["id"]},
    )


EMAIL = "#conversation_created for email inbox > "


def _subject_rule_and_conversation(http, subject: str) -> dict:
    body = {
        "name": "Test Automation Rule - 1",
        "event_name": "conversation_created",
        "conditions": [_cond("mail_subject", "contains", ["test"])],
        "actions": [{"action_name": "send_message", "action_params": [SEND + " - 1"]}],
    }
    ok(http.post(f"{A}/automation_rules", json=body, headers=ADMIN))
    attributes = {"source": "email", "mail_subject": subject}
    fields = {"inbox_id": 1, "contact_id": new_contact(http)["id"], "additional_attributes": attributes}
    return ok(http.post(f"{A}/conversations", json=fields, headers=ADMIN))


@ports(EMAIL + "when mail_subject condition matches > triggers automation and send message")
def test_mail_subject_matches(http):
    conversation = _subject_rule_and_conversation(http, "New conversation test email")
    assert [m["content"] for m in _chat(http, conversation)] == [SEND + " - 1"]


@ports(EMAIL + "when mail_subject condition does not match > does not triggers automation")
def test_mail_subject_does_not_match(http):
    assert _chat(http, _subject_rule_and_conversation(http, "New conversation email")) == []
