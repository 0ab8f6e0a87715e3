"""fakewoot reports benchmark: GET /api/v2/.../reports/summary and /reports/conversations latency on
the conversations bench state.

    python bench/reports.py [--rounds R] [--requests N] [--quick] [--check]

One account with 2,000 Faker contacts and 10,000 generated conversations of 20 messages each
(200,000 messages; 1,000 conversations with --quick), served by `python -m fakewoot serve`. Each
round sends N sequential keep-alive requests per endpoint and takes their p50; the numbers printed
are the medians over the rounds. The summary asks for the widest range (everything counts, and its
`previous` period is computed too); the first request of each endpoint (which builds the reports'
time index) is a warm-up, not measured. Targets: p50 <= 50 ms for both. Only 127.0.0.1 is used;
the server is killed on the way out. Before measuring, --resolve conversations (2,000 by default) are
resolved over HTTP, so the averages have reporting events to read.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import time
from pathlib import Path

from common import (
    ADMIN_USER_YAML,
    FAKEWOOT,
    HOST,
    JSON_HEADERS,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    machine,
    med,
    percentile,
    serving,
    spread,
    verdict,
    write_fixtures,
)

CONTACTS = 2_000
MESSAGES_PER_CONVERSATION = 20
TARGET_P50_MS = 50.0
READY_BASE_S = 60.0
READY_PER_MESSAGE_S = 0.0004
REPORTS = "/api/v2/accounts/1/reports"
ALL_TIME = "since=0&until=4102444800"
ENDPOINTS = (
    (
        "GET reports/summary (all time)",
        f"{REPORTS}/summary?type=account&{ALL_TIME}",
        TARGET_P50_MS,
    ),
    ("GET reports/conversations (account)", f"{REPORTS}/conversations?type=account", TARGET_P50_MS),
    ("GET reports/conversations (agent)", f"{REPORTS}/conversations?type=agent", None),
    ("GET reports/summary (inbox 1, all time)", f"{REPORTS}/summary?type=inbox&id=1&{ALL_TIME}", None),
    (
        "GET reports (conversations_count, 30 days by day)",
        f"{REPORTS}?metric=conversations_count&type=account&since=1704067200&until=1706659200",
        None,
    ),
)


def fixture_yaml(conversations: int) -> str:
    return f"""# written by bench/reports.py (the conversations bench state)
accounts:
  - {{id: 1, name: Bench}}
{ADMIN_USER_YAML}inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api, members: [1]}}
generate:
  - {{table: contacts, account_id: 1, count: {CONTACTS}, seed: 42, inbox_id: 1}}
  - {{table: conversations, account_id: 1, inbox_id: 1, count: {conversations},
     messages_per_conversation: {MESSAGES_PER_CONVERSATION}, seed: 42}}
"""


def get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    conn.request("GET", path, headers=JSON_HEADERS)
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, body


def resolve(conn: http.client.HTTPConnection, count: int) -> None:
    """Resolve conversations 1..count (each writes a conversation_resolved reporting event)."""
    body = b'{"status": "resolved"}'
    for display_id in range(1, count + 1):
        url = f"/api/v1/accounts/1/conversations/{display_id}/toggle_status"
        conn.request("POST", url, body=body, headers=JSON_HEADERS)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"resolving {display_id}: {response.status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40, help="requests per endpoint per round")
    parser.add_argument("--quick", action="store_true", help="1,000 conversations instead of 10,000")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--resolve",
        type=int,
        default=2_000,
        help="conversations resolved over HTTP before measuring (their reporting events feed the averages)",
    )
    args = parser.parse_args(argv)
    conversations = 1_000 if args.quick else 10_000
    messages = conversations * MESSAGES_PER_CONVERSATION
    with guarded_run(1800, "fakewoot-bench-reports-") as workdir:
        fixtures = write_fixtures(workdir / "fixtures", fixture_yaml(conversations))
        port = free_port()
        ready = READY_BASE_S + READY_PER_MESSAGE_S * messages
        with serving(FAKEWOOT, fakewoot_command(port, fixtures), port, ready) as server:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            resolve(conn, min(args.resolve, conversations))
            warmups: dict[str, float] = {}
            for label, path, _ in ENDPOINTS:
                elapsed, status, body = get(conn, path)
                if status != 200:
                    raise RuntimeError(f"{label}: {status} {body[:300]!r}")
                warmups[label] = elapsed
            sample = {label: get(conn, path)[2][:160].decode() for label, path, _ in ENDPOINTS[:2]}
            p50s: dict[str, list[float]] = {label: [] for label, _, _ in ENDPOINTS}
            p90s: dict[str, list[float]] = {label: [] for label, _, _ in ENDPOINTS}
            for _ in range(args.rounds):
                for label, path, _ in ENDPOINTS:
                    times = [get(conn, path)[0] for _ in range(args.requests)]
                    p50s[label].append(percentile(times, 50))
                    p90s[label].append(percentile(times, 90))
            conn.close()
            startup = server.startup_s
    print(f"fakewoot reports benchmark: {conversations:,} conversations, {messages:,} messages ({machine()})")
    print(
        f"server ready in {startup:.1f} s; {min(args.resolve, conversations):,} conversations resolved first"
    )
    print(f"{args.rounds} rounds x {args.requests} sequential requests each")
    for label, text in sample.items():
        print(f"  {label}: {text}")
    table = Table((52, "<"), (10, ">"), (10, ">"), (8, ">"), (10, ">"), (8, "<"))
    print(table.row("endpoint", "p50 ms", "p90 ms", "spread", "1st ms", "target"))
    print(table.rule)
    ok = True
    for label, _, target in ENDPOINTS:
        p50 = med(p50s[label])
        mark = ""
        if target is not None:
            passed = p50 <= target
            ok = ok and passed
            mark = f"{verdict(passed)} <= {target:.0f}"
        print(
            table.row(
                label,
                f"{p50:.2f}",
                f"{med(p90s[label]):.2f}",
                spread(p50s[label]),
                f"{warmups[label]:.1f}",
                mark,
            )
        )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
