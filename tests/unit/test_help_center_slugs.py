"""fakewoot/store/articles.py: the slug Article#ensure_article_slug writes, "#{time}-#{title.underscore
.parameterize(separator: '-')}" (ActiveSupport's String#underscore and #parameterize), and the
status enum's casts."""

from __future__ import annotations

import pytest

from fakewoot.errors import CouldNotCreate
from fakewoot.store.articles import NO_MATCH, enum_status, parameterize, status_filter, underscore


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("MyTitle", "my_title"),  # underscore splits camel case
        ("ABCTest", "abc_test"),
        ("Hello World!", "hello-world"),
        ("Crème Brûlée", "creme-brulee"),  # transliterated
        ("foo-bar", "foo_bar"),  # underscore turns dashes into underscores, parameterize keeps them
        ("  --Spaced  out--  ", "__spaced-out__"),  # only dashes are trimmed
        ("中文 title", "title"),  # unknown letters become '?', then separators, trimmed
        ("Admin::Users", "admin-users"),
    ],
)
def test_slug_from_title(title, slug):
    assert parameterize(underscore(title)) == slug


def test_status_enum_casts():
    assert [enum_status(v) for v in ("draft", 1, 2, None, "", " ")] == [
        "draft",
        "published",
        "archived",
        None,
        None,
        None,
    ]
    for bad, shown in (("1", "1"), (3, "3"), (True, "true"), ("live", "live")):
        with pytest.raises(CouldNotCreate) as refused:
            enum_status(bad)
        assert refused.value.body == {"error": f"'{shown}' is not a valid status"}
    assert [status_filter(v) for v in ("published", "1", "2", "9", "x")] == [
        "published",
        "published",
        "archived",
        NO_MATCH,
        NO_MATCH,
    ]
