"""Help center portals, read side (app/models/portal.rb at v4.10): an account's portals by slug, with
their config (allowed_locales, default_locale: config_json_format writes default_locale 'en' when
absent) and an optional live-chat website inbox (channel_web_widget_id). Articles and categories are
not modelled yet: a portal has none. Portals come from fixtures or the control verb `create`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

CONFIG_KEYS = ("allowed_locales", "default_locale", "website_token")
MSG_CONFIG_KEYS = "Cofig in portal on {keys} is not supported."  # errors.add(:cofig, ...) sic


@dataclass(slots=True)
class Portal:
    id: int
    account_id: int
    name: str
    slug: str
    created_at: float
    updated_at: float
    custom_domain: str | None = None
    color: str | None = None
    homepage_link: str | None = None
    page_title: str | None = None
    header_text: str | None = None
    config: dict[str, Any] = field(default_factory=lambda: {"allowed_locales": ["en"]})
    archived: bool = False
    channel_web_widget_id: int | None = None  # the website inbox's channel id
    ssl_settings: dict[str, Any] = field(default_factory=dict)

    @property
    def default_locale(self) -> str:
        value = self.config.get("default_locale")
        return value if isinstance(value, str) and value else "en"


class Portals:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[Portal]:
        return sorted(self._store.account(account_id).portals.values(), key=lambda p: p.id)

    def by_slug(self, account_id: int, slug: object) -> Portal | None:
        """Current.account.portals.find_by(slug:)."""
        return next((p for p in self.of(account_id) if p.slug == slug), None)

    def create(
        self,
        account_id: int,
        *,
        name: str | None,
        slug: str | None,
        portal_id: int | None = None,
        created_at: float | None = None,
        **columns: Any,
    ) -> Portal:
        """Portal's validations: name and slug present, slug unique across the installation, custom
        domain unique, only the known config keys."""
        store = self._store
        account = store.account(account_id)
        config = dict(columns.pop("config", None) or {"allowed_locales": ["en"]})
        for key in ("custom_domain", "homepage_link"):
            if columns.get(key) == "":
                columns[key] = None  # normalize_empty_string_to_nil
        errors = Errors()
        if blank(name):
            errors.add("name", MSG_BLANK)
        if blank(slug):
            errors.add("slug", MSG_BLANK)
        portals = [p for a in store.state.accounts.values() for p in a.portals.values()]
        if slug and any(p.slug == slug for p in portals):
            errors.add("slug", MSG_TAKEN)
        domain = columns.get("custom_domain")
        if domain is not None and any(p.custom_domain == domain for p in portals):
            errors.add("custom_domain", MSG_TAKEN)
        config.setdefault("default_locale", "en")
        denied = [key for key in config if key not in CONFIG_KEYS]
        if denied:
            errors.pairs.append(("cofig", MSG_CONFIG_KEYS.format(keys=",".join(denied))))
        errors.raise_if_any()
        assert name is not None and slug is not None
        now = store.clock.now() if created_at is None else created_at
        portal = Portal(
            id=account.portals.next_id() if portal_id is None else portal_id,
            account_id=account_id,
            name=name,
            slug=slug,
            created_at=now,
            updated_at=now,
            config=config,
            **columns,
        )
        return account.portals.add(portal)
