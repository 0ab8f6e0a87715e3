"""fakewoot start-up and state-file benchmark: cold start against a bare Starlette app (the default
set on a fresh install, from the entry fakewoot ships), the start cache (first and second start of a
`generate:` set, 100,000 contacts), and the state file's write cost per change and size.

    python bench/startup.py [--rounds N] [--contacts N] [--quick] [--check]

Every server is a subprocess (spawn -> first 200 on GET /api/v1/profile, polled every 5 ms, then
killed); every number is the median over the rounds; the baseline is measured in the same run. The
start cache and Python's bytecode cache live in this run's temporary folder. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from common import (
    BASELINE,
    FAKEWOOT,
    TOKEN,
    Table,
    fakewoot_command,
    free_port,
    guarded_run,
    http_get,
    machine,
    med,
    script_command,
    serving,
    spread,
    verdict,
    write_fixtures,
)

DEFAULT_TOKEN = "fakewoot-admin-token"  # the default fixtures' admin
READY_TIMEOUT = 600.0  # a first start of 100,000 generated contacts on a busy 2-core machine
BUILD_TIMEOUT = 900.0  # the cache builder of that set: two loads and a compare
TARGET_COLD_RATIO = 1.3
TARGET_LARGE_SECOND_S = 1.5
WRITE_CHANGES = 9  # state-file writes measured per set (the median is reported)
SECOND_STARTS_PER_BUILD = 3  # second starts (each with a bare start) after each first start and build
BENCH_DIR = Path(__file__).resolve().parent
BASELINE_APP = BENCH_DIR / "baseline_app.py"
PROFILE = "/api/v1/profile"


def generated_yaml(contacts: int, conversations: int) -> str:
    from common import ADMIN_USER_YAML

    conversation_line = (
        f"  - {{table: conversations, account_id: 1, inbox_id: 1, count: {conversations}, "
        "messages_per_conversation: 5, seed: 7}\n"
        if conversations
        else ""
    )
    return (
        "# written by bench/startup.py\naccounts:\n  - {id: 1, name: Bench}\ninboxes:\n"
        "  - {id: 1, account_id: 1, name: Bench, channel_type: api}\n"
        f"{ADMIN_USER_YAML}generate:\n"
        f"  - {{table: contacts, account_id: 1, count: {contacts}, seed: 42, inbox_id: 1, "
        "labels: [vip, lead]}\n"
        f"{conversation_line}"
    )


@dataclass
class Results:
    rounds: int
    times: dict[str, list[float]] = field(default_factory=dict)
    write_ms: dict[str, list[float]] = field(default_factory=dict)
    size_bytes: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.times.setdefault(name, []).append(value)

    def add_all(self, values: dict[str, float]) -> None:
        for name, value in values.items():
            self.add(name, value)


class Run:
    """The temporary folders of one run and how servers are started in it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.pycache = workdir / "pycache"
        self.bodies = workdir / "bodies.json"
        # the servers run a copy of the package taken now: edits made meanwhile (in a shared
        # checkout) would change the start cache's key between a first and a second start
        self.source = workdir / "source"
        shutil.copytree(
            BENCH_DIR.parent / "fakewoot",
            self.source / "fakewoot",
            ignore=shutil.ignore_patterns("__pycache__"),
        )

    def env(self, cache: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("FAKEWOOT_STATE_FILE", None)
        env.pop("FAKEWOOT_START_CACHE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        env["XDG_CACHE_HOME"] = str(cache)
        env["PYTHONPATH"] = str(self.source)
        return env

    def start(
        self, name: str, command: Callable[[int], list[str]], cache: Path, token: str = DEFAULT_TOKEN
    ) -> float:
        """Spawn -> first 200 (seconds); the server is killed afterwards."""
        port = free_port()
        headers = {"api_access_token": token}
        with serving(
            name, command(port), port, READY_TIMEOUT, headers=headers, poll_timeout=1.0, env=self.env(cache)
        ) as server:
            if name == FAKEWOOT and not self.bodies.exists():
                status, body = http_get(port, PROFILE, headers)
                assert status == 200
                self.bodies.write_bytes(orjson.dumps({PROFILE: orjson.loads(body)}))
            return server.startup_s

    def fakewoot(self, fixtures: Path | None = None, *extra: str) -> Callable[[int], list[str]]:
        return lambda port: [*fakewoot_command(port, fixtures), *extra]

    def baseline(self, port: int) -> list[str]:
        return script_command(BASELINE_APP, "--port", port, "--bodies", self.bodies)


def wait_for_cache(cache: Path, timeout: float = BUILD_TIMEOUT) -> float:
    """Wait until the start cache's builder wrote its entry (and let go of its lock); seconds waited."""
    folder = cache / "fakewoot"
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if list(folder.glob("*.fakewoot")) and not list(folder.glob("*.building")):
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"the start cache under {folder} was not written within {timeout:.0f} s")


def building(cache: Path) -> bool:
    """A builder is at work: the last start missed the cache."""
    return bool(list((cache / "fakewoot").glob("*.building")))


def measure_writes(fixtures: Path | None, label: str, results: Results, workdir: Path) -> None:
    """In process: the state file's cost per change (the pause where requests run: the snapshot, or
    for a large state the fork of a child that pickles and writes; then checksum, encode, write and
    fsync off the serving loop) and its size."""
    from fakewoot import FakeChatwoot
    from fakewoot.state_writer import StateFileWriter

    fake = FakeChatwoot() if fixtures is None else FakeChatwoot(fixtures=fixtures)
    target = workdir / f"{label}.fakewoot"
    writer = StateFileWriter(fake, target)
    writer.check()  # the first write (a new file) is not a change
    writer.capture_seconds.clear()
    writer.write_seconds.clear()
    for number in range(WRITE_CHANGES):
        fake.store.contacts.create(1, {"name": f"Bench {number}", "email": f"bench.{number}@write.test"})
        assert writer.check()
    results.write_ms[label] = [
        (capture + write) * 1000
        for capture, write in zip(writer.capture_seconds, writer.write_seconds, strict=True)
    ]
    results.write_ms[label + ", of which the serving loop waits"] = [s * 1000 for s in writer.capture_seconds]
    results.size_bytes[label] = target.stat().st_size
    writer.close()
    fake.close()


def run_benchmark(args: argparse.Namespace, workdir: Path) -> Results:
    results = Results(rounds=args.rounds)
    run = Run(workdir)
    default_cache = workdir / "cache-default"
    print("warming up (bytecode cache) ...", flush=True)
    run.start(FAKEWOOT, run.fakewoot(), default_cache)
    run.start(BASELINE, run.baseline, default_cache)

    for number in range(args.rounds):
        # an empty cache folder each round, as on a fresh install: the default set starts from the
        # entry shipped with fakewoot (fixtures/default.start)
        fresh = workdir / f"cache-fresh-{number}"
        cached = run.start(FAKEWOOT, run.fakewoot(), fresh)
        if (fresh / "fakewoot").exists():
            print("note: the default set did not start from its shipped entry", flush=True)
        bare = run.start(BASELINE, run.baseline, default_cache)
        uncached = run.start(FAKEWOOT, run.fakewoot(None, "--no-start-cache"), default_cache)
        results.add_all(
            {
                "default, first start (shipped entry)": cached,
                "baseline": bare,
                "default, --no-start-cache": uncached,
                "ratio default/baseline": cached / bare,
            }
        )
        print(
            f"round {number + 1}/{args.rounds}: default set {cached:.3f} s (no cache {uncached:.3f} s), "
            f"bare app {bare:.3f} s",
            flush=True,
        )

    generated = write_fixtures(workdir / "generated", generated_yaml(args.generated, args.generated // 20))
    for number in range(max(1, args.rounds // 2)):
        cache = workdir / f"cache-generated-{number}"
        first = run.start(FAKEWOOT, run.fakewoot(generated), cache, TOKEN)
        built = wait_for_cache(cache)
        results.add_all(
            {"generated, first start": first, "generated, cache builder (after the first)": built}
        )
        for _ in range(SECOND_STARTS_PER_BUILD):  # second starts, each paired with a bare start
            second = run.start(FAKEWOOT, run.fakewoot(generated), cache, TOKEN)
            if building(cache):
                print("note: the second start missed the start cache", flush=True)
            bare = run.start(BASELINE, run.baseline, cache)
            results.add_all(
                {"generated, second start": second, "ratio generated second/baseline": second / bare}
            )
            print(
                f"generated set ({args.generated:,} contacts): first {first:.3f} s, cache built "
                f"{built:.1f} s later, second {second:.3f} s (bare app {bare:.3f} s)",
                flush=True,
            )

    large = write_fixtures(workdir / "large", generated_yaml(args.contacts, 0))
    large_cache = workdir / "cache-large"
    first = run.start(FAKEWOOT, run.fakewoot(large), large_cache, TOKEN)
    built = wait_for_cache(large_cache)
    results.add(f"{args.contacts:,} contacts, first start", first)
    results.add(f"{args.contacts:,} contacts, cache builder", built)
    print(
        f"{args.contacts:,} contacts: first start {first:.3f} s, cache built {built:.1f} s later", flush=True
    )
    for _ in range(args.rounds):
        second = run.start(FAKEWOOT, run.fakewoot(large), large_cache, TOKEN)
        hit = not building(large_cache)
        results.add(f"{args.contacts:,} contacts, second start", second)
        print(
            f"{args.contacts:,} contacts: second start {second:.3f} s ({'hit' if hit else 'MISS'})",
            flush=True,
        )
        if not hit:
            wait_for_cache(large_cache)

    print("state file writes (in process) ...", flush=True)
    measure_writes(None, "default set", results, workdir)
    measure_writes(large, f"{args.contacts:,} contacts", results, workdir)
    return results


def report(results: Results, args: argparse.Namespace) -> bool:
    table = Table((44, "<"), (10, ">"), (8, ">"), (14, ">"), (6, "<"))
    print()
    print(f"fakewoot start-up: {machine()}, {results.rounds} rounds; medians")
    print(table.row("measurement", "median", "spread", "target", ""))
    print(table.rule)
    ok = True
    targets = {
        "ratio default/baseline": TARGET_COLD_RATIO,
        "ratio generated second/baseline": TARGET_COLD_RATIO,
        f"{args.contacts:,} contacts, second start": TARGET_LARGE_SECOND_S,
    }
    for name, values in results.times.items():
        value = med(values)
        unit = "" if name.startswith("ratio") else " s"
        target = targets.get(name)
        cells = [name, f"{value:.3f}{unit}", spread(values)]
        if target is not None:
            passed = value <= target
            ok = ok and passed
            cells += [f"<= {target:g}{unit}", verdict(passed)]
        print(table.row(*cells))
    print()
    for label, values in results.write_ms.items():
        size = results.size_bytes.get(label)
        sized = f", file {size / 1e6:.2f} MB" if size is not None else ""
        print(f"state file write per change, {label}: {statistics.median(values):.1f} ms{sized}")
    return ok


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=100_000, help="the large set (default 100000)")
    parser.add_argument("--generated", type=int, default=2_000, help="contacts of the generate: set")
    parser.add_argument("--quick", action="store_true", help="3 rounds, 20,000 contacts in the large set")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.contacts = 3, min(args.contacts, 20_000)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    watchdog = 3 * (BUILD_TIMEOUT + READY_TIMEOUT) + args.rounds * 120
    with guarded_run(watchdog, "fakewoot-bench-startup-") as workdir:
        results = run_benchmark(args, workdir)
        ok = report(results, args)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
