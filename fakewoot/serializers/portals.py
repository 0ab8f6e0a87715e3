"""Portals as v4.10 renders them: app/views/api/v1/accounts/portals/_portal.json.jbuilder (index with
`articles: []`, show with the portal's articles for the locale) and
app/views/api/v1/models/_portal_config.json.jbuilder. No articles or categories exist in fakewoot yet,
so every count is 0 where the view counts a relation; the index's `[]` answers nil to
archived/published/draft (Array#try of a missing method)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.inboxes import inbox_json

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.portals import Portal
    from fakewoot.store.state import Store


def _locale_json(locale: Any) -> dict[str, Any]:
    return {"code": locale, "articles_count": 0, "categories_count": 0}


def portal_json(
    store: Store, portal: Portal, member: AccountUser, base_url: str, *, index: bool
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": portal.id,
        "color": portal.color,
        "custom_domain": portal.custom_domain,
        "header_text": portal.header_text,
        "homepage_link": portal.homepage_link,
        "name": portal.name,
        "page_title": portal.page_title,
        "slug": portal.slug,
        "archived": portal.archived,
        "account_id": portal.account_id,
    }
    locales = portal.config.get("allowed_locales") or []
    body["config"] = {"allowed_locales": [_locale_json(locale) for locale in locales]}
    if portal.channel_web_widget_id is not None:
        account = store.account(portal.account_id)
        inbox = next(
            (
                i
                for i in account.inboxes.values()
                if i.channel_type == "Channel::WebWidget" and i.channel_id == portal.channel_web_widget_id
            ),
            None,
        )
        if inbox is not None:
            body["inbox"] = inbox_json(store, inbox, member.administrator, base_url)
    scoped = None if index else 0  # [].try(:archived) is nil; a relation's scopes count
    body["meta"] = {
        "all_articles_count": 0,
        "archived_articles_count": scoped,
        "published_count": scoped,
        "draft_articles_count": scoped,
        "categories_count": 0,
        "default_locale": portal.default_locale,
    }
    if portal.ssl_settings:
        body["ssl_settings"] = {
            "status": portal.ssl_settings.get("cf_status"),
            "verification_errors": portal.ssl_settings.get("cf_verification_errors"),
        }
    return body


def portals_json(
    store: Store, portals: list[Portal], member: AccountUser, base_url: str, page: Any
) -> dict[str, Any]:
    return {
        "payload": [portal_json(store, p, member, base_url, index=True) for p in portals],
        "meta": {"current_page": page, "portals_count": len(portals)},
    }


def categories_index_json(page: Any) -> dict[str, Any]:
    """categories/index.json.jbuilder with no categories."""
    return {"payload": [], "meta": {"current_page": page, "categories_count": 0}}


def articles_index_json(page: Any) -> dict[str, Any]:
    """articles/index.json.jbuilder with no articles (every count 0)."""
    return {
        "payload": [],
        "meta": {
            "all_articles_count": 0,
            "archived_articles_count": 0,
            "articles_count": 0,
            "current_page": page,
            "draft_articles_count": 0,
            "mine_articles_count": 0,
            "published_count": 0,
        },
    }
