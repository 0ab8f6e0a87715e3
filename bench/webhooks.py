"""fakewoot outgoing-webhook benchmark: delivery latency, API throughput with webhooks, a dead receiver.

    python bench/webhooks.py [--rounds R] [--quick] [--messages N] [--check]

The fake serves a generated fixture set (2,000 conversations); message creates cycle over them.

1. Delivery latency: sequential message creates (20 ms apart) on a fakewoot with 1 and with 3 account
   webhooks (message_created only) pointing at a fast loopback receiver; latency = the delivery's
   arrival at the receiver - the arrival of the causing request's response at the client, both read
   from CLOCK_MONOTONIC (one system-wide clock on Linux, so comparable across processes). A bare
   Starlette app that POSTs the same payload from a background task (httpx) is measured as a reference.
2. API throughput: message creates and GET /api/v1/profile, 0 webhooks vs 3 (subscribed to every
   event, receivers answering 200 at once), in the same run, order alternating per round.
3. Dead receiver: 3 webhooks at a socket that accepts and reads but never answers (the 5 s timeout);
   N (10,000) message creates as fast as the load generator goes; the server's VmRSS every second and
   at each quarter, and the throughput, against a 0-webhook server given the same N messages.

See bench/README.md ("Outgoing webhooks"). Every number printed is the median over the rounds it was
measured in (the dead-receiver phase runs once per server; its throughput is the median of the four
quarters). Only 127.0.0.1 is used; every subprocess is killed on the way out, every loop is bounded.

Internal modes (spawned by the benchmark, not meant to be run by hand):
  --serve-fake --port P --fixtures DIR [--hook URL ...] [--events E]   the fake, with webhooks
  --serve-reference --port P --hook URL ... --bodies F   the Starlette reference
  --receiver --port P --dead-port D                      the fast receiver and the dead socket
  --load --port P --path PATH ...                        the load generator (POST or GET)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    ADMIN_USER_YAML,
    HOST,
    JSON_HEADERS,
    TOKEN,
    Server,
    Table,
    cpu_seconds,
    free_port,
    guarded_run,
    machine,
    med,
    percentile,
    rss_bytes,
    run_bounded,
    script_command,
    serving,
    spread,
    stop_process,
    verdict,
    write_fixtures,
)

AUTH_HEADERS = {"api_access_token": TOKEN}
POST_HEADERS = JSON_HEADERS
TOKEN_HEADER = f"api_access_token: {TOKEN}"
# Creates go to display ids 1..CONVERSATIONS in turn (one counter per server or load process): a
# conversation's payload work grows with its length (see bench/README.md), so one ever-growing
# conversation would measure that instead of the webhooks.
MESSAGES_PATH = "/api/v1/accounts/1/conversations/{id}/messages"
CONTACTS = 500
CONVERSATIONS = 2_000
MESSAGES_PER_CONVERSATION = 2
PROFILE_PATH = "/api/v1/profile"
MESSAGE_BODY = b'{"content":"hello from bench/webhooks.py"}'
MESSAGE_CREATED = "message_created"

CONNECTIONS = 32
READY_TIMEOUT = 20.0
SPACING_S = 0.02  # between a response and the next request in the latency rounds (an unsaturated server)
ARRIVAL_WAIT_S = 5.0  # how long a latency round waits for its last deliveries
DRAIN_WAIT_S = 15.0  # how long a throughput round waits for fakewoot's delivery queues to empty
AFTER_S = 5.0  # RSS sampling after the dead-receiver load
IDLE_S = 1.0  # before it
RSS_EVERY_S = 1.0
MAX_RSS_SAMPLES = 600
LOAD_MAX_S = 120.0  # hard cap of one count-bounded load process
RECORD_LIMIT = 200_000  # arrivals the receiver keeps between two reads
DEFAULT_TIMEOUT_S = 5.0

TARGET_P99_MS = 20.0
TARGET_THROUGHPUT_RATIO = 0.85
TARGET_DEAD_RATIO = 0.80
TARGET_FLAT_MIB = 2.0  # webhook-attributable RSS growth over the second half of the dead phase

FAKE = "fakewoot"
REFERENCE = "reference"
BENCH_FILE = Path(__file__).resolve()


def fixture_yaml() -> str:
    return f"""# written by bench/webhooks.py
accounts:
  - {{id: 1, name: Bench}}
{ADMIN_USER_YAML}inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api, members: [1]}}
generate:
  - {{table: contacts, account_id: 1, count: {CONTACTS}, seed: 42, inbox_id: 1}}
  - {{table: conversations, account_id: 1, inbox_id: 1, count: {CONVERSATIONS},
     messages_per_conversation: {MESSAGES_PER_CONVERSATION}, seed: 42}}
"""


def sys_seconds(pid: int) -> float:
    """stime of a process (the kernel's part of common.cpu_seconds)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[12]) / os.sysconf("SC_CLK_TCK")


def now_ns() -> int:
    """CLOCK_MONOTONIC: system-wide on Linux, so the client's and the receiver's readings compare."""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def run_loop(coro: Any) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


# =========================================================================== internal modes


# --------------------------------------------------------------------------- the receivers

OK_RESPONSE = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
RECORDED_PREFIX = b"/lat/"  # only these arrivals are kept (with their bodies) for the latency rounds


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


class ReceiverState:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.connections: Counter[str] = Counter()  # by the folder of their first POST's path
        self.records: list[tuple[str, int, bytes]] = []
        self.overflow = 0
        self.dead_connections = 0
        self.dead_open = 0
        self.dead_bytes = 0

    def arrivals(self) -> bytes:
        """The recorded latency arrivals as [path, t_ns, id, event], then forgotten."""
        import orjson

        rows = []
        for path, at, body in self.records:
            try:
                payload = orjson.loads(body)
            except orjson.JSONDecodeError:
                payload = {}
            if not isinstance(payload, dict):
                payload = {}
            rows.append([path, at, payload.get("id"), payload.get("event")])
        self.records = []
        return orjson.dumps({"arrivals": rows, "overflow": self.overflow})

    def control(self, path: bytes) -> bytes:
        if path.startswith(b"/_bench/arrivals"):
            return self.arrivals()
        return json.dumps(
            {
                "counts": dict(self.counts),
                "connections": dict(self.connections),
                "dead_connections": self.dead_connections,
                "dead_open": self.dead_open,
                "dead_bytes": self.dead_bytes,
            }
        ).encode()


class HookProtocol(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive server: every request is answered `200` with an empty body at
    once; POSTs are counted by path, and those under /lat/ recorded with their arrival time (taken
    when the request's last bytes came in) and body. GET /_bench/... reads the counts and arrivals."""

    def __init__(self, state: ReceiverState) -> None:
        self.state = state
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no asyncio.Transport subclass

    def data_received(self, data: bytes) -> None:
        at = now_ns()
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            total = end + 4 + _content_length(head)
            if len(self.buffer) < total:
                return
            body = bytes(self.buffer[end + 4 : total])
            del self.buffer[:total]
            method, _, rest = head.partition(b" ")
            path = rest.partition(b" ")[0]
            assert self.transport is not None
            if path.startswith(b"/_bench/"):
                answer = self.state.control(path)
                self.transport.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                    % (len(answer), answer)
                )
                continue
            self.transport.write(OK_RESPONSE)
            if method == b"POST":
                name = path.decode(errors="replace")
                self.state.counts[name] += 1
                if not self.counted:
                    self.counted = True
                    self.state.connections[name.rsplit("/", 1)[0] + "/"] += 1
                if path.startswith(RECORDED_PREFIX):
                    if len(self.state.records) < RECORD_LIMIT:
                        self.state.records.append((name, at, body))
                    else:
                        self.state.overflow += 1


class DeadProtocol(asyncio.Protocol):
    """Accepts the connection, reads and forgets everything, never answers."""

    def __init__(self, state: ReceiverState) -> None:
        self.state = state

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.state.dead_connections += 1
        self.state.dead_open += 1

    def data_received(self, data: bytes) -> None:
        self.state.dead_bytes += len(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.state.dead_open -= 1


async def _receive(port: int, dead_port: int) -> None:
    state = ReceiverState()
    loop = asyncio.get_running_loop()
    live = await loop.create_server(lambda: HookProtocol(state), HOST, port, backlog=1024)
    dead = await loop.create_server(lambda: DeadProtocol(state), HOST, dead_port, backlog=1024)
    async with live, dead:
        await asyncio.gather(live.serve_forever(), dead.serve_forever())


def serve_receiver(port: int, dead_port: int) -> None:
    run_loop(_receive(port, dead_port))


# --------------------------------------------------------------------------- the fake and the reference


def serve_fake(port: int, fixtures: Path, hooks: Sequence[str], events: str) -> None:
    """The fake as `fakewoot serve --fixtures DIR` builds it (settings from the FAKEWOOT_* environment,
    uvicorn with its options at --log-level warning), plus account webhooks on account 1 created in
    Python before serving."""
    import uvicorn

    from fakewoot.control import FakeChatwoot
    from fakewoot.settings import Settings
    from fakewoot.store.webhooks import ALLOWED_EVENTS

    fake = FakeChatwoot(Settings.from_env(host=HOST, port=port, fixtures=fixtures))
    subscriptions = list(ALLOWED_EVENTS) if events == "all" else events.split(",")
    for url in hooks:
        fake.store.webhooks.create(1, url=url, subscriptions=subscriptions)
    uvicorn.run(fake.app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="off")


def serve_reference(port: int, hooks: Sequence[str], bodies_file: Path) -> None:
    """The reference: a bare Starlette app on uvicorn (fakewoot serve's options). POST .../messages
    parses the request body, answers fakewoot's captured message with a fresh id, and from a
    BackgroundTask (after the response is sent, on the serving loop) POSTs fakewoot's captured
    message_created payload with that id, orjson-encoded and signed as Chatwoot signs, to every hook
    at once through one shared httpx.AsyncClient (5 s timeout)."""
    import hashlib
    import hmac
    import uuid

    import httpx
    import orjson
    from common import run_uvicorn
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    stored = orjson.loads(bodies_file.read_bytes())
    message, payload, secret = stored["message"], stored["payload"], stored["secret"].encode()
    ids = itertools.count(1)
    clients: list[httpx.AsyncClient] = []

    async def deliver(body: bytes) -> None:
        if not clients:
            clients.append(httpx.AsyncClient(timeout=DEFAULT_TIMEOUT_S))
        stamp = str(int(time.time()))
        signature = hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-Chatwoot-Delivery": str(uuid.uuid4()),
            "X-Chatwoot-Timestamp": stamp,
            "X-Chatwoot-Signature": "sha256=" + signature,
        }
        await asyncio.gather(
            *(clients[0].post(url, content=body, headers=headers) for url in hooks), return_exceptions=True
        )

    async def profile(request: Request) -> Response:
        return Response(b"{}", media_type="application/json")

    async def create(request: Request) -> Response:
        orjson.loads(await request.body())
        number = next(ids)
        body = orjson.dumps({**payload, "id": number})
        return Response(
            orjson.dumps({**message, "id": number}),
            media_type="application/json",
            background=BackgroundTask(deliver, body),
        )

    app = Starlette(
        routes=[
            Route(PROFILE_PATH, profile),
            Route("/api/v1/accounts/1/conversations/{id:int}/messages", create, methods=["POST"]),
        ]
    )
    run_uvicorn(app, port)


# --------------------------------------------------------------------------- the load generator


@dataclass
class Tally:
    started: int = 0
    done: int = 0
    non200: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    socket_errors: int = 0
    latencies: list[float] = field(default_factory=list)


async def _load_connection(
    port: int, requests: list[bytes], deadline: float, count: int, progress: int, tally: Tally
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    clock = time.perf_counter
    errors_in_a_row = 0
    while clock() < deadline and (not count or tally.started < count) and errors_in_a_row < 50:
        request = requests[tally.started % len(requests)]
        tally.started += 1
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 5)
            assert reader is not None and writer is not None
            started = clock()
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 15)
            await asyncio.wait_for(reader.readexactly(_content_length(head)), 15)
            tally.latencies.append(clock() - started)
            status = int(head[9:12])
            tally.done += 1
            errors_in_a_row = 0
            if status != 200:
                tally.non200 += 1
                tally.statuses[status] += 1
            if progress and tally.done % progress == 0:
                print(f"P {tally.done} {now_ns()}", flush=True)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            tally.socket_errors += 1
            errors_in_a_row += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def _load(args: argparse.Namespace) -> dict[str, Any]:
    body = args.body.encode() if args.body is not None else b""
    requests = []
    for number in range(1, max(args.cycle, 1) + 1):  # `{id}` in the path: 1..cycle in turn
        lines = [f"{args.method} {args.path.format(id=number)} HTTP/1.1", f"Host: {HOST}:{args.port}"]
        lines.append(TOKEN_HEADER)
        if args.body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        requests.append(("\r\n".join([*lines, "", ""])).encode() + body)
    tally = Tally()
    if args.progress:
        print(f"S {now_ns()}", flush=True)
    started = time.perf_counter()
    deadline = started + min(args.duration or LOAD_MAX_S, LOAD_MAX_S)
    await asyncio.gather(
        *(
            _load_connection(args.port, requests, deadline, args.count, args.progress, tally)
            for _ in range(args.connections)
        )
    )
    elapsed = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    return {
        "requests": tally.done,
        "elapsed": elapsed,
        "non200": tally.non200,
        "statuses": {str(s): n for s, n in tally.statuses.most_common(5)},
        "socket_errors": tally.socket_errors,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def run_load_mode(args: argparse.Namespace) -> None:
    result = run_loop(_load(args))
    print("R " + json.dumps(result), flush=True)


# =========================================================================== the benchmark


# --------------------------------------------------------------------------- helpers


def fake_command(
    port: int, fixtures: Path, hooks: Sequence[str] = (), events: str = MESSAGE_CREATED
) -> list[str]:
    hook_args = [arg for url in hooks for arg in ("--hook", url)]
    return script_command(
        BENCH_FILE, "--serve-fake", "--port", port, "--fixtures", fixtures, "--events", events, *hook_args
    )


def reference_command(port: int, hooks: Sequence[str], bodies: Path) -> list[str]:
    hook_args = [arg for url in hooks for arg in ("--hook", url)]
    return script_command(BENCH_FILE, "--serve-reference", "--port", port, "--bodies", bodies, *hook_args)


def server_env(timeout_s: float) -> dict[str, str]:
    env = dict(os.environ)
    env["FAKEWOOT_WEBHOOK_TIMEOUT"] = f"{timeout_s:g}"
    return env


def request(
    port: int, method: str, path: str, body: bytes | None = None, timeout: float = 10.0
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=POST_HEADERS if body is not None else AUTH_HEADERS)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Receiver:
    def __init__(self, server: Server, dead_port: int) -> None:
        self.server = server
        self.port = server.port
        self.dead_port = dead_port

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def dead_url(self, path: str) -> str:
        return f"http://{HOST}:{self.dead_port}{path}"

    def stats(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(request(self.port, "GET", "/_bench/stats")[1])
        return found

    def count(self, prefix: str) -> int:
        return sum(n for path, n in self.stats()["counts"].items() if path.startswith(prefix))

    def arrivals(self) -> list[list[Any]]:
        found: list[list[Any]] = json.loads(request(self.port, "GET", "/_bench/arrivals")[1])["arrivals"]
        return found

    def wait_for(self, prefix: str, expected: int, max_wait: float) -> None:
        """Poll every 20 ms until `expected` POSTs under `prefix` arrived, at most `max_wait` s."""
        deadline = time.perf_counter() + max_wait
        while self.count(prefix) < expected and time.perf_counter() < deadline:
            time.sleep(0.02)


@contextlib.contextmanager
def spawn(name: str, command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[Server]:
    with serving(
        name, command, port, READY_TIMEOUT, headers=AUTH_HEADERS, poll_timeout=1.0, env=env
    ) as server:
        yield server


# --------------------------------------------------------------------------- phase 1: latency


@dataclass
class LatencyRound:
    samples_ms: list[float]
    sent: int
    missing: int
    errors: int
    early: int  # deliveries that arrived before the response did


def latency_round(
    server: Server, receiver: Receiver, prefix: str, targets: int, messages: int, ids: Iterator[int]
) -> LatencyRound:
    import orjson

    receiver.arrivals()  # forget what came before
    before = receiver.count(prefix)
    sent: dict[int, int] = {}
    errors = 0
    conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        for _ in range(messages):
            try:
                path = MESSAGES_PATH.format(id=next(ids))
                conn.request("POST", path, body=MESSAGE_BODY, headers=POST_HEADERS)
                response = conn.getresponse()
                data = response.read()
                at = now_ns()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
                continue
            if response.status != 200:
                errors += 1
            else:
                sent[orjson.loads(data)["id"]] = at
            time.sleep(SPACING_S)
    finally:
        conn.close()
    receiver.wait_for(prefix, before + len(sent) * targets, ARRIVAL_WAIT_S)
    samples = [
        (at - sent[mid]) / 1e6
        for path, at, mid, event in receiver.arrivals()
        if path.startswith(prefix) and event == MESSAGE_CREATED and mid in sent
    ]
    return LatencyRound(
        samples, len(sent), len(sent) * targets - len(samples), errors, sum(s < 0 for s in samples)
    )


@dataclass
class LatencyResults:
    p50: dict[str, list[float]] = field(default_factory=dict)  # label -> rounds
    p99: dict[str, list[float]] = field(default_factory=dict)
    max: dict[str, list[float]] = field(default_factory=dict)
    samples: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    early: Counter[str] = field(default_factory=Counter)
    connections: dict[str, int] = field(default_factory=dict)  # opened to the receiver, warm-up included


def capture_bodies(server: Server, path: Path) -> None:
    """One message create on fakewoot: its response and the message_created payload it delivered
    (from the control API's journal), for the reference."""
    import orjson

    path_1 = MESSAGES_PATH.format(id=1)
    status, data = request(server.port, "POST", path_1, MESSAGE_BODY)
    if status != 200:
        raise RuntimeError(f"fakewoot answered {status} on POST {path_1}: {data[:300]!r}")
    message = orjson.loads(data)
    wanted = orjson.dumps(
        {"event": MESSAGE_CREATED, "data": {"id": message["id"]}, "timeout": ARRIVAL_WAIT_S}
    )
    status, found = request(server.port, "POST", "/_fakewoot/webhooks/wait", wanted)
    if status != 200:
        raise RuntimeError(f"no message_created delivery in fakewoot's journal ({status}: {found[:300]!r})")
    payload = orjson.loads(orjson.loads(found)["body"])
    # the reference signs with a fixed secret: the cost is the same HMAC over the same bytes
    path.write_bytes(orjson.dumps({"message": message, "payload": payload, "secret": "bench-secret"}))


def run_latency(
    args: argparse.Namespace, receiver: Receiver, workdir: Path, env: dict[str, str]
) -> LatencyResults:
    results = LatencyResults()
    configs = {1: "1 target", 3: "3 targets"}
    bodies = workdir / "bodies.json"
    with ExitStack() as stack:
        servers: dict[tuple[str, int], tuple[Server, str]] = {}
        for targets in configs:
            prefix = f"/lat/fw{targets}/"
            hooks = [receiver.url(f"{prefix}{n}") for n in range(1, targets + 1)]
            port = free_port()
            server = stack.enter_context(
                spawn(f"fakewoot ({targets})", fake_command(port, args.fixture_dir, hooks), port, env)
            )
            servers[(FAKE, targets)] = (server, prefix)
        fw1 = servers[(FAKE, 1)][0]
        capture_bodies(fw1, bodies)
        for targets in configs:
            prefix = f"/lat/ref{targets}/"
            hooks = [receiver.url(f"{prefix}{n}") for n in range(1, targets + 1)]
            port = free_port()
            server = stack.enter_context(
                spawn(f"reference ({targets})", reference_command(port, hooks, bodies), port)
            )
            servers[(REFERENCE, targets)] = (server, prefix)
        labels = {key: f"{key[0]}, {configs[key[1]]}" for key in servers}
        ids = {key: itertools.cycle(range(1, CONVERSATIONS + 1)) for key in servers}
        print(f"latency: warming up ({args.warmup} messages per server) ...", flush=True)
        for (name, targets), (server, prefix) in servers.items():
            latency_round(server, receiver, prefix, targets, args.warmup, ids[(name, targets)])
        for number in range(args.rounds):
            # fakewoot first in odd rounds
            order = [FAKE, REFERENCE] if number % 2 == 0 else [REFERENCE, FAKE]
            line = [f"latency round {number + 1}/{args.rounds} ({order[0]} first), p50/p99 ms:"]
            for targets in configs:
                for name in order:
                    server, prefix = servers[(name, targets)]
                    one = latency_round(
                        server, receiver, prefix, targets, args.messages_per_round, ids[(name, targets)]
                    )
                    label = labels[(name, targets)]
                    results.p50.setdefault(label, []).append(percentile(one.samples_ms, 50))
                    results.p99.setdefault(label, []).append(percentile(one.samples_ms, 99))
                    results.max.setdefault(label, []).append(max(one.samples_ms, default=float("nan")))
                    results.samples[label] += len(one.samples_ms)
                    results.missing[label] += one.missing
                    results.errors[label] += one.errors
                    results.early[label] += one.early
                    line.append(
                        f"{name[:3]}{targets} {results.p50[label][-1]:.2f}/{results.p99[label][-1]:.2f};"
                    )
            print(" ".join(line), flush=True)
        opened = receiver.stats()["connections"]
        for key, (_, prefix) in servers.items():
            results.connections[labels[key]] = opened.get(prefix, 0)
    return results


# --------------------------------------------------------------------------- phase 2: throughput


@dataclass
class Load:
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


def load_command(
    port: int, method: str, path: str, *, duration: float = 0.0, count: int = 0, progress: int = 0
) -> list[str]:
    cmd = script_command(
        BENCH_FILE,
        "--load",
        "--port",
        port,
        "--method",
        method,
        "--path",
        path,
        "--connections",
        CONNECTIONS,
        "--duration",
        duration,
        "--count",
        count,
        "--progress",
        progress,
    )
    if method == "POST":
        cmd += ["--body", MESSAGE_BODY.decode(), "--cycle", str(CONVERSATIONS)]
    return cmd


def run_load(port: int, method: str, path: str, duration: float) -> Load:
    code, out, err = run_bounded(load_command(port, method, path, duration=duration), timeout=duration + 30)
    line = next((ln for ln in out.decode().splitlines() if ln.startswith("R ")), None)
    if code != 0 or line is None:
        raise RuntimeError(f"load generator failed ({code}): {err.decode(errors='replace')[-1000:]}")
    return Load(**json.loads(line[2:]))


NONE = "0 webhooks"
THREE = "3 webhooks"
ENDPOINTS = (
    ("POST", MESSAGES_PATH, "POST .../conversations/{id}/messages"),
    ("GET", PROFILE_PATH, "GET /api/v1/profile"),
)


@dataclass
class ThroughputResults:
    rps: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # endpoint -> server -> rounds
    ratio: dict[str, list[float]] = field(default_factory=dict)
    p50_ms: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    cpu_us: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # server CPU per request
    receiver_cpu_us: list[float] = field(default_factory=list)  # per delivery
    non200: Counter[str] = field(default_factory=Counter)
    socket_errors: Counter[str] = field(default_factory=Counter)
    posts: int = 0  # message creates answered 200 by the 3-webhook server
    delivered: int = 0  # deliveries its receivers got
    drain_s: list[float] = field(default_factory=list)  # after a POST run: until nothing was pending
    states: dict[str, int] = field(default_factory=dict)
    connections: int = 0  # connections the 3-webhook server opened to its receivers


def journal_states(port: int) -> dict[str, int]:
    import orjson

    status, data = request(port, "GET", "/_fakewoot/webhooks?body=0", timeout=30)
    if status != 200:
        return {}
    found: Counter[str] = Counter()
    for row in orjson.loads(data):
        state = row.get("state")
        error = row.get("error") or ""
        if state == "failed":
            state = "failed (queue full)" if "waiting for this target" in error else f"failed ({error[:30]})"
        found[state] += 1
    return dict(found)


def pending(port: int) -> int:
    """Deliveries fakewoot's journal shows as queued or being sent (-1 when it cannot be read)."""
    import orjson

    count = 0
    for state in ("queued", "sending"):
        status, data = request(port, "GET", f"/_fakewoot/webhooks?state={state}&body=0", timeout=30)
        if status != 200:
            return -1
        count += len(orjson.loads(data))
    return count


def drain(port: int, max_wait: float) -> float:
    """Wait (polling every 0.2 s) until fakewoot has no delivery queued or being sent, at most
    `max_wait` s, so that its backlog does not steal the CPU from the next measurement. Returns the
    seconds waited."""
    started = time.perf_counter()
    while pending(port) > 0 and time.perf_counter() - started < max_wait:
        time.sleep(0.2)
    return time.perf_counter() - started


def run_throughput(args: argparse.Namespace, receiver: Receiver, env: dict[str, str]) -> ThroughputResults:
    results = ThroughputResults()
    for _, _, label in ENDPOINTS:
        results.rps[label] = {NONE: [], THREE: []}
        results.p50_ms[label] = {NONE: [], THREE: []}
        results.cpu_us[label] = {NONE: [], THREE: []}
        results.ratio[label] = []
    prefix = "/tp/"
    hooks = [receiver.url(f"{prefix}{n}") for n in range(1, 4)]
    with ExitStack() as stack:
        servers: dict[str, Server] = {}
        for name, wanted in ((NONE, []), (THREE, hooks)):
            port = free_port()
            servers[name] = stack.enter_context(
                spawn(f"fakewoot ({name})", fake_command(port, args.fixture_dir, wanted, "all"), port, env)
            )

        def measure(name: str, method: str, path: str, duration: float) -> tuple[Load, float, float]:
            server = servers[name]
            cpu0, rcpu0 = cpu_seconds(server.proc.pid), cpu_seconds(receiver.server.proc.pid)
            load = run_load(server.port, method, path, duration)
            cpu = cpu_seconds(server.proc.pid) - cpu0
            if name == THREE and method == "POST":
                results.posts += load.requests - load.non200
                results.drain_s.append(drain(server.port, DRAIN_WAIT_S))
                results.delivered = receiver.count(prefix)
            rcpu = cpu_seconds(receiver.server.proc.pid) - rcpu0
            return load, cpu, rcpu

        warmup = min(1.0, args.duration)
        print(f"throughput: warming up ({warmup:g} s per server and endpoint) ...", flush=True)
        for method, path, _ in ENDPOINTS:
            for name in servers:
                measure(name, method, path, warmup)
        for number in range(args.rounds):
            order = [NONE, THREE] if number % 2 == 0 else [THREE, NONE]
            line = [f"throughput round {number + 1}/{args.rounds} ({order[0]} first), req/s:"]
            for method, path, label in ENDPOINTS:
                by_server: dict[str, Load] = {}
                for name in order:
                    load, cpu, rcpu = measure(name, method, path, args.duration)
                    by_server[name] = load
                    results.rps[label][name].append(load.rps)
                    results.p50_ms[label][name].append(load.p50_ms)
                    results.cpu_us[label][name].append(cpu / max(load.requests, 1) * 1e6)
                    results.non200[name] += load.non200
                    results.socket_errors[name] += load.socket_errors
                    if name == THREE and method == "POST" and load.requests:
                        results.receiver_cpu_us.append(rcpu / max(3 * load.requests, 1) * 1e6)
                none, three = by_server[NONE].rps, by_server[THREE].rps
                results.ratio[label].append(three / none if none else float("nan"))
                line.append(f"{method} {none:,.0f} vs {three:,.0f};")
            print(" ".join(line), flush=True)
        results.states = journal_states(servers[THREE].port)
        results.connections = receiver.stats()["connections"].get(prefix, 0)
    return results


# --------------------------------------------------------------------------- phase 3: dead receiver


@dataclass
class DeadRun:
    rss_start: int = 0
    milestones: list[tuple[int, int, float]] = field(default_factory=list)  # (messages, rss, seconds)
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, rss)
    rss_after: int = 0
    load: Load | None = None
    quarter_rps: list[float] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)
    cpu_s: float = 0.0
    sys_s: float = 0.0  # the kernel's part of cpu_s

    @property
    def rps(self) -> float:
        return med(self.quarter_rps)


class RssSampler:
    """A thread reading a process's VmRSS every RSS_EVERY_S (at most MAX_RSS_SAMPLES times)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[tuple[float, int]] = []
        self.stop = threading.Event()
        self.started = time.perf_counter()
        self.thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)

    def _run(self) -> None:
        for _ in range(MAX_RSS_SAMPLES):
            with contextlib.suppress(OSError, RuntimeError):
                self.samples.append((time.perf_counter() - self.started, rss_bytes(self.pid)))
            if self.stop.wait(RSS_EVERY_S):
                return

    def __enter__(self) -> RssSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def dead_run(server: Server, messages: int) -> DeadRun:
    import tempfile

    run = DeadRun()
    quarter = max(messages // 4, 1)
    pid = server.proc.pid
    with RssSampler(pid) as sampler, tempfile.TemporaryFile() as stderr:
        time.sleep(IDLE_S)
        run.rss_start = rss_bytes(pid)
        cpu0, sys0 = cpu_seconds(pid), sys_seconds(pid)
        cmd = load_command(server.port, "POST", MESSAGES_PATH, count=messages, progress=quarter)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
        start_ns = 0
        result = None
        try:
            assert proc.stdout is not None
            for raw in proc.stdout:  # bounded: the load process stops after `messages` or LOAD_MAX_S
                kind, _, rest = raw.decode().strip().partition(" ")
                if kind == "S":
                    start_ns = int(rest)
                    run.milestones.append((0, run.rss_start, 0.0))
                elif kind == "P":
                    done, at = rest.split()
                    run.milestones.append((int(done), rss_bytes(pid), (int(at) - start_ns) / 1e9))
                elif kind == "R":
                    result = json.loads(rest)
            proc.wait(timeout=30)
        finally:
            stop_process(proc)
            if proc.stdout is not None:
                proc.stdout.close()
        if result is None:
            stderr.seek(0)
            text = stderr.read().decode(errors="replace")
            raise RuntimeError(f"load generator failed ({proc.returncode}): {text[-1000:]}")
        run.load = Load(**result)
        run.cpu_s = cpu_seconds(pid) - cpu0
        run.sys_s = sys_seconds(pid) - sys0
        time.sleep(AFTER_S)
        run.rss_after = rss_bytes(pid)
        run.samples = list(sampler.samples)
    times = [t for _, _, t in run.milestones]
    run.quarter_rps = [quarter / (b - a) for a, b in itertools.pairwise(times) if b > a]
    run.states = journal_states(server.port)
    return run


@dataclass
class DeadResults:
    messages: int
    control: DeadRun = field(default_factory=DeadRun)
    dead: DeadRun = field(default_factory=DeadRun)
    receiver: dict[str, Any] = field(default_factory=dict)


def run_dead(args: argparse.Namespace, receiver: Receiver, env: dict[str, str]) -> DeadResults:
    results = DeadResults(messages=args.dead_messages)
    hooks = [receiver.dead_url(f"/dead/{n}") for n in range(1, 4)]
    for _name, wanted in ((NONE, []), (THREE, hooks)):
        port = free_port()
        label = "dead receiver" if wanted else "control"
        print(
            f"dead receiver: {args.dead_messages:,} message creates on a fresh fakewoot ({label}) ...",
            flush=True,
        )
        with spawn(
            f"fakewoot ({label})", fake_command(port, args.fixture_dir, wanted, "all"), port, env
        ) as server:
            run = dead_run(server, args.dead_messages)
        if wanted:
            results.dead = run
        else:
            results.control = run
        rss = ", ".join(f"{m:,}: {r / 2**20:.1f}" for m, r, _ in run.milestones)
        after = run.rss_after / 2**20
        print(f"  RSS MiB by messages: {rss}; +{AFTER_S:g} s: {after:.1f}; {run.rps:,.0f} req/s", flush=True)
        every = " ".join(f"{r / 2**20:.0f}" for _, r in run.samples)
        print(f"  RSS MiB every {RSS_EVERY_S:g} s (idle, load, {AFTER_S:g} s after): {every}", flush=True)
    results.receiver = receiver.stats()
    return results


# --------------------------------------------------------------------------- report


TABLE = Table((34, "<"), (10, ">"), (10, ">"), (8, ">"), (7, ">"), (16, ">"), (10, ">"), (5, ">"))
row = TABLE.row


def slope_kib(points: Sequence[tuple[int, int, float]]) -> float:
    """Least-squares slope of RSS over messages, in KiB per 1,000 messages."""
    if len(points) < 2:
        return float("nan")
    xs = [float(m) for m, _, _ in points]
    ys = [r / 1024 for _, r, _ in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if not den:
        return float("nan")
    return float(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den * 1000)


def half_growth(run: DeadRun) -> float:
    """RSS growth (MiB) from the middle milestone to the last."""
    if len(run.milestones) < 3:
        return float("nan")
    middle = run.milestones[len(run.milestones) // 2]
    return (run.milestones[-1][1] - middle[1]) / 2**20


def report(args: argparse.Namespace, lat: LatencyResults, tp: ThroughputResults, dead: DeadResults) -> bool:
    all_ok = True
    print()
    print(
        f"fakewoot webhooks benchmark: {args.rounds} round(s); every number is the median of its rounds "
        f"unless said otherwise"
    )
    print(f"  machine: {machine()}; load generator: bench/webhooks.py --load ({CONNECTIONS} connections)")
    print(f"  delivery timeout (FAKEWOOT_WEBHOOK_TIMEOUT): {args.webhook_timeout:g} s")
    print()
    print(row("delivery latency (ms)", "p50", "p99", "max", "spread", "samples/missing", "target"))
    print(TABLE.rule)
    for label in lat.p50:
        p99 = med(lat.p99[label])
        is_fake = label.startswith(FAKE)
        ok = p99 <= TARGET_P99_MS and lat.missing[label] == 0 and lat.errors[label] == 0
        if is_fake:
            all_ok &= ok
        print(
            row(
                label,
                f"{med(lat.p50[label]):.2f}",
                f"{p99:.2f}",
                f"{med(lat.max[label]):.1f}",
                spread(lat.p99[label]),
                f"{lat.samples[label]}/{lat.missing[label]}",
                f"p99 <= {TARGET_P99_MS:g}" if is_fake else "(context)",
                verdict(ok) if is_fake else "",
            )
        )
    early = ", ".join(f"{label}: {n}" for label, n in lat.early.items())
    print(f"  deliveries that arrived before their response (negative latency): {early}")
    opened = ", ".join(f"{label}: {n}" for label, n in lat.connections.items())
    print(f"  connections opened to the receiver (all latency rounds and warm-up): {opened}")
    errors = sum(lat.errors.values())
    if errors:
        print(f"  latency rounds: {errors} failed message create(s)")
    print()
    print(row("API throughput (req/s)", NONE, THREE, "ratio", "spread", "CPU us/req 0/3", "target"))
    print(TABLE.rule)
    tp_errors = sum(tp.non200.values()) + sum(tp.socket_errors.values())
    for _, _, label in ENDPOINTS:
        ratio = med(tp.ratio[label])
        ok = ratio >= TARGET_THROUGHPUT_RATIO and tp_errors == 0
        all_ok &= ok
        cpu = f"{med(tp.cpu_us[label][NONE]):.0f}/{med(tp.cpu_us[label][THREE]):.0f}"
        print(
            row(
                label,
                f"{med(tp.rps[label][NONE]):,.0f}",
                f"{med(tp.rps[label][THREE]):,.0f}",
                f"{ratio:.3f}",
                spread(tp.ratio[label]),
                cpu,
                f">= {TARGET_THROUGHPUT_RATIO:.2f}",
                verdict(ok),
            )
        )
    post = ENDPOINTS[0][2]
    p50 = tp.p50_ms[post]
    cpu_none, cpu_three = med(tp.cpu_us[post][NONE]), med(tp.cpu_us[post][THREE])
    print(
        f"  CPU-bound estimate of the creates' ratio (server CPU/req, 0 / 3 webhooks): "
        f"{cpu_none / cpu_three if cpu_three else float('nan'):.3f}"
    )
    print(
        f"  creates p50 at {CONNECTIONS} connections: {med(p50[NONE]):.2f} ms (0) / {med(p50[THREE]):.2f} ms "
        f"(3); non-200 {sum(tp.non200.values())}, socket errors {sum(tp.socket_errors.values())}"
    )
    expected = 3 * tp.posts
    share = tp.delivered / expected if expected else 0.0
    print(
        f"  3-webhook server: {tp.posts:,} creates (warm-up included) -> {tp.delivered:,} deliveries "
        f"received, {share:.1%} of 3 per create;\n  after each POST run fakewoot's delivery queues "
        f"emptied in {med(tp.drain_s):.2f} s (median; max {max(tp.drain_s, default=0):.2f} "
        f"s, cap {DRAIN_WAIT_S:g} s); receiver CPU {med(tp.receiver_cpu_us):.0f} us per delivery"
    )
    per_connection = tp.delivered / max(tp.connections, 1)
    print(
        f"  its delivery journal at the end (last {sum(tp.states.values()):,}): {tp.states};\n"
        f"  {tp.connections:,} connections opened to the receivers ({per_connection:.1f} deliveries per "
        "connection)"
    )
    print()
    control, deadrun = dead.control, dead.dead
    print(row(f"dead receiver, {dead.messages:,} messages", "control", "3 dead", "ratio", "", "", "target"))
    print(TABLE.rule)
    milestones = [m for m, _, _ in deadrun.milestones]
    for index, messages in enumerate(milestones):
        c = control.milestones[index][1] / 2**20 if index < len(control.milestones) else float("nan")
        d = deadrun.milestones[index][1] / 2**20
        label = "RSS at start (MiB)" if messages == 0 else f"RSS after {messages:,} (MiB)"
        print(row(label, f"{c:.1f}", f"{d:.1f}"))
    print(
        row(
            f"RSS {AFTER_S:g} s after the last (MiB)",
            f"{control.rss_after / 2**20:.1f}",
            f"{deadrun.rss_after / 2**20:.1f}",
        )
    )
    print(
        row(
            "slope (KiB / 1,000 messages)",
            f"{slope_kib(control.milestones):,.0f}",
            f"{slope_kib(deadrun.milestones):,.0f}",
        )
    )
    extra = half_growth(deadrun) - half_growth(control)
    ok = extra <= TARGET_FLAT_MIB
    all_ok &= ok
    print(
        row(
            "growth 2nd half (MiB), dead-control",
            f"{half_growth(control):.1f}",
            f"{half_growth(deadrun):.1f}",
            f"{extra:+.1f}",
            "",
            "",
            f"<= {TARGET_FLAT_MIB:g} MiB",
            verdict(ok),
        )
    )
    dead_errors = 0
    for run in (control, deadrun):
        if run.load is not None:
            dead_errors += run.load.non200 + run.load.socket_errors
    ratio = deadrun.rps / control.rps if control.rps else float("nan")
    ok = ratio >= TARGET_DEAD_RATIO and dead_errors == 0
    all_ok &= ok
    quarter_ratios = [d / c for d, c in zip(deadrun.quarter_rps, control.quarter_rps, strict=False) if c]
    quarters = spread(quarter_ratios)
    print(
        row(
            "message creates (req/s, quarters)",
            f"{control.rps:,.0f}",
            f"{deadrun.rps:,.0f}",
            f"{ratio:.3f}",
            quarters,
            "",
            f">= {TARGET_DEAD_RATIO:.2f}",
            verdict(ok),
        )
    )
    normal = med(tp.rps[ENDPOINTS[0][2]][NONE])
    print(
        row(
            "  vs the 0-webhook rate of phase 2",
            f"{normal:,.0f}",
            f"{deadrun.rps:,.0f}",
            f"{deadrun.rps / normal if normal else float('nan'):.3f}",
            "",
            "",
            "(context)",
        )
    )
    cpu_us = [
        f"{r.cpu_s / dead.messages * 1e6:.0f}/{r.sys_s / dead.messages * 1e6:.0f}" for r in (control, deadrun)
    ]
    print(row("  server CPU/message, all/sys (us)", *cpu_us, "", "", "", "(context)"))
    quarters_text = " / ".join(
        f"{c:,.0f}-{d:,.0f}" for c, d in zip(control.quarter_rps, deadrun.quarter_rps, strict=False)
    )
    print(f"  req/s per quarter, control-dead: {quarters_text}")
    print(f"  dead run's journal (last {sum(deadrun.states.values()):,}): {deadrun.states}")
    print(
        f"  dead socket: {dead.receiver.get('dead_connections')} connection(s) accepted, "
        f"{dead.receiver.get('dead_open')} still open, {dead.receiver.get('dead_bytes', 0):,} bytes read; "
        f"load errors: {dead_errors}"
    )
    print(
        "latency = the delivery's arrival at the receiver - its response's arrival at the client (one\n"
        "CLOCK_MONOTONIC); negative when the delivery lands first. spread = ±half the min-max range of the\n"
        "rounds over their median. ratio = median of per-round 3-webhook / 0-webhook req/s (order\n"
        "alternating). Dead phase: one run per server; req/s = median of the four quarters' rates."
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot outgoing-webhook benchmark (see bench/README.md)")
    parser.add_argument("--rounds", type=int, help="rounds (default 5; quick 3)")
    parser.add_argument(
        "--duration", type=float, help="seconds per throughput measurement (default 3; quick 1)"
    )
    parser.add_argument(
        "--messages", type=int, dest="dead_messages", help="dead-receiver messages (default 10000)"
    )
    parser.add_argument(
        "--webhook-timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help="FAKEWOOT_WEBHOOK_TIMEOUT (default 5)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="3 rounds, 1 s throughput runs, 50 messages per latency round"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    # internal modes
    for flag in ("--serve-fake", "--serve-reference", "--receiver", "--load"):
        parser.add_argument(flag, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dead-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--hook", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--events", default=MESSAGE_CREATED, help=argparse.SUPPRESS)
    parser.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fixtures", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cycle", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="GET", help=argparse.SUPPRESS)
    parser.add_argument("--path", default=PROFILE_PATH, help=argparse.SUPPRESS)
    parser.add_argument("--body", help=argparse.SUPPRESS)
    parser.add_argument("--connections", type=int, default=CONNECTIONS, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.internal = args.serve_fake or args.serve_reference or args.receiver or args.load
    if args.internal:
        if args.port is None:
            parser.error("internal modes need --port")
        return args
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.duration = args.duration if args.duration is not None else (1.0 if args.quick else 3.0)
    args.dead_messages = args.dead_messages if args.dead_messages is not None else 10_000
    args.messages_per_round = 50 if args.quick else 100
    args.warmup = 20
    if args.rounds < 1 or not 0.2 <= args.duration <= 60 or not 100 <= args.dead_messages <= 100_000:
        parser.error("--rounds >= 1, --duration 0.2..60 s, --messages 100..100000")
    if not 0 < args.webhook_timeout <= 60:
        parser.error("--webhook-timeout must be in (0, 60]")
    return args


def expected_seconds(args: argparse.Namespace) -> float:
    """A generous estimate of a run's length on a slow 2-core machine (the watchdog allows twice this)."""
    latency = (
        4 * (args.warmup + args.rounds * args.messages_per_round) * (SPACING_S + 0.01) + 4 * args.rounds * 1
    )
    throughput = 2 * 2 * (1 + 1.5) + args.rounds * 2 * 2 * (args.duration + 1.5) + args.rounds * DRAIN_WAIT_S
    dead = 2 * (5 + IDLE_S + args.dead_messages / 300 + AFTER_S)
    return float(30 + latency + throughput + dead)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_fake:
        serve_fake(args.port, args.fixtures, args.hook, args.events)
        return 0
    if args.serve_reference:
        serve_reference(args.port, args.hook, args.bodies)
        return 0
    if args.receiver:
        serve_receiver(args.port, args.dead_port)
        return 0
    if args.load:
        run_load_mode(args)
        return 0
    watchdog = 2 * expected_seconds(args)
    with guarded_run(watchdog, "fakewoot-bench-webhooks-") as workdir:
        env = server_env(args.webhook_timeout)
        args.fixture_dir = write_fixtures(workdir / "fixtures", fixture_yaml())
        port, dead_port = free_port(), free_port()
        command = script_command(BENCH_FILE, "--receiver", "--port", port, "--dead-port", dead_port)
        with spawn("receiver", command, port) as receiver_server:
            receiver = Receiver(receiver_server, dead_port)
            started = time.perf_counter()
            lat = run_latency(args, receiver, workdir, env)
            tp = run_throughput(args, receiver, env)
            dead = run_dead(args, receiver, env)
            elapsed = time.perf_counter() - started
        ok = report(args, lat, tp, dead)
        print(f"(ran {elapsed:.0f} s)")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
