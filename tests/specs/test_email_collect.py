"""Port of spec/services/message_templates/template/email_collect_spec.rb (Chatwoot v4.10): the two
e-mail collection template messages, through the hook a web widget contact's message runs (created
through the fake's store: the widget API is not modelled)."""

from __future__ import annotations

from fakewoot.store.message_templates import EMAIL_COLLECT_INPUT, EMAIL_COLLECT_PROMPT
from fakewoot.store.messages import INCOMING
from tests.specs.ledger import ports
from tests.specs.support_messages import conversation_in, messages, new_inbox

SPEC = "spec/services/message_templates/template/email_collect_spec.rb"
UPSTREAM_ITS = 1


@ports("when this hook is called > creates the email collect messages")
def test_email_collect_messages(http, fake):
    conversation = conversation_in(http, new_inbox(http, "web_widget")["id"])
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    fake.store.messages.create(
        record, message_type=INCOMING, content="hi", sender_type="Contact", sender_id=record.contact_id
    )
    templates = [m for m in messages(http, conversation) if m["message_type"] == 3]
    assert [(m["content"], m["content_type"]) for m in templates] == [
        (EMAIL_COLLECT_PROMPT, "text"),
        (EMAIL_COLLECT_INPUT, "input_email"),
    ]
