"""Push subscriptions of users (app/models/notification_subscription.rb and
NotificationSubscriptionBuilder at v4.10): installation-wide, unique by `identifier` (a browser push's
`endpoint`, an FCM `device_id`); subscribing a known identifier from another user moves it to them.
fakewoot sends no pushes: the records are kept for the API and for tests to read."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

SUBSCRIPTION_TYPES = {"browser_push": 1, "fcm": 2}
IDENTIFIER_KEYS = {"browser_push": "endpoint", "fcm": "device_id"}


@dataclass(slots=True)
class NotificationSubscription:
    id: int
    user_id: int
    subscription_type: str
    created_at: float
    updated_at: float
    identifier: str | None
    subscription_attributes: dict[str, Any] = field(default_factory=dict)


def identifier_of(subscription_type: str | None, attributes: dict[str, Any]) -> str | None:
    key = IDENTIFIER_KEYS.get(subscription_type or "")
    value = None if key is None else attributes.get(key)
    return None if value is None else str(value)


class NotificationSubscriptions:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_user(self, user_id: int) -> list[NotificationSubscription]:
        return [s for s in self._store.state.notification_subscriptions.values() if s.user_id == user_id]

    def by_identifier(self, identifier: str | None) -> NotificationSubscription | None:
        if identifier is None:
            return None
        rows = self._store.state.notification_subscriptions.values()
        return next((s for s in rows if s.identifier == identifier), None)

    def subscribe(
        self, user_id: int, subscription_type: str | None, attributes: dict[str, Any]
    ) -> NotificationSubscription:
        """NotificationSubscriptionBuilder#perform: the identifier's record moves to the user and takes
        the new attributes (an invalid update is dropped silently, as `update` without a bang), or a
        new one is created (`create!`: 422 on a blank identifier or an unknown type)."""
        store = self._store
        identifier = identifier_of(subscription_type, attributes)
        found = self.by_identifier(identifier)
        now = store.clock.now()
        if found is not None:
            found.user_id = user_id
            if subscription_type in SUBSCRIPTION_TYPES:
                found.subscription_type = subscription_type
                found.subscription_attributes = attributes
            found.updated_at = now
            return found
        errors = Errors()
        if blank(identifier):
            errors.add("identifier", MSG_BLANK)
        if subscription_type not in SUBSCRIPTION_TYPES:
            errors.add("subscription_type", MSG_INCLUSION)
        errors.raise_if_any()
        assert subscription_type is not None
        table = store.state.notification_subscriptions
        record = NotificationSubscription(
            id=table.next_id(),
            user_id=user_id,
            subscription_type=subscription_type,
            created_at=now,
            updated_at=now,
            identifier=identifier,
            subscription_attributes=attributes,
        )
        return table.add(record)

    def unsubscribe(self, push_token: Any) -> None:
        """`where("subscription_attributes->>'push_token' = ?", token).first&.destroy!` (any user's)."""
        if push_token is None or isinstance(push_token, (dict, list)):
            return
        wanted = push_token if isinstance(push_token, str) else str(push_token)
        table = self._store.state.notification_subscriptions
        for record in table.values():
            token = record.subscription_attributes.get("push_token")
            if token is not None and (token if isinstance(token, str) else str(token)) == wanted:
                table.remove(record.id)
                return
