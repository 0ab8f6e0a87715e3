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
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    ADMIN_USER_YAML,
    FAKEWOOT,
    READY_PATH,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    machine,
    med,
    rss_bytes,
    run_uvicorn,
    serving,
    spread,
    verdict,
    write_fixtures,
)
from latency import (
    ACCOUNT,
    MAX_SECONDS,
    NOISE_NOTE,
    READY_BASE_S,
    Client,
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
    rss_after_one_request,
)

PER_PAGE = 15
LABELS = ("support", "billing", "vip")
SEARCH_Q = "john"
FILTER_PAYLOAD: list[dict[str, Any]] = [
    {"attribute_key": "email", "filter_operator": "contains", "values": ["example"], "query_operator": "and"},
    {"attribute_key": "labels", "filter_operator": "equal_to", "values": ["vip"], "query_operator": None},
]

LOAD_BUDGET_S = 60.0  # extra load-time samples (rounds 2..R) only while they fit in this (20 s quick)
READY_PER_CONTACT_S = 0.002  # readiness timeout: READY_BASE_S + this * N

TARGET_P50_MS = 50.0
TARGET_BYTES_PER_CONTACT = 2048

BENCH_FILE = Path(__file__).resolve()
ENDPOINTS = 4  # see endpoints()


# --------------------------------------------------------------------------- fixtures


def fixture_yaml(contacts: int) -> str:
    labels = ", ".join(LABELS)
    return f"""# written by bench/contacts.py
accounts:
  - {{id: 1, name: Bench}}
inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api}}
{ADMIN_USER_YAML}generate:
  - {{table: contacts, account_id: 1, count: {contacts}, seed: 42, inbox_id: 1, labels: [{labels}]}}
"""


# --------------------------------------------------------------------------- endpoints


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


# --------------------------------------------------------------------------- the baseline server


def serve_baseline(port: int, bodies_file: Path) -> None:
    """A bare Starlette app on uvicorn (options as bench/baseline_app.py and `fakewoot serve`) that
    answers each (method, path, query) with its stored object, serialised with orjson per request."""
    import orjson
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
    run_uvicorn(Starlette(routes=[Route(path, handler, methods=["GET", "POST"]) for path in paths]), port)


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


# --------------------------------------------------------------------------- the run


@dataclass(kw_only=True)
class Results(LatencyResults):
    contacts: int
    rounds: int
    spawn_s: list[float] = field(default_factory=list)
    spawn_one_s: float = float("nan")
    construct_s: list[float] = field(default_factory=list)
    rss_n: int = 0
    rss_one: int = 0
    rss_n_after: int = 0

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


def describe(endpoint: Measurable, fake: float, base: float) -> str:
    return f"{endpoint.url.removeprefix(ACCOUNT + '/')} {fake:.1f}/{base:.2f};"


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(contacts=args.contacts, rounds=args.rounds)
    eps = endpoints(args.contacts)
    for endpoint in eps:
        results.add_endpoint(endpoint.label, TARGET_P50_MS)
    big = write_fixtures(workdir / "contacts-n", fixture_yaml(args.contacts))
    one = write_fixtures(workdir / "contacts-1", fixture_yaml(1))
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
        against_baseline(
            results,
            args,
            eps,
            fake_server,
            workdir,
            fetch=lambda client: fetch_bodies(client, eps),
            baseline=lambda port, bodies: baseline_command(BENCH_FILE, port, bodies),
            check=lambda fake, base: check_same_bodies(fake, base, eps),
            describe=describe,
        )
        results.rss_n_after = rss_bytes(fake_server.proc.pid)

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


# --------------------------------------------------------------------------- report


TABLE = Table((34, "<"), (10, ">"), (10, ">"), (7, ">"), (7, ">"), (13, ">"), (9, ">"), (10, ">"), (5, ">"))
row = TABLE.row


def report(results: Results, args: argparse.Namespace) -> bool:
    print()
    print(
        f"fakewoot contacts benchmark: {results.contacts:,} contacts, {results.rounds} round(s); "
        f"every number is the median of its rounds"
    )
    print(f"  machine: {machine()}")
    print()
    all_ok = print_latency_table(results, TABLE)
    print()
    print(row("load and memory", "fakewoot", "1 contact", "", "spread", "", "samples", "target"))
    print(TABLE.rule)
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
    print_errors(results)
    for note in results.notes:
        print(note)
    print(
        procedure_note(args.max_seconds)
        + "ratio = median of the per-round fakewoot p50 / baseline p50 (same bodies, Starlette + orjson).\n"
        + NOISE_NOTE
        + " Memory is one\n"
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
    add_baseline_options(parser)
    args = parser.parse_args(argv)
    if is_baseline_server(parser, args):
        return args
    args.contacts = args.contacts if args.contacts is not None else (20_000 if args.quick else 100_000)
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.max_seconds = 3.0 if args.quick else MAX_SECONDS
    args.load_budget = 20.0 if args.quick else LOAD_BUDGET_S
    if args.rounds < 1 or not 1 <= args.contacts <= 100_000:
        parser.error("--rounds must be >= 1 and --contacts between 1 and 100000 (the fixture limit)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_baseline:
        serve_baseline(args.port, args.bodies)
        return 0
    # Watchdog: 3 loads of N contacts (~0.5 ms each today, allow 3x), the latency rounds, the load budget.
    load = READY_BASE_S + 3 * 0.0015 * args.contacts
    latency = 30 + args.rounds * ENDPOINTS * (args.max_seconds * 2 + 2)
    with guarded_run(2 * (load + latency + args.load_budget), "fakewoot-bench-contacts-") as workdir:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
