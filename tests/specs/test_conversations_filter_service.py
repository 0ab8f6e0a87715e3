"""Port of spec/services/conversations/filter_service_spec.rb (Chatwoot v4.10), through
POST /conversations/filter (the service's conversations are the payload, its count the meta)."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from fakewoot.store.contact_filters import MSG_QUERY_OPERATOR
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_conversations import A, agent_of, conversation_in, new_inbox, post

SPEC = "spec/services/conversations/filter_service_spec.rb"
UPSTREAM_ITS = 23
Q = "#perform > with query present"
CQ = "#perform on custom attribute > with query present"
DQ = "#perform on date filter > with query present"
SKIPPED = {
    f"{Q} > filter conversations by is_present filter_operator": "not implemented: campaigns (campaign_id)",
    "#perform on date filter with no current account > with query present > filter by created_at": (
        "internal: Current.account is nil outside a request; over HTTP it is always set (the same "
        "created_at filter is ported in test_created_at)"
    ),
}


def cond(key: str, op: str, values: Any, query_operator: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "attribute_key": key,
        "filter_operator": op,
        "values": values,
        "query_operator": query_operator,
        **extra,
    }


def _assigned(http: Any, inbox: int, user_id: int, **fields: Any) -> dict[str, Any]:
    conversation = conversation_in(http, inbox, **fields)
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=user_id))
    return conversation


def _custom(http: Any, conversation: dict[str, Any], values: dict[str, Any]) -> None:
    ok(post(http, conversation["id"], "custom_attributes", ADMIN, custom_attributes=values))


def _definition(http: Any, key: str, display_type: str, **extra: Any) -> None:
    body = {
        "attribute_key": key,
        "attribute_display_name": key,
        "attribute_model": "conversation_attribute",
        "attribute_display_type": display_type,
        **extra,
    }
    ok(
        http.post(
            f"{A}/custom_attribute_definitions", json={"custom_attribute_definition": body}, headers=ADMIN
        )
    )


@pytest.fixture
def world(http):
    """The spec's setup in a fresh inbox: user_2's conversation, two pending English conversations
    of user_1, one more of user_1; custom attributes and their three definitions."""
    inbox = new_inbox(http)
    user_1 = agent_of(http, inbox)
    user_2 = agent_of(http, inbox)
    u2 = _assigned(http, inbox, user_2["id"])
    english = {"additional_attributes": {"browser_language": "en"}, "status": "pending"}
    en_1 = _assigned(http, inbox, user_1["id"], **english)
    en_2 = _assigned(http, inbox, user_1["id"], **english)
    _custom(http, en_1, {"conversation_additional_information": "test custom data"})
    _custom(
        http,
        en_2,
        {"conversation_additional_information": "test custom data", "conversation_type": "platinum"},
    )
    _custom(http, u2, {"conversation_type": "platinum", "conversation_created": "2022-01-19"})
    fourth = _assigned(http, inbox, user_1["id"])
    _definition(http, "conversation_type", "list", attribute_values=["regular", "platinum", "gold"])
    _definition(http, "conversation_created", "date")
    _definition(http, "conversation_additional_information", "text")
    return SimpleNamespace(
        inbox=inbox, user_1=user_1, user_2=user_2, u2=u2, en_1=en_1, en_2=en_2, fourth=fourth
    )


def _filter(http: Any, user: dict[str, Any], payload: list[dict[str, Any]], page: int = 1) -> dict[str, Any]:
    url = f"{A}/conversations/filter?page={page}"
    return ok(http.post(url, json={"payload": payload}, headers=user["headers"]))


def _ids(body: dict[str, Any]) -> list[int]:
    return sorted(c["id"] for c in body["payload"])


ENGLISH_NOT_RESOLVED = [
    cond("browser_language", "equal_to", "en", "AND", custom_attribute_type=""),
    cond("status", "not_equal_to", ["resolved"], None, custom_attribute_type=""),
]


@ports(f"{Q} > filter conversations by additional_attributes and status")
def test_additional_attributes_and_status(http, world):
    body = _filter(http, world.user_1, ENGLISH_NOT_RESOLVED)
    assert body["meta"]["all_count"] == 2 and _ids(body) == sorted([world.en_1["id"], world.en_2["id"]])


@ports(f"{Q} > filter conversations by additional_attributes and status with pagination")
def test_additional_attributes_and_status_page_two(http, world):
    body = _filter(http, world.user_1, ENGLISH_NOT_RESOLVED, page=2)
    assert body["meta"]["all_count"] == 2 and body["payload"] == []


@ports(f"{Q} > filter conversations by priority")
def test_priority(http, world):
    high = _assigned(http, world.inbox, world.user_1["id"])
    ok(post(http, high["id"], "toggle_priority", ADMIN, priority="high"))
    body = _filter(http, world.user_1, [cond("priority", "equal_to", ["high"])])
    assert _ids(body) == [high["id"]]


def _with_priorities(http: Any, world: Any, *priorities: str) -> dict[str, int]:
    found = {}
    for priority in priorities:
        conversation = _assigned(http, world.inbox, world.user_1["id"])
        ok(post(http, conversation["id"], "toggle_priority", ADMIN, priority=priority))
        found[priority] = conversation["id"]
    return found


@ports(f"{Q} > filter conversations by multiple priority values")
def test_priority_any_of(http, world):
    ids = _with_priorities(http, world, "high", "urgent", "low")
    body = _filter(http, world.user_1, [cond("priority", "equal_to", ["high", "urgent"])])
    assert _ids(body) == sorted([ids["high"], ids["urgent"]])


@ports(f"{Q} > filter conversations with not_equal_to priority operator")
def test_priority_none_of(http, world):
    ids = _with_priorities(http, world, "high", "urgent", "low", "medium")
    body = _filter(http, world.user_1, [cond("priority", "not_equal_to", ["high", "urgent"])])
    assert _ids(body) == sorted([ids["low"], ids["medium"]])  # NOT IN: no priority matches neither


def _languages(http: Any, world: Any, *languages: str) -> dict[str, int]:
    found = {}
    for language in languages:
        conversation = _assigned(
            http,
            world.inbox,
            world.user_1["id"],
            status="pending",
            additional_attributes={"browser_language": language},
        )
        found[language] = conversation["id"]
    return found


@ports(f"{Q} > filters items with contains filter_operator with values being an array")
def test_equal_to_any_of_the_values(http, world):
    ids = _languages(http, world, "fr", "tr")
    body = _filter(http, world.user_1, [cond("browser_language", "equal_to", ["tr", "fr"], "")])
    assert body["meta"]["all_count"] == 2 and _ids(body) == sorted(ids.values())


@ports(f"{Q} > filters items with does not contain filter operator with values being an array")
def test_not_equal_to_none_of_the_values(http, world):
    ids = _languages(http, world, "fr", "tr")
    body = _filter(http, world.user_1, [cond("browser_language", "not_equal_to", ["tr", "en"], "")])
    assert body["meta"]["all_count"] == 1
    assert body["payload"][0]["additional_attributes"]["browser_language"] == "fr"
    assert _ids(body) == [ids["fr"]]


@ports(f"{Q} > filter conversations by additional_attributes with NOT_IN filter")
def test_custom_attribute_not_equal_includes_absent(http, world):
    payload = [
        cond("conversation_type", "not_equal_to", "platinum", custom_attribute_type="conversation_attribute")
    ]
    body = _filter(http, world.user_1, payload)
    # NOT IN ... OR IS NULL: the conversations without a conversation_type too
    assert _ids(body) == sorted([world.en_1["id"], world.fourth["id"]])


@ports(f"{Q} > filter conversations by tags")
def test_labels_with_assignees(http, world):
    ok(post(http, world.u2["id"], "labels", ADMIN, labels=["support"]))
    payload = [
        cond("assignee_id", "equal_to", [world.user_1["id"], world.user_2["id"]], "AND"),
        cond("labels", "equal_to", ["support"], "AND"),
        cond("labels", "not_equal_to", ["random-label"]),
    ]
    body = _filter(http, world.user_1, payload)
    assert body["meta"]["all_count"] == 1 and _ids(body) == [world.u2["id"]]


@ports(f"{Q} > handles invalid query conditions")
def test_invalid_query_operator(http, world):
    payload = [
        cond("assignee_id", "equal_to", [world.user_1["id"], world.user_2["id"]], "INVALID"),
        cond("campaign_id", "is_present", []),
    ]
    response = http.post(
        f"{A}/conversations/filter", json={"payload": payload}, headers=world.user_1["headers"]
    )
    assert (response.status_code, response.json()) == (422, {"error": MSG_QUERY_OPERATOR})


PLATINUM_BEFORE_20TH = [
    cond("conversation_type", "equal_to", ["platinum"], "AND"),
    cond("conversation_created", "is_less_than", ["2022-01-20"], "OR"),
    cond("labels", "equal_to", ["support"]),
]


@ports(
    f"{CQ} > filter by custom_attributes and labels",
    f"{CQ} > filter by custom_attributes and labels with custom_attribute_type nil",
)
def test_custom_attributes_or_labels(http, world):
    ok(post(http, world.u2["id"], "labels", ADMIN, labels=["support"]))
    for kind in ("", None):
        payload = [dict(c) for c in PLATINUM_BEFORE_20TH]
        payload[1]["custom_attribute_type"] = kind
        assert _ids(_filter(http, world.user_1, payload)) == [world.u2["id"]]


@ports(
    f"{CQ} > filter by custom_attributes",
    f"{CQ} > filter by custom_attributes with custom_attribute_type nil",
)
def test_custom_attributes(http, world):
    for kind in ("", None):
        payload = [
            cond("conversation_type", "equal_to", ["platinum"], "AND", custom_attribute_type=kind),
            cond("conversation_created", "is_less_than", ["2022-01-20"], None, custom_attribute_type=kind),
        ]
        assert _ids(_filter(http, world.user_1, payload)) == [world.u2["id"]]


@ports(f"{CQ} > filter by custom_attributes and additional_attributes")
def test_custom_and_additional_attributes(http, fake, world):
    # user_1's conversations get new attribute hashes (additional_attributes have no API at v4.10)
    for conversation, language, kind in (
        (world.en_1, "en", "silver"),
        (world.en_2, "en", "platinum"),
        (world.fourth, "tr", "platinum"),
    ):
        _custom(http, conversation, {"conversation_type": kind})
        row = fake.store.conversations.by_display_id(1, conversation["id"])
        fake.store.conversations.update_attributes(row, additional={"browser_language": language})
    payload = [
        cond("conversation_type", "equal_to", ["platinum"], "AND", custom_attribute_type=""),
        cond("browser_language", "not_equal_to", "en", None, custom_attribute_type=""),
    ]
    assert _ids(_filter(http, world.user_1, payload)) == [world.fourth["id"]]


@ports(f"{DQ} > filter by created_at")
def test_created_at(http, world):
    body = _filter(http, world.user_1, [cond("created_at", "is_greater_than", ["2022-01-20"])])
    assert len(body["payload"]) == 4


@ports(f"{DQ} > filter by created_at and conversation_type")
def test_created_at_and_custom_attribute(http, world):
    payload = [
        cond("conversation_type", "equal_to", ["platinum"], "AND"),
        cond("created_at", "is_greater_than", ["2022-01-20"]),
    ]
    assert _ids(_filter(http, world.user_1, payload)) == sorted([world.en_2["id"], world.u2["id"]])


def _days_ago(fake: Any, world: Any) -> None:
    today = datetime.fromtimestamp(fake.clock.now(), tz=UTC).date()
    for conversation, days in ((world.en_1, 4), (world.en_2, 5), (world.u2, 2)):
        row = fake.store.conversations.by_display_id(1, conversation["id"])
        row.last_activity_at = calendar.timegm((today - timedelta(days=days)).timetuple())


@ports(f"{DQ} > with x_days_before filter > filter by last_activity_at 3_days_before and custom_attributes")
def test_days_before_and_custom_attribute(http, fake, world):
    _days_ago(fake, world)
    payload = [
        cond("last_activity_at", "days_before", [3], "AND"),
        cond("conversation_type", "equal_to", ["platinum"]),
    ]
    assert _ids(_filter(http, world.user_1, payload)) == [world.en_2["id"]]


@ports(f"{DQ} > with x_days_before filter > filter by last_activity_at 2_days_before")
def test_days_before(http, fake, world):
    _days_ago(fake, world)
    body = _filter(http, world.user_1, [cond("last_activity_at", "days_before", [3])])
    assert _ids(body) == sorted([world.en_1["id"], world.en_2["id"]])


@ports(
    "#base_relation > returns all conversations for administrators, even for inboxes they are not members of",
    "#base_relation > filters conversations by inbox membership for non-administrators",
)
def test_base_relation(http):
    inbox_1, inbox_2 = new_inbox(http), new_inbox(http)
    agent = agent_of(http, inbox_1)
    admin = agent_of(http, None, role="administrator")
    first, second = conversation_in(http, inbox_1), conversation_in(http, inbox_2)
    assert _ids(_filter(http, agent, [])) == [first["id"]]
    everything = ok(http.get(f"{A}/conversations/meta", params={"status": "all"}, headers=ADMIN))["meta"]
    body = _filter(http, admin, [])
    assert body["meta"]["all_count"] == everything["all_count"]
    assert {first["id"], second["id"]} <= {c["id"] for c in body["payload"]} | set(
        _ids(_filter(http, admin, [], 2))
    )
