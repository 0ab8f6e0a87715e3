"""Help center portals (app/models/portal.rb at v4.10): an account's portals by slug, with their
config (allowed_locales, default_locale: config_json_format writes default_locale 'en' when absent)
and an optional live-chat website inbox (channel_web_widget_id). Validations: column lengths, name and
slug present, slug unique across the installation, custom domain unique, only the known config keys.
Every view iterates config.allowed_locales, so a config without that list (saved upstream, then
every render is a 500) is refused here. Destroying a portal takes its categories and articles
(destroy_async, done at once) and clears the inboxes' help center (dependent: :nullify).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank, check_column_lengths

if TYPE_CHECKING:
    from fakewoot.store.blobs import Blob
    from fakewoot.store.state import Store

CONFIG_KEYS = ("allowed_locales", "default_locale", "website_token")
MSG_CONFIG_KEYS = "Cofig in portal on {keys} is not supported."  # errors.add(:cofig, ...) sic
MSG_ALLOWED_LOCALES = "Config allowed_locales must be a list"  # fakewoot's: a 500 on render upstream
COLUMNS = ("name", "slug", "custom_domain", "color", "homepage_link", "page_title", "header_text")


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
    logo_blob_id: int | None = None  # has_one_attached :logo (its blob)
    logo_attachment_id: int | None = None  # the active_storage_attachments row

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

    def _validate(self, values: dict[str, Any], own_id: int) -> None:
        """before_validation (normalize_empty_string_to_nil on custom_domain and homepage_link,
        changing `values`), then the validations in the model's order."""
        for key in ("custom_domain", "homepage_link"):
            if blank(values.get(key)):
                values[key] = None
        config = values["config"]
        errors = Errors()
        check_column_lengths(
            errors,
            values,
            strings=("name", "slug", "custom_domain", "color", "homepage_link", "page_title"),
            texts=("header_text",),
        )
        if blank(values.get("name")):
            errors.add("name", MSG_BLANK)
        slug = values.get("slug")
        if blank(slug):
            errors.add("slug", MSG_BLANK)
        others = [
            p for a in self._store.state.accounts.values() for p in a.portals.values() if p.id != own_id
        ]
        if slug and any(p.slug == slug for p in others):
            errors.add("slug", MSG_TAKEN)
        domain = values.get("custom_domain")
        if domain is not None and any(p.custom_domain == domain for p in others):
            errors.add("custom_domain", MSG_TAKEN)
        config.setdefault("default_locale", "en")
        denied = [key for key in config if key not in CONFIG_KEYS]
        if denied:
            errors.pairs.append(("cofig", MSG_CONFIG_KEYS.format(keys=",".join(denied))))
        if not isinstance(config.get("allowed_locales"), list):
            errors.pairs.append(("config", MSG_ALLOWED_LOCALES))
        errors.raise_if_any()

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
        store = self._store
        account = store.account(account_id)
        config = columns.pop("config", None)
        values: dict[str, Any] = {
            **columns,
            "name": name,
            "slug": slug,
            "config": dict({"allowed_locales": ["en"]} if config is None else config),
        }
        self._validate(values, 0)
        now = store.clock.now() if created_at is None else created_at
        portal = Portal(
            id=account.portals.next_id() if portal_id is None else portal_id,
            account_id=account_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        return account.portals.add(portal)

    def update(self, portal: Portal, changes: dict[str, Any]) -> None:
        """update!(portal_params): a new `config` replaces the old one whole. Nothing changes on a
        refusal."""
        fields = (*COLUMNS, "archived", "channel_web_widget_id")
        values = {key: getattr(portal, key) for key in fields} | changes
        values["config"] = dict(changes["config"]) if "config" in changes else dict(portal.config)
        self._validate(values, portal.id)
        if any(getattr(portal, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(portal, key, value)
            portal.updated_at = self._store.clock.now()

    def attach_logo(self, portal: Portal, blob: Blob | None) -> None:
        """logo.attach(blob): a new attachment row; nil detaches (Attached::Changes::DeleteOne)."""
        if blob is None:
            portal.logo_blob_id = portal.logo_attachment_id = None
            return
        portal.logo_blob_id = blob.id
        portal.logo_attachment_id = self._store.state.sequences.next("active_storage_attachments")

    def purge_logo(self, portal: Portal) -> None:
        """logo.purge if attached: the attachment, the blob and its bytes go."""
        state = self._store.state
        blob = None if portal.logo_blob_id is None else state.blobs.remove(portal.logo_blob_id)
        if blob is not None:
            state.blob_bytes.pop(blob.key, None)
        self.attach_logo(portal, None)

    def delete(self, portal: Portal) -> None:
        account = self._store.account(portal.account_id)
        account.portals.remove(portal.id)
        for article in self._store.articles.of(portal):  # destroy_async: each one's own destroy
            self._store.articles.delete(article)
        for category in self._store.categories.of(portal):
            self._store.categories.delete(category)
        for inbox in account.inboxes.values():
            if inbox.settings.get("portal_id") == portal.id:
                inbox.settings["portal_id"] = None
