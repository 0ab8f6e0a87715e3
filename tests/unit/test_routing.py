"""The segment router: explicit routes, typed params, Rails' trailing slash and .json suffix."""

from __future__ import annotations

import pytest

from fakewoot.api import all_routes
from fakewoot.api.routing import Route, Router


async def _handler(ctx):  # pragma: no cover - never called
    raise AssertionError


def test_match_static_and_params():
    router = Router(
        [
            Route("GET", "/api/v1/accounts/{id:int}", _handler, "accounts.show"),
            Route("GET", "/api/v1/accounts/{account_id:int}/agents", _handler, "agents.index"),
            Route("GET", "/api/v1/profile", _handler, "profiles.show"),
        ]
    )
    route, params = router.match("GET", "/api/v1/accounts/12")
    assert (route.name, params) == ("accounts.show", {"id": 12})
    route, params = router.match("GET", "/api/v1/accounts/7/agents/")
    assert (route.name, params) == ("agents.index", {"account_id": 7})
    assert router.match("GET", "/api/v1/accounts/12abc")[1] == {"id": 12}
    assert router.match("GET", "/api/v1/accounts/abc")[1] == {"id": None}
    assert router.match("GET", "/api/v1/profile.json")[0].name == "profiles.show"
    assert router.match("HEAD", "/api/v1/profile")[0].name == "profiles.show"
    assert router.match("POST", "/api/v1/profile") is None
    assert router.match("GET", "/api/v1/nothing") is None
    assert router.match("GET", "/api/v1/accounts/1/agents/2/x") is None


def test_duplicate_routes_are_refused():
    router = Router([Route("GET", "/a", _handler, "a")])
    with pytest.raises(ValueError):
        router.add(Route("GET", "/a", _handler, "a"))


def test_route_names_follow_rails_controller_action():
    for route in all_routes():
        controller, _, action = route.name.rpartition(".")
        assert controller and action, route


def test_endpoint_checklist_is_current():
    from pathlib import Path

    from fakewoot.api.checklist import checklist

    generated = Path(__file__).parents[2] / "docs" / "endpoints.md"
    assert generated.read_text() == checklist(), "run: python -m fakewoot.api.checklist > docs/endpoints.md"
