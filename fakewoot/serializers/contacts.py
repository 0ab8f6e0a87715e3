"""Contact shapes. Sources: app/views/api/v1/models/_contact.json.jbuilder, _contact_inbox.json.jbuilder,
Contact#push_event_data (reference contacts.md 1.4, 1.5, 4). Timestamps are integer Unix seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.inboxes import inbox_slim_json  # v4.10's six keys, no secrets (#10991)

if TYPE_CHECKING:
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store


def contact_json(store: Store, contact: Contact, with_contact_inboxes: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "additional_attributes": contact.additional_attributes,
        "availability_status": "online" if store.contacts.is_online(contact) else "offline",
        "email": contact.email,
        "id": contact.id,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "blocked": contact.blocked,
        "identifier": contact.identifier,
        "thumbnail": contact.avatar_url,
        "custom_attributes": contact.custom_attributes,
    }
    if contact.last_activity_at is not None:
        body["last_activity_at"] = int(contact.last_activity_at)
    body["created_at"] = int(contact.created_at)
    if with_contact_inboxes:
        body["contact_inboxes"] = [
            contact_inbox_json(store, record)
            for record in store.contact_inboxes.of_contact(contact.account_id, contact.id)
        ]
    return body


def contact_inbox_json(store: Store, record: ContactInbox) -> dict[str, Any]:
    """_contact_inbox.json.jbuilder: `{source_id, inbox: <slim inbox>}`."""
    inbox = store.account(record.account_id).inboxes.get(record.inbox_id)
    return {"source_id": record.source_id, "inbox": None if inbox is None else inbox_slim_json(inbox)}


def contactable_inbox_json(inbox: Inbox, source_id: str) -> dict[str, Any]:
    """contactable_inboxes.json.jbuilder: the slim inbox (#10888), then the source id."""
    return {"inbox": inbox_slim_json(inbox), "source_id": source_id}


def contact_push_data(contact: Contact) -> dict[str, Any]:
    """Contact#push_event_data: what contact.* events carry on the socket."""
    return {
        "additional_attributes": contact.additional_attributes,
        "custom_attributes": contact.custom_attributes,
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": contact.avatar_url,
        "blocked": contact.blocked,
        "type": "contact",
    }
