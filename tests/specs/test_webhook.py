"""Port of spec/models/webhook_spec.rb (Chatwoot v4.10): matchers only."""

from __future__ import annotations

SPEC = "spec/models/webhook_spec.rb"
UPSTREAM_ITS = 2
SKIPPED = {
    "validations > is_expected.to validate_presence_of(:account_id)": (
        "internal: every webhook is created in the path's account"
    ),
    "associations > is_expected.to belong_to(:account)": "internal: an association matcher",
}
