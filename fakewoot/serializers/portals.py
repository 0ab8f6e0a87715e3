"""Portals as v4.10 renders them: app/views/api/v1/accounts/portals/_portal.json.jbuilder (index,
create and update with `articles: []`, show with the portal's articles for the `locale` asked) and
app/views/api/v1/models/_portal_config.json.jbuilder (per allowed locale: its articles and
categories). The `[]` answers nil to archived/published/draft (Array#try of a missing method) and
leaves mine_articles_count out (`articles.any?` is false); show counts the articles it was given.
`logo` (Portal#file_base_data) when a blob is attached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.blobs import blob_url
from fakewoot.serializers.inboxes import inbox_json
from fakewoot.store.portal_children import matches

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.articles import Article
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.portals import Portal
    from fakewoot.store.state import Store


_SCOPES = (
    ("archived_articles_count", "archived"),
    ("published_count", "published"),
    ("draft_articles_count", "draft"),
)


def _locale_json(store: Store, portal: Portal, locale: Any) -> dict[str, Any]:
    articles = store.articles.search(store.articles.of(portal), locale=locale)
    categories = [c for c in store.categories.of(portal) if matches(c.locale, locale)]
    return {"code": locale, "articles_count": len(articles), "categories_count": len(categories)}


def _web_widget_inbox(store: Store, channel_id: int) -> Inbox | None:
    """portal.channel_web_widget.inbox: the channel is found by id, whatever its account."""
    for account in store.state.accounts.values():
        for inbox in account.inboxes.values():
            if inbox.channel_type == "Channel::WebWidget" and inbox.channel_id == channel_id:
                return inbox
    return None


def portal_json(
    store: Store,
    portal: Portal,
    member: AccountUser,
    base_url: str,
    *,
    index: bool,
    articles: list[Article] | None = None,
) -> dict[str, Any]:
    """`index` renders the `articles: []` shape; otherwise `articles` (default: all the portal's)."""
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
    body["config"] = {"allowed_locales": [_locale_json(store, portal, locale) for locale in locales]}
    if portal.channel_web_widget_id is not None:
        inbox = _web_widget_inbox(store, portal.channel_web_widget_id)
        if inbox is not None:
            body["inbox"] = inbox_json(store, inbox, member.administrator, base_url)
    logo = None if portal.logo_blob_id is None else store.blobs.get(portal.logo_blob_id)
    if logo is not None:
        body["logo"] = {  # Portal#file_base_data
            "id": portal.logo_attachment_id,
            "portal_id": portal.id,
            "file_type": logo.content_type,
            "account_id": portal.account_id,
            "file_url": blob_url(store.blobs, logo, base_url),
            "blob_id": store.blobs.signed_id(logo),
            "filename": logo.filename,
        }
    meta: dict[str, Any] = {"all_articles_count": 0}
    if index:  # [].try(:archived) is nil
        meta |= {"archived_articles_count": None, "published_count": None, "draft_articles_count": None}
    else:
        shown = store.articles.of(portal) if articles is None else articles
        meta["all_articles_count"] = len(shown)
        for key, status in _SCOPES:
            meta[key] = sum(1 for a in shown if a.status == status)
        if shown:
            meta["mine_articles_count"] = sum(1 for a in shown if a.author_id == member.user_id)
    meta["categories_count"] = len(store.categories.of(portal))
    meta["default_locale"] = portal.default_locale
    body["meta"] = meta
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
