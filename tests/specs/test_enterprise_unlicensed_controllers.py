"""Ports of the enterprise request specs for audit logs, applied SLAs and SAML settings (v4.10) as far
as an unlicensed install answers them: the authentication and policy refusals, the empty audit log
with the feature off, SAML's 403 without the feature. What needs a premium feature switched on, or
records only a licensed install writes (SLA policies, applied SLAs, audits, SAML settings), is
skipped as `enterprise`."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

AUDIT_SPEC = "spec/enterprise/controllers/api/v1/accounts/audit_logs_controller_spec.rb"
SLA_SPEC = "spec/enterprise/controllers/api/v1/accounts/applied_slas_controller_spec.rb"
SAML_SPEC = "spec/enterprise/controllers/api/v1/accounts/saml_settings_controller_spec.rb"
SPEC = [AUDIT_SPEC, SLA_SPEC, SAML_SPEC]
UPSTREAM_ITS = {AUDIT_SPEC: 4, SLA_SPEC: 14, SAML_SPEC: 15}
AUDIT = "GET /api/v1/accounts/{account.id}/audit_logs"
METRICS = "GET /api/v1/accounts/{account.id}/applied_slas/metrics"
DOWNLOAD = "GET /api/v1/accounts/{account.id}/applied_slas/download"
INDEX = "GET /api/v1/accounts/{account.id}/applied_slas"
SAML_GET = "GET /api/v1/accounts/{account.id}/saml_settings"
SAML_POST = "POST /api/v1/accounts/{account.id}/saml_settings"
SAML_PUT = "PUT /api/v1/accounts/{account.id}/saml_settings"
SAML_DELETE = "DELETE /api/v1/accounts/{account.id}/saml_settings"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
SAML_UNAUTH = " > when unauthenticated > returns unauthorized"
SAML_ADMIN = " > when authenticated as administrator > "
SAML_AGENT = " > when authenticated as agent > returns unauthorized"
_LICENSED = "enterprise"
SKIPPED = {
    AUDIT_SPEC: {
        AUDIT
        + " > when it is an authenticated admin user > fetches audit logs associated with the account": _LICENSED,
    },
    SLA_SPEC: {
        **{
            METRICS + AUTHED + it: _LICENSED
            for it in (
                "returns the sla metrics",
                "filters sla metrics based on a date range",
                "filters sla metrics based on a date range and agent ids",
                "filters sla metrics based on sla policy ids",
                "filters sla metrics based on labels",
            )
        },
        DOWNLOAD + AUTHED + "returns a CSV file with breached conversations": _LICENSED,
        **{
            INDEX + AUTHED + it: _LICENSED
            for it in (
                "returns the applied slas",
                "filters applied slas based on a date range",
                "filters applied slas based on a date range and agent ids",
                "filters applied slas based on sla policy ids",
                "filters applied slas based on labels",
            )
        },
    },
    SAML_SPEC: {
        SAML_GET + SAML_ADMIN + "when SAML settings exist > returns the SAML settings": _LICENSED,
        SAML_GET + SAML_ADMIN + "when SAML settings do not exist > returns default SAML settings": _LICENSED,
        SAML_GET + SAML_AGENT: _LICENSED,
        SAML_POST + SAML_ADMIN + "with valid parameters > creates SAML settings": _LICENSED,
        SAML_POST + SAML_ADMIN + "with invalid parameters > returns unprocessable entity": _LICENSED,
        SAML_POST + SAML_AGENT: _LICENSED,
        SAML_PUT + SAML_ADMIN + "updates SAML settings": _LICENSED,
        SAML_PUT + SAML_AGENT: _LICENSED,
        SAML_DELETE + SAML_ADMIN + "destroys SAML settings": _LICENSED,
        SAML_DELETE + SAML_AGENT: _LICENSED,
    },
}
A = "/api/v1/accounts/1"


@ports(
    AUDIT + " > when it is an un-authenticated user > does not fetch audit logs associated with the account",
    spec=AUDIT_SPEC,
)
def test_audit_unauthenticated(http):
    assert http.get(A + "/audit_logs").status_code == 401


@ports(
    AUDIT + " > when it is an authenticated normal user > fetches audit logs associated with the account",
    spec=AUDIT_SPEC,
)
def test_audit_agent(http):
    assert http.get(A + "/audit_logs", headers=new_user(http)["headers"]).status_code == 401


@ports(
    AUDIT + " > when it is an authenticated admin user > returns empty array if feature is not enabled",
    spec=AUDIT_SPEC,
)
def test_audit_feature_off(http):
    body = ok(http.get(A + "/audit_logs", headers=new_user(http, role="administrator")["headers"]))
    assert body["audit_logs"] == []


@ports(METRICS + UNAUTH, DOWNLOAD + UNAUTH, INDEX + UNAUTH, spec=SLA_SPEC)
def test_applied_slas_unauthenticated(http):
    for path in ("/applied_slas/metrics", "/applied_slas/download", "/applied_slas"):
        assert http.get(A + path).status_code == 401


@ports(
    SAML_GET + SAML_UNAUTH,
    SAML_POST + SAML_UNAUTH,
    SAML_PUT + SAML_UNAUTH,
    SAML_DELETE + SAML_UNAUTH,
    spec=SAML_SPEC,
)
def test_saml_unauthenticated(http):
    for method in ("GET", "POST", "PUT", "DELETE"):
        assert http.request(method, A + "/saml_settings", json={"saml_settings": {}}).status_code == 401


@ports(
    SAML_GET + " > when SAML feature is not enabled > returns forbidden with feature not enabled message",
    spec=SAML_SPEC,
)
def test_saml_feature_off(http):
    answer = http.get(A + "/saml_settings", headers=new_user(http, role="administrator")["headers"])
    assert answer.status_code == 403 and "SAML feature not enabled" in answer.json()["error"]
