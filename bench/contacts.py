"""fakewoot contacts-at-scale benchmark: load time, memory per contact, list/search/filter latency.

    python bench/contacts.py [--contacts N] [--rounds R] [--quick] [--check]

One account with N Faker contacts (`generate:` in a temporary fixture set), served by
`python -m fakewoot serve`, measured against a bare Starlette+orjson baseline serving the same bodies.
See bench/README.md ("Contacts at scale") for what is measured. Every number printed is the median over
the rounds it was measured in. Only 127.0.0.1 is used; every subprocess is killed on the way out.

`python bench/contacts.py --serve-baseline --port P --bodies FILE` is the baseline server itself
(spawned by the benchmark; not meant to be run by hand).
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from run import HOST, POLL_INTERVAL, BenchTimeout, free_port, med, spread, stop_process, verdict

TOKEN = "bench-admin-token"
JSON_HEADERS = {"api_access_token": TOKEN, "Content-Type": "application/json"}
READY_PATH = "/api/v1/profile"
ACCOUNT = "/api/v1/accounts/1"
PER_PAGE = 15
LABELS = ("support", "billing", "vip")
SEARCH_Q = "john"
FILTER_PAYLOAD: list[dict[str, Any]] = [
    {"attribute_key": "email", "filter_operator": "contains", "values": ["example"], "query_operator": "and"},
    {"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": None},
]

REQUESTS = 200  # timed requests per endpoint, server and round ...
MAX_SECONDS = 6.0  # ... or fewer when they take longer than this (3 s with --quick)
MIN_REQUESTS = 10  # but never fewer than this
WARMUP_REQUESTS = 20  # once per endpoint and server, before the first round ...
WARMUP_MAX_SECONDS = 2.0  # ... capped at this
LOAD_BUDGET_S = 60.0  # extra load-time samples (rounds 2..R) only while they fit in this (20 s quick)
READY_BASE_S = 30.0  # readiness timeout: this + READY_PER_CONTACT_S * N
READY_PER_CONTACT_S = 0.002

TARGET_P50_MS = 50.0
TARGET_BYTES_PER_CONTACT = 2048

BENCH_FILE = Path(__file__).resolve()
ENDPOINTS = 4  # see endpoints()
FAKEWOOT = "fakewoot"
BASELINE = "baseline"


# --------------------------------------------------------------------------- fixtures


def fixture_yaml(contacts: int) -> str:
    labels = ", ".join(LABELS)
    return f"""# written by bench/contacts.py
accounts:
  - {{id: 1, name: Bench}}
inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api}}
users:
  - {{id: 1, name: Admin, email: admin@bench.test, password: Password1!, access_token: {TOKEN},
     accounts: [{{account_id: 1, role: administrator}}]}}
generate:
  - {{table: contacts, account_id: 1, count: {contacts}, seed: 42, inbox_id: 1, labels: [{labels}]}}
"""


def write_fixtures(folder: Path, contacts: int) -> Path:
    folder.mkdir(parents=True)
    (folder / "fakewoot.yaml").write_text(fixture_yaml(contacts))
    return folder


# --------------------------------------------------------------------------- endpoints and client


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    url: str
    body: bytes | None = None


def endpoints(contacts: int) -> list[Endpoint]:
    import orjson

    pages = -(-contacts // PER_PAGE)
    page = 500 if pages >= 500 else max(1, pages // 2)
    return [
        Endpoint("GET contacts (page 1)", "GET", f"{ACCOUNT}/contacts"),
        Endpoint(f"GET contacts?page={page}", "GET", f"{ACCOUNT}/contacts?page={page}"),
        Endpoint(f"GET contacts/search?q={SEARCH_Q}", "GET", f"{ACCOUNT}/contacts/search?q={SEARCH_Q}"),
        Endpoint(
            "POST contacts/filter (2 cond.)",
            "POST",
            f"{ACCOUNT}/contacts/filter",
            orjson.dumps({"payload": FILTER_PAYLOAD}),
        ),
    ]


class Client:
    """One keep-alive HTTP/1.1 connection (http.client); reconnects after a socket error."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.reopened = 0  # stale keep-alive connections reopened by prime()

    def send(self, endpoint: Endpoint) -> tuple[int, bytes]:
        try:
            self.conn.request(endpoint.method, endpoint.url, body=endpoint.body, headers=JSON_HEADERS)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            raise

    def prime(self, endpoint: Endpoint) -> int:
        """One untimed request before a measurement. uvicorn closes a keep-alive connection idle for
        5 s (while the other server is measured), so a stale connection is reopened once, as HTTP
        clients do for idempotent requests; a second failure is an error. Returns the status (0:
        socket error)."""
        for attempt in range(2):
            try:
                return self.send(endpoint)[0]
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.reopened += attempt == 0
            except (OSError, http.client.HTTPException):
                break
        return 0

    def close(self) -> None:
        self.conn.close()


@dataclass
class Latency:
    samples_ms: list[float]
    errors: int

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.samples_ms, 99)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (with fewer than 100 samples p99 is the maximum)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def measure_latency(client: Client, endpoint: Endpoint, requests: int, max_seconds: float) -> Latency:
    """Sequential requests on one connection: up to `requests`, stopping after `max_seconds` (but
    never before MIN_REQUESTS), after one untimed priming request. Any non-200 or socket error
    counts as an error."""
    samples: list[float] = []
    errors = int(client.prime(endpoint) != 200)
    clock = time.perf_counter_ns
    deadline = time.perf_counter() + max_seconds
    for _ in range(requests):
        t0 = clock()
        try:
            status, _ = client.send(endpoint)
        except (OSError, http.client.HTTPException):
            status = 0
        samples.append((clock() - t0) / 1e6)
        errors += status != 200
        if len(samples) >= MIN_REQUESTS and time.perf_counter() > deadline:
            break
    return Latency(samples, errors)


# --------------------------------------------------------------------------- servers


def fakewoot_command(port: int, fixtures: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "fakewoot",
        "serve",
        "--port",
        str(port),
        "--fixtures",
        str(fixtures),
        "--log-level",
        "warning",
    ]


def baseline_command(port: int, bodies: Path) -> list[str]:
    return [sys.executable, str(BENCH_FILE), "--serve-baseline", "--port", str(port), "--bodies", str(bodies)]


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    startup_s: float


def _ready(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2.0)
    try:
        conn.request("GET", READY_PATH, headers=JSON_HEADERS)
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


@contextmanager
def serving(name: str, command: list[str], port: int, ready_timeout: float) -> Iterator[Server]:
    """Spawn a server, time spawn -> first 200 on GET /api/v1/profile (with this set's token), and
    always kill it afterwards. (bench/run.py's running() polls with its own fixtures' token.)"""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = started + ready_timeout
            while not _ready(port):
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


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS in /proc/{pid}/status")


def rss_after_one_request(server: Server) -> int:
    if not _ready(server.port):
        raise RuntimeError(f"{server.name}: GET {READY_PATH} failed")
    return rss_bytes(server.proc.pid)


# --------------------------------------------------------------------------- the baseline server


def serve_baseline(port: int, bodies_file: Path) -> None:
    """A bare Starlette app on uvicorn (options as bench/baseline_app.py and `fakewoot serve`) that
    answers each (method, path, query) with its stored object, serialised with orjson per request."""
    import orjson
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    stored: list[list[Any]] = orjson.loads(bodies_file.read_bytes())  # [[method, path, query, obj], ...]
    bodies = {(method, path, query): obj for method, path, query, obj in stored}

    async def handler(request: Request) -> Response:
        if request.method == "POST":
            await request.body()
        obj = bodies.get((request.method, request.url.path, request.url.query))
        if obj is None:
            return Response(b'{"error":"not stored"}', status_code=404, media_type="application/json")
        return Response(orjson.dumps(obj), media_type="application/json")

    paths = sorted({path for _, path, _ in bodies})
    app = Starlette(routes=[Route(path, handler, methods=["GET", "POST"]) for path in paths])
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="off")


def fetch_bodies(client: Client, eps: Sequence[Endpoint]) -> tuple[list[list[Any]], list[str]]:
    import orjson

    stored: list[list[Any]] = []
    notes: list[str] = []
    ready = Endpoint("ready", "GET", READY_PATH)  # the baseline is polled there too
    for endpoint in [ready, *eps]:
        status, body = client.send(endpoint)
        if status != 200:
            raise RuntimeError(
                f"fakewoot answered {status} on {endpoint.method} {endpoint.url}: {body[:300]!r}"
            )
        obj = orjson.loads(body)
        payload = obj.get("payload") if isinstance(obj, dict) else None
        if endpoint is not ready and not payload:
            notes.append(f"  note: {endpoint.label}: empty payload ({obj.get('meta')})")
        path, _, query = endpoint.url.partition("?")
        stored.append([endpoint.method, path, query, obj])
    return stored, notes


def check_same_bodies(fake: Client, base: Client, eps: Sequence[Endpoint]) -> list[str]:
    notes = []
    for endpoint in eps:
        ours, theirs = fake.send(endpoint), base.send(endpoint)
        if ours != theirs:
            notes.append(
                f"  note: {endpoint.label}: baseline answer differs "
                f"({theirs[0]}, {len(theirs[1])} vs {ours[0]}, {len(ours[1])} bytes)"
            )
    return notes


# --------------------------------------------------------------------------- the run


@dataclass
class Results:
    contacts: int
    rounds: int
    spawn_s: list[float] = field(default_factory=list)
    spawn_one_s: float = float("nan")
    construct_s: list[float] = field(default_factory=list)
    rss_n: int = 0
    rss_one: int = 0
    rss_n_after: int = 0
    p50: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # endpoint -> server -> rounds
    p99: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    ratio: dict[str, list[float]] = field(default_factory=dict)
    samples: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    reopened: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def bytes_per_contact(self) -> float:
        return (self.rss_n - self.rss_one) / self.contacts


def construct_in_process(fixtures: Path) -> float:
    from fakewoot import FakeChatwoot

    gc.collect()
    started = time.perf_counter()
    fake = FakeChatwoot(fixtures=fixtures)
    elapsed = time.perf_counter() - started
    del fake
    gc.collect()
    return elapsed


def run_latency(
    results: Results, args: argparse.Namespace, eps: Sequence[Endpoint], clients: dict[str, Client]
) -> None:
    print(f"warming up ({WARMUP_REQUESTS} requests or {WARMUP_MAX_SECONDS:g} s per endpoint and server) ...")
    for endpoint in eps:
        for client in clients.values():
            measure_latency(client, endpoint, WARMUP_REQUESTS, WARMUP_MAX_SECONDS)
    for number in range(args.rounds):
        order = [FAKEWOOT, BASELINE] if number % 2 == 0 else [BASELINE, FAKEWOOT]
        line = [f"round {number + 1}/{args.rounds} ({order[0]} first), p50 ms fakewoot/baseline:"]
        for endpoint in eps:
            by_server = {
                name: measure_latency(clients[name], endpoint, REQUESTS, args.max_seconds) for name in order
            }
            for name, latency in by_server.items():
                results.p50[endpoint.label][name].append(latency.p50)
                results.p99[endpoint.label][name].append(latency.p99)
                results.samples[endpoint.label][name] += len(latency.samples_ms)
                results.errors[endpoint.label][name] += latency.errors
            fake, base = by_server[FAKEWOOT].p50, by_server[BASELINE].p50
            results.ratio[endpoint.label].append(fake / base if base else float("nan"))
            line.append(f"{endpoint.url.removeprefix(ACCOUNT + '/')} {fake:.1f}/{base:.2f};")
        print(" ".join(line), flush=True)


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(contacts=args.contacts, rounds=args.rounds)
    eps = endpoints(args.contacts)
    for endpoint in eps:
        results.p50[endpoint.label] = {FAKEWOOT: [], BASELINE: []}
        results.p99[endpoint.label] = {FAKEWOOT: [], BASELINE: []}
        results.samples[endpoint.label] = {FAKEWOOT: 0, BASELINE: 0}
        results.errors[endpoint.label] = {FAKEWOOT: 0, BASELINE: 0}
        results.ratio[endpoint.label] = []
    big = write_fixtures(workdir / "contacts-n", args.contacts)
    one = write_fixtures(workdir / "contacts-1", 1)
    ready_timeout = READY_BASE_S + READY_PER_CONTACT_S * args.contacts

    print("memory reference: the same fixture set with 1 contact ...", flush=True)
    port = free_port()
    with serving("fakewoot (1 contact)", fakewoot_command(port, one), port, ready_timeout) as server:
        results.spawn_one_s = server.startup_s
        results.rss_one = rss_after_one_request(server)

    print(f"loading {args.contacts:,} contacts in `fakewoot serve` ...", flush=True)
    port = free_port()
    with serving(FAKEWOOT, fakewoot_command(port, big), port, ready_timeout) as fake_server:
        results.spawn_s.append(fake_server.startup_s)
        results.rss_n = rss_after_one_request(fake_server)
        print(
            f"  spawn -> first 200: {fake_server.startup_s:.2f} s; RSS {results.rss_n / 2**20:.1f} MiB "
            f"(1 contact: {results.rss_one / 2**20:.1f} MiB) -> "
            f"{results.bytes_per_contact:,.0f} bytes/contact",
            flush=True,
        )
        clients = {FAKEWOOT: Client(fake_server.port)}
        try:
            stored, notes = fetch_bodies(clients[FAKEWOOT], eps)
            results.notes += notes
            bodies_file = workdir / "bodies.json"
            bodies_file.write_bytes(_dumps(stored))
            port = free_port()
            with serving(BASELINE, baseline_command(port, bodies_file), port, READY_BASE_S) as base_server:
                clients[BASELINE] = Client(base_server.port)
                results.notes += check_same_bodies(clients[FAKEWOOT], clients[BASELINE], eps)
                run_latency(results, args, eps, clients)
                results.reopened = {name: client.reopened for name, client in clients.items()}
            results.rss_n_after = rss_bytes(fake_server.proc.pid)
        finally:
            for client in clients.values():
                client.close()

    # Load time again, in process and (rounds 2..R, while they fit in the budget) by spawning.
    spent = 0.0
    for number in range(args.rounds):
        if number > 0 and spent + results.spawn_s[-1] + results.construct_s[-1] > args.load_budget:
            break
        print(f"load time {number + 1}: FakeChatwoot(fixtures=...) in process ...", flush=True)
        results.construct_s.append(construct_in_process(big))
        spent += results.construct_s[-1]
        if number > 0:
            port = free_port()
            with serving(FAKEWOOT, fakewoot_command(port, big), port, ready_timeout) as server:
                results.spawn_s.append(server.startup_s)
            spent += results.spawn_s[-1]
    return results


def _dumps(obj: Any) -> bytes:
    import orjson

    return orjson.dumps(obj)


# --------------------------------------------------------------------------- report


COLUMNS = ((34, "<"), (10, ">"), (10, ">"), (7, ">"), (7, ">"), (13, ">"), (9, ">"), (10, ">"), (5, ">"))


def row(*cells: str) -> str:
    padded = [*cells, *[""] * (len(COLUMNS) - len(cells))]
    return " ".join(
        f"{cell:{align}{width}}" for cell, (width, align) in zip(padded, COLUMNS, strict=True)
    ).rstrip()


def report(results: Results, args: argparse.Namespace) -> bool:
    rule = "-" * (sum(width for width, _ in COLUMNS) + len(COLUMNS) - 1)
    all_ok = True
    print()
    print(
        f"fakewoot contacts benchmark: {results.contacts:,} contacts, {results.rounds} round(s); "
        f"every number is the median of its rounds"
    )
    print(
        f"  machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), {platform.system()} {platform.machine()}"
    )
    print()
    print(
        row(
            "latency (ms, sequential keep-alive)",
            "p50 fw",
            "p50 base",
            "ratio",
            "spread",
            "p99 fw/base",
            "n fw",
            "target",
        )
    )
    print(rule)
    for label in results.p50:
        p50s, p99s = results.p50[label], results.p99[label]
        fake_p50 = med(p50s[FAKEWOOT])
        ok = fake_p50 <= TARGET_P50_MS and results.errors[label][FAKEWOOT] == 0
        all_ok &= ok
        print(
            row(
                label,
                f"{fake_p50:.2f}",
                f"{med(p50s[BASELINE]):.2f}",
                f"{med(results.ratio[label]):.1f}",
                spread(p50s[FAKEWOOT]),
                f"{med(p99s[FAKEWOOT]):.1f}/{med(p99s[BASELINE]):.2f}",
                str(results.samples[label][FAKEWOOT]),
                f"p50 <= {TARGET_P50_MS:.0f}",
                verdict(ok),
            )
        )
    print()
    print(row("load and memory", "fakewoot", "1 contact", "", "spread", "", "samples", "target"))
    print(rule)
    print(
        row(
            "serve: spawn -> first 200 (s)",
            f"{med(results.spawn_s):.2f}",
            f"{results.spawn_one_s:.2f}",
            "",
            spread(results.spawn_s),
            "",
            str(len(results.spawn_s)),
            "(context)",
        )
    )
    print(
        row(
            "FakeChatwoot(fixtures=...) (s)",
            f"{med(results.construct_s):.2f}",
            "",
            "",
            spread(results.construct_s),
            "",
            str(len(results.construct_s)),
            "(context)",
        )
    )
    print(
        row(
            "RSS after ready + 1 request (MiB)",
            f"{results.rss_n / 2**20:.1f}",
            f"{results.rss_one / 2**20:.1f}",
        )
    )
    print(row("  after the latency rounds (MiB)", f"{results.rss_n_after / 2**20:.1f}"))
    per_contact = results.bytes_per_contact
    ok = per_contact <= TARGET_BYTES_PER_CONTACT
    all_ok &= ok
    print(
        row(
            "RSS per contact (bytes)",
            f"{per_contact:,.0f}",
            "",
            "",
            "",
            "",
            "1",
            f"<= {TARGET_BYTES_PER_CONTACT}",
            verdict(ok),
        )
    )
    print()
    for label in results.p50:
        errs = results.errors[label]
        if any(errs.values()):
            print(
                f"errors (non-200 or socket) on {label}: fakewoot {errs[FAKEWOOT]}, baseline {errs[BASELINE]}"
            )
    total = sum(sum(errs.values()) for errs in results.errors.values())
    print(f"errors (non-200 or socket errors), all endpoints and both servers: {total}")
    if any(results.errors[label][BASELINE] for label in results.errors):
        print("  baseline errors make its p50 (and the ratio) less trustworthy; verdicts use fakewoot's only")
    reopened = ", ".join(f"{name} {count}" for name, count in results.reopened.items())
    print(f"idle keep-alive connections reopened before an (untimed) first request, not errors: {reopened}")
    for note in results.notes:
        print(note)
    print(
        f"p50/p99 per round over up to {REQUESTS} sequential requests on one keep-alive connection (after\n"
        f"{WARMUP_REQUESTS} warm-up requests), stopping early after {args.max_seconds:g} s "
        f"(min {MIN_REQUESTS} requests): `n fw` is the\n"
        "total of fakewoot samples over all rounds; with < 100 in a round its p99 is that round's maximum.\n"
        "ratio = median of the per-round fakewoot p50 / baseline p50 (same bodies, Starlette + orjson).\n"
        "Noise: spread = ±half the min-max range of fakewoot's rounds over their median; on a shared 2-core\n"
        "VM ±10-30% is common, so a verdict within that of its threshold is not meaningful. Memory is one\n"
        "sample; load time is repeated (up to the rounds) only while the repeats fit the load budget."
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot contacts-at-scale benchmark (see bench/README.md)")
    parser.add_argument("--contacts", type=int, help="contacts to generate (default 100000; quick 20000)")
    parser.add_argument("--rounds", type=int, help="rounds; numbers are medians (default 5; quick 3)")
    parser.add_argument("--quick", action="store_true", help="a shorter run: 20000 contacts, 3 rounds")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_baseline:
        if args.port is None or args.bodies is None:
            parser.error("--serve-baseline needs --port and --bodies")
        return args
    args.contacts = args.contacts if args.contacts is not None else (20_000 if args.quick else 100_000)
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.max_seconds = 3.0 if args.quick else MAX_SECONDS
    args.load_budget = 20.0 if args.quick else LOAD_BUDGET_S
    if args.rounds < 1 or not 1 <= args.contacts <= 100_000:
        parser.error("--rounds must be >= 1 and --contacts between 1 and 100000 (the fixture limit)")
    return args


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise BenchTimeout("bench: the run took far longer than expected; stopping")


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    # SIGTERM/SIGHUP/SIGINT become an exception so the finally blocks kill the servers.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_baseline:
        serve_baseline(args.port, args.bodies)
        return 0
    # Watchdog: 3 loads of N contacts (~0.5 ms each today, allow 3x), the latency rounds, the load budget.
    load = READY_BASE_S + 3 * 0.0015 * args.contacts
    latency = 30 + args.rounds * ENDPOINTS * (args.max_seconds * 2 + 2)
    signal.signal(signal.SIGALRM, _on_alarm)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(stop_signal, _on_stop_signal)
    signal.alarm(int(2 * (load + latency + args.load_budget)))
    workdir = Path(tempfile.mkdtemp(prefix="fakewoot-bench-contacts-"))
    try:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
