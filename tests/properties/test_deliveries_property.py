"""Property: every state change Chatwoot announces yields exactly one delivery per subscribed target.

The expected deliveries come from this test's own table of Chatwoot's listener rules
(app/listeners/webhook_listener.rb; reference webhooks-bots.md 2.1, 2.2, 2.5): domain event ->
webhook event, activities never sent, contact_updated only with changes; account webhooks filtered
by `subscriptions`, the API inbox's `webhook_url` unfiltered for inbox-scoped events. Deliveries are
held (never sent), so the journal shows exactly what was planned.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakewoot import FakeChatwoot
from fakewoot.events.bus import Event
from fakewoot.store.messages import ACTIVITY, INCOMING, OUTGOING
from fakewoot.store.webhooks import ALLOWED_EVENTS

INBOX_SCOPED = {
    "conversation.created": "conversation_created",
    "conversation.status_changed": "conversation_status_changed",
    "conversation.updated": "conversation_updated",
    "message.created": "message_created",
    "message.updated": "message_updated",
    "conversation.typing_on": "conversation_typing_on",
    "conversation.typing_off": "conversation_typing_off",
}
ACCOUNT_ONLY = {"contact.created": "contact_created", "contact.updated": "contact_updated"}


def expected_event(event: Event) -> tuple[str, bool] | None:
    """(webhook event, inbox scoped?) for a domain event, or None when Chatwoot sends nothing."""
    if event.name.startswith("message.") and event.data["message"].message_type == ACTIVITY:
        return None
    if event.name == "contact.updated" and not event.data.get("changed"):
        return None
    if event.name in INBOX_SCOPED:
        return INBOX_SCOPED[event.name], True
    if event.name in ACCOUNT_ONLY:
        return ACCOUNT_ONLY[event.name], False
    return None


OPS = st.one_of(
    st.tuples(
        st.just("message"), st.sampled_from([INCOMING, OUTGOING]), st.booleans(), st.sampled_from([1, 2])
    ),
    st.tuples(
        st.just("status"),
        st.sampled_from(["open", "resolved", "pending", "snoozed"]),
        st.sampled_from([1, 2]),
    ),
    st.tuples(st.just("priority"), st.sampled_from([None, "low", "urgent"]), st.sampled_from([1, 2])),
    st.tuples(st.just("assign"), st.sampled_from([None, 1, 2]), st.sampled_from([1, 2])),
    st.tuples(
        st.just("labels"), st.lists(st.sampled_from(["billing", "vip"]), max_size=2), st.sampled_from([1, 2])
    ),
    st.tuples(
        st.just("custom"), st.dictionaries(st.sampled_from(["plan", "tier"]), st.integers(0, 2)), st.just(1)
    ),
    st.tuples(st.just("contact"), st.sampled_from(["Alice", "Alicia"]), st.sampled_from([1, 2])),
    st.tuples(st.just("typing"), st.booleans(), st.just(1)),
    st.tuples(st.just("new_conversation"), st.sampled_from([1, 2]), st.just(1)),
)


def apply(fake: FakeChatwoot, op: tuple[Any, ...]) -> None:
    store = fake.store
    kind, value, target = op[0], op[1], op[-1]
    conversation = store.conversations.by_display_id(1, target)
    assert conversation is not None
    if kind == "message":
        incoming = value == INCOMING and conversation.inbox_id == 1  # incoming only in API inboxes
        store.messages.create(
            conversation,
            message_type=INCOMING if incoming else OUTGOING,
            content="hello",
            sender_type="Contact" if incoming else "User",
            sender_id=conversation.contact_id if incoming else 1,
            private=bool(op[2]) and not incoming,
            performer_id=None if incoming else 1,
        )
    elif kind == "status":
        store.conversations.set_status(conversation, value, snoozed_until=None, performer_id=1)
    elif kind == "priority":
        store.conversations.set_priority(conversation, value, performer_id=1)
    elif kind == "assign":
        store.conversations.assign(conversation, value, performer_id=1)
    elif kind == "labels":
        store.conversations.set_labels(conversation, value, performer_id=1)
    elif kind == "custom":
        store.conversations.update_attributes(conversation, custom=value, performer_id=1)
    elif kind == "contact":
        contact = store.contacts.get(1, target)
        assert contact is not None
        store.contacts.update(contact, {"name": value})
    elif kind == "typing":
        store.conversations.typing(conversation, bool(value), user_id=1, is_private=False)
    elif kind == "new_conversation":
        store.conversations.create(account_id=1, inbox_id=value, contact_id=1, performer_id=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subscriptions=st.lists(
        st.lists(st.sampled_from(ALLOWED_EVENTS), min_size=1, max_size=5, unique=True), min_size=1, max_size=3
    ),
    api_callback=st.booleans(),
    ops=st.lists(OPS, min_size=1, max_size=12),
)
def test_one_delivery_per_subscribed_target(
    session_fake: FakeChatwoot, subscriptions: list[list[str]], api_callback: bool, ops: list[tuple[Any, ...]]
) -> None:
    fake = session_fake
    fake.reset()
    fake.store.agent_bots.get(1).outgoing_url = None  # bots are another test's business
    fake.deliveries.hold()
    hooks = [
        fake.store.webhooks.create(1, url=f"http://127.0.0.1:9/{i}", subscriptions=subs)
        for i, subs in enumerate(subscriptions)
    ]
    if api_callback:
        fake.store.account(1).inboxes.get(1).channel["webhook_url"] = "http://127.0.0.1:9/api"
    seen: list[Event] = []
    unsubscribe = fake.bus.subscribe(seen.append)
    try:
        for op in ops:
            apply(fake, op)
    finally:
        unsubscribe()
    announced = [(found, event) for event in seen if (found := expected_event(event)) is not None]
    for hook in hooks:
        want = Counter(name for (name, _), _ in announced if name in hook.subscriptions)
        got = Counter(d.event for d in fake.deliveries.find(kind="account_webhook", target_id=hook.id))
        assert got == want, (hook.subscriptions, ops)
    api_want = Counter(
        name for (name, scoped), event in announced if api_callback and scoped and _inbox_of(fake, event) == 1
    )
    api_got = Counter(d.event for d in fake.deliveries.find(kind="api_inbox_webhook"))
    assert api_got == api_want, ops
    for delivery in fake.deliveries.journal:
        assert delivery.payload()["event"] == delivery.event
    fake.deliveries.drop_held()


def _inbox_of(fake: FakeChatwoot, event: Event) -> int:
    if "message" in event.data:
        return int(event.data["message"].inbox_id)
    return int(event.data["conversation"].inbox_id)
