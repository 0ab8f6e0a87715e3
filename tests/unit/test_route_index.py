"""The router a server starts with comes from fakewoot/api/route_index.py, the route tables compiled;
a handler's module is imported on the first request to one of its routes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from fakewoot.api import all_routes, build_router, control_routes
from fakewoot.api.index import render, rows
from fakewoot.api.route_index import ROUTES

REGENERATE = "python -m fakewoot.api.index > fakewoot/api/route_index.py"


def test_the_index_is_current() -> None:
    assert list(ROUTES) == rows(), f"the route tables changed: run `{REGENERATE}`"


def test_the_index_file_is_what_the_writer_writes() -> None:
    from pathlib import Path

    import fakewoot.api.route_index as index_module

    assert Path(index_module.__file__).read_text(encoding="utf-8") == render(), REGENERATE


def test_the_router_has_every_table_route_with_its_name_and_pending_flag() -> None:
    eager = [*all_routes(), *control_routes()]
    lazy = build_router().routes
    assert [(r.method, r.path, r.name, r.pending) for r in lazy] == [
        (r.method, r.path, r.name, r.pending) for r in eager
    ]
    # implemented handlers keep their module and name (the journal and tests read them)
    for lazy_route, route in zip(lazy, eager, strict=True):
        if not route.pending or route.handler.__name__ != "not_yet":
            assert (lazy_route.handler.__module__, lazy_route.handler.__name__) == (
                route.handler.__module__,
                route.handler.__name__,
            )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # the fake's app runs on asyncio


@pytest.mark.anyio
async def test_a_lazy_handler_is_the_tables_handler(fake) -> None:  # type: ignore[no-untyped-def]
    import httpx

    transport = httpx.ASGITransport(app=fake.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
        response = await client.get("/api/v1/profile", headers={"api_access_token": "fakewoot-admin-token"})
        pending = await client.post("/api/v1/accounts/1/callbacks/register_facebook_page")
    assert response.status_code == 200
    token = fake.store.access_tokens.find("fakewoot-admin-token")
    assert response.json()["id"] == token.owner_id
    assert pending.status_code == 501
    assert "POST /api/v1/accounts/:account_id/callbacks/register_facebook_page" in pending.text


def test_a_started_app_has_imported_no_handler_module() -> None:
    script = textwrap.dedent(
        """
        import sys
        from fakewoot import FakeChatwoot
        fake = FakeChatwoot()
        fake.app  # the ASGI app and its router
        loaded = sorted(m for m in sys.modules if m.startswith(("fakewoot.api.", "fakewoot.admin.")))
        print("\\n".join(loaded))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    handler_modules = {row[2] for row in ROUTES if row[2] is not None}
    assert loaded & handler_modules == set(), "imported before any request: " + ", ".join(
        sorted(loaded & handler_modules)
    )
