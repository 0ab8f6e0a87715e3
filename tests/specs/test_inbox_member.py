"""Port of spec/models/inbox_member_spec.rb (Chatwoot v4.10): an inbox's members go with it."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import inboxes_url, new_agent, new_inbox

SPEC = "spec/models/inbox_member_spec.rb"
UPSTREAM_ITS = 1


@ports(
    "#DestroyAssociationAsyncJob > when parent inbox is destroyed > enques and processes DestroyAssociationAsyncJob"
)
def test_deleting_an_inbox_removes_its_members(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    assert [i["id"] for i in ok(http.get(inboxes_url(), headers=agent["headers"]))["payload"]] == [
        inbox["id"]
    ]
    ok(http.delete(f"{inboxes_url()}/{inbox['id']}", headers=ADMIN))
    assert http.get(f"/api/v1/accounts/1/inbox_members/{inbox['id']}", headers=ADMIN).status_code == 404
    assert ok(http.get(inboxes_url(), headers=agent["headers"]))["payload"] == []
