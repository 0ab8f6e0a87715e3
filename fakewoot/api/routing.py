"""Explicit route tables dispatched by path segment (a small trie), not a flat regex list.

A route is data: (method, path pattern, handler, Rails-style name). Patterns use `{name}` for a
string segment and `{name:int}` for an integer one. Rails answers a trailing slash and an
optional `.json` format suffix on every route, so the dispatcher strips both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.ranges import int8

if TYPE_CHECKING:
    from fakewoot.api.context import RequestContext
    from fakewoot.api.responses import Response

Handler = Callable[["RequestContext"], Awaitable["Response"]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    handler: Handler
    name: str
    pending: bool = False  # a real Chatwoot route fakewoot answers with 501 for now


class _Node:
    __slots__ = ("methods", "param", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.param: _Node | None = None  # one anonymous parameter child; each route names its own
        self.methods: dict[str, tuple[Route, tuple[tuple[str, bool], ...]]] = {}


class Router:
    def __init__(self, routes: Iterable[Route] = ()) -> None:
        self._root = _Node()
        self.routes: list[Route] = []
        for route in routes:
            self.add(route)

    def add(self, route: Route) -> None:
        node = self._root
        names: list[tuple[str, bool]] = []
        for segment in route.path.split("/"):
            if not segment:
                continue
            if segment[0] == "{" and segment[-1] == "}":
                name, _, kind = segment[1:-1].partition(":")
                names.append((name, kind == "int"))
                if node.param is None:
                    node.param = _Node()
                node = node.param
            else:
                child = node.static.get(segment)
                if child is None:
                    child = node.static[segment] = _Node()
                node = child
        method = route.method.upper()
        if method in node.methods:
            raise ValueError(f"duplicate route {method} {route.path}")
        node.methods[method] = (route, tuple(names))
        self.routes.append(route)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, Any]] | None:
        segments = _split(path)
        if segments and segments[-1].endswith(".json"):
            segments[-1] = segments[-1][: -len(".json")]
        values: list[str] = []
        node = self._root
        for segment in segments:
            child = node.static.get(segment)
            if child is None:
                if node.param is None:
                    return None
                values.append(segment)
                child = node.param
            node = child
        found = node.methods.get(method)
        if found is None and method == "HEAD":
            found = node.methods.get("GET")
        if found is None:
            return None
        route, names = found
        params: dict[str, Any] = {
            # Rails' find() casts "12abc" to 12; a non-numeric id finds nothing (None).
            name: _to_int(value) if is_int else value
            for (name, is_int), value in zip(names, values, strict=True)
        }
        return route, params


def _split(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _to_int(segment: str) -> int | None:
    """ActiveRecord casts a leading integer ("12abc" -> 12); anything else matches no record, and
    neither does an id past a bigint (Rails' find: RecordNotFound), so it never reaches the store."""
    digits = ""
    for char in segment.lstrip():
        if char.isdigit() or (not digits and char in "+-"):
            digits += char
        else:
            break
    if len(digits.lstrip("+-").lstrip("0")) > 19:  # past any bigint (and cheaper than int() of it)
        return None
    try:
        return int8(int(digits))
    except ValueError:
        return None
