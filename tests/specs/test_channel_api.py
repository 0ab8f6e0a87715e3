"""Port of spec/models/channel/api_spec.rb (Chatwoot v4.10): the webhook_url length limit, through
the inbox update."""

from __future__ import annotations

from fakewoot.store.webhooks import URL_LENGTH_LIMIT
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import inboxes_url, new_inbox

SPEC = "spec/models/channel/api_spec.rb"
UPSTREAM_ITS = 2
LENGTH = "length validations > when it validates webhook_url length"


@ports(f"{LENGTH} > valid when within limit")
def test_webhook_url_at_the_limit_is_valid(http):
    inbox = new_inbox(http, "api")
    url = "a" * URL_LENGTH_LIMIT
    body = ok(
        http.patch(f"{inboxes_url()}/{inbox['id']}", json={"channel": {"webhook_url": url}}, headers=ADMIN)
    )
    assert body["webhook_url"] == url


@ports(f"{LENGTH} > invalid when crossed the limit")
def test_webhook_url_past_the_limit_is_422(http):
    inbox = new_inbox(http, "api", webhook_url="https://hook.example")
    url = "a" * (URL_LENGTH_LIMIT + 1)
    response = http.patch(
        f"{inboxes_url()}/{inbox['id']}", json={"channel": {"webhook_url": url}}, headers=ADMIN
    )
    assert response.status_code == 422
    assert f"Webhook url is too long (maximum is {URL_LENGTH_LIMIT} characters)" in response.json()["message"]
    assert (
        ok(http.get(f"{inboxes_url()}/{inbox['id']}", headers=ADMIN))["webhook_url"] == "https://hook.example"
    )
