"""Sequential keep-alive latency against a baseline: shared by bench/contacts.py and bench/conversations.py.

One `http.client` connection per server, a warm-up, then rounds in which every endpoint is measured
on fakewoot and on a Starlette+orjson baseline back to back (order alternating); p50/p99 per round,
medians over rounds in the report. See bench/README.md ("Contacts at scale").
"""

from __future__ import annotations

import argparse
import http.client
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from common import (
    BASELINE,
    FAKEWOOT,
    HOST,
    JSON_HEADERS,
    READY_PATH,
    Server,
    Table,
    answers_200,
    free_port,
    med,
    percentile,
    round_order,
    rss_bytes,
    script_command,
    serving,
    spread,
    verdict,
)

ACCOUNT = "/api/v1/accounts/1"

REQUESTS = 200  # timed requests per endpoint, server and round ...
MAX_SECONDS = 6.0  # ... or fewer when they take longer than this (3 s with --quick)
MIN_REQUESTS = 10  # but never fewer than this
WARMUP_REQUESTS = 20  # once per endpoint and server, before the first round ...
WARMUP_MAX_SECONDS = 2.0  # ... capped at this
READY_BASE_S = 30.0  # readiness timeout of the baseline; fakewoot's adds a per-record allowance


# --------------------------------------------------------------------------- endpoints and client


@dataclass(frozen=True)
class Endpoint:
    label: str
    method: str
    url: str
    body: bytes | None = None

    def next(self, server: str) -> Endpoint:
        """The request to send next to `server`: always this one."""
        return self


class Measurable(Protocol):
    """What is measured: a label, and the request to send next to a server (see conversations.Measured)."""

    @property
    def label(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    def next(self, server: str) -> Endpoint: ...


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


def measure_latency(
    client: Client, endpoint: Measurable, server: str, requests: int, max_seconds: float
) -> Latency:
    """Sequential requests on one connection: up to `requests`, stopping after `max_seconds` (but
    never before MIN_REQUESTS), after one untimed priming request. Each request is
    `endpoint.next(server)`, built before the clock starts (the priming request is one of them too).
    Any non-200 or socket error counts as an error."""
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


# --------------------------------------------------------------------------- servers


def rss_after_one_request(server: Server) -> int:
    if not answers_200(server.port):
        raise RuntimeError(f"{server.name}: GET {READY_PATH} failed")
    return rss_bytes(server.proc.pid)


def baseline_command(script: Path, port: int, bodies: Path) -> list[str]:
    """The baseline server: `python SCRIPT --serve-baseline --port P --bodies FILE`."""
    return script_command(script, "--serve-baseline", "--port", port, "--bodies", bodies)


def add_baseline_options(parser: argparse.ArgumentParser) -> None:
    """The hidden options of the script's own baseline-server mode."""
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)


def is_baseline_server(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    if args.serve_baseline and (args.port is None or args.bodies is None):
        parser.error("--serve-baseline needs --port and --bodies")
    return bool(args.serve_baseline)


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


# --------------------------------------------------------------------------- the rounds


@dataclass
class LatencyResults:
    p50: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # endpoint -> server -> rounds
    p99: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    ratio: dict[str, list[float]] = field(default_factory=dict)
    samples: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: dict[str, dict[str, int]] = field(default_factory=dict)
    targets: dict[str, float | None] = field(default_factory=dict)  # p50 target in ms, or context only
    reopened: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_endpoint(self, label: str, target_ms: float | None) -> None:
        self.p50[label] = {FAKEWOOT: [], BASELINE: []}
        self.p99[label] = {FAKEWOOT: [], BASELINE: []}
        self.samples[label] = {FAKEWOOT: 0, BASELINE: 0}
        self.errors[label] = {FAKEWOOT: 0, BASELINE: 0}
        self.ratio[label] = []
        self.targets[label] = target_ms


def run_latency(
    results: LatencyResults,
    args: argparse.Namespace,
    eps: Sequence[Measurable],
    clients: dict[str, Client],
    describe: Callable[[Measurable, float, float], str],
) -> None:
    """Warm-up, then `args.rounds` rounds; `describe(endpoint, fake_p50, base_p50)` is an endpoint's
    part of the round's progress line."""
    print(f"warming up ({WARMUP_REQUESTS} requests or {WARMUP_MAX_SECONDS:g} s per endpoint and server) ...")
    for endpoint in eps:
        for name, client in clients.items():
            measure_latency(client, endpoint, name, WARMUP_REQUESTS, WARMUP_MAX_SECONDS)
    for number in range(args.rounds):
        order = round_order(number)
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
            line.append(describe(endpoint, fake, base))
        print(" ".join(line), flush=True)


def against_baseline(
    results: LatencyResults,
    args: argparse.Namespace,
    eps: Sequence[Measurable],
    fake_server: Server,
    workdir: Path,
    *,
    fetch: Callable[[Client], tuple[Any, list[str]]],
    baseline: Callable[[int, Path], list[str]],
    check: Callable[[Client, Client], list[str]],
    describe: Callable[[Measurable, float, float], str],
) -> None:
    """With fakewoot running: `fetch` the bodies the baseline serves (and notes) through a client,
    start the baseline on them, `check` its answers, run the latency rounds; clients closed at the end."""
    import orjson

    clients = {FAKEWOOT: Client(fake_server.port)}
    try:
        stored, notes = fetch(clients[FAKEWOOT])
        results.notes += notes
        bodies_file = workdir / "bodies.json"
        bodies_file.write_bytes(orjson.dumps(stored))
        port = free_port()
        with serving(BASELINE, baseline(port, bodies_file), port, READY_BASE_S) as base_server:
            clients[BASELINE] = Client(base_server.port)
            results.notes += check(clients[FAKEWOOT], clients[BASELINE])
            run_latency(results, args, eps, clients, describe)
            results.reopened = {name: client.reopened for name, client in clients.items()}
    finally:
        for client in clients.values():
            client.close()


# --------------------------------------------------------------------------- report


def print_latency_table(results: LatencyResults, table: Table) -> bool:
    """The latency table; True when every endpoint with a target meets it without an error."""
    print(
        table.row(
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
    print(table.rule)
    all_ok = True
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
            table.row(
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
    return all_ok


def print_errors(results: LatencyResults) -> None:
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


def procedure_note(max_seconds: float) -> str:
    """The first lines of the footnote: how p50/p99 were measured."""
    return (
        f"p50/p99 per round over up to {REQUESTS} sequential requests on one keep-alive connection (after\n"
        f"{WARMUP_REQUESTS} warm-up requests), stopping early after {max_seconds:g} s "
        f"(min {MIN_REQUESTS} requests): `n fw` is the\n"
        "total of fakewoot samples over all rounds; with < 100 in a round its p99 is that round's maximum.\n"
    )


NOISE_NOTE = (
    "Noise: spread = ±half the min-max range of fakewoot's rounds over their median; on a shared 2-core\n"
    "VM ±10-30% is common, so a verdict within that of its threshold is not meaningful."
)
