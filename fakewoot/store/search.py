"""Global search (SearchService at v4.10, without the enterprise search engine): the rows each of
/search, /search/conversations, /search/contacts, /search/messages and /search/articles renders.

Source: app/services/search_service.rb. The query is `params[:q].to_s.strip`, matched with
`ILIKE '%q%'` (so `%` and `_` stay wildcards and a backslash escapes the next character, as in
Postgres); 15 rows a page (Kaminari `page(params[:page]).per(15)`).
- conversations: the account's conversations in the caller's assigned inboxes (administrators: all
  inboxes; agents: their inbox memberships) joined with their contact, where the display_id as text
  or the contact's name, email, phone number or identifier ILIKE the query; newest created first.
- contacts: the account's resolved contacts (crm_v2: leads) whose name, email, phone number or
  identifier ILIKE the query; last_activity_at descending, NULLs last.
- messages: the account's messages created in the last three calendar months, in the caller's
  inboxes unless the caller is an administrator or a member of every inbox, whose content ILIKE the
  query (a NULL content never matches); newest first. With the internal `search_with_gin` feature the
  content is matched as PostgreSQL's english full-text search matches a phrase (`to_tsquery('a <-> b')`:
  stop words, Snowball stems; fakewoot/store/tsearch.py) instead.
- articles: Article.text_search: every query word a prefix of a word of the title, description or
  content (pg_search's tsearch, simple dictionary, prefix), ranked by ts_rank with title A,
  description B, content C and normalization 2, ties by id; a query without words finds none.
With the (premium, off by default) `advanced_search` feature, `since`/`until` (epoch seconds, capped
to 90 days back and ahead) filter conversations on last_activity_at, contacts on last_activity_at,
messages on created_at; messages also honour `from` (`contact:<id>`/`agent:<id>`) and `inbox_id`
(ignored for an inbox the caller cannot see). Ties in the order, left unspecified by Postgres, are
broken by ascending id.
"""

from __future__ import annotations

import calendar
import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.events.bus import Event
from fakewoot.events.types import CONTACT_EVENTS, MESSAGE_UPDATED
from fakewoot.records import dataclass
from fakewoot.store.contacts import Contact, resolved_test
from fakewoot.store.sql import like_search

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.accounts import Account
    from fakewoot.store.articles import Article
    from fakewoot.store.base import Table
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

PER_PAGE = 15
RUBY_STRIP = " \t\n\v\f\r\x00"
ADVANCED_SEARCH = "advanced_search"
SEARCH_WITH_GIN = "search_with_gin"
LOOKBACK_DAYS = 90
_DAY = 86_400
_FROM = re.compile(r"(contact|agent):([0-9]+)")
# characters to_tsquery reads as syntax: a query holding one is a Postgres syntax error upstream (500)
TSQUERY_SYNTAX = frozenset("&|!():*<>'\\")

Matcher = Callable[[str | None], bool]


class TsquerySyntaxError(ValueError):
    """to_tsquery refused the query (upstream an unhandled PG::SyntaxError, a 500)."""


@dataclass(frozen=True)
class SearchParams:
    query: str
    page: int  # Kaminari's page: to_i, below 1 served as 1
    since: int | None = None  # epoch seconds, when present
    until: int | None = None
    sender: tuple[str, int] | None = None  # ("User" | "Contact", id) from `from`
    inbox_id: int | None = None  # `inbox_id.to_i`, when present and non-zero


def like_matcher(query: str) -> Matcher:
    """`column ILIKE '%query%'` as a predicate (store/sql.py); NULL never matches."""
    return like_search(query)


def phrase_matcher(query: str) -> Matcher:
    """`content @@ to_tsquery('w1 <-> w2 ...')` (fakewoot/store/tsearch.py); a blank query matches all."""
    if any(ch in TSQUERY_SYNTAX for ch in query):
        raise TsquerySyntaxError(query)
    if not query.split():
        return lambda text: True
    from fakewoot.store import tsearch  # the stemmer's tables load with the first search

    return tsearch.phrase_matcher(query)


def months_ago(now: float, months: int) -> float:
    """ActiveSupport `n.months.ago`: the same day and time n calendar months back, the day clamped."""
    moment = datetime.fromtimestamp(now, UTC)
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day).timestamp()


# --- the text index ----------------------------------------------------------------------------
#
# A derived cache, never the truth: per account, the lowered searchable text of every contact (name,
# email, phone number, identifier) and every message (content), joined into one string that str.find
# scans at C speed. A hit is only a candidate: the row is checked again against the live record with
# the real ILIKE. The cache is dropped on contact events and message updates, rebuilt when its table
# was replaced (reset, snapshot restore) or shrank, and extended when rows were only appended.

_ROW = "\x1e"
_FIELD = "\x1f"
_SEPARATORS = frozenset(_ROW + _FIELD)


@dataclass
class _Haystack:
    table: object
    rows: list[object] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    text: str = ""
    joined_upto: int = 0
    count: int = 0  # rows of the table when built or extended
    last_key: int | None = None
    tail: list[Any] = field(default_factory=list)

    def append(self, row: object, lowered: str) -> None:
        start = self.starts[-1] + len(self.parts[-1]) + 1 if self.parts else 0
        self.rows.append(row)
        self.starts.append(start)
        self.parts.append(lowered)

    def haystack(self) -> str:
        if self.joined_upto != len(self.parts):
            self.text = _ROW.join(self.parts)
            self.joined_upto = len(self.parts)
        return self.text

    def iter_candidates(self, needle: str) -> Iterator[object]:
        """The rows whose lowered text holds `needle`, lazily, in the haystack's order."""
        text = self.haystack()
        starts, rows = self.starts, self.rows
        find = text.find
        at = find(needle)
        while at != -1:
            index = bisect_right(starts, at) - 1
            yield rows[index]
            if index + 1 >= len(starts):
                return
            at = find(needle, starts[index + 1])

    def candidates(self, needle: str) -> list[object]:
        """The rows whose lowered text holds `needle` (in table order)."""
        text = self.haystack()
        found: list[object] = []
        starts, rows = self.starts, self.rows
        find = text.find
        at = find(needle)
        while at != -1:
            index = bisect_right(starts, at) - 1
            found.append(rows[index])
            if index + 1 >= len(starts):
                break
            at = find(needle, starts[index + 1])
        return found


def _contact_text(contact: Contact) -> str:
    return _FIELD.join(
        (contact.name or "", contact.email or "", contact.phone_number or "", contact.identifier or "")
    ).lower()


_MAX_TAIL = 5_000


def _newest_first(message: Message) -> tuple[float, int]:
    return (-message.created_at, message.id)


def _message_text(message: Message) -> str:
    return (message.content or "").lower()


class SearchIndex:
    """The text index of every account, kept per store (see above)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._contacts: dict[int, _Haystack] = {}
        self._messages: dict[int, _Haystack] = {}
        store.bus.subscribe(self.on_event)

    def on_event(self, event: Event) -> None:
        if event.name in CONTACT_EVENTS:
            contact = event.data.get("contact")
            self._contacts.pop(getattr(contact, "account_id", None) or 0, None)
        elif event.name == MESSAGE_UPDATED:
            message = event.data.get("message")
            self._messages.pop(getattr(message, "account_id", None) or 0, None)

    @staticmethod
    def usable(needle: str) -> bool:
        """A plain substring (no LIKE wildcard, escape or separator, not blank) can use the index."""
        return bool(needle) and not any(ch in needle for ch in "%_\\") and not (_SEPARATORS & set(needle))

    def _fresh(
        self, cache: dict[int, _Haystack], account_id: int, table: Table[Any], text: Callable[[Any], str]
    ) -> _Haystack:
        """Contacts: in id order, extended in place when rows were only appended."""
        current = cache.get(account_id)
        count, last_key = len(table), next(reversed(table.rows), None)
        if current is not None and current.table is table:
            if (current.count, current.last_key) == (count, last_key):
                return current
            if current.count < count and table.monotonic and current.last_key in table.rows:
                for row in itertools.islice(table.values(), current.count, None):
                    current.append(row, text(row))
                current.count, current.last_key = count, last_key
                return current
        fresh = _Haystack(table)
        for row in sorted(table.values(), key=lambda r: r.id) if not table.monotonic else table.values():
            fresh.append(row, text(row))
        fresh.count, fresh.last_key = count, last_key
        cache[account_id] = fresh
        return fresh

    def _fresh_messages(self, account: Account) -> _Haystack:
        """Messages: newest created first (ties by id), so a page needs only the first hits; rows
        appended since the build wait in `tail` (checked one by one) until there are too many."""
        table = account.messages
        current = self._messages.get(account.id)
        count, last_key = len(table), next(reversed(table.rows), None)
        if current is not None and current.table is table:
            if (current.count, current.last_key) == (count, last_key):
                return current
            grown = count - current.count
            appendable = table.monotonic and current.last_key in table.rows
            if grown > 0 and len(current.tail) + grown <= _MAX_TAIL and appendable:
                current.tail.extend(itertools.islice(table.values(), current.count, None))
                current.count, current.last_key = count, last_key
                return current
        fresh = _Haystack(table)
        for row in sorted(table.values(), key=_newest_first):
            fresh.append(row, _message_text(row))
        fresh.count, fresh.last_key = count, last_key
        self._messages[account.id] = fresh
        return fresh

    def contacts(self, account: Account, needle: str) -> list[Contact]:
        """Contacts whose name, email, phone number or identifier may hold `needle` (lowered), id order."""
        index = self._fresh(self._contacts, account.id, account.contacts, _contact_text)
        return index.candidates(needle.lower())  # type: ignore[return-value]

    def messages(self, account: Account, needle: str) -> tuple[Iterator[Message], list[Message]]:
        """(the indexed rows that may hold `needle`, newest first, lazily; the unindexed tail)."""
        index = self._fresh_messages(account)
        return index.iter_candidates(needle.lower()), index.tail  # type: ignore[return-value]


class Search:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- scope --------------------------------------------------------------------------------

    def accessible_inbox_ids(self, member: AccountUser) -> set[int]:
        """User#assigned_inboxes: every inbox for an administrator, else the inbox memberships."""
        return {inbox.id for inbox in self._store.inboxes.visible_to(member)}

    def skips_inbox_filtering(self, member: AccountUser) -> bool:
        """An administrator, or an agent who is a member of every inbox of the account."""
        if member.administrator:
            return True
        account = self._store.account(member.account_id)
        return self.accessible_inbox_ids(member) == {inbox.id for inbox in account.inboxes}

    def _time_window(self, account: Account, params: SearchParams) -> Callable[[float | None], bool] | None:
        """apply_time_filter, only with the advanced_search feature; NULL fails a bound."""
        if ADVANCED_SEARCH not in account.features or (params.since is None and params.until is None):
            return None
        now = self._store.clock.now()
        low = None if params.since is None else max(float(params.since), now - LOOKBACK_DAYS * _DAY)
        high = None if params.until is None else min(float(params.until), now + LOOKBACK_DAYS * _DAY)

        def inside(value: float | None) -> bool:
            if value is None:
                return False
            return (low is None or value >= low) and (high is None or value <= high)

        return inside

    # --- the four kinds -----------------------------------------------------------------------

    def conversations(self, member: AccountUser, params: SearchParams) -> list[Conversation]:
        account = self._store.account(member.account_id)
        inboxes = self.accessible_inbox_ids(member)
        ilike = like_matcher(params.query)
        window = self._time_window(account, params)
        contacts = account.contacts

        def contact_matches(contact: Contact) -> bool:
            return (
                ilike(contact.name)
                or ilike(contact.email)
                or ilike(contact.phone_number)
                or ilike(contact.identifier)
            )

        index = getattr(self._store, "search_index", None)
        matched: set[int] | None = None
        if isinstance(index, SearchIndex) and SearchIndex.usable(params.query):
            matched = {
                c.id
                for c in index.contacts(account, params.query)
                if contacts.get(c.id) is c and contact_matches(c)
            }
        found: list[Conversation] = []
        for conversation in account.conversations.values():
            if conversation.inbox_id not in inboxes:
                continue
            contact = contacts.get(conversation.contact_id)
            if contact is None:  # the INNER JOIN drops it
                continue
            if matched is not None:
                if conversation.contact_id not in matched and not ilike(str(conversation.display_id)):
                    continue
            elif not (ilike(str(conversation.display_id)) or contact_matches(contact)):
                continue
            if window is not None and not window(conversation.last_activity_at):
                continue
            found.append(conversation)
        found.sort(key=lambda c: c.id)
        found.sort(key=lambda c: c.created_at, reverse=True)
        return found[(params.page - 1) * PER_PAGE : params.page * PER_PAGE]

    def contacts(self, member: AccountUser, params: SearchParams) -> list[Contact]:
        account = self._store.account(member.account_id)
        ilike = like_matcher(params.query)
        resolved = resolved_test(account.features)
        window = self._time_window(account, params)
        index = getattr(self._store, "search_index", None)
        pool: Iterable[Contact] = (
            [c for c in index.contacts(account, params.query) if account.contacts.get(c.id) is c]
            if isinstance(index, SearchIndex) and SearchIndex.usable(params.query)
            else _in_id_order(account.contacts.values(), account.contacts.monotonic)
        )
        found = [
            c
            for c in pool
            if (ilike(c.name) or ilike(c.email) or ilike(c.phone_number) or ilike(c.identifier))
            and (window is None or window(c.last_activity_at))
            and resolved(c)
        ]
        dated = [c for c in found if c.last_activity_at is not None]
        dated.sort(key=lambda c: c.last_activity_at or 0.0, reverse=True)
        undated = [c for c in found if c.last_activity_at is None]
        rows = dated + undated
        return rows[(params.page - 1) * PER_PAGE : params.page * PER_PAGE]

    def messages(self, member: AccountUser, params: SearchParams) -> list[Message]:
        account = self._store.account(member.account_id)
        match = (
            phrase_matcher(params.query)
            if SEARCH_WITH_GIN in account.features
            else like_matcher(params.query)
        )
        cutoff = months_ago(self._store.clock.now(), 3)
        skip = self.skips_inbox_filtering(member)
        inboxes = None if skip else self.accessible_inbox_ids(member)
        window = self._time_window(account, params)
        sender = inbox_id = None
        if ADVANCED_SEARCH in account.features:
            sender = params.sender
            if params.inbox_id is not None and (skip or (inboxes is not None and params.inbox_id in inboxes)):
                inbox_id = params.inbox_id
        table = account.messages

        def wanted(message: Message) -> bool:
            if message.created_at < cutoff:
                return False
            if inboxes is not None and message.inbox_id not in inboxes:
                return False
            if inbox_id is not None and message.inbox_id != inbox_id:
                return False
            if sender is not None and (message.sender_type, message.sender_id) != sender:
                return False
            if window is not None and not window(message.created_at):
                return False
            return match(message.content)

        index = getattr(self._store, "search_index", None)
        needed = params.page * PER_PAGE
        found: list[Message] = []
        if (
            isinstance(index, SearchIndex)
            and SearchIndex.usable(params.query)
            and SEARCH_WITH_GIN not in account.features
        ):
            ordered, tail = index.messages(account, params.query)
            for message in ordered:  # newest first: stop once the page is full or past the window
                if message.created_at < cutoff:
                    break
                if table.get(message.id) is message and wanted(message):
                    found.append(message)
                    if len(found) >= needed:
                        break
            found.extend(m for m in tail if table.get(m.id) is m and wanted(m))
        else:
            found = [m for m in table.values() if wanted(m)]
        found.sort(key=_newest_first)
        return found[(params.page - 1) * PER_PAGE : needed]

    def articles(self, member: AccountUser, params: SearchParams) -> list[Article]:
        """filter_articles: Article.text_search over the account's articles (any status or portal):
        every query word a prefix of a word of the title, description or content (none for a query
        without words), updated_at within the caps with advanced_search, ordered by
        ts_rank(vector, query, 2) then id (pg_search)."""
        account = self._store.account(member.account_id)
        terms = re.findall(r"\w+", params.query.lower())
        if not terms:
            return []
        rows = sorted(account.articles.values(), key=lambda a: a.id)
        found = self._store.articles.search(rows, query=params.query)
        window = self._time_window(account, params)
        if window is not None:
            found = [a for a in found if window(a.updated_at)]
        from fakewoot.store import tsrank

        ranks = {
            a.id: tsrank.ts_rank(
                tsrank.weighted_vector([(a.title, "A"), (a.description, "B"), (a.content, "C")]), terms
            )
            for a in found
        }
        found.sort(key=lambda a: (-ranks[a.id], a.id))
        return found[(params.page - 1) * PER_PAGE : params.page * PER_PAGE]


def _in_id_order(rows: Iterable[Contact], monotonic: bool) -> Iterable[Contact]:
    return rows if monotonic else sorted(rows, key=lambda c: c.id)


def parse_sender(raw: object) -> tuple[str, int] | None:
    """parse_from_param: `contact:<id>` or `agent:<id>` exactly, else no sender filter."""
    if not isinstance(raw, str):
        return None
    found = _FROM.fullmatch(raw)
    if found is None:
        return None
    return ("User" if found.group(1) == "agent" else "Contact", int(found.group(2)))
