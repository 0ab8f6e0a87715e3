"""The fuzzer of tests/properties/test_fuzz.py for longer, against `fakewoot serve` over real sockets.

    python bench/fuzz.py [--seconds 120] [--requests N] [--per-example 5] [--read-every 5]
                         [--examples 10] [--seed S] [--server-pythonpath DIR]

Starts `fakewoot serve` (default fixtures) on a free 127.0.0.1 port, then sends the generated
requests (tests/properties/test_fuzz_requests.py: every route and method, malformed ids, bodies,
parameters, headers and content types), one to `--per-example` an example. After every `--read-every`
examples it reads every list endpoint and the control API's journals, and every tenth of those the
show endpoint of every record account 1 holds (from GET /_fakewoot/state); then it resets the fake
(and undoes the control calls reset leaves: clock, fixture set, /cable faults). It stops after
`--seconds` or `--requests` fuzzed requests. Prints the requests sent, the count per status, the 5xx
(with the first `--examples` of them), hangs (no answer within 5 s), requests/s, the server's RSS
before and after, and whether the server is healthy at the end. Exit 1 on any 5xx, hang or an
unhealthy end. 501 (what fakewoot does not implement yet) is not an error, nor is what a fault set
by an earlier request of the same example asked for. `--server-pythonpath DIR` serves the fakewoot
package found in DIR instead (an older checkout, `git archive <rev> | tar -x -C DIR`) to compare.

Only 127.0.0.1 is used (webhook URLs the generator draws point at 127.0.0.1:9, refused at once);
the server is killed on the way out, every wait is bounded, and a watchdog stops the whole run if it
takes far longer than asked.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from common import fakewoot_command, free_port, guarded_run, rss_bytes, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the generator lives with the tests

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.properties.test_fuzz_requests import (  # noqa: E402
    ADMIN_TOKEN,
    FIXED_READS,
    FuzzRequest,
    fuzz_requests,
    reads_for,
)

HANG_SECONDS = 5.0
ADMIN = {"api_access_token": ADMIN_TOKEN}
JSON = {"content-type": "application/json"}


class Done(Exception):
    """The time or request budget is spent: ends the hypothesis loop."""


@dataclass
class Tally:
    sent: int = 0  # fuzzed requests
    reads: int = 0  # reads after examples (and the clean-up calls)
    examples: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # 5xx and hangs, described
    hangs: int = 0
    dropped: int = 0  # connections a fault told the server to drop
    server_errors: int = 0


class StateView:
    """Enough of GET /_fakewoot/state for reads_for(): account 1's record ids."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.store = self
        self.state = self
        accounts = {a["id"]: a for a in state.get("accounts", [])}
        self.accounts = {1: _Account(accounts[1])} if 1 in accounts else {}
        self.agent_bots = _Table(state.get("agent_bots", []))
        self.users = _Table(state.get("users", []))


class _Table:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = {row["id"]: _Row(row) for row in rows}

    def values(self) -> list[Any]:
        return list(self.rows.values())


class _Row:
    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


class _Account:
    def __init__(self, account: dict[str, Any]) -> None:
        for name in (
            "conversations",
            "contacts",
            "notes",
            "inboxes",
            "labels",
            "custom_attribute_definitions",
        ):
            setattr(self, name, _Table(account.get(name, [])))


class Fuzz:
    def __init__(self, client: httpx.Client, args: argparse.Namespace, tally: Tally) -> None:
        self.client = client
        self.args = args
        self.tally = tally
        self.deadline = time.monotonic() + args.seconds

    def over(self) -> bool:
        return time.monotonic() > self.deadline or (
            self.args.requests is not None and self.tally.sent >= self.args.requests
        )

    def send(
        self, method: str, url: str, headers: dict[str, str], content: bytes | None
    ) -> httpx.Response | None:
        try:
            return self.client.request(method, url, headers=headers, content=content)
        except httpx.TimeoutException:
            self.tally.hangs += 1
            self.tally.errors.append(f"hang (no answer in {HANG_SECONDS:g} s): {method} {url[:200]}")
            return None
        except httpx.RemoteProtocolError:
            self.tally.dropped += 1
            return None

    def example(self, requests: list[FuzzRequest]) -> None:
        if self.over():
            raise Done
        tally = self.tally
        tally.examples += 1
        faulted = loaded = False
        touched = {request.pattern for request in requests}
        for request in requests:
            if self.over():
                break
            answer = self.send(request.method, request.url, request.headers, request.content)
            tally.sent += 1
            if answer is None:
                continue
            tally.statuses[answer.status_code] += 1
            if answer.status_code >= 500 and answer.status_code != 501 and not faulted:
                tally.server_errors += 1
                tally.errors.append(f"{answer.status_code} {request.describe(200)} -> {answer.text[:200]}")
            if request.pattern == "/_fakewoot/faults" and answer.status_code == 200:
                faulted = True
            if request.pattern == "/_fakewoot/load" and answer.status_code == 200:
                loaded = True
        if tally.examples % self.args.read_every == 0:
            self.read(everything=tally.examples % (self.args.read_every * 10) == 0, after=requests)
        self.clean(loaded, touched)

    def read(self, everything: bool, after: list[FuzzRequest]) -> None:
        self.get("DELETE", "/_fakewoot/faults")  # a fault answers what it was told to, by design
        reads: list[tuple[str, dict[str, str]]] = [(path, ADMIN) for path in FIXED_READS]
        if everything:
            state = self.get("GET", "/_fakewoot/state")
            if state is not None and state.status_code == 200:
                reads = reads_for(StateView(state.json()), everything=True)
        for path, headers in reads:
            answer = self.get("GET", path, headers)
            if answer is not None and answer.status_code >= 500:
                self.tally.server_errors += 1
                then = " then ".join(r.describe(120) for r in after)
                self.tally.errors.append(
                    f"{answer.status_code} GET {path} after {then} -> {answer.text[:200]}"
                )

    def clean(self, loaded: bool, touched: set[str]) -> None:
        """Reset, and undo what reset leaves (the fixture set, the clock, /cable faults) when touched."""
        if loaded:
            self.get("POST", "/_fakewoot/load", JSON, b'{"fixtures": "default"}')
        self.get("POST", "/_fakewoot/reset")
        if touched & {"/_fakewoot/clock", "/_fakewoot/scenarios/run"}:
            self.get("POST", "/_fakewoot/clock", JSON, b'{"unfreeze": true}')
        if any(pattern.startswith("/_fakewoot/cable/") for pattern in touched):
            body = b'{"hold": false, "delay": 0, "copies": 1, "pings": true}'
            self.get("POST", "/_fakewoot/cable/faults", JSON, body)
            self.get("POST", "/_fakewoot/cable/release", JSON, b"{}")

    def get(
        self, method: str, path: str, headers: dict[str, str] | None = None, content: bytes | None = None
    ) -> httpx.Response | None:
        self.tally.reads += 1
        answer = self.send(method, path, headers or {}, content)
        if answer is None:
            self.tally.errors.append(f"no answer to the fuzzer's own {method} {path}")
        return answer


def run(args: argparse.Namespace) -> tuple[Tally, dict[str, Any]]:
    tally = Tally()
    port = free_port()
    facts: dict[str, Any] = {"port": port}
    env = dict(os.environ)
    if args.server_pythonpath is not None:
        paths = [str(args.server_pythonpath), *filter(None, [env.get("PYTHONPATH")])]
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["PYTHONSAFEPATH"] = "1"  # `python -m` would put the working folder (this checkout) first
    command = fakewoot_command(port)
    with serving("fakewoot", command, port, ready_timeout=30, headers=ADMIN, env=env) as server:
        facts["rss_before"] = rss_bytes(server.proc.pid)
        timeout = httpx.Timeout(HANG_SECONDS)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
            fuzz = Fuzz(client, args, tally)

            @settings(
                max_examples=10**9,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(st.lists(fuzz_requests(), min_size=1, max_size=args.per_example))
            def loop(requests: list[FuzzRequest]) -> None:
                fuzz.example(requests)

            if args.seed is not None:
                loop = seed(args.seed)(loop)

            started = time.monotonic()
            with contextlib.suppress(Done):
                loop()
            facts["elapsed"] = time.monotonic() - started
            facts["rss_after"] = rss_bytes(server.proc.pid)
            health = fuzz.send("GET", "/_fakewoot/health", {}, None)
            created = fuzz.send(
                "POST",
                "/api/v1/accounts/1/contacts",
                {**ADMIN, **JSON},
                b'{"name": "After the fuzz", "email": "after@fuzz.test"}',
            )
            facts["healthy"] = (
                health is not None
                and health.status_code == 200
                and created is not None
                and created.status_code == 200
                and server.proc.poll() is None
            )
    return tally, facts


def report(tally: Tally, facts: dict[str, Any], args: argparse.Namespace) -> bool:
    elapsed = facts["elapsed"] or 1e-9
    mib = 1024 * 1024
    if args.server_pythonpath is not None:
        print(f"server package from {args.server_pythonpath}")
    print(f"fakewoot fuzz: {tally.sent} fuzzed requests in {tally.examples} examples over {elapsed:.1f} s")
    print(
        f"  requests/s (fuzzed): {tally.sent / elapsed:.0f}; with reads and resets: "
        f"{(tally.sent + tally.reads) / elapsed:.0f} ({tally.reads} reads and clean-ups)"
    )
    print(
        "  statuses: " + ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
    )
    print(
        f"  5xx (not 501, not fault-made): {tally.server_errors}; hangs: {tally.hangs}; "
        f"dropped by a fault: {tally.dropped}"
    )
    for line in tally.errors[: args.examples]:
        print("    " + (line if len(line) <= 600 else line[:600] + " ..."))
    print(
        f"  server RSS: {facts['rss_before'] / mib:.1f} MiB before, {facts['rss_after'] / mib:.1f} MiB after"
    )
    print(f"  healthy at the end: {'yes' if facts['healthy'] else 'NO'}")
    return not tally.errors and facts["healthy"]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="stop after this long (default 120)")
    parser.add_argument("--requests", type=int, default=None, help="stop after this many fuzzed requests")
    parser.add_argument("--per-example", type=int, default=5, help="at most this many requests an example")
    parser.add_argument("--read-every", type=int, default=5, help="read the lists after every N examples")
    parser.add_argument("--examples", type=int, default=10, help="5xx examples to print")
    parser.add_argument(
        "--seed", type=int, default=None, help="hypothesis seed, to draw the same requests again"
    )
    parser.add_argument(
        "--server-pythonpath", type=Path, help="serve the fakewoot package found in this folder instead"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.getLogger("hypothesis").setLevel(logging.ERROR)
    with guarded_run(args.seconds * 3 + 120, "fakewoot-fuzz-"):
        tally, facts = run(args)
    return 0 if report(tally, facts, args) else 1


if __name__ == "__main__":
    sys.exit(main())
