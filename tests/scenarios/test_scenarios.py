"""Scenarios: the file format (errors name file, step and field), the runner in process, over a real
socket, from the CLI, and through the admin endpoint. The example runs on the default fixtures."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.scenarios import (
    BUILTIN_DIR,
    ScenarioError,
    ScenarioFailed,
    arun_scenario,
    load_scenario,
    parse_scenario,
    run_scenario,
)
from fakewoot.scenarios.matching import mismatch, substitute
from fakewoot.server import ServerThread

EXAMPLE = BUILTIN_DIR / "customer_chat.yaml"


@pytest.fixture(scope="module")
def own_fake() -> FakeChatwoot:
    return FakeChatwoot()


@pytest.fixture(scope="module")
def own_server(own_fake: FakeChatwoot) -> Iterator[ServerThread]:
    with ServerThread(own_fake) as running:
        yield running


@pytest.fixture
def served(own_fake: FakeChatwoot, own_server: ServerThread) -> Iterator[ServerThread]:
    """A fake of our own on a real socket (not the session fake: the in-process runs own its loop)."""
    from fakewoot.clock import SystemClock

    own_fake.set_clock(SystemClock())
    own_fake.reset()
    yield own_server
    errors = list(own_fake.server_errors)
    own_fake.server_errors.clear()
    if errors:
        raise errors[0]


def write(tmp_path: Path, data: Any, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fakewoot", "scenario", "run", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


PROFILE_OK = {
    "name": "profile",
    "steps": [
        {
            "name": "John reads his profile",
            "as": "admin",
            "request": {"method": "get", "path": "/api/v1/profile"},
            "expect": {"status": 200, "json": {"email": "john@acme.inc"}},
            "save": {"me": "id"},
        },
        {
            "name": "wrong name on purpose",
            "as": "admin",
            "request": {"method": "GET", "path": "/api/v1/profile"},
            "expect": {"json": {"id": "${me}", "name": "Not John"}},
        },
    ],
}


# --- the format ------------------------------------------------------------------------------------


def test_parse_example_scenario_loads():
    scenario = load_scenario(EXAMPLE)
    assert scenario.name == "customer chat" and scenario.virtual and scenario.reset
    assert scenario.step_label(0) == "step 1 (Jane's dashboard connects)"
    assert load_scenario("customer_chat").steps == scenario.steps  # a built-in example by name


def test_parse_error_names_file_step_and_field(tmp_path):
    path = write(
        tmp_path,
        {
            "name": "bad",
            "steps": [
                {"wait": 0},
                {"name": "typo", "as": "admin", "request": {"method": "GET", "pth": "/api/v1/profile"}},
            ],
        },
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    text = str(error.value)
    assert f"{path}: steps[1] (typo): field 'request.pth': Extra inputs are not permitted" in text
    assert "field 'request.path': Field required" in text


def test_parse_error_for_two_actions_in_one_step(tmp_path):
    path = write(tmp_path, {"name": "bad", "steps": [{"wait": 1, "advance": 2}]})
    with pytest.raises(
        ScenarioError, match=r"steps\[0\]: a step takes exactly one of .* \(found wait and advance\)"
    ):
        load_scenario(path)


def test_parse_error_for_advance_without_virtual_clock(tmp_path):
    path = write(tmp_path, {"name": "bad", "steps": [{"name": "later", "advance": 60}]})
    with pytest.raises(ScenarioError, match=r"steps\[0\] \(later\): field 'advance': .*clock: virtual"):
        load_scenario(path)


def test_parse_error_top_level_field_and_strict_types(tmp_path):
    path = write(tmp_path, {"name": "bad", "clock": "lunar", "steps": [{"wait": "1"}]})
    with pytest.raises(ScenarioError, match=r"field 'clock'"):
        load_scenario(path)
    path = write(tmp_path, {"name": "bad", "steps": [{"wait": "1"}]})
    with pytest.raises(ScenarioError, match=r"steps\[0\]: field 'wait': Input should be a valid number"):
        load_scenario(path)


def test_parse_error_unreadable_yaml_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match=r"scenario.yaml: cannot be read"):
        load_scenario(write(tmp_path, "name: [unclosed"))
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(ScenarioError, match="the top level must be a mapping"):
        parse_scenario(["steps"])


def test_parse_state_takes_exactly_one_change():
    with pytest.raises(ScenarioError, match=r"steps\[0\]: field 'state': .*exactly one of reset"):
        parse_scenario({"name": "x", "steps": [{"state": {"reset": True, "snapshot": "a"}}]})


def test_substitute_keeps_types_and_interpolates():
    saved = {"conversation": 7, "contact": {"id": 3, "name": "Carla"}}
    assert substitute("${conversation}", saved) == 7
    assert substitute("/c/${conversation}/m", saved) == "/c/7/m"
    assert substitute({"who": "${contact.name}", "ids": ["${contact.id}"]}, saved) == {
        "who": "Carla",
        "ids": [3],
    }
    assert substitute("$${literal}", saved) == "${literal}"


def test_mismatch_is_a_subset_match_naming_the_path():
    actual = {"payload": {"contact": {"id": 1, "labels": ["a", "b"]}}, "meta": {}}
    assert mismatch({"payload": {"contact": {"id": 1}}}, actual) is None
    assert mismatch({"payload": {"contact": {"id": 2}}}, actual) == "payload.contact.id: expected 2, got 1"
    assert mismatch({"payload": {"contact": {"labels": ["a"]}}}, actual) == (
        "payload.contact.labels: expected 1 items, got 2"
    )
    assert "missing" in (mismatch({"nope": 1}, actual) or "")
    assert mismatch({"x": True}, {"x": 1}) == "x: expected true, got 1"


# --- running it ------------------------------------------------------------------------------------


def test_example_scenario_passes_in_process_on_a_fresh_fake():
    fake = FakeChatwoot()
    result = run_scenario(fake, EXAMPLE).raise_for_failure()
    assert result.ok and len(result.steps) == len(load_scenario(EXAMPLE).steps)
    assert not isinstance(fake.clock, FrozenClock)  # the virtual clock was unfrozen afterwards
    assert not fake.server_errors


def test_example_scenario_passes_through_the_asgi_app_on_one_loop():
    fake = FakeChatwoot()
    result = asyncio.run(arun_scenario(fake, EXAMPLE))
    assert result.ok, result.report()
    sent = [frame for _, direction, _, frame in fake.frames if direction == "sent"]
    assert any('"message.created"' in frame for frame in sent)
    assert fake.hub.loop is None and not fake.hub.connections  # no closed loop left behind
    fake.store.contacts.create(1, {"name": "After", "email": "after@x.test"})  # broadcasts fine


def test_example_scenario_is_deterministic(served):
    first = run_scenario(served, EXAMPLE)
    second = run_scenario(served.url, EXAMPLE)
    assert first.ok and second.ok
    assert [s.message for s in first.steps] == [s.message for s in second.steps]


def test_failing_expectation_names_the_step(served):
    result = run_scenario(served, PROFILE_OK)
    assert not result.ok
    assert [s.ok for s in result.steps] == [True, False]
    assert result.failure == (
        "<scenario>: step 2 (wrong name on purpose): GET /api/v1/profile -> 200: "
        'name: expected "Not John", got "John"'
    )
    with pytest.raises(ScenarioFailed, match="step 2"):
        result.raise_for_failure()


def test_unexpected_status_fails_without_expect(served):
    scenario = {"name": "401", "steps": [{"request": {"method": "GET", "path": "/api/v1/profile"}}]}
    result = run_scenario(served, scenario)
    assert not result.ok and "expected a 2xx status" in (result.failure or "")


def test_wall_clock_wait_sleeps_and_state_steps_use_the_control_api(served, own_fake):
    scenario = {
        "name": "state",
        "steps": [
            {"state": {"snapshot": "before"}},
            {
                "as": "admin",
                "request": {"method": "POST", "path": "/api/v1/accounts/1/labels", "json": {"title": "temp"}},
            },
            {"state": {"restore": "before"}},
            {"state": {"fault": {"method": "GET", "path": "/api/v1/profile", "status": 503}}},
            {
                "as": "admin",
                "request": {"method": "GET", "path": "/api/v1/profile"},
                "expect": {"status": 503},
            },
            {"wait": 0.2},
        ],
    }
    began = time.monotonic()
    result = run_scenario(served, scenario)
    assert result.ok, result.report()
    assert time.monotonic() - began >= 0.2
    titles = [label.title for label in own_fake.store.state.accounts[1].labels.values()]
    assert "temp" not in titles


def test_frames_expected_absent_and_contact_subscription(served, own_fake):
    link = next(iter(own_fake.store.state.accounts[1].contact_inboxes.values()))
    token = own_fake.store.contact_inboxes.pubsub_token(link)
    scenario = {
        "name": "frames",
        "steps": [
            {"subscribe": {"as": "agent"}},
            {"subscribe": {"as": "customer", "pubsub_token": token}},
            {"emit": {"event": "conversation.mentioned", "data": {"id": 1}, "to": 1}},
            {"expect_frame": {"as": "agent", "event": "conversation.mentioned"}, "save": {"mentioned": "id"}},
            {"expect_no_frame": {"as": "customer", "event": "conversation.mentioned", "within": 0.3}},
            {"emit": {"event": "custom.ping", "data": {"n": "${mentioned}"}}},
            {"expect_frame": {"as": "customer", "event": "custom.ping", "data": {"n": 1}}},
        ],
    }
    result = run_scenario(served, scenario)
    assert result.ok, result.report()


def test_missing_frame_reports_what_arrived(served):
    scenario = {
        "name": "no frame",
        "steps": [
            {"subscribe": {"as": "agent"}},
            {"emit": {"event": "conversation.mentioned", "data": {"id": 1}, "to": 1}},
            {
                "expect_frame": {
                    "as": "agent",
                    "event": "conversation.mentioned",
                    "data": {"id": 2},
                    "within": 0.5,
                }
            },
        ],
    }
    result = run_scenario(served, scenario)
    failure = result.failure or ""
    assert "step 3 (expect_frame): no conversation.mentioned frame on agent within 0.5s" in failure
    assert "nearest conversation.mentioned: id: expected 2, got 1" in failure


def test_bad_pubsub_token_fails_the_subscribe_step(served):
    scenario = {
        "name": "x",
        "steps": [{"subscribe": {"as": "nobody", "pubsub_token": "nope", "within": 0.3}}],
    }
    result = run_scenario(served, scenario)
    assert "no confirm_subscription within 0.3s" in (result.failure or "")


# --- the CLI ---------------------------------------------------------------------------------------


def test_cli_runs_the_example_against_a_server(served):
    done = cli(str(EXAMPLE), "--url", served.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout and "step 18" in done.stdout


def test_cli_failing_expectation_exits_1_naming_the_step(served, tmp_path):
    done = cli(str(write(tmp_path, PROFILE_OK)), "--url", served.url)
    assert done.returncode == 1
    assert "step 2 (wrong name on purpose)" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_invalid_file_and_unreachable_server_exit_1_without_traceback(tmp_path):
    done = cli(str(write(tmp_path, {"name": "x", "steps": [{"wiat": 1}]})))
    assert done.returncode == 1 and "steps[0]: a step takes exactly one of" in done.stderr
    done = cli(str(write(tmp_path, PROFILE_OK)), "--url", "http://127.0.0.1:9")
    assert done.returncode == 1 and "step 1" in done.stderr and "ConnectError" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# --- the admin endpoint ----------------------------------------------------------------------------


def test_admin_endpoint_runs_a_scenario_in_the_server(served):
    scenario = {
        "name": "admin run",
        "clock": "virtual",
        "start": "2024-06-01T00:00:00Z",
        "steps": [
            {"subscribe": {"as": "agent"}},
            {
                "as": "admin",
                "request": {
                    "method": "POST",
                    "path": "/api/v1/accounts/1/contacts",
                    "json": {"name": "Admin Run", "email": "run@x.test"},
                },
                "expect": {"json": {"payload": {"contact": {"created_at": 1717200000}}}},
                "save": {"contact": "payload.contact.id"},
            },
            {"expect_frame": {"as": "agent", "event": "contact.created", "data": {"id": "${contact}"}}},
            {"wait": 30},
        ],
    }
    response = httpx.post(served.url + "/_fakewoot/scenarios/run", json={"scenario": scenario}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"], body
    assert [s["kind"] for s in body["steps"]] == ["subscribe", "request", "expect_frame", "wait"]
    clock = httpx.get(served.url + "/_fakewoot/clock").json()
    assert clock["frozen"] is False  # unfrozen after the run


def test_admin_endpoint_runs_a_file_and_reports_failures(served, tmp_path, monkeypatch):
    monkeypatch.setattr(served.fake.settings, "fixture_roots", (str(tmp_path),))  # files it may read
    response = httpx.post(served.url + "/_fakewoot/scenarios/run", json={"path": "customer_chat"}, timeout=60)
    assert response.status_code == 200 and response.json()["ok"], response.json()
    response = httpx.post(
        served.url + "/_fakewoot/scenarios/run", json={"path": str(write(tmp_path, PROFILE_OK))}, timeout=30
    )
    body = response.json()
    assert body["ok"] is False and "step 2 (wrong name on purpose)" in body["failure"]


def test_admin_endpoint_refuses_an_invalid_scenario(served):
    response = httpx.post(
        served.url + "/_fakewoot/scenarios/run", json={"scenario": {"name": "x", "steps": [{"wait": -1}]}}
    )
    assert response.status_code == 422
    assert response.json() == {
        "error": "<request>: steps[0]: field 'wait': Input should be greater than or equal to 0"
    }
    assert httpx.post(served.url + "/_fakewoot/scenarios/run", json={}).status_code == 422


def test_readme_scenario_example_runs():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme[readme.index("## Scenarios") : readme.index("## Docker")]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = run_scenario(FakeChatwoot(), yaml.safe_load(example))
    assert result.ok, result.report()


# --- from a test, through the pytest plugin's fixture ---------------------------------------------


def test_the_fakewoot_fixture_runs_a_scenario_and_fails_on_a_bad_step(fakewoot):
    result = fakewoot.run_scenario("customer_chat")
    assert result.ok and len(result.steps) == len(load_scenario("customer_chat").steps)
    assert fakewoot.requests("POST", "/api/v1/accounts/1/conversations")  # it went through this server
    with pytest.raises(ScenarioFailed, match="step 2 \\(wrong name on purpose\\)"):
        fakewoot.run_scenario(PROFILE_OK)


def test_cli_var_fills_scenario_variables(served, tmp_path):
    scenario = {
        "name": "var",
        "users": {"admin": "fakewoot-admin-token"},
        "steps": [
            {
                "as": "admin",
                "request": {"method": "GET", "path": "/api/v1/profile"},
                "expect": {"json": {"email": "${email}"}},
            }
        ],
    }
    path = str(write(tmp_path, scenario))
    assert cli(path, "--url", served.url, "--var", "email=john@acme.inc").returncode == 0
    assert cli(path, "--url", served.url, "--var", "email=other@x.test").returncode == 1
    refused = cli(path, "--url", served.url, "--var", "no-equals-sign")
    assert refused.returncode == 2 and "NAME=VALUE" in refused.stderr
