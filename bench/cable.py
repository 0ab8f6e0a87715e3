"""fakewoot /cable benchmark: fan-out latency of one event to N subscribed WebSockets, memory per idle
connection, and the CPU cost of the server's 3 s ActionCable pings.

    python bench/cable.py [--connections N] [--rounds R] [--quick] [--check]

One account with an administrator and N generated agents (`generate:` in a temporary fixture set),
served by `python -m fakewoot serve`, and a bare Starlette WebSocket baseline on uvicorn; N client
WebSockets to each (one subscription per socket, one agent per socket) from a separate load process
(the `websockets` library on asyncio). See bench/README.md ("/cable fan-out") for what is measured.
Every number printed is the median over the rounds it was measured in. Only 127.0.0.1 is used;
every subprocess is killed on the way out.

`python bench/cable.py --serve-baseline --port P` is the baseline server and
`python bench/cable.py --load ...` the load process (both spawned by the benchmark).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    ADMIN_USER_YAML,
    BASELINE,
    FAKEWOOT,
    HOST,
    JSON_HEADERS,
    READY_PATH,
    SERVERS,
    Table,
    cpu_seconds,
    fakewoot_command,
    free_port,
    guarded_run,
    http_get,
    machine,
    med,
    percentile,
    round_order,
    rss_bytes,
    run_bounded,
    run_uvicorn,
    script_command,
    serving,
    spread,
    verdict,
    write_fixtures,
)

SUBPROTOCOL = "actioncable-v1-json"
CHANNEL = "RoomChannel"
ACCOUNT_ID = 1
PING_INTERVAL_S = 3.0  # fakewoot.cable.protocol.PING_INTERVAL_SECONDS

EVENTS_PER_ROUND = 5  # contact.created fan-outs per server and round
EVENT_GAP_S = 0.1  # pause between two events
EVENT_TIMEOUT_S = 5.0  # a socket without the frame by then counts as a missed delivery
HANDSHAKE_TIMEOUT_S = 10.0  # connect + welcome + subscribe + confirm (+ presence) per socket
CONNECT_CONCURRENCY = 64  # handshakes in flight at once
WARMUP_SOCKETS = 10
SETTLE_S = 1.0  # after opening the N sockets, before reading RSS
IDLE_WINDOW_S = 9.0  # CPU window: 3 ping rounds (6 s with --quick)
READY_TIMEOUT_S = 60.0

TARGET_P99_MS = 100.0

BENCH_FILE = Path(__file__).resolve()


# --------------------------------------------------------------------------- fixtures and identifiers


def fixture_yaml(users: int) -> str:
    return f"""# written by bench/cable.py
accounts:
  - {{id: {ACCOUNT_ID}, name: Bench}}
{ADMIN_USER_YAML}generate:
  - {{table: users, account_id: {ACCOUNT_ID}, count: {users}, seed: 1, role: agent}}
"""


def identifier(pubsub_token: str, user_id: int) -> str:
    return json.dumps(
        {"channel": CHANNEL, "pubsub_token": pubsub_token, "account_id": ACCOUNT_ID, "user_id": user_id}
    )


def fetch_profile(port: int) -> dict[str, Any]:
    status, body = http_get(port, READY_PATH, JSON_HEADERS, timeout=10)
    if status != 200:
        raise RuntimeError(f"fakewoot answered {status} on GET {READY_PATH}: {body[:300]!r}")
    profile: dict[str, Any] = json.loads(body)
    return profile


def build_identifiers(fixtures: Path, count: int, admin: dict[str, Any]) -> tuple[list[str], str]:
    """One identifier per socket, each for its own generated agent. fakewoot's tokens are seeded, so the
    same fixture set loaded here gives the server's pubsub tokens; the admin's (from GET /profile) is
    the check. Should they ever differ, every socket subscribes with the admin's own token instead
    (still N subscriptions, but each subscribe then sends presence.update to all earlier sockets)."""
    from fakewoot import FakeChatwoot

    fake = FakeChatwoot(fixtures=fixtures)
    users = fake.store.state.users
    local_admin = users.get(admin["id"])
    agents = sorted((u for u in users.values() if u.id != admin["id"]), key=lambda u: u.id)[:count]
    if local_admin is not None and local_admin.pubsub_token == admin["pubsub_token"] and len(agents) == count:
        return [identifier(u.pubsub_token, u.id) for u in agents], f"{count} generated agents, one per socket"
    shared = identifier(admin["pubsub_token"], admin["id"])
    return [shared] * count, "the admin's own pubsub token on every socket (agents' tokens not reproducible)"


# --------------------------------------------------------------------------- the baseline server


def serve_baseline(port: int) -> None:
    """A bare Starlette app on uvicorn (`fakewoot serve`'s options): /cable accepts a socket (with the
    ActionCable subprotocol when offered), sends welcome and confirms each subscribe; POST /fire sends
    `{"identifier": ..., "message": <request body>}` to every subscribed socket, one await per socket.
    GET /api/v1/profile answers 200 (the readiness poll)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    subscribed: dict[int, tuple[WebSocket, str]] = {}

    async def cable(ws: WebSocket) -> None:
        offered = ws.scope.get("subprotocols") or []
        await ws.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
        await ws.send_text('{"type":"welcome"}')
        key = id(ws)
        try:
            while True:
                command = json.loads(await ws.receive_text())
                if command.get("command") == "subscribe":
                    ident = command["identifier"]
                    subscribed[key] = (ws, '{"identifier":' + json.dumps(ident) + ',"message":')
                    await ws.send_text(json.dumps({"identifier": ident, "type": "confirm_subscription"}))
        except WebSocketDisconnect:
            pass
        finally:
            subscribed.pop(key, None)

    async def fire(request: Request) -> Response:
        message = (await request.body()).decode()
        sent = 0
        for ws, prefix in list(subscribed.values()):
            try:
                await ws.send_text(prefix + message + "}")
                sent += 1
            except Exception:  # a socket that went away
                continue
        return Response(json.dumps({"sent": sent}), media_type="application/json")

    async def ready(request: Request) -> Response:
        return Response(b"{}", media_type="application/json")

    routes = [WebSocketRoute("/cable", cable), Route("/fire", fire, methods=["POST"])]
    run_uvicorn(Starlette(routes=[*routes, Route(READY_PATH, ready)]), port)


def baseline_command(port: int) -> list[str]:
    return script_command(BENCH_FILE, "--serve-baseline", "--port", port)


# --------------------------------------------------------------------------- the load process


def raise_fd_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        new = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Target:
    name: str
    port: int
    pid: int
    presence: bool  # fakewoot sends presence.update after confirm_subscription

    @property
    def url(self) -> str:
        return f"ws://{HOST}:{self.port}/cable"


class Group:
    """Subscribed sockets to one server, each with a reader task that timestamps the frame carrying the
    current event's marker (a plain substring test: no JSON parsing on the hot path)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.sockets: list[Any] = []
        self.readers: list[asyncio.Task[None]] = []
        self.handshake_errors = 0
        self.closed = 0  # sockets the server closed during the run
        self.marker: str | None = None
        self.times: list[float | None] = []
        self.count = 0
        self.done = asyncio.Event()
        self.captured: str | None = None

    def arm(self, marker: str) -> None:
        self.times = [None] * len(self.sockets)
        self.count = 0
        self.done = asyncio.Event()
        self.marker = marker

    async def read(self, index: int, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        clock = time.perf_counter
        try:
            async for message in ws:
                marker = self.marker
                if marker is None or not isinstance(message, str) or marker not in message:
                    continue
                if self.times[index] is None:
                    self.times[index] = clock()
                    self.count += 1
                    if index == 0:  # the first identifier's frame: the baseline's template
                        self.captured = message
                    if self.count >= len(self.sockets):
                        self.done.set()
        except ConnectionClosed:
            self.closed += 1

    async def close(self) -> None:
        if self.sockets:
            closing = asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
            try:
                await asyncio.wait_for(closing, timeout=15)
            except TimeoutError:
                for ws in self.sockets:
                    ws.transport.abort()
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        self.readers.clear()


async def handshake(target: Target, ident: str, compression: str | None) -> Any:
    """Connect, read welcome, subscribe, wait for confirm_subscription (and fakewoot's presence.update)."""
    from websockets.asyncio.client import connect

    ws = await connect(
        target.url,
        subprotocols=[SUBPROTOCOL],  # type: ignore[list-item]
        compression=compression,
        ping_interval=None,  # no client keepalive pings: only the server's pings cost server CPU
        max_size=None,
        open_timeout=HANDSHAKE_TIMEOUT_S,
        close_timeout=2,
    )
    try:
        async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
            welcome = json.loads(await ws.recv())
            if welcome.get("type") != "welcome":
                raise RuntimeError(f"expected welcome, got {welcome}")
            await ws.send(json.dumps({"command": "subscribe", "identifier": ident}))
            confirmed = False
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") == "confirm_subscription" and frame.get("identifier") == ident:
                    confirmed = True
                    if not target.presence:
                        return ws
                elif frame.get("type") == "reject_subscription":
                    raise RuntimeError("subscription rejected")
                elif confirmed and (frame.get("message") or {}).get("event") == "presence.update":
                    return ws
    except BaseException:
        ws.transport.abort()
        raise


async def open_group(target: Target, identifiers: Sequence[str], compression: str | None) -> Group:
    group = Group(target)
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(ident: str) -> Any:
        async with gate:
            return await handshake(target, ident, compression)

    results = await asyncio.gather(*(one(ident) for ident in identifiers), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            group.handshake_errors += 1
            if group.handshake_errors == 1:
                progress(f"  {target.name}: handshake failed: {result!r}")
        else:
            group.sockets.append(result)
    group.readers = [asyncio.create_task(group.read(i, ws)) for i, ws in enumerate(group.sockets)]
    return group


async def http_post(port: int, path: str, body: bytes, headers: dict[str, str]) -> int:
    """One POST on a fresh connection (Connection: close); returns the status (0 on a socket error)."""
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        return 0
    try:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n{head}\r\n".encode()
            + body
        )
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()
        parts = status_line.split()
        return int(parts[1]) if len(parts) > 1 else 0
    except (OSError, ValueError):
        return 0
    finally:
        writer.close()


def event_marker(tag: str) -> str:
    return f"cblmk{tag}q"  # fixed shape: never a substring of another event's marker


@dataclass
class Fired:
    latencies_ms: list[float]
    missed: int
    status: int
    server_cpu_ms: float
    client_cpu_ms: float


async def fire(group: Group, marker: str, message_template: str | None, template_marker: str) -> Fired:
    """Trigger one event and wait until every socket has the frame with `marker` (or the timeout).
    fakewoot: POST a contact (-> contact.created on account_1); baseline: POST /fire with the captured
    message, the warm-up marker replaced by this one."""
    target = group.target
    if target.name == FAKEWOOT:
        path = f"/api/v1/accounts/{ACCOUNT_ID}/contacts"
        body = json.dumps({"name": f"Cable {marker}", "email": f"{marker}@x.test"}).encode()
        headers = JSON_HEADERS
    else:
        assert message_template is not None
        path, body = "/fire", message_template.replace(template_marker, marker).encode()
        headers = {"Content-Type": "application/json"}
    group.arm(marker)
    cpu0, client0 = cpu_seconds(target.pid), time.process_time()
    t0 = time.perf_counter()
    post = asyncio.create_task(http_post(target.port, path, body, headers))
    try:
        async with asyncio.timeout(EVENT_TIMEOUT_S):
            await group.done.wait()
    except TimeoutError:
        pass
    try:
        status = await asyncio.wait_for(post, timeout=EVENT_TIMEOUT_S)
    except TimeoutError:
        status = 0
    client_cpu = time.process_time() - client0
    server_cpu = cpu_seconds(target.pid) - cpu0
    group.marker = None
    latencies = [(t - t0) * 1000 for t in group.times if t is not None]
    return Fired(latencies, len(group.times) - len(latencies), status, server_cpu * 1000, client_cpu * 1000)


async def idle_cpu(targets: Sequence[Target], seconds: float) -> dict[str, float]:
    """Server CPU ms per wall second over an idle window (the load process keeps reading pings)."""
    before = {t.name: cpu_seconds(t.pid) for t in targets}
    started = time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - started
    return {t.name: (cpu_seconds(t.pid) - before[t.name]) * 1000 / elapsed for t in targets}


def extract_message(frame: str, ident: str) -> str:
    """The `message` JSON text of a broadcast frame, as fakewoot encoded it."""
    prefix = '{"identifier":' + json.dumps(ident, ensure_ascii=False) + ',"message":'
    if frame.startswith(prefix) and frame.endswith("}"):
        return frame[len(prefix) : -1]
    return json.dumps(json.loads(frame)["message"], separators=(",", ":"), ensure_ascii=False)


async def run_load(args: argparse.Namespace) -> dict[str, Any]:
    identifiers: list[str] = json.loads(Path(args.identifiers).read_text())
    compression = None if args.compression == "none" else "deflate"
    targets = {
        FAKEWOOT: Target(FAKEWOOT, args.fake_port, args.fake_pid, presence=True),
        BASELINE: Target(BASELINE, args.base_port, args.base_pid, presence=False),
    }
    out: dict[str, Any] = {
        "handshake_errors": {n: 0 for n in SERVERS},
        "missed": {n: 0 for n in SERVERS},
        "bad_status": {n: 0 for n in SERVERS},
        "closed": {n: 0 for n in SERVERS},
        "p50": {n: [] for n in SERVERS},
        "p99": {n: [] for n in SERVERS},
        "max": {n: [] for n in SERVERS},
        "server_cpu_ms": {n: [] for n in SERVERS},
        "client_cpu_ms": {n: [] for n in SERVERS},
        "ratio_p99": [],
        "idle_n": {n: [] for n in SERVERS},
        "notes": [],
    }

    # Warm-up (imports, first connections, first contact) and the frame the baseline will send.
    progress(f"warm-up: {WARMUP_SOCKETS} sockets per server, one event each ...")
    warm_marker = event_marker("warmup")
    template: str | None = None
    fake_frame: str | None = None
    for name in SERVERS:
        group = await open_group(targets[name], identifiers[:WARMUP_SOCKETS], compression)
        try:
            if group.handshake_errors:
                raise RuntimeError(f"{name}: {group.handshake_errors} warm-up handshake(s) failed")
            fired = await fire(group, warm_marker, template, warm_marker)
            if fired.missed or not 200 <= fired.status < 300 or group.captured is None:
                raise RuntimeError(f"{name}: warm-up event not delivered (status {fired.status})")
            if name == FAKEWOOT:
                fake_frame = group.captured
                template = extract_message(fake_frame, identifiers[0])
                out["frame_bytes"] = len(fake_frame.encode())
                if '"contact.created"' not in template:
                    out["notes"].append("  note: the captured frame is not a contact.created event")
            elif group.captured != fake_frame:
                out["notes"].append("  note: the baseline's frame text differs from fakewoot's")
        finally:
            await group.close()
    await asyncio.sleep(0.5)

    # Memory and CPU with 0 connections.
    rss0 = {n: rss_bytes(t.pid) for n, t in targets.items()}
    progress(f"idle CPU with 0 connections ({args.idle_window:g} s) ...")
    out["idle_0"] = await idle_cpu(list(targets.values()), args.idle_window)
    rss0 = {n: min(rss0[n], rss_bytes(t.pid)) for n, t in targets.items()}
    out["rss_0"] = rss0

    groups: dict[str, Group] = {}
    try:
        out["connect_s"] = {}
        for name in SERVERS:
            progress(f"opening {len(identifiers)} subscribed sockets to {name} ...")
            started = time.perf_counter()
            groups[name] = await open_group(targets[name], identifiers, compression)
            out["connect_s"][name] = time.perf_counter() - started
            out["handshake_errors"][name] = groups[name].handshake_errors
        await asyncio.sleep(SETTLE_S)
        out["rss_n"] = {n: rss_bytes(t.pid) for n, t in targets.items()}
        out["sockets"] = {n: len(g.sockets) for n, g in groups.items()}

        for number in range(args.rounds):
            order = round_order(number)
            line = [f"round {number + 1}/{args.rounds} ({order[0]} first): p50/p99 ms"]
            p99s: dict[str, float] = {}
            for name in order:
                samples: list[float] = []
                server_cpu: list[float] = []
                client_cpu: list[float] = []
                for event in range(args.events):
                    fired = await fire(
                        groups[name], event_marker(f"r{number}e{event}"), template, warm_marker
                    )
                    samples += fired.latencies_ms
                    out["missed"][name] += fired.missed
                    out["bad_status"][name] += not 200 <= fired.status < 300
                    server_cpu.append(fired.server_cpu_ms)
                    client_cpu.append(fired.client_cpu_ms)
                    await asyncio.sleep(EVENT_GAP_S)
                p50, p99 = percentile(samples, 50), percentile(samples, 99)
                p99s[name] = p99
                out["p50"][name].append(p50)
                out["p99"][name].append(p99)
                out["max"][name].append(max(samples, default=float("nan")))
                out["server_cpu_ms"][name].append(sum(server_cpu) / len(server_cpu))
                out["client_cpu_ms"][name].append(sum(client_cpu) / len(client_cpu))
                line.append(f"{name} {p50:.1f}/{p99:.1f};")
            out["ratio_p99"].append(p99s[FAKEWOOT] / p99s[BASELINE] if p99s[BASELINE] else float("nan"))
            await asyncio.sleep(0.5)
            idle = await idle_cpu(list(targets.values()), args.idle_window)
            for name in SERVERS:
                out["idle_n"][name].append(idle[name])
            line.append(f"idle CPU ms/s {idle[FAKEWOOT]:.1f}/{idle[BASELINE]:.1f}")
            progress(" ".join(line))
        out["rss_n_after"] = {n: rss_bytes(t.pid) for n, t in targets.items()}
    finally:
        for name, group in groups.items():
            out["closed"][name] = group.closed
            await group.close()
    return out


def load_main(args: argparse.Namespace) -> None:
    raise_fd_limit(2 * args.connections + 256)
    try:
        import uvloop
    except ImportError:
        out = asyncio.run(run_load(args))
        out["client_loop"] = "asyncio"
    else:
        out = uvloop.run(run_load(args))
        out["client_loop"] = "uvloop"
    print("CABLE_BENCH " + json.dumps(out), flush=True)


def load_command(args: argparse.Namespace, fake: Any, base: Any, identifiers: Path) -> list[str]:
    options = {
        "--fake-port": fake.port,
        "--fake-pid": fake.proc.pid,
        "--base-port": base.port,
        "--base-pid": base.proc.pid,
        "--identifiers": identifiers,
        "--connections": args.connections,
        "--rounds": args.rounds,
        "--events": args.events,
        "--idle-window": args.idle_window,
        "--compression": args.compression,
    }
    return script_command(BENCH_FILE, "--load", *(part for item in options.items() for part in item))


def run_load_process(command: list[str], timeout: float) -> dict[str, Any]:
    """The load process, bounded by `timeout`; its progress goes to our stderr, its result to stdout."""
    returncode, out, _ = run_bounded(command, timeout, capture_stderr=False)
    line = next((ln for ln in out.decode().splitlines() if ln.startswith("CABLE_BENCH ")), None)
    if returncode != 0 or line is None:
        raise RuntimeError(f"the load process failed (exit code {returncode})")
    result: dict[str, Any] = json.loads(line.removeprefix("CABLE_BENCH "))
    return result


# --------------------------------------------------------------------------- the run


@dataclass
class Results:
    connections: int
    rounds: int
    events: int
    subscribers: str = ""
    load: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(args.connections, args.rounds, args.events)
    fixtures = write_fixtures(workdir / "fixtures", fixture_yaml(args.connections))
    port = free_port()
    print(f"starting fakewoot with {args.connections} generated agents ...", flush=True)
    with serving(FAKEWOOT, fakewoot_command(port, fixtures), port, READY_TIMEOUT_S) as fake_server:
        admin = fetch_profile(fake_server.port)
        identifiers, results.subscribers = build_identifiers(fixtures, args.connections, admin)
        ident_file = workdir / "identifiers.json"
        ident_file.write_text(json.dumps(identifiers))
        port = free_port()
        with serving(BASELINE, baseline_command(port), port, READY_TIMEOUT_S) as base_server:
            command = load_command(args, fake_server, base_server, ident_file)
            results.load = run_load_process(command, timeout=args.expected_s * 2)
    results.notes = results.load.pop("notes", [])
    return results


# --------------------------------------------------------------------------- report


TABLE = Table((36, "<"), (10, ">"), (10, ">"), (7, ">"), (7, ">"), (11, ">"), (5, ">"))
row = TABLE.row


def report(results: Results, args: argparse.Namespace) -> bool:
    load = results.load
    rule = TABLE.rule
    n = results.connections
    sockets = load.get("sockets", {})
    errors = {
        name: load["handshake_errors"][name]
        + load["missed"][name]
        + load["bad_status"][name]
        + load["closed"][name]
        for name in SERVERS
    }
    print()
    print(
        f"fakewoot /cable benchmark: {n} connections, {results.rounds} round(s) x {results.events} "
        f"events per server; every number is the median of its rounds"
    )
    print(
        f"  machine: {machine()}; "
        f"client: websockets on {load.get('client_loop')}, compression {args.compression}"
    )
    print(f"  subscriptions: {results.subscribers}; frame {load.get('frame_bytes', 0):,} bytes")
    print()
    print(row(f"fan-out to {n} sockets (ms)", "fakewoot", "baseline", "ratio", "spread", "target"))
    print(rule)
    p50, p99 = load["p50"], load["p99"]
    ok = med(p99[FAKEWOOT]) <= TARGET_P99_MS and errors[FAKEWOOT] == 0
    all_ok = ok
    ratio50 = [f / b if b else float("nan") for f, b in zip(p50[FAKEWOOT], p50[BASELINE], strict=True)]
    print(
        row(
            "p50 latency",
            f"{med(p50[FAKEWOOT]):.1f}",
            f"{med(p50[BASELINE]):.1f}",
            f"{med(ratio50):.2f}",
            spread(p50[FAKEWOOT]),
        )
    )
    print(
        row(
            "p99 latency",
            f"{med(p99[FAKEWOOT]):.1f}",
            f"{med(p99[BASELINE]):.1f}",
            f"{med(load['ratio_p99']):.2f}",
            spread(p99[FAKEWOOT]),
            f"<= {TARGET_P99_MS:.0f}",
            verdict(ok),
        )
    )
    print(row("max latency", f"{med(load['max'][FAKEWOOT]):.1f}", f"{med(load['max'][BASELINE]):.1f}"))
    print(
        row(
            "server CPU per event",
            f"{med(load['server_cpu_ms'][FAKEWOOT]):.1f}",
            f"{med(load['server_cpu_ms'][BASELINE]):.1f}",
            "",
            spread(load["server_cpu_ms"][FAKEWOOT]),
            "(context)",
        )
    )
    print(
        row(
            "load-process CPU per event",
            f"{med(load['client_cpu_ms'][FAKEWOOT]):.1f}",
            f"{med(load['client_cpu_ms'][BASELINE]):.1f}",
            "",
            "",
            "(context)",
        )
    )
    print()
    print(row(f"idle connections (N = {n})", "fakewoot", "baseline", "", "spread", "target"))
    print(rule)
    rss0, rssn = load["rss_0"], load["rss_n"]
    per_conn = {name: (rssn[name] - rss0[name]) / max(1, sockets.get(name, n)) for name in SERVERS}
    print(row("RSS, 0 connections (MiB)", f"{rss0[FAKEWOOT] / 2**20:.1f}", f"{rss0[BASELINE] / 2**20:.1f}"))
    print(row("RSS, N subscribed (MiB)", f"{rssn[FAKEWOOT] / 2**20:.1f}", f"{rssn[BASELINE] / 2**20:.1f}"))
    after = load["rss_n_after"]
    print(row("  after the rounds (MiB)", f"{after[FAKEWOOT] / 2**20:.1f}", f"{after[BASELINE] / 2**20:.1f}"))
    print(
        row(
            "RSS per idle connection (KiB)",
            f"{per_conn[FAKEWOOT] / 1024:.1f}",
            f"{per_conn[BASELINE] / 1024:.1f}",
            "",
            "",
            "(context)",
        )
    )
    idle0, idlen = load["idle_0"], load["idle_n"]
    print(row("server CPU idle, 0 conns (ms/s)", f"{idle0[FAKEWOOT]:.2f}", f"{idle0[BASELINE]:.2f}"))
    print(
        row(
            "server CPU idle, N conns (ms/s)",
            f"{med(idlen[FAKEWOOT]):.2f}",
            f"{med(idlen[BASELINE]):.2f}",
            "",
            spread(idlen[FAKEWOOT]),
        )
    )
    ping_ms_per_s = med(idlen[FAKEWOOT]) - idle0[FAKEWOOT]
    per_round = ping_ms_per_s * PING_INTERVAL_S
    print(row("ping cost (ms CPU per s)", f"{ping_ms_per_s:.2f}", "", "", "", "(context)"))
    print(row(f"  per ping round, {n} pings (ms)", f"{per_round:.1f}"))
    print(row("  per ping (µs)", f"{per_round * 1000 / max(1, sockets.get(FAKEWOOT, n)):.1f}"))
    connect = load["connect_s"]
    print(
        row(
            "open + subscribe N sockets (s)",
            f"{connect[FAKEWOOT]:.2f}",
            f"{connect[BASELINE]:.2f}",
            "",
            "",
            "(context)",
        )
    )
    print()
    for name in SERVERS:
        print(
            f"{name}: sockets subscribed {sockets.get(name, 0)}/{n}, handshake errors "
            f"{load['handshake_errors'][name]}, missed deliveries {load['missed'][name]}, "
            f"non-2xx/failed triggers {load['bad_status'][name]}, closed by the server {load['closed'][name]}"
        )
    for note in results.notes:
        print(note)
    print(
        "latency = from just before the trigger's HTTP request (fakewoot: POST .../contacts on a fresh\n"
        "connection; baseline: POST /fire) to the frame's arrival per socket, timed in the load process:\n"
        "p50/p99 per round over all sockets x events, then the median of the rounds; ratio = median of the\n"
        "per-round fakewoot/baseline ratios. The load process (one asyncio process) reads every frame too,\n"
        "so its CPU per event (shown) is part of both latencies. Idle CPU is read from /proc/<pid>/stat\n"
        f"(10 ms ticks) over {args.idle_window:g} s windows with both servers idle; ping cost = fakewoot's\n"
        "idle CPU with N connections minus with 0. Memory is one sample per server. Noise: spread = ±half\n"
        "the min-max range of fakewoot's rounds over their median; on a shared 2-core VM ±20-50% is common,\n"
        "so a verdict within that of its threshold is not meaningful: rerun with more rounds."
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot /cable benchmark (see bench/README.md)")
    parser.add_argument("--connections", type=int, help="WebSockets per server (default 1000; quick 200)")
    parser.add_argument("--rounds", type=int, help="rounds; numbers are medians (default 5; quick 3)")
    parser.add_argument(
        "--events", type=int, default=EVENTS_PER_ROUND, help="events per server and round (default 5)"
    )
    parser.add_argument("--quick", action="store_true", help="a shorter run: 200 connections, 3 rounds")
    parser.add_argument(
        "--compression",
        choices=["deflate", "none"],
        default="deflate",
        help="client permessage-deflate offer (default deflate: what websockets and browsers send)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    for name in ("--fake-port", "--fake-pid", "--base-port", "--base-pid"):
        parser.add_argument(name, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--identifiers", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--idle-window", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_baseline:
        if args.port is None:
            parser.error("--serve-baseline needs --port")
        return args
    args.connections = args.connections if args.connections is not None else (200 if args.quick else 1000)
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    if args.idle_window is None:
        args.idle_window = 6.0 if args.quick else IDLE_WINDOW_S
    if args.rounds < 1 or args.events < 1 or not 1 <= args.connections <= 5000:
        parser.error("--rounds and --events must be >= 1, --connections between 1 and 5000")
    # Expected run time: start-ups, warm-up, the 0-connection window, opening 2N sockets, the rounds.
    per_round = 2 * args.events * (EVENT_GAP_S + 0.5) + args.idle_window + 1
    args.expected_s = 30 + args.idle_window + args.connections * 0.02 + args.rounds * per_round
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_baseline:
        serve_baseline(args.port)
        return 0
    if args.load:
        load_main(args)
        return 0
    with guarded_run(2 * args.expected_s + 60, "fakewoot-bench-cable-") as workdir:
        raise_fd_limit(2 * args.connections + 256)  # the servers inherit it
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
