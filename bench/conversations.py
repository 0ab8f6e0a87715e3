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
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    ADMIN_USER_YAML,
    BASELINE,
    FAKEWOOT,
    READY_PATH,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    machine,
    rss_bytes,
    run_uvicorn,
    serving,
    verdict,
    write_fixtures,
)
from latency import (
    ACCOUNT,
    MAX_SECONDS,
    NOISE_NOTE,
    READY_BASE_S,
    WARMUP_MAX_SECONDS,
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
{ADMIN_USER_YAML}inboxes:
  - {{id: 1, account_id: 1, name: Bench, channel_type: api, members: [1]}}
generate:
  - {{table: contacts, account_id: 1, count: {CONTACTS}, seed: 42, inbox_id: 1}}
  - {{table: conversations, account_id: 1, inbox_id: 1, count: {conversations},
     messages_per_conversation: {MESSAGES_PER_CONVERSATION}, seed: 42}}
"""


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


# --------------------------------------------------------------------------- the baseline server


def serve_baseline(port: int, bodies_file: Path) -> None:
    """A bare Starlette app on uvicorn (options as bench/baseline_app.py and `fakewoot serve`): each GET
    answers its stored object by (path, query); POST .../conversations/{id}/messages reads and parses
    the request body and answers one stored message. Everything is serialised with orjson per request."""
    import orjson
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
    run_uvicorn(app, port)


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


@dataclass(kw_only=True)
class Results(LatencyResults):
    conversations: int
    rounds: int
    spawn_s: float = float("nan")
    rss_ready: int = 0
    rss_after: int = 0
    posts: int = 0

    @property
    def messages(self) -> int:
        return self.conversations * MESSAGES_PER_CONVERSATION


def describe(endpoint: Measurable, fake: float, base: float) -> str:
    short = endpoint.url.removeprefix(ACCOUNT + "/").replace("conversations", "conv")
    return f"{endpoint.method} {short} {fake:.2f}/{base:.2f};"


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(conversations=args.conversations, rounds=args.rounds)
    eps = measured(args.conversations)
    for endpoint in eps:
        results.add_endpoint(endpoint.label, endpoint.target_ms)
    fixtures = write_fixtures(workdir / "fixtures", fixture_yaml(args.conversations))
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
        against_baseline(
            results,
            args,
            eps,
            fake_server,
            workdir,
            fetch=lambda client: fetch_bodies(client, eps),
            baseline=lambda port, bodies: baseline_command(BENCH_FILE, port, bodies),
            check=lambda fake, base: check_same_answers(fake, base, eps),
            describe=describe,
        )
        results.rss_after = rss_bytes(fake_server.proc.pid)
        results.posts = sum(ep.counters.get(FAKEWOOT, 0) for ep in eps if ep.cycle)
    return results


# --------------------------------------------------------------------------- report


TABLE = Table((36, "<"), (9, ">"), (9, ">"), (7, ">"), (7, ">"), (13, ">"), (7, ">"), (10, ">"), (5, ">"))
row = TABLE.row


def report(results: Results, args: argparse.Namespace) -> bool:
    print()
    print(
        f"fakewoot conversations benchmark: {results.conversations:,} conversations x "
        f"{MESSAGES_PER_CONVERSATION} messages ({CONTACTS:,} contacts), {results.rounds} round(s); "
        f"every number is the median of its rounds"
    )
    print(f"  machine: {machine()}")
    print()
    all_ok = print_latency_table(results, TABLE)
    print()
    print(row("load and memory (one sample)", "fakewoot", "", "", "", "", "", "target"))
    print(TABLE.rule)
    print(row("serve: spawn -> first 200 (s)", f"{results.spawn_s:.2f}", "", "", "", "", "", "(context)"))
    print(
        row("RSS after ready + 1 request (MiB)", f"{results.rss_ready / 2**20:.1f}", *[""] * 5, "(context)")
    )
    print(row("  after the latency rounds (MiB)", f"{results.rss_after / 2**20:.1f}", *[""] * 5, "(context)"))
    print()
    print_errors(results)
    print(
        f"messages posted to fakewoot: {results.posts:,} (display ids 1..{results.conversations:,} in turn, "
        f"one per conversation until the cycle wraps)"
    )
    for note in results.notes:
        print(note)
    print(
        procedure_note(args.max_seconds)
        + "ratio = median of the per-round fakewoot p50 / baseline p50 (same GET bodies; for the POST a "
        "fixed\nmessage, after parsing the request body; Starlette + orjson). POSTs grow the store as they "
        "go.\n" + NOISE_NOTE
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
    add_baseline_options(parser)
    args = parser.parse_args(argv)
    if is_baseline_server(parser, args):
        return args
    args.conversations = 1_000 if args.quick else 10_000
    args.rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    args.max_seconds = 3.0 if args.quick else MAX_SECONDS
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_baseline:
        serve_baseline(args.port, args.bodies)
        return 0
    # Watchdog: one load (the readiness timeout) plus warm-up and the latency rounds, doubled.
    load = READY_BASE_S + READY_PER_MESSAGE_S * args.conversations * MESSAGES_PER_CONVERSATION
    latency = 30 + ENDPOINTS * 2 * WARMUP_MAX_SECONDS + args.rounds * ENDPOINTS * (args.max_seconds * 2 + 2)
    with guarded_run(2 * (load + latency), "fakewoot-bench-conversations-") as workdir:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
