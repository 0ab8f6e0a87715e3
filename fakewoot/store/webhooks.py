"""Account webhooks: the URLs Chatwoot POSTs an account's events to, filtered by `subscriptions`.

Source: app/models/webhook.rb (validations, ALLOWED_WEBHOOK_EVENTS), db/schema.rb (the default
subscriptions), app/models/concerns/webhook_secretable.rb (a per-webhook `secret`, upstream since
v4.11.2, PR #13573) (reference webhooks-bots.md 1.1).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store import ranges
from fakewoot.store import validation as v

if TYPE_CHECKING:
    from fakewoot.store.state import Store

ALLOWED_EVENTS = (
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
    "inbox_created",
    "inbox_updated",
    "conversation_typing_on",
    "conversation_typing_off",
)
# the webhooks.subscriptions column default (db/schema.rb)
DEFAULT_SUBSCRIPTIONS = (
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
)
# I18n errors.webhook.invalid
MSG_SUBSCRIPTIONS_INVALID = "{attr} Invalid events"
# URI::DEFAULT_PARSER.make_regexp(%w[http https]) is unanchored: any string holding an http(s) URI
# passes (RFC 2396 absoluteURI: scheme ":" then a hier_part or a non-empty opaque_part).
URL_RE = re.compile(r"(?i:https?):(?:/|[A-Za-z0-9\-_.!~*'();?:@&=+$,%])")
URL_LENGTH_LIMIT = 2048  # Limits::URL_LENGTH_LIMIT (agent bot outgoing_url, API channel webhook_url)
# ApplicationRecord#validates_column_content_length: text columns 20,000 characters, string ones 255
TEXT_LENGTH_LIMIT = 20_000


@dataclass(slots=True)
class Webhook:
    id: int
    account_id: int
    url: str
    subscriptions: list[str]
    secret: str
    created_at: float
    updated_at: float
    name: str | None = None
    inbox_id: int | None = None
    webhook_type: str = "account_type"


def valid_subscriptions(value: object) -> bool:
    """validate_webhook_subscriptions: an Array, not blank, only allowed event names."""
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(x, str) and x in ALLOWED_EVENTS for x in value)
    )


class Webhooks:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[Webhook]:
        return list(self._store.account(account_id).webhooks)

    def get(self, account_id: int, webhook_id: int | None) -> Webhook | None:
        account = self._store.state.accounts.get(account_id)
        return None if account is None or webhook_id is None else account.webhooks.get(webhook_id)

    def validate(
        self,
        account_id: int,
        url: object,
        subscriptions: object,
        webhook_id: int | None,
        name: object = None,
        inbox_id: int | None = None,
    ) -> None:
        """Rails' order: the column lengths (a before_validation callback, columns in schema order:
        url, name), url uniqueness, url format, then subscriptions; all errors in one 422. Last, an
        `inbox_id` the integer column cannot hold (Rails raises RangeError on save: a 500 upstream)."""
        errors = v.Errors()
        if isinstance(url, str) and len(url) > TEXT_LENGTH_LIMIT:
            errors.add("url", v.MSG_TOO_LONG, count=TEXT_LENGTH_LIMIT)
        if isinstance(name, str) and len(name) > v.NAME_MAX:
            errors.add("name", v.MSG_TOO_LONG, count=v.NAME_MAX)
        taken = any(
            w.url == url and w.id != webhook_id for w in self._store.account(account_id).webhooks.values()
        )
        if taken:
            errors.add("url", v.MSG_TAKEN)
        if not isinstance(url, str) or not URL_RE.search(url):
            errors.add("url", v.MSG_INVALID)
        if not valid_subscriptions(subscriptions):
            errors.add("subscriptions", MSG_SUBSCRIPTIONS_INVALID)
        ranges.check_int(errors, "inbox_id", inbox_id)
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        *,
        url: str,
        subscriptions: list[str] | None = None,
        name: str | None = None,
        inbox_id: int | None = None,
        secret: str | None = None,
        webhook_id: int | None = None,
        webhook_type: str = "account_type",
        created_at: float | None = None,
    ) -> Webhook:
        store = self._store
        account = store.account(account_id)
        wanted = list(DEFAULT_SUBSCRIPTIONS) if subscriptions is None else subscriptions
        self.validate(account_id, url, wanted, None, name, inbox_id)
        now = store.clock.now() if created_at is None else created_at
        webhook = Webhook(
            id=webhook_id if webhook_id is not None else account.webhooks.next_id(),
            account_id=account_id,
            url=url,
            subscriptions=list(wanted),
            secret=secret or store.secure_token(),
            created_at=now,
            updated_at=now,
            name=name,
            inbox_id=inbox_id,
            webhook_type=webhook_type,
        )
        account.webhooks.add(webhook)
        return webhook

    def update(self, webhook: Webhook, values: dict[str, Any]) -> Webhook:
        """Validates the whole would-be record first: a refused update changes nothing."""
        url = values.get("url", webhook.url)
        subscriptions = values.get("subscriptions", webhook.subscriptions)
        if "subscriptions" in values and subscriptions is None:
            subscriptions = webhook.subscriptions
        name = values.get("name", webhook.name)
        self.validate(webhook.account_id, url, subscriptions, webhook.id, name, values.get("inbox_id"))
        webhook.url = url
        webhook.subscriptions = list(subscriptions)
        if "name" in values:
            webhook.name = values["name"]
        if "inbox_id" in values:
            webhook.inbox_id = values["inbox_id"]
        webhook.updated_at = self._store.clock.now()
        return webhook

    def delete(self, webhook: Webhook) -> None:
        self._store.account(webhook.account_id).webhooks.remove(webhook.id)
