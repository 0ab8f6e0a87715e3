"""Port of spec/finders/conversation_finder_spec.rb (Chatwoot v4.10), through GET /conversations
(ConversationFinder#perform's conversations are the payload, its count the meta)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, ok
from tests.specs.support_conversations import A, agent_of, conversation_in, incoming, new_inbox, post

SPEC = "spec/finders/conversation_finder_spec.rb"
UPSTREAM_ITS = 17
P = "#perform"
SKIPPED: dict[str, str] = {}


def _assigned(http: Any, inbox: int, user_id: int | None, **fields: Any) -> dict[str, Any]:
    conversation = conversation_in(http, inbox, **fields)
    if user_id is not None:
        ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=user_id))
    return conversation


@pytest.fixture
def world(http):
    """The spec's setup: user_1 and user_2 agents of `inbox`, an administrator, a restricted inbox;
    in `inbox` two open conversations and a resolved one of user_1, one of user_2 whose contact inbox
    has the source id testing_source_id, and an unassigned one."""
    inbox = new_inbox(http)
    restricted = new_inbox(http)
    user_1 = agent_of(http, inbox)
    user_2 = agent_of(http, inbox)
    admin = agent_of(http, None, role="administrator")
    mine = [_assigned(http, inbox, user_1["id"]) for _ in range(2)]
    _assigned(http, inbox, user_1["id"], status="resolved")
    contact = new_contact(http, inbox_id=None)
    sourced = ok(
        http.post(
            f"{A}/conversations",
            json={"inbox_id": inbox, "contact_id": contact["id"], "source_id": "testing_source_id"},
            headers=ADMIN,
        )
    )
    ok(post(http, sourced["id"], "assignments", ADMIN, assignee_id=user_2["id"]))
    unassigned = _assigned(http, inbox, None)
    return SimpleNamespace(
        inbox=inbox,
        restricted=restricted,
        user_1=user_1,
        user_2=user_2,
        admin=admin,
        mine=mine,
        sourced=sourced,
        unassigned=unassigned,
    )


def _find(http: Any, user: dict[str, Any], **params: Any) -> dict[str, Any]:
    return ok(http.get(f"{A}/conversations", params=params, headers=user["headers"]))["data"]


def _ids(found: dict[str, Any]) -> list[int]:
    return [c["id"] for c in found["payload"]]


@ports(f"{P} > with status > filter conversations by status")
def test_status(http, world):
    assert len(_ids(_find(http, world.user_1, status="open", assignee_type="me"))) == 2


@ports(
    f"{P} > with inbox > returns conversation from any inbox if its admin",
    f"{P} > with inbox > does not return conversations from inboxes where agent is not a member",
    f"{P} > with inbox > returns conversation from inbox if agent is its member",
)
def test_inbox_within_the_callers_inboxes(http, world):
    restricted = conversation_in(http, world.restricted)
    assert restricted["id"] in _ids(_find(http, world.admin, inbox_id=world.restricted))
    assert restricted["id"] not in _ids(_find(http, world.user_1, inbox_id=world.restricted))
    ok(
        http.post(
            f"{A}/inbox_members",
            json={"inbox_id": world.restricted, "user_ids": [world.user_1["id"]]},
            headers=ADMIN,
        )
    )
    assert restricted["id"] in _ids(_find(http, world.user_1, inbox_id=world.restricted))


@ports(f"{P} > with inbox > returns only the conversations from the inbox if inbox_id filter is passed")
def test_inbox_filter(http, world):
    restricted = conversation_in(http, world.restricted)
    other = conversation_in(http, world.inbox)
    found = _ids(_find(http, world.admin, inbox_id=world.restricted))
    assert other["id"] not in found and restricted["id"] in found


@ports(f"{P} > with assignee_type all > filter conversations by assignee type all")
def test_assignee_type_all(http, world):
    assert len(_ids(_find(http, world.user_1, assignee_type="all"))) == 4


@ports(f"{P} > with assignee_type unassigned > filter conversations by assignee type unassigned")
def test_assignee_type_unassigned(http, world):
    assert _ids(_find(http, world.user_1, assignee_type="unassigned")) == [world.unassigned["id"]]


@ports(f"{P} > with status all > returns all conversations")
def test_status_all(http, world):
    assert len(_ids(_find(http, world.user_1, status="all"))) == 5


@ports(
    f"{P} > with assignee_type assigned > filter conversations by assignee type assigned",
    f"{P} > with assignee_type assigned > returns the correct meta",
)
def test_assignee_type_assigned_and_meta(http, world):
    found = _find(http, world.user_1, assignee_type="assigned")
    assert len(found["payload"]) == 3
    assert found["meta"] == {"mine_count": 2, "assigned_count": 3, "unassigned_count": 1, "all_count": 4}


@ports(f"{P} > with labels > filter conversations by labels")
def test_labels(http, world):
    ok(post(http, world.mine[0]["id"], "labels", ADMIN, labels=["resolved"]))
    assert _ids(_find(http, world.user_1, **{"labels[]": "resolved"})) == [world.mine[0]["id"]]


@ports(f"{P} > with source_id > filter conversations by source id")
def test_source_id(http, world):
    assert _ids(_find(http, world.user_1, source_id="testing_source_id")) == [world.sourced["id"]]


@ports(f"{P} > without source > returns conversations with any source")
def test_without_parameters(http, world):
    assert len(_ids(_find(http, world.user_1))) == 4


@ports(
    f"{P} > with updated_within > filters based on params, sort order but returns all conversations "
    "without pagination with in time range"
)
def test_updated_within(http, fake, world):
    now = fake.clock.now()
    created = [_assigned(http, world.inbox, None) for _ in range(50)]
    for index, conversation in enumerate(created):
        # created and updated 30 s ago; the first 28 updated again 10 s ago (no API writes these times)
        row = fake.store.conversations.by_display_id(1, conversation["id"])
        row.created_at = now - 30
        row.updated_at = now - 10 if index <= 27 else now - 30
    found = _find(http, world.user_1, updated_within=20, assignee_type="unassigned", sort_by="created_at_asc")
    assert len(found["payload"]) == 29  # no paging: the 28 and the setup's unassigned conversation
    assert found["payload"][0]["created_at"] < found["payload"][-1]["created_at"]
    assert found["payload"][-1]["id"] == world.unassigned["id"]


@ports(f"{P} > with pagination > returns paginated conversations")
def test_pagination(http, world):
    for _ in range(50):
        _assigned(http, world.inbox, world.user_1["id"])
    found = _find(http, world.user_1, status="open", assignee_type="me", page=1)
    assert len(found["payload"]) == 25 and found["meta"]["mine_count"] == 52


@ports(f"{P} > with unattended > returns unattended conversations")
def test_unattended(http, world):
    # in an inbox user_1 is no member of: assigned to user_1 but outside the permission filter
    elsewhere = new_inbox(http)
    attended = _assigned(http, elsewhere, world.user_1["id"])
    ok(http.post(f"{A}/conversations/{attended['id']}/messages", json={"content": "x"}, headers=ADMIN))
    _assigned(http, elsewhere, world.user_1["id"])
    waiting = _assigned(http, elsewhere, world.user_1["id"])
    ok(http.post(f"{A}/conversations/{waiting['id']}/messages", json={"content": "y"}, headers=ADMIN))
    incoming(http, waiting["id"])
    found = _find(http, world.user_1, status="open", assignee_type="me", conversation_type="unattended")
    assert sorted(_ids(found)) == sorted(c["id"] for c in world.mine)


@ports(f"{P} > with team > filter conversations by team")
def test_team(http, world):
    team = ok(http.post(f"{A}/teams", json={"name": "finder team"}, headers=ADMIN))
    teamed = _assigned(http, world.inbox, None)
    ok(post(http, teamed["id"], "assignments", ADMIN, team_id=team["id"]))
    assert _ids(_find(http, world.user_1, team_id=team["id"])) == [teamed["id"]]
    # current_account.teams.find: an unknown team is a 404
    response = http.get(f"{A}/conversations", params={"team_id": 999999}, headers=world.user_1["headers"])
    assert response.status_code == 404
