"""What a handler gets: the fake, the request, path parameters, and headers to add to its response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from fakewoot.api.params import NestingTooDeep, Params, read_params, require

if TYPE_CHECKING:
    from fakewoot.control import FakeChatwoot
    from fakewoot.store.state import Store


class RequestContext:
    __slots__ = ("_params", "fake", "path_params", "request", "response_headers", "route_name")

    def __init__(self, fake: FakeChatwoot, request: Request, path_params: dict[str, Any], route_name: str):
        self.fake = fake
        self.request = request
        self.path_params = path_params
        self.route_name = route_name
        self.response_headers: dict[str, str] = {}
        self._params: Params | None = None

    @property
    def store(self) -> Store:
        return self.fake.store

    @property
    def body(self) -> dict[str, Any]:
        """The parsed body, once read (the journal keeps it)."""
        return {} if self._params is None else self._params.body

    async def parsed(self) -> Params:
        if self._params is None:
            try:
                self._params = await read_params(self.request, self.path_params)
            except NestingTooDeep as error:  # a 400, but the journal shows what was sent
                self._params = Params({}, error.sent, True)
                raise
        return self._params

    async def params(self) -> dict[str, Any]:
        return (await self.parsed()).all

    async def require(self, key: str) -> dict[str, Any]:
        """`params.require(key)` with Rails' JSON parameter wrapping."""
        return require(await self.parsed(), key)
