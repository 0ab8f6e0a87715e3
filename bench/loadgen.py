"""Fallback HTTP/1.1 load generator for bench/run.py, used when `wrk` is not on PATH.

    python bench/loadgen.py --port P --path /api/v1/profile --header 'api_access_token: T' \
        --connections 32 --duration 3

Keeps `--connections` keep-alive connections to 127.0.0.1 busy for `--duration` seconds (one request
in flight per connection, no pipelining), reads each response by its Content-Length, and prints one
JSON object: requests, elapsed seconds, non-200 count, a sample of non-200 statuses, socket errors,
p50/p99 latency. Run it as its own process so it does not share a GIL with the server or the runner.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass
class Tally:
    requests: int = 0
    non200: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    socket_errors: int = 0
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    raise ValueError("response without Content-Length")


async def _connection(port: int, request: bytes, deadline: float, tally: Tally) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    clock = time.perf_counter
    while clock() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 5)
            assert reader is not None and writer is not None
            started = clock()
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            await reader.readexactly(_content_length(head))
            tally.latencies.append(clock() - started)
            status = int(head[9:12])
            tally.requests += 1
            if status != 200:
                tally.non200 += 1
                tally.statuses[status] += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            tally.socket_errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def run(port: int, path: str, headers: list[str], connections: int, duration: float) -> Tally:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", *headers, "", ""]
    request = "\r\n".join(lines).encode()
    tally = Tally()
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(*(_connection(port, request, deadline, tally) for _ in range(connections)))
    tally.elapsed = time.perf_counter() - started
    return tally


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description="asyncio keep-alive HTTP/1.1 load generator")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--header", action="append", default=[], help="'Name: value' (repeatable)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=3.0)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        runner = asyncio.run
    else:
        runner = uvloop.run
    tally = runner(run(args.port, args.path, args.header, args.connections, args.duration))
    latencies = sorted(tally.latencies)
    json.dump(
        {
            "requests": tally.requests,
            "elapsed": tally.elapsed,
            "non200": tally.non200,
            "statuses": {str(status): count for status, count in tally.statuses.most_common(5)},
            "socket_errors": tally.socket_errors,
            "p50_ms": _percentile(latencies, 0.50) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
