"""Scenario matching and substitution: `${var}` templating, dotted lookups, subset comparison."""

from __future__ import annotations

import re
from typing import Any

import orjson

from fakewoot.dotted import MISSING, walk
from fakewoot.scenarios.results import StepFailure

_VARIABLE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_.]*)\}")


# --- matching, substitution, lookups ----------------------------------------------------------------


def mismatch(expected: Any, actual: Any, where: str = "") -> str | None:
    """None when `actual` contains `expected` (mappings: a subset of keys, recursively; lists: same
    length, element by element; anything else: equal), else where and how it differs."""
    label = where or "body"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{label}: expected an object, got {short(actual)}"
        for key, value in expected.items():
            if key not in actual:
                return f"{_join(where, key)}: missing (has {', '.join(map(str, actual)) or 'no keys'})"
            found = mismatch(value, actual[key], _join(where, key))
            if found is not None:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{label}: expected a list, got {short(actual)}"
        if len(expected) != len(actual):
            return f"{label}: expected {len(expected)} items, got {len(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found = mismatch(want, got, _join(where, index))
            if found is not None:
                return found
        return None
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (expected, actual))
    if (type(expected) is not type(actual) and not numbers) or expected != actual:
        return f"{label}: expected {short(expected)}, got {short(actual)}"
    return None


def _join(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


def short(value: Any, limit: int = 300) -> str:
    try:
        text = orjson.dumps(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def lookup(value: Any, path: str) -> Any:
    """`payload.contact.id`, `payload.0.id`; StepFailure names the first missing part."""
    found, missing_at = walk(value, path)
    if found is MISSING:
        walked = path.split(".")[: missing_at + 1]
        raise StepFailure(f"nothing at '{'.'.join(walked)}' in {short(value, 200)}")
    return found


def substitute(value: Any, saved: dict[str, Any]) -> Any:
    """Replace `${name}` (or `${name.path}`) in every string, recursively. A string that is exactly
    `${name}` takes the saved value with its type (an id stays an integer); `$${` is a literal `${`."""
    if isinstance(value, str):
        whole = _VARIABLE.fullmatch(value)
        if whole is not None and whole.group(1) is not None:
            return _variable(saved, whole.group(1))

        def replace(match: re.Match[str]) -> str:
            if match.group(1) is None:
                return "${"
            found = _variable(saved, match.group(1))
            return found if isinstance(found, str) else short(found)

        return _VARIABLE.sub(replace, value)
    if isinstance(value, dict):
        return {substitute(k, saved): substitute(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(item, saved) for item in value]
    return value


def _variable(saved: dict[str, Any], name: str) -> Any:
    head, _, rest = name.partition(".")
    if head not in saved:
        raise StepFailure(f"unknown variable ${{{name}}} (saved so far: {', '.join(saved) or 'none'})")
    return lookup(saved[head], rest) if rest else saved[head]


# --- transports -------------------------------------------------------------------------------------
