"""Contact inboxes: a contact's identity in one inbox (source_id), and the widget's pubsub token.

Source: app/models/contact_inbox.rb, app/builders/contact_inbox_builder.rb (reference contacts.md #40).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fakewoot.errors import ParameterMissing

if TYPE_CHECKING:
    from fakewoot.store.contacts import Contact
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store


@dataclass(slots=True)
class ContactInbox:
    id: int
    account_id: int
    contact_id: int
    inbox_id: int
    source_id: str
    pubsub_token: str
    created_at: float
    updated_at: float
    hmac_verified: bool = False


class ContactInboxes:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_contact(self, account_id: int, contact_id: int) -> list[ContactInbox]:
        return [ci for ci in self._store.account(account_id).contact_inboxes if ci.contact_id == contact_id]

    def random_uuid(self) -> str:
        """SecureRandom.uuid from the seeded generator (deterministic per seed)."""
        return str(uuid.UUID(self._store.state.tokens.hex(32), version=4))

    def default_source_id(self, contact: Contact, inbox: Inbox) -> str:
        """ContactInboxBuilder#generate_source_id; a missing email/phone is ParameterMissing."""
        kind = inbox.channel_type
        if kind == "Channel::Email":
            if not contact.email:
                raise ParameterMissing("contact email")
            return contact.email
        if kind in ("Channel::Sms", "Channel::TwilioSms", "Channel::Whatsapp"):
            if not contact.phone_number:
                raise ParameterMissing("contact phone number")
            return contact.phone_number.lstrip("+") if kind == "Channel::Whatsapp" else contact.phone_number
        return self.random_uuid()

    def find_or_create(self, contact: Contact, inbox: Inbox, source_id: str | None) -> ContactInbox:
        """Find-or-create on (contact, inbox, source_id); source_id defaults per channel."""
        store = self._store
        account = store.account(contact.account_id)
        source = source_id if source_id else self.default_source_id(contact, inbox)
        existing_id = account.source_ids.get((inbox.id, source))
        if existing_id is not None:
            existing = account.contact_inboxes.get(existing_id)
            if existing is not None and existing.contact_id == contact.id:
                return existing
            if existing is not None and inbox.channel_type in (
                "Channel::Email",
                "Channel::Sms",
                "Channel::Whatsapp",
            ):
                # the old holder's source_id is renamed and the new one takes it (ContactInboxBuilder)
                del account.source_ids[(inbox.id, source)]
                existing.source_id = f"{source}-{existing.id}"
                account.source_ids[(inbox.id, existing.source_id)] = existing.id
        now = store.clock.now()
        record = ContactInbox(
            id=account.contact_inboxes.next_id(),
            account_id=account.id,
            contact_id=contact.id,
            inbox_id=inbox.id,
            source_id=source,
            pubsub_token=store.state.tokens.alnum(24),
            created_at=now,
            updated_at=now,
        )
        account.contact_inboxes.add(record)
        account.source_ids[(inbox.id, source)] = record.id
        return record

    def source_taken(self, account_id: int, inbox_id: int, source_id: str, contact_id: int) -> bool:
        account = self._store.account(account_id)
        holder = account.source_ids.get((inbox_id, source_id))
        if holder is None:
            return False
        record = account.contact_inboxes.get(holder)
        return record is not None and record.contact_id != contact_id

    def remove_contact(self, account_id: int, contact_id: int) -> None:
        account = self._store.account(account_id)
        for record in self.of_contact(account_id, contact_id):
            account.contact_inboxes.remove(record.id)
            account.source_ids.pop((record.inbox_id, record.source_id), None)
