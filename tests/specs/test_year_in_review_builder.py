"""Port of spec/builders/year_in_review_builder_spec.rb (v4.10), driven through
GET /api/v2/accounts/:id/year_in_review, whose default year is the spec's 2025.

The spec's `create(:account)` is a fresh account made over the Platform API and its `user` that
account's agent (a member of an inbox, so conversations can be assigned to them). Conversations are
created over HTTP under a frozen clock; the factory's `first_response` reporting events (with a
fractional value no reply timing would give) are written through the store, as the spec writes the
database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.store import reporting_events as names
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/builders/year_in_review_builder_spec.rb"
UPSTREAM_ITS = 5
WITH_DATA = "#build > when there is data for the year > "
YEAR = 2025
BUSIEST = datetime(YEAR, 3, 10, 10, tzinfo=UTC).timestamp()
OTHER = datetime(YEAR, 3, 11, 10, tzinfo=UTC).timestamp()
LAST_YEAR = datetime(YEAR - 1, 6, 1, tzinfo=UTC).timestamp()


class Builder:
    def __init__(self, http: Any, fake: Any, clock: FrozenClock) -> None:
        self.http, self.fake, self.clock = http, fake, clock
        self.account: Account = fresh_account(http)
        self.inbox = int(self.account.inbox("api")["id"])
        self.account.add_member(self.inbox, self.account.agent_id)

    def conversation(self, at: float) -> None:
        """create(:conversation, account:, assignee: user, created_at: at)."""
        self.clock.set(at)
        contact = self.account.contact(inbox_id=self.inbox)
        body = {"inbox_id": self.inbox, "contact_id": contact["id"], "assignee_id": self.account.agent_id}
        ok(self.http.post(f"{self.account.url}/conversations", json=body, headers=self.account.admin))

    def first_response(self, at: float, value: float) -> None:
        """create(:reporting_event, account:, user:, name: 'first_response', value:, created_at: at)."""
        self.clock.set(at)
        self.fake.store.reporting_events.create(
            self.account.id,
            names.FIRST_RESPONSE,
            value=value,
            value_in_business_hours=value,
            inbox_id=None,
            user_id=self.account.agent_id,
            conversation_id=None,
            event_start_time=at,
            event_end_time=at,
        )

    def build(self) -> dict[str, Any]:
        self.clock.set(datetime(YEAR, 12, 30, tzinfo=UTC).timestamp())
        url = f"/api/v2/accounts/{self.account.id}/year_in_review"
        body: dict[str, Any] = ok(self.http.get(url, headers=self.account.agent))
        return body


@pytest.fixture
def builder(http: Any, fake: Any, freeze: Any) -> Builder:
    clock = freeze(datetime(YEAR, 1, 2, tzinfo=UTC).timestamp())
    return Builder(http, fake, clock)


@pytest.fixture
def with_data(builder: Builder) -> Builder:
    """The context's before block: three conversations (two on 10 March) and a 12.7 s first response."""
    builder.conversation(BUSIEST)
    builder.conversation(BUSIEST + 3600)
    builder.conversation(OTHER)
    builder.first_response(BUSIEST, 12.7)
    return builder


@ports("#build > when there is no data for the year > returns empty aggregates")
def test_no_data_gives_empty_aggregates(builder):
    assert builder.build() == {
        "year": YEAR,
        "total_conversations": 0,
        "busiest_day": None,
        "support_personality": {"avg_response_time_seconds": 0},
    }


@ports(WITH_DATA + "returns total conversations count")
def test_total_conversations(with_data):
    assert with_data.build()["total_conversations"] == 3


@ports(WITH_DATA + "returns busiest day data")
def test_busiest_day(with_data):
    assert with_data.build()["busiest_day"] == {"date": "Mar 10", "count": 2}


@ports(WITH_DATA + "returns support personality data")
def test_support_personality(with_data):
    assert with_data.build()["support_personality"] == {"avg_response_time_seconds": 12}  # 12.7 truncated


@ports(WITH_DATA + "scopes data to the provided year")
def test_other_years_are_left_out(with_data):
    with_data.conversation(LAST_YEAR)
    with_data.first_response(LAST_YEAR, 99)
    result = with_data.build()
    assert result["total_conversations"] == 3
    assert result["support_personality"] == {"avg_response_time_seconds": 12}
