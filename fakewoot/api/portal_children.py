"""A portal's categories and articles: the routes of fakewoot/api/portal_categories.py and
fakewoot/api/portal_articles.py, gathered for the dispatch table."""

from __future__ import annotations

from fakewoot.api import portal_articles, portal_categories

routes = [*portal_categories.routes, *portal_articles.routes]
