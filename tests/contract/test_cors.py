"""CORS as Chatwoot's config/initializers/cors.rb (rack-cors) sets it at v4.10: /public/api/* for every
origin; every path for every origin in development / CW_API_ONLY_SERVER (fakewoot's default), exposing
access-token, client, uid, expiry. The control API is never opened."""

from __future__ import annotations

import pytest

from fakewoot.cors import EXPOSE, MAX_AGE, METHODS
from tests.conftest import ADMIN_TOKEN, token

SITE = "http://localhost:5173"
PREFLIGHT = {
    "Origin": SITE,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type, api_access_token",
}


def test_preflight_is_answered_for_the_api(client):
    answer = client.request("OPTIONS", "/api/v1/accounts/1/contacts", headers=PREFLIGHT)
    assert answer.status_code == 200 and answer.content == b""
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-allow-methods"] == METHODS
    assert answer.headers["access-control-allow-headers"] == "content-type, api_access_token"
    assert answer.headers["access-control-expose-headers"] == EXPOSE
    assert answer.headers["access-control-max-age"] == MAX_AGE


def test_actual_requests_carry_the_headers_and_expose_the_session_ones(client):
    answer = client.get("/api/v1/profile", headers={**token(ADMIN_TOKEN), "Origin": SITE})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-expose-headers"] == EXPOSE
    errors = client.get("/api/v1/profile", headers={"Origin": SITE})  # a 401 is readable too
    assert errors.status_code == 401 and errors.headers["access-control-allow-origin"] == "*"
    assert (
        "access-control-allow-origin" not in client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).headers
    )


def test_the_control_api_is_never_opened(client):
    preflight = client.request("OPTIONS", "/_fakewoot/reset", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 404  # not answered: Rails has no OPTIONS route


@pytest.mark.parametrize("mode", ["public", "off"])
def test_production_and_off_modes(client, fake, monkeypatch, mode):
    monkeypatch.setattr(fake.settings, "cors", mode)
    api = client.request("OPTIONS", "/api/v1/accounts/1/contacts", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in api.headers
    public = client.request("OPTIONS", "/public/api/v1/inboxes/abc/contacts", headers=PREFLIGHT)
    if mode == "public":
        assert public.status_code == 200 and public.headers["access-control-allow-origin"] == "*"
        assert "access-control-expose-headers" not in public.headers
    else:
        assert "access-control-allow-origin" not in public.headers


def test_an_allow_list_echoes_the_origin(client, fake, monkeypatch):
    monkeypatch.setattr(fake.settings, "cors", f"{SITE}, http://localhost:3001")
    allowed = client.get("/api/v1/profile", headers={**token(ADMIN_TOKEN), "Origin": SITE})
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert allowed.headers["vary"] == "Origin"
    other = client.get("/api/v1/profile", headers={**token(ADMIN_TOKEN), "Origin": "http://evil.test"})
    assert "access-control-allow-origin" not in other.headers


def test_a_faulted_answer_is_readable_from_another_origin(client, fake):
    """rack-cors wraps the whole app: a browser sees the injected 503, not a CORS failure."""
    fake.fault("GET", "/api/v1/profile", status=503, body={"error": "down"})
    answer = client.get("/api/v1/profile", headers={**token(ADMIN_TOKEN), "Origin": SITE})
    assert answer.status_code == 503 and answer.json() == {"error": "down"}
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-expose-headers"] == EXPOSE
    fake.fault("GET", "/api/v1/profile", status=503)
    assert "access-control-allow-origin" not in client.get("/api/v1/profile").headers
