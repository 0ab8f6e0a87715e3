"""Contact inboxes: a contact's identity in one inbox (source_id), and the widget's pubsub token.

Source: app/models/contact_inbox.rb, app/builders/contact_inbox_builder.rb (reference contacts.md #40).
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fakewoot.errors import CouldNotCreate, Invalid, ParameterMissing
from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.contacts import Contact
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store


# Conversations#create answers ContactInboxBuilder's RecordNotUnique with this 422 {"error": ...}
# (conversations_controller.rb at v4.10); the contacts endpoints let it escape (a 500 upstream), and
# fakewoot answers them the same 422 (bad input never gets a 500).
MSG_SOURCE_ID_TAKEN = "source_id should be unique"
SOURCE_ID_LIMIT = 20_000  # ApplicationRecord#validates_column_content_length, a text column
MSG_SOURCE_ID_TOO_LONG = "Source is too long (maximum is 20000 characters)"  # `source_id` humanised
# ContactInboxBuilder#allowed_channels?: where a source_id another contact holds is renamed instead
RENAMABLE = ("Channel::Email", "Channel::Sms", "Channel::TwilioSms", "Channel::Whatsapp")


@dataclass(slots=True)
class ContactInbox:
    id: int
    account_id: int
    contact_id: int
    inbox_id: int
    source_id: str
    created_at: float
    updated_at: float
    hmac_verified: bool = False


class ContactInboxes:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_contact(self, account_id: int, contact_id: int) -> list[ContactInbox]:
        account = self._store.account(account_id)
        contact = account.contacts.get(contact_id)
        if contact is None:
            return []
        found = (account.contact_inboxes.get(record_id) for record_id in contact.contact_inbox_ids)
        return [record for record in found if record is not None]

    def random_uuid(self) -> str:
        """SecureRandom.uuid from the seeded generator (deterministic per seed)."""
        return self._store.state.tokens.uuid4()

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

    def pubsub_token(self, record: ContactInbox) -> str:
        """The widget's ActionCable token, derived from the fake's seed and the record id: stable
        across reset and restore, and costing no memory per contact inbox."""
        digest = hashlib.blake2b(f"{self._store.seed}:{record.id}".encode(), digest_size=18).digest()
        return base64.b64encode(digest, altchars=b"xy").decode()

    def widget_triggered(self, record: ContactInbox, event_info: dict[str, Any]) -> None:
        """The web widget opened by this contact (Chatwoot's webwidget.triggered, fired by the widget's
        events endpoint): no state changes, listeners are told."""
        self._store.publish("webwidget.triggered", contact_inbox=record, event_info=dict(event_info))

    def holder(self, account_id: int, inbox_id: int, source_id: str) -> ContactInbox | None:
        account = self._store.account(account_id)
        record_id = account.source_ids.get(inbox_id, {}).get(source_id)
        return None if record_id is None else account.contact_inboxes.get(record_id)

    def _index(self, account: Account, record: ContactInbox) -> None:
        account.source_ids.setdefault(record.inbox_id, {})[record.source_id] = record.id

    def _unindex(self, account: Account, record: ContactInbox) -> None:
        by_source = account.source_ids.get(record.inbox_id)
        if by_source is not None and by_source.get(record.source_id) == record.id:
            del by_source[record.source_id]

    def link(self, contact: Contact, inbox: Inbox) -> ContactInbox:
        """The contact's first contact inbox in `inbox`, made (with a default source id) if it has none."""
        for record in self.of_contact(contact.account_id, contact.id):
            if record.inbox_id == inbox.id:
                return record
        return self.find_or_create(contact, inbox, None)

    def check_source_id(self, contact: Contact, inbox: Inbox, source_id: str | None) -> None:
        """`source_id` is a text column (ApplicationRecord: at most 20,000 characters, else Invalid);
        ContactInboxBuilder's RecordNotUnique: `source_id` held by another contact of an inbox whose
        holder is not renamed (API, web widget) raises CouldNotCreate(MSG_SOURCE_ID_TAKEN)."""
        if source_id is not None and len(source_id) > SOURCE_ID_LIMIT:
            raise Invalid([("source_id", MSG_SOURCE_ID_TOO_LONG)])
        held = None if not source_id else self.holder(contact.account_id, inbox.id, source_id)
        if held is not None and held.contact_id != contact.id and inbox.channel_type not in RENAMABLE:
            raise CouldNotCreate(MSG_SOURCE_ID_TAKEN)

    def find_or_create(
        self, contact: Contact, inbox: Inbox, source_id: str | None, *, hmac_verified: bool = False
    ) -> ContactInbox:
        """Find-or-create on (contact, inbox, source_id); source_id defaults per channel. The
        `hmac_verified` flag is only written on create (`first_or_create!(hmac_verified: ...)`)."""
        store = self._store
        account = store.account(contact.account_id)
        source = source_id if source_id else self.default_source_id(contact, inbox)
        self.check_source_id(contact, inbox, source)
        existing = self.holder(account.id, inbox.id, source)
        if existing is not None and existing.contact_id == contact.id:
            return existing
        if existing is not None:
            # the old holder's source_id is renamed and the new one takes it (ContactInboxBuilder)
            self._unindex(account, existing)
            existing.source_id = self._renamed(account, inbox, source, existing.id)
            self._index(account, existing)
        now = store.clock.now()
        record = ContactInbox(
            id=account.contact_inboxes.next_id(),
            account_id=account.id,
            contact_id=contact.id,
            inbox_id=inbox.id,
            source_id=source,
            created_at=now,
            updated_at=now,
            hmac_verified=hmac_verified,
        )
        account.contact_inboxes.add(record)
        self._index(account, record)
        contact.contact_inbox_ids = (*contact.contact_inbox_ids, record.id)
        return record

    def _renamed(self, account: Account, inbox: Inbox, source: str, seed: int) -> str:
        """ContactInboxBuilder#new_source_id: `<rand(10)><source>` for e-mail inboxes,
        `whatsapp:<source><rand(100)>` for the phone channels; the "random" part is drawn from the
        record id (deterministic) and moved on past a source id the inbox already holds."""
        taken = account.source_ids.get(inbox.id, {})
        phone = inbox.channel_type != "Channel::Email"
        span = 100 if phone else 10
        for step in range(span):
            n = (seed + step) % span
            candidate = f"whatsapp:{source}{n}" if phone else f"{n}{source}"
            if candidate not in taken:
                return candidate
        return f"{source}-{seed}"

    def remove_contact(self, contact: Contact) -> None:
        account = self._store.account(contact.account_id)
        for record_id in contact.contact_inbox_ids:
            record = account.contact_inboxes.remove(record_id)
            if record is not None:
                self._unindex(account, record)
        contact.contact_inbox_ids = ()

    def remove_inbox(self, account_id: int, inbox_id: int) -> None:
        account = self._store.account(account_id)
        for record in [ci for ci in account.contact_inboxes if ci.inbox_id == inbox_id]:
            account.contact_inboxes.remove(record.id)
            contact = account.contacts.get(record.contact_id)
            if contact is not None:
                contact.contact_inbox_ids = tuple(i for i in contact.contact_inbox_ids if i != record.id)
        account.source_ids.pop(inbox_id, None)
