"""The outgoing side of one fake: a bus listener that plans Chatwoot's deliveries, the dispatcher
that sends them, the journal that records them, and what Chatwoot does when one finally fails.

FakeChatwoot owns one `Deliveries`; handlers never deliver. Every delivery carries the cause the
fake was serving when the event was published (`request:<id>`, `delivery:<id>`, or None for code
that changed the store directly).
"""

from __future__ import annotations

import random
import uuid
from typing import TYPE_CHECKING, Any

from fakewoot.deliveries import wire
from fakewoot.deliveries.dispatcher import Dispatcher
from fakewoot.deliveries.journal import Delivery, DeliveryJournal, matches
from fakewoot.events import types

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.events.bus import Event

# Trigger#handle_error: only message events change state on a failure
FAILURE_HANDLED_EVENTS = (wire.MESSAGE_CREATED, wire.MESSAGE_UPDATED)
INBOX_EVENTS = (types.INBOX_CREATED, types.INBOX_UPDATED)
# config/locales/en.yml conversations.activity.agent_bot.error_moved_to_open
MSG_BOT_ERROR_MOVED_TO_OPEN = "Conversation was marked open by system due to an error with the agent bot."
MSG_NO_DELIVERY = "no delivery matched within {timeout} s: {what}"


class DeliveryTimeout(AssertionError):
    """wait_for() saw no matching delivery in time (an AssertionError, so pytest shows it as one)."""


class Deliveries:
    def __init__(self, fake: FakeChatwoot) -> None:
        self._fake = fake
        self.journal = DeliveryJournal()
        self.dispatcher = Dispatcher(
            self.journal,
            clock=lambda: fake.clock,
            timeout=lambda: fake.settings.webhook_timeout,
            on_failure=self._failed,
            use_process=lambda: fake.settings.delivery_process,
        )
        self._seed = f"{fake.settings.seed}-deliveries"
        self._rng = random.Random(self._seed)

    # --- the bus listener -----------------------------------------------------------------------

    def __call__(self, event: Event) -> None:
        fake = self._fake
        if event.name in INBOX_EVENTS and not fake.settings.enable_inbox_events:
            return  # Inbox#dispatch_*_event return early unless ENABLE_INBOX_EVENTS is set
        # routing and the webhook_data serializers load with the first event, not at start-up
        from fakewoot.deliveries.routing import plan

        planned = plan(fake.store, event)
        if not planned:
            return
        cause = fake.cause.get()
        now = fake.clock.now()
        self.dispatcher.submit(
            *(
                Delivery(
                    id=self.journal.next_id(),
                    delivery_id=self._uuid(),
                    event=item.event,
                    kind=target.kind,
                    target_id=target.target_id,
                    account_id=target.account_id,
                    url=target.url,
                    body=item.body,
                    secret=target.secret,
                    created_at=now,
                    cause=cause,
                    message_id=item.message_id,
                )
                for item in planned
                for target in item.targets
            )
        )

    def _uuid(self) -> str:
        """SecureRandom.uuid, from a seeded generator (same calls, same ids)."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    # --- Chatwoot's failure rules (Webhooks::Trigger#handle_error) --------------------------------

    def _failed(self, delivery: Delivery) -> None:
        if delivery.event not in FAILURE_HANDLED_EVENTS or delivery.message_id is None:
            return
        if delivery.kind == wire.API_INBOX_WEBHOOK:
            self._fake.call_in_owner(lambda: self._mark_failed(delivery), f"delivery:{delivery.id}")
        elif delivery.kind == wire.AGENT_BOT_WEBHOOK:
            self._fake.call_in_owner(lambda: self._bot_failed(delivery), f"delivery:{delivery.id}")

    def _message(self, delivery: Delivery) -> Any:
        store = self._fake.store
        account = store.state.accounts.get(delivery.account_id or 0)
        return None if account is None else account.messages.get(delivery.message_id or 0)

    def _mark_failed(self, delivery: Delivery) -> None:
        """Messages::StatusUpdateService(message, 'failed', error): status and external_error."""
        message = self._message(delivery)
        if message is not None:
            self._fake.store.messages.update_status(message, "failed", delivery.error)

    def _bot_failed(self, delivery: Delivery) -> None:
        """A pending conversation is opened, with the activity message saying why."""
        message = self._message(delivery)
        if message is None:
            return
        store = self._fake.store
        conversation = store.account(message.account_id).conversations.get(message.conversation_id)
        if conversation is not None and conversation.status == "pending":
            store.conversations.set_status(conversation, "open", activity=MSG_BOT_ERROR_MOVED_TO_OPEN)

    # --- reading and waiting ------------------------------------------------------------------

    def find(
        self, event: str | None = None, data: dict[str, Any] | None = None, **where: Any
    ) -> list[Delivery]:
        return self.journal.find(event, data, **where)

    def wait_for(
        self,
        event: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        count: int = 1,
        done: bool = True,
        **where: Any,
    ) -> Delivery:
        """The `count`-th delivery matching `event`, payload `data` (dotted paths) and attributes
        (kind, url, target_id, state, ...); with `done`, once it has been answered or has failed."""

        def found() -> Delivery | None:
            hits = [d for d in self.journal if matches(d, event, data, **where) and (d.done or not done)]
            return hits[count - 1] if len(hits) >= count else None

        hit = self.journal.wait(found, timeout)
        if hit is None:
            what = {"event": event, "data": data, **where}
            raise DeliveryTimeout(MSG_NO_DELIVERY.format(timeout=timeout, what=what))
        result: Delivery = hit
        return result

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is queued or being sent (held deliveries do not count)."""
        return bool(
            self.journal.wait(lambda: all(d.done or d.state == "held" for d in self.journal), timeout)
        )

    # --- scripting ------------------------------------------------------------------------------

    def send(
        self,
        url: str,
        payload: Any,
        *,
        secret: str | None = None,
        event: str | None = None,
        delivery_id: str | None = None,
    ) -> Delivery:
        """A hand-made delivery, encoded and signed as Chatwoot would sign it."""
        name = event or (payload.get("event") if isinstance(payload, dict) else None) or "manual"
        delivery = Delivery(
            id=self.journal.next_id(),
            delivery_id=delivery_id or self._uuid(),
            event=str(name),
            kind=wire.MANUAL,
            target_id=None,
            account_id=None,
            url=url,
            body=wire.encode(payload),
            secret=secret,
            created_at=self._fake.clock.now(),
            cause=self._fake.cause.get(),
        )
        self.dispatcher.submit(delivery)
        return delivery

    def resend(self, delivery_id: int, *, new_delivery_id: bool = False) -> Delivery | None:
        found = self.journal.get(delivery_id)
        if found is None:
            return None
        return self.dispatcher.resend(found, self._uuid() if new_delivery_id else None)

    def hold(self) -> None:
        self.dispatcher.hold = True

    def release(self, reverse: bool = False, order: list[int] | None = None) -> int:
        return self.dispatcher.release(reverse=reverse, order=order)

    def drop_held(self) -> int:
        return self.dispatcher.drop_held()

    def reset(self) -> None:
        self.dispatcher.reset()
        self.journal.clear()
        self._rng = random.Random(self._seed)

    def close(self) -> None:
        self.dispatcher.stop()
