"""`fakewoot serve` as a newcomer runs it: a real process, a real port, the printed help."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_TOKEN, PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command() -> list[str]:
    script = shutil.which("fakewoot")
    return [script] if script else [sys.executable, "-m", "fakewoot"]


def _wait_ready(url: str, proc: subprocess.Popen[str], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"fakewoot exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            if (
                httpx.get(url + "/api/v1/profile", headers={"api_access_token": ADMIN_TOKEN}).status_code
                == 200
            ):
                return
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError("fakewoot did not answer in time")


@pytest.fixture
def served() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = {**os.environ, "FAKEWOOT_PORT": str(port)}  # the env twin of --port
    proc = subprocess.Popen(
        [*_command(), "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_prints_url_credentials_and_a_curl_line(served):
    url, proc = served
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    assert url in out
    for value in (
        "john@acme.inc",
        "jane@acme.inc",
        "hank@globex.test",
        "Password1!",
        "fakewoot-admin-token",
        "fakewoot-agent-token",
        "fakewoot-platform-token",
        "fakewoot-bot-token",
    ):
        assert value in out
    assert "curl " in out


def test_sign_in_with_default_credentials_over_a_real_socket(served):
    url, _ = served
    with httpx.Client(base_url=url) as client:
        login = client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": PASSWORD})
        assert login.status_code == 200
        headers = {name: login.headers[name] for name in ("access-token", "client", "uid")}
        assert client.get("/auth/validate_token", headers=headers).json()["payload"]["success"] is True
        assert client.get("/api/v1/accounts/1", headers=headers).json()["name"] == "Acme Inc"


def test_serve_refuses_bad_fixtures_without_a_traceback(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("accounts:\n  - {id: 1, name: A, locale: klingon}\n")
    done = subprocess.run(
        [*_command(), "serve", "--fixtures", str(tmp_path), "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1
    assert "bad.yaml" in done.stderr and "accounts[0] (id 1): field 'locale'" in done.stderr
    assert "Traceback" not in done.stderr
