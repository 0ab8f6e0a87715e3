"""Port of spec/finders/message_finder_spec.rb (Chatwoot v4.10), through GET .../messages.

As upstream: a web widget conversation of a contact without an e-mail address gets an incoming
message (through the fake's store: the widget API is not modelled), which adds the e-mail
collection's two template messages, then two activity messages and an outgoing one: six in all."""

from __future__ import annotations

from fakewoot.store.messages import INCOMING
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import (
    conversation_in,
    conversation_url,
    messages,
    new_inbox,
    post_message,
)

SPEC = "spec/finders/message_finder_spec.rb"
UPSTREAM_ITS = 5
_PERFORM = "#perform"


def _conversation(http, fake):
    conversation = conversation_in(http, new_inbox(http, "web_widget")["id"])
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    fake.store.messages.create(
        record,
        message_type=INCOMING,
        content="Incoming Message",
        sender_type="Contact",
        sender_id=record.contact_id,
    )
    for _ in range(2):
        ok(post_message(http, conversation, content="an activity", message_type="activity"))
    ok(post_message(http, conversation, content="Outgoing Message", message_type="outgoing"))
    listed = messages(http, conversation)
    assert [m["message_type"] for m in listed] == [0, 3, 3, 2, 2, 1]
    return conversation, listed


def _find(http, conversation, **params):
    """GET with the finder's params in a JSON body, as the spec passes them (booleans stay booleans)."""
    url = conversation_url(conversation) + "/messages"
    return ok(http.request("GET", url, json=params, headers=ADMIN))["payload"]


@ports(f"{_PERFORM} > with filter_internal_messages false > filter conversations by status")
def test_filter_internal_messages_false_keeps_everything(http, fake):
    conversation, listed = _conversation(http, fake)
    result = _find(http, conversation, filter_internal_messages=False)
    assert len(result) == 6
    assert [m["id"] for m in result] == [m["id"] for m in listed]


@ports(f"{_PERFORM} > with filter_internal_messages true > filter conversations by status")
def test_filter_internal_messages_true_drops_private_and_activity(http, fake):
    conversation, listed = _conversation(http, fake)
    ok(post_message(http, conversation, content="a note", private=True))  # private notes go too
    result = _find(http, conversation, filter_internal_messages=True)
    assert len(result) == 4
    assert [m["message_type"] for m in result] == [0, 3, 3, 1]
    # any present value filters, as a query string carries it
    assert len(messages(http, conversation, filter_internal_messages="false")) == 4
    assert len(messages(http, conversation, filter_internal_messages="")) == len(listed) + 1


@ports(f"{_PERFORM} > with before attribute > filter conversations by status")
def test_before(http, fake):
    conversation, listed = _conversation(http, fake)
    outgoing = ok(post_message(http, conversation, content="later"))
    result = _find(http, conversation, before=outgoing["id"])
    assert len(result) == len(listed) == 6
    assert [m["id"] for m in result] == [m["id"] for m in listed]


@ports(f"{_PERFORM} > with after attribute > filter conversations by status")
def test_after(http, fake):
    conversation, listed = _conversation(http, fake)
    result = _find(http, conversation, after=listed[0]["id"])
    assert len(result) == 5
    assert result[0]["id"] == listed[1]["id"]
    assert result[-1]["message_type"] == 1 and result[-1]["private"] is False


@ports(f"{_PERFORM} > with after and before attribute > filter conversations by status")
def test_after_and_before(http, fake):
    conversation, listed = _conversation(http, fake)
    result = _find(http, conversation, after=listed[0]["id"], before=listed[-1]["id"])
    assert len(result) == 5  # `after` is inclusive here, `before` exclusive
    assert result[0]["id"] == listed[0]["id"]
    assert result[-1]["id"] == listed[-2]["id"]
