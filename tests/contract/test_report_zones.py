"""The zone of /api/v2/accounts/:id/reports (the time series) at v4.10.

V2::Reports::Timeseries::BaseTimeseriesBuilder#timezone is TimezoneHelper#timezone_name_from_offset
(app/helpers/timezone_helper.rb): blank is UTC; otherwise the first zone of ActiveSupport's
`TimeZone.all` (by base offset, then name) whose offset NOW, DST included, is `timezone_offset.to_f`
hours; no such zone is nil, and groupdate then groups in the server's zone (UTC). groupdate groups
with the named zone, so a day after a DST change starts an hour later or earlier in UTC
(count_report_builder.rb, average_report_builder.rb: group_by_period(..., time_zone: timezone)).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fakewoot.api.reports import MSG_NO_TO_F
from fakewoot.reporting import zones
from tests.contract.test_reports import ADMIN, URL, _new_conversation

HOUR = 3600
JULY = datetime(2024, 7, 1, 12, tzinfo=UTC).timestamp()
JANUARY = datetime(2024, 1, 15, 12, tzinfo=UTC).timestamp()


def _at(day: int, hour: int, minute: int = 0, month: int = 11) -> int:
    return int(datetime(2024, month, day, hour, minute, tzinfo=UTC).timestamp())


@pytest.fixture
def clock(freeze):
    return freeze(JULY)


@pytest.fixture
def around_dst_end(client, clock):
    """Two conversations around the end of US DST (2024-11-03): Nov 2 12:00 UTC and Nov 4 07:30 UTC
    (Nov 3 23:30 in Los Angeles, already PST)."""
    for at in (_at(2, 12), _at(4, 7, 30)):
        clock.set(at)
        _new_conversation(client)
    clock.set(JULY)
    return clock


def _series(client, offset, since: int, until: int, **extra) -> list[tuple[int, int]]:
    params = {"metric": "conversations_count", "type": "account", "since": str(since), "until": str(until)}
    response = client.get(URL, params={**params, "timezone_offset": offset, **extra}, headers=ADMIN)
    assert response.status_code == 200, response.text
    return [(entry["timestamp"], entry["value"]) for entry in response.json()]


def test_a_summer_offset_names_a_dst_zone_whose_days_follow_its_clock_change(client, around_dst_end):
    # -7 in July: Pacific Time (US & Canada) (base -8, PDT now) comes before Arizona in TimeZone.all
    assert _series(client, "-7", _at(1, 7), _at(6, 8)) == [
        (_at(1, 7), 0),
        (_at(2, 7), 1),
        (_at(3, 7), 1),  # Nov 3 00:00 PDT; the 07:30 UTC conversation of Nov 4 is still Nov 3 here
        (_at(4, 8), 0),  # Nov 4 00:00 PST
        (_at(5, 8), 0),
    ]


def test_the_same_offset_in_winter_names_a_zone_without_dst(client, around_dst_end):
    around_dst_end.set(JANUARY)  # -7 now: Arizona, always UTC-7
    assert _series(client, "-7", _at(1, 7), _at(6, 7)) == [
        (_at(1, 7), 0),
        (_at(2, 7), 1),
        (_at(3, 7), 0),
        (_at(4, 7), 1),
        (_at(5, 7), 0),
    ]


def test_an_offset_only_dst_gives_matches_only_while_dst_is_on(client, around_dst_end):
    # -2.5 is Newfoundland in summer (NDT); in January no zone is at -2:30, so UTC days
    assert [at for at, _ in _series(client, "-2.5", _at(1, 2, 30), _at(3, 2))] == [
        _at(1, 2, 30),
        _at(2, 2, 30),
    ]
    around_dst_end.set(JANUARY)
    assert [at for at, _ in _series(client, "-2.5", _at(1, 0), _at(3, 0))] == [_at(1, 0), _at(2, 0)]


@pytest.mark.parametrize("offset", ["14", "-9.5", "8.75", "0.3", 14])
def test_offsets_no_rails_zone_has_group_in_utc(client, around_dst_end, offset):
    assert _series(client, offset, _at(1, 0), _at(5, 0)) == [
        (_at(1, 0), 0),
        (_at(2, 0), 1),
        (_at(3, 0), 0),
        (_at(4, 0), 1),
    ]


@pytest.mark.parametrize("offset", ["", "abc", "5.75kathmandu"])
def test_blank_and_odd_text(client, clock, offset):
    clock.set(_at(2, 10, 20, month=6))
    _new_conversation(client)
    clock.set(JULY)
    hours = [
        (at, n)
        for at, n in _series(client, offset, _at(2, 9, month=6), _at(2, 12, month=6), group_by="hour")
        if n
    ]
    if offset == "5.75kathmandu":  # String#to_f reads 5.75: Kathmandu, whose hours start at :15 UTC
        assert hours == [(_at(2, 10, 15, month=6), 1)]
    else:  # blank is UTC; "abc".to_f is 0.0, a zone at +00:00 in July (Monrovia), UTC's hours
        assert hours == [(_at(2, 10, month=6), 1)]


def test_weeks_months_and_years_start_at_the_zones_local_midnight(client, around_dst_end):
    # +1 in July: Casablanca (base 0, +01 outside Ramadan) comes first; it has no DST change in November
    weeks = _series(client, "1", _at(1, 0), _at(12, 0), group_by="week")
    sundays = [_at(27, 0, month=10) - HOUR, _at(3, 0) - HOUR, _at(10, 0) - HOUR]  # Nov 2 is a Saturday
    assert weeks == list(zip(sundays, [1, 1, 0], strict=True))
    months = _series(client, "-7", _at(1, 7), _at(30, 8), group_by="month")
    assert months == [(_at(1, 7), 2)]  # Nov 1 00:00 PDT
    years = _series(client, "-7", _at(1, 7), _at(30, 8), group_by="year")
    assert years == [(_at(1, 8, month=1), 2)]  # Jan 1 00:00 PST


@pytest.mark.parametrize("offset", [[1], {"hours": 1}, True])
def test_a_value_without_to_f_is_refused(client, clock, offset):
    """A NoMethodError (500) upstream; a 422 here."""
    params = {"metric": "conversations_count", "type": "account", "since": "0", "until": "86400"}
    response = client.request("GET", URL, json={**params, "timezone_offset": offset}, headers=ADMIN)
    kind = "true" if offset is True else f"an instance of {'Array' if isinstance(offset, list) else 'Hash'}"
    assert (response.status_code, response.json()) == (422, {"error": MSG_NO_TO_F.format(kind)})


@pytest.mark.parametrize("offset", [[], {}, False])
def test_blank_values_are_utc(client, clock, offset):
    params = {"metric": "conversations_count", "type": "account", "since": "0", "until": "86400"}
    response = client.request("GET", URL, json={**params, "timezone_offset": offset}, headers=ADMIN)
    assert response.json() == [{"value": 0, "timestamp": 0}]


def test_string_to_f_reads_exponents_and_underscores(client, around_dst_end):
    expected = _series(client, "-7", _at(1, 7), _at(6, 8))
    assert _series(client, "-0.7e1", _at(1, 7), _at(6, 8)) == expected
    assert _series(client, " -7_0e-1 hours", _at(1, 7), _at(6, 8)) == expected


def test_zones_keep_the_rules_of_rails_tz_data():
    """Almaty stays at +06 (tzinfo-data 2023c), so +6 names it, not Astana, after March 2024."""
    almaty = zones.by_current_offset(6 * HOUR, JULY)
    assert almaty is not None and almaty.name == "Almaty"
    assert almaty.tz().utcoffset(datetime(2025, 1, 1)) == timedelta(hours=6)
    assert zones.by_current_offset(5 * HOUR, JULY).name == "Ekaterinburg"


def test_the_hour_a_fall_back_repeats_is_one_group_in_standard_time(client, clock):
    """-4 in July is Eastern Time (EDT); on 2024-11-03 01:30 happens at 05:30 and 06:30 UTC. PostgreSQL
    reads the truncated wall-clock 01:00 as standard time (EST): both land at 06:00 UTC."""
    for at in (_at(3, 5, 30), _at(3, 6, 30)):
        clock.set(at)
        _new_conversation(client)
    clock.set(JULY)
    hours = _series(client, "-4", _at(3, 4), _at(3, 8), group_by="hour")
    assert hours == [(_at(3, 4), 0), (_at(3, 5), 0), (_at(3, 6), 2), (_at(3, 7), 0)]
