"""Dotted paths into JSON-like values: `contact.email`, `payload.0.id` (list items by index)."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()


def walk(value: Any, path: str) -> tuple[Any, int]:
    """Follow `path` through dicts and lists: (the value, -1) when every part is there, else
    (MISSING, the index of the first part that is not). An empty path is the value itself."""
    current = value
    for index, part in enumerate(path.split(".") if path else []):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return MISSING, index
    return current, -1
