"""fakewoot benchmark suite: HTTP throughput against a bare Starlette baseline, start-up time, reset().

    python bench/run.py [--rounds N] [--duration SECONDS] [--quick] [--generator auto|wrk|python]

See bench/README.md for what is measured and how to read the output. Every number printed is the
median over the rounds. Only 127.0.0.1 is used; every subprocess is killed on the way out.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from common import (
    BASELINE,
    FAKEWOOT,
    HOST,
    Server,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    http_get,
    machine,
    med,
    round_order,
    run_bounded,
    script_command,
    serving,
    spread,
    verdict,
)

TOKEN = "fakewoot-admin-token"  # the default fixtures' admin
AUTH_HEADER = ("api_access_token", TOKEN)
AUTH_HEADERS = dict([AUTH_HEADER])
ENDPOINTS = ("/api/v1/profile", "/api/v1/accounts/1")
CONNECTIONS = 32
READY_TIMEOUT = 15.0
WARMUP_SECONDS = 1.0

TARGET_RATIO = 0.60
TARGET_STARTUP_S = 0.5
TARGET_RESET_MS = 1.0

BENCH_DIR = Path(__file__).resolve().parent
BASELINE_APP = BENCH_DIR / "baseline_app.py"
LOADGEN = BENCH_DIR / "loadgen.py"


# --------------------------------------------------------------------------- servers


def baseline_command(port: int, bodies: Path) -> list[str]:
    return script_command(BASELINE_APP, "--port", port, "--bodies", bodies)


@contextmanager
def running(
    name: str, command: Callable[[int], list[str]], env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Spawn a server on a free port, time it to its first 200 (polled with the default fixtures'
    token), and always kill it afterwards."""
    port = free_port()
    with serving(
        name, command(port), port, READY_TIMEOUT, headers=AUTH_HEADERS, poll_timeout=1.0, env=env
    ) as server:
        yield server


def bytecode_env(cache_dir: str | None) -> dict[str, str]:
    """The environment of a start-up measurement. With a cache folder: Python's usual behaviour
    (bytecode written on the first start, read on the next ones), kept out of the repo with
    PYTHONPYCACHEPREFIX. Without: PYTHONDONTWRITEBYTECODE=1 (as on this workplace's machines), so an
    editable checkout's modules are compiled from source on every start."""
    env = dict(os.environ)
    if cache_dir is None:
        # installed packages keep the bytecode pip compiled; the checkout's own modules compile each time
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def measure_startup(
    name: str, command: Callable[[int], list[str]], env: dict[str, str] | None = None
) -> float:
    with running(name, command, env) as server:
        return server.startup_s


# --------------------------------------------------------------------------- load generators


@dataclass
class LoadResult:
    requests: int
    elapsed: float
    non200: int
    statuses: dict[str, int]
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0


WRK_SCRIPT = """
wrk.method = "GET"
wrk.headers["%(name)s"] = "%(value)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0; first_bad = 0 end
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == 0 then first_bad = status end
  end
end
function done(summary, latency, requests)
  local bad, sample = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    if t:get("first_bad") ~= 0 then sample = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    "FAKEWOOT_BENCH requests=%%d duration_us=%%d non200=%%d sample=%%d socket_errors=%%d"
      .. " p50_us=%%d p99_us=%%d\\n",
    summary.requests, summary.duration, bad, sample, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


class LoadGenerator:
    name = ""

    def describe(self) -> str:
        raise NotImplementedError

    def measure(self, port: int, path: str, duration: float) -> LoadResult:
        raise NotImplementedError

    def close(self) -> None:
        return None


def _run_bounded(cmd: Sequence[str], timeout: float) -> str:
    returncode, out, err = run_bounded(cmd, timeout)
    if returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({returncode}): {err.decode(errors='replace')[-1000:]}")
    return out.decode()


class Wrk(LoadGenerator):
    name = "wrk"

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.threads = 1 if (os.cpu_count() or 1) <= 2 else 2
        script = WRK_SCRIPT % {"name": AUTH_HEADER[0], "value": AUTH_HEADER[1]}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(script)
        self.script = Path(handle.name)

    def describe(self) -> str:
        version = subprocess.run(
            [self.executable, "--version"], capture_output=True, text=True, timeout=10, check=False
        )
        first = (version.stdout or version.stderr).strip().splitlines()
        label = first[0].split(" [")[0] if first else "wrk"
        return f"{label} ({self.executable}), {self.threads} thread(s), {CONNECTIONS} connections"

    def measure(self, port: int, path: str, duration: float) -> LoadResult:
        cmd = [
            self.executable,
            f"-t{self.threads}",
            f"-c{CONNECTIONS}",
            f"-d{duration:g}s",
            "--timeout",
            "5s",
            "-s",
            str(self.script),
            f"http://{HOST}:{port}{path}",
        ]
        out = _run_bounded(cmd, timeout=duration + 30)
        line = next((ln for ln in out.splitlines() if ln.startswith("FAKEWOOT_BENCH ")), None)
        if line is None:
            raise RuntimeError(f"unexpected wrk output:\n{out}")
        values = dict(item.split("=") for item in line.split()[1:])
        non200 = int(values["non200"])
        return LoadResult(
            requests=int(values["requests"]),
            elapsed=int(values["duration_us"]) / 1e6,
            non200=non200,
            statuses={values["sample"]: non200} if non200 else {},
            socket_errors=int(values["socket_errors"]),
            p50_ms=int(values["p50_us"]) / 1000,
            p99_ms=int(values["p99_us"]) / 1000,
        )

    def close(self) -> None:
        self.script.unlink(missing_ok=True)


class PythonLoadGenerator(LoadGenerator):
    name = "python"

    def describe(self) -> str:
        try:
            import uvloop  # noqa: F401
        except ImportError:
            loop = "asyncio"
        else:
            loop = "uvloop"
        return f"bench/loadgen.py (asyncio streams on {loop}, own process), {CONNECTIONS} connections"

    def measure(self, port: int, path: str, duration: float) -> LoadResult:
        cmd = [
            sys.executable,
            str(LOADGEN),
            "--port",
            str(port),
            "--path",
            path,
            "--header",
            f"{AUTH_HEADER[0]}: {AUTH_HEADER[1]}",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            str(duration),
        ]
        data = json.loads(_run_bounded(cmd, timeout=duration + 30))
        return LoadResult(**data)


def pick_generator(choice: str) -> LoadGenerator:
    executable = shutil.which("wrk")
    if choice == "wrk" and executable is None:
        raise SystemExit("bench: --generator wrk but wrk is not on PATH")
    if choice in ("auto", "wrk") and executable is not None:
        return Wrk(executable)
    return PythonLoadGenerator()


# --------------------------------------------------------------------------- in-process timings


def per_call_ms(func: Callable[[], object], calls: int, max_seconds: float) -> float:
    """Median wall time of one call, in ms, over up to `calls` calls (or `max_seconds`)."""
    samples: list[int] = []
    clock = time.perf_counter_ns
    deadline = time.perf_counter() + max_seconds
    for _ in range(calls):
        t0 = clock()
        func()
        samples.append(clock() - t0)
        if time.perf_counter() > deadline:
            break
    return statistics.median(samples) / 1e6


# --------------------------------------------------------------------------- the run


@dataclass
class Results:
    rounds: int = 0
    rps: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # endpoint -> server -> rounds
    ratio: dict[str, list[float]] = field(default_factory=dict)
    p50_ms: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    non200: dict[str, int] = field(default_factory=lambda: {FAKEWOOT: 0, BASELINE: 0})
    statuses: dict[str, dict[str, int]] = field(default_factory=lambda: {FAKEWOOT: {}, BASELINE: {}})
    socket_errors: dict[str, int] = field(default_factory=lambda: {FAKEWOOT: 0, BASELINE: 0})
    startup_s: dict[str, list[float]] = field(default_factory=lambda: {FAKEWOOT: [], BASELINE: []})
    cold_startup_s: list[float] = field(default_factory=list)
    reset_ms: list[float] = field(default_factory=list)
    snapshot_ms: list[float] = field(default_factory=list)
    restore_ms: list[float] = field(default_factory=list)


def fetch_bodies(port: int) -> dict[str, Any]:
    import orjson

    bodies: dict[str, Any] = {}
    for path in ENDPOINTS:
        status, body = http_get(port, path, AUTH_HEADERS)
        if status != 200:
            raise RuntimeError(f"fakewoot answered {status} on GET {path}: {body[:300]!r}")
        bodies[path] = orjson.loads(body)
    return bodies


def check_same_bodies(fake_port: int, base_port: int) -> list[str]:
    notes = []
    for path in ENDPOINTS:
        fake = http_get(fake_port, path, AUTH_HEADERS)
        base = http_get(base_port, path, AUTH_HEADERS)
        if fake != base:
            notes.append(f"  note: {path}: baseline body differs ({len(base[1])} vs {len(fake[1])} bytes)")
    return notes


def record(results: Results, server: str, path: str, result: LoadResult) -> None:
    results.rps[path][server].append(result.rps)
    results.p50_ms[path][server].append(result.p50_ms)
    results.non200[server] += result.non200
    results.socket_errors[server] += result.socket_errors
    for status, count in result.statuses.items():
        results.statuses[server][status] = results.statuses[server].get(status, 0) + count


def run_benchmark(args: argparse.Namespace, generator: LoadGenerator, bodies_file: Path) -> Results:
    from fakewoot import FakeChatwoot

    results = Results(rounds=args.rounds)
    for path in ENDPOINTS:
        results.rps[path] = {FAKEWOOT: [], BASELINE: []}
        results.p50_ms[path] = {FAKEWOOT: [], BASELINE: []}
        results.ratio[path] = []

    def baseline(port: int) -> list[str]:
        return baseline_command(port, bodies_file)

    with running(FAKEWOOT, fakewoot_command) as fake_server:
        bodies_file.write_bytes(_dumps(fetch_bodies(fake_server.port)))
        with running(BASELINE, baseline) as base_server:
            for note in check_same_bodies(fake_server.port, base_server.port):
                print(note)
            servers = {FAKEWOOT: fake_server, BASELINE: base_server}
            warmup = min(WARMUP_SECONDS, args.duration)
            print(f"warming up ({warmup:g} s per server and endpoint) ...", flush=True)
            for path in ENDPOINTS:
                for server in servers.values():
                    generator.measure(server.port, path, warmup)

            fake = FakeChatwoot()
            with tempfile.TemporaryDirectory(prefix="fakewoot-bench-pycache-") as pycache:
                for number in range(args.rounds):
                    order = round_order(number)
                    line = [f"round {number + 1}/{args.rounds} ({' first, '.join(order)} second):"]
                    for path in ENDPOINTS:
                        by_server = {
                            name: generator.measure(servers[name].port, path, args.duration) for name in order
                        }
                        for name, result in by_server.items():
                            record(results, name, path, result)
                        fake_rps, base_rps = by_server[FAKEWOOT].rps, by_server[BASELINE].rps
                        results.ratio[path].append(fake_rps / base_rps if base_rps else 0.0)
                        line.append(f"{path} {fake_rps:,.0f} vs {base_rps:,.0f} rps;")
                    starts = {FAKEWOOT: fakewoot_command, BASELINE: baseline}
                    if number == 0:  # the first start of a user's session writes the bytecode cache
                        for name in order:
                            measure_startup(name, starts[name], bytecode_env(pycache))
                    for name in order:
                        results.startup_s[name].append(
                            measure_startup(name, starts[name], bytecode_env(pycache))
                        )
                    results.cold_startup_s.append(
                        measure_startup(FAKEWOOT, fakewoot_command, bytecode_env(None))
                    )
                    fake_start, base_start = results.startup_s[FAKEWOOT][-1], results.startup_s[BASELINE][-1]
                    line.append(
                        f"start-up {fake_start:.3f} s vs {base_start:.3f} s "
                        f"(no bytecode cache {results.cold_startup_s[-1]:.3f} s);"
                    )
                    results.reset_ms.append(per_call_ms(fake.reset, args.calls, max_seconds=5))
                    results.snapshot_ms.append(per_call_ms(fake.snapshot, args.calls, max_seconds=5))
                    restore = functools.partial(fake.restore, fake.snapshot())
                    results.restore_ms.append(per_call_ms(restore, args.calls, max_seconds=5))
                    line.append(f"reset {results.reset_ms[-1]:.3f} ms")
                    print(" ".join(line), flush=True)
    return results


def _dumps(obj: Any) -> bytes:
    import orjson

    return orjson.dumps(obj)


# --------------------------------------------------------------------------- report


TABLE = Table((26, "<"), (10, ">"), (10, ">"), (7, ">"), (7, ">"), (15, ">"), (10, ">"), (5, ">"))
row = TABLE.row


def report(results: Results, generator_label: str, args: argparse.Namespace) -> bool:
    rule = TABLE.rule
    print()
    print(
        f"fakewoot benchmark: {results.rounds} round(s) x {args.duration:g} s per measurement; "
        f"every number is the median of the rounds"
    )
    print(f"  generator: {generator_label}")
    print(f"  machine:   {machine()}")
    print()
    print(row("throughput (req/s)", "fakewoot", "baseline", "ratio", "spread", "p50 ms fw/base", "target"))
    print(rule)
    all_ok = True
    errors = sum(results.non200.values()) + sum(results.socket_errors.values())
    for path in ENDPOINTS:
        ratio = med(results.ratio[path])
        ok = ratio >= TARGET_RATIO and errors == 0
        all_ok &= ok
        p50 = f"{med(results.p50_ms[path][FAKEWOOT]):.2f}/{med(results.p50_ms[path][BASELINE]):.2f}"
        print(
            row(
                f"GET {path}",
                f"{med(results.rps[path][FAKEWOOT]):,.0f}",
                f"{med(results.rps[path][BASELINE]):,.0f}",
                f"{ratio:.3f}",
                spread(results.ratio[path]),
                p50,
                f">= {TARGET_RATIO:.2f}",
                verdict(ok),
            )
        )
    print()
    print(row("start-up and in-process", "fakewoot", "baseline", "", "spread", "", "target"))
    print(rule)
    startup = med(results.startup_s[FAKEWOOT])
    ok = startup <= TARGET_STARTUP_S
    all_ok &= ok
    print(
        row(
            "start-up to first 200 (s)",
            f"{startup:.3f}",
            f"{med(results.startup_s[BASELINE]):.3f}",
            "",
            spread(results.startup_s[FAKEWOOT]),
            "",
            f"<= {TARGET_STARTUP_S:.2f}",
            verdict(ok),
        )
    )
    print(
        row(
            "  same, no bytecode cache (s)",
            f"{med(results.cold_startup_s):.3f}",
            "",
            "",
            spread(results.cold_startup_s),
            "",
            "(context)",
            "",
        )
    )
    reset = med(results.reset_ms)
    ok = reset <= TARGET_RESET_MS
    all_ok &= ok
    print(
        row(
            "reset() per call (ms)",
            f"{reset:.3f}",
            "",
            "",
            spread(results.reset_ms),
            "",
            f"<= {TARGET_RESET_MS:.2f}",
            verdict(ok),
        )
    )
    for label, values in (
        ("snapshot() per call (ms)", results.snapshot_ms),
        ("restore() per call (ms)", results.restore_ms),
    ):
        print(row(label, f"{med(values):.3f}", "", "", spread(values)))
    print()
    for name in (FAKEWOOT, BASELINE):
        statuses = ", ".join(f"{s}: {n}" for s, n in results.statuses[name].items()) or "none"
        print(
            f"{name} responses: non-200 {results.non200[name]} (statuses: {statuses}), "
            f"socket errors {results.socket_errors[name]}"
        )
    print(
        "ratio = fakewoot req/s / baseline req/s, the median of the per-round ratios (both servers are\n"
        "measured back to back in each round, order alternating); spread = ±half the min-max range of the\n"
        "rounds over their median: a rough noise gauge."
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot benchmark suite (see bench/README.md)")
    parser.add_argument("--rounds", type=int, help="rounds; every number is the median (default 5, quick 3)")
    parser.add_argument(
        "--duration", type=float, help="seconds per throughput measurement (default 3, quick 1)"
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run: 3 rounds x 1 s, fewer calls")
    parser.add_argument(
        "--generator",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk if on PATH (auto), or the built-in asyncio one",
    )
    parser.add_argument("--json", type=Path, help="also write the raw per-round numbers to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.duration = args.duration if args.duration is not None else (1.0 if args.quick else 3.0)
    args.calls = 500 if args.quick else 2000
    if args.rounds < 1 or not 0.2 <= args.duration <= 120:
        parser.error("--rounds must be >= 1 and --duration between 0.2 and 120 seconds")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Watchdog: per round 4 throughput runs + 2 start-ups + in-process timings, plus a generous margin.
    expected = 30 + args.rounds * (4 * (args.duration + 1) + 20)
    with guarded_run(expected * 2, "fakewoot-bench-") as workdir:
        generator = pick_generator(args.generator)
        try:
            label = generator.describe()
            print(f"load generator: {label}", flush=True)
            results = run_benchmark(args, generator, workdir / "bodies.json")
            ok = report(results, label, args)
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                args.json.write_text(json.dumps({"generator": label, **asdict(results)}, indent=2))
                print(f"raw numbers written to {args.json}")
        finally:
            generator.close()
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
