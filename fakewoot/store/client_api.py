"""The Client API's domain verbs (/public/api/v1/inboxes/:inbox_identifier/...): an API inbox found by
its channel identifier, a customer's contact inbox by its source id, identity validation (HMAC), the
contact + contact inbox builder, the contact identify action, the customer's view of conversations.

Source at v4.10: app/controllers/public/api/v1/inboxes_controller.rb and inboxes/*,
app/builders/contact_inbox_with_contact_builder.rb, app/actions/contact_identify_action.rb,
app/builders/conversation_builder.rb, app/jobs/conversations/update_message_status_job.rb.
Everything that changes state goes through the store's own verbs (contacts, contact inboxes,
conversations, messages), so every side effect and event is theirs.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from fakewoot.errors import Invalid
from fakewoot.store.contact_inboxes import MSG_SOURCE_ID_TOO_LONG, SOURCE_ID_LIMIT
from fakewoot.store.contacts import _deep_merge, normalise
from fakewoot.store.messages import INCOMING
from fakewoot.store.validation import MSG_TAKEN, human, present

if TYPE_CHECKING:
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store

# conversations.activity.status.contact_resolved (config/locales/en.yml): Current.contact resolving
ACTIVITY_CONTACT_RESOLVED = "Conversation was resolved by {contact_name}"
# Haikunator.haikunate(1000): "<adjective>-<noun>-<0..999>" names a contact created without one.
# The shape is the gem's; these word lists are fakewoot's own.
ADJECTIVES = (
    "amber", "billowing", "bold", "brisk", "calm", "crimson", "dawn", "distant", "dry", "falling",
    "frosty", "gentle", "hidden", "lingering", "misty", "morning", "quiet", "rough", "silent",
    "snowy", "still", "summer", "twilight", "wandering",
)  # fmt: skip
NOUNS = (
    "bird", "breeze", "brook", "cloud", "dawn", "dew", "field", "firefly", "forest", "frost",
    "glade", "harbor", "hill", "lake", "leaf", "meadow", "moon", "pine", "river", "shadow",
    "smoke", "sun", "thunder", "wave",
)  # fmt: skip
TOKEN_RANGE = 1000


class ClientApi:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- lookups (the controllers' find_by! before_actions) -----------------------------------------

    def inbox(self, identifier: str) -> Inbox | None:
        """Channel::Api.find_by(identifier:)&.inbox: API inboxes only, across the installation."""
        for account in self._store.state.accounts.values():
            for inbox in account.inboxes:
                if inbox.channel_type == "Channel::Api" and inbox.channel.get("identifier") == identifier:
                    return inbox
        return None

    def contact_inbox(self, inbox: Inbox, source_id: str) -> ContactInbox | None:
        """inbox.contact_inboxes.find_by(source_id:)."""
        return self._store.contact_inboxes.holder(inbox.account_id, inbox.id, source_id)

    def contact_of(self, record: ContactInbox) -> Contact | None:
        return self._store.account(record.account_id).contacts.get(record.contact_id)

    def conversations(self, record: ContactInbox, *, whole_contact: bool) -> list[Conversation]:
        """The contact inbox's conversations, or (`whole_contact`, an hmac-verified contact inbox, and
        the messages endpoints always) every conversation of its contact; in id order."""
        rows = self._store.account(record.account_id).conversations.values()
        if whole_contact:
            found = [c for c in rows if c.contact_id == record.contact_id]
        else:
            found = [c for c in rows if c.contact_inbox_id == record.id]
        return sorted(found, key=lambda c: c.id)

    def conversation(
        self, record: ContactInbox, display_id: int | None, *, whole_contact: bool
    ) -> Conversation | None:
        for conversation in self.conversations(record, whole_contact=whole_contact):
            if conversation.display_id == display_id:
                return conversation
        return None

    # --- identity validation ------------------------------------------------------------------------

    @staticmethod
    def identifier_hash(inbox: Inbox, identifier: str) -> str:
        """OpenSSL::HMAC.hexdigest('sha256', channel.hmac_token, identifier)."""
        key = str(inbox.channel.get("hmac_token") or "").encode()
        return hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()

    def hmac_needed(self, inbox: Inbox, identifier_hash: Any) -> bool:
        """process_hmac runs unless no identifier_hash was sent and the inbox does not make it mandatory."""
        return present(identifier_hash) or bool(inbox.channel.get("hmac_mandatory"))

    def valid_hmac(self, inbox: Inbox, identifier: str, identifier_hash: Any) -> bool:
        return isinstance(identifier_hash, str) and hmac.compare_digest(
            identifier_hash.encode(), self.identifier_hash(inbox, identifier).encode()
        )

    def verify(self, record: ContactInbox) -> None:
        """`@contact_inbox.update(hmac_verified: true)`: the row only, no event."""
        if not record.hmac_verified:
            record.hmac_verified = True
            record.updated_at = self._store.clock.now()

    # --- ContactInboxWithContactBuilder -------------------------------------------------------------

    def haikunate(self) -> str:
        tokens = self._store.state.tokens
        adjective = ADJECTIVES[tokens.randbelow(len(ADJECTIVES))]
        noun = NOUNS[tokens.randbelow(len(NOUNS))]
        return f"{adjective}-{noun}-{tokens.randbelow(TOKEN_RANGE)}"

    def find_contact(self, account_id: int, attributes: dict[str, Any]) -> Contact | None:
        """find_contact: by identifier, then e-mail (case-insensitive), then phone number."""
        account = self._store.account(account_id)
        found: int | None = None
        identifier, email, phone = (
            str(attributes.get(k) or "") for k in ("identifier", "email", "phone_number")
        )
        if present(identifier):
            found = account.contact_identifiers.get(identifier)
        if found is None and present(email):
            found = account.contact_emails.get(email.strip().lower())
        if found is None and present(phone):
            found = account.contact_phones.get(phone)
        return None if found is None else account.contacts.get(found)

    def create_contact_inbox(self, inbox: Inbox, source_id: str, attributes: dict[str, Any]) -> ContactInbox:
        """The contact inbox holding `source_id` in the inbox if there is one (nothing changes);
        else an existing contact (identifier, e-mail, phone number) or a new one (named by Haikunator
        when no name is given) and a new contact inbox, in one transaction: a refused source id
        leaves no contact behind. Not hmac_verified: the builder is not told."""
        existing = self.contact_inbox(inbox, source_id) if present(source_id) else None
        if existing is not None:
            return existing
        if len(source_id) > SOURCE_ID_LIMIT:
            raise Invalid([("source_id", MSG_SOURCE_ID_TOO_LONG)])
        store = self._store
        contact = self.find_contact(inbox.account_id, attributes)
        if contact is None:
            values = {
                key: attributes.get(key)
                for key in ("name", "phone_number", "email", "identifier", "custom_attributes")
            }
            if values["name"] is None:
                values["name"] = self.haikunate()
            contact = store.contacts.create(inbox.account_id, values)
        return store.contact_inboxes.find_or_create(contact, inbox, source_id)

    # --- ContactIdentifyAction (identifier never given by the Client API's update) -----------------

    def identify(self, contact: Contact, params: dict[str, Any]) -> Contact:
        """Merge into the contact holding the e-mail, then into the one holding the phone number
        (unless it holds another e-mail than the one sent: then the phone number is not written);
        then the present name, e-mail and phone number and the deep-merged custom attributes are
        saved. One transaction upstream: the values are checked before any merge, so a 422 leaves
        everything as it was (after the merges the e-mail and phone number can only be the target's
        own, so uniqueness cannot fail). A save that changes nothing publishes nothing."""
        store = self._store
        account = store.account(contact.account_id)
        keys = ["name", "email", "phone_number"]
        merges: list[Contact] = []
        target = contact
        email, phone = params.get("email"), params.get("phone_number")
        if present(email) and isinstance(email, str):
            holder = account.contacts.get(account.contact_emails.get(email.strip().lower(), 0))
            if holder is not None:
                merges.append(target := holder)
        if present(phone):
            holder = account.contacts.get(account.contact_phones.get(str(phone), 0))
            if holder is not None and present(email) and present(holder.email) and holder.email != email:
                keys.remove("phone_number")
            elif holder is not None:
                merges.append(target := holder)
        values: dict[str, Any] = normalise({key: params[key] for key in keys if present(params.get(key))})
        candidate = {key: getattr(target, key) for key in ("name", "email", "phone_number", "identifier")}
        try:
            store.contacts.validate(account, {**candidate, **values}, target.id)
        except Invalid as error:
            taken = {MSG_TAKEN.format(attr=human(attr)) for attr in ("email", "phone_number")}
            kept = [(attr, text) for attr, text in error.pairs if text not in taken]
            if kept:
                raise Invalid(kept) from error
        for holder in merges:
            contact = store.contacts.merge(holder, contact)
        custom = params.get("custom_attributes")
        if isinstance(custom, dict) and custom:
            values["custom_attributes"] = _deep_merge(dict(contact.custom_attributes), custom)
        if any(getattr(contact, key) != value for key, value in values.items()):
            store.contacts.update(contact, values)
        return contact

    # --- conversations ------------------------------------------------------------------------------

    def start_conversation(self, record: ContactInbox, custom_attributes: dict[str, Any]) -> Conversation:
        """ConversationBuilder: with lock_to_single_conversation the contact inbox's last conversation
        (if any), else a new one (its status by determine_conversation_status)."""
        store = self._store
        account = store.account(record.account_id)
        inbox = account.inboxes.get(record.inbox_id)
        if inbox is not None and inbox.settings.get("lock_to_single_conversation"):
            mine = self.conversations(record, whole_contact=False)
            if mine:
                return mine[-1]
        contact = account.contacts.get(record.contact_id)
        status = (
            "open"
            if contact is None
            else store.conversations.initial_status(account.id, record.inbox_id, contact, None)
        )
        return store.conversations.create(
            account_id=account.id,
            inbox_id=record.inbox_id,
            contact_id=record.contact_id,
            contact_inbox_id=record.id,
            status=status,
            custom_attributes=custom_attributes,
        )

    def resolve(self, conversation: Conversation, contact: Contact | None) -> None:
        """toggle_status: resolved with Current.contact, whose name (capitalised) the activity gives."""
        if conversation.status == "resolved":
            return
        name = "" if contact is None else _capitalize(contact.name)
        self._store.conversations.set_status(
            conversation, "resolved", activity=ACTIVITY_CONTACT_RESOLVED.format(contact_name=name)
        )

    def typing(self, conversation: Conversation, contact_id: int, on: bool) -> None:
        """dispatch(CONVERSATION_TYPING_ON/OFF, conversation:, user: contact): a contact typing."""
        self._store.conversations.typing(
            conversation, on, user_id=None, is_private=False, contact_id=contact_id
        )

    def seen(self, conversation: Conversation) -> None:
        """update_last_seen: contact_last_seen_at saved (conversation.read), then
        UpdateMessageStatusJob: every non-incoming message still sent or delivered and created by
        then becomes read (Messages::StatusUpdateService, message.updated each)."""
        store = self._store
        store.conversations.mark_contact_seen(conversation)
        seen_at = conversation.contact_last_seen_at or 0.0
        for message in store.messages.of(conversation):
            waiting = message.status in ("sent", "delivered") and message.message_type != INCOMING
            if waiting and message.created_at <= seen_at:
                store.messages.update_status(message, "read", None)


def _capitalize(name: str) -> str:
    """Ruby's String#capitalize: the first character up, the rest down."""
    return name[:1].upper() + name[1:].lower()
