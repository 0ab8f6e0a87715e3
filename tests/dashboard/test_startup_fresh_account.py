"""The dashboard's start-up on a fresh account: the built-in `minimal` fixture set (one account, an
administrator, an agent and an API inbox; no conversations, contacts, teams or labels).

What a new user of the fake sees first: every screen's lists come back empty in the shapes the
stores read (meta counts as integers, `payload` lists, empty report rows), nothing answers 4xx/5xx,
and the requests that need a record to open (a conversation, a contact, a team) are not sent, as
the dashboard has nothing to click.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakewoot import FakeChatwoot
from fakewoot.server import ServerThread
from fakewoot.settings import DEFAULT_FIXTURES
from tests.dashboard.startup import STEPS, Answer, Step, replay

MINIMAL_FIXTURES = DEFAULT_FIXTURES.parent / "minimal"
ADMIN_EMAIL, AGENT_EMAIL, PASSWORD = "admin@minimal.test", "agent@minimal.test", "Password1!"
NEEDS_A_RECORD = ("{conversation_id}", "{contact_id}", "{first_message_id}", "{team_id}")


@pytest.fixture(scope="module")
def minimal_server() -> Iterator[ServerThread]:
    with ServerThread(FakeChatwoot(fixtures=MINIMAL_FIXTURES)) as running:
        yield running


def fresh_replay(server: ServerThread, email: str, *, agent: bool) -> list[Answer]:
    server.fake.reset()
    with httpx.Client(base_url=server.url) as client:
        answers = replay(client, email, PASSWORD, agent=agent, fresh=True)
    errors = list(server.fake.server_errors)
    server.fake.server_errors.clear()
    if errors:
        raise errors[0]
    return answers


def needs_a_record(step: Step, missing: tuple[str, ...]) -> bool:
    text = step.url_template() + repr(step.body)
    return any(name in text for name in missing)


# The agent is in no inbox of the minimal set, so the inboxes list is empty for them (InboxPolicy's
# scope is the user's assigned inboxes) and the inbox pages are not opened either.
ROLES = [(ADMIN_EMAIL, False, NEEDS_A_RECORD), (AGENT_EMAIL, True, (*NEEDS_A_RECORD, "{inbox_id}"))]


@pytest.mark.parametrize(("email", "agent", "missing"), ROLES, ids=["admin", "agent"])
def test_fresh_account_start_up_answers_every_screen_in_the_shapes_the_stores_read(
    minimal_server: ServerThread, email: str, agent: bool, missing: tuple[str, ...]
) -> None:
    answers = fresh_replay(minimal_server, email, agent=agent)
    bad = [(a.url, a.status, a.problems) for a in answers if a.status >= 400 or a.problems]
    assert bad == []
    sent = {answer.step for answer in answers}
    expected = {
        step for step in STEPS if not (agent and step.admin_only) and not needs_a_record(step, missing)
    }
    assert sent == expected


def test_fresh_account_lists_are_empty(minimal_server: ServerThread) -> None:
    answers = {
        answer.step.source: answer.body for answer in fresh_replay(minimal_server, ADMIN_EMAIL, agent=False)
    }
    conversations = answers["ChatList: the All tab -> fetchAllConversations"]["data"]
    assert conversations == {
        "meta": {"mine_count": 0, "assigned_count": 0, "unassigned_count": 0, "all_count": 0},
        "payload": [],
    }
    contacts = answers["ContactsIndex -> contacts/get (sort -last_activity_at)"]
    assert (contacts["meta"]["count"], contacts["payload"]) == (0, [])
    assert answers["teams/get (SET_TEAMS of the bare list; getMyTeams filters is_member)"] == []
    assert answers["labels/get"] == {"payload": []}
    assert answers["notifications/unReadCount (the body is the count)"] == 0
    assert [inbox["id"] for inbox in answers["inboxes/get"]["payload"]] == [1]
