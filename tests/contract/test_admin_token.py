"""The optional control token: with FAKEWOOT_CONTROL_TOKEN set, /_fakewoot/* (but health) needs the
X-Fakewoot-Token header; the Chatwoot API itself is unaffected. Over a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fakewoot.cli import _parser
from fakewoot.control import FakeChatwoot
from fakewoot.errors import HEADER_CONTROL_TOKEN, MSG_CONTROL_TOKEN
from fakewoot.scenarios import run_scenario
from fakewoot.server import ServerThread
from fakewoot.settings import Settings
from tests.conftest import ADMIN_TOKEN, token

SECRET = "s3cret-control"


@pytest.fixture(scope="module")
def guarded() -> Iterator[ServerThread]:
    with ServerThread(FakeChatwoot(Settings(control_token=SECRET))) as server:
        yield server


@pytest.fixture
def http(guarded: ServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=guarded.url) as client:
        yield client


def test_without_or_with_a_wrong_token_control_calls_are_401_and_change_nothing(http, guarded):
    before = guarded.fake.clock.now()
    for headers in ({}, {HEADER_CONTROL_TOKEN: "wrong"}, {HEADER_CONTROL_TOKEN: ""}):
        for method, path, body in [
            ("POST", "/_fakewoot/reset", None),
            ("POST", "/_fakewoot/clock", {"freeze": "2020-01-01T00:00:00Z"}),
            ("GET", "/_fakewoot/requests", None),
            ("GET", "/_fakewoot/state", None),
            ("POST", "/_fakewoot/scenarios/run", {"path": "customer_chat"}),
            ("GET", "//_fakewoot/state", None),  # the guard acts on the matched route
            ("POST", "/_fakewoot//reset", None),
            ("POST", "//_fakewoot//clock", {"freeze": "2020-01-01T00:00:00Z"}),
        ]:
            # an absolute URL: httpx would fold a leading // against base_url
            response = http.request(method, guarded.url + path, json=body, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.json() == {"error": MSG_CONTROL_TOKEN}
        # an unknown control path is Rails' 404 before and after the guard: nothing to protect
        assert http.get("/_fakewoot/nowhere", headers=headers).status_code == 404
    assert guarded.fake.clock.now() >= before  # not frozen in 2020


def test_the_right_token_opens_the_control_api(http):
    headers = {HEADER_CONTROL_TOKEN: SECRET}
    assert http.post("/_fakewoot/reset", headers=headers).json() == {"reset": True}
    assert http.get("/_fakewoot/requests", headers=headers).status_code == 200
    assert http.get("/_fakewoot/nowhere", headers=headers).status_code == 404  # past the guard


def test_health_stays_open_and_the_chatwoot_api_ignores_the_guard(http):
    assert http.get("/_fakewoot/health").json()["status"] == "ok"
    assert http.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200
    assert http.get("/api/v1/profile").status_code == 401  # Chatwoot's own auth, unchanged


def test_scenarios_send_the_token_in_process_and_over_a_url(guarded):
    scenario = {
        "name": "guarded",
        "reset": True,
        "clock": "virtual",
        "steps": [{"advance": 5}, {"state": {"snapshot": "guarded"}}],
    }
    run_scenario(guarded.url, scenario, control_token=SECRET).raise_for_failure()
    assert not run_scenario(guarded.url, scenario).ok  # no token: the reset is refused
    run_scenario(guarded, scenario).raise_for_failure()  # a ServerThread: its fake's token
    run_scenario(FakeChatwoot(Settings(control_token=SECRET)), scenario).raise_for_failure()


def test_setting_comes_from_the_flag_or_the_environment():
    assert Settings.from_env({"FAKEWOOT_CONTROL_TOKEN": "abc"}).control_token == "abc"
    assert Settings.from_env({}).control_token is None
    assert _parser().parse_args(["serve", "--control-token", "t"]).control_token == "t"


def test_the_contacts_machine_resets_a_guarded_server(guarded):
    from fakewoot.testing import ChatwootContactsMachine

    bound = ChatwootContactsMachine.for_target(guarded)
    assert bound.control_token == SECRET
    machine = bound.__new__(bound)  # no run: just the reset hook, against the guarded server
    machine._http = None
    machine.reset()
    machine.http.close()
    assert ChatwootContactsMachine.for_target(guarded.url).control_token is None
