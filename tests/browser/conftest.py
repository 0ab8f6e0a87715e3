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

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGES = Path(__file__).parent / "pages"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)
WAIT = 15.0  # seconds a test waits for the page


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        return "no Chromium: apt-get install chromium chromium-driver"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "no selenium: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium() -> None:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)


def start_chromium(user_data_dir: str) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


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
