"""Port of spec/services/message_templates/template/greeting_spec.rb (Chatwoot v4.10): the greeting
template message, through the hook a contact's first message runs."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import conversation_in, messages, new_inbox, post_message

SPEC = "spec/services/message_templates/template/greeting_spec.rb"
UPSTREAM_ITS = 4
_HOOK = "when this hook is called"
SKIPPED = {
    f"{_HOOK} > creates the email collect messages": (
        "internal: Template::Greeting#perform called directly without a greeting message; the hook only "
        "runs it when the inbox has one"
    ),
}


def greeted(http: Any, greeting: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The template messages after a contact's first message in an API inbox greeting with `greeting`."""
    inbox = new_inbox(http, "api")
    url = f"/api/v1/accounts/1/inboxes/{inbox['id']}"
    ok(http.patch(url, json={"greeting_enabled": True, "greeting_message": greeting}, headers=ADMIN))
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="hi", message_type="incoming"))
    return conversation, [m for m in messages(http, conversation) if m["message_type"] == 3]


@ports(f"{_HOOK} > creates the greeting messages with template variable")
def test_greeting_with_variable(http):
    conversation, templates = greeted(http, "Hey, {{contact.name}} welcome to our board.")
    name = conversation["meta"]["sender"]["name"]
    assert [m["content"] for m in templates] == [f"Hey, {name} welcome to our board."]


@ports(f"{_HOOK} > creates the greeting messages with more than one variable strings")
def test_greeting_with_variables(http):
    conversation, templates = greeted(
        http, "Hey, {{contact.name}} welcome to our board. - from {{account.name}}"
    )
    name = conversation["meta"]["sender"]["name"]
    account = ok(http.get("/api/v1/accounts/1", headers=ADMIN))["name"]
    assert [m["content"] for m in templates] == [f"Hey, {name} welcome to our board. - from {account}"]


@ports(f"{_HOOK} > creates the greeting messages")
def test_greeting(http):
    _, templates = greeted(http, "Hello welcome to our board.")
    assert [m["content"] for m in templates] == ["Hello welcome to our board."]
