"""Port of spec/jobs/webhook_job_spec.rb (Chatwoot v4.10): WebhookJob hands (url, payload, type) to
Webhooks::Trigger, `:account_webhook` by default and `:api_inbox_webhook` for an API inbox's
callback. Over HTTP: an account webhook and an API inbox's webhook_url each get the delivery, and
the delivery journal names its type."""

from __future__ import annotations

import json

from fakewoot.deliveries import routing, wire
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, ok

SPEC = "spec/jobs/webhook_job_spec.rb"
UPSTREAM_ITS = 3
SKIPPED = {"queues the job": "internal: the ActiveJob queue name (medium)"}
A = "/api/v1/accounts/1"


@ports("executes perform with default webhook type")
def test_an_account_webhook_delivery(http, fake, receiver):
    body = {"webhook": {"url": receiver.url(), "subscriptions": [routing.CONTACT_CREATED]}}
    ok(http.post(f"{A}/webhooks", json=body, headers=ADMIN))
    contact = new_contact(http, inbox_id=None)
    assert fake.deliveries.settle()
    ((path, _, raw),) = receiver.requests
    payload = json.loads(raw)
    assert (path, payload["event"], payload["id"]) == ("/hook", routing.CONTACT_CREATED, contact["id"])
    (row,) = ok(http.get("/_fakewoot/webhooks", params={"event": routing.CONTACT_CREATED}))
    assert (row["kind"], row["url"], row["state"]) == (wire.ACCOUNT_WEBHOOK, receiver.url(), "delivered")


@ports("with custom webhook type > executes perform with inbox webhook type")
def test_an_api_inbox_webhook_delivery(http, fake, receiver):
    channel = {"type": "api", "webhook_url": receiver.url("/inbox")}
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Job", "channel": channel}, headers=ADMIN))
    url = f"{A}/conversations"
    contact = new_contact(http, inbox_id=inbox["id"])
    conversation = ok(
        http.post(url, json={"inbox_id": inbox["id"], "contact_id": contact["id"]}, headers=ADMIN)
    )
    assert fake.deliveries.settle()
    created = [json.loads(b) for p, _, b in receiver.requests if p == "/inbox"]
    assert [(c["event"], c["id"]) for c in created] == [(routing.CONVERSATION_CREATED, conversation["id"])]
    (row,) = ok(http.get("/_fakewoot/webhooks", params={"event": routing.CONVERSATION_CREATED}))
    assert (row["kind"], row["url"], row["target_id"]) == (
        wire.API_INBOX_WEBHOOK,
        receiver.url("/inbox"),
        inbox["id"],
    )
