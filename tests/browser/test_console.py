"""The console in real headless Chromium: tokens, the clock, a scenario step by step, the data
tables, the live timeline, and the control token prompt."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fakewoot.control import FakeChatwoot
from fakewoot.scenarios.model import load_scenario
from fakewoot.server import ServerThread
from fakewoot.settings import DEFAULT_FIXTURES, Settings
from tests.browser.conftest import wait_for
from tests.conftest import ADMIN_TOKEN, BOT_TOKEN, token


def _by(css: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return (By.CSS_SELECTOR, css)


def _text(browser: Any, css: str) -> str:
    return str(browser.find_element(*_by(css)).text)


def _open(browser: Any, server: ServerThread) -> None:
    browser.get_log("browser")  # what earlier tests left in the log
    browser.get(server.url + "/")  # `/` sends a browser to the console
    assert browser.current_url == server.url + "/_fakewoot/"
    wait_for(browser, lambda b: b.find_elements(*_by("#records tbody tr")))


def _tab(browser: Any, name: str) -> None:
    browser.find_element(*_by(f'#tabs button[data-tab="{name}"]')).click()


def _no_console_errors(browser: Any) -> None:
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_console_shows_the_tokens_to_copy(browser, server):
    _open(browser, server)
    _tab(browser, "credentials")
    row = wait_for(browser, lambda b: b.find_elements(*_by('#credentials tr[data-email="john@acme.inc"]')))[0]
    assert row.find_element(*_by("code.token")).text == ADMIN_TOKEN
    assert "Password1!" in row.text
    tokens = [e.text for e in browser.find_elements(*_by("#credentials code.token"))]
    assert BOT_TOKEN in tokens and "fakewoot-platform-token" in tokens
    _no_console_errors(browser)


def test_contacts_page_through_and_search(browser, server):
    account = server.fake.store.account(1)
    _open(browser, server)
    newest = max(account.contacts.rows)
    assert browser.find_element(*_by("#records tbody tr")).get_attribute("data-id") == str(newest)
    assert _text(browser, "#page-info").endswith(f"of {len(account.contacts)}")
    search = browser.find_element(*_by("#search"))
    search.send_keys("farid")
    wait_for(browser, lambda b: len(b.find_elements(*_by("#records tbody tr"))) == 1)
    assert "farid@customer.test" in _text(browser, "#records tbody")
    browser.find_element(*_by("#records tbody tr")).click()
    wait_for(browser, lambda b: '"email": "farid@customer.test"' in b.find_element(*_by("#record")).text)


def test_advancing_the_clock_shows_on_the_page(browser, server):
    _open(browser, server)
    _tab(browser, "clock")
    browser.find_element(*_by("#freeze-at")).send_keys("2024-06-03T09:00:00Z")
    browser.find_element(*_by("#freeze")).click()
    wait_for(browser, lambda b: _text(b, "#clock-now") == "2024-06-03T09:00:00.000Z")
    assert _text(browser, "#clock-mode") == "(frozen)"
    advance = browser.find_element(*_by("#advance-by"))
    advance.clear()
    advance.send_keys("90")
    browser.find_element(*_by("#advance")).click()
    wait_for(browser, lambda b: _text(b, "#clock-now") == "2024-06-03T09:01:30.000Z")
    assert server.fake.clock.now() == 1717405290.0
    browser.find_element(*_by("#unfreeze")).click()
    wait_for(browser, lambda b: _text(b, "#clock-mode") == "(running)")


def test_the_customer_chat_scenario_passes_step_by_step(browser, server):
    steps = load_scenario(DEFAULT_FIXTURES.parent / "scenarios" / "customer_chat.yaml").steps
    _open(browser, server)
    _tab(browser, "scenarios")
    wait_for(browser, lambda b: b.find_elements(*_by('#scenario-name option[value="customer_chat"]')))
    browser.find_element(*_by("#run-scenario")).click()
    wait_for(browser, lambda b: "passed" in _text(b, "#scenario-summary"), timeout=60)
    rows = browser.find_elements(*_by("#scenario-steps tbody tr"))
    assert len(rows) == len(steps)
    assert all(row.get_attribute("class") == "ok" for row in rows)
    assert rows[0].find_elements(*_by("td"))[1].text == "Jane's dashboard connects"
    assert [row.find_elements(*_by("td"))[3].text for row in rows] == ["ok"] * len(steps)
    assert _text(browser, "#scenario-summary") == f"customer chat: passed ({len(steps)} steps)"


def test_a_failing_scenario_names_its_step(browser, server):
    _open(browser, server)
    _tab(browser, "scenarios")
    details = browser.find_element(*_by("#tab-scenarios details"))
    details.click()
    scenario = (
        '{"name": "broken", "steps": [{"name": "profile", "as": "fakewoot-admin-token",'
        ' "request": {"method": "GET", "path": "/api/v1/profile"}, "expect": {"status": 418}}]}'
    )
    browser.find_element(*_by("#scenario-json")).send_keys(scenario)
    browser.find_element(*_by("#run-json")).click()
    wait_for(browser, lambda b: "FAILED" in _text(b, "#scenario-summary"))
    row = browser.find_element(*_by("#scenario-steps tbody tr"))
    assert row.get_attribute("class") == "fail" and "418" in row.text


def test_the_timeline_shows_api_calls_as_they_happen(browser, server):
    _open(browser, server)
    httpx.get(server.url + "/api/v1/profile", headers=token(ADMIN_TOKEN))
    wait_for(browser, lambda b: "GET /api/v1/profile → 200" in _text(b, "#timeline"))
    assert "/_fakewoot/console/feed" not in _text(browser, "#timeline")  # its own polling is left out


def test_reset_and_snapshots_from_the_page(browser, server):
    httpx.post(
        server.url + "/api/v1/accounts/1/contacts",
        json={"name": "Transient", "email": "transient@x.test"},
        headers=token(ADMIN_TOKEN),
    )
    _open(browser, server)
    _tab(browser, "state")
    browser.find_element(*_by("#snapshot-name")).send_keys("with-transient")
    browser.find_element(*_by("#save-snapshot")).click()
    wait_for(browser, lambda b: "with-transient" in _text(b, "#snapshots"))
    browser.find_element(*_by("#reset")).click()
    wait_for(browser, lambda b: "transient@x.test" not in server.fake.store.account(1).contact_emails)
    # the list is redrawn every few seconds: click in the page, not through a held element
    browser.execute_script("document.querySelector('#snapshots button').click()")
    wait_for(browser, lambda b: "transient@x.test" in server.fake.store.account(1).contact_emails)


@pytest.fixture(scope="module")
def guarded() -> Iterator[ServerThread]:
    with ServerThread(FakeChatwoot(Settings(control_token="console-secret"))) as running:
        yield running


def test_with_a_control_token_the_page_asks_for_it(browser, guarded):
    browser.get(guarded.url + "/_fakewoot/")
    form = wait_for(browser, lambda b: [f for f in b.find_elements(*_by("#token-form")) if f.is_displayed()])[
        0
    ]
    assert browser.find_elements(*_by("#records tbody tr")) == []
    form.find_element(*_by("#token-input")).send_keys("console-secret")
    form.find_element(*_by("button")).click()
    wait_for(browser, lambda b: b.find_elements(*_by("#records tbody tr")))
    assert not browser.find_element(*_by("#token-form")).is_displayed()
    browser.execute_script("sessionStorage.clear()")


def test_a_contact_created_elsewhere_shows_without_a_click(browser, server):
    _open(browser, server)
    created = httpx.post(
        server.url + "/api/v1/accounts/1/contacts",
        json={"name": "Live Update", "email": "live@x.test"},
        headers=token(ADMIN_TOKEN),
    ).json()["payload"]["contact"]
    first = '#records tbody tr[data-id="{}"]'.format(created["id"])
    wait_for(browser, lambda b: b.find_elements(*_by(first)))
    assert "live@x.test" in _text(browser, first)


def test_timeline_frames_read_by_event(browser, server):
    _open(browser, server)
    server.fake.record_frame(
        "sent", 9, '{"identifier":"x","message":{"event":"contact.updated","data":{"id":1}}}'
    )
    wait_for(browser, lambda b: '#9 sent contact.updated {"id":1}' in _text(b, "#timeline"))


def test_an_account_row_opens_its_contacts(browser, server):
    _open(browser, server)
    browser.find_element(*_by('.pick button[data-table="accounts"]')).click()
    wait_for(browser, lambda b: b.find_elements(*_by('#records tbody tr[data-id="2"]')))
    browser.find_element(*_by('#records tbody tr[data-id="2"]')).click()
    globex = [c.email for c in server.fake.store.account(2).contacts.values()]
    wait_for(
        browser,
        lambda b: (
            "phone_number" in _text(b, "#records thead")
            and _text(b, "#page-info").endswith(f"of {len(globex)}")
        ),
    )
    assert browser.find_element(*_by("#account")).get_attribute("value") == "2"
    assert all(email in _text(browser, "#records tbody") for email in globex if email)
