"""Shared plumbing of the benchmark scripts in bench/ (run.py, contacts.py, conversations.py, cable.py).

Servers (spawn on a free 127.0.0.1 port, poll until the first 200, always kill), bounded subprocesses,
/proc readings (RSS, CPU), statistics (percentile, median, spread), table printing and verdicts, the
temporary fixture set, the baseline's uvicorn options, and the watchdog/signal handling of a run.
Not a benchmark itself: the scripts import it (bench/ is on sys.path when one of them runs).
"""

from __future__ import annotations

import http.client
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

HOST = "127.0.0.1"
POLL_INTERVAL = 0.005
READY_PATH = "/api/v1/profile"

FAKEWOOT = "fakewoot"
BASELINE = "baseline"
SERVERS = (FAKEWOOT, BASELINE)

# The fixture sets written by contacts.py, conversations.py and cable.py share account 1 and this admin.
TOKEN = "bench-admin-token"
JSON_HEADERS = {"api_access_token": TOKEN, "Content-Type": "application/json"}
ADMIN_USER_YAML = f"""users:
  - {{id: 1, name: Admin, email: admin@bench.test, password: Password1!, access_token: {TOKEN},
     accounts: [{{account_id: 1, role: administrator}}]}}
"""


class BenchTimeout(Exception):
    """The whole run took far longer than it should: stop (finally blocks kill the subprocesses)."""


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def script_command(script: Path, *args: object) -> list[str]:
    """`python SCRIPT ARGS...` with this interpreter (a baseline server, a load process)."""
    return [sys.executable, str(script), *(str(arg) for arg in args)]


def fakewoot_command(port: int, fixtures: Path | None = None) -> list[str]:
    """`python -m fakewoot serve` on `port` (with the default fixtures unless `fixtures` is given)."""
    fixture_args = [] if fixtures is None else ["--fixtures", str(fixtures)]
    return [
        sys.executable,
        "-m",
        "fakewoot",
        "serve",
        "--port",
        str(port),
        *fixture_args,
        "--log-level",
        "warning",
    ]


def run_bounded(cmd: Sequence[str], timeout: float, capture_stderr: bool = True) -> tuple[int, bytes, bytes]:
    """Run `cmd` to its end, killed after `timeout`; returns (exit code, stdout, stderr). Without
    `capture_stderr` its stderr goes to ours (and b"" is returned for it)."""
    stderr = subprocess.PIPE if capture_stderr else None
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        stop_process(proc)
    return proc.returncode, out, err or b""


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    startup_s: float


def http_get(port: int, path: str, headers: Mapping[str, str], timeout: float = 5.0) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=dict(headers))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def answers_200(
    port: int, path: str = READY_PATH, headers: Mapping[str, str] = JSON_HEADERS, timeout: float = 2.0
) -> bool:
    """One GET on a fresh connection: True on a 200, False on anything else or a socket error."""
    try:
        return http_get(port, path, headers, timeout)[0] == 200
    except (OSError, http.client.HTTPException):
        return False


@contextmanager
def serving(
    name: str,
    command: list[str],
    port: int,
    ready_timeout: float,
    *,
    headers: Mapping[str, str] = JSON_HEADERS,
    poll_timeout: float = 2.0,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Spawn a server, time spawn -> first 200 on GET READY_PATH (sent with `headers`, polled every
    POLL_INTERVAL), and always kill it afterwards. On failure its last stderr goes to ours."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, env=env
        )
        try:
            deadline = started + ready_timeout
            while not answers_200(port, READY_PATH, headers, poll_timeout):
                if proc.poll() is not None or time.perf_counter() > deadline:
                    why = f"exited with {proc.returncode}" if proc.poll() is not None else "timed out"
                    stop_process(proc)
                    stderr.seek(0)
                    sys.stderr.write(stderr.read().decode(errors="replace")[-2000:])
                    raise RuntimeError(f"{name}: {why} before a 200 on GET {READY_PATH}")
                time.sleep(POLL_INTERVAL)
            yield Server(name, port, proc, time.perf_counter() - started)
        finally:
            stop_process(proc)


def run_uvicorn(app: Any, port: int) -> None:
    """Serve a baseline app with `fakewoot serve`'s options at --log-level warning: one worker,
    loop/http "auto" (uvloop/httptools when installed), no access log, no lifespan."""
    import uvicorn

    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="off")


def write_fixtures(folder: Path, yaml_text: str) -> Path:
    """A fixture folder with one file, fakewoot.yaml."""
    folder.mkdir(parents=True)
    (folder / "fakewoot.yaml").write_text(yaml_text)
    return folder


# --------------------------------------------------------------------------- /proc


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS in /proc/{pid}/status")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat (clock-tick resolution, usually 10 ms)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (with fewer than 100 samples p99 is the maximum)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: Sequence[float]) -> str:
    """(max - min) / median over the rounds, a rough noise indicator."""
    if len(values) < 2 or not med(values):
        return "-"
    return f"±{(max(values) - min(values)) / med(values) / 2:.0%}"


def round_order(number: int) -> list[str]:
    """The server measured first alternates: fakewoot in odd rounds (number 0, 2, ...), baseline in even."""
    return [FAKEWOOT, BASELINE] if number % 2 == 0 else [BASELINE, FAKEWOOT]


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


class Table:
    """Fixed-width report lines: `columns` is ((width, align), ...) with align "<" or ">"."""

    def __init__(self, *columns: tuple[int, str]) -> None:
        self.columns = columns
        self.rule = "-" * (sum(width for width, _ in columns) + len(columns) - 1)

    def row(self, *cells: str) -> str:
        """One table line; cells missing at the end are blank."""
        padded = [*cells, *[""] * (len(self.columns) - len(cells))]
        return " ".join(
            f"{cell:{align}{width}}" for cell, (width, align) in zip(padded, self.columns, strict=True)
        ).rstrip()


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}"
    )


# --------------------------------------------------------------------------- a run


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise BenchTimeout("bench: the run took far longer than expected; stopping")


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM/SIGHUP (and a SIGINT a non-interactive shell told us to ignore) into an exception
    # so the finally blocks kill the servers and load generators instead of leaving them running.
    raise SystemExit(128 + signum)


@contextmanager
def guarded_run(watchdog_s: float, prefix: str) -> Iterator[Path]:
    """The frame of a benchmark run: SIGTERM/SIGHUP/SIGINT become SystemExit, a SIGALRM watchdog
    raises BenchTimeout after `watchdog_s`, and a temporary work folder (yielded) is removed at the end."""
    signal.signal(signal.SIGALRM, _on_alarm)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(stop_signal, _on_stop_signal)
    signal.alarm(int(watchdog_s))
    workdir: Path | None = None
    try:
        workdir = Path(tempfile.mkdtemp(prefix=prefix))
        yield workdir
    finally:
        signal.alarm(0)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
