"""Port of spec/models/channel/web_widget_spec.rb (Chatwoot v4.10): the default pre-chat form."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support_inboxes import new_inbox

SPEC = "spec/models/channel/web_widget_spec.rb"
UPSTREAM_ITS = 1


@ports("when\n  web widget channel > pre chat options")
def test_a_new_widget_has_the_default_pre_chat_form(http):
    inbox = new_inbox(http, "web_widget")
    options = inbox["pre_chat_form_options"]
    assert options["pre_chat_message"] == "Share your queries or comments here."
    assert len(options["pre_chat_fields"]) == 3
