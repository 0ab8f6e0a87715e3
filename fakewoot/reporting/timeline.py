"""A sorted time index of an account's conversations and messages, for the account-wide counts:
counting the rows created in [since, until) becomes two bisections instead of a scan of every
message (200,000 messages scan in ~20 ms; the bisections in microseconds).

The index is derived from the tables and kept on the store's reporting_events service. The
reporting listener adds each new message and conversation to a built index (a bisection insert);
any other change of a table's identity, size or newest id (a row removed, a snapshot restored, a
row the listener did not see) makes the next read rebuild it.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.messages import INCOMING, OUTGOING

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.base import Table
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message


def _key(table: Table[Any]) -> tuple[int, int, int]:
    rows = table.rows
    return (id(rows), len(rows), next(reversed(rows)) if rows else 0)


Times = tuple[list[float], list[float]]  # (incoming, outgoing) created_at values


@dataclass(slots=True)
class Timeline:
    key: tuple[tuple[int, int, int], tuple[int, int, int]]
    conversations: list[float]
    incoming: list[float]
    outgoing: list[float]
    # the same message times per inbox, per sending user and per conversation, each sorted
    by_inbox: dict[int, Times]
    by_sender: dict[int, Times]
    by_conversation: dict[int, Times]


def timeline(indexes: dict[int, Any], account: Account) -> Timeline:
    key = (_key(account.conversations), _key(account.messages))
    found = indexes.get(account.id)
    if isinstance(found, Timeline) and found.key == key:
        return found
    incoming: list[float] = []
    outgoing: list[float] = []
    by_inbox: dict[int, Times] = {}
    by_sender: dict[int, Times] = {}
    by_conversation: dict[int, Times] = {}
    for message in account.messages.values():
        kind = message.message_type
        if kind != INCOMING and kind != OUTGOING:
            continue
        at = message.created_at
        side = 0 if kind == INCOMING else 1
        (incoming if side == 0 else outgoing).append(at)
        _times(by_inbox, message.inbox_id)[side].append(at)
        _times(by_conversation, message.conversation_id)[side].append(at)
        if message.sender_type == "User" and message.sender_id is not None:
            _times(by_sender, message.sender_id)[side].append(at)
    incoming.sort()
    outgoing.sort()
    for groups in (by_inbox, by_sender, by_conversation):
        for times in groups.values():
            times[0].sort()
            times[1].sort()
    conversations = sorted(c.created_at for c in account.conversations.values())
    built = Timeline(key, conversations, incoming, outgoing, by_inbox, by_sender, by_conversation)
    indexes[account.id] = built
    return built


def _key_before_last(table: Table[Any]) -> tuple[int, int, int]:
    """The table's key as it was before its newest row was added."""
    rows = table.rows
    newest_first = reversed(rows)
    next(newest_first, None)
    return (id(rows), len(rows) - 1, next(newest_first, 0))


def note_message(indexes: dict[int, Any], account: Account, message: Message) -> None:
    """Keep a built index current when `message` was the last row added (else the next read rebuilds)."""
    found = indexes.get(account.id)
    if not isinstance(found, Timeline) or not account.messages.rows:
        return
    if next(reversed(account.messages.rows)) != message.id:
        return
    if found.key != (_key(account.conversations), _key_before_last(account.messages)):
        return
    found.key = (found.key[0], _key(account.messages))
    kind = message.message_type
    if kind != INCOMING and kind != OUTGOING:
        return
    side, at = (0 if kind == INCOMING else 1), message.created_at
    insort(found.incoming if side == 0 else found.outgoing, at)
    insort(_times(found.by_inbox, message.inbox_id)[side], at)
    insort(_times(found.by_conversation, message.conversation_id)[side], at)
    if message.sender_type == "User" and message.sender_id is not None:
        insort(_times(found.by_sender, message.sender_id)[side], at)


def note_conversation(indexes: dict[int, Any], account: Account, conversation: Conversation) -> None:
    """Keep a built index current when `conversation` was the last row added."""
    found = indexes.get(account.id)
    if not isinstance(found, Timeline) or not account.conversations.rows:
        return
    if next(reversed(account.conversations.rows)) != conversation.id:
        return
    if found.key != (_key_before_last(account.conversations), _key(account.messages)):
        return
    found.key = (_key(account.conversations), found.key[1])
    insort(found.conversations, conversation.created_at)


def _times(groups: dict[int, Times], key: int) -> Times:
    found = groups.get(key)
    if found is None:
        found = groups[key] = ([], [])
    return found


def count_between(times: list[float], since: float, until: float) -> int:
    """Rows with since <= created_at < until in a sorted list."""
    if until <= since:
        return 0
    return bisect_left(times, until) - bisect_left(times, since)
