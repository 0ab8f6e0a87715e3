"""Port of spec/mailers/portal_instructions_mailer_spec.rb (v4.10) through POST
.../portals/:slug/send_instructions: the mail lands in the fake's outbox with the CNAME record."""

from __future__ import annotations

from fakewoot.api.portals import CNAME_TEMPLATE
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/mailers/portal_instructions_mailer_spec.rb"
UPSTREAM_ITS = 3
IT = "send_cname_instructions > "
SKIPPED = {
    IT + "when target domain is available > sends email with cname instructions": (
        "not implemented: HELPCENTER_URL is no fakewoot setting (FRONTEND_URL's host is the target)"
    ),
    IT + "when no target domain is available > does not send email": (
        "not implemented: the fake always has a target domain (its own URL when FRONTEND_URL is unset)"
    ),
}


@ports(IT + "when helpcenter url is not available but frontend url is > uses frontend url as target domain")
def test_frontend_url_is_the_target(http, fake):
    portal = fake.store.portals.create(1, name="P", slug="p", custom_domain="help.example.com")
    before, fake.settings.frontend_url = fake.settings.frontend_url, "https://app.chatwoot.com"
    try:
        body = {"email": "admin@example.com"}
        ok(http.post(f"/api/v1/accounts/1/portals/{portal.slug}/send_instructions", json=body, headers=ADMIN))
    finally:
        fake.settings.frontend_url = before
    [mail] = fake.store.mailer.outbox(template=CNAME_TEMPLATE)
    assert (mail.to, mail.subject) == ("admin@example.com", f"Finish setting up {portal.custom_domain}")
    assert "help.example.com CNAME app.chatwoot.com" in mail.data["cname_record"]
