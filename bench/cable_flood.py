"""fakewoot /cable under a subscribe flood: N `subscribe` commands on one socket, all for the same
user's pubsub token (each subscription follows that token, so every subscribe's presence.update is due
to every earlier subscription too: the worst case for presence fan-out), while a probe process times
a plain HTTP request over and over.

    python bench/cable_flood.py [--subscribes N] [--rounds R] [--quick] [--check]
                                [--server-pythonpath DIR]

Prints, as medians of the rounds: subscribe throughput (subscribe commands sent -> all N
`confirm_subscription` frames received), confirmations and presence frames received, the probe's
p50/p99/max latency while idle (the baseline, measured just before each flood) and during the flood,
and the server's RSS before and after. Target: probe p99 during the flood <= 1000 ms and every
confirmation received (issue 11). `--server-pythonpath DIR` serves the fakewoot package found in DIR
instead (e.g. an older checkout, `git archive <rev> | tar -x -C DIR`) to compare before and after.

Only 127.0.0.1 is used; the server and the probe are subprocesses killed on the way out, every wait
is bounded, and a watchdog stops the whole run if it takes far longer than expected.
`python bench/cable_flood.py --probe PORT` is the probe process (spawned by the benchmark).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    FAKEWOOT,
    HOST,
    READY_PATH,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    http_get,
    machine,
    med,
    percentile,
    rss_bytes,
    script_command,
    serving,
    spread,
    stop_process,
    verdict,
)

SUBPROTOCOL = "actioncable-v1-json"
ADMIN_HEADERS = {"api_access_token": "fakewoot-admin-token"}  # the default fixtures' administrator
PROBE_GAP_S = 0.01  # one probe request is due every PROBE_GAP_S
PROBE_TIMEOUT_S = 30.0  # one probe request (a stall longer than this counts as this)
PROBE_MAX_S = 180.0  # the probe process ends by itself after this
IDLE_S = 1.0  # idle probe window before each flood (the baseline)
AFTER_S = 1.0  # the probe keeps going after the last confirmation (the last coalesced presence)
FLOOD_TIMEOUT_S = 60.0  # waiting for the N confirmations
READY_TIMEOUT_S = 60.0
TARGET_P99_MS = 1000.0

BENCH_FILE = Path(__file__).resolve()
TABLE = Table((34, "<"), (11, ">"), (11, ">"), (8, ">"), (9, ">"), (5, "<"))


# --------------------------------------------------------------------------- the probe process


def probe_main(port: int) -> None:
    """GET /api/v1/profile on one keep-alive connection, one due every PROBE_GAP_S, until a line
    arrives on stdin (or PROBE_MAX_S pass); prints the latencies in ms as one JSON line."""
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT_S)
    started = time.perf_counter()
    number = 0
    while time.perf_counter() - started < PROBE_MAX_S:
        if select.select([sys.stdin], [], [], 0)[0]:
            break
        # Requests are due on a fixed schedule and timed from when they were due, not from when they
        # went out: a stall then counts against every request that should have run during it, not
        # against one ("coordinated omission" corrected, as wrk2 does).
        due = started + number * PROBE_GAP_S
        number += 1
        if (wait := due - time.perf_counter()) > 0:
            time.sleep(wait)
        try:
            conn.request("GET", READY_PATH, headers=ADMIN_HEADERS)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT_S)
        latencies.append((time.perf_counter() - due) * 1000)
    conn.close()
    print("PROBE " + json.dumps({"latencies_ms": latencies, "errors": errors}), flush=True)


class Probe:
    """The probe subprocess: started, then stopped with a line on its stdin; its numbers come back."""

    def __init__(self, port: int) -> None:
        self.proc = subprocess.Popen(
            script_command(BENCH_FILE, "--probe", port),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> tuple[list[float], int]:
        try:
            out, _ = self.proc.communicate("stop\n", timeout=PROBE_TIMEOUT_S + 10)
        finally:
            stop_process(self.proc)  # type: ignore[arg-type]  # text mode: same Popen at run time
        line = next((ln for ln in out.splitlines() if ln.startswith("PROBE ")), None)
        if line is None:
            raise RuntimeError(f"the probe process failed (exit code {self.proc.returncode})")
        data = json.loads(line.removeprefix("PROBE "))
        return data["latencies_ms"], data["errors"]


# --------------------------------------------------------------------------- the flood


@dataclass
class Flood:
    sent_s: float = 0.0  # sending the N subscribe commands
    confirmed_s: float = float("nan")  # first send -> last confirmation
    confirmations: int = 0
    presence: int = 0  # presence.update frames read (own ones plus coalesced fan-out)
    frames: int = 0
    closed: str | None = None  # how the server closed the socket, if it did


async def flood(port: int, pubsub_token: str, count: int) -> Flood:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    result = Flood()
    identifiers = [
        json.dumps(
            {"channel": "RoomChannel", "pubsub_token": pubsub_token, "account_id": 1, "user_id": 1, "n": i}
        )
        for i in range(count)
    ]
    async with connect(
        f"ws://{HOST}:{port}/cable",
        subprotocols=[SUBPROTOCOL],  # type: ignore[list-item]
        max_size=None,
        max_queue=None,
        ping_interval=None,
        open_timeout=10,
        close_timeout=2,
    ) as ws:
        welcome = json.loads(await ws.recv())
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"expected welcome, got {welcome}")
        done = asyncio.Event()
        started = time.perf_counter()

        async def read() -> None:
            try:
                async for message in ws:
                    result.frames += 1
                    text = message if isinstance(message, str) else message.decode()
                    if '"confirm_subscription"' in text:
                        result.confirmations += 1
                        if result.confirmations == count:
                            result.confirmed_s = time.perf_counter() - started
                            done.set()
                    elif '"presence.update"' in text:
                        result.presence += 1
            except ConnectionClosed as exc:
                result.closed = f"{exc.rcvd.code if exc.rcvd else 1006}"
                done.set()

        reader = asyncio.create_task(read())
        for identifier in identifiers:
            await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
        result.sent_s = time.perf_counter() - started
        try:
            await asyncio.wait_for(done.wait(), FLOOD_TIMEOUT_S)
            await asyncio.sleep(AFTER_S)  # coalesced presence frames still on their way
        except TimeoutError:
            pass
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
    return result


def run_flood(port: int, pubsub_token: str, count: int) -> Flood:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(flood(port, pubsub_token, count))
    return uvloop.run(flood(port, pubsub_token, count))


# --------------------------------------------------------------------------- the run


@dataclass
class Results:
    subscribes: int
    rounds: int
    idle_p50: list[float] = field(default_factory=list)
    idle_p99: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    max_ms: list[float] = field(default_factory=list)
    probes: list[int] = field(default_factory=list)
    probe_errors: int = 0
    throughput: list[float] = field(default_factory=list)
    confirmed_s: list[float] = field(default_factory=list)
    confirmations: list[int] = field(default_factory=list)
    presence: list[int] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    rss_before: float = 0.0
    rss_after: list[float] = field(default_factory=list)


def run_benchmark(args: argparse.Namespace) -> Results:
    results = Results(args.subscribes, args.rounds)
    port = free_port()
    env = dict(os.environ)
    if args.server_pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(args.server_pythonpath), *filter(None, [env.get("PYTHONPATH")])]
        )
    command = fakewoot_command(port)
    with serving(FAKEWOOT, command, port, READY_TIMEOUT_S, headers=ADMIN_HEADERS, env=env) as server:
        status, body = http_get(port, READY_PATH, ADMIN_HEADERS, timeout=10)
        if status != 200:
            raise RuntimeError(f"GET {READY_PATH} answered {status}")
        token = json.loads(body)["pubsub_token"]
        results.rss_before = rss_bytes(server.proc.pid)
        for number in range(args.rounds):
            idle = Probe(port)
            time.sleep(args.idle_s)
            idle_ms, idle_errors = idle.stop()
            probe = Probe(port)
            time.sleep(0.1)  # the probe's first requests are in flight before the flood starts
            try:
                result = run_flood(port, token, args.subscribes)
            finally:
                flood_ms, flood_errors = probe.stop()
            results.probe_errors += idle_errors + flood_errors
            results.idle_p50.append(percentile(idle_ms, 50))
            results.idle_p99.append(percentile(idle_ms, 99))
            results.p50.append(percentile(flood_ms, 50))
            results.p99.append(percentile(flood_ms, 99))
            results.max_ms.append(max(flood_ms, default=float("nan")))
            results.probes.append(len(flood_ms))
            results.throughput.append(
                result.confirmations / result.confirmed_s if result.confirmations else 0
            )
            results.confirmed_s.append(result.confirmed_s)
            results.confirmations.append(result.confirmations)
            results.presence.append(result.presence)
            if result.closed is not None:
                results.closed.append(result.closed)
            results.rss_after.append(rss_bytes(server.proc.pid))
            print(
                f"  round {number + 1}/{args.rounds}: {result.confirmations}/{args.subscribes} confirmed "
                f"in {result.confirmed_s:.2f} s, {result.presence} presence frames; probe p50 "
                f"{results.p50[-1]:.1f} ms p99 {results.p99[-1]:.1f} ms max {results.max_ms[-1]:.1f} ms "
                f"({len(flood_ms)} requests); idle p99 {results.idle_p99[-1]:.1f} ms",
                file=sys.stderr,
                flush=True,
            )
    return results


def report(results: Results, args: argparse.Namespace) -> bool:
    n = results.subscribes
    print()
    print(
        f"fakewoot /cable flood: {n} subscribe commands on one socket (one user's token), "
        f"{results.rounds} round(s); every number is the median of its rounds"
    )
    print(f"  machine: {machine()}; server: {' '.join(fakewoot_command(0)[1:4])}")
    if args.server_pythonpath is not None:
        print(f"  server package from {args.server_pythonpath}")
    print()
    row = TABLE.row
    print(row("probe GET /api/v1/profile (ms)", "idle", "flood", "spread", "target"))
    print(TABLE.rule)
    ok_p99 = med(results.p99) <= TARGET_P99_MS
    print(row("p50", f"{med(results.idle_p50):.1f}", f"{med(results.p50):.1f}", spread(results.p50)))
    print(
        row(
            "p99",
            f"{med(results.idle_p99):.1f}",
            f"{med(results.p99):.1f}",
            spread(results.p99),
            f"<= {TARGET_P99_MS:.0f}",
            verdict(ok_p99),
        )
    )
    print(row("max", "", f"{med(results.max_ms):.1f}", spread(results.max_ms)))
    print(row("probe requests during the flood", "", f"{med(results.probes):.0f}"))
    print()
    print(row("the flooding socket", "", "fakewoot", "spread", "target"))
    print(TABLE.rule)
    all_confirmed = min(results.confirmations) == n and not results.closed
    print(
        row("subscribes confirmed per s", "", f"{med(results.throughput):,.0f}", spread(results.throughput))
    )
    print(row("first send -> last confirmation (s)", "", f"{med(results.confirmed_s):.2f}"))
    print(
        row(
            "confirmations received (worst round)",
            "",
            f"{min(results.confirmations)}/{n}",
            "",
            f"{n}/{n}",
            verdict(all_confirmed),
        )
    )
    print(row("presence.update frames received", "", f"{med(results.presence):,.0f}"))
    print()
    print(row("server RSS (MiB)", "", "fakewoot"))
    print(TABLE.rule)
    print(row("before the first flood", "", f"{results.rss_before / 2**20:.1f}"))
    print(row("after each flood", "", f"{med(results.rss_after) / 2**20:.1f}"))
    print()
    if results.closed:
        print(f"the server closed the flooding socket in {len(results.closed)} round(s): {results.closed}")
    print(f"probe errors (non-200 or socket errors): {results.probe_errors}")
    print(
        "probe = one keep-alive HTTP/1.1 connection in its own process, one GET due every 10 ms and timed\n"
        "from when it was due (a stall counts against every request it delayed); idle = the\n"
        f"{args.idle_s:g} s before each flood (the baseline), flood = from 0.1 s before the first subscribe\n"
        f"to {AFTER_S:g} s after the last confirmation. Real Chatwoot sends every earlier subscription on\n"
        "the token a presence.update per subscribe (N(N+1)/2 frames); fakewoot sends each new subscription\n"
        "its own and coalesces the rest per stream, so the count above is far smaller than that."
    )
    ok = ok_p99 and all_confirmed
    print(f"overall: {verdict(ok)}")
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot /cable subscribe-flood benchmark")
    parser.add_argument("--subscribes", type=int, default=2000, help="subscribe commands (default 2000)")
    parser.add_argument("--rounds", type=int, help="rounds; numbers are medians (default 5; quick 3)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, 0.5 s idle windows")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--server-pythonpath", type=Path, help="serve the fakewoot package found in this folder instead"
    )
    parser.add_argument("--probe", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe is not None:
        return args
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.idle_s = 0.5 if args.quick else IDLE_S
    if args.rounds < 1 or not 1 <= args.subscribes <= 20_000:
        parser.error("--rounds must be >= 1 and --subscribes between 1 and 20000")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.probe is not None:
        probe_main(args.probe)
        return 0
    watchdog = READY_TIMEOUT_S + args.rounds * (args.idle_s + FLOOD_TIMEOUT_S + 2 * PROBE_TIMEOUT_S) + 60
    with guarded_run(watchdog, "fakewoot-bench-flood-"):
        results = run_benchmark(args)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
