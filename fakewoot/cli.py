"""`fakewoot serve | fixtures check | scenario run`; every flag has a FAKEWOOT_* env twin (settings.py)."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fakewoot.settings import SIGNUP_MODES, Settings

# the default fixtures' API inbox (fakewoot/fixtures/default/fakewoot.yaml, README)
DEFAULT_INBOX_IDENTIFIER = "fakewootAcmeApiInbox0001"
DEFAULT_HMAC_TOKEN = "fakewootAcmeHmacToken001"
DEFAULT_CREDENTIALS = (
    ("administrator (Acme Inc, account 1)", "john@acme.inc", "Password1!", "fakewoot-admin-token"),
    ("agent (Acme Inc, account 1)", "jane@acme.inc", "Password1!", "fakewoot-agent-token"),
    ("administrator (Globex, account 2)", "hank@globex.test", "Password1!", "fakewoot-globex-admin-token"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fakewoot", description="A high-fidelity fake of the Chatwoot API.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the fake API")
    env = Settings.env_name
    serve.add_argument("--host", help=f"interface to bind (default 127.0.0.1; env {env('host')})")
    serve.add_argument("--port", type=int, help=f"port (default 3000; env {env('port')})")
    serve.add_argument(
        "--fixtures", type=Path, help=f"fixture folder (default: built-in; env {env('fixtures')})"
    )
    serve.add_argument(
        "--log-level",
        choices=["critical", "error", "warning", "info", "debug"],
        help=f"log level (default warning; env {env('log_level')})",
    )
    serve.add_argument(
        "--account-signup", choices=SIGNUP_MODES, help=f"ENABLE_ACCOUNT_SIGNUP (env {env('account_signup')})"
    )
    serve.add_argument(
        "--cable-strict",
        action="store_true",
        default=None,
        help=f"answer a bad RoomChannel token with reject_subscription (env {env('cable_strict')})",
    )
    serve.add_argument(
        "--cable-allowed-origins",
        help=f"comma-separated Origins allowed on /cable; default all (env {env('cable_allowed_origins')})",
    )
    serve.add_argument(
        "--control-token",
        help=f"require this X-Fakewoot-Token on /_fakewoot/* but health (env {env('control_token')})",
    )
    serve.add_argument(
        "--enable-inbox-events",
        action="store_true",
        default=None,
        help=f"send inbox_created/inbox_updated webhooks (env {env('enable_inbox_events')})",
    )
    serve.add_argument(
        "--webhook-timeout",
        type=float,
        help=f"seconds to connect and to read a delivery (default 5; env {env('webhook_timeout')})",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        help=f"seconds a client has to send a request's headers (default 10; env {env('header_timeout')})",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=float,
        help=f"seconds an idle keep-alive connection stays open (default 5; env {env('keep_alive_timeout')})",
    )
    serve.add_argument(
        "--shutdown-timeout",
        type=float,
        help=f"on SIGTERM/SIGINT, seconds in-flight requests get (default 5; env {env('shutdown_timeout')})",
    )
    serve.add_argument(
        "--cable-backlog",
        type=int,
        help=f"/cable frames queued for a client before it is cut off (10000; env {env('cable_backlog')})",
    )
    serve.add_argument(
        "--cable-pubsub-delay-ms",
        type=float,
        help=f"ms a /cable broadcast spends in the pubsub hop (5; env {env('cable_pubsub_delay_ms')})",
    )
    serve.add_argument(
        "--cors",
        help=f"all (default: any origin), public, off, or a list of origins (env {env('cors')})",
    )
    serve.add_argument(
        "--control-allowed-origins",
        help=f"browser Origins allowed on /_fakewoot too (env {env('control_allowed_origins')})",
    )
    serve.add_argument(
        "--fixture-roots",
        help=f"folders /_fakewoot/load and scenarios/run may read (env {env('fixture_roots')})",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        help=f"largest request body, else 413 (50 MiB; env {env('max_body_bytes')})",
    )
    serve.add_argument(
        "--journal-max-bytes",
        type=int,
        help=f"bytes the request journal keeps, oldest dropped (32 MiB; env {env('journal_max_bytes')})",
    )
    serve.add_argument(
        "--state-file",
        type=Path,
        help=f"load the state from this file if it exists, keep it saved there (env {env('state_file')})",
    )
    serve.add_argument(
        "--no-start-cache",
        dest="start_cache",
        action="store_false",
        default=None,
        help=f"always load the fixtures, never the cached state (env {env('start_cache')}=0)",
    )
    state = commands.add_parser("state", help="export or import a running fake's state (a state file)")
    state_commands = state.add_subparsers(dest="state_command", required=True)
    for name, what in (("export", "write the running fake's state to PATH"), ("import", "load PATH into it")):
        verb = state_commands.add_parser(name, help=what)
        verb.add_argument("path", type=Path, metavar="PATH")
        _add_target(verb)
    fixtures = commands.add_parser("fixtures", help="work with fixture sets")
    fixture_commands = fixtures.add_subparsers(dest="fixtures_command", required=True)
    check = fixture_commands.add_parser("check", help="validate a fixture folder without serving")
    check.add_argument("folder", type=Path)
    scenario = commands.add_parser("scenario", help="run scenario files against a running fake")
    scenario_commands = scenario.add_subparsers(dest="scenario_command", required=True)
    run = scenario_commands.add_parser("run", help="run a scenario file (exit 1 when a step fails)")
    run.add_argument("file", help="a scenario file, or a built-in example's name (customer_chat)")
    run.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a scenario variable (${NAME} in steps), e.g. --var hook=http://127.0.0.1:8000/hook",
    )
    _add_target(run)
    return parser


def _add_target(parser: argparse.ArgumentParser) -> None:
    """--url and --control-token: how a command reaches a running fake."""
    env = Settings.env_name
    parser.add_argument(
        "--control-token", help=f"the server's control token, if it has one (env {env('control_token')})"
    )
    parser.add_argument(
        "--url",
        help=f"the fake's base URL (default http://127.0.0.1:3000, from {env('host')} and {env('port')})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "fixtures":
        return _check(args.folder)
    if args.command == "scenario":
        return _run_scenario(args.file, args.url, args.control_token, args.var)
    if args.command == "state":
        from fakewoot.state_cli import transfer

        return transfer(args.state_command, args.path, args.url, args.control_token)
    try:
        settings = Settings.from_env(
            host=args.host,
            port=args.port,
            fixtures=args.fixtures,
            log_level=args.log_level,
            account_signup=args.account_signup,
            cable_strict=args.cable_strict,
            control_token=args.control_token,
            webhook_timeout=args.webhook_timeout,
            enable_inbox_events=args.enable_inbox_events,
            header_timeout=args.header_timeout,
            keep_alive_timeout=args.keep_alive_timeout,
            shutdown_timeout=args.shutdown_timeout,
            cable_backlog=args.cable_backlog,
            cable_pubsub_delay_ms=args.cable_pubsub_delay_ms,
            cable_allowed_origins=_list(args.cable_allowed_origins),
            cors=args.cors,
            control_allowed_origins=_list(args.control_allowed_origins),
            fixture_roots=_list(args.fixture_roots),
            max_body_bytes=args.max_body_bytes,
            journal_max_bytes=args.journal_max_bytes,
            state_file=args.state_file,
            start_cache=args.start_cache,
        )
    except ValueError as exc:
        print(f"fakewoot: bad setting: {exc}", file=sys.stderr)
        return 2
    return _serve(settings)


def _list(value: str | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(part.strip() for part in value.split(",") if part.strip())


def _check(folder: Path) -> int:
    """Parse, check references and load into a throwaway fake: what `serve` would refuse, this refuses."""
    from fakewoot.control import FakeChatwoot
    from fakewoot.seeding import FixtureError, fixture_files

    try:
        fake = FakeChatwoot(load=False)
        fake.load(folder, shipped=False)  # the files themselves, never the state shipped for them
    except FixtureError as exc:
        print(f"fakewoot: invalid fixtures:\n{exc}", file=sys.stderr)
        return 1
    state = fake.store.state
    contacts = sum(len(account.contacts) for account in state.accounts.values())
    print(
        f"fakewoot: {folder}: {len(fixture_files(folder))} file(s) OK: {len(state.accounts)} accounts, "
        f"{len(state.users)} users, {contacts} contacts"
    )
    return 0


def _run_scenario(file: str, url: str | None, control_token: str | None, pairs: Sequence[str] = ()) -> int:
    """Run one scenario against a running server; a per-step report, never a traceback."""
    from fakewoot.scenarios import ScenarioError, load_scenario, run_scenario

    variables: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            print(f"fakewoot: --var takes NAME=VALUE, not {pair!r}", file=sys.stderr)
            return 2
        variables[name.strip()] = value

    try:
        settings = Settings.from_env(control_token=control_token)
    except ValueError as exc:
        print(f"fakewoot: bad setting: {exc}", file=sys.stderr)
        return 2
    url = base_url(settings, url)
    try:
        scenario = load_scenario(file)
    except ScenarioError as exc:
        print(f"fakewoot: invalid scenario:\n{exc}", file=sys.stderr)
        return 1
    try:
        result = run_scenario(url, scenario, control_token=settings.control_token, variables=variables)
    except Exception as exc:  # never a traceback: name what went wrong
        print(f"fakewoot: scenario {file} could not run against {url}: {exc}", file=sys.stderr)
        return 1
    print(result.report(), flush=True)
    if not result.ok:
        print(f"fakewoot: scenario failed: {result.failure}", file=sys.stderr)
        return 1
    return 0


def base_url(settings: Settings, url: str | None) -> str:
    """--url, else the fake this machine's settings (host, port) point at."""
    if url is not None:
        return url
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    return f"http://{host}:{settings.port}"


def _serve(settings: Settings) -> int:
    if settings.account_signup not in SIGNUP_MODES:
        print(
            f"fakewoot: bad setting: account signup must be one of {', '.join(SIGNUP_MODES)}", file=sys.stderr
        )
        return 2
    # Until the state is loaded nearly everything allocated lives on (modules, classes, records):
    # collections would free nothing and cost about 5 ms of the start.
    gc.disable()
    from fakewoot.server import serve
    from fakewoot.state_cli import StartError, open_state

    try:
        fake, writer, note = open_state(settings)
    except StartError as exc:
        print(f"fakewoot: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # a FixtureError: seeding (YAML, pydantic) is imported only when the fixtures are loaded
        seeding = sys.modules.get("fakewoot.seeding")
        if seeding is None or not isinstance(exc, seeding.FixtureError):
            raise
        print(f"fakewoot: invalid fixtures:\n{exc}", file=sys.stderr)
        return 1
    finally:
        gc.enable()
    url = f"http://{settings.host}:{settings.port}"
    print(f"fakewoot: {note}")
    print(f"fakewoot: serving a fake Chatwoot at {url}  (fixtures: {settings.fixtures})", flush=True)
    print(f"fakewoot: console (data, tokens, clock, timeline, scenarios): {url}/_fakewoot/", flush=True)
    if Path(settings.fixtures).resolve() == Path(Settings().fixtures).resolve():
        print("fakewoot: default credentials (password, api_access_token):")
        for role, email, password, token in DEFAULT_CREDENTIALS:
            print(f"  {role:38} {email:20} {password:12} {token}")
        print("  platform app token: fakewoot-platform-token    agent bot token: fakewoot-bot-token")
        client_api = f"{url}/public/api/v1/inboxes/{DEFAULT_INBOX_IDENTIFIER}"
        print(f"  Client API (inbox 1, HMAC key {DEFAULT_HMAC_TOKEN}): {client_api}")
        print(
            f"fakewoot: try:  curl -s -H 'api_access_token: fakewoot-admin-token' {url}/api/v1/profile",
            flush=True,
        )
    # until SIGTERM/SIGINT; then /cable sockets get ActionCable's server_restart disconnect frame,
    # requests in flight get --shutdown-timeout seconds, and the fake's background work stops
    try:
        serve(
            fake,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level,
            access_log=settings.log_level in ("info", "debug"),
            on_shutdown=None if writer is None else writer.close,
        )
    finally:
        if writer is not None:
            writer.close()  # the last changes, after the server stopped
    return 0
