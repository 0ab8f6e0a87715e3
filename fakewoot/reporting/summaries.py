"""The per-agent, per-inbox, per-team, per-label and per-channel summaries the reports screens list:
Chatwoot's V2::Reports::{Agent,Inbox,Team,Label,Channel}SummaryBuilder at v4.10.

- agent / inbox / team: one row per account user / inbox / team, in id order: conversations created
  in [since, until) grouped by assignee / inbox / team; reporting events created in the range
  grouped by their user / inbox / their conversation's current team (events of deleted
  conversations drop out of the team grouping): conversation_resolved count, and the mean value
  (or value_in_business_hours) of conversation_resolved, first_response and reply_time events, as
  floats (Postgres AVG through a select), null when a row has none. Without since or until
  nothing matches.
- label: one row per label (key order id, name, ...): conversations created in the range carrying
  it; resolutions counted by the event's created_at; the averages over events of tagged
  conversations created in the range; missing averages are 0, not null. Without a range every
  row counts.
- channel: {channel_type: {open, resolved, pending, snoozed, total}} for conversations created in
  the range; without a range, {}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakewoot.store import reporting_events as names

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.reporting_events import ReportingEvent

Range = tuple[float, float] | None
AVERAGED = (
    ("avg_resolution_time", names.CONVERSATION_RESOLVED),
    ("avg_first_response_time", names.FIRST_RESPONSE),
    ("avg_reply_time", names.REPLY_TIME),
)
STATUSES = ("open", "resolved", "pending", "snoozed")


def _within(at: float, window: Range) -> bool:
    return window is not None and window[0] <= at < window[1]


def _value(event: ReportingEvent, business_hours: bool) -> float:
    return event.value_in_business_hours if business_hours else event.value


class _Groups:
    """Per-key event aggregates: the resolved count and the values of each averaged event name."""

    def __init__(self) -> None:
        self.resolved: dict[Any, int] = defaultdict(int)
        self.values: dict[tuple[Any, str], list[float]] = defaultdict(list)
        self.keys: set[Any] = set()

    def add(self, key: Any, event: ReportingEvent, business_hours: bool) -> None:
        self.keys.add(key)
        if event.name == names.CONVERSATION_RESOLVED:
            self.resolved[key] += 1
        if event.name in (names.CONVERSATION_RESOLVED, names.FIRST_RESPONSE, names.REPLY_TIME):
            self.values[(key, event.name)].append(_value(event, business_hours))

    def average(self, key: Any, name: str) -> float | None:
        values = self.values.get((key, name))
        return sum(values) / len(values) if values else None


def _grouped_summary(
    account: Account,
    window: Range,
    business_hours: bool,
    ids: list[int],
    conversation_key: Callable[[Conversation], int | None],
    event_key: Callable[[ReportingEvent], Any],
) -> list[dict[str, Any]]:
    counts: dict[Any, int] = defaultdict(int)
    for conversation in account.conversations.values():
        if _within(conversation.created_at, window):
            counts[conversation_key(conversation)] += 1
    groups = _Groups()
    for event in account.reporting_events.values():
        if _within(event.created_at, window):
            key = event_key(event)
            if key is not _MISSING:
                groups.add(key, event, business_hours)
    rows = []
    for record_id in ids:
        row: dict[str, Any] = {
            "id": record_id,
            "conversations_count": counts.get(record_id, 0),
            "resolved_conversations_count": groups.resolved.get(record_id, 0),
        }
        for key, name in AVERAGED:
            row[key] = groups.average(record_id, name)
        rows.append(row)
    return rows


_MISSING = object()


def agent_summary(account: Account, window: Range, business_hours: bool) -> list[dict[str, Any]]:
    ids = [member.user_id for member in account.members.values()]
    return _grouped_summary(
        account, window, business_hours, ids, lambda c: c.assignee_id, lambda e: e.user_id
    )


def inbox_summary(account: Account, window: Range, business_hours: bool) -> list[dict[str, Any]]:
    ids = [inbox.id for inbox in account.inboxes.values()]
    return _grouped_summary(account, window, business_hours, ids, lambda c: c.inbox_id, lambda e: e.inbox_id)


def team_summary(account: Account, window: Range, business_hours: bool) -> list[dict[str, Any]]:
    ids = [team.id for team in account.teams.values()]
    conversations = account.conversations.rows

    def team_of(event: ReportingEvent) -> Any:
        conversation = conversations.get(event.conversation_id or 0)
        return _MISSING if conversation is None else conversation.team_id  # the inner join

    return _grouped_summary(account, window, business_hours, ids, lambda c: c.team_id, team_of)


def label_summary(account: Account, window: Range, business_hours: bool) -> list[dict[str, Any]]:
    labels = list(account.labels.values())
    if not labels:
        return []

    def in_range(at: float) -> bool:  # no range: no filter
        return window is None or window[0] <= at < window[1]

    conversations = account.conversations.rows
    counts: dict[str, int] = defaultdict(int)
    for conversation in conversations.values():
        if in_range(conversation.created_at):
            for title in conversation.labels:
                counts[title] += 1
    resolved: dict[str, int] = defaultdict(int)
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for event in account.reporting_events.values():
        tagged = conversations.get(event.conversation_id or 0)
        if tagged is None:
            continue
        for title in tagged.labels:
            if event.name == names.CONVERSATION_RESOLVED and in_range(event.created_at):
                resolved[title] += 1
            if in_range(tagged.created_at):
                values[(title, event.name)].append(_value(event, business_hours))
    rows = []
    for label in labels:
        row: dict[str, Any] = {
            "id": label.id,
            "name": label.title,
            "conversations_count": counts.get(label.title, 0),
        }
        for key, name in AVERAGED:
            found = values.get((label.title, name))
            row[key] = sum(found) / len(found) if found else 0
        row["resolved_conversations_count"] = resolved.get(label.title, 0)
        rows.append(row)
    return rows


def channel_summary(account: Account, window: Range) -> dict[str, dict[str, int]]:
    grouped: dict[str, dict[str, int]] = {}
    inboxes = account.inboxes.rows
    for conversation in account.conversations.values():
        inbox = inboxes.get(conversation.inbox_id)
        if inbox is None or not _within(conversation.created_at, window):
            continue
        statuses = grouped.setdefault(inbox.channel_type, {})
        statuses[conversation.status] = statuses.get(conversation.status, 0) + 1
    body: dict[str, dict[str, int]] = {}
    for channel_type, statuses in grouped.items():
        row = {status: statuses.get(status, 0) for status in STATUSES}
        body[channel_type] = {**row, "total": sum(row.values())}
    return body
