"""The API's route tables, gathered from one module per resource."""

from __future__ import annotations

from fakewoot.api import accounts, auth, profiles
from fakewoot.api.routing import Route, Router

ROUTE_MODULES = (accounts, auth, profiles)


def all_routes() -> list[Route]:
    return [route for module in ROUTE_MODULES for route in module.routes]


def build_router() -> Router:
    return Router(all_routes())
