"""The v2 report metrics, computed from the store: Chatwoot's V2::Reports::Timeseries::* and
Conversations::MetricBuilder (summary), V2::ReportBuilder#conversation_metrics (live counts), at v4.10.

- A subject is what `type` and `id` name: the account, an inbox, an agent (the conversations
  assigned to them, the messages they sent, the reporting events naming them), a label (the
  conversations tagged with its title, their messages and events) or a team (its conversations,
  their messages and events).
- Counts take the rows created in [since, until): conversations, incoming and outgoing messages,
  conversation_resolved / conversation_bot_resolved events, and the distinct conversations with a
  conversation_bot_handoff event. Without since or until the range is nil, which matches nothing.
- Averages are the mean `value` (or `value_in_business_hours`) of first_response,
  conversation_resolved or reply_time events, sent as Rails sends a BigDecimal: a decimal string
  ("120.0"); null when there is none.
- A time series has one entry per period (day by default; hour, week from Sunday, month, year)
  from the period holding `since` up to `until`, in the zone timezone_offset names (with its DST);
  empty periods count 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import field
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.reporting.timeline import count_between, timeline
from fakewoot.store import reporting_events as names
from fakewoot.store.messages import INCOMING, OUTGOING

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.reporting_events import ReportingEvent
    from fakewoot.store.state import Store

COUNT_METRICS = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "resolutions_count",
    "bot_resolutions_count",
    "bot_handoffs_count",
)
AVERAGE_EVENTS = {
    "avg_first_response_time": names.FIRST_RESPONSE,
    "avg_resolution_time": names.CONVERSATION_RESOLVED,
    "reply_time": names.REPLY_TIME,
}
SUMMARY_KEYS = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "avg_first_response_time",
    "avg_resolution_time",
    "resolutions_count",
    "reply_time",
)
BOT_SUMMARY_KEYS = ("bot_resolutions_count", "bot_handoffs_count")
GROUP_BYS = ("day", "week", "month", "year", "hour")
DEFAULT_GROUP_BY = "day"
SUBJECT_TYPES = ("account", "inbox", "agent", "label", "team")
COUNT_EVENTS = {
    "resolutions_count": names.CONVERSATION_RESOLVED,
    "bot_resolutions_count": names.CONVERSATION_BOT_RESOLVED,
}

Range = tuple[float, float] | None  # [since, until); None when either bound is blank


@dataclass(slots=True)
class Subject:
    """The rows one report is about."""

    store: Store
    account: Account
    kind: str
    record_id: int | None = None
    label_title: str | None = None
    # what one request has gathered already (a summary reads the same rows for two periods)
    cache: dict[str, Any] = field(default_factory=dict)

    def conversations(self) -> Iterator[Conversation]:
        rows = self.account.conversations.values()
        if self.kind == "account":
            return iter(rows)
        if self.kind == "inbox":
            return (c for c in rows if c.inbox_id == self.record_id)
        if self.kind == "agent":
            return (c for c in rows if c.assignee_id == self.record_id)
        if self.kind == "team":
            return (c for c in rows if c.team_id == self.record_id)
        return (c for c in rows if self.label_title in c.labels)

    def _conversation_ids(self) -> set[int]:
        if "conversation_ids" not in self.cache:
            self.cache["conversation_ids"] = {c.id for c in self.conversations()}
        ids: set[int] = self.cache["conversation_ids"]
        return ids

    def conversation_times(self) -> list[float]:
        if self.kind == "account":
            return timeline(self.store.reporting_events.indexes, self.account).conversations
        return sorted(c.created_at for c in self.conversations())

    def message_times(self, message_type: int) -> list[float]:
        if self.kind == "account":
            index = timeline(self.store.reporting_events.indexes, self.account)
            return index.incoming if message_type == INCOMING else index.outgoing
        key = f"messages:{message_type}"
        if key not in self.cache:
            index = timeline(self.store.reporting_events.indexes, self.account)
            if self.kind in ("inbox", "agent"):  # one sorted group: no copy
                by = index.by_inbox if self.kind == "inbox" else index.by_sender
                found_times = by.get(self.record_id or 0, ([], []))
                self.cache[f"messages:{INCOMING}"], self.cache[f"messages:{OUTGOING}"] = found_times
                return found_times[0] if message_type == INCOMING else found_times[1]
            found = (index.by_conversation.get(i) for i in self._conversation_ids())
            groups = [times for times in found if times is not None]
            for side, kind in enumerate((INCOMING, OUTGOING)):
                merged = [at for times in groups for at in times[side]]
                self.cache[f"messages:{kind}"] = sorted(merged)
        times: list[float] = self.cache.get(key, [])
        return times

    def events(self, name: str) -> list[ReportingEvent]:
        if "events" not in self.cache:
            grouped: dict[str, list[ReportingEvent]] = {}
            for event in self._scoped_events():
                grouped.setdefault(event.name, []).append(event)
            self.cache["events"] = grouped
        events: list[ReportingEvent] = self.cache["events"].get(name, [])
        return events

    def _scoped_events(self) -> Iterator[ReportingEvent]:
        rows = self.account.reporting_events.values()
        if self.kind == "account":
            return iter(rows)
        if self.kind == "inbox":
            return (e for e in rows if e.inbox_id == self.record_id)
        if self.kind == "agent":
            return (e for e in rows if e.user_id == self.record_id)
        ids = self._conversation_ids()
        return (e for e in rows if e.conversation_id in ids)


# --- values ---------------------------------------------------------------------------------------


def decimal_string(value: float) -> str:
    """BigDecimal#to_s as ActiveSupport writes it to JSON: plain notation, at least one decimal."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def _in_range(times: Iterable[float], window: Range) -> list[float]:
    if window is None:
        return []
    since, until = window
    return [t for t in times if since <= t < until]


def _events_in_range(events: list[ReportingEvent], window: Range) -> list[ReportingEvent]:
    if window is None:
        return []
    since, until = window
    return [e for e in events if since <= e.created_at < until]


def _existing(subject: Subject, events: list[ReportingEvent]) -> list[ReportingEvent]:
    """The inner join on conversations: events whose conversation still exists."""
    rows = subject.account.conversations.rows
    return [e for e in events if e.conversation_id in rows]


def count(subject: Subject, metric: str, window: Range) -> int:
    if window is None:
        return 0
    since, until = window
    if metric == "conversations_count":
        return count_between(subject.conversation_times(), since, until)
    if metric in ("incoming_messages_count", "outgoing_messages_count"):
        kind = INCOMING if metric == "incoming_messages_count" else OUTGOING
        return count_between(subject.message_times(kind), since, until)
    if metric == "bot_handoffs_count":
        handoffs = _events_in_range(subject.events(names.CONVERSATION_BOT_HANDOFF), window)
        return len({e.conversation_id for e in _existing(subject, handoffs)})
    return len(_events_in_range(subject.events(COUNT_EVENTS[metric]), window))


def average(subject: Subject, metric: str, window: Range, business_hours: bool) -> str | None:
    events = _events_in_range(subject.events(AVERAGE_EVENTS[metric]), window)
    if not events:
        return None
    values = [e.value_in_business_hours if business_hours else e.value for e in events]
    return decimal_string(sum(values) / len(values))


def summary(subject: Subject, window: Range, business_hours: bool) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for key in SUMMARY_KEYS:
        if key in AVERAGE_EVENTS:
            body[key] = average(subject, key, window, business_hours)
        else:
            body[key] = count(subject, key, window)
    return body


def bot_summary(subject: Subject, window: Range) -> dict[str, Any]:
    return {key: count(subject, key, window) for key in BOT_SUMMARY_KEYS}


# --- time series ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Periods:
    """Groupdate's periods in a named zone (its DST included): hours, and days, weeks from Sunday,
    months and years starting at the zone's local midnight. A midnight that a DST change skips is
    the first instant after the gap (ActiveSupport moves a time in the gap forward), an ambiguous
    one its first occurrence. The hour a fall-back repeats is one group, at its second (standard
    time) occurrence: date_trunc('hour', ... AT TIME ZONE) AT TIME ZONE reads it so."""

    group_by: str
    zone: tzinfo = UTC

    def _midnight(self, day: date) -> float:
        return datetime(day.year, day.month, day.day, tzinfo=self.zone).timestamp()

    def start(self, epoch: float) -> float:
        """The start (Unix seconds) of the period holding `epoch`."""
        local = datetime.fromtimestamp(epoch, self.zone)
        if self.group_by == "hour":  # PostgreSQL reads a repeated wall-clock hour as standard time
            return local.replace(minute=0, second=0, microsecond=0, fold=1).timestamp()
        day = local.date()
        if self.group_by == "week":  # weeks start on Sunday (Monday is weekday 0)
            day -= timedelta(days=(day.weekday() + 1) % 7)
        elif self.group_by == "month":
            day = day.replace(day=1)
        elif self.group_by == "year":
            day = day.replace(month=1, day=1)
        return self._midnight(day)

    def following(self, start: float) -> float:
        if self.group_by == "hour":
            return start + 3600
        day = datetime.fromtimestamp(start, self.zone).date()
        if self.group_by == "day":
            return self._midnight(day + timedelta(days=1))
        if self.group_by == "week":
            return self._midnight(day + timedelta(days=7))
        if self.group_by == "month":
            return self._midnight((day.replace(day=28) + timedelta(days=4)).replace(day=1))
        return self._midnight(day.replace(year=day.year + 1, month=1, day=1))

    def series(self, window: Range) -> list[float]:
        if window is None or window[1] <= window[0]:
            return []
        since, until = window
        out: list[float] = []
        current = self.start(since)
        while current < until:
            out.append(current)
            current = self.following(current)
        return out


def _bucketed(periods: Periods, window: Range, times: Iterable[float]) -> dict[float, list[float]]:
    return _group(periods, window, ((t, t) for t in times))


def _group(periods: Periods, window: Range, pairs: Iterable[tuple[float, float]]) -> dict[float, list[float]]:
    """Period start -> the values whose time falls in it, every period of the window present."""
    buckets: dict[float, list[float]] = {start: [] for start in periods.series(window)}
    if window is None:
        return buckets
    since, until = window
    for at, value in pairs:
        if since <= at < until:
            buckets.setdefault(periods.start(at), []).append(value)
    return buckets


def count_series(subject: Subject, metric: str, window: Range, periods: Periods) -> list[dict[str, Any]]:
    if metric == "conversations_count":
        groups = _bucketed(periods, window, _in_range(subject.conversation_times(), window))
    elif metric in ("incoming_messages_count", "outgoing_messages_count"):
        kind = INCOMING if metric == "incoming_messages_count" else OUTGOING
        groups = _bucketed(periods, window, _in_range(subject.message_times(kind), window))
    elif metric == "bot_handoffs_count":
        handoffs = _existing(subject, subject.events(names.CONVERSATION_BOT_HANDOFF))
        pairs = ((e.created_at, float(e.conversation_id or 0)) for e in handoffs)
        groups = {k: sorted(set(v)) for k, v in _group(periods, window, pairs).items()}
    else:
        events = subject.events(COUNT_EVENTS[metric])
        groups = _bucketed(periods, window, (e.created_at for e in events))
    return [{"value": len(values), "timestamp": int(start)} for start, values in sorted(groups.items())]


def average_series(
    subject: Subject, metric: str, window: Range, periods: Periods, business_hours: bool
) -> list[dict[str, Any]]:
    events = subject.events(AVERAGE_EVENTS[metric])
    pairs = ((e.created_at, e.value_in_business_hours if business_hours else e.value) for e in events)
    out: list[dict[str, Any]] = []
    for start, values in sorted(_group(periods, window, pairs).items()):
        value: str | int = decimal_string(sum(values) / len(values)) if values else 0
        out.append({"value": value, "timestamp": int(start), "count": len(values)})
    return out


def timeseries(
    subject: Subject, metric: str, window: Range, periods: Periods, business_hours: bool
) -> list[dict[str, Any]]:
    if metric in AVERAGE_EVENTS:
        return average_series(subject, metric, window, periods, business_hours)
    return count_series(subject, metric, window, periods)


# --- live conversation counts ---------------------------------------------------------------------


def live_counts(subject: Subject, *, account_wide: bool) -> dict[str, int]:
    """V2::ReportBuilder#live_conversations: open conversations; unattended ones (no first reply
    yet, or waiting); for type=account also unassigned, and `pending`, which upstream counts among
    the open ones (status open AND pending) and so is always 0."""
    opened = [c for c in subject.conversations() if c.status == "open"]
    body = {
        "open": len(opened),
        "unattended": sum(
            1 for c in opened if c.first_reply_created_at is None or c.waiting_since is not None
        ),
    }
    if account_wide:
        body["unassigned"] = sum(1 for c in opened if c.assignee_id is None)
        body["pending"] = sum(1 for c in opened if c.status == "pending")
    return body


# --- bot metrics ----------------------------------------------------------------------------------


def bot_metrics(store: Store, account: Account, window: Range) -> dict[str, int]:
    """V2::Reports::BotMetricsBuilder: conversations created in the range in inboxes with an active
    bot, the outgoing messages of those created in the range, and the distinct conversations with a
    conversation_bot_resolved / conversation_bot_handoff event in the range as whole percentages of
    them (0 without bot conversations)."""
    bot_inboxes = {i.id for i in account.inboxes.values() if store.agent_bots.of_inbox(account.id, i.id)}
    rows = account.conversations.rows
    conversations = [c for c in rows.values() if c.inbox_id in bot_inboxes and _within(c.created_at, window)]
    ids = {c.id for c in conversations}
    messages = sum(
        1
        for m in account.messages.values()
        if m.conversation_id in ids and m.message_type == OUTGOING and _within(m.created_at, window)
    )

    def distinct(name: str) -> int:
        return len(
            {
                e.conversation_id
                for e in account.reporting_events.values()
                if e.name == name and e.conversation_id in rows and _within(e.created_at, window)
            }
        )

    total = len(conversations)
    resolved, handed_off = distinct(names.CONVERSATION_BOT_RESOLVED), distinct(names.CONVERSATION_BOT_HANDOFF)
    return {
        "conversation_count": total,
        "message_count": messages,
        "resolution_rate": int(resolved / total * 100) if total else 0,
        "handoff_rate": int(handed_off / total * 100) if total else 0,
    }


def _within(at: float, window: Range) -> bool:
    return window is not None and window[0] <= at < window[1]
