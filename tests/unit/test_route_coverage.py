"""Every route Chatwoot v4.10 has is served (implemented or a 501 naming it), never a 404; fakewoot
adds no route upstream lacks beyond the ones it adopted on purpose."""

from __future__ import annotations

import re

from fakewoot.api import all_routes, build_router
from fakewoot.api.routing import Route, Router
from fakewoot.api.upstream import coverage, upstream_routes
from fakewoot.errors import MSG_NOT_IMPLEMENTED

# routes upstream lacks at v4.10 that fakewoot serves on purpose (docs/fidelity.md)
ADOPTED = {
    ("POST", "inboxes.reset_secret"),  # later upstream, with signed API-inbox callbacks
    ("POST", "agent_bots.reset_secret"),  # later upstream, with signed bot deliveries
    ("GET", "contacts.show"),  # GET /contacts/filter|import|export: Rails routes them to show (:id)
    # root / and /app(/*) (config/routes.rb: dashboard#index, outside the API tables): the console
    ("GET", "dashboard.index"),
    # the ActiveStorage engine's routes (activestorage 7.1 config/routes.rb, /rails/active_storage)
    ("POST", "active_storage/direct_uploads.create"),
    ("PUT", "active_storage/disk.update"),
    ("GET", "active_storage/disk.show"),
    ("GET", "active_storage/blobs/redirect.show"),
    ("GET", "active_storage/blobs/proxy.show"),
    ("GET", "active_storage/representations/redirect.show"),
    ("GET", "active_storage/representations/proxy.show"),
}


def test_the_table_is_chatwoots_api() -> None:
    rows = upstream_routes()
    assert len(rows) > 400
    assert {row.group for row in rows} == {"application", "reports", "platform", "public", "widget", "auth"}
    assert ("GET", "/api/v1/accounts/:account_id/conversations/:id") in {(r.method, r.path) for r in rows}
    assert all(row.edition in ("oss", "enterprise") for row in rows)


def test_every_upstream_route_is_served() -> None:
    router = build_router()
    unserved = [f"{r.method} {r.path}" for r in upstream_routes() if router.match(r.method, r.sample) is None]
    assert unserved == []


def test_no_invented_routes() -> None:
    upstream = Router(
        [Route(r.method, r.pattern, all_routes()[0].handler, r.target) for r in upstream_routes()]
    )
    extra = {
        (route.method, route.name)
        for route in all_routes()
        # Rails routes take an optional format: `/reports/agents.csv` is `/reports/agents`
        if upstream.match(route.method, re.sub(r"\.csv$", "", re.sub(r"\{[^}]+\}", "1", route.path))) is None
    }
    assert extra <= ADOPTED, extra - ADOPTED


def test_coverage_counts_add_up() -> None:
    counts = coverage(build_router())
    assert sum(total for _, total in counts.values()) == len(upstream_routes())
    done, total = counts[("platform", "oss")]
    assert 0 < done <= total


def test_a_route_from_the_table_answers_501_naming_itself(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.post("/api/v1/accounts/1/channels/twilio_channel", headers={"api_access_token": "x"})
    assert answer.status_code == 501
    route = "POST /api/v1/accounts/:account_id/channels/twilio_channel (api/v1/accounts/channels/twilio_channels.create)"
    assert answer.json() == {"error": MSG_NOT_IMPLEMENTED.format(route=route)}
