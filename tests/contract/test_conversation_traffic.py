"""GET /api/v2/accounts/:id/reports/conversation_traffic (v4.10): the heatmap CSV.

Sources: app/controllers/api/v2/accounts/reports_controller.rb#conversation_traffic,
app/helpers/api/v2/accounts/heatmap_helper.rb, app/builders/v2/report_builder.rb,
app/views/api/v2/accounts/reports/conversation_traffic.erb, config/locales/en.yml
(reports.conversation_traffic_csv.timezone), ActiveSupport::TimeZone[] (Rails 7.1).

The clock stands at Saturday 2024-06-08 10:00 UTC; conversations are made at set times (the
default fixtures' conversations date from 2024-01-01, outside every window here). With the default
six days the window is [2024-06-02, 2024-06-08) UTC: today is left out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fakewoot.api.conversation_traffic import MAX_DAYS_BEFORE, MSG_INVALID_ZONE, MSG_NO_TO_I, MSG_OUT_OF_RANGE
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION
from fakewoot.reporting import zones
from fakewoot.reporting.traffic import START_OF_HOUR, TIMEZONE_LABEL
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_reports import ADMIN, AGENT, OTHER, _new_conversation

URL = "/api/v2/accounts/1/reports/conversation_traffic"
NOW = datetime(2024, 6, 8, 10, tzinfo=UTC).timestamp()
DAYS = [f"2024-06-0{d}" for d in range(2, 8)]
CASABLANCA = "(GMT+00:00) Casablanca"


def _at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2024, 6, day, hour, minute, tzinfo=UTC).timestamp()


@pytest.fixture
def traffic(fake, client, freeze):
    """Conversations at 06-01 12:00 (too old), 06-03 09:15 and 09:45, 06-07 23:30, 06-08 01:00 (today)."""
    clock = freeze(NOW)
    for when in (_at(1, 12), _at(3, 9, 15), _at(3, 9, 45), _at(7, 23, 30), _at(8, 1)):
        clock.set(when)
        _new_conversation(client, inbox_id=2, contact_id=1)
    clock.set(NOW)
    return fake


def _get(client, path: str = URL, **params) -> list[str]:
    response = client.get(path, params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename=conversation_traffic_reports.csv"
    return response.text.split("\n")


def _row(hour: int, *cells: object) -> str:
    return ",".join([f"{hour:02d}:00", *("" if c is None else str(c) for c in cells)])


def test_utc_days_and_hours(client, traffic):
    lines = _get(client, timezone_offset="0")
    assert lines[:4] == [f"{TIMEZONE_LABEL},{CASABLANCA}", "", "", ",".join([START_OF_HOUR, *DAYS])]
    rows = lines[4:-1]
    assert lines[-1] == ""  # the file ends with a line break
    assert [r.split(",")[0] for r in rows] == [f"{h:02d}:00" for h in range(24)]
    assert rows[9] == _row(9, 0, 2, 0, 0, 0, 0)
    assert rows[23] == _row(23, 0, 0, 0, 0, 0, 1)
    assert rows[12] == _row(12, 0, 0, 0, 0, 0, 0)  # 06-01 12:00 is before the window
    assert rows[1] == _row(1, 0, 0, 0, 0, 0, 0)  # 06-08 01:00 is today, after it
    assert sum(int(c) for r in rows for c in r.split(",")[1:]) == 3


def test_the_csv_suffix_answers_the_same(client, traffic):
    assert _get(client, URL + ".csv", timezone_offset="0") == _get(client, timezone_offset="0")


def test_half_hour_offset_cuts_hours_at_half_past(client, traffic):
    """ "5.5" names no zone, so the days stay UTC; its to_f (Chennai) cuts the hours at :30 UTC, read
    back as UTC hours: the first bucket (06-01 23:30) adds a date holding hour 23 only."""
    lines = _get(client, timezone_offset="5.5")
    assert lines[0] == f"{TIMEZONE_LABEL},(GMT+05:30) Chennai"
    assert lines[3] == ",".join([START_OF_HOUR, "2024-06-01", *DAYS])
    rows = lines[4:-1]
    assert [r.split(",")[0] for r in rows] == [f"{h:02d}:00" for h in (23, *range(23))]
    assert rows[0] == _row(23, 0, 0, 0, 0, 0, 0, 1)
    assert rows[1] == _row(0, None, 0, 0, 0, 0, 0, 0)
    assert rows[9] == _row(8, None, 0, 1, 0, 0, 0, 0)  # 09:15 is in the 08:30 hour
    assert rows[10] == _row(9, None, 0, 1, 0, 0, 0, 0)  # 09:45 in the 09:30 one


def test_zone_name_moves_the_days(client, traffic):
    """A zone name is a zone for the days (midnight in Kolkata is 18:30 UTC) and 0 for the hours."""
    lines = _get(client, timezone_offset="Kolkata")
    assert lines[0] == f"{TIMEZONE_LABEL},{CASABLANCA}"
    assert lines[3] == ",".join([START_OF_HOUR, "2024-06-01", *DAYS])
    rows = lines[4:-1]
    assert [r.split(",")[0] for r in rows] == [f"{h:02d}:00" for h in (*range(18, 24), *range(18))]
    assert rows[0] == _row(18, 0, 0, 0, 0, 0, 0, 0)
    assert rows[6 + 9] == _row(9, None, 0, 2, 0, 0, 0, 0)
    assert rows[6 + 17] == _row(17, None, 0, 0, 0, 0, 0, 0)
    assert rows[5] == _row(23, 0, 0, 0, 0, 0, 0, None)  # 06-07 23:30 falls after midnight IST
    assert _get(client, timezone_offset="Asia/Kolkata") == lines


def test_a_zone_with_summer_time_moves_midnight_by_its_current_offset(client, traffic):
    """Midnight in New York on 8 June (EDT, -4) is 04:00 UTC: the window is 06-02 04:00 to 06-08 04:00
    UTC, so today's 01:00 conversation is in and the hours start at 04:00."""
    lines = _get(client, timezone_offset="Eastern Time (US & Canada)")
    assert lines[3] == ",".join([START_OF_HOUR, *DAYS, "2024-06-08"])
    rows = lines[4:-1]
    assert [r.split(",")[0] for r in rows] == [f"{h:02d}:00" for h in (*range(4, 24), *range(4))]
    assert rows[20 + 1] == _row(1, None, 0, 0, 0, 0, 0, 1)
    assert rows[23 - 4] == _row(23, 0, 0, 0, 0, 0, 1, None)
    assert rows[9 - 4] == _row(9, 0, 2, 0, 0, 0, 0, None)


def test_days_before_widens_or_narrows_the_window(client, traffic):
    one = _get(client, timezone_offset="0", days_before="1")
    assert one[3] == f"{START_OF_HOUR},2024-06-07"
    assert one[4 + 23] == "23:00,1"
    assert len(one) == 4 + 24 + 1
    seven = _get(client, timezone_offset="0", days_before="7")
    assert seven[3] == ",".join([START_OF_HOUR, "2024-06-01", *DAYS])
    assert seven[4 + 12] == _row(12, 1, 0, 0, 0, 0, 0, 0)
    assert _get(client, timezone_offset="0", days_before="") == _get(client, timezone_offset="0")


def test_days_before_zero_or_junk_is_an_empty_table(client, traffic):
    """String#to_i: "abc" is 0, and [midnight, midnight) holds no hour."""
    assert _get(client, timezone_offset="0", days_before="abc") == [
        f"{TIMEZONE_LABEL},{CASABLANCA}",
        "",
        "",
        START_OF_HOUR,
        "",
    ]


@pytest.mark.parametrize(
    ("offset", "zone"),
    [
        ("-8", "(GMT-08:00) Pacific Time (US &amp; Canada)"),  # the line is HTML-escaped (text/csv ERB)
        ("-3.5", "(GMT-03:30) Newfoundland"),
        ("1", "(GMT+01:00) Amsterdam"),
        ("12.75", "(GMT+12:45) Chatham Is."),
        ("13", "(GMT+13:00) Nuku&#39;alofa"),
        ("19800", "(GMT+05:30) Chennai"),  # past 13 the number is seconds
        ("abc", CASABLANCA),  # String#to_f is 0
        ("14", ""),  # 14 seconds: no zone
        ("7.25", ""),
    ],
)
def test_timezone_line_names_the_first_zone_of_the_offset(client, traffic, offset, zone):
    assert _get(client, timezone_offset=offset)[0] == f"{TIMEZONE_LABEL},{zone}"


def test_by_offset_takes_the_first_name_of_the_offset():
    assert [str(zones.by_offset(h)) for h in (-5, 3, 5, 8, 10)] == [
        "(GMT-05:00) Bogota",
        "(GMT+03:00) Baghdad",
        "(GMT+05:00) Ekaterinburg",
        "(GMT+08:00) Beijing",
        "(GMT+10:00) Brisbane",
    ]
    assert zones.by_name("Nowhere/Else") is None and zones.by_name("") is None


def test_numeric_offset_in_a_json_body_is_a_zone_for_the_days(client, traffic):
    """TimeZone[5.5] (a number, not a string) is Chennai: the days are IST days."""
    response = client.request("GET", URL, json={"timezone_offset": 5.5}, headers=ADMIN)
    assert response.status_code == 200, response.text
    lines = response.text.split("\n")
    assert lines[0] == f"{TIMEZONE_LABEL},(GMT+05:30) Chennai"
    assert lines[3] == ",".join([START_OF_HOUR, "2024-06-01", *DAYS])
    assert lines[4].startswith("18:00,")  # the window starts at 06-01 18:30 UTC, in the 18:30 hour


def test_missing_timezone_offset_is_422_where_chatwoot_crashes(client, fake):
    response = client.get(URL, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_ZONE.format("nil")})


def test_days_before_beyond_ten_years_or_not_a_number_is_422(client, traffic):
    too_far = client.get(
        URL, params={"timezone_offset": "0", "days_before": str(MAX_DAYS_BEFORE + 1)}, headers=ADMIN
    )
    assert (too_far.status_code, too_far.json()) == (422, {"error": MSG_OUT_OF_RANGE})
    assert _get(client, timezone_offset="0", days_before=str(MAX_DAYS_BEFORE))[3].startswith(
        f"{START_OF_HOUR},2014-"
    )
    odd = client.request("GET", URL, json={"timezone_offset": "0", "days_before": True}, headers=ADMIN)
    assert (odd.status_code, odd.json()) == (422, {"error": MSG_NO_TO_I.format("true")})
    odd_zone = client.request("GET", URL, json={"timezone_offset": [1]}, headers=ADMIN)
    assert (odd_zone.status_code, odd_zone.json()) == (422, {"error": MSG_INVALID_ZONE.format("[1]")})


def test_agent_and_other_account_admin_are_refused(client, fake):
    agent = client.get(URL, params={"timezone_offset": "0"}, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    other = client.get(URL, params={"timezone_offset": "0"}, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_strangers_and_bots_are_refused(client, fake):
    assert_refuses_strangers(client, "GET", URL, params={"timezone_offset": "0"})
