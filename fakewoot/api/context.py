"""What a handler gets: the fake, the request, path parameters, and headers to add to its response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from fakewoot.api.params import read_params

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.store.state import Store


class RequestContext:
    __slots__ = ("_is_json", "_params", "fake", "path_params", "request", "response_headers", "route_name")

    def __init__(self, fake: FakeChatwoot, request: Request, path_params: dict[str, Any], route_name: str):
        self.fake = fake
        self.request = request
        self.path_params = path_params
        self.route_name = route_name
        self.response_headers: dict[str, str] = {}
        self._params: dict[str, Any] | None = None
        self._is_json = False

    @property
    def store(self) -> Store:
        return self.fake.store

    async def params(self) -> dict[str, Any]:
        if self._params is None:
            self._params, self._is_json = await read_params(self.request, self.path_params)
        return self._params

    @property
    def is_json(self) -> bool:
        return self._is_json
