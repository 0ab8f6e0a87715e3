"""fakewoot conversations-at-scale benchmark: load time, RSS, conversation list and message latency.

    python bench/conversations.py [--rounds R] [--quick] [--check]

One account with 2,000 Faker contacts and 10,000 generated conversations of 20 messages each (1,000
with --quick; `generate:` in a temporary fixture set), served by `python -m fakewoot serve`, measured
against a bare Starlette+orjson baseline serving the same bodies. See bench/README.md ("Conversations
at scale"). Every number printed is the median over the rounds it was measured in. Only 127.0.0.1 is
used; every subprocess is killed on the way out.

`python bench/conversations.py --serve-baseline --port P --bodies FILE` is the baseline server itself
(spawned by the benchmark; not meant to be run by hand).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from contacts import (
    ACCOUNT,
    BASELINE,
    FAKEWOOT,
    MAX_SECONDS,
    MIN_REQUESTS,
    READY_BASE_S,
    READY_PATH,
    REQUESTS,
    TOKEN,
    WARMUP_MAX_SECONDS,
    WARMUP_REQUESTS,
    Client,
    Endpoint,
    Latency,
    check_same_bodies,
    fakewoot_command,
    rss_after_one_request,
    rss_bytes,
    serving,
)
from run import HOST, BenchTimeout, free_port, med, spread, verdict

CONTACTS = 2_000
MESSAGES_PER_CONVERSATION = 20
MESSAGE_BODY = {"content": "hello"}  # message_type defaults to outgoing
READY_PER_MESSAGE_S = 0.0002  # readiness timeout: READY_BASE_S + this * messages (~25 us/message today)

TARGET_LIST_P50_MS = 20.0
TARGET_POST_P50_MS = 5.0

BENCH_FILE = Path(__file__).resolve()
ENDPOINTS = 4  # see measured()

# --------------------------------------------------------------------------- fixtures


def fixture_yaml(conversations: int) -> str:
    return f"""# written by bench/conversations.py
accounts:
  - {{id: 1, name: Bench}}
users:
  - {{id: 1, name: Admin, email: admin@bench.test, password: Password1!, access_token: {TOKEN},
     accounts: [{{account_id: 1, role: administrator}}]}}
inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api, members: [1]}}
generate:
  - {{table: contacts, account_id: 1, count: {CONTACTS}, seed: 42, inbox_id: 1}}
  - {{table: conversations, account_id: 1, inbox_id: 1, count: {conversations},
     messages_per_conversation: {MESSAGES_PER_CONVERSATION}, seed: 42}}
"""


def write_fixtures(folder: Path, conversations: int) -> Path:
    folder.mkdir(parents=True)
    (folder / "fakewoot.yaml").write_text(fixture_yaml(conversations))
    return folder


# --------------------------------------------------------------------------- endpoints


@dataclass
class Measured:
    """An endpoint as measured. With `cycle`, `{id}` in the URL takes the display ids 1..cycle in
    turn, one counter per server (so every POST goes to the next conversation)."""

    label: str
    method: str
    url: str
    body: bytes | None = None
    target_ms: float | None = None
    cycle: int = 0
    counters: dict[str, int] = field(default_factory=dict)

    def next(self, server: str) -> Endpoint:
        if not self.cycle:
            return Endpoint(self.label, self.method, self.url, self.body)
        count = self.counters.get(server, 0)
        self.counters[server] = count + 1
        return Endpoint(self.label, self.method, self.url.format(id=count % self.cycle + 1), self.body)


def measured(conversations: int) -> list[Measured]:
    import orjson

    # The message list is read from the last conversation: the POST cycle starts at 1 and reaches it
    # only after `conversations` posts (~1,000 in a default run), so its body stays the fetched one.
    return [
        Measured(
            "GET conversations (page 1, open)",
            "GET",
            f"{ACCOUNT}/conversations",
            target_ms=TARGET_LIST_P50_MS,
        ),
        Measured("GET conversations?status=all&page=2", "GET", f"{ACCOUNT}/conversations?status=all&page=2"),
        Measured(
            "POST conversations/{id}/messages",
            "POST",
            f"{ACCOUNT}/conversations/{{id}}/messages",
            orjson.dumps(MESSAGE_BODY),
            target_ms=TARGET_POST_P50_MS,
            cycle=conversations,
        ),
        Measured(
            f"GET conversations/{conversations}/messages",
            "GET",
            f"{ACCOUNT}/conversations/{conversations}/messages",
        ),
    ]


def measure_latency(
    client: Client, endpoint: Measured, server: str, requests: int, max_seconds: float
) -> Latency:
    """As contacts.measure_latency, with the URL taken from `endpoint.next(server)` per request
    (built before the clock starts). The untimed priming request is one of the cycle too: if uvicorn
    closed the idle connection, it is re-sent once on a fresh one (the request was not read)."""
    samples: list[float] = []
    errors = int(client.prime(endpoint.next(server)) != 200)
    clock = time.perf_counter_ns
    deadline = time.perf_counter() + max_seconds
    for _ in range(requests):
        request = endpoint.next(server)
        t0 = clock()
        try:
            status, _ = client.send(request)
        except (OSError, http.client.HTTPException):
            status = 0
        samples.append((clock() - t0) / 1e6)
        errors += status != 200
        if len(samples) >= MIN_REQUESTS and time.perf_counter() > deadline:
            break
    return Latency(samples, errors)


# --------------------------------------------------------------------------- the baseline server


def baseline_command(port: int, bodies: Path) -> list[str]:
    return [sys.executable, str(BENCH_FILE), "--serve-baseline", "--port", str(port), "--bodies", str(bodies)]


def serve_baseline(port: int, bodies_file: Path) -> None:
    """A bare Starlette app on uvicorn (options as bench/baseline_app.py and `fakewoot serve`): each GET
    answers its stored object by (path, query); POST .../conversations/{id}/messages reads and parses
    the request body and answers one stored message. Everything is serialised with orjson per request."""
    import orjson
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    stored: dict[str, Any] = orjson.loads(bodies_file.read_bytes())
    gets = {(path, query): obj for path, query, obj in stored["get"]}  # [[path, query, obj], ...]
    message = stored["post_message"]

    async def get(request: Request) -> Response:
        obj = gets.get((request.url.path, request.url.query))
        if obj is None:
            return Response(b'{"error":"not stored"}', status_code=404, media_type="application/json")
        return Response(orjson.dumps(obj), media_type="application/json")

    async def messages(request: Request) -> Response:
        if request.method == "POST":
            orjson.loads(await request.body())
            return Response(orjson.dumps(message), media_type="application/json")
        return await get(request)

    app = Starlette(
        routes=[
            Route(READY_PATH, get),
            Route(f"{ACCOUNT}/conversations", get),
            Route(f"{ACCOUNT}/conversations/{{display_id:int}}/messages", messages, methods=["GET", "POST"]),
        ]
    )
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="off")


def fetch_bodies(client: Client, eps: Sequence[Measured]) -> tuple[dict[str, Any], list[str]]:
    """One POST (the first of fakewoot's cycle) for the baseline's message body, then every GET body
    (after the POST, which moves its conversation up the list)."""
    import orjson

    notes: list[str] = []
    stored: dict[str, Any] = {"get": [], "post_message": None}
    ready = Measured("ready", "GET", READY_PATH)  # the baseline is polled there too
    posts = [ep for ep in eps if ep.method == "POST"]
    for endpoint in [*posts, ready, *[ep for ep in eps if ep.method == "GET"]]:
        request = endpoint.next(FAKEWOOT)
        status, body = client.send(request)
        if status != 200:
            raise RuntimeError(
                f"fakewoot answered {status} on {request.method} {request.url}: {body[:300]!r}"
            )
        obj = orjson.loads(body)
        if endpoint.method == "POST":
            stored["post_message"] = obj
            continue
        data = obj.get("data", obj) if isinstance(obj, dict) else obj  # the list is wrapped in "data"
        if endpoint is not ready and isinstance(data, dict) and not data.get("payload"):
            notes.append(f"  note: {endpoint.label}: empty payload ({data.get('meta')})")
        path, _, query = request.url.partition("?")
        stored["get"].append([path, query, obj])
    return stored, notes


def check_same_answers(fake: Client, base: Client, eps: Sequence[Measured]) -> list[str]:
    """GETs: byte-identical bodies. POST: same status and same keys (ids and times differ)."""
    import orjson

    gets = [ep.next(FAKEWOOT) for ep in eps if ep.method == "GET"]
    notes = check_same_bodies(fake, base, gets)
    for endpoint in (ep for ep in eps if ep.method == "POST"):
        (ours, our_body), (theirs, their_body) = (
            fake.send(endpoint.next(FAKEWOOT)),
            base.send(endpoint.next(BASELINE)),
        )
        ours_keys = sorted(orjson.loads(our_body)) if ours == 200 else []
        theirs_keys = sorted(orjson.loads(their_body)) if theirs == 200 else []
        if (ours, ours_keys) != (theirs, theirs_keys):
            notes.append(
                f"  note: {endpoint.label}: baseline answer differs ({theirs}, keys {theirs_keys} vs "
                f"{ours}, keys {ours_keys})"
            )
    return notes


# --------------------------------------------------------------------------- the run


@dataclass
class Results:
    conversations: int
    rounds: int
    spawn_s: float = float("nan")
    rss_ready: int = 0
    rss_after: int = 0
    p50: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # endpoint -> server -> rounds
    p99: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    ratio: dict[str, list[float]] = field(default_factory=dict)
    samples: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    targets: dict[str, float | None] = field(default_factory=dict)
    posts: int = 0
    reopened: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return self.conversations * MESSAGES_PER_CONVERSATION


def run_latency(
    results: Results, args: argparse.Namespace, eps: Sequence[Measured], clients: dict[str, Client]
) -> None:
    print(f"warming up ({WARMUP_REQUESTS} requests or {WARMUP_MAX_SECONDS:g} s per endpoint and server) ...")
    for endpoint in eps:
        for name, client in clients.items():
            measure_latency(client, endpoint, name, WARMUP_REQUESTS, WARMUP_MAX_SECONDS)
    for number in range(args.rounds):
        order = [FAKEWOOT, BASELINE] if number % 2 == 0 else [BASELINE, FAKEWOOT]
        line = [f"round {number + 1}/{args.rounds} ({order[0]} first), p50 ms fakewoot/baseline:"]
        for endpoint in eps:
            by_server = {
                name: measure_latency(clients[name], endpoint, name, REQUESTS, args.max_seconds)
                for name in order
            }
            for name, latency in by_server.items():
                results.p50[endpoint.label][name].append(latency.p50)
                results.p99[endpoint.label][name].append(latency.p99)
                results.samples[endpoint.label][name] += len(latency.samples_ms)
                results.errors[endpoint.label][name] += latency.errors
            fake, base = by_server[FAKEWOOT].p50, by_server[BASELINE].p50
            results.ratio[endpoint.label].append(fake / base if base else float("nan"))
            short = endpoint.url.removeprefix(ACCOUNT + "/").replace("conversations", "conv")
            line.append(f"{endpoint.method} {short} {fake:.2f}/{base:.2f};")
        print(" ".join(line), flush=True)


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    import orjson

    results = Results(conversations=args.conversations, rounds=args.rounds)
    eps = measured(args.conversations)
    for endpoint in eps:
        results.p50[endpoint.label] = {FAKEWOOT: [], BASELINE: []}
        results.p99[endpoint.label] = {FAKEWOOT: [], BASELINE: []}
        results.samples[endpoint.label] = {FAKEWOOT: 0, BASELINE: 0}
        results.errors[endpoint.label] = {FAKEWOOT: 0, BASELINE: 0}
        results.ratio[endpoint.label] = []
        results.targets[endpoint.label] = endpoint.target_ms
    fixtures = write_fixtures(workdir / "fixtures", args.conversations)
    ready_timeout = READY_BASE_S + READY_PER_MESSAGE_S * results.messages

    print(
        f"loading {CONTACTS:,} contacts, {args.conversations:,} conversations and {results.messages:,} "
        f"messages in `fakewoot serve` ...",
        flush=True,
    )
    port = free_port()
    with serving(FAKEWOOT, fakewoot_command(port, fixtures), port, ready_timeout) as fake_server:
        results.spawn_s = fake_server.startup_s
        results.rss_ready = rss_after_one_request(fake_server)
        print(
            f"  spawn -> first 200: {fake_server.startup_s:.2f} s; RSS {results.rss_ready / 2**20:.1f} MiB",
            flush=True,
        )
        clients = {FAKEWOOT: Client(fake_server.port)}
        try:
            stored, notes = fetch_bodies(clients[FAKEWOOT], eps)
            results.notes += notes
            bodies_file = workdir / "bodies.json"
            bodies_file.write_bytes(orjson.dumps(stored))
            port = free_port()
            with serving(BASELINE, baseline_command(port, bodies_file), port, READY_BASE_S) as base_server:
                clients[BASELINE] = Client(base_server.port)
                results.notes += check_same_answers(clients[FAKEWOOT], clients[BASELINE], eps)
                run_latency(results, args, eps, clients)
                results.reopened = {name: client.reopened for name, client in clients.items()}
            results.rss_after = rss_bytes(fake_server.proc.pid)
            results.posts = sum(ep.counters.get(FAKEWOOT, 0) for ep in eps if ep.cycle)
        finally:
            for client in clients.values():
                client.close()
    return results


# --------------------------------------------------------------------------- report


COLUMNS = ((36, "<"), (9, ">"), (9, ">"), (7, ">"), (7, ">"), (13, ">"), (7, ">"), (10, ">"), (5, ">"))


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
        f"fakewoot conversations benchmark: {results.conversations:,} conversations x "
        f"{MESSAGES_PER_CONVERSATION} messages ({CONTACTS:,} contacts), {results.rounds} round(s); "
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
        target = results.targets[label]
        if target is None:
            target_cell, verdict_cell = "(context)", ""
        else:
            ok = fake_p50 <= target and results.errors[label][FAKEWOOT] == 0
            all_ok &= ok
            target_cell, verdict_cell = f"p50 <= {target:g}", verdict(ok)
        print(
            row(
                label,
                f"{fake_p50:.2f}",
                f"{med(p50s[BASELINE]):.2f}",
                f"{med(results.ratio[label]):.1f}",
                spread(p50s[FAKEWOOT]),
                f"{med(p99s[FAKEWOOT]):.1f}/{med(p99s[BASELINE]):.2f}",
                str(results.samples[label][FAKEWOOT]),
                target_cell,
                verdict_cell,
            )
        )
    print()
    print(row("load and memory (one sample)", "fakewoot", "", "", "", "", "", "target"))
    print(rule)
    print(row("serve: spawn -> first 200 (s)", f"{results.spawn_s:.2f}", "", "", "", "", "", "(context)"))
    print(
        row("RSS after ready + 1 request (MiB)", f"{results.rss_ready / 2**20:.1f}", *[""] * 5, "(context)")
    )
    print(row("  after the latency rounds (MiB)", f"{results.rss_after / 2**20:.1f}", *[""] * 5, "(context)"))
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
    print(
        f"messages posted to fakewoot: {results.posts:,} (display ids 1..{results.conversations:,} in turn, "
        f"one per conversation until the cycle wraps)"
    )
    for note in results.notes:
        print(note)
    print(
        f"p50/p99 per round over up to {REQUESTS} sequential requests on one keep-alive connection (after\n"
        f"{WARMUP_REQUESTS} warm-up requests), stopping early after {args.max_seconds:g} s "
        f"(min {MIN_REQUESTS} requests): `n fw` is the\n"
        "total of fakewoot samples over all rounds; with < 100 in a round its p99 is that round's maximum.\n"
        "ratio = median of the per-round fakewoot p50 / baseline p50 (same GET bodies; for the POST a fixed\n"
        "message, after parsing the request body; Starlette + orjson). POSTs grow the store as they go.\n"
        "Noise: spread = ±half the min-max range of fakewoot's rounds over their median; on a shared 2-core\n"
        "VM ±10-30% is common, so a verdict within that of its threshold is not meaningful."
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="fakewoot conversations-at-scale benchmark (see bench/README.md)"
    )
    parser.add_argument("--rounds", type=int, help="rounds; numbers are medians (default 5; quick 3)")
    parser.add_argument(
        "--quick", action="store_true", help="a shorter run: 1000 conversations x 20 messages, 3 rounds"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_baseline:
        if args.port is None or args.bodies is None:
            parser.error("--serve-baseline needs --port and --bodies")
        return args
    args.conversations = 1_000 if args.quick else 10_000
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.max_seconds = 3.0 if args.quick else MAX_SECONDS
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")
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
    # Watchdog: one load (the readiness timeout) plus warm-up and the latency rounds, doubled.
    load = READY_BASE_S + READY_PER_MESSAGE_S * args.conversations * MESSAGES_PER_CONVERSATION
    latency = 30 + ENDPOINTS * 2 * WARMUP_MAX_SECONDS + args.rounds * ENDPOINTS * (args.max_seconds * 2 + 2)
    signal.signal(signal.SIGALRM, _on_alarm)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(stop_signal, _on_stop_signal)
    signal.alarm(int(2 * (load + latency)))
    workdir = Path(tempfile.mkdtemp(prefix="fakewoot-bench-conversations-"))
    try:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    finally:
        signal.alarm(0)
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
