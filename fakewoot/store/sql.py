"""PostgreSQL's string matching as Chatwoot's queries use it."""

from __future__ import annotations

import re
from collections.abc import Callable


def like_regex(pattern: str) -> str:
    """The regular expression for a LIKE pattern: `%` any run, `_` any one character, the rest
    literal. PostgreSQL's default backslash escape is not read here (store/search.py's matcher reads
    it); contacts and canned responses search with this one."""
    return "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)


def like_search(pattern: str, *, case_sensitive: bool = False) -> Callable[[str | None], bool]:
    """`column LIKE '%pattern%'` (ILIKE unless `case_sensitive`), with `%` and `_` in `pattern` still
    wildcards as Rails passes them through unescaped; NULL never matches."""
    if "%" not in pattern and "_" not in pattern:
        if case_sensitive:
            return lambda text: text is not None and pattern in text
        lowered = pattern.lower()
        return lambda text: text is not None and lowered in text.lower()
    search = re.compile(like_regex(pattern), re.DOTALL | (0 if case_sensitive else re.IGNORECASE)).search
    return lambda text: text is not None and search(text) is not None


def like_prefix(pattern: str) -> Callable[[str | None], bool]:
    """`column ILIKE 'pattern%'`."""
    match = re.compile(like_regex(pattern), re.DOTALL | re.IGNORECASE).match
    return lambda text: text is not None and match(text) is not None
