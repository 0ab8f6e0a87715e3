"""Port of spec/controllers/platform/api/v1/agent_bots_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_PLATFORM_INVALID_TOKEN, MSG_PLATFORM_NON_PERMISSIBLE
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_accounts import PLATFORM, SpecApp

SPEC = "spec/controllers/platform/api/v1/agent_bots_controller_spec.rb"
UPSTREAM_ITS = 22
IX = "GET /platform/api/v1/agent_bots"
G = "GET /platform/api/v1/agent_bots/{agent_bot_id}"
C = "POST /platform/api/v1/agent_bots/"
P = "PATCH /platform/api/v1/agent_bots/{agent_bot_id}"
D = "DELETE /platform/api/v1/agent_bots/{agent_bot_id}"
AV = "DELETE /platform/api/v1/agent_bots/{agent_bot_id}/avatar"
NO_APP = "when it is an unauthenticated platform app > returns unauthorized"
BAD_TOKEN = "when it is an invalid platform app token > returns unauthorized"
APP = "when it is an authenticated platform app"
NOT_PERMISSIBLE = f"{APP} > returns unauthorized when its not a permissible object"
INVALID = (401, {"error": MSG_PLATFORM_INVALID_TOKEN})
SKIPPED = {
    f"{P} > {APP} > updated avatar with avatar_url": (
        "not implemented: fetching an avatar from `avatar_url` (Avatar::AvatarFromUrlJob downloads it; "
        "the fake has no network and accepts the parameter without effect)"
    ),
}
PNG = ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")


@pytest.fixture
def bot(http):
    """`create(:agent_bot)`: a bot of no account, created by another platform app."""
    return ok(http.post("/platform/api/v1/agent_bots", json={"name": "Spec Bot"}, headers=PLATFORM))


@pytest.fixture
def app(fake):
    return SpecApp(fake)


def _routes(bot_id):
    one = f"/platform/api/v1/agent_bots/{bot_id}"
    return {
        IX: ("GET", "/platform/api/v1/agent_bots"),
        G: ("GET", one),
        C: ("POST", "/platform/api/v1/agent_bots/"),
        P: ("PATCH", one),
        D: ("DELETE", one),
        AV: ("DELETE", one + "/avatar"),
    }


@ports(
    f"{IX} > {NO_APP}",
    f"{G} > {NO_APP}",
    f"{C} > {NO_APP}",
    f"{P} > {NO_APP}",
    f"{AV} > when it is an unauthenticated user > returns unauthorized",
)
def test_every_endpoint_needs_a_platform_token(http, fake, bot):
    before = fake.snapshot()
    for it, (method, url) in _routes(bot["id"]).items():
        if it == D:
            continue
        response = http.request(method, url)
        assert (response.status_code, response.json()) == INVALID, it
    assert fake.snapshot() == before


@ports(
    f"{IX} > {BAD_TOKEN}",
    f"{G} > {BAD_TOKEN}",
    f"{C} > {BAD_TOKEN}",
    f"{P} > {BAD_TOKEN}",
    f"{D} > {NO_APP}",
    f"{D} > {APP} > returns unauthorized when its not a permissible object",
)
def test_every_endpoint_refuses_an_invalid_token(http, fake, bot):
    """Upstream's two DELETE `it`s both send `api_access_token: 'invalid'`."""
    before = fake.snapshot()
    for it, (method, url) in _routes(bot["id"]).items():
        response = http.request(method, url, json={}, headers=token("invalid"))
        assert (response.status_code, response.json()) == INVALID, it
    assert fake.snapshot() == before


@ports(f"{IX} > {APP} > returns unauthorized when its not a permissible object")
def test_index_lists_nothing_not_permissible(http, bot, app):
    assert ok(http.get("/platform/api/v1/agent_bots", headers=app.headers)) == []


@ports(f"{IX} > {APP} > shows a agent_bot when its permissible object")
def test_index_lists_permissible_bots(http, bot, app):
    app.permit("AgentBot", bot["id"])
    data = ok(http.get("/platform/api/v1/agent_bots", headers=app.headers))
    assert len(data) == 1
    assert data[0]["id"] == bot["id"]


@ports(f"{G} > {NOT_PERMISSIBLE}", f"{P} > {NOT_PERMISSIBLE}")
def test_record_endpoints_refuse_a_non_permissible_bot(http, fake, bot, app):
    for method in ("GET", "PATCH"):
        response = http.request(
            method, f"/platform/api/v1/agent_bots/{bot['id']}", json={"name": "test"}, headers=app.headers
        )
        assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_NON_PERMISSIBLE}), (
            method
        )
    assert fake.store.agent_bots.get(bot["id"]).name == "Spec Bot"


@ports(f"{G} > {APP} > shows a agent_bot when its permissible object")
def test_show(http, bot, app):
    app.permit("AgentBot", bot["id"])
    data = ok(http.get(f"/platform/api/v1/agent_bots/{bot['id']}", headers=app.headers))
    assert data["name"] == "Spec Bot"


@ports(f"{C} > {APP} > creates a new agent bot")
def test_create(http, fake, app):
    data = ok(http.post("/platform/api/v1/agent_bots/", json={"name": "test"}, headers=app.headers))
    assert data["name"] == "test"
    assert app.app.permissibles == {("AgentBot", data["id"])}
    assert data["access_token"] == fake.store.agent_bots.access_token(fake.store.agent_bots.get(data["id"]))


@ports(f"{P} > {APP} > updates the agent_bot")
def test_update(http, bot, app):
    app.permit("AgentBot", bot["id"])
    data = ok(
        http.patch(f"/platform/api/v1/agent_bots/{bot['id']}", json={"name": "test123"}, headers=app.headers)
    )
    assert data["name"] == "test123"


@ports(f"{P} > {APP} > updates avatar")
def test_update_avatar(http, fake, bot, app):
    app.permit("AgentBot", bot["id"])
    assert fake.store.agent_bots.get(bot["id"]).avatar_url == ""
    response = http.patch(
        f"/platform/api/v1/agent_bots/{bot['id']}",
        data={"name": "test123"},
        files={"avatar": PNG},
        headers=app.headers,
    )
    assert ok(response)["name"] == "test123"
    assert fake.store.agent_bots.get(bot["id"]).avatar_url.endswith("/avatar.png")


@ports(f"{D} > {APP} > returns deletes the account user")
def test_delete(http, fake, bot, app):
    app.permit("AgentBot", bot["id"])
    count = len(list(fake.store.state.agent_bots))
    response = http.delete(f"/platform/api/v1/agent_bots/{bot['id']}", headers=app.headers)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.agent_bots.get(bot["id"]) is None
    assert len(list(fake.store.state.agent_bots)) == count - 1


@ports(f"{AV} > when it is an authenticated user > delete agent_bot avatar")
def test_delete_avatar(http, fake, app):
    created = ok(
        http.post(
            "/platform/api/v1/agent_bots",
            data={"name": "Pic", "account_id": "1"},
            files={"avatar": PNG},
            headers=app.headers,
        )
    )
    thumbnails = {
        b["id"]: b["thumbnail"] for b in ok(http.get("/api/v1/accounts/1/agent_bots", headers=ADMIN))
    }
    assert thumbnails[created["id"]].endswith("/avatar.png")
    data = ok(http.delete(f"/platform/api/v1/agent_bots/{created['id']}/avatar", headers=app.headers))
    assert data["id"] == created["id"]
    assert fake.store.agent_bots.get(created["id"]).avatar_url == ""
    thumbnails = {
        b["id"]: b["thumbnail"] for b in ok(http.get("/api/v1/accounts/1/agent_bots", headers=ADMIN))
    }
    assert thumbnails[created["id"]] == ""
