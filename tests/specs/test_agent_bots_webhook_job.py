"""Port of spec/jobs/agent_bots/webhook_job_spec.rb (Chatwoot v4.10): AgentBots::WebhookJob hands
(url, payload, :agent_bot_webhook) to Webhooks::Trigger. Over HTTP: an inbox's bot gets the
delivery at its outgoing_url, and the delivery journal names its type."""

from __future__ import annotations

import json

from fakewoot.deliveries import routing, wire
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, ok

SPEC = "spec/jobs/agent_bots/webhook_job_spec.rb"
UPSTREAM_ITS = 2
SKIPPED = {"queues the job": "internal: the ActiveJob queue name (high)"}
A = "/api/v1/accounts/1"


@ports("executes perform")
def test_a_bot_delivery_is_an_agent_bot_webhook(http, fake, receiver):
    bot = ok(
        http.post(
            f"{A}/agent_bots", json={"name": "Job", "outgoing_url": receiver.url("/bot")}, headers=ADMIN
        )
    )
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Job", "channel": {"type": "api"}}, headers=ADMIN))
    assert (
        http.post(
            f"{A}/inboxes/{inbox['id']}/set_agent_bot", json={"agent_bot": bot["id"]}, headers=ADMIN
        ).status_code
        == 200
    )
    conversation = new_conversation(http, inbox_id=inbox["id"])
    url = f"{A}/conversations/{conversation['id']}/messages"
    sent = ok(http.post(url, json={"content": "to the bot", "message_type": "incoming"}, headers=ADMIN))
    assert fake.deliveries.settle()
    created = [
        json.loads(b) for p, _, b in receiver.requests if json.loads(b)["event"] == routing.MESSAGE_CREATED
    ]
    assert [(c["id"], c["message_type"]) for c in created] == [(sent["id"], "incoming")]
    (row,) = ok(http.get("/_fakewoot/webhooks", params={"event": routing.MESSAGE_CREATED}))
    assert (row["kind"], row["url"], row["target_id"]) == (
        wire.AGENT_BOT_WEBHOOK,
        receiver.url("/bot"),
        bot["id"],
    )
