"""Shared fixtures: one fake per session, reset before every test; clients per transport.

Contract tests take `client`, which runs each test twice: in-process through httpx's
ASGITransport (driven from a blocking portal so tests stay synchronous) and over a real socket
against uvicorn in a thread. Both see only an httpx-style client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from fakewoot import FakeChatwoot, FrozenClock, SystemClock
from fakewoot.server import ServerThread
from tests.receivers import Receiver

pytest_plugins = ["pytester"]

ADMIN_TOKEN = "fakewoot-admin-token"
AGENT_TOKEN = "fakewoot-agent-token"
OTHER_ADMIN_TOKEN = "fakewoot-globex-admin-token"
BOT_TOKEN = "fakewoot-bot-token"
PLATFORM_TOKEN = "fakewoot-platform-token"
PASSWORD = "Password1!"
ADMIN_EMAIL = "john@acme.inc"
AGENT_EMAIL = "jane@acme.inc"
OTHER_ADMIN_EMAIL = "hank@globex.test"


@pytest.fixture(scope="session", autouse=True)
def _start_cache_in_a_temp_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every `fakewoot serve` the suite spawns keeps its start cache in a temp folder, never in the
    user's ~/.cache/fakewoot (XDG_CACHE_HOME is inherited by the subprocesses)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    yield
    mp.undo()


class PortalClient:
    """A synchronous face on httpx.AsyncClient(ASGITransport) (about 0.2 ms a request)."""

    def __init__(self, portal: BlockingPortal, client: httpx.AsyncClient) -> None:
        self._portal = portal
        self._client = client

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(lambda: self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@pytest.fixture(scope="session")
def session_fake() -> FakeChatwoot:
    return FakeChatwoot()


@pytest.fixture
def fake(session_fake: FakeChatwoot) -> Iterator[FakeChatwoot]:
    session_fake.reset()
    yield session_fake
    if not isinstance(session_fake.clock, SystemClock):  # a frozen clock would leak into later tests
        session_fake.set_clock(SystemClock())
        raise AssertionError("the test left the session's fake on a frozen clock: restore SystemClock()")
    errors = list(session_fake.server_errors)
    session_fake.server_errors.clear()
    if errors:
        raise errors[0]


@pytest.fixture
def freeze(fake: FakeChatwoot) -> Iterator[Callable[[float | datetime | str], FrozenClock]]:
    """`freeze(when)` puts the fake on a FrozenClock at `when` (Unix seconds, an aware datetime or an
    ISO-8601 string) and returns that clock; SystemClock() is back before `fake` checks the clock."""
    froze = False

    def freeze_at(when: float | datetime | str) -> FrozenClock:
        nonlocal froze
        clock = FrozenClock(when)
        fake.set_clock(clock)
        froze = True
        return clock

    yield freeze_at
    if froze:
        fake.set_clock(SystemClock())


@pytest.fixture(scope="session")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as portal:
        yield portal


@pytest.fixture(scope="session")
def server(session_fake: FakeChatwoot) -> Iterator[ServerThread]:
    with ServerThread(session_fake) as running:
        yield running


@pytest.fixture(scope="session")
def asgi_client(session_fake: FakeChatwoot, portal: BlockingPortal) -> Iterator[PortalClient]:
    async def make() -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=session_fake.app), base_url="http://fakewoot"
        )

    client = portal.call(make)
    yield PortalClient(portal, client)
    portal.call(client.aclose)


@pytest.fixture(scope="session")
def socket_client(server: ServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url) as client:
        yield client


@pytest.fixture(params=["asgi", "socket"])
def client(request: pytest.FixtureRequest, fake: FakeChatwoot) -> Any:
    """The same tests over both transports."""
    return request.getfixturevalue(f"{request.param}_client")


def token(value: str) -> dict[str, str]:
    return {"api_access_token": value}


def sign_in(client: Any, email: str = ADMIN_EMAIL, password: str = PASSWORD) -> dict[str, str]:
    """Sign in and return the devise_token_auth headers to send back."""
    response = client.post("/auth/sign_in", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {name: response.headers[name] for name in ("access-token", "client", "uid")}


@pytest.fixture
def events(fake: FakeChatwoot) -> Iterator[list[Any]]:
    """The domain events published during the test (unsubscribed afterwards)."""
    seen: list[Any] = []
    unsubscribe = fake.bus.subscribe(seen.append)
    yield seen
    unsubscribe()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP receiver on 127.0.0.1 that records every POST (tests/receivers.py)."""
    found = Receiver()
    yield found
    found.close()
