"""PostgreSQL's string matching as Chatwoot's queries use it."""

from __future__ import annotations

import re
from collections.abc import Callable


def like_regex(pattern: str) -> str:
    """The regular expression for a whole LIKE pattern (callers fullmatch it): `%` any run, `_` any
    one character, a backslash makes the next character literal (PostgreSQL's default ESCAPE), the
    rest literal. A lone trailing backslash, which PostgreSQL refuses, cannot occur in the patterns
    Chatwoot builds (they end with `%`); it is read as a literal backslash."""
    parts: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            parts.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "%":
            parts.append(".*")
        elif ch == "_":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    if escaped:
        parts.append(re.escape("\\"))
    return "".join(parts)


def _plain(pattern: str) -> bool:
    return not any(ch in pattern for ch in "%_\\")


def like_search(pattern: str, *, case_sensitive: bool = False) -> Callable[[str | None], bool]:
    """`column ILIKE '%pattern%'` (LIKE when `case_sensitive`), `pattern` spliced in as Rails does
    (`"%#{q}%"`): its `%` and `_` stay wildcards and a backslash escapes, so a trailing backslash
    makes the closing `%` literal. NULL never matches."""
    if _plain(pattern):
        if case_sensitive:
            return lambda text: text is not None and pattern in text
        lowered = pattern.lower()
        return lambda text: text is not None and lowered in text.lower()
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    match = re.compile(like_regex("%" + pattern + "%"), flags).fullmatch
    return lambda text: text is not None and match(text) is not None


def like_prefix(pattern: str) -> Callable[[str | None], bool]:
    """`column ILIKE 'pattern%'`."""
    if _plain(pattern):
        lowered = pattern.lower()
        return lambda text: text is not None and text.lower().startswith(lowered)
    match = re.compile(like_regex(pattern + "%"), re.DOTALL | re.IGNORECASE).fullmatch
    return lambda text: text is not None and match(text) is not None
