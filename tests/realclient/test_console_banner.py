"""`fakewoot serve` names the console in its start-up banner, and the URL it names serves it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from fakewoot import FakeChatwoot
from fakewoot.api.dashboard import CONSOLE_URL
from fakewoot.cli import DEFAULT_HMAC_TOKEN, DEFAULT_INBOX_IDENTIFIER
from tests.realclient.test_serve import _free_port, _wait_ready

ROOT = Path(__file__).resolve().parents[2]


def test_the_banner_names_the_console_and_it_answers():
    port = _free_port()
    env = {**os.environ, "FAKEWOOT_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fakewoot", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        page = httpx.get(url + CONSOLE_URL)
        assert page.status_code == 200 and "<title>fakewoot console</title>" in page.text
        assert httpx.get(url + "/", headers={"Accept": "text/html"}).headers["location"] == CONSOLE_URL
        inbox = httpx.get(f"{url}/public/api/v1/inboxes/{DEFAULT_INBOX_IDENTIFIER}")
        assert inbox.status_code == 200 and inbox.json()["identifier"] == DEFAULT_INBOX_IDENTIFIER
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    console_lines = [line for line in out.splitlines() if url + CONSOLE_URL in line]
    assert console_lines == [
        f"fakewoot: console (data, tokens, clock, timeline, scenarios): {url}{CONSOLE_URL}"
    ]
    client_api = f"{url}/public/api/v1/inboxes/{DEFAULT_INBOX_IDENTIFIER}"
    assert [line for line in out.splitlines() if client_api in line] == [
        f"  Client API (inbox 1, HMAC key {DEFAULT_HMAC_TOKEN}): {client_api}"
    ]


def test_the_banners_client_api_keys_are_the_default_fixtures():
    channel = FakeChatwoot().store.account(1).inboxes.get(1).channel
    assert (channel["identifier"], channel["hmac_token"]) == (DEFAULT_INBOX_IDENTIFIER, DEFAULT_HMAC_TOKEN)
