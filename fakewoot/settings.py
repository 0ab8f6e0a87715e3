"""The one place environment variable names and defaults are spelled."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field, fields
from pathlib import Path

from fakewoot.records import dataclass

DEFAULT_FIXTURES = Path(__file__).parent / "fixtures" / "default"
ENV_PREFIX = "FAKEWOOT_"
SIGNUP_API_ONLY = "api_only"
SIGNUP_WEB = "true"
SIGNUP_OFF = "false"
SIGNUP_MODES = (SIGNUP_API_ONLY, SIGNUP_WEB, SIGNUP_OFF)


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


MAX_WEBHOOK_TIMEOUT = 3600.0
MAX_CONNECTION_TIMEOUT = 3600.0


@dataclass(slots=True)
class Settings:
    host: str = field(default="127.0.0.1", metadata={"env": "HOST"})
    port: int = field(default=3000, metadata={"env": "PORT"})
    fixtures: Path = field(default=DEFAULT_FIXTURES, metadata={"env": "FIXTURES"})
    log_level: str = field(default="warning", metadata={"env": "LOG_LEVEL"})
    # Chatwoot's ENABLE_ACCOUNT_SIGNUP: "api_only" (default: signup answers with the user and
    # session headers, as an API-only install does), "true" (newer web signup: `{"email": ...}`
    # only, no session), "false" (POST /api/v1/accounts answers 404).
    account_signup: str = field(default="api_only", metadata={"env": "ACCOUNT_SIGNUP"})
    # FRONTEND_URL: the base of links in emails and platform SSO URLs; unset, the URL the
    # request came in on (so the SSO link points back at this fake).
    frontend_url: str | None = field(default=None, metadata={"env": "FRONTEND_URL"})
    # MAILER_SENDER_EMAIL: what `support_email` falls back to when an account has none.
    mailer_sender_email: str = field(
        default="Chatwoot <accounts@chatwoot.com>", metadata={"env": "MAILER_SENDER_EMAIL"}
    )
    # what GET /api/v1/accounts/:id reports as latest_chatwoot_version (null unless set)
    latest_chatwoot_version: str | None = field(default=None, metadata={"env": "LATEST_CHATWOOT_VERSION"})
    # /cable: answer a bad RoomChannel token with reject_subscription (Chatwoot sends nothing)
    cable_strict: bool = field(default=False, metadata={"env": "CABLE_STRICT"})
    # /cable: allowed Origin headers, comma-separated; empty allows every origin
    cable_allowed_origins: tuple[str, ...] = field(default=(), metadata={"env": "CABLE_ALLOWED_ORIGINS"})
    # seed of every generated token (same seed, same tokens)
    seed: int = field(default=0, metadata={"env": "SEED"})
    # /_fakewoot control API: when set, every control request but health needs X-Fakewoot-Token
    control_token: str | None = field(default=None, metadata={"env": "CONTROL_TOKEN"})
    # CORS (fakewoot/cors.py): "all" (development / API-only Chatwoot: every path, any origin),
    # "public" (production: /public/api/* only), "off", or a comma-separated list of origins
    cors: str = field(default="all", metadata={"env": "CORS"})
    # /_fakewoot control API: browser Origins allowed besides the server's own loopback origin
    control_allowed_origins: tuple[str, ...] = field(default=(), metadata={"env": "CONTROL_ALLOWED_ORIGINS"})
    # folders POST /_fakewoot/load and /_fakewoot/scenarios/run may read, besides the built-in sets and
    # the folder the server was started with (comma-separated)
    fixture_roots: tuple[str, ...] = field(default=(), metadata={"env": "FIXTURE_ROOTS"})
    # the largest request body accepted (bytes); past it 413
    max_body_bytes: int = field(default=50 * 1024 * 1024, metadata={"env": "MAX_BODY_BYTES"})
    # the request journal keeps entries up to this many bytes (oldest dropped and counted)
    journal_max_bytes: int = field(default=32 * 1024 * 1024, metadata={"env": "JOURNAL_MAX_BYTES"})
    # send deliveries from a child process (their HTTP client then costs the API nothing); false:
    # from a thread of this process
    delivery_process: bool = field(default=True, metadata={"env": "DELIVERY_PROCESS"})
    # ENABLE_INBOX_EVENTS (Chatwoot's env, unset by default): only with it do inbox_created and
    # inbox_updated reach webhooks (Inbox#dispatch_create_event / dispatch_update_event)
    enable_inbox_events: bool = field(default=False, metadata={"env": "ENABLE_INBOX_EVENTS"})
    # WEBHOOK_TIMEOUT (Chatwoot's installation config): seconds to connect and to read a webhook
    # or agent bot delivery; Chatwoot's default is 5
    webhook_timeout: float = field(default=5.0, metadata={"env": "WEBHOOK_TIMEOUT"})
    # seconds a client has to send a request's headers (from its first byte; from the connection's
    # opening for the first request); past it the connection is closed unanswered (slowloris)
    header_timeout: float = field(default=10.0, metadata={"env": "HEADER_TIMEOUT"})
    # seconds an idle keep-alive connection stays open after a response
    keep_alive_timeout: float = field(default=5.0, metadata={"env": "KEEP_ALIVE_TIMEOUT"})
    # on shutdown (SIGTERM/SIGINT, ServerThread.stop): seconds requests in flight get to finish
    shutdown_timeout: float = field(default=5.0, metadata={"env": "SHUTDOWN_TIMEOUT"})
    # /cable: frames waiting for one client; past it the client is disconnected (it cannot keep up)
    cable_backlog: int = field(default=10_000, metadata={"env": "CABLE_BACKLOG"})
    # /cable: milliseconds a broadcast spends in the pubsub hop (Rails' Redis adapter) before it
    # reaches subscribers, so it never lands in the same read as a confirmation; 0 sends at once
    cable_pubsub_delay_ms: float = field(default=5.0, metadata={"env": "CABLE_PUBSUB_DELAY_MS"})
    # `fakewoot serve`: load the state from this file when it exists (else seed from the fixtures),
    # keep it up to date (about a second behind) and write it on shutdown (fakewoot/persistence.py)
    state_file: Path | None = field(default=None, metadata={"env": "STATE_FILE"})
    # `fakewoot serve`: reuse the state a fixture set loaded into at an earlier start, cached under
    # $XDG_CACHE_HOME/fakewoot (or ~/.cache/fakewoot) by the set's content and fakewoot's code
    start_cache: bool = field(default=True, metadata={"env": "START_CACHE"})

    def __post_init__(self) -> None:
        for name in ("header_timeout", "keep_alive_timeout", "shutdown_timeout"):
            if not 0 < getattr(self, name) <= MAX_CONNECTION_TIMEOUT:  # also refuses NaN
                raise ValueError(f"{name} must be more than 0 and at most {MAX_CONNECTION_TIMEOUT:g} seconds")
        if self.cable_backlog < 1:
            raise ValueError("cable_backlog must be at least 1")
        if not 0 <= self.cable_pubsub_delay_ms <= MAX_CONNECTION_TIMEOUT * 1000:  # also refuses NaN
            raise ValueError("cable_pubsub_delay_ms must be from 0 to 3600000 milliseconds")
        if self.max_body_bytes < 1024 or self.journal_max_bytes < 1024:
            raise ValueError("max_body_bytes and journal_max_bytes must be at least 1024")
        if not 0 < self.webhook_timeout <= MAX_WEBHOOK_TIMEOUT:  # also refuses NaN
            raise ValueError(
                f"webhook_timeout must be more than 0 and at most {MAX_WEBHOOK_TIMEOUT:g} seconds"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            name = ENV_PREFIX + str(spec.metadata["env"])
            if name in environ:
                values[spec.name] = _convert(spec.type, environ[name])
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]

    @staticmethod
    def env_name(attribute: str) -> str:
        for spec in fields(Settings):
            if spec.name == attribute:
                return ENV_PREFIX + str(spec.metadata["env"])
        raise KeyError(attribute)


def _convert(kind: object, raw: str) -> object:
    text = str(kind)
    if text == "int":
        return int(raw)
    if text == "float":
        return float(raw)
    if text == "bool":
        return _bool(raw)
    if text == "Path":
        return Path(raw)
    if text == "Path | None":
        return Path(raw) if raw else None
    if text == "str | None":
        return raw or None
    if text == "tuple[str, ...]":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw
