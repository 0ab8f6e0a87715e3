"""The pytest plugin (entry point `pytest11`): a fake Chatwoot per test session, back to its seeded
state before every test.

    def test_my_bot(fakewoot):
        my_bot.run(base_url=fakewoot.url, token=fakewoot.admin_token)
        fakewoot.assert_request_made("POST", "/api/v1/accounts/1/conversations/1/messages",
                                     json={"content": "Hello!"})

Configuration: override the `fakewoot_fixture_set` or `fakewoot_settings` fixtures, set the ini
option `fakewoot_fixtures`, or mark a test `@pytest.mark.fakewoot(fixtures=..., frozen_time=..., signup=...)`.
Cheap to import: uvicorn and the app load only when a test asks for the fixture.

Outgoing calls: `webhook_receiver` is a real HTTP server (one per session, cleared for every test) to
register as a webhook or bot URL; `fakewoot.webhooks` waits for and checks the deliveries:

    def test_my_app_gets_signed_messages(fakewoot, webhook_receiver):
        hook = fakewoot.store.webhooks.create(1, url=webhook_receiver.url_for("/hook"))
        fakewoot.client.post("/api/v1/accounts/1/conversations/1/messages", json={"content": "Hi"})
        delivery = fakewoot.webhooks.assert_delivered("message_created", data={"content": "Hi"})
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from fakewoot.testing.webhooks import WebhooksHandle

if TYPE_CHECKING:
    import httpx

    from fakewoot.control import FakeChatwoot
    from fakewoot.journal import Entry
    from fakewoot.server import ServerThread
    from fakewoot.settings import Settings
    from fakewoot.testing.receiver import WebhookReceiver

ADMIN_TOKEN = "fakewoot-admin-token"
AGENT_TOKEN = "fakewoot-agent-token"
PLATFORM_TOKEN = "fakewoot-platform-token"
BOT_TOKEN = "fakewoot-bot-token"
# the receivers a session serves (the webhook_receiver fixture's, and any watch()ed), per pytest run
RECEIVERS = pytest.StashKey[list[Any]]()
QUIESCE_SECONDS = 2.0  # at most this long after a test for its in-flight deliveries to be answered


def _receivers(config: pytest.Config) -> list[Any]:
    return config.stash.setdefault(RECEIVERS, [])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "fakewoot_fixtures", "fixture folder the fakewoot fixture loads (default: built-in)", default=""
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fakewoot(fixtures=None, frozen_time=None, signup=None): configure the fake Chatwoot for one "
        "test (fixtures: a built-in set's name or a folder; frozen_time: an ISO time or Unix seconds to "
        "freeze the clock at; signup: api_only/true/false)",
    )


class FakewootHandle:
    """What a test gets: the running fake, its URL and credentials, and assertions on its journal."""

    admin_token = ADMIN_TOKEN
    agent_token = AGENT_TOKEN
    platform_token = PLATFORM_TOKEN
    bot_token = BOT_TOKEN

    def __init__(self, fake: FakeChatwoot, server: ServerThread, receivers: list[Any] | None = None) -> None:
        self.fake = fake
        self.server = server
        self.frozen = False
        self._client: httpx.Client | None = None
        self.webhooks = WebhooksHandle(fake, [] if receivers is None else receivers)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def cable_url(self) -> str:
        return self.server.url.replace("http://", "ws://") + "/cable"

    @property
    def store(self) -> Any:
        return self.fake.store

    @property
    def journal(self) -> Any:
        return self.fake.journal

    @property
    def outbox(self) -> list[Any]:
        return self.fake.store.mailer.outbox()

    @property
    def client(self) -> httpx.Client:
        """An httpx client on the fake, authenticated as the default administrator."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(base_url=self.url, headers={"api_access_token": ADMIN_TOKEN})
        return self._client

    @property
    def clock(self) -> Any:
        return self.fake.clock

    @property
    def frames(self) -> list[tuple[float, str, int, str]]:
        """Every /cable frame sent and received in this test: (time, direction, connection id, text)."""
        return list(self.fake.frames)

    def freeze(self, when: float | str) -> None:
        """Freeze the clock at `when` (ISO time or Unix seconds) for the rest of the test."""
        from fakewoot.clock import FrozenClock

        self.fake.set_clock(FrozenClock(when))
        self.frozen = True

    def emit(self, event: str, data: dict[str, Any], *, to: str | int | None = None) -> None:
        self.fake.emit(event, data, to=to)

    def fault(self, method: str, path: str, **options: Any) -> Any:
        """The next matching requests fail: status/body, latency, or drop (see FakeChatwoot.fault)."""
        return self.fake.fault(method, path, **options)

    def advance(self, seconds: float) -> int:
        return self.fake.advance(seconds)

    def run_scenario(self, scenario: Any, variables: dict[str, Any] | None = None) -> Any:
        """Run a scenario (a file, a built-in example's name, or a mapping) against this server;
        a failing step fails the test (ScenarioFailed naming it). Returns the ScenarioResult.
        `variables`: `${name}` values for the run (`{"hook": webhook_receiver.url_for("/hook")}`)."""
        from fakewoot.scenarios import run_scenario

        return run_scenario(self.server, scenario, variables=variables).raise_for_failure()

    def requests(self, method: str | None = None, path: str | None = None, **filters: Any) -> list[Entry]:
        return self.fake.journal.requests(method, path, **filters)

    def assert_request_made(
        self, method: str, path: str, *, count: int | None = None, **filters: Any
    ) -> list[Entry]:
        found = self.requests(method, path, **filters)
        if not found or (count is not None and len(found) != count):
            seen = "\n".join(
                f"  {e.method} {e.path} -> {e.status} {e.params}" for e in list(self.journal.entries)
            )
            wanted = f"{method} {path} {filters}" + ("" if count is None else f" x{count}")
            raise AssertionError(
                f"fakewoot did not receive {wanted} (got {len(found)}); requests:\n{seen or '  none'}"
            )
        return found

    def assert_no_request(self, method: str | None = None, path: str | None = None, **filters: Any) -> None:
        found = self.requests(method, path, **filters)
        if found:
            raise AssertionError(
                f"fakewoot received {len(found)} unexpected request(s): "
                + ", ".join(f"{e.method} {e.path}" for e in found)
            )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


@pytest.fixture(scope="session")
def fakewoot_fixture_set(pytestconfig: pytest.Config) -> Path | None:
    """The fixture folder to load: the ini option `fakewoot_fixtures`, else the built-in default set."""
    value = str(pytestconfig.getini("fakewoot_fixtures") or "")
    return Path(pytestconfig.rootpath, value) if value else None


@pytest.fixture(scope="session")
def fakewoot_settings() -> Settings:
    """Override to change the fake's settings for the whole session."""
    from fakewoot.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def fakewoot_session(
    fakewoot_settings: Settings, fakewoot_fixture_set: Path | None, pytestconfig: pytest.Config
) -> Iterator[FakewootHandle]:
    """One fake and one server (uvicorn in a thread, a free port) per session (per xdist worker)."""
    from fakewoot.control import FakeChatwoot
    from fakewoot.server import ServerThread

    fake = FakeChatwoot(fakewoot_settings, fixtures=fakewoot_fixture_set)
    server = ServerThread(fake).start()
    handle = FakewootHandle(fake, server, _receivers(pytestconfig))
    try:
        yield handle
    finally:
        handle.close()
        server.stop()
        fake.close()


class TenantHandle:
    """A fresh account of its own inside the session's fake (no reset): its id, an administrator's
    and an agent's tokens, an API inbox, and the journal seen through that account only."""

    def __init__(
        self, session: FakewootHandle, account_id: int, admin_token: str, agent_token: str, inbox_id: int
    ) -> None:
        self.session = session
        self.account_id = account_id
        self.admin_token = admin_token
        self.agent_token = agent_token
        self.inbox_id = inbox_id
        self.webhooks = WebhooksHandle(session.fake, session.webhooks.receivers, account_id=account_id)

    @property
    def url(self) -> str:
        return self.session.url

    @property
    def fake(self) -> FakeChatwoot:
        return self.session.fake

    def requests(self, method: str | None = None, path: str | None = None, **filters: Any) -> list[Entry]:
        return self.session.requests(method, path, account_id=self.account_id, **filters)

    def assert_request_made(self, method: str, path: str, **filters: Any) -> list[Entry]:
        return self.session.assert_request_made(method, path, account_id=self.account_id, **filters)


@pytest.fixture
def fakewoot_tenant(fakewoot_session: FakewootHandle, request: pytest.FixtureRequest) -> TenantHandle:
    """Per-test isolation without a reset: a new account with its own users, tokens and inbox, so
    tests sharing one server (or running concurrently against it) never see each other's data."""
    store = fakewoot_session.fake.store
    tag = store.state.tokens.hex(8)
    account = store.accounts.create(name=f"Tenant {tag}")
    tokens = []
    for role in ("administrator", "agent"):
        token = f"tenant-{tag}-{role}"
        user = store.users.create(
            name=f"{role.title()} {tag}",
            email=f"{role}-{tag}@tenant.test",
            password="Password1!",
            access_token=token,
        )
        store.account_users.add(account_id=account.id, user_id=user.id, role=role)
        tokens.append(token)
    inbox = store.inboxes.create(account_id=account.id, name=f"API {tag}")
    agent = store.users.by_email(f"agent-{tag}@tenant.test")
    inbox.members = [] if agent is None else [agent.id]
    return TenantHandle(fakewoot_session, account.id, tokens[0], tokens[1], inbox.id)


class InProcessHandle:
    """No server: the fake, its ASGI app, and an `httpx.AsyncClient` over it (about 0.2 ms a request)."""

    def __init__(self, fake: FakeChatwoot, receivers: list[Any] | None = None) -> None:
        import httpx

        self.fake = fake
        self.app = fake.app
        # waits block the calling thread (deliveries are sent from their own thread meanwhile)
        self.webhooks = WebhooksHandle(fake, [] if receivers is None else receivers)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=fake.app),
            base_url="http://fakewoot",
            headers={"api_access_token": ADMIN_TOKEN},
        )


@pytest.fixture(scope="session")
def fakewoot_inprocess_session(
    fakewoot_settings: Settings, fakewoot_fixture_set: Path | None
) -> Iterator[FakeChatwoot]:
    from fakewoot.control import FakeChatwoot

    fake = FakeChatwoot(fakewoot_settings, fixtures=fakewoot_fixture_set)
    try:
        yield fake
    finally:
        fake.close()


@pytest.fixture
def fakewoot_inprocess(
    fakewoot_inprocess_session: FakeChatwoot, request: pytest.FixtureRequest
) -> Iterator[InProcessHandle]:
    """The in-process variant for async tests: reset before each test; `.client` is authenticated as
    the administrator; a server-side error fails the test."""
    fake = fakewoot_inprocess_session
    fake.reset()
    yield InProcessHandle(fake, _receivers(request.config))
    _quiesce(fake)
    errors = list(fake.server_errors)
    fake.server_errors.clear()
    if errors:
        raise errors[0]


def _marked_fixture_set(value: object, rootpath: Path) -> Path | None:
    """`fixtures=` on the marker: a built-in set's name (`minimal`) or a folder (relative to rootdir)."""
    if value is None:
        return None
    from fakewoot.settings import DEFAULT_FIXTURES

    builtin = DEFAULT_FIXTURES.parent / str(value)
    if isinstance(value, str) and "/" not in value and (builtin / "fakewoot.yaml").exists():
        return builtin
    return Path(rootpath, str(value))


@pytest.fixture
def fakewoot(fakewoot_session: FakewootHandle, request: pytest.FixtureRequest) -> Iterator[FakewootHandle]:
    """The session's fake, reset to its seeded state; a server-side error fails the test that caused it."""
    from fakewoot.clock import FrozenClock, SystemClock

    fake = fakewoot_session.fake
    marker = request.node.get_closest_marker("fakewoot")
    options = dict(marker.kwargs) if marker is not None else {}
    original_signup = fake.settings.account_signup
    if options.get("frozen_time") is not None:
        fake.set_clock(FrozenClock(options["frozen_time"]))
    if options.get("signup") is not None:
        fake.settings.account_signup = str(options["signup"])
    marked_set = _marked_fixture_set(options.get("fixtures"), request.config.rootpath)
    session_set = fake.fixtures
    if marked_set is not None:
        try:
            fake.load(marked_set)  # this test's seed; the session's set is loaded back afterwards
        except Exception:  # all or nothing: the fake keeps the session's set; undo this test's options
            fake.settings.account_signup = original_signup
            if options.get("frozen_time") is not None:
                fake.set_clock(SystemClock())
            raise
    fake.reset()
    try:
        yield fakewoot_session
    finally:
        _quiesce(fake)
        errors = list(fake.server_errors)
        fake.server_errors.clear()
        fake.settings.account_signup = original_signup
        if marked_set is not None and session_set is not None:
            fake.load(session_set)
        if options.get("frozen_time") is not None or fakewoot_session.frozen:
            fake.set_clock(SystemClock())
            fakewoot_session.frozen = False
        if errors:
            raise errors[0]


def _quiesce(fake: FakeChatwoot) -> None:
    """After a test: nothing it queued, held or left retrying is sent any more, and what is already
    on the wire is answered first (at most QUIESCE_SECONDS), so no call of this test reaches a
    receiver during the next one."""
    deliveries = fake.deliveries
    pending = [d for d in deliveries.journal if not d.done]
    if not pending:
        return
    deliveries.reset()
    sending = [d for d in pending if d.state == "sending"]
    if sending:
        deliveries.journal.wait(lambda: all(d.state != "sending" for d in sending), QUIESCE_SECONDS)


@pytest.fixture(scope="session")
def webhook_receiver_session(pytestconfig: pytest.Config) -> Iterator[WebhookReceiver]:
    """One WebhookReceiver per session (per xdist worker), watched by `fakewoot.webhooks`."""
    from fakewoot.testing.receiver import WebhookReceiver

    receiver = WebhookReceiver().start()
    receivers = _receivers(pytestconfig)
    receivers.append(receiver)
    try:
        yield receiver
    finally:
        receivers.remove(receiver)
        receiver.stop()


@pytest.fixture
def webhook_receiver(webhook_receiver_session: WebhookReceiver) -> Iterator[WebhookReceiver]:
    """A real HTTP server on 127.0.0.1 to register as a webhook, a bot's `outgoing_url` or an API
    inbox's `webhook_url` (`.url_for("/hook")`): it records every request and answers 200 unless
    scripted (`respond()`, `handle()`). Shared by the session, emptied and unscripted for every
    test; an exception in a `handle()` callable fails the test."""
    receiver = webhook_receiver_session
    receiver.reset()
    yield receiver
    errors = list(receiver.errors)
    receiver.reset()
    if errors:
        raise errors[0]
