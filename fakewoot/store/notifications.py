"""A user's notifications (app/models/notification.rb, app/builders/notification_builder.rb,
app/finders/notification_finder.rb and the Notification::* jobs at v4.10).

The primary actor is always a Conversation (PRIMARY_ACTORS); the secondary actor is a Message or the
User who acted (Current.user), or none. Creating one publishes `notification.created`, then runs
RemoveDuplicateNotificationJob at once: the user's older notifications about the same conversation
go (each `notification.deleted`). A save that changes something publishes `notification.updated`;
`read_all` is an update_all (no callbacks, no events, updated_at untouched).
"""

from __future__ import annotations

import calendar
from dataclasses import field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.events.types import NOTIFICATION_CREATED, NOTIFICATION_DELETED, NOTIFICATION_UPDATED
from fakewoot.records import dataclass
from fakewoot.store.notification_settings import NOTIFICATION_TYPES

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.state import Store

PRIMARY_ACTORS = ("Conversation",)
RESULTS_PER_PAGE = 15
REOPEN_WINDOW_SECONDS = 3 * 86400  # Notification.where(snoozed_until: 3.days.ago..Time.current)
MENTION = "conversation_mention"
CREATION = "conversation_creation"


@dataclass(slots=True)
class Notification:
    id: int
    account_id: int
    user_id: int
    notification_type: str
    primary_actor_id: int  # the conversation's database id
    created_at: float
    updated_at: float
    last_activity_at: float
    primary_actor_type: str = "Conversation"
    secondary_actor_type: str | None = None  # "Message", "User" or None
    secondary_actor_id: int | None = None
    read_at: float | None = None
    snoozed_until: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """What NotificationFinder gives the index: one page plus the two counts."""

    rows: list[Notification]
    unread_count: int
    count: int


def month_ago(now: float) -> float:
    """ActiveSupport's 1.month.ago: the same day of the previous month (the last day when shorter)."""
    moment = datetime.fromtimestamp(now, tz=UTC)
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day).timestamp()


def json_time(epoch: float) -> str:
    """A time as a jsonb column keeps it (ActiveSupport's as_json: milliseconds and a Z)."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def included(includes: object, kind: str) -> bool:
    """`(params[:includes] || []).include?(type)`: membership for an array, substring for a string
    (String#include?), a key for a hash."""
    if isinstance(includes, list):
        return kind in includes
    if isinstance(includes, (str, dict)):
        return kind in includes
    return False


class Notifications:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- reads ----------------------------------------------------------------------------------

    def _all(self) -> list[Notification]:
        rows = [n for account in self._store.state.accounts.values() for n in account.notifications.values()]
        return sorted(rows, key=lambda n: n.id)

    def of_user(self, user_id: int, account_id: int | None = None) -> list[Notification]:
        """user.notifications (every account), or those of one account."""
        if account_id is not None:
            account = self._store.state.accounts.get(account_id)
            rows = [] if account is None else list(account.notifications.values())
            return sorted((n for n in rows if n.user_id == user_id), key=lambda n: n.id)
        return [n for n in self._all() if n.user_id == user_id]

    def find(self, user_id: int, notification_id: int | None) -> Notification | None:
        """current_user.notifications.find(id): any account of the user."""
        for account in self._store.state.accounts.values():
            found = account.notifications.get(notification_id or 0)
            if found is not None:
                return found if found.user_id == user_id else None
        return None

    def of_conversation(self, conversation: Conversation) -> list[Notification]:
        rows = self._store.account(conversation.account_id).notifications.values()
        return [n for n in rows if n.primary_actor_id == conversation.id]

    def conversation(self, notification: Notification) -> Conversation | None:
        account = self._store.state.accounts.get(notification.account_id)
        return None if account is None else account.conversations.get(notification.primary_actor_id)

    def _scope(self, user_id: int, account_id: int, includes: object) -> list[Notification]:
        """The user's notifications in the account (none about a conversation that is gone)."""
        account = self._store.state.accounts.get(account_id)
        conversations = {} if account is None else account.conversations.rows
        rows = [n for n in self.of_user(user_id, account_id) if n.primary_actor_id in conversations]
        if not included(includes, "snoozed"):
            rows = [n for n in rows if n.snoozed_until is None]
        if not included(includes, "read"):
            rows = [n for n in rows if n.read_at is None]
        return rows

    def unread_count(self, user_id: int, account_id: int, includes: object = None) -> int:
        rows = self._scope(user_id, account_id, includes)
        return sum(1 for n in rows if n.read_at is None)

    def count(self, user_id: int, account_id: int, includes: object = None) -> int:
        return len(self._scope(user_id, account_id, includes))

    def page(self, user_id: int, account_id: int, *, includes: object, page: int, descending: bool) -> Page:
        """NotificationFinder: unsnoozed and unread unless `includes` names them, ordered by
        last_activity_at (ties by id, the same way), 15 a page (Kaminari: page below 1 is 1)."""
        self.purge_orphans(account_id)
        rows = self._scope(user_id, account_id, includes)
        rows.sort(key=lambda n: (n.last_activity_at, n.id), reverse=descending)
        start = (max(page, 1) - 1) * RESULTS_PER_PAGE
        unread = sum(1 for n in rows if n.read_at is None)
        return Page(rows[start : start + RESULTS_PER_PAGE], unread, len(rows))

    # --- writes ---------------------------------------------------------------------------------

    def build(
        self,
        notification_type: str,
        *,
        user_id: int,
        conversation: Conversation,
        secondary: tuple[str, int] | None,
    ) -> Notification | None:
        """NotificationBuilder#perform: a conversation_creation only for a user subscribed to it (email
        or push); nothing about a blocked contact's conversation but a mention; then create!."""
        store = self._store
        account_id = conversation.account_id
        if notification_type == CREATION and not store.notification_settings.subscribed(
            account_id, user_id, notification_type
        ):
            return None
        contact = store.account(account_id).contacts.get(conversation.contact_id)
        if contact is not None and contact.blocked and notification_type != MENTION:
            return None
        return self.create(notification_type, user_id=user_id, conversation=conversation, secondary=secondary)

    def create(
        self,
        notification_type: str,
        *,
        user_id: int,
        conversation: Conversation,
        secondary: tuple[str, int] | None = None,
        read_at: float | None = None,
        snoozed_until: float | None = None,
        created_at: float | None = None,
        notification_id: int | None = None,
    ) -> Notification:
        """user.notifications.create!: last_activity_at is created_at; notification.created; then
        RemoveDuplicateNotificationJob (older ones of the user about the conversation destroyed)."""
        if notification_type not in NOTIFICATION_TYPES:
            raise ValueError(f"unknown notification_type {notification_type!r}")
        store = self._store
        account = store.account(conversation.account_id)
        now = store.clock.now() if created_at is None else created_at
        notification = Notification(
            id=account.notifications.next_id() if notification_id is None else notification_id,
            account_id=conversation.account_id,
            user_id=user_id,
            notification_type=notification_type,
            primary_actor_id=conversation.id,
            created_at=now,
            updated_at=now,
            last_activity_at=now,
            secondary_actor_type=None if secondary is None else secondary[0],
            secondary_actor_id=None if secondary is None else secondary[1],
            read_at=read_at,
            snoozed_until=snoozed_until,
        )
        account.notifications.add(notification)
        store.publish(
            NOTIFICATION_CREATED, notification=notification, performer_id=None
        )  # a job's: no Current.user
        self._remove_duplicates(notification)
        return notification

    def _remove_duplicates(self, latest: Notification) -> None:
        """Notification::RemoveDuplicateNotificationJob: of the user's notifications with this
        primary_actor_id, all but the newest (created_at, then id) are destroyed."""
        same = [
            n
            for n in self._all()
            if n.user_id == latest.user_id and n.primary_actor_id == latest.primary_actor_id
        ]
        same.sort(key=lambda n: (n.created_at, n.id), reverse=True)
        for older in same[1:]:
            self.delete(older)

    def _save(self, notification: Notification, performer_id: int | None, **values: Any) -> None:
        if all(getattr(notification, key) == value for key, value in values.items()):
            return
        for key, value in values.items():
            setattr(notification, key, value)
        notification.updated_at = self._store.clock.now()
        self._store.publish(NOTIFICATION_UPDATED, notification=notification, performer_id=performer_id)

    def mark_read(self, notification: Notification, performer_id: int | None = None) -> None:
        """update(read_at: now). `performer_id`: Current.user of the request (the event's performer)."""
        self._save(notification, performer_id, read_at=self._store.clock.now())

    def mark_unread(self, notification: Notification, performer_id: int | None = None) -> None:
        self._save(notification, performer_id, read_at=None)

    def snooze(self, notification: Notification, until: float, performer_id: int | None = None) -> None:
        """update(snoozed_until:, meta: meta merged with last_snoozed_at nil)."""
        meta = {**notification.meta, "last_snoozed_at": None}
        self._save(notification, performer_id, snoozed_until=until, meta=meta)

    def read_all(self, user_id: int, account_id: int, conversation_id: int | None) -> int:
        """update_all(read_at: now) over the user's unread ones in the account (of one conversation
        when given): no callbacks, no events. Returns how many."""
        now = self._store.clock.now()
        changed = 0
        for notification in self.of_user(user_id, account_id):
            if notification.read_at is not None:
                continue
            if conversation_id is not None and notification.primary_actor_id != conversation_id:
                continue
            notification.read_at = now
            changed += 1
        return changed

    def delete(self, notification: Notification, performer_id: int | None = None) -> None:
        """destroy: notification.deleted (with Current.user as performer when a request did it; jobs
        have none)."""
        account = self._store.state.accounts.get(notification.account_id)
        if account is None or account.notifications.remove(notification.id) is None:
            return
        self._store.publish(NOTIFICATION_DELETED, notification=notification, performer_id=performer_id)

    def delete_all(self, user_id: int, *, read_only: bool) -> int:
        """Notification::DeleteNotificationJob: every notification of the user (every account), or
        only the read ones; each destroyed (notification.deleted)."""
        doomed = [n for n in self.of_user(user_id) if not read_only or n.read_at is not None]
        for notification in doomed:
            self.delete(notification)
        return len(doomed)

    def run_schedule(self) -> None:
        """TriggerScheduledItemsJob's notification work, done when notifications are next read (upstream
        every five minutes): ReopenSnoozedNotificationsJob reopens those whose snoozed_until is within
        the last three days (unread again, last_activity_at now, meta.last_snoozed_at the old time;
        each notification.updated), and RemoveOldNotificationJob deletes those created over a month ago
        (`delete`: no callbacks, no events)."""
        store = self._store
        now = store.clock.now()
        oldest = month_ago(now)
        for notification in self._all():
            if notification.created_at < oldest:
                store.account(notification.account_id).notifications.remove(notification.id)
                continue
            until = notification.snoozed_until
            if until is not None and now - REOPEN_WINDOW_SECONDS <= until <= now:
                meta = {**notification.meta, "last_snoozed_at": json_time(until)}
                for key, value in (("snoozed_until", None), ("meta", meta), ("read_at", None)):
                    setattr(notification, key, value)
                notification.updated_at = notification.last_activity_at = now
                store.publish(NOTIFICATION_UPDATED, notification=notification, performer_id=None)

    def purge_orphans(self, account_id: int) -> None:
        """Conversation's `has_many :notifications, dependent: :destroy_async`: notifications whose
        conversation is gone are destroyed (fakewoot does it when the account's list is next read)."""
        account = self._store.state.accounts.get(account_id)
        if account is None:
            return
        for notification in list(account.notifications.values()):
            if notification.primary_actor_id not in account.conversations:
                self.delete(notification)
