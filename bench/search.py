"""fakewoot global-search benchmark: /search and its four kinds at scale, against a bare baseline.

    python bench/search.py [--rounds R] [--quick] [--check]

One account holding 100,000 Faker contacts and 10,000 generated conversations of 20 messages each
(200,000 messages; with --quick 20,000 contacts and 1,000 conversations), `generate:` in a temporary
fixture set as bench/contacts.py and bench/conversations.py do, served by `python -m fakewoot serve`.
Each search endpoint is measured against a bare Starlette+uvicorn+orjson app serving the same bodies
(bench/latency.py: keep-alive, rounds alternating the servers, medians of the per-round p50/p99).
Queries: `export` (a generated message line: many message hits, few contact/conversation hits) and a
term found nowhere (`zzqx`: every row scanned, nothing rendered). Target: global search p50 <= 50 ms.

`python bench/search.py --serve-baseline --port P --bodies FILE` is the baseline server itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import (
    ADMIN_USER_YAML,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    machine,
    serving,
    verdict,
    write_fixtures,
)
from contacts import fetch_bodies, serve_baseline
from latency import (
    ACCOUNT,
    MAX_SECONDS,
    NOISE_NOTE,
    READY_BASE_S,
    Endpoint,
    LatencyResults,
    Measurable,
    add_baseline_options,
    against_baseline,
    baseline_command,
    check_same_bodies,
    is_baseline_server,
    print_errors,
    print_latency_table,
    procedure_note,
)

MESSAGES_PER_CONVERSATION = 20
HIT, MISS = "export", "zzqx"
TARGET_P50_MS = 50.0
READY_PER_RECORD_S = 0.0003
BENCH_FILE = Path(__file__).resolve()
ENDPOINTS = 6  # see endpoints()


def fixture_yaml(contacts: int, conversations: int) -> str:
    return f"""# written by bench/search.py
accounts:
  - {{id: 1, name: Bench}}
{ADMIN_USER_YAML}inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api, members: [1]}}
generate:
  - {{table: contacts, account_id: 1, count: {contacts}, seed: 42, inbox_id: 1}}
  - {{table: conversations, account_id: 1, inbox_id: 1, count: {conversations},
     messages_per_conversation: {MESSAGES_PER_CONVERSATION}, seed: 42}}
"""


def endpoints() -> list[Endpoint]:
    base = f"{ACCOUNT}/search"
    return [
        Endpoint(f"GET search?q={HIT} (global)", "GET", f"{base}?q={HIT}"),
        Endpoint(f"GET search?q={MISS} (global)", "GET", f"{base}?q={MISS}"),
        Endpoint(f"GET search/messages?q={HIT}", "GET", f"{base}/messages?q={HIT}"),
        Endpoint(f"GET search/conversations?q={HIT}", "GET", f"{base}/conversations?q={HIT}"),
        Endpoint(f"GET search/contacts?q={HIT}", "GET", f"{base}/contacts?q={HIT}"),
        Endpoint(f"GET search/messages?q={HIT}&page=3", "GET", f"{base}/messages?q={HIT}&page=3"),
    ]


def describe(endpoint: Measurable, fake: float, base: float) -> str:
    return f"{endpoint.url.removeprefix(ACCOUNT + '/')} {fake:.1f}/{base:.2f};"


def run_benchmark(args: argparse.Namespace, workdir: Path) -> LatencyResults:
    results = LatencyResults()
    eps = endpoints()
    for endpoint in eps:
        results.add_endpoint(endpoint.label, TARGET_P50_MS)
    fixtures = write_fixtures(workdir / "search", fixture_yaml(args.contacts, args.conversations))
    records = args.contacts + args.conversations * (MESSAGES_PER_CONVERSATION + 1)
    print(
        f"loading {args.contacts:,} contacts, {args.conversations:,} conversations, "
        f"{args.conversations * MESSAGES_PER_CONVERSATION:,} messages in `fakewoot serve` ...",
        flush=True,
    )
    port = free_port()
    with serving(
        "fakewoot", fakewoot_command(port, fixtures), port, READY_BASE_S + READY_PER_RECORD_S * records
    ) as fake:
        print(f"  spawn -> first 200: {fake.startup_s:.2f} s", flush=True)
        against_baseline(
            results,
            args,
            eps,
            fake,
            workdir,
            fetch=lambda client: fetch_bodies(client, eps),
            baseline=lambda port, bodies: baseline_command(BENCH_FILE, port, bodies),
            check=lambda fake_client, base: check_same_bodies(fake_client, base, eps),
            describe=describe,
        )
    return results


TABLE = Table((38, "<"), (10, ">"), (10, ">"), (7, ">"), (7, ">"), (13, ">"), (9, ">"), (10, ">"), (5, ">"))


def report(results: LatencyResults, args: argparse.Namespace) -> bool:
    print()
    print(
        f"fakewoot search benchmark: {args.contacts:,} contacts, {args.conversations:,} conversations, "
        f"{args.conversations * MESSAGES_PER_CONVERSATION:,} messages, {args.rounds} round(s); "
        "every number is the median of its rounds"
    )
    print(f"  machine: {machine()}")
    print()
    all_ok = print_latency_table(results, TABLE)
    print()
    print_errors(results)
    for note in results.notes:
        print(note)
    print(
        procedure_note(args.max_seconds)
        + "ratio = median of the per-round fakewoot p50 / baseline p50 (same bodies, Starlette + orjson).\n"
        + NOISE_NOTE
    )
    print(f"overall: {verdict(all_ok)}")
    return all_ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fakewoot global-search benchmark")
    parser.add_argument("--rounds", type=int, help="rounds; numbers are medians (default 5; quick 3)")
    parser.add_argument("--quick", action="store_true", help="20000 contacts, 1000 conversations, 3 rounds")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    add_baseline_options(parser)
    args = parser.parse_args(argv)
    if is_baseline_server(parser, args):
        return args
    args.contacts = 20_000 if args.quick else 100_000
    args.conversations = 1_000 if args.quick else 10_000
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.max_seconds = 3.0 if args.quick else MAX_SECONDS
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_baseline:
        serve_baseline(args.port, args.bodies)
        return 0
    records = args.contacts + args.conversations * (MESSAGES_PER_CONVERSATION + 1)
    load = READY_BASE_S + 0.0006 * records
    latency = 30 + args.rounds * ENDPOINTS * (args.max_seconds * 2 + 2)
    with guarded_run(2 * (load + latency), "fakewoot-bench-search-") as workdir:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
