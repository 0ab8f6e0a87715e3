"""Fixture tables of the help center: categories and articles seed through the store verbs the API
uses (an article's derived slug, locale and position; the category's locale rule), show up in the
API, survive reset, and a bad row names its file and index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import fakewoot
from fakewoot import FakeChatwoot
from fakewoot.seeding import FixtureError

PORTAL = """
portals:
  - {id: 3, account_id: 1, name: Acme Help, slug: acme-help, config: {allowed_locales: [en, de]}}
"""


def _fixture_set(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(Path(fakewoot.__file__).parent / "fixtures" / "default", folder)
    (folder / "help_center.yaml").write_text(PORTAL + text)
    return folder


def test_categories_and_articles_seed(tmp_path):
    folder = _fixture_set(
        tmp_path,
        """
categories:
  - {id: 40, account_id: 1, portal: acme-help, name: Billing, slug: billing, locale: de, position: 1}
  - {account_id: 1, portal: acme-help, name: Setup, slug: setup, related_category_ids: [40]}
articles:
  - {id: 70, account_id: 1, portal: acme-help, title: Pay By Card, content: Use any card.,
     author_id: 1, status: published, category_id: 40, created_at: "2024-01-02T00:00:00Z"}
  - {account_id: 1, portal: acme-help, title: Invoices, content: Monthly., author_id: 2,
     category_id: 40, associated_article_id: 70}
""",
    )
    seeded = FakeChatwoot(fixtures=folder)
    store = seeded.store
    portal = store.portals.by_slug(1, "acme-help")
    billing, setup = store.categories.of(portal)
    assert (billing.id, billing.locale, setup.id, setup.related_category_ids) == (40, "de", 41, [40])
    card, invoices = store.articles.of(portal)
    assert (card.id, card.slug, card.locale, card.position, card.status) == (
        70,
        "1704153600-pay-by-card",  # "Pay By Card".underscore keeps the spaces
        "de",
        10,
        "published",
    )
    assert (invoices.position, invoices.status, invoices.associated_article_id) == (20, "draft", 70)
    seeded.reset()
    assert [a.id for a in seeded.store.articles.of(portal)] == [70, 71]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "categories:\n  - {account_id: 1, portal: nope, name: A, slug: a}\n",
            "categories[0]: field '(reference)': no portal 'nope' in account 1",
        ),
        (
            "categories:\n  - {account_id: 1, portal: acme-help, name: A, slug: a, locale: fr}\n",
            "categories[0]: field 'locale': Locale fr of category is not part of portal's",
        ),
        (
            "articles:\n  - {account_id: 1, portal: acme-help, title: T, content: c, author_id: 999}\n",
            "articles[0]: field 'author': Author must exist",
        ),
    ],
)
def test_a_bad_row_names_its_file_and_index(tmp_path, rows, message):
    with pytest.raises(FixtureError) as error:
        FakeChatwoot(fixtures=_fixture_set(tmp_path, rows))
    assert "help_center.yaml" in str(error.value) and message in str(error.value)
