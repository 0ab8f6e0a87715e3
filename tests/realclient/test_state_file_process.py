"""`fakewoot serve --state-file` as a real process: what was created survives a SIGTERM and a
restart, a kill -9 loses at most the last second, a damaged file stops the start with exit code 2
and one line, and `fakewoot state export|import` move a running fake's state."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fakewoot.persistence import MSG_CHECKSUM
from tests.conftest import ADMIN_TOKEN
from tests.realclient.test_serve import _free_port, _wait_ready

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"api_access_token": ADMIN_TOKEN}


class Served:
    def __init__(self, tmp_path: Path) -> None:
        self.state = tmp_path / "state.fakewoot"
        self.env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
        self.env.pop("FAKEWOOT_STATE_FILE", None)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[str] | None = None

    def start(self, *extra: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "fakewoot", "serve", "--port", str(self.port), *extra]
        self.proc = subprocess.Popen(
            [*command, "--state-file", str(self.state)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        return self.proc

    def ready(self) -> None:
        assert self.proc is not None
        _wait_ready(self.url, self.proc, timeout=60)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=30)
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None
        return code

    def create(self, email: str) -> None:
        body = {"name": email.split("@")[0], "email": email}
        answer = httpx.post(f"{self.url}/api/v1/accounts/1/contacts", json=body, headers=HEADERS)
        assert answer.status_code == 200, answer.text

    def emails(self) -> set[str]:
        answer = httpx.get(f"{self.url}/api/v1/accounts/1/contacts/search?q=kept", headers=HEADERS)
        return {contact["email"] for contact in answer.json()["payload"]}

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "fakewoot", "state", *args, "--url", self.url]
        return subprocess.run(command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    found = Served(tmp_path)
    try:
        yield found
    finally:
        if found.proc is not None and found.proc.poll() is None:
            found.proc.kill()
            found.proc.wait(timeout=10)


def test_a_contact_survives_sigterm_and_kill_9_after_a_second(served):
    served.start()
    served.ready()
    served.create("kept.one@x.test")
    served.stop(signal.SIGTERM)  # at once: the last write happens on the shutdown path

    served.start()
    served.ready()
    assert served.emails() == {"kept.one@x.test"}
    served.create("kept.two@x.test")
    time.sleep(1.5)  # the writer is at most about a second behind
    assert served.stop(signal.SIGKILL) == -signal.SIGKILL

    served.start()
    served.ready()
    assert served.emails() == {"kept.one@x.test", "kept.two@x.test"}
    served.stop()


def test_a_damaged_state_file_stops_the_start_with_exit_2_and_one_line(served):
    served.start()
    served.ready()
    served.stop()
    data = served.state.read_bytes()
    served.state.write_bytes(data[:-20])
    proc = served.start()
    _, err = proc.communicate(timeout=60)
    served.proc = None
    assert proc.returncode == 2
    assert err == f"fakewoot: {served.state}: {MSG_CHECKSUM}\n"
    assert served.state.read_bytes() == data[:-20]  # left as it was, for the user to look at


def test_state_export_and_import_from_the_command_line(served, tmp_path):
    served.start()
    served.ready()
    served.create("kept.moved@x.test")
    exported = tmp_path / "moved.fakewoot"
    done = served.cli("export", str(exported))
    assert done.returncode == 0, done.stderr
    assert exported.exists()
    httpx.post(f"{served.url}/_fakewoot/reset")
    assert served.emails() == set()
    done = served.cli("import", str(exported))
    assert done.returncode == 0, done.stderr
    assert served.emails() == {"kept.moved@x.test"}
    (tmp_path / "junk").write_text("junk")
    done = served.cli("import", str(tmp_path / "junk"))
    assert done.returncode == 1
    assert "not a fakewoot state file" in done.stderr
    assert served.emails() == {"kept.moved@x.test"}
    served.stop()


def test_an_import_over_the_body_limit_says_which_setting_to_raise(served, tmp_path):
    served.start("--max-body-bytes", "2048")
    served.ready()
    exported = tmp_path / "big.fakewoot"
    assert served.cli("export", str(exported)).returncode == 0
    done = served.cli("import", str(exported))
    assert done.returncode == 1
    assert "--max-body-bytes" in done.stderr
    served.stop()
