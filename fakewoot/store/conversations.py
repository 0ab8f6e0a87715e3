"""Conversations: creation, status (toggle, snooze, reopen), priority, assignment, labels, custom
attributes, read state, mute, and the timers a clock advance fires (snooze expiry, auto-resolve).
Addressed by the per-account display_id.

Source: app/models/conversation.rb, app/builders/conversation_builder.rb,
app/controllers/api/v1/accounts/conversations_controller.rb (reference inboxes-conversations-messages.md 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.events.types import ASSIGNEE_CHANGED, TEAM_CHANGED
from fakewoot.records import dataclass
from fakewoot.store import validation as v
from fakewoot.store.messages import ACTIVITY, TEMPLATE
from fakewoot.store.row_changes import remove_where

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.contacts import Contact
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

STATUSES = ("open", "resolved", "pending", "snoozed")
PRIORITIES = ("low", "medium", "high", "urgent")
UNREAD_CAP = 10
# config/locales/en.yml conversations.activity.* (the activity messages Chatwoot writes); {user} is
# Current.user.name (a user's or an agent bot's `name`, not the display name)
ACTIVITY_STATUS = {
    "resolved": "Conversation was marked resolved by {user}",
    "open": "Conversation was reopened by {user}",
    "pending": "Conversation was marked as pending by {user}",
    "snoozed": "Conversation was snoozed by {user}",
}
# status.auto_resolved_*: a resolution with nobody signed in names the account's auto_resolve_after
ACTIVITY_AUTO_RESOLVED = {
    "days": "Conversation was marked resolved by system due to {count} days of inactivity",
    "hours": "Conversation was marked resolved by system due to {count} hours of inactivity",
    "minutes": "Conversation was marked resolved by system due to {count} minutes of inactivity",
}
ACTIVITY_PRIORITY_ADDED = "{user} set the priority to {new}"
ACTIVITY_PRIORITY_UPDATED = "{user} changed the priority from {old} to {new}"
ACTIVITY_PRIORITY_REMOVED = "{user} removed the priority"
ACTIVITY_ASSIGNED = "Assigned to {assignee} by {user}"
ACTIVITY_SELF_ASSIGNED = "{user} self-assigned this conversation"
ACTIVITY_UNASSIGNED = "Conversation unassigned by {user}"
ACTIVITY_LABELS_ADDED = "{user} added {labels}"
ACTIVITY_LABELS_REMOVED = "{user} removed {labels}"
ACTIVITY_TEAM_ASSIGNED = "Assigned to {team} by {user}"
ACTIVITY_TEAM_ASSIGNED_WITH_ASSIGNEE = "Assigned to {assignee} via {team} by {user}"
ACTIVITY_TEAM_REMOVED = "Unassigned from {team} by {user}"
ACTIVITY_MUTED = "{user} has muted the conversation"
ACTIVITY_UNMUTED = "{user} has unmuted the conversation"
# JsonbAttributesLengthValidator on additional_attributes and custom_attributes
JSONB_STRING_MAX = 1500
JSONB_INTEGER_MAX = 9_999_999_999
MSG_JSONB_STRING = "{attr} {key} length should be < 1500"
MSG_JSONB_INTEGER = "{attr} {key} value should be < 9999999999"
# UrlHelper#url_valid?: URI.parse succeeds and gives an http(s) URI (URI.parse refuses these characters)
URL_RE = re.compile(r"\A(?i:https?):[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")
# Conversation#list_of_keys: a change to one of these fires conversation.updated
UPDATE_KEYS = frozenset(
    {
        "team_id",
        "assignee_id",
        "assignee_agent_bot_id",
        "status",
        "snoozed_until",
        "custom_attributes",
        "label_list",
        "waiting_since",
        "first_reply_created_at",
        "priority",
    }
)


@dataclass(slots=True)
class Conversation:
    id: int
    display_id: int
    account_id: int
    inbox_id: int
    contact_id: int
    contact_inbox_id: int | None
    uuid: str
    created_at: float
    updated_at: float
    last_activity_at: float
    status: str = "open"
    priority: str | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    labels: list[str] = field(default_factory=list)
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    muted: bool = False
    snoozed_until: float | None = None
    agent_last_seen_at: float | None = None
    assignee_last_seen_at: float | None = None
    contact_last_seen_at: float | None = None
    first_reply_created_at: float | None = None
    waiting_since: float | None = None
    assignee_agent_bot_id: int | None = None
    participant_ids: list[int] = field(default_factory=list)  # ConversationParticipant user ids
    message_ids: list[int] = field(default_factory=list)  # ascending
    incoming_ids: list[int] = field(default_factory=list)  # the incoming ones, ascending


def validate_jsonb(additional: dict[str, Any], custom: dict[str, Any]) -> None:
    """JsonbAttributesLengthValidator: a string value over 1500 characters or an integer over
    9999999999 is an error on the attribute (422 with the model's full messages)."""
    errors = v.Errors()
    for attr, values in (("additional_attributes", additional), ("custom_attributes", custom)):
        for key, value in values.items():
            if isinstance(value, str) and len(value) > JSONB_STRING_MAX:
                errors.add(attr, MSG_JSONB_STRING, key=key)
            elif isinstance(value, int) and not isinstance(value, bool) and value > JSONB_INTEGER_MAX:
                errors.add(attr, MSG_JSONB_INTEGER, key=key)
    errors.raise_if_any()


def checked_referer(additional: dict[str, Any]) -> dict[str, Any]:
    """validate_referer_url: a referer that is not an http(s) URL becomes nil."""
    referer = additional.get("referer")
    if referer is None or referer is False or (isinstance(referer, str) and URL_RE.match(referer)):
        return additional
    return {**additional, "referer": None}


class Conversations:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- reads ----------------------------------------------------------------------------------

    def by_display_id(self, account_id: int, display_id: int | None) -> Conversation | None:
        account = self._store.account(account_id)
        found = account.conversation_ids.get(display_id or 0)
        return None if found is None else account.conversations.get(found)

    def of_contact(self, account_id: int, contact_id: int) -> list[Conversation]:
        return [
            c for c in self._store.account(account_id).conversations.values() if c.contact_id == contact_id
        ]

    def visible_to(self, member: AccountUser) -> list[Conversation]:
        """Administrators: the whole account; agents: the conversations of their inboxes."""
        account = self._store.account(member.account_id)
        rows = account.conversations.values()
        if member.administrator:
            return list(rows)
        inboxes = {inbox.id for inbox in self._store.inboxes.visible_to(member)}
        return [c for c in rows if c.inbox_id in inboxes]

    def unread_count(self, conversation: Conversation) -> int:
        """Incoming messages after agent_last_seen_at, capped at 10 (unread_incoming_messages).
        Walks the conversation's incoming messages only, newest first: O(10), however long the
        conversation."""
        seen = conversation.agent_last_seen_at
        messages = self._store.account(conversation.account_id).messages
        count = 0
        for message_id in reversed(conversation.incoming_ids):
            message = messages.get(message_id)
            if message is None:
                continue
            if seen is not None and message.created_at <= seen:
                break
            count += 1
            if count == UNREAD_CAP:
                break
        return count

    def last_message(self, conversation: Conversation, *, chat_only: bool) -> Message | None:
        """The latest message; `chat_only`: not an activity and not a private note (messages.chat.last)."""
        messages = self._store.account(conversation.account_id).messages
        for message_id in reversed(conversation.message_ids):
            message = messages.get(message_id)
            if message is None:
                continue
            if not chat_only or (message.message_type != ACTIVITY and not message.private):
                return message
        return None

    # --- writes ---------------------------------------------------------------------------------

    def initial_status(self, account_id: int, inbox_id: int, contact: Contact, wanted: str | None) -> str:
        """determine_conversation_status (before_create) for a conversation a request creates:
        resolved for a blocked contact, pending in an inbox with an active agent bot, else the
        requested status or open. (Fixtures and scenarios give their status as they mean it.)"""
        if contact.blocked:
            return "resolved"
        if inbox_id in self._store.account(account_id).bot_inboxes:
            return "pending"
        return wanted or "open"

    def create(
        self,
        *,
        account_id: int,
        inbox_id: int,
        contact_id: int,
        contact_inbox_id: int | None = None,
        status: str = "open",
        assignee_id: int | None = None,
        team_id: int | None = None,
        labels: list[str] | None = None,
        additional_attributes: dict[str, Any] | None = None,
        custom_attributes: dict[str, Any] | None = None,
        snoozed_until: float | None = None,
        created_at: float | None = None,
        performer_id: int | None = None,
        bot_id: int | None = None,
    ) -> Conversation:
        """Conversation.create!: conversation.created; an assignee or team given at creation also fires
        AssignmentHandler's after_commit (assignee.changed/team.changed, the participant, the
        assignment activity); a team drops an assignee who is not its member."""
        store = self._store
        account = store.account(account_id)
        additional_attributes = checked_referer(dict(additional_attributes or {}))
        validate_jsonb(additional_attributes, custom_attributes or {})
        now = store.clock.now() if created_at is None else created_at
        account.display_ids += 1
        conversation = Conversation(
            id=account.conversations.next_id(),
            display_id=account.display_ids,
            account_id=account_id,
            inbox_id=inbox_id,
            contact_id=contact_id,
            contact_inbox_id=contact_inbox_id,
            uuid=store.contact_inboxes.random_uuid(),
            created_at=now,
            updated_at=now,
            last_activity_at=now,
            status=status,
            assignee_id=assignee_id,
            team_id=team_id,
            labels=list(labels or []),
            additional_attributes=dict(additional_attributes or {}),
            custom_attributes=dict(custom_attributes or {}),
            snoozed_until=snoozed_until if status == "snoozed" else None,
            waiting_since=now,  # ensure_waiting_since
        )
        contact = account.contacts.get(contact_id)
        conversation.muted = contact is not None and contact.blocked
        if team_id is not None:
            self._ensure_assignee_from_team(conversation)
        account.conversations.add(conversation)
        account.conversation_ids[conversation.display_id] = conversation.id
        if conversation.status == "open" and self._needs_auto_assignment(conversation):
            conversation.assignee_id = self._find_assignee(conversation)  # after_save, before the commit
        store.publish("conversation.created", conversation=conversation, performer_id=performer_id)
        changes: dict[str, tuple[Any, Any]] = {}
        if conversation.assignee_id is not None:
            changes["assignee_id"] = (None, conversation.assignee_id)
        if conversation.team_id is not None:
            changes["team_id"] = (None, conversation.team_id)
        if changes:  # AssignmentHandler's after_commit runs on create too
            self._assignment_events(conversation, changes, performer_id)
            self._activities(conversation, changes, performer_id, bot_id, None)
        return conversation

    # --- saving: Rails' dirty tracking and the after_update_commit callbacks ---------------------

    @staticmethod
    def columns(conversation: Conversation) -> dict[str, Any]:
        """The tracked columns (as previous_changes names them), copied so a later change is seen."""
        return {
            "status": conversation.status,
            "priority": conversation.priority,
            "assignee_id": conversation.assignee_id,
            "assignee_agent_bot_id": conversation.assignee_agent_bot_id,
            "team_id": conversation.team_id,
            "snoozed_until": conversation.snoozed_until,
            "waiting_since": conversation.waiting_since,
            "first_reply_created_at": conversation.first_reply_created_at,
            "custom_attributes": dict(conversation.custom_attributes),
            "additional_attributes": dict(conversation.additional_attributes),
            "label_list": list(conversation.labels),
        }

    def save(
        self,
        conversation: Conversation,
        before: dict[str, Any],
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
        status_activity: str | None = None,
        activities: bool = True,
    ) -> dict[str, tuple[Any, Any]]:
        """Compare with `before` (from columns()); on a change bump updated_at and run what the model's
        commit callbacks do, in one place for every caller (HTTP, control API, scenarios, timers):
        handle_resolved_status_change (a resolution clears waiting_since, update_column: no event),
        conversation.status_changed (changed_attributes nil upstream), assignee.changed, then
        conversation.updated with every changed column when one of list_of_keys (or
        additional_attributes.conversation_language) changed; ParticipationListener adds a new user
        assignee as a participant; then ActivityMessageHandler and AssignmentHandler write the activity
        messages, naming Current.user (`performer_id`, or the agent bot `bot_id`); `activities=False`
        for a caller that writes them itself (a message's reopen writes its activity after the message).
        Returns the changes."""
        after = self.columns(conversation)
        changes = {key: (before[key], after[key]) for key in after if before.get(key) != after[key]}
        if not changes:
            return {}
        previous = conversation.updated_at
        conversation.updated_at = self._store.clock.now()
        changes["updated_at"] = (previous, conversation.updated_at)
        if "status" in changes and conversation.status == "resolved":
            conversation.waiting_since = None
        publish = self._store.publish
        if "status" in changes:
            publish("conversation.status_changed", conversation=conversation, performer_id=performer_id)
        self._assignment_events(conversation, changes, performer_id)
        additional = changes.get("additional_attributes")
        language = additional is not None and "conversation_language" in (additional[1] or {})
        if language or UPDATE_KEYS.intersection(changes):
            publish(
                "conversation.updated", conversation=conversation, performer_id=performer_id, changed=changes
            )
        if activities:
            self._activities(conversation, changes, performer_id, bot_id, status_activity)
        if "status" in changes and conversation.status == "open":
            self._auto_assign(conversation, performer_id, bot_id)  # AutoAssignmentHandler (after_save)
        return changes

    def _assignment_events(
        self, conversation: Conversation, changes: dict[str, tuple[Any, Any]], performer_id: int | None
    ) -> None:
        """AssignmentHandler#notify_assignment_change (assignee.changed, team.changed) and
        ParticipationListener (a new user assignee becomes a participant)."""
        publish = self._store.publish
        if "assignee_id" in changes:
            publish(ASSIGNEE_CHANGED, conversation=conversation, performer_id=performer_id)
            assignee = conversation.assignee_id
            if assignee is not None and assignee not in conversation.participant_ids:
                conversation.participant_ids.append(assignee)
        if "team_id" in changes:
            publish(TEAM_CHANGED, conversation=conversation, performer_id=performer_id)

    def _activities(
        self,
        conversation: Conversation,
        changes: dict[str, tuple[Any, Any]],
        performer_id: int | None,
        bot_id: int | None,
        status_activity: str | None,
    ) -> None:
        """ActivityMessageHandler#create_activity (status, priority, labels), then
        AssignmentHandler#process_assignment_activities (the assignee)."""
        user = self._actor_name(performer_id, bot_id)
        if "status" in changes:
            content = status_activity or self._status_content(conversation, user)
            if content is not None:
                self._activity(conversation, content)
        if "priority" in changes:
            old, new = changes["priority"]
            if old is not None or new is not None:
                if old is not None and new is not None:
                    text = ACTIVITY_PRIORITY_UPDATED
                else:
                    text = ACTIVITY_PRIORITY_ADDED if new is not None else ACTIVITY_PRIORITY_REMOVED
                # I18n renders a nil user_name as "" (a change with nobody signed in)
                self._activity(conversation, text.format(user=user or "", old=old, new=new))
        if "label_list" in changes and user is not None:
            old_labels, new_labels = changes["label_list"]
            added = [x for x in new_labels if x not in old_labels]
            removed = [x for x in old_labels if x not in new_labels]
            if added:
                self._activity(conversation, ACTIVITY_LABELS_ADDED.format(user=user, labels=", ".join(added)))
            if removed:
                self._activity(
                    conversation, ACTIVITY_LABELS_REMOVED.format(user=user, labels=", ".join(removed))
                )
        if user is None:
            return
        if "team_id" in changes:
            self._activity(conversation, self._team_content(conversation, changes, user))
        elif "assignee_id" in changes:
            assignee_id = conversation.assignee_id
            current_id = performer_id if performer_id is not None else bot_id
            if assignee_id is None:
                content = ACTIVITY_UNASSIGNED.format(user=user)
            elif assignee_id == current_id:  # self_assign?: Current.user&.id == assignee_id
                content = ACTIVITY_SELF_ASSIGNED.format(user=user)
            else:
                assignee = self._store.users.get(assignee_id)
                name = "" if assignee is None else assignee.name
                content = ACTIVITY_ASSIGNED.format(assignee=name, user=user)
            self._activity(conversation, content)

    def _team_content(
        self, conversation: Conversation, changes: dict[str, tuple[Any, Any]], user: str
    ) -> str:
        """TeamActivityMessageHandler: assigned (with the assignee when it changed too) or removed,
        naming the previous team."""
        teams = self._store.teams
        team = teams.get(conversation.account_id, conversation.team_id)
        if team is None:
            previous = teams.get(conversation.account_id, changes["team_id"][0])
            return ACTIVITY_TEAM_REMOVED.format(team="" if previous is None else previous.name, user=user)
        assignee = self._store.users.get(conversation.assignee_id) if conversation.assignee_id else None
        if "assignee_id" in changes and assignee is not None:
            return ACTIVITY_TEAM_ASSIGNED_WITH_ASSIGNEE.format(
                assignee=assignee.name, team=team.name, user=user
            )
        return ACTIVITY_TEAM_ASSIGNED.format(team=team.name, user=user)

    def _status_content(self, conversation: Conversation, user: str | None) -> str | None:
        """user_status_change_activity_content: the user's name; with nobody signed in only a
        resolution is recorded, as an auto-resolution naming the account's auto_resolve_after."""
        if user is not None:
            return ACTIVITY_STATUS[conversation.status].format(user=user)
        if conversation.status != "resolved":
            return None
        minutes = self._store.account(conversation.account_id).settings.get("auto_resolve_after")
        minutes = minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else 0
        if minutes >= 1440 and minutes % 1440 == 0:
            return ACTIVITY_AUTO_RESOLVED["days"].format(count=minutes // 1440)
        if minutes >= 60 and minutes % 60 == 0:
            return ACTIVITY_AUTO_RESOLVED["hours"].format(count=minutes // 60)
        return ACTIVITY_AUTO_RESOLVED["minutes"].format(count=minutes)

    def _touch(self, conversation: Conversation) -> None:
        """update_columns-like writes: a new updated_at, no callbacks, no events."""
        conversation.updated_at = self._store.clock.now()

    def _activity(self, conversation: Conversation, content: str) -> None:
        self._store.messages.create(
            conversation, message_type=ACTIVITY, content=content, sender_type=None, sender_id=None
        )

    def _actor_name(self, user_id: int | None, bot_id: int | None = None) -> str | None:
        """Current.user&.name: the user's or the agent bot's name; None when nobody is signed in."""
        if user_id is not None:
            user = self._store.users.get(user_id)
            if user is not None:
                return user.name
        if bot_id is not None:
            bot = self._store.agent_bots.get(bot_id)
            if bot is not None:
                return bot.name or ""  # a bot may have no name (no presence validation upstream)
        return None

    def set_status(
        self,
        conversation: Conversation,
        status: str,
        *,
        snoozed_until: float | None = None,
        performer_id: int | None = None,
        bot_id: int | None = None,
        activity: str | None = None,
    ) -> None:
        """`snoozed_until` only lives with the snoozed status (ensure_snooze_until_reset); `activity`
        replaces the status activity message (a caller with its own text, e.g. the bot error)."""
        before = self.columns(conversation)
        conversation.status = status
        conversation.snoozed_until = snoozed_until if status == "snoozed" else None
        self.save(conversation, before, performer_id, bot_id=bot_id, status_activity=activity)

    def set_priority(
        self,
        conversation: Conversation,
        priority: str | None,
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
    ) -> None:
        before = self.columns(conversation)
        conversation.priority = priority
        self.save(conversation, before, performer_id, bot_id=bot_id)

    def assign(
        self,
        conversation: Conversation,
        assignee_id: int | None,
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
    ) -> None:
        """AssignmentService#assign_agent: the user (or nobody) becomes the assignee and the agent
        bot assignee is cleared; the activity message names who did it (none without a signed-in
        user or bot: Current.user is nil in a background job)."""
        before = self.columns(conversation)
        conversation.assignee_id = assignee_id
        conversation.assignee_agent_bot_id = None
        self.save(conversation, before, performer_id, bot_id=bot_id)

    def assign_bot(
        self,
        conversation: Conversation,
        bot_id: int,
        performer_id: int | None = None,
        *,
        by_bot: int | None = None,
    ) -> None:
        """AssignmentService#assign_agent_bot: the bot becomes the assignee, the user assignee goes."""
        before = self.columns(conversation)
        conversation.assignee_agent_bot_id = bot_id
        conversation.assignee_id = None
        self.save(conversation, before, performer_id, bot_id=by_bot)

    # --- participants (ConversationParticipant) ------------------------------------------------------

    def can_participate(self, conversation: Conversation, user_id: int) -> bool:
        """ensure_inbox_access: the user is one of the inbox's assignable agents (its members that
        belong to the account, and the account's administrators)."""
        account = self._store.account(conversation.account_id)
        member = account.members.get(user_id)
        inbox = account.inboxes.get(conversation.inbox_id)
        if member is None:
            return False
        return member.administrator or (inbox is not None and user_id in inbox.members)

    def add_participants(self, conversation: Conversation, user_ids: list[int]) -> None:
        """find_or_create_by(user_id:) each; one without inbox access fails its validation (not saved)."""
        for user_id in user_ids:
            if user_id not in conversation.participant_ids and self.can_participate(conversation, user_id):
                conversation.participant_ids.append(user_id)

    def remove_participants(self, conversation: Conversation, user_ids: list[int]) -> None:
        gone = set(user_ids)
        conversation.participant_ids = [u for u in conversation.participant_ids if u not in gone]

    # --- auto-assignment (AutoAssignmentHandler, AutoAssignment::AgentAssignmentService) -----------

    def _needs_auto_assignment(self, conversation: Conversation) -> bool:
        """should_run_auto_assignment?: the inbox assigns automatically and the conversation has no
        assignee, or one who is no member of the inbox."""
        inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        if inbox is None or not inbox.settings.get("enable_auto_assignment"):
            return False
        return conversation.assignee_id is None or conversation.assignee_id not in inbox.members

    def _auto_assign(self, conversation: Conversation, performer_id: int | None, bot_id: int | None) -> None:
        """run_auto_assignment when a save leaves the conversation open: the round robin's online inbox
        member becomes the assignee, in a save of its own (named after Current.user)."""
        if not self._needs_auto_assignment(conversation):
            return
        found = self._find_assignee(conversation)
        if found is not None:
            before = self.columns(conversation)
            conversation.assignee_id = found
            conversation.assignee_agent_bot_id = None  # reset_agent_bot_when_assignee_present
            self.save(conversation, before, performer_id, bot_id=bot_id)

    def _find_assignee(self, conversation: Conversation, candidates: list[int] | None = None) -> int | None:
        """AgentAssignmentService#find_assignee over `candidates` (default the inbox's members,
        member_ids_with_assignment_capacity): the online ones (status `online`,
        OnlineStatusTracker.get_available_users), picked by InboxRoundRobinService."""
        store = self._store
        inbox = store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
        if inbox is None:
            return None
        online = store.presence.online_users(conversation.account_id)
        pool = inbox.members if candidates is None else candidates
        allowed = {user_id for user_id in pool if online.get(str(user_id)) == "online"}
        if not allowed:
            return None
        queue = self._round_robin_queue(inbox.id, inbox.members)
        picked = next((user_id for user_id in reversed(queue) if user_id in allowed), None)  # .pop
        if picked is not None:
            queue.remove(picked)  # pop_push_to_queue: LREM, then LPUSH to the head
            queue.insert(0, picked)
        return picked

    def _round_robin_queue(self, inbox_id: int, members: list[int]) -> list[int]:
        """The inbox's ROUND_ROBIN_AGENTS list, head first: built as the inbox member callbacks build
        it (each new member LPUSHed to the head, a removed one LREMed), so the rotation survives
        membership changes."""
        queues = self._store.state.round_robin
        queue = queues.get(inbox_id)
        if queue is None:
            queue = queues[inbox_id] = []
        current = set(members)
        queue[:] = [user_id for user_id in queue if user_id in current]
        for user_id in members:
            if user_id not in queue:
                queue.insert(0, user_id)
        return queue

    def set_team(
        self,
        conversation: Conversation,
        team_id: int | None,
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
    ) -> None:
        """update!(team:): the team changes; ensure_assignee_is_from_team keeps the assignee only when a
        member of the team, else picks an online member when the team allows auto-assignment."""
        before = self.columns(conversation)
        conversation.team_id = team_id
        if conversation.team_id != before["team_id"]:
            self._ensure_assignee_from_team(conversation)
        self.save(conversation, before, performer_id, bot_id=bot_id)

    def _ensure_assignee_from_team(self, conversation: Conversation) -> None:
        """ensure_assignee_is_from_team (before_save when team_id changes): an assignee who is no
        member of the team goes; then, with allow_auto_assign, find_assignee_from_team picks an online
        member of both the inbox and the team."""
        team = self._store.teams.get(conversation.account_id, conversation.team_id)
        if team is None:
            return
        if conversation.assignee_id not in team.member_ids:
            conversation.assignee_id = None  # validate_current_assignee_team
        if conversation.assignee_id is None and team.allow_auto_assign:
            inbox = self._store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
            members = [] if inbox is None else [u for u in inbox.members if u in team.member_ids]
            conversation.assignee_id = self._find_assignee(conversation, members)

    def set_labels(
        self,
        conversation: Conversation,
        labels: list[str],
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
    ) -> list[str]:
        """update_labels: the list replaces the set (stripped, blank and repeated names dropped); the
        activity messages name who added and removed what (none with nobody signed in)."""
        cleaned: list[str] = []
        for label in labels:
            name = label.strip()
            if name and name not in cleaned:
                cleaned.append(name)
        before = self.columns(conversation)
        conversation.labels = cleaned
        if not self.save(conversation, before, performer_id, bot_id=bot_id):
            self._touch(conversation)
        return cleaned

    def replace_custom_attributes(
        self,
        conversation: Conversation,
        values: dict[str, Any],
        performer_id: int | None = None,
        *,
        bot_id: int | None = None,
    ) -> None:
        validate_jsonb(conversation.additional_attributes, values)
        before = self.columns(conversation)
        conversation.custom_attributes = dict(values)
        self.save(conversation, before, performer_id, bot_id=bot_id)

    def update_attributes(
        self,
        conversation: Conversation,
        *,
        additional: dict[str, Any] | None = None,
        custom: dict[str, Any] | None = None,
        performer_id: int | None = None,
    ) -> None:
        """Merge into the attribute hashes (the widget and control paths); validated as save! does."""
        merged_additional = conversation.additional_attributes
        if additional is not None:
            merged_additional = checked_referer({**conversation.additional_attributes, **additional})
        merged_custom = conversation.custom_attributes
        if custom is not None:
            merged_custom = {**conversation.custom_attributes, **custom}
        validate_jsonb(merged_additional, merged_custom)
        before = self.columns(conversation)
        conversation.additional_attributes = merged_additional
        conversation.custom_attributes = merged_custom
        self.save(conversation, before, performer_id)

    def mark_seen(self, conversation: Conversation, user_id: int) -> None:
        """update_last_seen: update_column of agent_last_seen_at (and assignee_last_seen_at when the
        caller is the assignee): no callbacks, no event, updated_at unchanged."""
        now = self._store.clock.now()
        conversation.agent_last_seen_at = now
        if conversation.assignee_id is not None and conversation.assignee_id == user_id:
            conversation.assignee_last_seen_at = now

    def mark_unread(self, conversation: Conversation) -> None:
        """unread: both seen-at columns move to 1 s before the last incoming message, or to nil when
        there is none (update_column: updated_at unchanged)."""
        messages = self._store.account(conversation.account_id).messages
        last = None
        for message_id in reversed(conversation.incoming_ids):
            last = messages.get(message_id)
            if last is not None:
                break
        seen = None if last is None else last.created_at - 1
        conversation.agent_last_seen_at = seen
        conversation.assignee_last_seen_at = seen

    def mark_contact_seen(self, conversation: Conversation) -> None:
        conversation.contact_last_seen_at = self._store.clock.now()
        self._touch(conversation)
        self._store.publish("conversation.read", conversation=conversation, performer_id=None)

    def is_muted(self, conversation: Conversation) -> bool:
        """ConversationMuteHelpers#muted?: the contact is blocked."""
        contact = self._store.account(conversation.account_id).contacts.get(conversation.contact_id)
        return contact is not None and contact.blocked

    def mute(self, conversation: Conversation, performer_id: int | None = None) -> None:
        """mute!: resolved! (its status activity), the contact blocked (contact.updated), then
        "<user> has muted the conversation" when a user is signed in."""
        self._mute(conversation, True, performer_id)

    def unmute(self, conversation: Conversation, performer_id: int | None = None) -> None:
        """unmute!: the contact unblocked, "<user> has unmuted the conversation"; the status stays."""
        self._mute(conversation, False, performer_id)

    def _mute(self, conversation: Conversation, muted: bool, performer_id: int | None) -> None:
        store = self._store
        contact = store.account(conversation.account_id).contacts.get(conversation.contact_id)
        if contact is None:
            return
        if muted:
            self.set_status(conversation, "resolved", performer_id=performer_id)
        store.contacts.update(contact, {"blocked": muted}, performer_id=performer_id)
        for other in self.of_contact(conversation.account_id, contact.id):
            other.muted = muted  # the mirror Message#reopen_conversation reads (muted? is contact.blocked)
        user = self._actor_name(performer_id)
        if user is not None:
            self._activity(conversation, (ACTIVITY_MUTED if muted else ACTIVITY_UNMUTED).format(user=user))

    def typing(
        self,
        conversation: Conversation,
        on: bool,
        *,
        user_id: int | None,
        is_private: bool,
        bot_id: int | None = None,
        contact_id: int | None = None,
    ) -> None:
        """Typing on/off; the typist is a user, an agent bot, or (the Client API) a contact."""
        self._store.publish(
            "conversation.typing_on" if on else "conversation.typing_off",
            conversation=conversation,
            user_id=user_id,
            bot_id=bot_id,
            contact_id=contact_id,
            is_private=is_private,
        )

    def before_message(
        self,
        conversation: Conversation,
        message: Message,
        *,
        user_id: int | None = None,
        bot_id: int | None = None,
    ) -> str | None:
        """Message#reopen_conversation and set_conversation_activity (before message.created): an
        incoming message reopens a snoozed conversation, and a resolved one (pending when the inbox has
        an active bot); not when muted. Every message moves last_activity_at. Returns the activity
        message the reopen writes afterwards (ActivityMessageHandler#status_change_activity), if any:
        in an API inbox a contact's message reopening a resolved conversation is the system's
        reopen; otherwise the signed-in user or bot (Current.user) is named, and without one none."""
        activity = None
        if message.incoming and not conversation.muted and conversation.status in ("snoozed", "resolved"):
            account = self._store.account(conversation.account_id)
            inbox = account.inboxes.get(conversation.inbox_id)
            by_contact = (
                conversation.status == "resolved"
                and conversation.inbox_id not in account.bot_inboxes
                and inbox is not None
                and inbox.channel_type == "Channel::Api"
                and not message.private
                and message.sender_type == "Contact"
            )
            before = self.columns(conversation)
            bot = conversation.inbox_id in account.bot_inboxes
            conversation.status = "pending" if conversation.status == "resolved" and bot else "open"
            conversation.snoozed_until = None
            self.save(conversation, before, user_id, activities=False)
            if by_contact:
                from fakewoot.store.messages import ACTIVITY_SYSTEM_REOPENED

                activity = ACTIVITY_SYSTEM_REOPENED
            else:
                name = self._current_user_name(user_id, bot_id)
                activity = None if name is None else ACTIVITY_STATUS[conversation.status].format(user=name)
        conversation.last_activity_at = message.created_at  # update_columns: no callbacks
        if not self._store.muted:  # belongs_to :conversation, touch: true (fixtures keep their own)
            conversation.updated_at = self._store.clock.now()
        return activity

    def _current_user_name(self, user_id: int | None, bot_id: int | None) -> str | None:
        """Current.user&.name for a message's callbacks: the user's or agent bot's name, or None."""
        user = None if user_id is None else self._store.users.get(user_id)
        if user is not None:
            return user.name
        bot = None if bot_id is None else self._store.agent_bots.get(bot_id)
        return None if bot is None else bot.name

    def after_message(self, conversation: Conversation, message: Message, *, first_reply: bool) -> None:
        """Message#dispatch_create_events after message.created: the first human reply sets
        first_reply_created_at and clears waiting_since; otherwise a public reply by a user or a bot
        clears waiting_since, and an incoming message sets it when blank. Each is its own save."""
        if message.message_type == ACTIVITY:
            return
        before = self.columns(conversation)
        if first_reply:
            conversation.first_reply_created_at = message.created_at
            conversation.waiting_since = None
            self.save(conversation, before)
            return
        if (
            conversation.waiting_since is not None
            and not message.private
            and (message.human_reply or message.bot_reply)
        ):
            conversation.waiting_since = None
            self.save(conversation, before)
        if message.incoming and conversation.waiting_since is None:
            before = self.columns(conversation)
            conversation.waiting_since = message.created_at
            self.save(conversation, before)

    def valid_first_reply(self, conversation: Conversation, message: Message) -> bool:
        """Message#valid_first_reply?: a public human reply while no first reply is recorded, and at
        most one public outgoing message by a user (not a bot, not a campaign's) so far, this one
        included."""
        if not message.human_reply or message.private or conversation.first_reply_created_at is not None:
            return False
        replies = sum(
            1
            for m in self._store.messages.of(conversation)
            if m.message_type == message.message_type
            and m.sender_type not in (None, "AgentBot", "Captain::Assistant")
            and not m.private
            and m.additional_attributes.get("campaign_id") is None
        )
        return replies <= 1

    def delete(self, conversation: Conversation) -> None:
        self.delete_all(conversation.account_id, [conversation])

    def delete_all(self, account_id: int, conversations: Iterable[Conversation]) -> None:
        """The conversations with their messages and what depends on them (has_one
        :csat_survey_response, has_many :notifications as primary_actor and :reporting_events, each
        dependent: :destroy_async): one pass over each dependent table, however many go."""
        account = self._store.account(account_id)
        gone: set[int] = set()
        for conversation in conversations:
            for message_id in conversation.message_ids:
                account.messages.remove(message_id)
            account.conversations.remove(conversation.id)
            account.conversation_ids.pop(conversation.display_id, None)
            gone.add(conversation.id)
        if not gone:
            return
        remove_where(account.csat_survey_responses, lambda r: r.conversation_id in gone)
        remove_where(account.reporting_events, lambda e: e.conversation_id in gone)
        remove_where(
            account.notifications,
            lambda n: n.primary_actor_type == "Conversation" and n.primary_actor_id in gone,
        )

    def remove_contact(self, account_id: int, contact_id: int) -> None:
        self.delete_all(account_id, self.of_contact(account_id, contact_id))

    # --- timers (fired when the clock moves: a request or a clock advance) -----------------------

    def run_timers(self) -> int:
        """Reopen conversations whose snooze ended (open!, nobody signed in: no activity); resolve the
        open ones idle longer than the account's auto_resolve_after (Conversations::ResolutionJob)."""
        store = self._store
        now = store.clock.now()
        fired = 0
        for account in list(store.state.accounts.values()):
            minutes = account.settings.get("auto_resolve_after")
            idle_limit = (
                now - minutes * 60 if isinstance(minutes, int) and not isinstance(minutes, bool) else None
            )
            # auto_resolve_ignore_waiting: only the conversations not waiting for a reply
            skip_waiting = bool(account.settings.get("auto_resolve_ignore_waiting"))
            for conversation in list(account.conversations.values()):
                snooze_over = conversation.snoozed_until is not None and conversation.snoozed_until <= now
                if conversation.status == "snoozed" and snooze_over:
                    before = self.columns(conversation)
                    conversation.status = "open"
                    conversation.snoozed_until = None
                    self.save(conversation, before)
                    fired += 1
                elif (
                    idle_limit is not None
                    and conversation.status == "open"
                    and conversation.last_activity_at < idle_limit  # last_activity_at < now - minutes
                    and not (skip_waiting and conversation.waiting_since is not None)
                ):
                    self._auto_resolve(account.settings, conversation)
                    fired += 1
        return fired

    def _auto_resolve(self, settings: dict[str, Any], conversation: Conversation) -> None:
        """ResolutionJob for one conversation: the auto_resolve_message as a template message (every
        modelled channel can reply), the auto_resolve_label added, then toggle_status with nobody
        signed in (the "due to N days/hours/minutes of inactivity" activity)."""
        message = settings.get("auto_resolve_message")
        if isinstance(message, str) and message.strip():
            self._store.messages.create(
                conversation, message_type=TEMPLATE, content=message, sender_type=None, sender_id=None
            )
        label = settings.get("auto_resolve_label")
        if isinstance(label, str) and label.strip():
            self.set_labels(conversation, [*conversation.labels, label])  # add_labels
        self.set_status(conversation, "resolved")
