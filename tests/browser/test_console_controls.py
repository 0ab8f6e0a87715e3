"""The console's /cable emitter and request faults in real Chromium: what the page does reaches a
real /cable socket and real HTTP clients."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.browser.conftest import wait_for
from tests.conftest import ADMIN_TOKEN, token
from tests.specs.support_realtime import Cable


def _by(css: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return (By.CSS_SELECTOR, css)


@pytest.fixture
def cable(server) -> Iterator[Cable]:
    found = Cable(server.url, server.fake)
    yield found
    found.close()


def _open_tab(browser, server, tab: str) -> None:
    browser.get(server.url + "/_fakewoot/")
    wait_for(browser, lambda b: b.find_elements(*_by("#records tbody tr")))
    browser.find_element(*_by(f'#tabs button[data-tab="{tab}"]')).click()


def test_the_emitter_reaches_an_agent_socket_and_the_timeline(browser, server, cable):
    john = cable.user_id(1)
    _open_tab(browser, server, "cable")
    wait_for(browser, lambda b: "1 socket(s) connected" in b.find_element(*_by("#cable-info")).text)
    form = browser.find_element(*_by("#emit-form"))
    form.find_element(*_by('input[name="event"]')).send_keys("conversation.typing_on")
    form.find_element(*_by('input[name="to"]')).send_keys("1")  # account 1's stream
    data = form.find_element(*_by('textarea[name="data"]'))
    data.clear()
    data.send_keys('{"account_id": 1, "conversation": {"id": 42}}')
    form.find_element(*_by('button[type="submit"]')).click()
    heard = john.wait("conversation.typing_on")
    assert heard == [{"account_id": 1, "conversation": {"id": 42}}]
    wait_for(browser, lambda b: "conversation.typing_on" in b.find_element(*_by("#timeline")).text)


def test_a_fault_added_on_the_page_fails_the_next_request(browser, server):
    _open_tab(browser, server, "clock")
    form = browser.find_element(*_by("#fault-form"))
    form.find_element(*_by('input[name="path"]')).send_keys("/api/v1/profile")
    form.find_element(*_by('input[name="status"]')).send_keys("503")
    form.find_element(*_by('button[type="submit"]')).click()
    wait_for(browser, lambda b: "/api/v1/profile → 503" in b.find_element(*_by("#faults")).text)
    assert httpx.get(server.url + "/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 503
    assert httpx.get(server.url + "/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200  # once
    form.find_element(*_by('input[name="times"]')).send_keys("-1")
    form.find_element(*_by('button[type="submit"]')).click()
    wait_for(browser, lambda b: "until cleared" in b.find_element(*_by("#faults")).text)
    browser.find_element(*_by("#clear-faults")).click()
    wait_for(browser, lambda b: b.find_element(*_by("#faults")).text == "")
    assert server.fake.faults.active == []


def test_a_webhook_delivery_shows_in_the_timeline_with_its_outcome(browser, server, receiver):
    _open_tab(browser, server, "data")
    server.fake.deliveries.send(receiver.url(), {"event": "console_check"}, event="console_check")
    server.fake.deliveries.wait_for("console_check", timeout=5)
    wait_for(
        browser,
        lambda b: f"console_check → {receiver.url()} delivered 200" in b.find_element(*_by("#timeline")).text,
    )
    assert len(browser.find_elements(*_by("#timeline li.delivery"))) == 1  # one row, updated in place
