"""What a macro or an automation rule does to one conversation: app/services/action_service.rb,
macros/execution_service.rb and automation_rules/action_service.rb at v4.10, through the store's verbs
so every side effect (activity messages, events, deliveries, mails) happens as for an HTTP call.

A macro acts as the user who ran it (Current.user: activities name them, messages are theirs, `self`
in assign_agent is them). A rule acts as nobody, with Current.executed_by set: its activity messages
name "Automation System" (automation.system_name) and its messages have no sender and carry
content_attributes.automation_rule_id. Each action fails alone (rescued and reported upstream).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakewoot.serializers.blobs import PREFIX as BLOB_PREFIX
from fakewoot.serializers.blobs import blob_url, thumb_url
from fakewoot.serializers.webhook_data import conversation_webhook_data
from fakewoot.store import message_liquid
from fakewoot.store.conversations import (
    ACTIVITY_ASSIGNED,
    ACTIVITY_LABELS_ADDED,
    ACTIVITY_LABELS_REMOVED,
    ACTIVITY_PRIORITY_ADDED,
    ACTIVITY_PRIORITY_REMOVED,
    ACTIVITY_PRIORITY_UPDATED,
    ACTIVITY_STATUS,
    ACTIVITY_TEAM_ASSIGNED,
    ACTIVITY_TEAM_ASSIGNED_WITH_ASSIGNEE,
    ACTIVITY_TEAM_REMOVED,
    ACTIVITY_UNASSIGNED,
    PRIORITIES,
    STATUSES,
)
from fakewoot.store.file_types import MSG_VALIDATION_FAILED, file_type, widget_file_errors
from fakewoot.store.macros import ruby_s
from fakewoot.store.messages import ACTIVITY, OUTGOING

if TYPE_CHECKING:
    from fakewoot.store.blobs import Blob, Blobs
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.state import Store

log = logging.getLogger("fakewoot")

SYSTEM_NAME = "Automation System"  # config/locales/en.yml automation.system_name
MACRO_WEBHOOK_EVENT = "macro.executed"
AUTOMATION_WEBHOOK_EVENT = "automation_event.{event_name}"
TRANSCRIPT_MAIL = "conversation_transcript"  # ConversationReplyMailer#conversation_transcript
TEAM_MAIL = "automation_notification_conversation_creation"  # TeamNotifications::AutomationNotificationMailer
EMAIL_RE = re.compile(
    r"\A[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9-]+)*\Z"
)

Webhook = Callable[[str, dict[str, Any]], object]


def _integer_ids(params: Any) -> list[int]:
    """`where(id: blob_ids)`: each value cast to an integer id (numeric strings too)."""
    values = params if isinstance(params, list) else [params]
    ids: list[int] = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.strip().isdigit():
            ids.append(int(value))
    return ids


def blob_attachment(blobs: Blobs, blob: Blob, base_url: str) -> dict[str, Any]:
    """A message attachment MessageBuilder#process_attachments builds from a blob: file_type from
    the blob's content type (FileTypeHelper), the URLs Attachment#file_url / #thumb_url write, the
    blob's analysed size; the extension column stays nil."""
    kind = file_type(blob.content_type)
    return {
        "file_type": kind,
        "extension": None,
        "data_url": blob_url(blobs, blob, base_url),
        "thumb_url": thumb_url(blobs, blob, base_url) if kind == "image" else "",
        "file_size": blob.byte_size,
        "width": blob.metadata.get("width"),
        "height": blob.metadata.get("height"),
        "blob_id": blob.id,
    }


class ActionFailed(Exception):
    """What an action raises where Rails would raise (an invalid enum value, a missing param)."""


def _first(params: Any) -> Any:
    """Ruby's `params[0]`: an array's first item, a string's first character, nil for a hash."""
    if isinstance(params, (list, str)):
        return params[0] if params else None
    return None


def _label_names(params: Any) -> list[str]:
    """TagList's parsing of `label_list + params`: nested arrays flattened, blanks dropped, strings."""
    if not isinstance(params, list):
        return []
    names: list[str] = []
    for item in params:
        if isinstance(item, list):
            names.extend(_label_names(item))
        elif item is not None and not isinstance(item, dict) and ruby_s(item).strip():
            names.append(ruby_s(item).strip())
    return names


class ActionService:
    """One conversation, one actor: `user_id` for a macro, `rule` for an automation rule."""

    def __init__(
        self,
        store: Store,
        conversation: Conversation,
        *,
        webhook: Webhook,
        user_id: int | None = None,
        rule: Any = None,
        macro: Any = None,
    ) -> None:
        self._store = store
        self.conversation = conversation
        self._webhook = webhook
        self._user_id = user_id
        self._rule = rule
        self._macro = macro

    # --- running ----------------------------------------------------------------------------------

    def perform(self, actions: list[dict[str, Any]]) -> None:
        for action in actions:
            name = action.get("action_name") if isinstance(action, dict) else None
            method = getattr(self, f"do_{name}", None) if isinstance(name, str) else None
            try:
                if method is None:
                    raise ActionFailed(f"undefined method `{name}'")  # NoMethodError, rescued upstream
                method(action.get("action_params") or [])
            except Exception:  # each action fails alone (ChatwootExceptionTracker)
                log.info("fakewoot: %s action %r failed", "automation" if self._rule else "macro", name)

    # --- the system actor's activity messages ---------------------------------------------------------

    def _change(self, mutate: Callable[[], object]) -> None:
        """Run a store verb; as an automation, write the activity messages the verb left out because
        nobody is signed in (labels, team, assignee), naming the Automation System."""
        conversations = self._store.conversations
        before = conversations.columns(self.conversation)
        mutate()
        if self._rule is None:
            return
        after = conversations.columns(self.conversation)
        old_labels, new_labels = before["label_list"], after["label_list"]
        added = [x for x in new_labels if x not in old_labels]
        removed = [x for x in old_labels if x not in new_labels]
        if added:
            self._activity(ACTIVITY_LABELS_ADDED.format(user=SYSTEM_NAME, labels=", ".join(added)))
        if removed:
            self._activity(ACTIVITY_LABELS_REMOVED.format(user=SYSTEM_NAME, labels=", ".join(removed)))
        if before["team_id"] != after["team_id"]:
            self._activity(
                self._team_activity(before["team_id"], before["assignee_id"] != after["assignee_id"])
            )
        elif before["assignee_id"] != after["assignee_id"]:
            assignee = self._store.users.get(after["assignee_id"]) if after["assignee_id"] else None
            if after["assignee_id"] is None:
                self._activity(ACTIVITY_UNASSIGNED.format(user=SYSTEM_NAME))
            else:
                name = "" if assignee is None else assignee.name
                self._activity(ACTIVITY_ASSIGNED.format(assignee=name, user=SYSTEM_NAME))

    def _team_activity(self, previous_team_id: int | None, assignee_changed: bool) -> str:
        conversation = self.conversation
        teams = self._store.teams
        team = teams.get(conversation.account_id, conversation.team_id)
        if team is None:
            previous = teams.get(conversation.account_id, previous_team_id)
            return ACTIVITY_TEAM_REMOVED.format(
                team="" if previous is None else previous.name, user=SYSTEM_NAME
            )
        assignee = self._store.users.get(conversation.assignee_id) if conversation.assignee_id else None
        if assignee_changed and assignee is not None:
            return ACTIVITY_TEAM_ASSIGNED_WITH_ASSIGNEE.format(
                assignee=assignee.name, team=team.name, user=SYSTEM_NAME
            )
        return ACTIVITY_TEAM_ASSIGNED.format(team=team.name, user=SYSTEM_NAME)

    def _activity(self, content: str) -> None:
        self._store.messages.create(
            self.conversation, message_type=ACTIVITY, content=content, sender_type=None, sender_id=None
        )

    def _status(self, status: str) -> None:
        if status not in STATUSES:
            raise ActionFailed(f"'{status}' is not a valid status")
        conversations = self._store.conversations
        text = None if self._rule is None else ACTIVITY_STATUS[status].format(user=SYSTEM_NAME)
        self._change(
            lambda: conversations.set_status(
                self.conversation, status, performer_id=self._user_id, activity=text
            )
        )

    def _tweet(self) -> bool:
        """conversation_a_tweet?: messages are not sent to a tweet."""
        return self.conversation.additional_attributes.get("type") == "tweet"

    def _message(
        self,
        content: Any,
        *,
        private: bool,
        attachments: list[dict[str, Any]] | None = None,
        automation_attributes: bool = True,
    ) -> None:
        if self._tweet():
            return
        tagged = self._rule is not None and automation_attributes
        attributes = {"automation_rule_id": self._rule.id} if tagged else {}
        user_id = self._user_id
        self._store.messages.create(
            self.conversation,
            message_type=OUTGOING,
            content=None if content is None else str(content),
            sender_type=None if user_id is None else "User",
            sender_id=user_id,
            private=private,
            content_attributes=attributes,
            attachments=attachments,
            performer_id=user_id,
        )

    # --- the actions (ActionService and its two subclasses) ----------------------------------------

    def do_mute_conversation(self, _params: Any) -> None:
        if self._rule is not None:
            self._status("resolved")  # mute! is resolved! first: its activity names the system
        self._store.conversations.mute(self.conversation, self._user_id)

    def do_snooze_conversation(self, _params: Any) -> None:
        self._status("snoozed")

    def do_resolve_conversation(self, _params: Any) -> None:
        self._status("resolved")

    def do_open_conversation(self, _params: Any) -> None:
        if self._macro is not None:
            raise ActionFailed("open_conversation is not a macro action")  # not in ACTIONS_ATTRS
        self._status("open")

    def do_change_status(self, params: Any) -> None:
        self._status(str(_first(params)))

    def do_change_priority(self, params: Any) -> None:
        value = _first(params)
        priority = None if value in ("nil", None) else value
        if priority is not None and priority not in PRIORITIES:
            raise ActionFailed(f"'{priority}' is not a valid priority")
        conversations = self._store.conversations
        conversation = self.conversation
        if self._rule is None:
            conversations.set_priority(conversation, priority, self._user_id)
            return
        before = conversations.columns(conversation)
        conversation.priority = priority
        changes = conversations.save(conversation, before, None, activities=False)
        if "priority" in changes:
            old, new = changes["priority"]
            if old is not None and new is not None:
                text = ACTIVITY_PRIORITY_UPDATED
            else:
                text = ACTIVITY_PRIORITY_ADDED if new is not None else ACTIVITY_PRIORITY_REMOVED
            self._activity(text.format(user=SYSTEM_NAME, old=old, new=new))

    def do_add_label(self, params: Any) -> None:
        if not params:
            return  # `return if labels.empty?`
        labels = _label_names([params] if isinstance(params, str) else params)  # Array("x")
        conversation = self.conversation
        wanted = [*conversation.labels, *labels]  # add_labels: label_list + new ones
        self._change(lambda: self._store.conversations.set_labels(conversation, wanted, self._user_id))

    def do_remove_label(self, params: Any) -> None:
        if not params:
            return
        labels = _label_names(params)
        conversation = self.conversation
        wanted = [x for x in conversation.labels if x not in labels]
        self._change(lambda: self._store.conversations.set_labels(conversation, wanted, self._user_id))

    def do_assign_agent(self, params: Any) -> None:
        ids = list(params) if isinstance(params, list) else []
        if self._macro is not None:
            ids = [self._user_id if x == "self" else x for x in ids]  # Macros::ExecutionService
        conversations = self._store.conversations
        conversation = self.conversation
        if ids and ids[0] == "nil":
            self._change(lambda: conversations.assign(conversation, None, self._user_id))
            return
        account = self._store.account(conversation.account_id)
        inbox = account.inboxes.get(conversation.inbox_id)
        members = [] if inbox is None else list(inbox.members)
        admins = [m.user_id for m in account.members.values() if m.administrator]
        if not ids or ids[0] not in members + admins:  # agent_belongs_to_inbox?
            return
        agent_id = ids[0]
        if isinstance(agent_id, int) and agent_id in account.members:
            self._change(lambda: conversations.assign(conversation, agent_id, self._user_id))

    def do_assign_team(self, params: Any) -> None:
        ids = list(params) if isinstance(params, list) else []
        conversations = self._store.conversations
        conversation = self.conversation
        if not ids or str(ids[0]) in ("nil", "0"):
            self._change(lambda: conversations.set_team(conversation, None, self._user_id))
            return
        team_id = ids[0]
        if self._store.teams.get(conversation.account_id, team_id if isinstance(team_id, int) else None):
            self._change(lambda: conversations.set_team(conversation, team_id, self._user_id))

    def do_remove_assigned_team(self, _params: Any) -> None:
        conversation = self.conversation
        self._change(lambda: self._store.conversations.set_team(conversation, None, self._user_id))

    def do_send_email_transcript(self, params: Any) -> None:
        raw = _first(params)
        if not isinstance(raw, str):
            raise ActionFailed("undefined method `gsub'")
        conversation = self.conversation
        for raw_email in re.sub(r"\s+", "", raw).split(","):
            email = self._email_variables(raw_email)
            if email:
                self._store.mailer.deliver(
                    TRANSCRIPT_MAIL,
                    email,
                    conversation_id=conversation.display_id,
                    account_id=conversation.account_id,
                )

    def _email_variables(self, email: str) -> str | None:
        """EmailHelper#parse_email_variables: rendered as Liquid with the conversation's drops
        (`{{contact.email}}`); one with backticks (code) only when it is an e-mail address."""
        if "`" in email:
            return email if EMAIL_RE.match(email) else None
        drops = self._store.messages._drops(self.conversation, None, None)
        try:
            return message_liquid.render(email, drops)
        except message_liquid.LiquidError:
            return None

    def do_send_message(self, params: Any) -> None:
        self._message(_first(params), private=False)

    def do_add_private_note(self, params: Any) -> None:
        self._message(_first(params), private=True)

    def do_send_attachment(self, params: Any) -> None:
        """send_attachment(blob_ids): `return unless files.attached?`, then a message (content nil,
        not private) carrying `ActiveStorage::Blob.where(id: blob_ids)` through MessageBuilder: the
        macro's user sends it, a rule's has no sender (and, unlike send_message, no
        automation_rule_id). The ids need not be the owner's own files."""
        if self._tweet():
            return
        owner = self._rule if self._rule is not None else self._macro
        if owner is None or not owner.files:
            return
        blobs = self._store.blobs
        found = (blobs.get(i) for i in sorted(set(_integer_ids(params))))
        wanted = [blob for blob in found if blob is not None]
        if not wanted:
            return
        self._check_acceptable(wanted)
        base = owner.files[0]["file_url"].split(BLOB_PREFIX, 1)[0]  # the model url_for's host
        rows = [blob_attachment(blobs, blob, base) for blob in wanted]
        self._message(None, private=False, attachments=rows, automation_attributes=False)

    def _check_acceptable(self, blobs: list[Blob]) -> None:
        """Attachment#acceptable_file (a web widget inbox's messages only): a file over the limit or
        of a type outside the accepted ones fails the message's save!, so the action fails."""
        conversation = self.conversation
        inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        if inbox is None or inbox.channel_type != "Channel::WebWidget":
            return
        for blob in blobs:
            errors = widget_file_errors(blob.content_type, blob.byte_size)
            if errors:
                raise ActionFailed(MSG_VALIDATION_FAILED.format(errors=", ".join(errors)))

    def do_send_webhook_event(self, params: Any) -> None:
        url = _first(params)
        if not isinstance(url, str) or not url:
            raise ActionFailed("no webhook url")
        if self._rule is not None:
            event = AUTOMATION_WEBHOOK_EVENT.format(event_name=self._rule.event_name)
        else:
            event = MACRO_WEBHOOK_EVENT
        payload = {**conversation_webhook_data(self._store, self.conversation), "event": event}
        self._webhook(url, payload)

    def do_send_email_to_team(self, params: Any) -> None:
        if self._rule is None:
            raise ActionFailed("send_email_to_team is an automation action")
        options = _first(params)
        if not isinstance(options, dict):
            raise ActionFailed("undefined method `[]'")
        team_ids = options.get("team_ids") or []
        conversation = self.conversation
        for team_id in team_ids if isinstance(team_ids, list) else []:
            team = self._store.teams.get(
                conversation.account_id, team_id if isinstance(team_id, int) else None
            )
            if team is None:
                continue
            emails = [u.email for u in (self._store.users.get(i) for i in team.member_ids) if u is not None]
            if emails:
                self._store.mailer.deliver(
                    TEAM_MAIL,
                    ", ".join(emails),
                    conversation_id=conversation.display_id,
                    account_id=conversation.account_id,
                    message=options.get("message"),
                )
