"""Faults for the next N requests that match a method and a path: a given status and body, added
latency, or a dropped connection (the response stops short of its Content-Length)."""

from __future__ import annotations

import fnmatch
from dataclasses import field
from typing import Any

from fakewoot.records import dataclass


@dataclass(slots=True)
class Fault:
    method: str  # "*" for any
    path: str  # a glob: "/api/v1/accounts/1/contacts*"
    times: int = 1  # how many matching requests it still applies to (-1: until removed)
    status: int | None = None  # answer this status (with `body`) instead of the real response
    body: Any = field(default_factory=dict)
    latency: float = 0.0  # seconds before answering
    drop: bool = False  # cut the connection instead of answering

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)


class Faults:
    def __init__(self) -> None:
        self.active: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.active.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this request, counted down (and dropped when used up)."""
        for fault in self.active:
            if fault.matches(method, path):
                if fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.active.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self.active.clear()
