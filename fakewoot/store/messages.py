"""Messages: create (MessageBuilder's rules and the conversation side effects), status updates,
soft delete, cursor listing.

Source: app/models/message.rb, app/builders/messages/message_builder.rb,
app/controllers/api/v1/accounts/conversations/messages_controller.rb, app/finders/message_finder.rb
(reference inboxes-conversations-messages.md 4).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass
from fakewoot.store.message_templates import run_template_hooks
from fakewoot.store.validation import present

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.state import Store

# Message#message_type enum
INCOMING, OUTGOING, ACTIVITY, TEMPLATE = 0, 1, 2, 3
MESSAGE_TYPES = {"incoming": INCOMING, "outgoing": OUTGOING, "activity": ACTIVITY, "template": TEMPLATE}
CONTENT_TYPES = (
    "text",
    "input_text",
    "input_textarea",
    "input_email",
    "input_select",
    "cards",
    "form",
    "article",
    "incoming_email",
    "input_csat",
    "integrations",
    "sticker",
    "voice_call",
)
MESSAGE_STATUSES = ("sent", "delivered", "read", "failed")
# conversations.activity.status.system_auto_open: an API inbox's contact reopening a resolved conversation
ACTIVITY_SYSTEM_REOPENED = "System reopened the conversation due to a new incoming message."
DELETED_CONTENT = "This message was deleted"  # config/locales/en.yml conversations.messages.deleted
CONTENT_LIMIT = 150_000
TEXT_COLUMN_LIMIT = 20_000  # ApplicationRecord#validates_column_content_length for text columns
FLOOD_LIMIT = 200  # Limits.conversation_message_per_minute_limit (CONVERSATION_MESSAGE_PER_MINUTE_LIMIT)
PAGE = 20
AFTER_PAGE = 100
BETWEEN_LIMIT = 1000
# the "Validation failed: ..." parts (full messages of Message's validations)
MSG_VALIDATION_FAILED = "Validation failed: {errors}"
MSG_TOO_MANY_MESSAGES = "Too many messages"
MSG_CONTENT_TOO_LONG = f"Content is too long (maximum is {CONTENT_LIMIT} characters)"
MSG_SOURCE_TOO_LONG = f"Source is too long (maximum is {TEXT_COLUMN_LIMIT} characters)"
MSG_ITEMS_REQUIRED = "Content attributes At least one item is required."
MSG_ITEMS_HASH = "Content attributes Items should be a hash."
MSG_ITEMS_INVALID_KEYS = "Content attributes contains invalid keys for items : {keys}"
MSG_ITEMS_MISSING_ACTIONS = "Content attributes contains items missing actions"
MSG_ACTIONS_INVALID_KEYS = "Content attributes contains invalid keys for actions:  {keys}"
MSG_TEMPLATE_NAME_REQUIRED = "Name is required"
MSG_TEMPLATE_TYPE = "{attribute} must be of type {type}"
MSG_NO_METHOD = "undefined method '{method}' for {receiver}"  # Ruby 3.4's NoMethodError, rescued as 422
# ContentAttributeValidator: the item keys each interactive content type allows
ITEM_KEYS = {
    "input_select": ("title", "value"),
    "cards": ("title", "description", "media_url", "actions"),
    "form": (
        "type",
        "placeholder",
        "label",
        "name",
        "options",
        "default",
        "required",
        "pattern",
        "title",
        "pattern_error",
    ),
    "article": ("title", "description", "link"),
}
CARD_ACTION_KEYS = ("text", "type", "payload", "uri")
# Message::TEMPLATE_PARAMS_SCHEMA: template_params' properties and their JSON types
TEMPLATE_PARAM_TYPES = {
    "name": "string",
    "category": "string",
    "language": "string",
    "namespace": "string",
    "processed_params": "object",
}


@dataclass(slots=True)
class Message:
    id: int
    account_id: int
    inbox_id: int
    conversation_id: int  # the conversation's database id (the wire shows its display_id)
    message_type: int
    content: str | None
    created_at: float
    updated_at: float
    content_type: str = "text"
    content_attributes: dict[str, Any] = field(default_factory=dict)
    private: bool = False
    status: str = "sent"
    source_id: str | None = None
    sender_type: str | None = None  # "User", "Contact", "AgentBot" or None (activity)
    sender_id: int | None = None
    echo_id: str | None = None
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    external_source_ids: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    # Message#ensure_processed_message_content (before_save, so before Liquid renders `content` on
    # create): the e-mail's quoted text or html, else the content, cut at 150 000 characters
    processed_message_content: str | None = None

    def process_content(self) -> None:
        email = self.content_attributes.get("email")
        quoted = None
        if isinstance(email, dict):
            for part in ("text_content", "html_content"):
                section = email.get(part)
                if quoted is None and isinstance(section, dict) and section.get("quoted") is not None:
                    quoted = section["quoted"]
        text = quoted if quoted is not None else self.content
        self.processed_message_content = None if text is None else _truncate(str(text), CONTENT_LIMIT)

    @property
    def incoming(self) -> bool:
        return self.message_type == INCOMING

    @property
    def human_reply(self) -> bool:
        """Message#human_response?: outgoing, sent by a user, not by an automation rule or a campaign
        (private notes included: callers check `private` themselves)."""
        return (
            self.message_type == OUTGOING
            and self.sender_type == "User"
            and not present(self.content_attributes.get("automation_rule_id"))
            and not present(self.additional_attributes.get("campaign_id"))
        )

    @property
    def bot_reply(self) -> bool:
        """Message#bot_response?: an outgoing message sent by an agent bot."""
        return self.message_type == OUTGOING and self.sender_type == "AgentBot"


def _truncate(text: str, limit: int) -> str:
    """ActiveSupport's String#truncate: past `limit`, cut to limit - 3 and add "..."."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _person(name: str | None) -> dict[str, Any]:
    """ContactDrop/UserDrop names: every word capitalised; first and last only for two words or more."""
    words = (name or "").split()
    return {
        "name": None if name is None else " ".join(word.capitalize() for word in words),
        "first_name": words[0].capitalize() if len(words) > 1 else None,
        "last_name": words[-1].capitalize() if len(words) > 1 else None,
    }


def _ruby_receiver(value: Any) -> str:
    """How Ruby 3.4's NoMethodError names its receiver."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    kind = {str: "String", int: "Integer", float: "Float", list: "Array", dict: "Hash"}.get(type(value))
    return f"an instance of {kind or 'Object'}"


def _no_method(method: str, value: Any) -> CouldNotCreate:
    return CouldNotCreate(MSG_NO_METHOD.format(method=method, receiver=_ruby_receiver(value)))


def _symbols(keys: list[str]) -> str:
    """Ruby's inspect of an array of symbols: [:foo, :"two words"]."""
    out = []
    for key in keys:
        simple = key.replace("_", "a").isalnum() and not key[:1].isdigit()
        out.append(f":{key}" if simple else f':"{key}"')
    return "[" + ", ".join(out) + "]"


def _keys_of(items: list[Any]) -> list[str]:
    """items.collect(&:keys).flatten: every item must be a hash, else NoMethodError."""
    keys: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            raise _no_method("keys", item)
        keys.extend(str(key) for key in item)
    return keys


def content_attribute_errors(content_type: str, attributes: dict[str, Any]) -> list[str]:
    """ContentAttributeValidator for the interactive content types (input_select, cards, form, article).
    Where the Ruby validator itself raises (items missing, an item not a hash), the NoMethodError's
    text is what MessagesController#create renders, so this raises that 422."""
    allowed = ITEM_KEYS.get(content_type)
    if allowed is None:
        return []
    items = attributes.get("items")
    errors = []
    if not present(items):
        errors.append(MSG_ITEMS_REQUIRED)
    if isinstance(items, dict):
        # Hash#reject yields keys: none is a hash, so a non-empty hash "should be a hash";
        # then collect(&:keys) gets [key, value] arrays
        if items:
            errors.append(MSG_ITEMS_HASH)
            raise _no_method("keys", [])
        return errors
    if not isinstance(items, list):
        raise _no_method("reject", items)
    if any(not isinstance(item, dict) for item in items):
        errors.append(MSG_ITEMS_HASH)
    invalid = [key for key in _keys_of(items) if key not in allowed]
    if invalid:
        errors.append(MSG_ITEMS_INVALID_KEYS.format(keys=_symbols(invalid)))
    if content_type == "cards":
        if any(not present(item.get("actions")) for item in items):
            errors.append(MSG_ITEMS_MISSING_ACTIONS)
            return errors
        action_keys: list[str] = []
        for item in items:
            actions = item["actions"]
            if not isinstance(actions, list):
                raise (
                    _no_method("collect", actions)
                    if not isinstance(actions, dict)
                    else _no_method("keys", [])
                )
            action_keys.extend(_keys_of(actions))
        invalid = [key for key in action_keys if key not in CARD_ACTION_KEYS]
        if invalid:
            errors.append(MSG_ACTIONS_INVALID_KEYS.format(keys=_symbols(invalid)))
    return errors


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def template_params_errors(additional_attributes: dict[str, Any]) -> list[str]:
    """JsonSchemaValidator with TEMPLATE_PARAMS_SCHEMA over additional_attributes: template_params must
    be an object with a string `name`; the other known keys must have their types."""
    if "template_params" not in additional_attributes:
        return []
    params = additional_attributes["template_params"]
    if not isinstance(params, dict):
        return [MSG_TEMPLATE_TYPE.format(attribute="Template params", type="hash")]
    errors = []
    for key, expected in TEMPLATE_PARAM_TYPES.items():
        if key in params and _json_type(params[key]) != expected:
            kind = "hash" if expected == "object" else expected
            # human_attribute_name("template_params/<key>"): humanize turns every _ into a space
            attribute = f"Template params/{key.replace('_', ' ')}"
            errors.append(MSG_TEMPLATE_TYPE.format(attribute=attribute, type=kind))
    if "name" not in params:
        errors.append(MSG_TEMPLATE_NAME_REQUIRED)
    return errors


def with_reply_references(conversation_messages: list[Message], attributes: dict[str, Any]) -> dict[str, Any]:
    """Messages::InReplyToMessageBuilder (before_save): with `in_reply_to` (a message id) or
    `in_reply_to_external_id` (a source id) present, both are set from the referenced message of the
    same conversation, or to null when there is none."""
    in_reply_to = attributes.get("in_reply_to")
    external_id = attributes.get("in_reply_to_external_id")
    if not present(in_reply_to) and not present(external_id):
        return attributes
    found: Message | None = None
    if present(in_reply_to):
        wanted = str(in_reply_to).strip()
        found = next((m for m in conversation_messages if str(m.id) == wanted), None)
    elif external_id is not None:
        found = next((m for m in conversation_messages if m.source_id == str(external_id)), None)
    return {
        **attributes,
        "in_reply_to_external_id": None if found is None else found.source_id,
        "in_reply_to": None if found is None else found.id,
    }


class Messages:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, conversation: Conversation, message_id: int | None) -> Message | None:
        message = self._store.account(conversation.account_id).messages.get(message_id or 0)
        return message if message is not None and message.conversation_id == conversation.id else None

    def of(self, conversation: Conversation) -> list[Message]:
        """The conversation's messages in Message's default order (created_at, then id)."""
        messages = self._store.account(conversation.account_id).messages
        found = [m for m in (messages.get(i) for i in conversation.message_ids) if m is not None]
        if any(b.created_at < a.created_at for a, b in itertools.pairwise(found)):
            found.sort(key=lambda m: (m.created_at, m.id))
        return found

    def page(
        self,
        conversation: Conversation,
        before: int | None,
        after: int | None,
        *,
        internal: bool = True,
    ) -> list[Message]:
        """MessageFinder: latest 20; before=id: 20 older; after=id: up to 100 newer; both: from `after`
        (inclusive) to `before` (exclusive), up to 1000. `internal=False` (filter_internal_messages)
        drops private notes and activity messages. Ids bound, created_at orders."""
        messages = self.of(conversation)
        if not internal:
            messages = [m for m in messages if not m.private and m.message_type != ACTIVITY]
        if before is not None and after is not None:
            return [m for m in messages if after <= m.id < before][:BETWEEN_LIMIT]
        if after is not None:
            return [m for m in messages if m.id > after][:AFTER_PAGE]
        if before is not None:
            messages = [m for m in messages if m.id < before]
        return messages[-PAGE:]

    def validate(
        self,
        conversation: Conversation,
        *,
        content: str | None,
        content_type: str,
        content_attributes: dict[str, Any],
        additional_attributes: dict[str, Any],
        source_id: str | None,
    ) -> None:
        """Message's validations in Rails' order (the text-column length check and the flood guard run
        before validation); any failure is MessagesController#create's 422 `Validation failed: ...`."""
        errors = []
        if source_id is not None and len(source_id) > TEXT_COLUMN_LIMIT:
            errors.append(MSG_SOURCE_TOO_LONG)
        since = self._store.clock.now() - 60
        table = self._store.account(conversation.account_id).messages
        recent = 0
        for message_id in reversed(conversation.message_ids):  # newest first; stop at the first older one
            found = table.get(message_id)
            if found is not None and found.created_at < since:
                break
            recent += found is not None
        if recent >= FLOOD_LIMIT:
            errors.append(MSG_TOO_MANY_MESSAGES)
        errors += content_attribute_errors(content_type, content_attributes)
        errors += template_params_errors(additional_attributes)
        if content is not None and len(content) > CONTENT_LIMIT:
            errors.append(MSG_CONTENT_TOO_LONG)
        if errors:
            raise CouldNotCreate(MSG_VALIDATION_FAILED.format(errors=", ".join(errors)))

    def create(
        self,
        conversation: Conversation,
        *,
        message_type: int,
        content: str | None,
        sender_type: str | None,
        sender_id: int | None,
        private: bool = False,
        content_type: str = "text",
        content_attributes: dict[str, Any] | None = None,
        echo_id: str | None = None,
        source_id: str | None = None,
        additional_attributes: dict[str, Any] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        created_at: float | None = None,
        performer_id: int | None = None,
        bot_id: int | None = None,
        validate: bool = False,
        template_hooks: bool = True,
    ) -> Message:
        """Message.create and its callbacks. `performer_id`/`bot_id` are Current.user (a user or an agent
        bot, for the activity a reopen writes); `validate` runs Message's validations first (the API
        path; the store's own activity messages and seeds skip them); `template_hooks` runs the
        greeting, out-of-office and e-mail collection hooks (message_templates.py)."""
        store = self._store
        account = store.account(conversation.account_id)
        attributes = dict(content_attributes or {})
        if validate:
            self.validate(
                conversation,
                content=content,
                content_type=content_type,
                content_attributes=attributes,
                additional_attributes=additional_attributes or {},
                source_id=source_id,
            )
        if "in_reply_to" in attributes or "in_reply_to_external_id" in attributes:
            attributes = with_reply_references(self.of(conversation), attributes)
        additional = dict(additional_attributes or {})
        raw_content = content
        if message_type in (OUTGOING, TEMPLATE):  # Liquidable (before_create)
            content, additional = self._liquid(conversation, sender_type, sender_id, content, additional)
        now = store.clock.now() if created_at is None else created_at
        message = Message(
            id=account.messages.next_id(),
            account_id=account.id,
            inbox_id=conversation.inbox_id,
            conversation_id=conversation.id,
            message_type=message_type,
            content=content,
            created_at=now,
            updated_at=now,
            content_type=content_type,
            content_attributes=attributes,
            private=private,
            source_id=source_id,
            sender_type=sender_type,
            sender_id=sender_id,
            echo_id=echo_id,
            additional_attributes=additional,
        )
        rendered = message.content
        message.content = raw_content
        message.process_content()  # before_save runs before before_create's Liquid
        message.content = rendered
        for index, attachment in enumerate(attachments or []):
            message.attachments.append(
                {
                    **attachment,
                    "id": account.messages.sequences.next("attachments"),
                    "message_id": message.id,
                    "account_id": account.id,
                    "position": index,
                }
            )
        account.messages.add(message)
        conversation.message_ids.append(message.id)
        if message_type == INCOMING:
            conversation.incoming_ids.append(message.id)
        # execute_after_create_commit_callbacks: reopen, last activity, message.created, first reply
        # or waiting_since, then the contact's activity; the reopen's activity message comes from a
        # job, after all of them
        reopened = store.conversations.before_message(
            conversation, message, user_id=performer_id, bot_id=bot_id
        )
        store.publish("message.created", message=message, performer_id=performer_id)
        first_reply = store.conversations.valid_first_reply(conversation, message)
        if first_reply:
            store.publish("first.reply.created", message=message, performer_id=performer_id)
        store.conversations.after_message(conversation, message, first_reply=first_reply)
        if template_hooks and not store.muted:  # fixtures keep their own messages
            run_template_hooks(store, conversation, message)
        if message.sender_type == "Contact" and not store.muted:  # fixtures keep their own value
            sender = account.contacts.get(message.sender_id or 0)
            if sender is not None:
                store.contacts.touch_activity(sender, message.created_at)
        if reopened is not None:
            self.create(
                conversation, message_type=ACTIVITY, content=reopened, sender_type=None, sender_id=None
            )
        return message

    def _liquid(
        self,
        conversation: Conversation,
        sender_type: str | None,
        sender_id: int | None,
        content: str | None,
        additional: dict[str, Any],
    ) -> tuple[str | None, dict[str, Any]]:
        """Liquidable: an outgoing or template message's content (code between backticks left
        alone) and its template_params' processed_params are rendered with the drops; content
        Liquid refuses stays as sent."""
        template = additional.get("template_params")
        params = template.get("processed_params") if isinstance(template, dict) else None
        # text without "{{" or "{%" renders as itself: skip the drops
        render_content = content is not None and present(content) and ("{{" in content or "{%" in content)
        render_template = isinstance(template, dict) and present(params)
        if not render_content and not render_template:
            return content, additional
        # the Liquid renderer loads with the first message that needs it, not at start-up
        from fakewoot.store.message_liquid import LiquidError, protect_code, render, render_params

        drops = self._drops(conversation, sender_type, sender_id)
        if render_content and content is not None:
            with contextlib.suppress(LiquidError):  # Chatwoot rescues Liquid::Error
                content = render(protect_code(content), drops)
        if render_template and isinstance(template, dict):
            rendered = render_params(params, drops)
            additional = {**additional, "template_params": {**template, "processed_params": rendered}}
        return content, additional

    def email_content(
        self,
        conversation: Conversation,
        *,
        content: str,
        message_type: int,
        sender_type: str | None,
        sender_id: int | None,
        email: Any,
        custom_html: str | None,
    ) -> dict[str, Any]:
        """MessageBuilder#build_email_attributes (email inboxes, public messages with content): the
        body with CRLF normalised, Liquid-rendered for outgoing and template messages (code between
        backticks left alone), as `text_content` and, rendered from markdown or the given
        `email_html_content`, as `html_content` (each with `full` and `reply`), over any `email`
        hash the caller sent."""
        from fakewoot.store.message_liquid import LiquidError, protect_code, render
        from fakewoot.store.message_markdown import render_markdown

        normalized = content.replace("\r\n", "\n")
        processed = normalized
        if message_type in (OUTGOING, TEMPLATE) and normalized:
            with contextlib.suppress(LiquidError):
                processed = render(
                    protect_code(normalized), self._drops(conversation, sender_type, sender_id)
                )
        attributes = dict(email) if isinstance(email, dict) else {}
        html = custom_html if custom_html is not None else render_markdown(processed)
        for key, value in (("html_content", html), ("text_content", processed)):
            existing = attributes.get(key)
            attributes[key] = {
                **(existing if isinstance(existing, dict) else {}),
                "full": value,
                "reply": value,
            }
        return attributes

    def _drops(
        self, conversation: Conversation, sender_type: str | None, sender_id: int | None
    ) -> dict[str, Any]:
        """Liquidable#message_drops: contact, agent (the sender, as a UserDrop), conversation, inbox,
        account (app/drops/*.rb)."""
        store = self._store
        account = store.account(conversation.account_id)
        contact = account.contacts.get(conversation.contact_id)
        inbox = account.inboxes.get(conversation.inbox_id)
        sender: Any = None
        if sender_type == "User":
            sender = store.users.get(sender_id or 0)
        elif sender_type == "AgentBot":
            sender = store.agent_bots.get(sender_id or 0)
        elif sender_type == "Contact":
            sender = account.contacts.get(sender_id or 0)
        contact_name = None if contact is None else contact.name
        return {
            "contact": None
            if contact is None
            else {
                "id": contact.id,
                "email": contact.email,
                "phone_number": contact.phone_number,
                "custom_attribute": dict(contact.custom_attributes or {}),
                **_person(contact.name),
            },
            "agent": None
            if sender is None
            else {
                "id": sender.id,
                "available_name": getattr(sender, "available_name", None),
                **_person(sender.name),
            },
            "conversation": {
                "id": conversation.id,
                "display_id": conversation.display_id,
                "contact_name": contact_name.capitalize() if contact_name is not None else "Customer",
                "custom_attribute": dict(conversation.custom_attributes),
            },
            "inbox": None if inbox is None else {"id": inbox.id, "name": inbox.name},
            "account": {"id": account.id, "name": account.name},
        }

    def update_status(
        self,
        message: Message,
        status: str | None,
        external_error: str | None,
        performer_id: int | None = None,
    ) -> bool:
        """Messages::StatusUpdateService: an unknown status, or read -> delivered, changes nothing;
        `external_error` is kept only with `failed` (cleared otherwise). message.updated only when
        something changed. Returns whether the update ran."""
        if status not in MESSAGE_STATUSES or (message.status == "read" and status == "delivered"):
            return False
        attributes = message.content_attributes
        error = external_error if status == "failed" else None
        changed = status != message.status
        before = _tracked(message)
        if attributes.get("external_error") != error:  # a store accessor writes a changed value only
            message.content_attributes = {**attributes, "external_error": error}
            changed = True
        message.status = status
        if changed:
            self.saved(message, performer_id, before)
        return True

    def retry(self, message: Message, performer_id: int | None = None) -> None:
        """MessagesController#retry: StatusUpdateService(message, "sent"), then
        `update!(content_attributes: {})` (SendReplyJob sends nothing fakewoot models)."""
        self.update_status(message, "sent", None, performer_id)
        if message.content_attributes:
            before = _tracked(message)
            message.content_attributes = {}
            self.saved(message, performer_id, before)

    def saved(
        self, message: Message, performer_id: int | None = None, before: dict[str, Any] | None = None
    ) -> None:
        """A changed message: updated_at, the conversation touched (belongs_to touch), message.updated
        with Rails' `previous_changes` (column -> (old, new), updated_at last) when `before` holds the
        tracked columns as they were."""
        store = self._store
        message.process_content()
        old_updated_at = message.updated_at
        message.updated_at = store.clock.now()
        conversation = store.account(message.account_id).conversations.get(message.conversation_id)
        if conversation is not None:
            conversation.updated_at = message.updated_at
        changes: dict[str, tuple[Any, Any]] | None = None
        if before is not None:
            after = _tracked(message)
            changes = {
                column: (before[column], after[column]) for column in after if before[column] != after[column]
            }
            changes["updated_at"] = (old_updated_at, message.updated_at)
        store.publish("message.updated", message=message, performer_id=performer_id, previous_changes=changes)

    def soft_delete(self, message: Message, performer_id: int | None = None) -> None:
        """Messages#destroy: the content is replaced, attributes become {deleted: true}, files dropped."""
        before = _tracked(message)
        message.content = DELETED_CONTENT
        message.content_type = "text"
        message.content_attributes = {"deleted": True}
        message.attachments = []
        self.saved(message, performer_id, before)


# the columns whose changes message.updated reports, in the order Rails records them at the three
# writers (StatusUpdateService: status, external_error; retry: content_attributes; destroy: content,
# content_type, content_attributes, then ensure_processed_message_content)
TRACKED_COLUMNS = ("status", "content", "content_type", "content_attributes", "processed_message_content")


def _tracked(message: Message) -> dict[str, Any]:
    return {column: copy.deepcopy(getattr(message, column)) for column in TRACKED_COLUMNS}
