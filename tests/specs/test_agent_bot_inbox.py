"""Port of spec/models/agent_bot_inbox_spec.rb (Chatwoot v4.10): validation and association
matchers only; the inbox's bot is ported with the inboxes controller spec (set_agent_bot)."""

from __future__ import annotations

SPEC = "spec/models/agent_bot_inbox_spec.rb"
UPSTREAM_ITS = 4
SKIPPED = {
    "validations > is_expected.to validate_presence_of(:inbox_id)": (
        "internal: set_agent_bot always builds the row for the path's inbox"
    ),
    "validations > is_expected.to validate_presence_of(:agent_bot_id)": (
        "internal: set_agent_bot without a bot destroys the row instead of saving one"
    ),
    "associations > is_expected.to belong_to(:agent_bot)": "internal: an association matcher",
    "associations > is_expected.to belong_to(:inbox)": "internal: an association matcher",
}
