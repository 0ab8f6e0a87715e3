"""Ports of spec/services/macros/execution_service_spec.rb and
spec/services/automation_rules/action_service_spec.rb (v4.10), through HTTP: a macro executed over
the API, or a rule fired by the event it names, and the effects a client sees (messages, labels,
assignee, the mail outbox, webhook deliveries). The upstream specs stub the builders and jobs."""

from __future__ import annotations

from typing import Any

from fakewoot.automation.actions import (
    AUTOMATION_WEBHOOK_EVENT,
    MACRO_WEBHOOK_EVENT,
    TEAM_MAIL,
    TRANSCRIPT_MAIL,
)
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, AGENT, API_INBOX, new_contact, new_conversation, new_user, ok

MACRO = "spec/services/macros/execution_service_spec.rb"
RULE = "spec/services/automation_rules/action_service_spec.rb"
SPEC = {MACRO: MACRO, RULE: RULE}
UPSTREAM_ITS = {MACRO: 11, RULE: 15}
SKIPPED: dict[str, dict[str, str]] = {MACRO: {}, RULE: {}}
MACROS = "/api/v1/accounts/1/macros"
RULES = "/api/v1/accounts/1/automation_rules"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
HOOK = "http://127.0.0.1:9/spec-webhook"
TWEET = {"additional_attributes": {"type": "tweet"}}
AVATAR = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24  # spec/assets/avatar.png stands in as a PNG


# --- macros: jane (an agent and member of the API inbox) runs her own personal macro ---------------


def _execute(http, actions: list[dict[str, Any]], conversation: dict | None = None) -> dict:
    conversation = conversation or new_conversation(http)
    body = {"name": "spec macro", "actions": actions}
    macro = ok(http.post(MACROS, json=body, headers=AGENT))["payload"]
    url = f"{MACROS}/{macro['id']}/execute"
    ok(http.post(url, json={"conversation_ids": [conversation["id"]]}, headers=AGENT))
    return conversation


def _messages(http, conversation: dict) -> list[dict]:
    url = f"{CONVERSATIONS}/{conversation['id']}/messages"
    return [m for m in ok(http.get(url, headers=ADMIN))["payload"] if m["message_type"] != 2]


def _shown(http, conversation: dict) -> dict:
    return ok(http.get(f"{CONVERSATIONS}/{conversation['id']}", headers=ADMIN))


@ports("#perform > when actions are present > executes the actions", spec=MACRO)
def test_macro_runs_every_action(http, fake):
    actions = [
        {"action_name": "assign_agent", "action_params": ["self"]},
        {"action_name": "add_private_note", "action_params": ["Test note"]},
        {"action_name": "send_message", "action_params": ["Test message"]},
        {"action_name": "send_webhook_event", "action_params": [HOOK]},
    ]
    conversation = _execute(http, actions)
    assert _shown(http, conversation)["meta"]["assignee"]["id"] == 2
    assert [(m["content"], m["private"]) for m in _messages(http, conversation)] == [
        ("Test note", True),
        ("Test message", False),
    ]
    [delivery] = fake.deliveries.find(url=HOOK)
    assert delivery.payload()["event"] == MACRO_WEBHOOK_EVENT


@ports(
    "#perform > when actions are present > when an action raises an error > captures the exception",
    spec=MACRO,
)
def test_a_failing_action_does_not_stop_the_others(http):
    actions = [
        {"action_name": "change_status", "action_params": ["nonsense"]},
        {"action_name": "add_label", "action_params": ["after-error"]},
    ]
    conversation = _execute(http, actions)
    assert _shown(http, conversation)["labels"] == ["after-error"]


@ports(
    "#assign_agent > when agent_ids contains self > updates the conversation assignee to the current user",
    spec=MACRO,
)
def test_assign_agent_self(http):
    conversation = _execute(http, [{"action_name": "assign_agent", "action_params": ["self"]}])
    assert _shown(http, conversation)["meta"]["assignee"]["id"] == 2


@ports("#assign_agent > when agent_ids does not contain self > calls the super method", spec=MACRO)
def test_assign_agent_other_inbox_member(http):
    other = new_user(http)
    ok(
        http.post(
            "/api/v1/accounts/1/inbox_members",
            json={"inbox_id": API_INBOX, "user_ids": [other["id"]]},
            headers=ADMIN,
        )
    )
    conversation = _execute(http, [{"action_name": "assign_agent", "action_params": [other["id"]]}])
    assert _shown(http, conversation)["meta"]["assignee"]["id"] == other["id"]


@ports("#add_private_note > when conversation is not a tweet > creates a new private message", spec=MACRO)
def test_macro_private_note(http):
    conversation = _execute(
        http, [{"action_name": "add_private_note", "action_params": ["Test private note"]}]
    )
    [note] = _messages(http, conversation)
    assert (note["content"], note["private"], note["sender"]["id"]) == ("Test private note", True, 2)


@ports("#add_private_note > when conversation is a tweet > does not create a new message", spec=MACRO)
def test_macro_private_note_skips_a_tweet(http):
    tweet = new_conversation(http, **TWEET)
    _execute(http, [{"action_name": "add_private_note", "action_params": ["x"]}], tweet)
    assert _messages(http, tweet) == []


@ports("#send_message > when conversation is not a tweet > creates a new public message", spec=MACRO)
def test_macro_message(http):
    conversation = _execute(http, [{"action_name": "send_message", "action_params": ["Test message"]}])
    [message] = _messages(http, conversation)
    assert (message["content"], message["private"], message["message_type"]) == ("Test message", False, 1)


@ports("#send_message > when conversation is a tweet > does not create a new message", spec=MACRO)
def test_macro_message_skips_a_tweet(http):
    tweet = new_conversation(http, **TWEET)
    _execute(http, [{"action_name": "send_message", "action_params": ["x"]}], tweet)
    assert _messages(http, tweet) == []


@ports("#send_webhook_event > sends a webhook event", spec=MACRO)
def test_macro_webhook(http, fake):
    conversation = _execute(http, [{"action_name": "send_webhook_event", "action_params": [HOOK]}])
    [delivery] = fake.deliveries.find(url=HOOK)
    payload = delivery.payload()
    assert (payload["event"], payload["id"]) == (MACRO_WEBHOOK_EVENT, conversation["id"])


# --- automation rules: fired on conversation_created (or conversation_updated) --------------------


def _rule(http, actions: list[dict[str, Any]], event: str = "conversation_created") -> dict:
    body = {"name": "spec rule", "event_name": event, "conditions": [], "actions": actions}
    return ok(http.post(RULES, json=body, headers=ADMIN))


def _labels(http, conversation: dict, labels: list[str]) -> None:
    url = f"{CONVERSATIONS}/{conversation['id']}/labels"
    ok(http.post(url, json={"labels": labels}, headers=ADMIN))


FACTORY = [
    {"action_name": "send_webhook_event", "action_params": [HOOK]},
    {"action_name": "send_message", "action_params": {"message": "Hello"}},
]


@ports("#perform > when actions are defined in the rule > will call the actions", spec=RULE)
def test_rule_calls_its_actions(http, fake):
    _rule(http, FACTORY)
    conversation = new_conversation(http)
    assert len(fake.deliveries.find(url=HOOK)) == 1
    # `{message: 'Hello'}[0]` is nil: the builder still makes a message, without content
    [message] = _messages(http, conversation)
    assert message["content"] is None


@ports("#perform > #perform with send_webhook_event action > will send webhook event", spec=RULE)
def test_rule_webhook(http, fake):
    _rule(http, FACTORY[:1])
    conversation = new_conversation(http)
    [delivery] = fake.deliveries.find(url=HOOK)
    payload = delivery.payload()
    expected = AUTOMATION_WEBHOOK_EVENT.format(event_name="conversation_created")
    assert (payload["event"], payload["id"]) == (expected, conversation["id"])


@ports("#perform > #perform with send_message action > will send message", spec=RULE)
def test_rule_message(http):
    rule = _rule(http, [{"action_name": "send_message", "action_params": ["Hello"]}])
    conversation = new_conversation(http)
    [message] = _messages(http, conversation)
    assert message["content"] == "Hello"
    assert message["content_attributes"] == {"automation_rule_id": rule["id"]}


@ports(
    "#perform > #perform with send_message action > will not send message if conversation is a tweet",
    spec=RULE,
)
def test_rule_message_skips_a_tweet(http):
    _rule(http, [{"action_name": "send_message", "action_params": ["Hello"]}])
    assert _messages(http, new_conversation(http, **TWEET)) == []


@ports("#perform > #perform with send_email_to_team action > will send email to team", spec=RULE)
def test_rule_emails_a_team(http, fake):
    team = ok(http.post("/api/v1/accounts/1/teams", json={"name": "mailed"}, headers=ADMIN))
    ok(
        http.post(
            f"/api/v1/accounts/1/teams/{team['id']}/team_members", json={"user_ids": [2]}, headers=ADMIN
        )
    )
    _rule(
        http,
        [
            {
                "action_name": "send_email_to_team",
                "action_params": [{"team_ids": [team["id"]], "message": "Hello"}],
            }
        ],
    )
    conversation = new_conversation(http)
    [mail] = fake.store.mailer.outbox(template=TEAM_MAIL)
    assert mail.to == "jane@acme.inc"
    assert mail.data["message"] == "Hello"
    assert mail.data["conversation_id"] == conversation["id"]


@ports(
    "#perform > #perform with send_email_transcript action > will send email to transcript to action params emails",
    spec=RULE,
)
def test_rule_sends_transcripts(http, fake):
    emails = "contact@example.com, agent@example.com,agent1@example.com"
    _rule(http, [{"action_name": "send_email_transcript", "action_params": [emails]}])
    new_conversation(http)
    sent = [m.to for m in fake.store.mailer.outbox(template=TRANSCRIPT_MAIL)]
    assert sent == ["contact@example.com", "agent@example.com", "agent1@example.com"]


@ports(
    "#perform > #perform with send_email_transcript action > will send email to transcript to contacts",
    spec=RULE,
)
def test_rule_sends_a_transcript_to_the_contact(http, fake):
    _rule(http, [{"action_name": "send_email_transcript", "action_params": ["{{contact.email}}"]}])
    contact = new_contact(http, email="spec-contact@example.test")
    body = {"inbox_id": API_INBOX, "contact_id": contact["id"]}
    ok(http.post(CONVERSATIONS, json=body, headers=ADMIN))
    assert [m.to for m in fake.store.mailer.outbox(template=TRANSCRIPT_MAIL)] == ["spec-contact@example.test"]


@ports("#perform > #perform with add_label action > will add labels to conversation", spec=RULE)
def test_rule_adds_labels(http):
    _rule(http, [{"action_name": "add_label", "action_params": ["bug", "feature"]}])
    assert _shown(http, new_conversation(http))["labels"] == ["bug", "feature"]


@ports("#perform > #perform with add_label action > will not duplicate existing labels", spec=RULE)
def test_rule_adds_labels_without_duplicates(http):
    _rule(http, [{"action_name": "add_label", "action_params": ["bug", "feature"]}], "conversation_updated")
    conversation = new_conversation(http)
    _labels(http, conversation, ["bug"])
    assert _shown(http, conversation)["labels"] == ["bug", "feature"]


@ports(
    "#perform > #perform with remove_label action > will remove specified labels from conversation", spec=RULE
)
def test_rule_removes_labels(http):
    _rule(
        http, [{"action_name": "remove_label", "action_params": ["bug", "feature"]}], "conversation_updated"
    )
    conversation = new_conversation(http)
    _labels(http, conversation, ["bug", "feature", "support"])
    assert _shown(http, conversation)["labels"] == ["support"]


@ports(
    "#perform > #perform with remove_label action > will not fail if labels do not exist on conversation",
    spec=RULE,
)
def test_rule_removes_absent_labels_quietly(http):
    _rule(
        http, [{"action_name": "remove_label", "action_params": ["bug", "feature"]}], "conversation_updated"
    )
    conversation = new_conversation(http)
    _labels(http, conversation, ["support"])
    assert _shown(http, conversation)["labels"] == ["support"]


@ports("#perform > #perform with add_private_note action > will add private note", spec=RULE)
def test_rule_private_note(http):
    _rule(http, [{"action_name": "add_private_note", "action_params": ["Note"]}])
    [note] = _messages(http, new_conversation(http))
    assert (note["content"], note["private"]) == ("Note", True)


@ports(
    "#perform > #perform with add_private_note action > will not add note if conversation is a tweet",
    spec=RULE,
)
def test_rule_private_note_skips_a_tweet(http):
    _rule(http, [{"action_name": "add_private_note", "action_params": ["Note"]}])
    assert _messages(http, new_conversation(http, **TWEET)) == []


# --- send_attachment: the owner's file, attached through the API from a signed blob id ------------


def _attachment_action(fake) -> dict[str, Any]:
    blob = fake.store.blobs.create_and_upload(AVATAR, filename="avatar.png", content_type="image/png")
    return {"action_name": "send_attachment", "action_params": [fake.store.blobs.signed_id(blob)]}


@ports(
    "#send_attachment > when conversation is not a tweet and macro has files attached > "
    "creates a new message with attachments",
    spec=MACRO,
)
def test_macro_sends_its_file(http, fake):
    conversation = _execute(http, [_attachment_action(fake)])
    [message] = _messages(http, conversation)
    [attachment] = message["attachments"]
    assert (message["content"], message["sender"]["id"], attachment["file_type"]) == (None, 2, "image")


@ports(
    "#send_attachment > when conversation is a tweet or macro has no files attached > "
    "does not create a new message",
    spec=MACRO,
)
def test_macro_file_skips_a_tweet(http, fake):
    tweet = new_conversation(http, **TWEET)
    _execute(http, [_attachment_action(fake)], tweet)
    assert _messages(http, tweet) == []


@ports("#perform > #perform with send_attachment action > will send attachment", spec=RULE)
def test_rule_sends_its_file(http, fake):
    _rule(http, [FACTORY[0], _attachment_action(fake)])
    [message] = _messages(http, new_conversation(http))
    assert [a["file_type"] for a in message["attachments"]] == ["image"]


@ports(
    "#perform > #perform with send_attachment action > will not send attachment is conversation is a tweet",
    spec=RULE,
)
def test_rule_file_skips_a_tweet(http, fake):
    _rule(http, [FACTORY[0], _attachment_action(fake)])
    assert _messages(http, new_conversation(http, **TWEET)) == []
    assert len(fake.deliveries.find(url=HOOK)) == 1  # the other action still ran
