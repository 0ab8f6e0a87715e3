"""Port of spec/controllers/dashboard_controller_spec.rb (v4.10): /app/login."""

from __future__ import annotations

from fakewoot.api.dashboard import MSG_DASHBOARD_JSON
from tests.specs.ledger import ports

SPEC = "spec/controllers/dashboard_controller_spec.rb"
UPSTREAM_ITS = 4
NO_DASHBOARD = "not implemented: the Vue dashboard (fakewoot sends a browser to its console at /_fakewoot/)"
SKIPPED = {
    "/app/login > without DEFAULT_LOCALE > renders the dashboard": NO_DASHBOARD,
    "/app/login > with DEFAULT_LOCALE > renders the dashboard": NO_DASHBOARD,
    "/app/login > with CW_API_ONLY_SERVER true > returns 404": "not implemented: CW_API_ONLY_SERVER",
}


@ports("/app/login > with non-HTML format > returns not acceptable for JSON with error message")
def test_json_at_a_dashboard_route_is_not_acceptable(http):
    response = http.get("/app/login", headers={"Accept": "application/json"})
    assert response.status_code == 406
    assert response.json() == {"error": MSG_DASHBOARD_JSON}
