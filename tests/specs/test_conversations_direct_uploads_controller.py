"""Port of spec/controllers/api/v1/accounts/conversations/direct_uploads_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.conftest import ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import new_conversation, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/conversations/direct_uploads_controller_spec.rb"
UPSTREAM_ITS = 1
SKIPPED: dict[str, str] = {}
BASE = "POST /api/v1/accounts/:account_id/conversations/:conversation_id/direct_uploads"


@ports(BASE + " > when post request is made > creates attachment message in conversation")
def test_creates_the_blob(http):
    conversation = new_conversation(http, headers=token(ADMIN_TOKEN))
    agent = new_user(http, role="agent")
    blob = {
        "filename": "avatar.png",
        "byte_size": "1234",
        "checksum": "dsjbsdhbfif3874823mnsdbf",
        "content_type": "image/png",
    }
    response = http.post(
        f"/api/v1/accounts/1/conversations/{conversation['id']}/direct_uploads",
        json={"blob": blob},
        headers=agent["headers"],
    )
    assert ok(response)["content_type"] == "image/png"
