"""Campaigns (app/models/campaign.rb at v4.10): per-account display ids, and the model's rules.

Before validation the type follows the inbox: SMS and WhatsApp inboxes make one-off campaigns,
every other inbox an ongoing one (scheduled_at cleared). fakewoot's inboxes are API, website and
email, so every campaign here is `ongoing`, and only a website inbox is accepted ("Unsupported Inbox
type" otherwise). Validations in the model's order, then belongs_to's `must exist`.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, MSG_MUST_EXIST, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.state import Store

CAMPAIGN_INBOX_TYPES = ("Channel::WebWidget",)  # "Website"; Twilio SMS, Sms, Whatsapp are not modelled
MSG_UNSUPPORTED_INBOX = "{attr} Unsupported Inbox type"
MSG_URL_INVALID = "{attr} invalid"
MSG_COMPLETED = "{attr} The campaign is already completed"
MSG_OTHER_ACCOUNT = "{attr} must belong to the same account as the campaign"


@dataclass(slots=True)
class Campaign:
    id: int
    display_id: int
    account_id: int
    inbox_id: int
    title: str
    message: str
    created_at: float
    updated_at: float
    description: str | None = None
    sender_id: int | None = None
    enabled: bool | None = True
    trigger_rules: dict[str, Any] = field(default_factory=dict)
    campaign_type: str = "ongoing"
    campaign_status: str = "active"
    audience: Any = field(default_factory=list)
    scheduled_at: float | None = None
    trigger_only_during_business_hours: bool | None = False
    template_params: dict[str, Any] | None = None


FIELDS = (
    "title",
    "description",
    "message",
    "enabled",
    "trigger_only_during_business_hours",
    "inbox_id",
    "sender_id",
    "scheduled_at",
    "audience",
    "trigger_rules",
    "template_params",
)


def _inbox(store: Store, inbox_id: int | None) -> Inbox | None:
    """Inbox.find_by(id:) as belongs_to loads it: any account's."""
    if inbox_id is None:
        return None
    for account in store.state.accounts.values():
        found = account.inboxes.get(inbox_id)
        if found is not None:
            return found
    return None


class Campaigns:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[Campaign]:
        return sorted(self._store.account(account_id).campaigns.values(), key=lambda c: c.id)

    def of_inbox(self, account_id: int, inbox_id: int) -> list[Campaign]:
        return [c for c in self.of(account_id) if c.inbox_id == inbox_id]

    def by_display_id(self, account_id: int, display_id: int | None) -> Campaign | None:
        if display_id is None:
            return None
        return next((c for c in self.of(account_id) if c.display_id == display_id), None)

    def _validate(self, values: dict[str, Any], creating: bool, status: str) -> None:
        store = self._store
        account_id = values["account_id"]
        inbox = _inbox(store, values.get("inbox_id"))
        errors = Errors()
        if values.get("inbox_id") is None:
            errors.pairs.append(("inbox_id", MSG_BLANK.format(attr="Inbox")))  # humanize drops "_id"
        if blank(values.get("title")):
            errors.add("title", MSG_BLANK)
        if blank(values.get("message")):
            errors.add("message", MSG_BLANK)
        if inbox is not None and inbox.channel_type not in CAMPAIGN_INBOX_TYPES:
            errors.add("inbox", MSG_UNSUPPORTED_INBOX)
        url = (values.get("trigger_rules") or {}).get("url")
        web = inbox is not None and inbox.channel_type == "Channel::WebWidget"
        if url and web and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            errors.add("url", MSG_URL_INVALID)
        if not creating and status == "completed":
            errors.add("status", MSG_COMPLETED)
        sender_id = values.get("sender_id")
        sender = None if sender_id is None else store.state.users.get(sender_id)
        if sender is not None and sender.id not in store.account(account_id).members:
            errors.pairs.append(("sender_id", MSG_OTHER_ACCOUNT.format(attr="Sender")))
        if inbox is not None and inbox.account_id != account_id:
            errors.pairs.append(("inbox_id", MSG_OTHER_ACCOUNT.format(attr="Inbox")))
        if inbox is None:
            errors.add("inbox", MSG_MUST_EXIST)
        errors.raise_if_any()

    def create(self, account_id: int, values: dict[str, Any], campaign_id: int | None = None) -> Campaign:
        store = self._store
        account = store.account(account_id)
        merged: dict[str, Any] = {**values, "account_id": account_id}
        self._validate(merged, True, "active")
        now = store.clock.now()
        account.campaign_display_ids += 1
        record = Campaign(
            id=account.campaigns.next_id() if campaign_id is None else campaign_id,
            display_id=account.campaign_display_ids,
            account_id=account_id,
            inbox_id=merged["inbox_id"],
            title=merged["title"],
            message=merged["message"],
            created_at=now,
            updated_at=now,
        )
        self._assign(record, values)
        return account.campaigns.add(record)

    @staticmethod
    def _assign(record: Campaign, values: dict[str, Any]) -> bool:
        changed = False
        for key in FIELDS:
            if key in values and getattr(record, key) != values[key]:
                setattr(record, key, values[key])
                changed = True
        record.campaign_type, record.scheduled_at = "ongoing", None  # ensure_correct_campaign_attributes
        return changed

    def update(self, record: Campaign, values: dict[str, Any]) -> None:
        current = {key: getattr(record, key) for key in FIELDS}
        merged = {**current, **values, "account_id": record.account_id}
        self._validate(merged, False, record.campaign_status)
        if self._assign(record, values):
            record.updated_at = self._store.clock.now()

    def delete(self, record: Campaign) -> None:
        self._store.account(record.account_id).campaigns.remove(record.id)
