"""Inboxes and their channels (API, web widget, email), inbox members, visibility.

Source: app/models/inbox.rb, app/models/channel/{api,web_widget,email}.rb,
app/controllers/api/v1/accounts/inboxes_controller.rb, app/policies/inbox_policy.rb
(reference inboxes-conversations-messages.md section 2).
"""

from __future__ import annotations

import copy
import string
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.row_changes import remove_where

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.state import Store

# channel[type] in the API -> the Rails class name
CHANNEL_TYPES = {"api": "Channel::Api", "web_widget": "Channel::WebWidget", "email": "Channel::Email"}
# has_secure_token: 24 characters of base58
BASE58 = "".join(c for c in string.ascii_letters + string.digits if c not in "0OIl")
DEFAULT_WORKING_HOURS: tuple[dict[str, Any], ...] = tuple(
    {
        "day_of_week": day,
        "closed_all_day": day in (0, 6),
        "open_hour": None if day in (0, 6) else 9,
        "open_minutes": None if day in (0, 6) else 0,
        "close_hour": None if day in (0, 6) else 17,
        "close_minutes": None if day in (0, 6) else 0,
        "open_all_day": False,
    }
    for day in range(7)
)
DEFAULT_PRE_CHAT_OPTIONS: dict[str, Any] = {
    "pre_chat_message": "Share your queries or comments here.",
    "pre_chat_fields": [
        {
            "field_type": "standard",
            "label": "Email Id",
            "name": "emailAddress",
            "type": "email",
            "required": True,
            "enabled": False,
        },
        {
            "field_type": "standard",
            "label": "Full name",
            "name": "fullName",
            "type": "text",
            "required": False,
            "enabled": False,
        },
        {
            "field_type": "standard",
            "label": "Phone number",
            "name": "phoneNumber",
            "type": "text",
            "required": False,
            "enabled": False,
        },
    ],
}
# channel_email's columns and their defaults (app/models/channel/email.rb schema annotation), in
# that order; `forward_to_email` is drawn on create (ensure_forward_to_email).
EMAIL_CHANNEL_DEFAULTS: dict[str, Any] = {
    "email": None,
    "imap_address": "",
    "imap_enable_ssl": True,
    "imap_enabled": False,
    "imap_login": "",
    "imap_password": "",
    "imap_port": 0,
    "provider": None,
    "provider_config": {},
    "smtp_address": "",
    "smtp_authentication": "login",
    "smtp_domain": "",
    "smtp_enable_ssl_tls": False,
    "smtp_enable_starttls_auto": True,
    "smtp_enabled": False,
    "smtp_login": "",
    "smtp_openssl_verify_mode": "none",
    "smtp_password": "",
    "smtp_port": 0,
    "verified_for_sending": False,
}
OSS_MAX_LIMIT = 100_000  # ChatwootApp.max_limit
INBOUND_EMAIL_DOMAIN = "fakewoot.local"  # account.inbound_email_domain (no MAILER_INBOUND_EMAIL_DOMAIN)
INBOX_SETTINGS: dict[str, Any] = {
    "greeting_enabled": False,
    "greeting_message": None,
    "working_hours_enabled": False,
    "enable_email_collect": True,
    "csat_survey_enabled": False,
    "csat_config": {},
    "enable_auto_assignment": True,
    "auto_assignment_config": {},
    "out_of_office_message": None,
    "timezone": "UTC",
    "allow_messages_after_resolved": True,
    "lock_to_single_conversation": False,
    "sender_name_type": "friendly",
    "business_name": None,
    "portal_id": None,
}


@dataclass(slots=True)
class Inbox:
    id: int
    account_id: int
    name: str
    channel_type: str
    channel_id: int
    created_at: float
    updated_at: float
    channel: dict[str, Any] = field(default_factory=dict)  # the channel record's own columns
    settings: dict[str, Any] = field(default_factory=lambda: dict(INBOX_SETTINGS))
    working_hours: list[dict[str, Any]] = field(
        default_factory=lambda: [dict(d) for d in DEFAULT_WORKING_HOURS]
    )
    avatar_url: str = ""
    members: list[int] = field(default_factory=list)  # user ids (inbox_members)


def valid_working_hour(day: dict[str, Any]) -> bool:
    """WorkingHour: ensure_open_all_day_hours (open all day is 00:00-23:59), then its validations:
    unless closed all day, hours 0..23 and minutes 0..59 present, closing after opening; never
    open and closed all day at once. Sets the all-day hours on `day`."""
    if day.get("open_all_day"):
        day.update(open_hour=0, open_minutes=0, close_hour=23, close_minutes=59)
    if day.get("open_all_day") and day.get("closed_all_day"):
        return False
    if day.get("closed_all_day"):
        return True
    hours: list[int] = []
    for key in ("open_hour", "open_minutes", "close_hour", "close_minutes"):
        value = day.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        hours.append(value)
    open_hour, open_minutes, close_hour, close_minutes = hours
    if not (
        0 <= open_hour <= 23
        and 0 <= close_hour <= 23
        and 0 <= open_minutes <= 59
        and 0 <= close_minutes <= 59
    ):
        return False
    return bool(open_hour * 60 + open_minutes < close_hour * 60 + close_minutes)


class Inboxes:
    def __init__(self, store: Store) -> None:
        self._store = store

    def secure_token(self) -> str:
        return self._store.secure_token()

    def default_channel(self, channel_type: str, values: dict[str, Any]) -> dict[str, Any]:
        if channel_type == "Channel::Api":
            channel: dict[str, Any] = {
                "webhook_url": None,
                "hmac_mandatory": False,
                "additional_attributes": {},
                "identifier": self.secure_token(),
                "hmac_token": self.secure_token(),
                # WebhookSecretable (newest upstream): signs the inbox's webhook_url callbacks. Drawn
                # last, so the identifier and hmac_token of an inbox stay what they were before.
                "secret": self.secure_token(),
            }
        elif channel_type == "Channel::WebWidget":
            channel = {
                "website_url": None,
                "widget_color": "#1f93ff",
                "welcome_title": None,
                "welcome_tagline": None,
                "reply_time": "in_a_few_minutes",
                "pre_chat_form_enabled": False,
                "pre_chat_form_options": copy.deepcopy(DEFAULT_PRE_CHAT_OPTIONS),
                "continuity_via_email": True,
                "hmac_mandatory": False,
                "allowed_domains": "",
                "selected_feature_flags": ["attachments", "emoji_picker", "end_conversation"],
                "website_token": self.secure_token(),
                "hmac_token": self.secure_token(),
            }
        else:
            channel = dict(EMAIL_CHANNEL_DEFAULTS)
            channel["forward_to_email"] = f"{self._store.state.tokens.hex(32)}@{INBOUND_EMAIL_DOMAIN}"
        channel.update(values)
        return channel

    def create(
        self,
        *,
        account_id: int,
        name: str,
        channel_type: str = "Channel::Api",
        inbox_id: int | None = None,
        channel: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        members: list[int] | None = None,
        created_at: float | None = None,
    ) -> Inbox:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now() if created_at is None else created_at
        inbox = Inbox(
            id=inbox_id if inbox_id is not None else account.inboxes.next_id(),
            account_id=account_id,
            name=name,
            channel_type=channel_type,
            channel_id=store.state.sequences.next(f"channel:{channel_type}"),
            created_at=now,
            updated_at=now,
            channel=self.default_channel(channel_type, dict(channel or {})),
            members=list(members or []),
        )
        inbox.settings.update(settings or {})
        account.inboxes.add(inbox)
        store.accounts.invalidate_cache_key(account, "inbox")
        store.publish("inbox.created", inbox=inbox)
        return inbox

    def update(
        self,
        inbox: Inbox,
        *,
        name: str | None = None,
        settings: dict[str, Any] | None = None,
        channel: dict[str, Any] | None = None,
        working_hours: list[dict[str, Any]] | None = None,
        avatar_url: str | None = None,
    ) -> None:
        """InboxesController#update: `@inbox.update!` (the inbox row: name and settings), the
        working hours, then the channel's `update!`, whose `has_one :inbox, touch: true` saves the
        inbox again (only `updated_at` changes). Each save that changed something publishes
        `inbox.updated` with its previous_changes and bumps the `inbox` cache key; a save that
        changed nothing publishes nothing (Rails runs no after_update_commit then)."""
        before = {"name": inbox.name, **inbox.settings}
        if name is not None:
            inbox.name = name
        inbox.settings.update(settings or {})
        after = {"name": inbox.name, **inbox.settings}
        changed: dict[str, tuple[Any, Any]] = {
            key: (before.get(key), value) for key, value in after.items() if before.get(key) != value
        }
        if changed:
            self._saved(inbox, changed)
        for change in working_hours or []:
            for day in inbox.working_hours:
                if day["day_of_week"] == change.get("day_of_week"):
                    candidate = {**day, **{k: val for k, val in change.items() if k in day}}
                    if valid_working_hour(candidate):  # `update`, not `update!`: an invalid day is skipped
                        day.update(candidate)
        touched = any(inbox.channel.get(key) != value for key, value in (channel or {}).items())
        inbox.channel.update(channel or {})
        if avatar_url is not None and avatar_url != inbox.avatar_url:
            inbox.avatar_url = avatar_url  # the attachment touches its record
            touched = True
        if touched:
            self._saved(inbox, {})

    def _saved(self, inbox: Inbox, changed: dict[str, tuple[Any, Any]]) -> None:
        previous = inbox.updated_at
        inbox.updated_at = self._store.clock.now()
        changed = {**changed, "updated_at": (previous, inbox.updated_at)}
        self._store.accounts.invalidate_cache_key(self._store.account(inbox.account_id), "inbox")
        self._store.publish("inbox.updated", inbox=inbox, changed=changed)

    def delete(self, inbox: Inbox) -> None:
        store = self._store
        account = store.account(inbox.account_id)
        account.inboxes.remove(inbox.id)
        account.bot_inboxes.pop(inbox.id, None)
        store.contact_inboxes.remove_inbox(account.id, inbox.id)
        gone = [c for c in account.conversations if c.inbox_id == inbox.id]
        store.conversations.delete_all(account.id, gone)  # with their messages and dependents
        # has_many :webhooks, dependent: :destroy_async
        for webhook in [w for w in account.webhooks if w.inbox_id == inbox.id]:
            store.webhooks.delete(webhook)
        # has_many :hooks (Integrations::Hook) and :campaigns, dependent: :destroy_async
        for hook in [h for h in account.hooks if h.inbox_id == inbox.id]:
            store.hooks.delete(hook)
        for campaign in [c for c in account.campaigns if c.inbox_id == inbox.id]:
            store.campaigns.delete(campaign)
        # has_one :inbox_assignment_policy; (enterprise) has_many :inbox_capacity_limits and
        # has_one :captain_inbox; dependent: :destroy
        remove_where(account.inbox_assignment_policies, lambda link: link.inbox_id == inbox.id)
        remove_where(account.inbox_capacity_limits, lambda link: link.inbox_id == inbox.id)
        remove_where(account.captain_inboxes, lambda link: link.inbox_id == inbox.id)
        store.accounts.invalidate_cache_key(account, "inbox")

    def limit(self, account_id: int) -> int:
        """usage_limits[:inboxes]: the account's `limits.inboxes` when set (the platform API writes
        it; enterprise plans read it), else ChatwootApp.max_limit (100 000 in OSS)."""
        value = self._store.account(account_id).limits.get("inboxes")
        return value if isinstance(value, int) and not isinstance(value, bool) else OSS_MAX_LIMIT

    def find(self, inbox_id: int | None) -> Inbox | None:
        """Inbox.find_by(id:) across the installation (ids come from one sequence)."""
        if inbox_id is None:
            return None
        for account in self._store.state.accounts.values():
            inbox = account.inboxes.get(inbox_id)
            if inbox is not None:
                return inbox
        return None

    def reset_secret(self, inbox: Inbox) -> str:
        """Channel::Api#reset_secret! (WebhookSecretable, newest upstream): a new signing secret.
        It saves the channel, not the inbox row: no inbox_updated."""
        inbox.channel["secret"] = self.secure_token()
        return str(inbox.channel["secret"])

    def set_members(self, inbox: Inbox, user_ids: list[int]) -> None:
        """Inbox#add_members / #remove_members: the inbox_members rows change (the inbox row is not
        saved), then update_account_cache bumps the account's `inbox` cache key."""
        inbox.members = list(user_ids)
        self._store.accounts.invalidate_cache_key(self._store.account(inbox.account_id), "inbox")

    # --- visibility (InboxPolicy, User#assigned_inboxes) -----------------------------------------

    def visible_to(self, member: AccountUser) -> list[Inbox]:
        """Administrators: every inbox of the account; agents: the inboxes they are members of."""
        inboxes = list(self._store.account(member.account_id).inboxes)
        if member.administrator:
            return inboxes
        return [inbox for inbox in inboxes if member.user_id in inbox.members]

    def can_see(self, member: AccountUser, inbox: Inbox) -> bool:
        return member.administrator or member.user_id in inbox.members

    # --- contactable inboxes (Contacts::ContactableInboxesService) --------------------------------

    def contactable_source_id(self, contact: Contact, inbox: Inbox) -> str | None:
        store = self._store
        existing: list[ContactInbox] = [
            ci
            for ci in store.contact_inboxes.of_contact(contact.account_id, contact.id)
            if ci.inbox_id == inbox.id
        ]
        if inbox.channel_type == "Channel::Api":
            return existing[-1].source_id if existing else store.contact_inboxes.random_uuid()
        if inbox.channel_type == "Channel::WebWidget":
            conversation_inboxes = {
                c.contact_inbox_id for c in store.conversations.of_contact(contact.account_id, contact.id)
            }
            fresh = [ci for ci in existing if ci.id not in conversation_inboxes]
            return fresh[-1].source_id if fresh else None
        if inbox.channel_type == "Channel::Email":
            return contact.email
        return None
