"""Port of spec/services/message_templates/template/out_of_office_spec.rb (Chatwoot v4.10): the
out-of-office template message, through the hook a contact's message runs in an inbox closed now."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import conversation_in, messages, new_inbox, post_message

SPEC = "spec/services/message_templates/template/out_of_office_spec.rb"
UPSTREAM_ITS = 3
_HOOK = "when this hook is called"


def replied(http: Any, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    inbox = new_inbox(http, "api")
    days = [{"day_of_week": day, "closed_all_day": True} for day in range(7)]
    body = {"working_hours_enabled": True, "out_of_office_message": text, "working_hours": days}
    ok(http.patch(f"/api/v1/accounts/1/inboxes/{inbox['id']}", json=body, headers=ADMIN))
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="hi", message_type="incoming"))
    return conversation, [m for m in messages(http, conversation) if m["message_type"] == 3]


@ports(f"{_HOOK} > creates the out of office messages")
def test_out_of_office_message(http):
    _, templates = replied(http, "We are out of office")
    assert [m["content"] for m in templates] == ["We are out of office"]


@ports(f"{_HOOK} > creates the out of office messages with template variable")
def test_out_of_office_with_variable(http):
    conversation, templates = replied(http, "Hey, {{contact.name}} we are unavailable at the moment.")
    name = conversation["meta"]["sender"]["name"]
    assert [m["content"] for m in templates] == [f"Hey, {name} we are unavailable at the moment."]


@ports(f"{_HOOK} > creates the out of office messages with more than one variable strings")
def test_out_of_office_with_variables(http):
    text = "Hey, {{contact.name}} we are unavailable at the moment. - from {{account.name}}"
    conversation, templates = replied(http, text)
    name = conversation["meta"]["sender"]["name"]
    account = ok(http.get("/api/v1/accounts/1", headers=ADMIN))["name"]
    assert [m["content"] for m in templates] == [
        f"Hey, {name} we are unavailable at the moment. - from {account}"
    ]
