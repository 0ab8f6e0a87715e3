"""Port of spec/controllers/api/v1/accounts/custom_filters_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/custom_filters_controller_spec.rb"
UPSTREAM_ITS = 12
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/custom_filters"
STATUS_OPEN = {
    "payload": [
        {
            "values": ["open"],
            "attribute_key": "status",
            "query_operator": None,
            "attribute_model": "standard",
            "filter_operator": "equal_to",
            "custom_attribute_type": "",
        }
    ]
}
INDEX = "GET /api/v1/accounts/{account.id}/custom_filters"
SHOW = "GET /api/v1/accounts/{account.id}/custom_filters/:id"
CREATE = "POST /api/v1/accounts/{account.id}/custom_filters"
UPDATE = "PATCH /api/v1/accounts/{account.id}/custom_filters/:id"
DESTROY = "DELETE /api/v1/accounts/{account.id}/custom_filters/:id"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "


def _form(name: str, value: str) -> dict[str, str]:
    """The spec's `payload` as the form body Rails' request helper sends (not JSON)."""
    base = "custom_filter[query][payload][]"
    return {
        "custom_filter[name]": name,
        "custom_filter[filter_type]": "conversation",
        f"{base}[values][]": value,
        f"{base}[attribute_key]": "status",
        f"{base}[attribute_model]": "standard",
        f"{base}[filter_operator]": "equal_to",
    }


def _setup(http) -> tuple[dict, dict]:
    """The spec's agent with one filter whose query is status = open."""
    user = new_user(http, role="agent")
    saved = ok(http.post(URL, json={"name": "Filter 1", "query": STATUS_OPEN}, headers=user["headers"]))
    return user, saved


@ports(INDEX + UNAUTH, SHOW + UNAUTH, CREATE + UNAUTH, UPDATE + UNAUTH, DESTROY + UNAUTH)
def test_unauthenticated_calls_are_refused_and_store_nothing(http):
    user, saved = _setup(http)
    one = f"{URL}/{saved['id']}"
    for method, url, data in (
        ("GET", URL, None),
        ("GET", one, None),
        ("POST", URL, _form("vip-customers", "open")),
        ("PUT", one, _form("vip-customers", "resolved")),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, data=data).status_code == 401, (method, url)
    assert ok(http.get(URL, headers=user["headers"])) == [saved]


@ports(INDEX + AUTHED + "returns all custom_filter related to the user")
def test_index_lists_the_users_filters(http):
    user, saved = _setup(http)
    listed = ok(http.get(URL, headers=user["headers"]))
    assert listed[0]["name"] == saved["name"] and listed[0]["query"] == STATUS_OPEN
    assert ok(http.get(URL, headers=new_user(http)["headers"])) == []  # another user's filters are theirs


@ports(SHOW + AUTHED + "shows the custom filter")
def test_show(http):
    user, saved = _setup(http)
    answer = http.get(f"{URL}/{saved['id']}", headers=user["headers"])
    assert answer.status_code == 200 and saved["name"] in answer.text


@ports(CREATE + AUTHED + "creates the filter")
def test_create_from_a_form_body(http):
    user, _ = _setup(http)
    created = ok(http.post(URL, data=_form("vip-customers", "open"), headers=user["headers"]))
    assert created["name"] == "vip-customers"
    assert created["query"]["payload"][0]["values"] == ["open"]


@ports(CREATE + AUTHED + "gives the error for 1001st record")
def test_the_1001st_filter_is_refused(http, fake):
    user, saved = _setup(http)
    ok(http.delete(f"{URL}/{saved['id']}", headers=user["headers"]), 204)
    for n in range(1000):
        fake.store.custom_filters.create(1, user["id"], name=f"f{n}", query={})
    answer = http.post(URL, data=_form("vip-customers", "open"), headers=user["headers"])
    assert answer.status_code == 422
    assert (
        "Account Limit reached. The maximum number of allowed custom filters for a user per account is 1000."
        in answer.json()["message"]
    )
    assert len(fake.store.custom_filters.of_user(1, user["id"])) == 1000


@ports(UPDATE + AUTHED + "updates the custom filter")
def test_update(http):
    user, saved = _setup(http)
    body = {
        "custom_filter": {
            "name": "vip-customers",
            "filter_type": "conversation",
            "query": {
                "payload": [
                    {"values": ["resolved"], "attribute_key": "status", "filter_operator": "equal_to"}
                ]
            },
        }
    }
    ok(http.patch(f"{URL}/{saved['id']}", json=body, headers=user["headers"]))
    shown = ok(http.get(f"{URL}/{saved['id']}", headers=user["headers"]))
    assert (shown["name"], shown["filter_type"]) == ("vip-customers", "conversation")
    assert shown["query"]["payload"][0]["values"] == ["resolved"]


@ports(UPDATE + AUTHED + "prevents the update of custom filter of another user/account")
def test_another_accounts_filter_is_not_found(http):
    user, _ = _setup(http)
    other = new_user(http, account_id=2, role="agent")
    theirs = ok(http.post("/api/v1/accounts/2/custom_filters", json={"name": "x"}, headers=other["headers"]))
    answer = http.patch(f"{URL}/{theirs['id']}", json={"name": "vip-customers"}, headers=user["headers"])
    assert answer.status_code == 404


@ports(
    DESTROY
    + " > when it is an authenticated admin user > deletes custom filter if it is attached to the current user and account"
)
def test_destroy(http):
    user, saved = _setup(http)
    answer = http.delete(f"{URL}/{saved['id']}", headers=user["headers"])
    assert answer.status_code == 204
    assert ok(http.get(URL, headers=user["headers"])) == []
