"""The Client API's before_actions (Public::Api::V1::InboxesController): the API inbox by its
identifier, the contact inbox by its source id, the conversation by its display id. None of the
public controllers rescues ActiveRecord::RecordNotFound, so a miss is Rails' own 404
`{"status": 404, "error": "Not Found"}`.

Source at v4.10: app/controllers/public/api/v1/inboxes_controller.rb, public_controller.rb."""

from __future__ import annotations

from typing import TypeVar

from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_int
from fakewoot.errors import RailsDefault
from fakewoot.store.contact_inboxes import ContactInbox
from fakewoot.store.conversations import Conversation
from fakewoot.store.inboxes import Inbox

T = TypeVar("T")
BASE = "/public/api/v1/inboxes"
INBOX = BASE + "/{inbox_id}"
CONTACT = INBOX + "/contacts/{contact_id}"
CONVERSATION = CONTACT + "/conversations/{conversation_id}"


def found(record: T | None) -> T:
    """find_by! outside handle_with_exception: Rails' default 404 body."""
    if record is None:
        raise RailsDefault(404)
    return record


def api_inbox(ctx: RequestContext, key: str = "inbox_id") -> Inbox:
    """Channel::Api.find_by!(identifier:).inbox."""
    return found(ctx.store.client_api.inbox(str(ctx.path_params[key])))


def contact_inbox(ctx: RequestContext, inbox: Inbox, key: str = "contact_id") -> ContactInbox:
    """inbox.contact_inboxes.find_by!(source_id:)."""
    return found(ctx.store.client_api.contact_inbox(inbox, str(ctx.path_params[key])))


def conversation(ctx: RequestContext, record: ContactInbox, key: str, *, whole_contact: bool) -> Conversation:
    """conversations.find_by!(display_id:), the display id cast as ActiveRecord casts it."""
    display_id = to_int(ctx.path_params[key])
    return found(ctx.store.client_api.conversation(record, display_id, whole_contact=whole_contact))
