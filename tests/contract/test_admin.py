"""The /_fakewoot control API: health, reset, named snapshots, load, request journal, clock."""

from __future__ import annotations

from fakewoot.clock import SystemClock
from fakewoot.settings import DEFAULT_FIXTURES
from tests.conftest import ADMIN_TOKEN, token


def test_health_reset_and_snapshots(client, fake):
    assert client.get("/_fakewoot/health").json()["status"] == "ok"
    client.post(
        "/api/v1/accounts/1/contacts",
        json={"name": "Kept", "email": "kept@x.test"},
        headers=token(ADMIN_TOKEN),
    )
    assert client.post("/_fakewoot/snapshots/with-kept").json() == {"saved": "with-kept"}
    assert client.post("/_fakewoot/reset").json() == {"reset": True}
    assert "kept@x.test" not in fake.store.account(1).contact_emails
    assert client.post("/_fakewoot/snapshots/with-kept/restore").status_code == 200
    assert "kept@x.test" in fake.store.account(1).contact_emails
    assert client.post("/_fakewoot/snapshots/nope/restore").status_code == 404
    fake.named_snapshots.clear()


def test_request_journal(client, fake):
    client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))
    client.post(
        "/api/v1/accounts/1/contacts", json={"name": "J", "email": "j@x.test"}, headers=token(ADMIN_TOKEN)
    )
    rows = client.get("/_fakewoot/requests?method=POST").json()
    assert [(r["path"], r["status"], r["account_id"], r["params"]["email"]) for r in rows] == [
        ("/api/v1/accounts/1/contacts", 200, 1, "j@x.test")
    ]
    assert (
        client.get("/_fakewoot/requests?status=200&path=/api/v1/profile").json()[0]["route"]
        == "profiles.show"
    )


def test_request_journal_by_body_fields_and_headers(client, fake):
    client.post(
        "/api/v1/accounts/1/contacts",
        json={"name": "Body", "email": "body@x.test", "custom_attributes": {"tier": 2, "vip": True}},
        headers={**token(ADMIN_TOKEN), "X-Trace": "t-1"},
    )
    client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))

    def paths(query):
        response = client.get(f"/_fakewoot/requests?{query}")
        assert response.status_code == 200
        return [row["path"] for row in response.json()]

    assert paths("body.email=body@x.test") == ["/api/v1/accounts/1/contacts"]
    assert paths("body.custom_attributes.tier=2&body.custom_attributes.vip=true") == [
        "/api/v1/accounts/1/contacts"
    ]
    assert paths("body.email=other@x.test") == []
    assert paths("body.custom_attributes.missing=2") == []
    assert paths("header.x-trace=t-1") == ["/api/v1/accounts/1/contacts"]
    assert paths("header.X-Trace=t-1&method=GET") == []
    assert len(paths(f"header.api_access_token={ADMIN_TOKEN}")) == 2
    row = client.get("/_fakewoot/requests?header.x-trace=t-1").json()[0]
    assert row["headers"]["x-trace"] == "t-1" and row["params"]["name"] == "Body"


def test_clock_freeze_advance_unfreeze(client, fake):
    try:
        frozen = client.post("/_fakewoot/clock", json={"freeze": "2024-06-01T00:00:00Z"}).json()
        assert frozen == {"now": "2024-06-01T00:00:00.000Z", "frozen": True}
        conversation = fake.store.conversations.by_display_id(1, 1)
        fake.store.conversations.set_status(conversation, "snoozed", snoozed_until=fake.clock.now() + 120)
        assert (
            client.post("/_fakewoot/clock", json={"advance": 120}).json()["now"] == "2024-06-01T00:02:00.000Z"
        )
        assert conversation.status == "open"
        assert client.post("/_fakewoot/clock", json={"advance": -1}).status_code == 422
        assert client.post("/_fakewoot/clock", json={"freeze": "not a time"}).status_code == 422
        assert client.post("/_fakewoot/clock", json={"unfreeze": True}).json()["frozen"] is False
    finally:
        fake.set_clock(SystemClock())


def test_load_another_fixture_set(client, fake, tmp_path, monkeypatch):
    (tmp_path / "set.yaml").write_text("accounts: [{id: 3, name: Loaded}]\n")
    monkeypatch.setattr(fake.settings, "fixture_roots", (str(tmp_path),))
    try:
        assert client.post("/_fakewoot/load", json={"fixtures": str(tmp_path)}).status_code == 200
        assert list(fake.store.state.accounts) == [3]
        bad = client.post("/_fakewoot/load", json={"fixtures": str(tmp_path / "missing")})
        assert bad.status_code == 422 and "not a folder" in bad.json()["error"]
        assert list(fake.store.state.accounts) == [3]  # a failed load changes nothing
        client.post("/_fakewoot/reset")
        assert list(fake.store.state.accounts) == [3]  # and the seed survives it
        assert client.post("/_fakewoot/load", json={"fixtures": "minimal"}).status_code == 200
    finally:
        fake.load(DEFAULT_FIXTURES)


def test_a_failed_load_keeps_the_state_and_the_seed(client, fake, tmp_path, monkeypatch):
    (tmp_path / "set.yaml").write_text("accounts: [{id: 3, name: Loaded}]\nusers: [{id: 1, name: x}]\n")
    monkeypatch.setattr(fake.settings, "fixture_roots", (str(tmp_path),))
    client.post(
        "/api/v1/accounts/1/contacts",
        json={"name": "Kept", "email": "kept@x.test"},
        headers=token(ADMIN_TOKEN),
    )
    bad = client.post("/_fakewoot/load", json={"fixtures": str(tmp_path)})
    assert bad.status_code == 422
    assert "kept@x.test" in fake.store.account(1).contact_emails
    client.post("/_fakewoot/reset")
    assert client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200


def test_load_and_scenarios_read_only_under_the_fixture_roots(client, fake, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    for path in (str(tmp_path), "/etc", "../../etc", str(secret)):
        refused = client.post("/_fakewoot/load", json={"fixtures": path})
        assert refused.status_code == 422 and "fixture roots" in refused.json()["error"], path
        assert "hunter2" not in refused.text
        ran = client.post("/_fakewoot/scenarios/run", json={"path": path})
        assert ran.status_code == 422 and "hunter2" not in ran.text, path
    assert client.post("/_fakewoot/scenarios/run", json={"path": "customer_chat"}).json()["ok"] is True


def test_faults_status_latency_and_count(socket_client, fake):
    import time

    fake.fault("GET", "/api/v1/profile", status=503, body={"error": "maintenance"}, times=2)
    for _ in range(2):
        response = socket_client.get("/api/v1/profile", headers=token(ADMIN_TOKEN))
        assert (response.status_code, response.json()) == (503, {"error": "maintenance"})
    assert socket_client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200
    fake.fault("*", "/api/v1/accounts/*", latency=0.3)
    started = time.perf_counter()
    assert socket_client.get("/api/v1/accounts/1", headers=token(ADMIN_TOKEN)).status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_dropped_connection(socket_client, fake):
    import httpx
    import pytest

    fake.fault("POST", "/api/v1/accounts/1/contacts", drop=True)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a reset may win the race
        socket_client.post("/api/v1/accounts/1/contacts", json={"name": "x"}, headers=token(ADMIN_TOKEN))
    again = socket_client.post(
        "/api/v1/accounts/1/contacts", json={"name": "y", "email": "y@x.test"}, headers=token(ADMIN_TOKEN)
    )
    assert again.status_code == 200  # only the next request was dropped, and nothing was created before


def test_faults_over_the_admin_api(client, fake):
    assert (
        client.post(
            "/_fakewoot/faults",
            json={"method": "get", "path": "/api/v1/profile", "status": 429, "body": {"error": "slow down"}},
        ).status_code
        == 200
    )
    assert client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 429
    client.post("/_fakewoot/faults", json={"path": "/api/v1/*", "status": 500, "times": -1})
    assert client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 500
    assert client.request("DELETE", "/_fakewoot/faults").json() == {"cleared": True}
    assert client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).status_code == 200
    assert client.post("/_fakewoot/faults", json={}).status_code == 422


def test_state_dump(client, fake):
    body = client.get("/_fakewoot/state").json()
    assert list(body) == ["users", "access_tokens", "platform_apps", "agent_bots", "accounts", "outbox"]
    assert "password_digest" not in body["users"][0] and body["users"][0]["email"] == "john@acme.inc"
    acme = body["accounts"][0]
    assert acme["name"] == "Acme Inc" and len(acme["contacts"]) == 7 and len(acme["conversations"]) == 3
    assert acme["contacts"][0]["labels"] == ["vip", "support"]


def test_a_name_the_file_system_refuses_is_a_422(client):
    for path in ("x" * 300, "a\x00b"):
        assert client.post("/_fakewoot/scenarios/run", json={"path": path}).status_code == 422
        assert client.post("/_fakewoot/load", json={"fixtures": path}).status_code == 422
