"""Chatwoot v4.10's dashboard start-up, replayed over a real socket against the session's fake.

The sequence and the fields each store reads are in tests/dashboard/startup.py (from the dashboard's
source at e13e3c87). The default fixtures get the few records they lack first (startup.POPULATE,
over the API), so the reads under every list see items. An administrator replays every screen; an agent replays the screens an agent's
dashboard shows, and is refused the administrator-only ones as Chatwoot's policies refuse them.
Each request is its own test (the replay runs once per role), so a failure names the request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fakewoot import FakeChatwoot
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION
from fakewoot.server import ServerThread
from tests.conftest import ADMIN_EMAIL, ADMIN_TOKEN, AGENT_EMAIL, AGENT_TOKEN, PASSWORD, token
from tests.dashboard.startup import (
    ADMIN,
    AGENT,
    POPULATE,
    SESSION_HEADERS,
    SIGN_IN,
    STEPS,
    UPLOAD_PATH,
    Answer,
    Read,
    Step,
    populate,
    replay,
    type_errors,
    values_at,
)

ADMIN_STEPS = STEPS
AGENT_STEPS = [step for step in STEPS if not step.admin_only]
ADMIN_ONLY = [step for step in STEPS if step.admin_only]
TOKENS = {ADMIN: token(ADMIN_TOKEN), AGENT: token(AGENT_TOKEN)}


def step_id(step: Step) -> str:
    return f"{STEPS.index(step):02d}-{step.screen}-{step.method} {step.url_template()}"


def replayed(session_fake: FakeChatwoot, server: ServerThread, email: str, *, agent: bool) -> list[Answer]:
    session_fake.reset()
    with httpx.Client(base_url=server.url) as client:
        statuses = populate(client, TOKENS)
        assert all(status == 200 for _, status in statuses), statuses
        answers = replay(client, email, PASSWORD, agent=agent)
    errors = list(session_fake.server_errors)
    session_fake.server_errors.clear()
    session_fake.reset()
    if errors:
        raise errors[0]
    return answers


@pytest.fixture(scope="module")
def admin_answers(session_fake: FakeChatwoot, server: ServerThread) -> dict[Step, Answer]:
    return {answer.step: answer for answer in replayed(session_fake, server, ADMIN_EMAIL, agent=False)}


@pytest.fixture(scope="module")
def agent_answers(session_fake: FakeChatwoot, server: ServerThread) -> dict[Step, Answer]:
    return {answer.step: answer for answer in replayed(session_fake, server, AGENT_EMAIL, agent=True)}


def assert_served(answers: dict[Step, Answer], step: Step) -> None:
    assert step in answers, "the replay stopped before this request (an earlier one did not bind)"
    answer = answers[step]
    assert answer.status < 400, (answer.url, answer.status, answer.body)
    assert answer.problems == [], (answer.url, answer.problems)


@pytest.mark.parametrize("step", ADMIN_STEPS, ids=step_id)
def test_admin_dashboard_request_served_with_the_fields_its_store_reads(
    admin_answers: dict[Step, Answer], step: Step
) -> None:
    assert_served(admin_answers, step)


@pytest.mark.parametrize("step", AGENT_STEPS, ids=step_id)
def test_agent_dashboard_request_served_with_the_fields_its_store_reads(
    agent_answers: dict[Step, Answer], step: Step
) -> None:
    assert_served(agent_answers, step)


@pytest.mark.parametrize("step", ADMIN_ONLY, ids=step_id)
def test_admin_only_screen_refuses_an_agent(
    fake: FakeChatwoot, socket_client: httpx.Client, step: Step
) -> None:
    headers = session_headers(socket_client, AGENT_EMAIL)
    response = socket_client.request(step.method, step.url({}), headers=headers)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def session_headers(client: httpx.Client, email: str) -> dict[str, str]:
    response = client.post("/auth/sign_in", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {name: response.headers[name] for name in SESSION_HEADERS}


def test_sign_in_gives_the_five_session_headers_the_dashboard_keeps(
    fake: FakeChatwoot, socket_client: httpx.Client
) -> None:
    response = socket_client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    assert all(response.headers.get(name) for name in SESSION_HEADERS), dict(response.headers)
    assert response.headers["token-type"] == "Bearer"
    assert response.headers["uid"] == ADMIN_EMAIL
    # setAuthCredentials: the cookie lives differenceInDays(fromUnixTime(expiry), now) days
    assert int(response.headers["expiry"]) > time.time() + 86400


def test_session_headers_are_reused_unchanged_for_every_request(
    fake: FakeChatwoot, socket_client: httpx.Client
) -> None:
    headers = session_headers(socket_client, ADMIN_EMAIL)
    for _ in range(3):
        response = socket_client.get("/auth/validate_token", headers=headers)
        assert response.status_code == 200
        assert response.json()["payload"]["data"]["email"] == ADMIN_EMAIL


def list_reads(answers: dict[Step, Answer]) -> Iterator[tuple[Step, str, int]]:
    """Every `...[]` prefix a step reads, with how many items the replay saw there."""
    for step, answer in answers.items():
        if step.screen == SIGN_IN or answer.status >= 400:
            continue
        prefixes = {read.path[: read.path.index("[]") + 2] for read in step.reads if "[]" in read.path}
        for prefix in sorted(prefixes):
            yield step, prefix, len(values_at(answer.body, prefix))


def test_replay_sees_items_in_every_list(admin_answers: dict[Step, Answer]) -> None:
    empty = {(step.source, prefix) for step, prefix, count in list_reads(admin_answers) if count == 0}
    assert empty == set()


def test_populating_creates_every_record(fake: FakeChatwoot, socket_client: httpx.Client) -> None:
    statuses = populate(socket_client, TOKENS)
    assert statuses == [(UPLOAD_PATH, 200)] + [(path, 200) for _, _, path, _ in POPULATE]


def test_every_screen_is_replayed(admin_answers: dict[Step, Answer]) -> None:
    screens: list[Any] = []
    for step in admin_answers:
        if step.screen not in screens:
            screens.append(step.screen)
    expected = [
        "sign-in",
        "boot",
        "sidebar",
        "conversations",
        "conversation",
        "inbox-view",
        "contacts",
        "search",
        "settings",
        "reports",
    ]
    assert screens == expected
    assert len(admin_answers) == len(STEPS)


def test_reader_names_a_missing_field_and_a_mistyped_one() -> None:
    step = Step(
        "test",
        "a made-up store",
        "GET",
        "/x",
        reads=(Read("payload[].id", int), Read("payload[].name", str), Read("meta.count", int)),
    )
    body = {"payload": [{"id": 1, "name": "a"}, {"id": True, "name": "b"}], "meta": {}}
    assert type_errors(step, body) == [
        "payload[].id: bool True, read as (<class 'int'>,)",
        "meta.count: no 'count' in dict",
    ]
    assert type_errors(step, {"payload": [], "meta": {"count": 0}}) == []
