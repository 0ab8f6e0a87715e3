"""fakewoot dashboard benchmark: Chatwoot's dashboard start-up sequence against as many profile GETs.

    python bench/dashboard.py [--replays N] [--rounds R] [--quick] [--check]

One `python -m fakewoot serve` (default fixtures, plus the records tests/dashboard/startup.py
POPULATE adds over the API). The sequence is tests/dashboard/startup.py's STEPS (sign-in, boot,
sidebar, conversation list, one conversation, contacts, settings, reports: the administrator's
dashboard), its paths resolved once by a first replay. In each round, on one keep-alive
connection each: N sequence replays (each signs in again and sends the rest with the five session
headers it got), and the same number of requests as `GET /api/v1/profile` (api_access_token),
order alternating per round. Server time is the server process's CPU (user + system, /proc)
across each part; the ratio is sequence / profile per round, its median printed. Target: <= 2.0.
Client-side wall time and p50 per request kind are printed for context. 127.0.0.1 only; the
server is killed on the way out.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from common import (
    HOST,
    Server,
    Table,
    cpu_seconds,
    fakewoot_command,
    free_port,
    guarded_run,
    machine,
    med,
    percentile,
    serving,
    spread,
    verdict,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dashboard.startup import (  # noqa: E402
    ADMIN,
    AGENT,
    SESSION_HEADERS,
    STEPS,
    populate,
    replay,
    request_body,
)

ADMIN_EMAIL = "john@acme.inc"  # the default fixtures' administrator and agent
PASSWORD = "Password1!"
TOKENS = {
    ADMIN: {"api_access_token": "fakewoot-admin-token"},
    AGENT: {"api_access_token": "fakewoot-agent-token"},
}
PROFILE = "GET /api/v1/profile"
SEQUENCE = "start-up sequence"
PARTS = (SEQUENCE, PROFILE)
TARGET_RATIO = 2.0
READY_S = 30.0


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    url: str
    body: bytes | None


def short(kind: str) -> str:
    """`GET labels` for `GET /api/v1/accounts/1/labels`, `GET v2 reports` for the v2 API."""
    if kind.endswith("/api/v1/accounts/1/"):
        return kind.replace("/api/v1/accounts/1/", "account")
    return kind.replace("/api/v1/accounts/1/", "").replace("/api/v2/accounts/1/", "v2 ")


def resolve_sequence(port: int) -> list[Request]:
    """Populate the server, replay once through httpx (checking every answer) and keep the
    resolved requests."""
    import httpx

    with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=30) as client:
        statuses = populate(client, TOKENS)
        if any(status != 200 for _, status in statuses):
            raise RuntimeError(f"populating failed: {statuses}")
        answers = replay(client, ADMIN_EMAIL, PASSWORD)
    bad = [(a.url, a.status, a.problems) for a in answers if a.status >= 400 or a.problems]
    if bad or len(answers) != len(STEPS):
        raise RuntimeError(f"the dashboard replay failed on fakewoot: {bad}")
    bound = {"email": ADMIN_EMAIL, "password": PASSWORD}
    requests = []
    for answer in answers:
        body = request_body(answer.step, bound)
        encoded = None if body is None else orjson.dumps(body)
        requests.append(Request(short(answer.step.name), answer.step.method, answer.url, encoded))
    return requests


@dataclass
class Part:
    cpu_s: list[float] = field(default_factory=list)  # per round
    wall_s: list[float] = field(default_factory=list)
    latency_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0


class Connection:
    """One keep-alive HTTP/1.1 connection; a request returns (status, headers, wall ms)."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def send(self, request: Request, headers: dict[str, str]) -> tuple[int, http.client.HTTPResponse, float]:
        sent = dict(headers)
        if request.body is not None:
            sent["Content-Type"] = "application/json"
        started = time.perf_counter_ns()
        self.conn.request(request.method, request.url, body=request.body, headers=sent)
        response = self.conn.getresponse()
        response.read()
        return response.status, response, (time.perf_counter_ns() - started) / 1e6

    def close(self) -> None:
        self.conn.close()


def run_sequence(conn: Connection, requests: list[Request], replays: int, part: Part) -> None:
    for _ in range(replays):
        headers: dict[str, str] = {}
        for request in requests:
            status, response, ms = conn.send(request, headers)
            part.latency_ms[request.kind].append(ms)
            part.errors += status >= 400
            if request.url == "/auth/sign_in":
                headers = {name: response.getheader(name, "") for name in SESSION_HEADERS}


def run_profile(conn: Connection, count: int, part: Part) -> None:
    request = Request(PROFILE, "GET", "/api/v1/profile", None)
    for _ in range(count):
        status, _, ms = conn.send(request, TOKENS[ADMIN])
        part.latency_ms[PROFILE].append(ms)
        part.errors += status != 200


def measure(server: Server, args: argparse.Namespace, requests: list[Request]) -> dict[str, Part]:
    parts = {name: Part() for name in PARTS}
    count = args.replays * len(requests)
    warmup = Connection(server.port)
    run_sequence(warmup, requests, 2, Part())
    run_profile(warmup, 2 * len(requests), Part())
    warmup.close()
    for number in range(args.rounds):
        order = PARTS if number % 2 == 0 else PARTS[::-1]
        line = [f"round {number + 1}/{args.rounds} ({order[0]} first):"]
        for name in order:
            conn = Connection(server.port)
            part = parts[name]
            cpu0, wall0 = cpu_seconds(server.proc.pid), time.perf_counter()
            if name == SEQUENCE:
                run_sequence(conn, requests, args.replays, part)
            else:
                run_profile(conn, count, part)
            part.wall_s.append(time.perf_counter() - wall0)
            part.cpu_s.append(cpu_seconds(server.proc.pid) - cpu0)
            conn.close()
            line.append(f"{name} {part.cpu_s[-1] * 1000:.0f} ms CPU / {part.wall_s[-1] * 1000:.0f} ms wall")
        print(" ".join(line), flush=True)
    return parts


def ratios(parts: dict[str, Part], key: str) -> list[float]:
    ours, base = getattr(parts[SEQUENCE], key), getattr(parts[PROFILE], key)
    return [a / b if b else float("nan") for a, b in zip(ours, base, strict=True)]


def kinds(requests: list[Request]) -> Iterator[str]:
    seen: set[str] = set()
    for request in requests:
        if request.kind not in seen:
            seen.add(request.kind)
            yield request.kind


def report(parts: dict[str, Part], requests: list[Request], args: argparse.Namespace) -> bool:
    count = args.replays * len(requests)
    cpu_ratio, wall_ratio = med(ratios(parts, "cpu_s")), med(ratios(parts, "wall_s"))
    ok = cpu_ratio <= TARGET_RATIO and not any(part.errors for part in parts.values())
    table = Table((44, "<"), (12, ">"), (12, ">"), (10, ">"), (8, ">"), (16, "<"))
    print()
    print(table.row("server time per round (ms)", "CPU", "wall", "per req us", "spread", "target"))
    print(table.rule)
    for name in PARTS:
        part = parts[name]
        label = (
            f"{name} ({args.replays} x {len(requests)} requests)" if name == SEQUENCE else f"{name} x {count}"
        )
        print(
            table.row(
                label,
                f"{med(part.cpu_s) * 1000:.0f}",
                f"{med(part.wall_s) * 1000:.0f}",
                f"{med(part.cpu_s) / count * 1e6:.0f}",
                spread(part.cpu_s),
            )
        )
    print(
        table.row(
            "ratio sequence / profile",
            f"{cpu_ratio:.2f}",
            f"{wall_ratio:.2f}",
            "",
            spread(ratios(parts, "cpu_s")),
            f"CPU <= {TARGET_RATIO:g}  {verdict(ok)}",
        )
    )
    print()
    kind_table = Table((58, "<"), (8, ">"), (8, ">"), (8, ">"))
    print(kind_table.row("p50 per request kind (ms, client wall)", "p50", "p90", "n"))
    print(kind_table.rule)
    for kind in [*kinds(requests), PROFILE]:
        samples = parts[PROFILE if kind == PROFILE else SEQUENCE].latency_ms[kind]
        print(
            kind_table.row(
                kind, f"{percentile(samples, 50):.2f}", f"{percentile(samples, 90):.2f}", str(len(samples))
            )
        )
    print()
    errors = {name: part.errors for name, part in parts.items()}
    print(f"errors (4xx/5xx; profile: non-200): {errors}")
    print(
        "CPU is the server process's user+system time from /proc (10 ms ticks) across each part; the\n"
        "ratio is the median of the per-round ratios. Noise: spread = ±half the min-max range over\n"
        "the median."
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replays", type=int, default=40, help="sequence replays per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 5 replays")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.replays = 3, 5
    with guarded_run(120 + args.rounds * args.replays * 2, "fakewoot-bench-dashboard-"):
        port = free_port()
        headers: dict[str, Any] = TOKENS[ADMIN]
        with serving("fakewoot", fakewoot_command(port), port, READY_S, headers=headers) as server:
            requests = resolve_sequence(port)
            print(f"fakewoot dashboard benchmark ({machine()})")
            writes = sum(1 for request in requests if request.method != "GET")
            print(
                f"{len(requests)} requests per start-up sequence ({writes} writes, the sign-in included),"
                f" {args.replays} replays per round, {args.rounds} rounds"
            )
            parts = measure(server, args, requests)
        ok = report(parts, requests, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
