"""PostgreSQL LIKE / ILIKE as store.sql reads it: wildcards, the backslash escape, NULL."""

from __future__ import annotations

import pytest

from fakewoot.store.sql import like_prefix, like_regex, like_search


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("abc", "xxABCxx", True),  # ILIKE
        ("a%c", "zzAbbbCzz", True),
        ("a_c", "abc", True),
        ("a_c", "ac", False),
        ("50\\%", "save 50% now", True),  # escaped %: literal
        ("50\\%", "save 500 now", False),
        ("a\\_c", "a_c", True),
        ("a\\_c", "abc", False),
        ("a\\\\b", "a\\b", True),  # an escaped backslash
        ("end\\", "the end%", True),  # a trailing backslash escapes the closing %: '%end\\%'
        ("end\\", "the end", False),
        ("", "", True),  # '' ILIKE '%%'
    ],
)
def test_like_search(pattern, text, expected):
    assert like_search(pattern)(text) is expected


def test_like_search_case_sensitive_and_null():
    assert like_search("Abc", case_sensitive=True)("xAbcx")
    assert not like_search("abc", case_sensitive=True)("xAbcx")
    assert not like_search("a_c", case_sensitive=True)("ABC")
    assert not like_search("x")(None)
    assert not like_search("%")(None)


def test_like_prefix():
    assert like_prefix("ab")("ABC")
    assert not like_prefix("ab")("cab")
    assert like_prefix("a_")("aZc")
    assert like_prefix("5\\%")("5% off")
    assert not like_prefix("5\\%")("50 off")
    assert not like_prefix("a")(None)


def test_like_regex_is_the_whole_pattern():
    assert like_regex("a%b_c") == "a.*b.c"
    assert like_regex("\\%\\_") == "%_"
    assert like_regex("x\\") == "x\\\\"
