"""Scenario steps expect_webhook / expect_no_webhook: strict parsing (file, step and field named),
matching as expect_frame does (event name, a subset of the data, the first one not yet matched),
signatures checked with a given secret, on every transport: a URL, a ServerThread, in process on one
event loop, and inside the server through the admin endpoint. Deliveries go to a real receiver."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fakewoot import FakeChatwoot
from fakewoot.clock import SystemClock
from fakewoot.scenarios import (
    BUILTIN_DIR,
    ScenarioError,
    arun_scenario,
    load_scenario,
    parse_scenario,
    run_scenario,
)
from fakewoot.server import ServerThread
from fakewoot.testing import WebhookReceiver

EXAMPLE = BUILTIN_DIR / "webhooks.yaml"
MESSAGES = "/api/v1/accounts/1/conversations/1/messages"


@pytest.fixture(scope="module")
def own_fake() -> Iterator[FakeChatwoot]:
    fake = FakeChatwoot()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def own_server(own_fake: FakeChatwoot) -> Iterator[ServerThread]:
    with ServerThread(own_fake) as running:
        yield running


@pytest.fixture(scope="module")
def module_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as running:
        yield running


@pytest.fixture
def receiver(module_receiver: WebhookReceiver) -> WebhookReceiver:
    module_receiver.reset()
    return module_receiver


@pytest.fixture
def served(own_fake: FakeChatwoot, own_server: ServerThread) -> Iterator[ServerThread]:
    own_fake.set_clock(SystemClock())
    own_fake.reset()
    yield own_server
    own_fake.deliveries.settle(2)
    errors = list(own_fake.server_errors)
    own_fake.server_errors.clear()
    if errors:
        raise errors[0]


def webhook_step(url: str, events: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": "register",
        "as": "admin",
        "request": {
            "method": "POST",
            "path": "/api/v1/accounts/1/webhooks",
            "json": {"webhook": {"url": url, "subscriptions": events or ["message_created"]}},
        },
        "save": {"secret": "payload.webhook.secret"},
    }


def message_step(content: str) -> dict[str, Any]:
    return {"as": "admin", "request": {"method": "POST", "path": MESSAGES, "json": {"content": content}}}


def scenario(*steps: dict[str, Any], **header: Any) -> dict[str, Any]:
    return {"name": "webhooks", "vars": header.pop("vars", {}), "steps": list(steps), **header}


# --- the format ------------------------------------------------------------------------------------


def test_parse_webhook_steps_and_vars():
    parsed = parse_scenario(
        scenario(
            {"expect_webhook": {"event": "message_created", "data": {"content": "x"}}, "save": {"m": "id"}},
            {"expect_no_webhook": {"event": "contact_created", "kind": "account_webhook"}},
            vars={"hook": "http://127.0.0.1:1/h"},
        )
    )
    first, second = parsed.steps
    assert first.expect_webhook.within == 2.0 and first.expect_webhook.state is None
    assert second.expect_no_webhook.within == 0.5
    assert parsed.variables == {"hook": "http://127.0.0.1:1/h"}
    assert parsed.step_label(0) == "step 1 (expect_webhook)"
    assert load_scenario("webhooks").steps == load_scenario(EXAMPLE).steps


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            {"name": "typo", "expect_webhook": {"evnt": "message_created"}},
            "<scenario>: steps[0] (typo): field 'expect_webhook.evnt': Extra inputs are not permitted",
        ),
        (
            {"expect_webhook": {"kind": "sms"}},
            "<scenario>: steps[0]: field 'expect_webhook.kind': Value error, kind must be one of "
            "account_webhook, api_inbox_webhook, agent_bot_webhook, manual",
        ),
        (
            {"expect_webhook": {"state": "lost"}},
            "<scenario>: steps[0]: field 'expect_webhook.state': Value error, state must be one of "
            "queued, held, sending, retrying, delivered, failed, dropped",
        ),
        (
            {"expect_no_webhook": {"within": 0}},
            "<scenario>: steps[0]: field 'expect_no_webhook.within': Input should be greater than 0",
        ),
        (
            {"expect_no_webhook": {"event": "x", "state": "delivered"}},
            "<scenario>: steps[0]: field 'expect_no_webhook.state': Extra inputs are not permitted",
        ),
        (
            {"expect_webhook": {"data": ["not", "a", "mapping"]}},
            "<scenario>: steps[0]: field 'expect_webhook.data': Input should be a valid dictionary",
        ),
        (
            {"expect_webhook": {"event": "x"}, "expect_no_webhook": {"event": "x"}},
            "<scenario>: steps[0]: a step takes exactly one of",
        ),
    ],
)
def test_parse_errors_name_step_and_field(step, message):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(scenario(step))
    assert message in str(error.value)


def test_parse_error_for_vars_that_are_not_a_mapping():
    with pytest.raises(ScenarioError, match="<scenario>: field 'vars': Input should be a valid dictionary"):
        parse_scenario({"name": "x", "vars": ["a"], "steps": [{"wait": 0}]})


# --- running ----------------------------------------------------------------------------------------


def test_expect_webhook_matches_a_data_subset_verifies_and_saves(served, receiver):
    hook = receiver.url_for("/hook")
    result = run_scenario(
        served,
        scenario(
            webhook_step("${hook}"),
            message_step("first"),
            message_step("second"),
            {
                "name": "the first message",
                "expect_webhook": {
                    "event": "message_created",
                    "url": "${hook}",
                    "kind": "account_webhook",
                    "state": "delivered",
                    "secret": "${secret}",
                    "data": {"content": "first", "conversation": {"id": 1}, "sender": {"type": "user"}},
                },
                "save": {"first": "id", "sender": "sender.id"},
            },
            {"expect_webhook": {"event": "message_created", "url": "${hook}"}, "save": {"next": "content"}},
            {"expect_no_webhook": {"event": "message_created", "url": "${hook}", "within": 0.2}},
            {"expect_no_webhook": {"event": "contact_created", "within": 0.1}},
            vars={"hook": hook},
        ),
    )
    assert result.ok, result.report()
    step = result.steps[3]
    assert step.message.startswith(f"message_created #1 account_webhook -> {hook}: delivered 200")
    assert result.steps[4].message.startswith("message_created #2 ")  # the first one was consumed
    assert result.steps[5].message == f"no message_created (to {hook}) for 0.2s"
    assert [r.json["content"] for r in receiver.find("message_created")] == ["first", "second"]


def test_variables_given_to_the_run_override_vars(served, receiver):
    steps = scenario(
        webhook_step("${hook}"),
        message_step("hi"),
        {"expect_webhook": {"event": "message_created", "url": "${hook}", "state": "delivered"}},
        vars={"hook": "http://127.0.0.1:9/nowhere"},
    )
    result = run_scenario(served, steps, variables={"hook": receiver.url_for("/given")})
    assert result.ok, result.report()
    assert receiver.wait_for("message_created").path == "/given"


def test_missing_webhook_reports_what_was_delivered_and_how_it_differs(served, receiver):
    result = run_scenario(
        served,
        scenario(
            webhook_step(receiver.url_for("/hook")),
            message_step("hello"),
            {"expect_webhook": {"event": "message_created", "data": {"content": "bye"}, "within": 0.3}},
        ),
    )
    assert not result.ok
    assert result.failure == (
        "<scenario>: step 3 (expect_webhook): no message_created finished within 0.3s; "
        "unmatched deliveries: #1 message_created account_webhook delivered; "
        'nearest message_created: content: expected "bye", got "hello"'
    )


def test_expect_webhook_waits_for_the_state_asked(served, receiver):
    receiver.respond(500)
    result = run_scenario(
        served,
        scenario(
            webhook_step(receiver.url_for("/hook")),
            message_step("hello"),
            {"expect_webhook": {"event": "message_created", "state": "failed"}},
            message_step("again"),
            {"expect_webhook": {"event": "message_created", "state": "delivered", "within": 0.3}},
        ),
    )
    assert [s.ok for s in result.steps] == [True, True, True, True, False]
    assert result.steps[2].message.endswith("failed 500 (500 Internal Server Error)")
    assert "no message_created (state delivered) finished within 0.3s" in (result.failure or "")
    assert "#2 message_created account_webhook failed" in (result.failure or "")


def test_wrong_secret_fails_the_step(served, receiver):
    result = run_scenario(
        served,
        scenario(
            webhook_step(receiver.url_for("/hook")),
            message_step("hello"),
            {"expect_webhook": {"event": "message_created", "secret": "not-the-secret"}},
        ),
    )
    failure = result.failure or ""
    assert "step 3 (expect_webhook): message_created #1 to http://127.0.0.1:" in failure
    assert "X-Chatwoot-Signature sha256=" in failure and "does not verify with the given secret" in failure


def test_unexpected_webhook_fails_expect_no_webhook(served, receiver):
    result = run_scenario(
        served,
        scenario(
            webhook_step(receiver.url_for("/hook")),
            message_step("hello"),
            {
                "name": "quiet",
                "expect_no_webhook": {"event": "message_created", "data": {"content": "hello"}},
            },
        ),
    )
    failure = result.failure or ""
    assert failure.startswith("<scenario>: step 3 (quiet): unexpected message_created #1 account_webhook -> ")
    assert '"content":"hello"' in failure


def test_deliveries_from_before_the_run_do_not_count(served, receiver, own_fake):
    own_fake.store.webhooks.create(1, url=receiver.url_for("/hook"), subscriptions=["message_created"])
    assert httpx.post(
        served.url + MESSAGES,
        json={"content": "before"},
        headers={"api_access_token": "fakewoot-admin-token"},
    ).is_success
    own_fake.deliveries.wait_for("message_created", timeout=5)
    result = run_scenario(
        served.url,
        scenario(
            {"expect_no_webhook": {"event": "message_created", "within": 0.2}},
            message_step("during"),
            {"expect_webhook": {"event": "message_created", "data": {"content": "during"}}},
            {"state": {"reset": True}},
            {"expect_no_webhook": {"within": 0.1}},
        ),
    )
    assert result.ok, result.report()


def test_example_scenario_passes_with_a_receiver_and_without(served, receiver):
    result = run_scenario(served, EXAMPLE, variables={"hook": receiver.url_for("/hook")})
    assert result.ok, result.report()
    assert len(result.steps) == len(load_scenario(EXAMPLE).steps)
    assert "delivered 200" in result.steps[-1].message
    assert receiver.events == ["conversation_created", "message_created"]
    result = run_scenario(served.url, EXAMPLE)  # nothing listens at the default `hook`: made, and failed
    assert result.ok, result.report()
    assert "failed (Failed to open TCP connection to 127.0.0.1:9" in result.steps[-1].message


def test_in_process_on_one_event_loop_and_in_the_server(served, receiver):
    fake = FakeChatwoot()
    try:
        result = asyncio.run(arun_scenario(fake, EXAMPLE, variables={"hook": receiver.url_for("/asgi")}))
        assert result.ok, result.report()
        assert receiver.wait_for("message_created").path == "/asgi"
    finally:
        fake.close()
    receiver.reset()
    inside = scenario(
        webhook_step(receiver.url_for("/inside")),
        message_step("from the admin endpoint"),
        {"expect_webhook": {"event": "message_created", "state": "delivered", "secret": "${secret}"}},
        {"expect_no_webhook": {"event": "contact_created", "within": 0.2}},
    )
    response = httpx.post(served.url + "/_fakewoot/scenarios/run", json={"scenario": inside}, timeout=30)
    body = response.json()
    assert response.status_code == 200 and body["ok"], body
    assert receiver.wait_for("message_created").json["content"] == "from the admin endpoint"
