"""GET /api/v2/accounts/:id/year_in_review (v4.10).

Sources: app/controllers/api/v2/accounts/year_in_reviews_controller.rb,
app/builders/year_in_review_builder.rb, app/javascript/dashboard/api/yearInReview.js (`?year=`).
Numbers are worked out by hand from conversations made under a frozen clock: john (user 1, an
administrator) is assigned three in 2024 (two on 5 March, answered after 120 s and 601 s) and one
on 31 December 2023; jane (user 2, an agent) two in April 2024, the later one created first, besides
the default fixtures' conversation 1 (2024-01-01).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fakewoot import FrozenClock
from fakewoot.api.year_in_reviews import MSG_INVALID_YEAR, MSG_YEAR_OUT_OF_RANGE
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_reports import ADMIN, AGENT, OTHER, _message

URL = "/api/v2/accounts/1/year_in_review"
CONVERSATIONS = "/api/v1/accounts/1/conversations"
KEYS = ["year", "total_conversations", "busiest_day", "support_personality"]
JOHN_2024 = {
    "year": "2024",
    "total_conversations": 3,
    "busiest_day": {"date": "Mar 05", "count": 2},
    "support_personality": {"avg_response_time_seconds": 360},  # (120 + 601) / 2, truncated
}


def _at(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()  # type: ignore[misc]


def _assigned(client, clock: FrozenClock, when: float, assignee: int, inbox_id: int = 2) -> dict[str, Any]:
    clock.set(when)
    body = {"inbox_id": inbox_id, "contact_id": 1 if inbox_id == 2 else 3, "assignee_id": assignee}
    created = client.post(CONVERSATIONS, json=body, headers=ADMIN)
    assert created.status_code == 200, created.text
    return created.json()


@pytest.fixture
def year(fake, client, freeze):
    clock = freeze(_at(2024, 1, 1))
    first = _assigned(client, clock, _at(2024, 3, 5, 10), 1)
    clock.set(_at(2024, 3, 5, 10, 2))
    _message(client, first["id"], "hello")  # john's first response: 120 s
    second = _assigned(client, clock, _at(2024, 3, 5, 15), 1)
    clock.set(_at(2024, 3, 5, 15, 10, 1))
    _message(client, second["id"], "hello")  # 601 s
    _assigned(client, clock, _at(2024, 7, 1, 9), 1)
    _assigned(client, clock, _at(2023, 12, 31, 23, 59), 1)
    _assigned(client, clock, _at(2024, 4, 2, 8), 2, inbox_id=1)
    _assigned(client, clock, _at(2024, 4, 1, 8), 2, inbox_id=1)
    clock.set(_at(2024, 12, 20))
    return fake


def test_year_in_review_counts_the_callers_year(client, year):
    response = client.get(URL, params={"year": "2024"}, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert list(response.json()) == KEYS
    assert response.json() == JOHN_2024


def test_other_years_and_the_default(client, year):
    last_year = client.get(URL, params={"year": "2023"}, headers=ADMIN).json()
    assert last_year == {
        "year": "2023",
        "total_conversations": 1,
        "busiest_day": {"date": "Dec 31", "count": 1},
        "support_personality": {"avg_response_time_seconds": 0},
    }
    default = client.get(URL, headers=ADMIN).json()  # params[:year] || 2025: the number
    assert default == {
        "year": 2025,
        "total_conversations": 0,
        "busiest_day": None,
        "support_personality": {"avg_response_time_seconds": 0},
    }


def test_agent_sees_their_own_year_and_the_earliest_busiest_day(client, year):
    response = client.get(URL, params={"year": "2024"}, headers=AGENT)
    assert response.status_code == 200, response.text
    assert response.json()["total_conversations"] == 3
    assert response.json()["busiest_day"] == {"date": "Jan 01", "count": 1}  # max_by keeps the first day
    john = client.get(URL, params={"year": "2024"}, headers=ADMIN).json()
    assert john["busiest_day"] == {"date": "Mar 05", "count": 2}


def test_answer_is_cached_in_the_callers_ui_settings(client, year):
    john = year.store.users.get(1)
    before = john.updated_at
    year.clock.set(_at(2024, 12, 21))
    assert client.get(URL, params={"year": "2024"}, headers=ADMIN).json() == JOHN_2024
    assert john.ui_settings["year_in_review_1_2024"] == JOHN_2024
    assert john.updated_at > before
    _assigned(client, year.clock, _at(2024, 3, 6), 1)  # a later conversation does not change it
    assert client.get(URL, params={"year": "2024"}, headers=ADMIN).json() == JOHN_2024
    assert "year_in_review_1_2024" not in year.store.users.get(2).ui_settings


def test_a_present_cached_value_is_sent_as_it_is(client, year):
    john = year.store.users.get(1)
    year.store.users.update(john, ui_settings={"year_in_review_1_2024": {"year": "cached"}})
    assert client.get(URL, params={"year": "2024"}, headers=ADMIN).json() == {"year": "cached"}
    year.store.users.update(john, ui_settings={"year_in_review_1_2024": {}})  # blank: built again
    assert client.get(URL, params={"year": "2024"}, headers=ADMIN).json() == JOHN_2024


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("abc", MSG_INVALID_YEAR.format("abc")),
        ("2024.5", MSG_INVALID_YEAR.format("2024.5")),
        ("300000", MSG_YEAR_OUT_OF_RANGE),
    ],
)
def test_a_year_chatwoot_cannot_read_is_422_and_nothing_is_cached(client, year, value, error):
    response = client.get(URL, params={"year": value}, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": error})
    assert not any(key.startswith("year_in_review") for key in year.store.users.get(1).ui_settings)


def test_a_far_year_is_empty(client, year):
    body = client.get(URL, params={"year": "12000"}, headers=ADMIN).json()
    assert body == {
        **JOHN_2024,
        "year": "12000",
        "total_conversations": 0,
        "busiest_day": None,
        "support_personality": {"avg_response_time_seconds": 0},
    }


def test_other_account_admin_is_refused(client, fake):
    response = client.get(URL, headers=OTHER)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_strangers_and_bots_are_refused(client, fake):
    assert_refuses_strangers(client, "GET", URL)
