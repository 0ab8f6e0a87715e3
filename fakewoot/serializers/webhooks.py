"""Account webhook shape: app/views/api/v1/accounts/webhooks/_webhook.json.jbuilder, newest upstream
(with `secret`; reference webhooks-bots.md 1.2): id, name, url, account_id, subscriptions, secret, and
`inbox: {id, name}` when the webhook's inbox exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.state import Store
    from fakewoot.store.webhooks import Webhook


def webhook_json(store: Store, webhook: Webhook) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": webhook.id,
        "name": webhook.name,
        "url": webhook.url,
        "account_id": webhook.account_id,
        "subscriptions": webhook.subscriptions,
        "secret": webhook.secret,
    }
    # `belongs_to :inbox, optional: true` is not scoped to the account: whatever inbox has that id
    inbox = store.inboxes.find(webhook.inbox_id)
    if inbox is not None:
        body["inbox"] = {"id": inbox.id, "name": inbox.name}
    return body
