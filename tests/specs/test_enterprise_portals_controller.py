"""Port of spec/enterprise/controllers/enterprise/api/v1/accounts/portals_controller_spec.rb (v4.10):
ssl_status as an install without Cloudflare answers; custom roles (knowledge_base_manage) and
Cloudflare's answers are not modelled."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user

SPEC = "spec/enterprise/controllers/enterprise/api/v1/accounts/portals_controller_spec.rb"
UPSTREAM_ITS = 9
_ROLES = "not implemented: custom roles (knowledge_base_manage) are not modelled"
_CLOUDFLARE = "not implemented: the spec stubs Cloudflare::CheckCustomHostnameService"
SSL = "GET /api/v1/accounts/{account.id}/portals/{portal.slug}/ssl_status"
AUTHED = " > when it is an authenticated user > "
KB = "returns success for agents with knowledge_base_manage permission"
SKIPPED = {
    "GET /api/v1/accounts/:account_id/portals" + AUTHED + KB: _ROLES,
    "GET /api/v1/accounts/:account_id/portals/:portal_slug" + AUTHED + KB: _ROLES,
    "POST /api/v1/accounts/:account_id/portals"
    + AUTHED
    + "restricts portal creation for agents with knowledge_base_manage permission": _ROLES,
    "PUT /api/v1/accounts/:account_id/portals/:portal_slug" + AUTHED + KB: _ROLES,
    SSL + AUTHED + "returns SSL status when portal has ssl_settings": _CLOUDFLARE,
    SSL + AUTHED + "returns null values when portal has no ssl_settings": _CLOUDFLARE,
    SSL + AUTHED + "returns error when Cloudflare service returns errors": _CLOUDFLARE,
}
URL = "/api/v1/accounts/1/portals"


@ports(SSL + " > when it is an unauthenticated user > returns unauthorized")
def test_ssl_status_unauthenticated(http, fake):
    fake.store.portals.create(1, name="p", slug="portal-with-domain", custom_domain="docs.example.com")
    assert http.get(URL + "/portal-with-domain/ssl_status").status_code == 401


@ports(SSL + AUTHED + "returns error when custom domain is not configured")
def test_ssl_status_without_domain(http, fake):
    fake.store.portals.create(1, name="test_portal", slug="test-portal")
    answer = http.get(URL + "/test-portal/ssl_status", headers=new_user(http)["headers"])
    assert answer.status_code == 422 and answer.json()["error"] == "Custom domain is not configured"
