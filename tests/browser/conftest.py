"""Browser tests: Debian's headless Chromium driven through its chromedriver (selenium, pointed at
/usr/bin/chromedriver so Selenium Manager downloads nothing), against a real uvicorn server, plus a
second tiny HTTP server on another port for pages on another origin (tests/browser/pages/)."""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakewoot.clock import SystemClock
from fakewoot.control import FakeChatwoot
from fakewoot.server import ServerThread
from tests.browser.chromium import chromium_missing, start_chromium

PAGES = Path(__file__).parent / "pages"
WAIT = 15.0  # seconds a test waits for the page
AVAILABILITY = "test_browser_available.py"

if chromium_missing():  # one skipped test says what to install; the other files are not collected
    collect_ignore = [p.name for p in Path(__file__).parent.glob("test_*.py") if p.name != AVAILABILITY]


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium() -> None:
    """A backstop for a browser test file named on the command line."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with tempfile.TemporaryDirectory(prefix="fakewoot-chromium-") as profile:
        driver = start_chromium(profile)
        driver.set_page_load_timeout(WAIT)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture(scope="session")
def live() -> Iterator[ServerThread]:
    """fakewoot on a free port (the default fixtures), for the whole session; reset per test."""
    with ServerThread(FakeChatwoot()) as server:
        yield server


@pytest.fixture
def server(live: ServerThread, browser: Any) -> Iterator[ServerThread]:
    live.fake.reset()
    browser.delete_all_cookies()
    yield live
    live.fake.named_snapshots.clear()
    if not isinstance(live.fake.clock, SystemClock):  # the console froze it: the next test starts live
        live.fake.set_clock(SystemClock())
    errors = list(live.fake.server_errors)
    live.fake.server_errors.clear()
    if errors:
        raise errors[0]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def other_origin() -> Iterator[str]:
    """http://127.0.0.1:<another port>: serves tests/browser/pages/ (a web app on another origin)."""
    handler = functools.partial(_Quiet, directory=str(PAGES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def wait_for(browser: Any, condition: Any, timeout: float = WAIT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)
