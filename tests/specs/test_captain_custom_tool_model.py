"""Port of spec/enterprise/models/captain/custom_tool_spec.rb (v4.10) through the custom tools API.

Chatwoot's model spec builds records directly; here every record goes through
POST /api/v1/accounts/:id/captain/custom_tools, so what the API cannot send (a hand-set slug, keys
`permit` drops from param_schema) is skipped as internal. The Toolable concern (building and sending
the HTTP request a tool call makes) runs inside an assistant's LLM loop, which fakewoot does not run.
"""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/enterprise/models/captain/custom_tool_spec.rb"
UPSTREAM_ITS = 57
TOOLABLE = "not implemented: HTTP tool execution (Concerns::Toolable runs inside an assistant's LLM loop)"
_TOOLABLE_ITS = (
    "#build_request_url > returns static URL when no template variables present",
    "#build_request_url > renders URL template with params",
    "#build_request_url > handles multiple template variables",
    "#build_request_body > returns nil when request_template is blank",
    "#build_request_body > renders request body template with params",
    "#build_auth_headers > returns empty hash for none auth type",
    "#build_auth_headers > returns bearer token header",
    "#build_auth_headers > returns API key header when location is header",
    "#build_auth_headers > returns empty hash for API key when location is not header",
    "#build_auth_headers > returns empty hash for basic auth",
    "#build_basic_auth_credentials > returns nil for non-basic auth types",
    "#build_basic_auth_credentials > returns username and password array for basic auth",
    "#format_response > returns raw response when no response_template",
    "#format_response > renders response template with JSON response",
    "#format_response > handles response template with multiple fields",
    "#format_response > handles non-JSON response",
    "#build_metadata_headers > includes account and assistant metadata",
    "#build_metadata_headers > includes tool slug",
    "#build_metadata_headers > includes conversation metadata when present",
    "#build_metadata_headers > includes contact metadata when present",
    "#build_metadata_headers > handles missing conversation gracefully",
    "#build_metadata_headers > handles missing contact gracefully",
    "#build_metadata_headers > handles empty state",
    "#build_metadata_headers > omits contact email header when email is blank",
    "#build_metadata_headers > omits contact phone header when phone number is blank",
    "#tool > returns HttpTool instance",
    "#tool > sets description on the tool class",
    "#tool > sets parameters on the tool class",
    "#tool > works with empty param_schema",
)
SKIPPED = {
    **{f"Toolable concern > {it}": TOOLABLE for it in _TOOLABLE_ITS},
    "associations > is_expected.to belong_to(:account)": "internal: an association matcher, no HTTP effect",
    "validations > slug uniqueness > validates uniqueness of slug scoped to account": (
        "internal: needs a hand-set slug, which the API never takes (a taken generated slug gets a suffix)"
    ),
    "validations > param_schema validation > is invalid with additional properties in param_schema": (
        "internal: the controller's permit drops extra keys before the model sees them"
    ),
    "slug generation > does not override manually set slug": "internal: the API never takes a slug",
    "Toolable concern > #to_tool_metadata > returns tool metadata hash with custom flag": (
        "internal: the `custom` flag is not rendered (assistants/tools.json.jbuilder keeps id, title, "
        "description, icon; test_captain_custom_tools covers those)"
    ),
}
URL = "/api/v1/accounts/1/captain/custom_tools"
SLUG = re.compile(r"^custom_test_tool_[a-z0-9]{6}$")
_n = iter(range(1, 10_000))


def _body(**fields: Any) -> dict[str, Any]:
    """The captain_custom_tool factory."""
    return {
        "custom_tool": {
            "title": f"Custom Tool {next(_n)}",
            "description": "A custom HTTP tool for external API integration",
            "endpoint_url": "https://api.example.com/endpoint",
            "http_method": "GET",
            "auth_type": "none",
            "auth_config": {},
            "param_schema": [],
            "enabled": True,
            **fields,
        }
    }


def _create(http: Any, url: str = URL, headers: dict[str, str] = ADMIN, **fields: Any) -> dict[str, Any]:
    return ok(http.post(url, json=_body(**fields), headers=headers))


def _refused(http: Any, **fields: Any) -> dict[str, Any]:
    answer = http.post(URL, json=_body(**fields), headers=ADMIN)
    assert answer.status_code == 422, answer.text
    return answer.json()


@ports(
    "validations > is_expected.to validate_presence_of(:title)",
    "validations > is_expected.to validate_presence_of(:endpoint_url)",
    "slug generation > does not generate slug when title is blank",
)
def test_title_and_endpoint_are_required(http):
    assert "Title can't be blank" in _refused(http, title=None)["message"]
    assert "Slug can't be blank" in _refused(http, title="")["message"]  # no slug without a title
    assert "Endpoint url can't be blank" in _refused(http, endpoint_url="")["message"]


@ports(
    "validations > is_expected.to define_enum_for(:http_method).with_values('GET' => 'GET', 'POST' => 'POST')"
    ".backed_by_column_of_type(:string)",
    "validations > expect(subject).to define_enum_for(:auth_type).with_values('none' => 'none', 'bearer' => "
    "'bearer', 'basic' => 'basic', 'api_key' => 'api_key').backed_by_column_of_type(:string).with_prefix(:auth)",
)
def test_http_method_and_auth_type_are_enums(http):
    for method in ("GET", "POST"):
        assert _create(http, http_method=method)["http_method"] == method
    for auth in ("none", "bearer", "basic", "api_key"):
        assert _create(http, auth_type=auth)["auth_type"] == auth
    assert _refused(http, http_method="PUT")["attributes"] == ["http_method"]
    assert _refused(http, auth_type="oauth")["attributes"] == ["auth_type"]


@ports("validations > slug uniqueness > allows same slug across different accounts")
def test_the_same_slug_in_two_accounts(http):
    first = _create(http, title="Test Tool")
    other = _create(
        http, "/api/v1/accounts/2/captain/custom_tools", token(OTHER_ADMIN_TOKEN), title="Test Tool"
    )
    assert first["slug"] == other["slug"] == "custom_test_tool"


PS = "validations > param_schema validation > "


@ports(
    PS + "is valid with proper param_schema",
    PS + "is valid with empty param_schema",
    PS + "is valid when required field is omitted (defaults to optional param)",
)
def test_valid_param_schemas(http):
    full = [{"name": "order_id", "type": "string", "description": "Order ID", "required": True}]
    assert _create(http, param_schema=full)["param_schema"] == full
    assert _create(http, param_schema=[])["param_schema"] == []
    optional = [{"name": "order_id", "type": "string", "description": "Order ID"}]
    assert _create(http, param_schema=optional)["param_schema"] == optional


@ports(
    PS + "is invalid when param_schema is missing name",
    PS + "is invalid when param_schema is missing type",
    PS + "is invalid when param_schema is missing description",
)
def test_param_schema_items_need_name_type_and_description(http):
    item = {"name": "order_id", "type": "string", "description": "Order ID"}
    for key in ("name", "type", "description"):
        partial = {k: v for k, v in item.items() if k != key}
        assert _refused(http, param_schema=[partial])["attributes"] == [key]
    assert ok(http.get(URL, headers=ADMIN))["payload"] == []


@ports("scopes > .enabled > returns only enabled custom tools")
def test_only_enabled_tools_are_listed(http):
    enabled, disabled = _create(http, enabled=True), _create(http, enabled=False)
    ids = [t["id"] for t in ok(http.get(URL, headers=ADMIN))["payload"]]
    assert enabled["id"] in ids and disabled["id"] not in ids


@ports(
    "slug generation > generates slug from title on creation",
    "slug generation > adds custom_ prefix to generated slug",
    "slug generation > parameterizes title correctly",
)
def test_slugs_come_from_titles(http):
    assert _create(http, title="Fetch Order Status")["slug"] == "custom_fetch_order_status"
    assert _create(http, title="My Tool")["slug"].startswith("custom_")
    assert _create(http, title="Fetch Order Status & Details!")["slug"] == "custom_fetch_order_status_details"


@ports(
    "slug generation > handles slug collisions by appending random suffix",
    "slug generation > handles multiple slug collisions",
)
def test_taken_slugs_get_a_random_suffix(http):
    first = _create(http, title="Test Tool")
    second = _create(http, title="Test Tool")
    third = _create(http, title="Test Tool")
    assert first["slug"] == "custom_test_tool"
    assert SLUG.match(second["slug"]) and SLUG.match(third["slug"])
    assert third["slug"] not in (first["slug"], second["slug"])


@ports(
    "factory > creates a valid custom tool with default attributes",
    "factory > creates valid tool with POST trait",
    "factory > creates valid tool with bearer auth trait",
    "factory > creates valid tool with basic auth trait",
    "factory > creates valid tool with api key trait",
)
def test_the_factory_and_its_traits(http):
    plain = ok(
        http.post(
            URL, json={"custom_tool": {"title": "T", "endpoint_url": "https://a.example.com"}}, headers=ADMIN
        )
    )
    assert (plain["http_method"], plain["auth_type"], plain["enabled"], plain["slug"]) == (
        "GET",
        "none",
        True,
        "custom_t",
    )
    post = _create(http, http_method="POST", request_template='{ "key": "{{ value }}" }')
    assert (post["http_method"], post["request_template"]) == ("POST", '{ "key": "{{ value }}" }')
    bearer = _create(http, auth_type="bearer", auth_config={"token": "test_bearer_token_123"})
    assert (bearer["auth_type"], bearer["auth_config"]["token"]) == ("bearer", "test_bearer_token_123")
    basic = _create(http, auth_type="basic", auth_config={"username": "test_user", "password": "test_pass"})
    assert (basic["auth_config"]["username"], basic["auth_config"]["password"]) == ("test_user", "test_pass")
    api_key = _create(
        http,
        auth_type="api_key",
        auth_config={"key": "test_api_key", "location": "header", "name": "X-API-Key"},
    )
    assert (api_key["auth_type"], api_key["auth_config"]["key"], api_key["auth_config"]["location"]) == (
        "api_key",
        "test_api_key",
        "header",
    )
