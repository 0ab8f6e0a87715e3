"""A web app on another origin (another port) in real Chromium: it signs in through /auth/sign_in and
lists contacts through CORS (fakewoot/cors.py, as Chatwoot's rack-cors config in development), while
the control API refuses it (fakewoot/admin/guard.py)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from tests.browser.conftest import wait_for
from tests.conftest import ADMIN_EMAIL, PASSWORD


def test_a_page_on_another_origin_signs_in_and_lists_contacts(browser, server, other_origin):
    from selenium.webdriver.common.by import By

    assert other_origin != server.url
    server.fake.store.contacts.create(1, {"name": "Kept", "email": "kept@x.test"})
    query = urlencode({"api": server.url, "email": ADMIN_EMAIL, "password": PASSWORD})
    browser.get(f"{other_origin}/cors_sign_in.html?{query}")
    result = wait_for(browser, lambda b: b.find_element(By.ID, "result").get_attribute("data-done"))
    assert result == "1"
    out = json.loads(browser.find_element(By.ID, "result").text)
    assert out["origin"] == other_origin
    assert (out["sign_in"], out["contacts"]) == (200, 200), out
    assert out["auth_headers"] == ["access-token", "client", "uid"]  # exposed to the page by CORS
    emails = sorted(c.email for c in server.fake.store.account(1).contacts.values() if c.email)
    assert sorted(e for e in out["emails"] if e) == emails
    assert "kept@x.test" in out["emails"]
    # the control API answered 403 without CORS headers: the browser hides even the status, and
    # the fake was not reset
    assert out["control"] == "refused by the browser"
    assert "kept@x.test" in server.fake.store.account(1).contact_emails
