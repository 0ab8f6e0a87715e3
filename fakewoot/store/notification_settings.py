"""A member's notification settings in one account (app/models/notification_setting.rb at v4.10).

Two FlagShihTzu bit columns, `email_flags` and `push_flags`, one bit per notification type in
Notification::NOTIFICATION_TYPES order (`email_<type>` / `push_<type>`). AccountUser's
after_create_commit writes the row with email and push `conversation_assignment` selected;
Agents::DestroyJob destroys it when the member leaves. Assigning `selected_*_flags` clears the column
first (nil selects nothing), skips blank names and refuses an unknown one (FlagShihTzu's ArgumentError:
a 500 upstream, a 422 here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.errors import CouldNotCreate
from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store

# Notification::NOTIFICATION_TYPES, in bit order (1 << 0 is conversation_creation)
NOTIFICATION_TYPES: tuple[str, ...] = (
    "conversation_creation",
    "conversation_assignment",
    "assigned_conversation_new_message",
    "conversation_mention",
    "participating_conversation_new_message",
    "sla_missed_first_response",
    "sla_missed_next_response",
    "sla_missed_resolution",
)
EMAIL_FLAGS: tuple[str, ...] = tuple(f"email_{name}" for name in NOTIFICATION_TYPES)
PUSH_FLAGS: tuple[str, ...] = tuple(f"push_{name}" for name in NOTIFICATION_TYPES)
# AccountUser#create_notification_setting
DEFAULT_EMAIL_FLAGS = ("email_conversation_assignment",)
DEFAULT_PUSH_FLAGS = ("push_conversation_assignment",)
# FlagShihTzu#check_flag
MSG_INVALID_FLAG = "Invalid flag '{flag}'"


@dataclass(slots=True)
class NotificationSetting:
    id: int
    account_id: int
    user_id: int
    created_at: float
    updated_at: float
    email_flags: int = 0
    push_flags: int = 0


def selected(bits: int, names: tuple[str, ...]) -> list[str]:
    """selected_<column>: the set flags, in bit order."""
    return [name for index, name in enumerate(names) if bits & (1 << index)]


def to_bits(chosen: list[object] | None, names: tuple[str, ...]) -> int:
    """selected_<column>=: nothing for nil, blank entries skipped, an unknown name refused."""
    bits = 0
    for flag in chosen or []:
        if flag is None or flag == "":
            continue
        if not isinstance(flag, str) or flag not in names:
            raise CouldNotCreate(MSG_INVALID_FLAG.format(flag=flag))
        bits |= 1 << names.index(flag)
    return bits


class NotificationSettings:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, account_id: int, user_id: int) -> NotificationSetting | None:
        account = self._store.state.accounts.get(account_id)
        if account is None:
            return None
        for setting in account.notification_settings.values():
            if setting.user_id == user_id:
                return setting
        return None

    def create(self, account_id: int, user_id: int) -> NotificationSetting:
        """AccountUser#create_notification_setting (once per member: by_account_user is unique)."""
        found = self.get(account_id, user_id)
        if found is not None:
            return found
        store = self._store
        account = store.account(account_id)
        now = store.clock.now()
        setting = NotificationSetting(
            id=account.notification_settings.next_id(),
            account_id=account_id,
            user_id=user_id,
            created_at=now,
            updated_at=now,
            email_flags=to_bits(list(DEFAULT_EMAIL_FLAGS), EMAIL_FLAGS),
            push_flags=to_bits(list(DEFAULT_PUSH_FLAGS), PUSH_FLAGS),
        )
        account.notification_settings.add(setting)
        return setting

    def ensure_members(self) -> None:
        """Give every member without settings the defaults, in membership order (fixture loads run
        with events muted, so AccountUser's callback is replayed here)."""
        for account in self._store.state.accounts.values():
            for member in sorted(account.members.values(), key=lambda m: m.id):
                self.create(account.id, member.user_id)

    def update(
        self, setting: NotificationSetting, email: list[object] | None, push: list[object] | None
    ) -> None:
        """Assign both columns (nil clears one) and save!; both are checked before either changes."""
        email_bits, push_bits = to_bits(email, EMAIL_FLAGS), to_bits(push, PUSH_FLAGS)
        if (email_bits, push_bits) != (setting.email_flags, setting.push_flags):
            setting.email_flags, setting.push_flags = email_bits, push_bits
            setting.updated_at = self._store.clock.now()

    def set_flags(self, account_id: int, user_id: int, email: list[str], push: list[str]) -> None:
        """For tests and scenarios: the member's selection (created with the defaults when missing)."""
        self.update(self.create(account_id, user_id), list(email), list(push))

    def remove(self, account_id: int, user_id: int) -> None:
        """Agents::DestroyJob#destroy_notification_setting."""
        setting = self.get(account_id, user_id)
        if setting is not None:
            self._store.account(account_id).notification_settings.remove(setting.id)

    def subscribed(self, account_id: int, user_id: int, notification_type: str) -> bool:
        """NotificationBuilder#user_subscribed_to_notification?: email or push flag of the type; no
        settings (the user left the account) is not subscribed."""
        setting = self.get(account_id, user_id)
        if setting is None:
            return False
        index = NOTIFICATION_TYPES.index(notification_type)
        return bool((setting.email_flags | setting.push_flags) & (1 << index))
