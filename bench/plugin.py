"""The pytest plugin's cost: per-test overhead of the `fakewoot` fixture, session start-up, and 1,000
trivial tests with `fakewoot` against 1,000 with pytest-httpserver's `httpserver`.

    python bench/plugin.py [--rounds N] [--tests N] [--quick] [--check] [--json PATH]

Needs pytest-httpserver (for the comparison only), which the [test] extra installs.
See bench/README.md ("The pytest plugin"). Every number printed is the median over the rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from common import Table, guarded_run, machine, med, percentile, spread, verdict

TARGET_RESET_MS = 1.0
TARGET_STARTUP_S = 0.5
TARGET_HTTPSERVER_RATIO = 1.5  # fakewoot's 1,000-test run at most 1.5x httpserver's
RUN_TIMEOUT = 300.0
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
OUT_ENV = "FAKEWOOT_BENCH_OUT"

# --------------------------------------------------------------------------- generated test folders

PYTEST_INI = "[pytest]\n"
# Times the setup of each test (for the start-up folder): the first test's setup builds the session.
TIMING_CONFTEST = textwrap.dedent(
    f"""
    import json, os, time
    import pytest

    _setups = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(item):
        started = time.perf_counter()
        yield
        _setups.append(time.perf_counter() - started)

    def pytest_sessionfinish(session):
        with open(os.environ["{OUT_ENV}"], "w") as out:
            json.dump(_setups, out)
    """
)
BODIES = {
    "plain": ("", "assert True"),
    "fakewoot": ("fakewoot", "assert fakewoot.url"),
    "httpserver": ("httpserver", 'assert httpserver.url_for("/")'),
}


def test_file(kind: str, count: int) -> str:
    arg, body = BODIES[kind]
    return "".join(f"def test_{i:05d}({arg}):\n    {body}\n\n\n" for i in range(count))


def make_folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "pytest.ini").write_text(PYTEST_INI)  # the rootdir: no project conftest or ini applies
    for file_name, text in files.items():
        (folder / file_name).write_text(text)
    return folder


def run_pytest(folder: Path, expect_passed: int, out_file: Path | None = None) -> float:
    """Wall time of `python -m pytest -q -p no:cacheprovider` in `folder`; fails unless all passed."""
    env = dict(os.environ)
    if out_file is not None:
        env[OUT_ENV] = str(out_file)
    started = time.perf_counter()
    proc = subprocess.run(
        PYTEST,
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    summary = proc.stdout.decode(errors="replace").strip().splitlines()[-1:] or [""]
    if proc.returncode != 0 or f"{expect_passed} passed" not in summary[0]:
        sys.stderr.write(proc.stdout.decode(errors="replace")[-3000:] + proc.stderr.decode(errors="replace"))
        raise RuntimeError(f"pytest in {folder.name} did not pass {expect_passed} tests: {summary[0]}")
    return elapsed


# --------------------------------------------------------------------------- in-process fixture cost


class _Node:
    def get_closest_marker(self, name: str) -> None:
        return None


class _Request:
    node = _Node()


@dataclass
class Results:
    tests: int
    per_test_reset_ms: list[float] = field(default_factory=list)  # per round: median over calls
    per_test_reset_p99_ms: list[float] = field(default_factory=list)
    per_test_get_ms: list[float] = field(default_factory=list)
    per_test_get_p99_ms: list[float] = field(default_factory=list)
    first_setup_s: list[float] = field(default_factory=list)  # the first test's setup (session start)
    startup_run_s: list[float] = field(default_factory=list)  # pytest, 1 test with fakewoot, wall time
    plain_1_run_s: list[float] = field(default_factory=list)  # pytest, 1 test without fixtures
    runs_s: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in BODIES})


def fixture_calls(calls: int, with_get: bool) -> Iterator[float]:
    """Per call: the `fakewoot` fixture's setup and teardown (seconds), optionally with one GET."""
    from fakewoot import pytest_plugin
    from fakewoot.control import FakeChatwoot
    from fakewoot.server import ServerThread
    from fakewoot.settings import Settings

    fixture: Any = pytest_plugin.fakewoot
    function = getattr(fixture, "__wrapped__", fixture)  # the generator function behind @pytest.fixture
    fake = FakeChatwoot(Settings())
    server = ServerThread(fake).start()
    handle = pytest_plugin.FakewootHandle(fake, server)
    request = _Request()
    try:
        for _ in range(calls):
            started = time.perf_counter()
            steps = function(handle, request)
            given = next(steps)
            if with_get and given.client.get("/api/v1/profile").status_code != 200:
                raise RuntimeError("GET /api/v1/profile through fakewoot.client did not answer 200")
            for _ in steps:  # teardown
                pass
            yield time.perf_counter() - started
    finally:
        handle.close()
        server.stop()


def in_process_round(calls: int, results: Results) -> None:
    for with_get, medians, p99s in (
        (False, results.per_test_reset_ms, results.per_test_reset_p99_ms),
        (True, results.per_test_get_ms, results.per_test_get_p99_ms),
    ):
        samples = [s * 1000 for s in fixture_calls(calls, with_get)][calls // 10 :]  # first 10%: warm-up
        medians.append(med(samples))
        p99s.append(percentile(samples, 99))


# --------------------------------------------------------------------------- run


def ensure_httpserver() -> None:
    """pytest-httpserver comes with the [test] extra (the README's install); say so when it is missing."""
    if importlib.util.find_spec("pytest_httpserver") is None:
        raise SystemExit("bench/plugin.py needs pytest-httpserver: python -m pip install -e '.[test]'")


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(tests=args.tests)
    startup = make_folder(
        workdir, "startup", {"conftest.py": TIMING_CONFTEST, "test_one.py": test_file("fakewoot", 1)}
    )
    plain_one = make_folder(workdir, "plain_one", {"test_one.py": test_file("plain", 1)})
    many = {
        kind: make_folder(workdir, kind, {f"test_{kind}.py": test_file(kind, args.tests)}) for kind in BODIES
    }
    out_file = workdir / "setups.json"

    print("warm-up: one pytest run per folder (bytecode and assertion-rewrite caches)", flush=True)
    run_pytest(startup, 1, out_file)
    run_pytest(plain_one, 1)
    for folder in many.values():
        run_pytest(folder, args.tests)

    kinds = list(BODIES)
    for number in range(args.rounds):
        in_process_round(args.calls, results)
        results.startup_run_s.append(run_pytest(startup, 1, out_file))
        results.first_setup_s.append(json.loads(out_file.read_text())[0])
        results.plain_1_run_s.append(run_pytest(plain_one, 1))
        order = kinds if number % 2 == 0 else kinds[::-1]
        for kind in order:
            results.runs_s[kind].append(run_pytest(many[kind], args.tests))
        print(
            f"round {number + 1}/{args.rounds}: fixture {results.per_test_reset_ms[-1]:.3f} ms"
            f" (+GET {results.per_test_get_ms[-1]:.3f} ms), first setup {results.first_setup_s[-1]:.3f} s, "
            + ", ".join(f"{k} {results.runs_s[k][-1]:.2f} s" for k in kinds),
            flush=True,
        )
    return results


TABLE = Table((46, "<"), (10, ">"), (8, ">"), (14, ">"), (5, ">"))


def report(results: Results, args: argparse.Namespace) -> bool:
    n = results.tests
    runs = {kind: med(values) for kind, values in results.runs_s.items()}
    reset_ms = med(results.per_test_reset_ms)
    first_setup = med(results.first_setup_s)
    ratio = runs["fakewoot"] / runs["httpserver"]
    # per test inside pytest: the fakewoot run minus the plain run, minus the session start
    in_pytest_ms = (runs["fakewoot"] - runs["plain"] - first_setup) / n * 1000
    httpserver_ms = (runs["httpserver"] - runs["plain"]) / n * 1000
    checks = {
        "reset": reset_ms <= TARGET_RESET_MS,
        "startup": first_setup <= TARGET_STARTUP_S,
        "ratio": ratio <= TARGET_HTTPSERVER_RATIO,
    }
    print()
    print(
        f"machine: {machine()}; {args.rounds} rounds; {args.calls} fixture calls per round; {n} tests per run"
    )
    print(TABLE.row("pytest plugin", "median", "spread", "target", ""))
    print(TABLE.rule)
    rows = [
        (
            "fakewoot fixture: reset + handle (ms)",
            reset_ms,
            results.per_test_reset_ms,
            f"<= {TARGET_RESET_MS:g}",
            "reset",
        ),
        ("  p99 (ms)", med(results.per_test_reset_p99_ms), results.per_test_reset_p99_ms, "(context)", None),
        (
            "fixture + one GET via fakewoot.client (ms)",
            med(results.per_test_get_ms),
            results.per_test_get_ms,
            "(context)",
            None,
        ),
        ("  p99 (ms)", med(results.per_test_get_p99_ms), results.per_test_get_p99_ms, "(context)", None),
        (
            "session start: first test's setup (s)",
            first_setup,
            results.first_setup_s,
            f"<= {TARGET_STARTUP_S:g}",
            "startup",
        ),
        (
            "pytest, 1 test with fakewoot, wall (s)",
            med(results.startup_run_s),
            results.startup_run_s,
            "(context)",
            None,
        ),
        (
            "pytest, 1 test without fixtures, wall (s)",
            med(results.plain_1_run_s),
            results.plain_1_run_s,
            "(context)",
            None,
        ),
        (
            f"pytest, {n} trivial tests, no fixture (s)",
            runs["plain"],
            results.runs_s["plain"],
            "(context)",
            None,
        ),
        (
            f"pytest, {n} trivial tests, fakewoot (s)",
            runs["fakewoot"],
            results.runs_s["fakewoot"],
            "(context)",
            None,
        ),
        (
            f"pytest, {n} trivial tests, httpserver (s)",
            runs["httpserver"],
            results.runs_s["httpserver"],
            "(context)",
            None,
        ),
    ]
    for label, value, values, target, check in rows:
        fmt = f"{value:.3f}" if value < 100 else f"{value:.1f}"
        print(TABLE.row(label, fmt, spread(values), target, verdict(checks[check]) if check else ""))
    print(
        TABLE.row(
            "fakewoot / httpserver (1,000-test runs)",
            f"{ratio:.2f}",
            "",
            f"<= {TARGET_HTTPSERVER_RATIO:g}",
            verdict(checks["ratio"]),
        )
    )
    print(TABLE.row("  per test in pytest: fakewoot (ms)", f"{in_pytest_ms:.3f}", "", "(context)"))
    print(TABLE.row("  per test in pytest: httpserver (ms)", f"{httpserver_ms:.3f}", "", "(context)"))
    ok = all(checks.values())
    print(f"overall: {verdict(ok)}")
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="the pytest plugin's cost (see bench/README.md)")
    parser.add_argument("--rounds", type=int, help="rounds; every number is the median (default 5, quick 3)")
    parser.add_argument("--tests", type=int, default=1000, help="tests per generated file (default 1000)")
    parser.add_argument("--quick", action="store_true", help="a short smoke run: 3 rounds, 500 fixture calls")
    parser.add_argument("--json", type=Path, help="also write the raw per-round numbers to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.calls = 500 if args.quick else 2000
    if args.rounds < 1 or not 1 <= args.tests <= 20000:
        parser.error("--rounds must be >= 1 and --tests between 1 and 20000")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_httpserver()
    # Watchdog: per round ~5 pytest runs (each a few seconds for 1,000 tests) and the in-process calls.
    expected = 60 + args.rounds * (5 * (3 + args.tests / 250) + args.calls / 200)
    with guarded_run(expected * 2, "fakewoot-bench-plugin-") as workdir:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(asdict(results), indent=2))
            print(f"raw numbers written to {args.json}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
