"""Port of spec/finders/notification_finder_spec.rb (v4.10) through what the finder feeds: the
notifications index (`notifications` is its payload, `unread_count` and `count` its meta).

The spec's records: one snoozed, two read and three unread notifications of the user, each about its
own conversation, made over HTTP (an assignment, then snooze or read) a minute apart on a frozen clock
so last_activity_at differs.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok
from tests.specs.test_notifications_controller import URL, new_inbox, notify

SPEC = "spec/finders/notification_finder_spec.rb"
UPSTREAM_ITS = 8
SKIPPED: dict[str, str] = {}
N = "#notifications > "


@pytest.fixture
def setup(http: Any, fake: Any, freeze: Any) -> dict[str, Any]:
    freeze("2026-01-05T09:00:00Z")
    user = new_user(http)
    inbox_id = new_inbox(http)
    made = []
    for _ in range(6):
        made.append(notify(http, user, inbox_id))
        fake.clock.advance(60)
    snoozed, read, unread = made[0], made[1:3], made[3:]
    until = int(fake.clock.now()) + 3 * 86400
    ok(http.post(f"{URL}/{snoozed['id']}/snooze", json={"snoozed_until": until}, headers=user["headers"]))
    for notification in read:
        ok(http.patch(f"{URL}/{notification['id']}", headers=user["headers"]))
    return {"user": user, "snoozed": snoozed, "read": read, "unread": unread}


def found(http: Any, setup: dict[str, Any], **params: Any) -> dict[str, Any]:
    data: dict[str, Any] = ok(http.get(URL, params=params, headers=setup["user"]["headers"]))["data"]
    return data


@ports(
    N
    + "with default params (empty) > returns all unread and unsnoozed notifications, ordered by last activity"
)
def test_default_is_unread_and_unsnoozed_newest_first(http, setup):
    payload = found(http, setup)["payload"]
    assert len(payload) == 3
    assert [n["id"] for n in payload] == [n["id"] for n in reversed(setup["unread"])]
    times = [n["last_activity_at"] for n in payload]
    assert times == sorted(times, reverse=True)


@ports(
    N
    + "with params including read and snoozed statuses > returns all notifications, including read and snoozed"
)
def test_including_read_and_snoozed_returns_all(http, setup):
    assert len(found(http, setup, **{"includes[]": ["read", "snoozed"]})["payload"]) == 6


@ports(N + "with params including only read status > returns all notifications expect the snoozed")
def test_including_read(http, setup):
    payload = found(http, setup, **{"includes[]": ["read"]})["payload"]
    assert len(payload) == 5 and setup["snoozed"]["id"] not in [n["id"] for n in payload]


@ports(N + "with params including only snoozed status > rreturns all notifications only expect the read")
def test_including_snoozed(http, setup):
    payload = found(http, setup, **{"includes[]": ["snoozed"]})["payload"]
    assert len(payload) == 4
    assert not {n["id"] for n in setup["read"]} & {n["id"] for n in payload}


@ports(N + "with ascending sort order > returns notifications in ascending order by last activity")
def test_ascending(http, setup):
    payload = found(http, setup, sort_order="asc")["payload"]
    assert payload[0]["last_activity_at"] < payload[-1]["last_activity_at"]
    assert [n["id"] for n in payload] == [n["id"] for n in setup["unread"]]


@ports(
    "counts > without specific filters > correctly reports unread and total counts",
    "counts > without specific filters > avoids duplicate filtering in unread_count method",
)
def test_counts_without_filters(http, setup):
    meta = found(http, setup)["meta"]
    assert (meta["unread_count"], meta["count"]) == (3, 3)
    assert ok(http.get(URL + "/unread_count", headers=setup["user"]["headers"])) == 3


@ports("counts > with filters applied > adjusts counts based on included statuses")
def test_counts_with_filters(http, setup):
    meta = found(http, setup, **{"includes[]": ["read", "snoozed"]})["meta"]
    assert (meta["unread_count"], meta["count"]) == (4, 6)  # 3 unread + the snoozed one (unread)
