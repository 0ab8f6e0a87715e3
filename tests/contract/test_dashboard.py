"""Chatwoot's dashboard routes (fakewoot/api/dashboard.py): `/` and `/app/*` send a browser to the
console; a JSON request to `/app/*` is DashboardController#ensure_html_format's 406 (source:
app/controllers/dashboard_controller.rb and config/routes.rb at v4.10); a JSON client at `/` keeps
fakewoot's 404."""

from __future__ import annotations

import pytest

from fakewoot.api.dashboard import CONSOLE_URL, MSG_DASHBOARD_JSON, wants_json
from fakewoot.version import __version__

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JSON = {"Accept": "application/json"}
NOT_ACCEPTABLE = {"error": MSG_DASHBOARD_JSON}
APP_PATHS = (
    "/app",
    "/app/",
    "/app/login",
    "/app/accounts/1/dashboard",
    "/app/accounts/1/settings/inboxes/new/5/agents",
    "/app/accounts/1/conversations/12/messages/3/a/b/c/d/e/f/g",  # 15 segments below /app
)


def test_a_browser_at_root_is_sent_to_the_console(client):
    response = client.get("/", headers=HTML, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == CONSOLE_URL
    assert response.headers["x-fakewoot-version"] == __version__
    assert response.content == b""


def test_a_json_client_at_root_keeps_the_404(client):
    for headers in ({}, JSON, {"Accept": "*/*"}):
        response = client.get("/", headers=headers, follow_redirects=False)
        assert response.status_code == 404
        assert response.json() == {"status": 404, "error": "Not Found"}
    assert client.post("/", headers=HTML).status_code == 404


@pytest.mark.parametrize("path", APP_PATHS)
def test_dashboard_paths_send_a_browser_to_the_console(client, path):
    for headers in (HTML, {}, {"Accept": "*/*"}, {"Accept": "application/json, */*"}):
        response = client.get(path, headers=headers, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (302, CONSOLE_URL), headers


@pytest.mark.parametrize("path", APP_PATHS)
def test_dashboard_paths_refuse_json_with_406(client, path):
    response = client.get(path, headers=JSON, follow_redirects=False)
    assert response.status_code == 406
    assert response.json() == NOT_ACCEPTABLE
    assert response.headers["content-type"] == "application/json; charset=utf-8"


def test_a_json_format_path_is_json_whatever_the_accept(client):
    response = client.get("/app/login.json", headers=HTML)
    assert (response.status_code, response.json()) == (406, NOT_ACCEPTABLE)
    assert client.get("/app/login.html", headers=JSON, follow_redirects=False).status_code == 302


def test_only_get_reaches_the_dashboard(client):
    for method in ("POST", "PATCH", "DELETE"):
        response = client.request(method, "/app/login", headers=JSON)
        assert response.status_code == 404, method


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        ("application/json", True),
        ("text/x-json", True),
        ("application/json; charset=utf-8", True),
        ("application/json, text/plain", True),
        ("text/plain;q=0.5, application/json", True),  # the higher q comes first
        ("text/html, application/json", False),
        ("application/json;q=0.1, text/html", False),
        ("application/json, */*", False),  # browser-like: HTML
        ("*/*", False),
        ("", False),
        ("application/json;q=abc, text/html", False),  # an unreadable q counts as 0
    ],
)
def test_wants_json_reads_accept_as_rails_negotiates(accept, json):
    assert wants_json("/app/login", accept) is json
