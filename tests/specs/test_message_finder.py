"""Port of spec/finders/message_finder_spec.rb (Chatwoot v4.10), through GET .../messages.

Upstream's conversation gets two extra template messages from the web widget's email-collect hook
(MessageTemplates::HookExecutionService, not modelled); here the conversation holds an incoming
message, two activity messages, a private note and an outgoing message, and the counts follow."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import (
    conversation_in,
    conversation_url,
    messages,
    new_inbox,
    post_message,
    set_status,
)

SPEC = "spec/finders/message_finder_spec.rb"
UPSTREAM_ITS = 5
_PERFORM = "#perform"


def _conversation(http):
    inbox = new_inbox(http, "api")
    conversation = conversation_in(http, inbox["id"])
    ok(post_message(http, conversation, content="Incoming Message", message_type="incoming"))
    set_status(http, conversation, "resolved")  # activity: marked resolved by John
    set_status(http, conversation, "open")  # activity: reopened by John
    ok(post_message(http, conversation, content="a note", private=True))
    ok(post_message(http, conversation, content="Outgoing Message"))
    listed = messages(http, conversation)
    assert [(m["message_type"], m["private"]) for m in listed] == [
        (0, False),
        (2, False),
        (2, False),
        (1, True),
        (1, False),
    ]
    return conversation, listed


def _find(http, conversation, **params):
    """GET with the finder's params in a JSON body, as the spec passes them (booleans stay booleans)."""
    url = conversation_url(conversation) + "/messages"
    return ok(http.request("GET", url, json=params, headers=ADMIN))["payload"]


@ports(f"{_PERFORM} > with filter_internal_messages false > filter conversations by status")
def test_filter_internal_messages_false_keeps_everything(http):
    conversation, listed = _conversation(http)
    result = _find(http, conversation, filter_internal_messages=False)
    assert [m["id"] for m in result] == [m["id"] for m in listed]


@ports(f"{_PERFORM} > with filter_internal_messages true > filter conversations by status")
def test_filter_internal_messages_true_drops_private_and_activity(http):
    conversation, listed = _conversation(http)
    result = _find(http, conversation, filter_internal_messages=True)
    assert [m["content"] for m in result] == ["Incoming Message", "Outgoing Message"]
    # any present value filters, as a query string carries it
    assert len(messages(http, conversation, filter_internal_messages="false")) == 2
    assert len(messages(http, conversation, filter_internal_messages="")) == len(listed)


@ports(f"{_PERFORM} > with before attribute > filter conversations by status")
def test_before(http):
    conversation, listed = _conversation(http)
    outgoing = ok(post_message(http, conversation, content="later"))
    result = _find(http, conversation, before=outgoing["id"])
    assert len(result) == len(listed) == 5
    assert [m["id"] for m in result] == [m["id"] for m in listed]


@ports(f"{_PERFORM} > with after attribute > filter conversations by status")
def test_after(http):
    conversation, listed = _conversation(http)
    result = _find(http, conversation, after=listed[0]["id"])
    assert len(result) == 4
    assert result[0]["id"] == listed[1]["id"]
    assert result[-1]["message_type"] == 1 and result[-1]["private"] is False


@ports(f"{_PERFORM} > with after and before attribute > filter conversations by status")
def test_after_and_before(http):
    conversation, listed = _conversation(http)
    result = _find(http, conversation, after=listed[0]["id"], before=listed[-1]["id"])
    assert len(result) == 4  # `after` is inclusive here, `before` exclusive
    assert result[0]["id"] == listed[0]["id"]
    assert result[-1]["id"] == listed[-2]["id"]
