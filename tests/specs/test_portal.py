"""Port of spec/models/portal_spec.rb (Chatwoot v4.10): the validations and the config rules through
the portals API (and the store verb the control API uses where portal_params would drop the key)."""

from __future__ import annotations

import pytest

from fakewoot.errors import Invalid
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/models/portal_spec.rb"
UPSTREAM_ITS = 11
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
SKIPPED = {
    "with validations > is_expected.to validate_presence_of(:account_id)": (
        "internal: account_id is always the account in the path (Current.account.portals.build)"
    ),
    **{
        f"associations > is_expected.to {matcher}": ASSOCIATION
        for matcher in (
            "belong_to(:account)",
            "have_many(:categories)",
            "have_many(:folders)",
            "have_many(:articles)",
            "have_many(:inboxes)",
        )
    },
}
URL = "/api/v1/accounts/1/portals"
CONFIG = "validations > when set portal config > "


@ports(
    "with validations > is_expected.to validate_presence_of(:slug)",
    "with validations > is_expected.to validate_presence_of(:name)",
)
def test_name_and_slug_are_required(http):
    answer = http.post(URL, json={"portal": {"name": "", "slug": None, "custom_domain": ""}}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (
        422,
        {"message": "Name can't be blank, Slug can't be blank", "attributes": ["name", "slug"]},
    )


@ports(CONFIG + "Adds default allowed_locales en")
def test_default_config(http, fake):
    body = ok(http.post(URL, json={"portal": {"name": "P", "slug": "p", "custom_domain": ""}}, headers=ADMIN))
    assert [locale["code"] for locale in body["config"]["allowed_locales"]] == ["en"]
    assert body["meta"]["default_locale"] == "en"
    assert fake.store.portals.by_slug(1, "p").config == {"allowed_locales": ["en"], "default_locale": "en"}


@ports(CONFIG + "Does not allow any other config than allowed_locales")
def test_other_config_keys(http, fake):
    portal = fake.store.portals.create(1, name="P", slug="p")
    with pytest.raises(Invalid) as refused:  # portal_params permits only the two keys over HTTP
        fake.store.portals.update(portal, {"config": {"some_other_key": "test_value"}})
    assert refused.value.pairs[0] == ("cofig", "Cofig in portal on some_other_key is not supported.")
    assert portal.config == {"allowed_locales": ["en"], "default_locale": "en"}


@ports(CONFIG + "converts empty string to nil")
def test_empty_custom_domain(http, fake):
    fake.store.portals.create(1, name="P", slug="p", custom_domain="docs.acme.test")
    body = ok(http.patch(f"{URL}/p", json={"portal": {"custom_domain": ""}}, headers=ADMIN))
    assert body["custom_domain"] is None and fake.store.portals.by_slug(1, "p").custom_domain is None
