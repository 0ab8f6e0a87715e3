"""Contacts: validation, create/update/delete, labels, listing, sorting and search.

Source: app/models/contact.rb, app/controllers/api/v1/accounts/contacts_controller.rb
(reference contacts.md sections 1.7, 1.8, 3, 4). The filter lives in contact_filters.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store import validation as v
from fakewoot.store.sql import like_search

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.state import Store

# E.164 as Contact validates it at v4.10: `/\+[1-9]\d{1,14}\z/`, anchored at the end only, so
# "abc+123456" passes (searched, not matched). re.ASCII: Ruby's \d is ASCII-only.
PHONE_RE = re.compile(r"\+[1-9]\d{1,14}\Z", re.ASCII)
MSG_EMAIL_INVALID = "Email Invalid email"
MSG_PHONE_E164 = "Phone number should be in e164 format"
STRING_LIMIT = 255
RUBY_STRIP = " \t\n\v\f\r\x00"
FIELDS = ("name", "email", "phone_number", "identifier", "blocked", "avatar_url")


class FrozenDict(dict[str, Any]):
    """The one shared empty attributes object (100,000 contacts need not carry 100,000 empty dicts).
    Contacts never change their attribute dicts in place: every change assigns a new dict."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a contact's attribute dict is replaced, never changed in place")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _refuse

    def __reduce__(self) -> Any:
        return (_empty, ())


def _empty() -> FrozenDict:
    return EMPTY


EMPTY = FrozenDict()


@dataclass(slots=True)
class Contact:
    id: int
    account_id: int
    created_at: float
    updated_at: float
    name: str = ""
    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    blocked: bool = False
    avatar_url: str = ""
    additional_attributes: dict[str, Any] = field(default_factory=lambda: EMPTY)
    custom_attributes: dict[str, Any] = field(default_factory=lambda: EMPTY)
    last_activity_at: float | None = None
    labels: tuple[str, ...] = ()
    contact_inbox_ids: tuple[int, ...] = ()  # an index: this contact's contact inboxes, oldest first
    contact_type: str = "visitor"  # visitor, lead, customer (not on the wire; crm_v2 lists leads)

    @property
    def resolved(self) -> bool:
        """Contact.resolved_contacts without crm_v2: an email, a phone number or an identifier."""
        return bool(self.email or self.phone_number or self.identifier)


CRM_V2 = "crm_v2"  # the account feature under which resolved contacts are the leads


def resolved_test(features: Iterable[str]) -> Callable[[Contact], bool]:
    """Contact.resolved_contacts(use_crm_v2: account.feature_enabled?('crm_v2'))."""
    if CRM_V2 in features:
        return lambda c: c.contact_type == "lead"
    return lambda c: bool(c.email or c.phone_number or c.identifier)


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """before_validation: email lower-cased, blank email nil."""
    out = dict(values)
    if "email" in out:
        email = out["email"]
        out["email"] = email.strip().lower() if isinstance(email, str) and email.strip() else None
    return out


class Contacts:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, account_id: int, contact_id: int | None) -> Contact | None:
        account = self._store.state.accounts.get(account_id)
        return None if account is None or contact_id is None else account.contacts.get(contact_id)

    # --- validation -----------------------------------------------------------------------------

    def validate(self, account: Account, values: dict[str, Any], contact_id: int | None = None) -> None:
        """Rails' full messages, in the model's order; raises errors.Invalid."""
        errors = v.Errors()
        for attr in ("name", "email", "phone_number", "identifier"):
            value = values.get(attr)
            if isinstance(value, str) and len(value) > STRING_LIMIT:
                errors.add(attr, v.MSG_TOO_LONG, count=STRING_LIMIT)
        email = values.get("email")
        if email is not None:
            if not v.EMAIL_RE.match(email):
                errors.pairs.append(("email", MSG_EMAIL_INVALID))
            if account.contact_emails.get(email, contact_id) != contact_id:
                errors.add("email", v.MSG_TAKEN)
        phone = values.get("phone_number")
        if phone:
            if not PHONE_RE.search(phone):
                errors.pairs.append(("phone_number", MSG_PHONE_E164))
            if account.contact_phones.get(phone, contact_id) != contact_id:
                errors.add("phone_number", v.MSG_TAKEN)
        identifier = values.get("identifier")
        if identifier is not None and account.contact_identifiers.get(identifier, contact_id) != contact_id:
            errors.add("identifier", v.MSG_TAKEN)
        errors.raise_if_any()

    # --- writes ---------------------------------------------------------------------------------

    def create(
        self,
        account_id: int,
        values: dict[str, Any],
        *,
        created_at: float | None = None,
        contact_id: int | None = None,
        performer_id: int | None = None,
    ) -> Contact:
        store = self._store
        account = store.account(account_id)
        values = normalise(values)
        self.validate(account, values)
        now = store.clock.now() if created_at is None else created_at
        contact = Contact(
            id=contact_id if contact_id is not None else account.contacts.next_id(),
            account_id=account_id,
            created_at=now,
            updated_at=now,
        )
        self._assign(account, contact, values)
        account.contacts.add(contact)
        store.publish("contact.created", contact=contact, performer_id=performer_id)
        return contact

    def update(self, contact: Contact, values: dict[str, Any], *, performer_id: int | None = None) -> Contact:
        """Columns overwritten; custom and additional attributes shallow-merged."""
        store = self._store
        account = store.account(contact.account_id)
        values = normalise(values)
        candidate = {
            key: values[key] if key in values else getattr(contact, key)
            for key in ("name", "email", "phone_number", "identifier")
        }
        self.validate(account, candidate, contact.id)
        before = self._changes_snapshot(contact)
        previous = contact.updated_at
        for key in ("custom_attributes", "additional_attributes"):
            if isinstance(values.get(key), dict):
                values[key] = {**getattr(contact, key), **values[key]}
        self._assign(account, contact, values)
        contact.updated_at = store.clock.now()
        store.publish(
            "contact.updated",
            contact=contact,
            changed=self._diff(before, contact, previous),
            performer_id=performer_id,
        )
        return contact

    def touch(self, contact: Contact, *, performer_id: int | None = None) -> None:
        """A save that changed no column still fires contact.updated (labels do this)."""
        contact.updated_at = self._store.clock.now()
        self._store.publish("contact.updated", contact=contact, changed={}, performer_id=performer_id)

    def delete(self, contact: Contact, *, performer_id: int | None = None) -> None:
        store = self._store
        account = store.account(contact.account_id)
        self._unindex(account, contact)
        account.contacts.remove(contact.id)
        store.contact_inboxes.remove_contact(contact)
        store.conversations.remove_contact(account.id, contact.id)
        for note in [n for n in account.notes if n.contact_id == contact.id]:
            account.notes.remove(note.id)
        store.publish("contact.deleted", contact=contact, performer_id=performer_id)

    def merge(self, base: Contact, mergee: Contact, *, performer_id: int | None = None) -> Contact:
        """ContactMergeAction: the mergee's conversations, messages, contact inboxes and notes move to
        the base contact, the mergee is deleted, and the base takes the mergee's identifier, name,
        email, phone number and attributes wherever its own are blank (`compact_blank`, then the
        mergee's deep-merged under the base's). The same contact twice changes nothing."""
        if base.id == mergee.id:
            return base
        store = self._store
        account = store.account(base.account_id)
        # dispatched inside the transaction, so ahead of every after_commit event below
        store.publish("contact.merged", contact=base, performer_id=performer_id)
        for conversation in store.conversations.of_contact(account.id, mergee.id):
            conversation.contact_id = base.id
            store.publish(
                "conversation.contact_changed", conversation=conversation, performer_id=performer_id
            )
        for message in account.messages.values():
            if message.sender_type == "Contact" and message.sender_id == mergee.id:
                message.sender_id = base.id
        for record_id in mergee.contact_inbox_ids:
            record = account.contact_inboxes.get(record_id)
            if record is not None:
                record.contact_id = base.id
        base.contact_inbox_ids = tuple(sorted({*base.contact_inbox_ids, *mergee.contact_inbox_ids}))
        mergee.contact_inbox_ids = ()
        for note in account.notes.values():
            if note.contact_id == mergee.id:
                note.contact_id = base.id
        merged = _deep_merge(_mergeable(mergee), _mergeable(base))
        self.delete(mergee, performer_id=performer_id)
        return self.update(base, merged, performer_id=performer_id)

    def set_labels(
        self, contact: Contact, labels: Iterable[str], *, performer_id: int | None = None
    ) -> list[str]:
        """Labelable#update_labels: the whole list is replaced (stripped, duplicates dropped)."""
        cleaned: list[str] = []
        for label in labels:
            name = label.strip()
            if name and name not in cleaned:
                cleaned.append(name)
        contact.labels = tuple(cleaned)
        self.touch(contact, performer_id=performer_id)
        return cleaned

    def remove_custom_attributes(
        self, contact: Contact, keys: Iterable[str], *, performer_id: int | None = None
    ) -> None:
        before = self._changes_snapshot(contact)
        previous = contact.updated_at
        contact.custom_attributes = {
            k: val for k, val in contact.custom_attributes.items() if k not in set(keys)
        }
        contact.updated_at = self._store.clock.now()
        self._store.publish(
            "contact.updated",
            contact=contact,
            changed=self._diff(before, contact, previous),
            performer_id=performer_id,
        )

    def _assign(self, account: Account, contact: Contact, values: dict[str, Any]) -> None:
        self._unindex(account, contact)
        for key in (*FIELDS, "custom_attributes", "additional_attributes"):
            if key in values:
                value = values[key]
                if key in ("custom_attributes", "additional_attributes"):
                    value = dict(value) if isinstance(value, dict) and value else EMPTY
                elif key == "name":
                    value = value or ""
                elif key == "avatar_url":
                    continue  # Avatar::AvatarFromUrlJob fetches it later; the fake has no network
                setattr(contact, key, value)
        if isinstance(values.get("avatar"), str):
            contact.avatar_url = values["avatar"]  # an uploaded avatar, attached at once
        self._sync_contact_type(contact)
        self._index(account, contact)

    @staticmethod
    def _sync_contact_type(contact: Contact) -> None:
        """Contacts::SyncAttributes#set_contact_type (before_save): a visitor with an email, a phone
        number or a present `social_*` additional attribute becomes a lead; never back."""
        if contact.contact_type != "visitor":
            return
        social = any(
            key.startswith("social_") and v.present(value)
            for key, value in contact.additional_attributes.items()
        )
        if contact.email or contact.phone_number or social:
            contact.contact_type = "lead"

    @staticmethod
    def _index(account: Account, contact: Contact) -> None:
        if contact.email:
            account.contact_emails[contact.email] = contact.id
        if contact.phone_number:
            account.contact_phones[contact.phone_number] = contact.id
        if contact.identifier is not None:
            account.contact_identifiers[contact.identifier] = contact.id

    @staticmethod
    def _unindex(account: Account, contact: Contact) -> None:
        for index, key in (
            (account.contact_emails, contact.email),
            (account.contact_phones, contact.phone_number),
            (account.contact_identifiers, contact.identifier),
        ):
            if key is not None and index.get(key) == contact.id:
                del index[key]

    @staticmethod
    def _changes_snapshot(contact: Contact) -> dict[str, Any]:
        keys = (*FIELDS, "custom_attributes", "additional_attributes", "last_activity_at")
        return {key: getattr(contact, key) for key in keys}

    def _diff(self, before: dict[str, Any], contact: Contact, previous_updated_at: float) -> dict[str, Any]:
        """previous_changes: the changed columns, then updated_at when anything changed."""
        after = self._changes_snapshot(contact)
        changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
        if changed:
            changed["updated_at"] = (previous_updated_at, contact.updated_at)
        return changed

    def touch_activity(self, contact: Contact, at: float) -> None:
        """Message#update_contact_activity: an incoming message sets the sender's last_activity_at."""
        before = self._changes_snapshot(contact)
        previous = contact.updated_at
        contact.last_activity_at = at
        contact.updated_at = self._store.clock.now()
        self._store.publish("contact.updated", contact=contact, changed=self._diff(before, contact, previous))

    # --- reads ----------------------------------------------------------------------------------

    def resolved_test(self, account_id: int) -> Callable[[Contact], bool]:
        return resolved_test(self._store.account(account_id).features)

    def resolved(self, account_id: int) -> list[Contact]:
        rows = self._store.account(account_id).contacts.values()
        test = self.resolved_test(account_id)
        return [c for c in rows if test(c)]

    def all(self, account_id: int) -> list[Contact]:
        return list(self._store.account(account_id).contacts)

    def active(self, account_id: int) -> list[Contact]:
        online = self._store.presence.online_contacts(account_id)
        account = self._store.account(account_id)
        return [c for c in account.contacts.values() if str(c.id) in online]

    def is_online(self, contact: Contact) -> bool:
        return self._store.presence.is_online(contact.account_id, "Contact", contact.id)

    def search(self, account_id: int, query: str) -> list[Contact]:
        """Resolved contacts whose name, email, phone number or `additional_attributes.company_name`
        ILIKE %q%, or identifier LIKE %q% (case-sensitive); % and _ are wildcards, a backslash escapes.
        In id order.
        Source: contacts_controller.rb#search at v4.10 (`resolved_contacts.where(...)`)."""
        needle = query.strip(RUBY_STRIP)  # String#strip: ASCII whitespace and NUL only
        ilike, like = like_search(needle), like_search(needle, case_sensitive=True)
        resolved = self.resolved_test(account_id)
        return [
            c
            for c in self.in_id_order(account_id)
            if resolved(c)
            and (
                ilike(c.name)
                or ilike(c.email)
                or ilike(c.phone_number)
                or like(c.identifier)
                or ilike(_company_name(c))
            )
        ]

    def in_id_order(self, account_id: int) -> Iterable[Contact]:
        table = self._store.account(account_id).contacts
        return table.values() if table.monotonic else sorted(table.values(), key=_BY_ID)


MERGEABLE = ("identifier", "name", "email", "phone_number", "additional_attributes", "custom_attributes")


def _mergeable(contact: Contact) -> dict[str, Any]:
    """`attributes.slice(*mergable_attribute_keys).compact_blank`."""
    return {key: value for key in MERGEABLE if v.present(value := getattr(contact, key))}


def _deep_merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Hash#deep_merge: `over` wins, nested hashes merge key by key."""
    out = dict(under)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _company_name(contact: Contact) -> str | None:
    """additional_attributes->>'company_name' (a JSON number or boolean reads as its text)."""
    value = contact.additional_attributes.get("company_name")
    if value is None or isinstance(value, str):
        return value
    return _json_text(value)


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(", ", ": "))
    return str(value)


# --- sorting (Sift, declared in contacts_controller.rb) ---------------------------------------


def _attr(name: str) -> Callable[[Contact], Any]:
    """additional_attributes->>'name': text, or NULL."""

    def get(contact: Contact) -> str | None:
        value = contact.additional_attributes.get(name)
        return None if value is None else value if isinstance(value, str) else _json_text(value)

    return get


SORT_KEYS: dict[str, tuple[Callable[[Contact], Any], bool]] = {
    # key -> (value, nulls last in both directions?)
    "email": (lambda c: c.email, False),
    "phone_number": (lambda c: c.phone_number, False),
    "name": (lambda c: c.name.lower(), True),
    "last_activity_at": (lambda c: c.last_activity_at, True),
    "created_at": (lambda c: c.created_at, True),
    "company": (_attr("company_name"), True),
    "city": (_attr("city"), True),
    "country": (_attr("country"), True),
}


_BY_ID = attrgetter("id")


def sort_contacts(contacts: list[Contact], sort: str | None) -> list[Contact]:
    """`sort=-name,email`: keys in order, `-` for descending; unknown keys have no effect; id breaks ties.
    NULLs: last for name/dates/company/city/country; PostgreSQL's default (last asc, first desc) otherwise."""
    keys = []
    for raw in (sort or "").split(","):
        raw = raw.strip()
        descending = raw.startswith("-")
        name = raw.lstrip("-")
        if name in SORT_KEYS:
            keys.append((name, descending))
    ordered = sorted(contacts, key=_BY_ID)
    for name, descending in reversed(keys):
        getter, nulls_last = SORT_KEYS[name]
        present = [c for c in ordered if getter(c) is not None]
        missing = [c for c in ordered if getter(c) is None]
        present.sort(key=getter, reverse=descending)
        ordered = present + missing if (nulls_last or not descending) else missing + present
    return ordered
