"""Port of spec/models/contact_inbox_spec.rb (v4.10): what a client sees of a contact inbox.

The pubsub token shows over HTTP in a conversation's webhook payload (`contact_inbox.pubsub_token`);
source ids through POST /contacts/:id/contact_inboxes. fakewoot has API, web-widget and e-mail
inboxes only, so the WhatsApp and Twilio source-id formats are not implemented.
"""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import fresh_account

SPEC = "spec/models/contact_inbox_spec.rb"
UPSTREAM_ITS = 7
SKIPPED = {
    "pubsub_token > does not get updated on object update": "internal: no endpoint updates a contact "
    "inbox (its source_id changes only when ContactInboxBuilder renames a holder); fakewoot derives the "
    "token from the record id, so nothing can change it",
    "pubsub_token > backfills pubsub_token on call for older objects": "internal: a NULL pubsub_token "
    "column written with update_column, a database state no request can make",
    "validations > when source_id > validates whatsapp channel source_id": "not implemented: WhatsApp inboxes",
    "validations > when source_id > validates twilio sms channel source_id": "not implemented: Twilio SMS inboxes",
    "validations > when source_id > validates twilio whatsapp channel source_id": (
        "not implemented: Twilio WhatsApp inboxes"
    ),
}


@ports("pubsub_token > gets created on object create")
def test_pubsub_token_on_create(http, receiver):
    acc = fresh_account(http)
    hook = {"url": receiver.url(), "subscriptions": ["conversation_created"]}
    ok(http.post(f"{acc.url}/webhooks", json=hook, headers=acc.admin))
    inbox = acc.inbox()
    contact = acc.contact()
    url = f"{acc.url}/contacts/{contact['id']}/contact_inboxes"
    link = ok(http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.admin))
    body = {"inbox_id": inbox["id"], "contact_id": contact["id"], "source_id": link["source_id"]}
    ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    receiver.wait(lambda: any(e.get("event") == "conversation_created" for e in receiver.events()))
    payload: dict[str, Any] = next(e for e in receiver.events() if e.get("event") == "conversation_created")
    assert payload["contact_inbox"]["source_id"] == link["source_id"]
    assert payload["contact_inbox"]["pubsub_token"]  # not nil


@ports(
    "validations > when source_id > allows source_id longer than 255 characters for channels without format restrictions"
)
def test_long_source_id_in_an_email_inbox(http):
    acc = fresh_account(http)
    inbox = acc.inbox("email")
    contact = acc.contact()
    long_source_id = "a" * 300
    url = f"{acc.url}/contacts/{contact['id']}/contact_inboxes"
    body = ok(http.post(url, json={"inbox_id": inbox["id"], "source_id": long_source_id}, headers=acc.admin))
    assert body["source_id"] == long_source_id and len(body["source_id"]) == 300
    shown = ok(http.get(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin))["payload"]
    assert [ci["source_id"] for ci in shown["contact_inboxes"]] == [long_source_id]  # saved as sent
