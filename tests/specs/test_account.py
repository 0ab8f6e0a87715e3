"""Port of spec/models/account_spec.rb (Chatwoot v4.10): its HTTP-visible parts, through
PUT /api/v1/accounts/:id (validations, settings) and GET (support_email)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/models/account_spec.rb"
UPSTREAM_ITS = 46
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
CAPTAIN = "not implemented: Captain preferences (captain_models / captain_features and llm.yml defaults)"
LOCALE_NAME = "internal: locale_english_name (a helper for prompts and mails), no HTTP effect"
INBOUND = (
    "not implemented: inbound email (MAILER_INBOUND_EMAIL_DOMAIN; the fake receives no email, and the "
    "email inbox's forward address belongs to the inboxes area)"
)
SET = "settings > "
CP = "captain_preferences > "
SKIPPED = {
    **{
        it: ASSOCIATION
        for it in (
            "is_expected.to have_many(:users).through(:account_users)",
            "is_expected.to have_many(:account_users)",
            "is_expected.to have_many(:inboxes).dependent(:destroy_async)",
            "is_expected.to have_many(:conversations).dependent(:destroy_async)",
            "is_expected.to have_many(:contacts).dependent(:destroy_async)",
            "is_expected.to have_many(:canned_responses).dependent(:destroy_async)",
            "is_expected.to have_many(:facebook_pages).class_name('::Channel::FacebookPage').dependent(:destroy_async)",
            "is_expected.to have_many(:web_widgets).class_name('::Channel::WebWidget').dependent(:destroy_async)",
            "is_expected.to have_many(:webhooks).dependent(:destroy_async)",
            "is_expected.to have_many(:notification_settings).dependent(:destroy_async)",
            "is_expected.to have_many(:reporting_events)",
            "is_expected.to have_many(:portals).dependent(:destroy_async)",
            "is_expected.to have_many(:categories).dependent(:destroy_async)",
            "is_expected.to have_many(:teams).dependent(:destroy_async)",
        )
    },
    "usage_limits > returns ChatwootApp.max limits": (
        "internal: Account#usage_limits (100000 in CE); only a seat limit's 402 shows it, which 100000 agents would need"
    ),
    "inbound_email_domain > returns the domain from inbox if inbox value is present": INBOUND,
    "inbound_email_domain > returns the domain from ENV if inbox value is nil": INBOUND,
    "inbound_email_domain > returns the domain from ENV if inbox value is empty string": INBOUND,
    "when after_destroy is called > conv_dpid_seq and camp_dpid_seq_ are deleted": (
        "internal: PostgreSQL sequences for display ids"
    ),
    "locale > returns correct language if the value is set": LOCALE_NAME,
    "locale > returns english if the value is not set": LOCALE_NAME,
    "locale > returns english if the value is empty string": LOCALE_NAME,
    "locale > returns correct language if the value has country code": LOCALE_NAME,
    f"{SET}when using with_auto_resolve scope > finds accounts with auto_resolve_after set": (
        "internal: the with_auto_resolve scope the auto-resolve job iterates"
    ),
    f"{SET}when using with_auto_resolve scope > does not find accounts without auto_resolve_after": (
        "internal: the with_auto_resolve scope the auto-resolve job iterates"
    ),
    f"{CP}with no saved preferences > returns defaults from llm.yml": CAPTAIN,
    f"{CP}with saved model preferences > returns saved preferences merged with defaults": CAPTAIN,
    f"{CP}with saved feature preferences > returns saved feature states": CAPTAIN,
    f"{CP}validation > rejects invalid model for a feature": CAPTAIN,
    f"{CP}validation > accepts valid model for a feature": CAPTAIN,
}


def _put(http, **fields):
    return http.put("/api/v1/accounts/1", json=fields, headers=ADMIN)


def _invalid(response, message, attribute):
    assert response.status_code == 422
    assert response.json() == {"message": message, "attributes": [attribute]}


@ports("length validations > validates name presence")
def test_name_presence(http, fake):
    _invalid(_put(http, name=""), "Name can't be blank", "name")
    assert fake.store.accounts.get(1).name == "Acme Inc"


@ports("length validations > validates name length")
def test_name_length(http):
    _invalid(_put(http, name="a" * 256), "Name is too long (maximum is 255 characters)", "name")


@ports("length validations > validates domain length")
def test_domain_length(http):
    _invalid(_put(http, domain="a" * 150), "Domain is too long (maximum is 100 characters)", "domain")


def _support_email(http, fake, value):
    ok(_put(http, support_email=value))
    fake.settings.mailer_sender_email = "hello@chatwoot.com"
    try:
        return ok(http.get("/api/v1/accounts/1", headers=ADMIN))["support_email"]
    finally:
        fake.settings.mailer_sender_email = "Chatwoot <accounts@chatwoot.com>"


@ports("support_email > returns the support email from inbox if inbox value is present")
def test_support_email_set(http, fake):
    assert _support_email(http, fake, "support@chatwoot.com") == "support@chatwoot.com"


@ports("support_email > returns the support email from ENV if inbox value is nil")
def test_support_email_nil_falls_back(http, fake):
    assert _support_email(http, fake, None) == "hello@chatwoot.com"


@ports("support_email > returns the support email from ENV if inbox value is empty string")
def test_support_email_empty_falls_back(http, fake):
    assert _support_email(http, fake, "") == "hello@chatwoot.com"


AR = f"{SET}when auto_resolve_after > "


@ports(f"{AR}validates minimum value")
def test_auto_resolve_after_minimum(http):
    _invalid(
        _put(http, auto_resolve_after=4),
        "Auto resolve after must be greater than or equal to 10",
        "auto_resolve_after",
    )


@ports(f"{AR}validates maximum value")
def test_auto_resolve_after_maximum(http):
    response = _put(http, auto_resolve_after=1_439_857)
    _invalid(response, "Auto resolve after must be less than or equal to 1439856", "auto_resolve_after")


@ports(f"{AR}allows valid values")
def test_auto_resolve_after_valid(http):
    for value in (15, 1_439_856):
        assert ok(_put(http, auto_resolve_after=value))["settings"]["auto_resolve_after"] == value


@ports(f"{AR}allows null values")
def test_auto_resolve_after_null(http):
    ok(_put(http, auto_resolve_after=30))
    assert ok(_put(http, auto_resolve_after=None))["settings"]["auto_resolve_after"] is None


ARM = f"{SET}when auto_resolve_message > "


@ports(f"{ARM}allows string values", f"{ARM}allows empty string", f"{ARM}allows nil values")
def test_auto_resolve_message_values(http):
    for value in ("This conversation has been resolved automatically.", "", None):
        assert ok(_put(http, auto_resolve_message=value))["settings"]["auto_resolve_message"] == value


SA = f"{SET}when using store_accessor > "


@ports(f"{SA}correctly gets and sets auto_resolve_after")
def test_store_accessor_auto_resolve_after(http, fake):
    assert ok(_put(http, auto_resolve_after=30))["settings"]["auto_resolve_after"] == 30
    assert fake.store.accounts.get(1).settings["auto_resolve_after"] == 30
    assert ok(http.get("/api/v1/accounts/1", headers=ADMIN))["settings"]["auto_resolve_after"] == 30


@ports(f"{SA}correctly gets and sets auto_resolve_message")
def test_store_accessor_auto_resolve_message(http, fake):
    message = "This conversation was automatically resolved"
    assert ok(_put(http, auto_resolve_message=message))["settings"]["auto_resolve_message"] == message
    assert fake.store.accounts.get(1).settings["auto_resolve_message"] == message


@ports(f"{SA}handles nil values correctly")
def test_store_accessor_nil(http):
    ok(_put(http, auto_resolve_after=30, auto_resolve_message="x"))
    settings = ok(_put(http, auto_resolve_after=None, auto_resolve_message=None))["settings"]
    assert settings["auto_resolve_after"] is None
    assert settings["auto_resolve_message"] is None
