"""Whether the browser tests can run here: skipped, with what to install, when they cannot (then the
other files of this folder are not collected: tests/browser/conftest.py)."""

from __future__ import annotations

import subprocess

from tests.browser.chromium import CHROMEDRIVER


def test_chromium_and_its_driver_are_installed_and_agree(browser):
    version = str(browser.capabilities["browserVersion"])
    driver = subprocess.run([CHROMEDRIVER, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert browser.capabilities["browserName"] == "chrome"
    assert driver.split()[1].split(".")[0] == version.split(".")[0], (driver, version)
