"""/api/v1/accounts/:account_id/contacts (seed #26-#38).
Source: ../shared/reference/contacts.md; app/controllers/api/v1/accounts/contacts_controller.rb,
app/views/api/v1/models/_contact.json.jbuilder, app/policies/contact_policy.rb, contacts spec."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from fakewoot.store.contact_filters import (
    MSG_INVALID_KEY,
    MSG_INVALID_OPERATOR,
    MSG_INVALID_VALUE,
    MSG_QUERY_OPERATOR,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, sign_in, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
C = "/api/v1/accounts/1/contacts"
CONTACT_KEYS = {
    "additional_attributes": dict,
    "availability_status": str,
    "email": (str, NoneType),
    "id": int,
    "name": str,
    "phone_number": (str, NoneType),
    "blocked": bool,
    "identifier": (str, NoneType),
    "thumbnail": str,
    "custom_attributes": dict,
    "created_at": int,
}
CONTACT_ORDER = [
    "additional_attributes",
    "availability_status",
    "email",
    "id",
    "name",
    "phone_number",
    "blocked",
    "identifier",
    "thumbnail",
    "custom_attributes",
    "last_activity_at",
    "created_at",
    "contact_inboxes",
]
SLIM_INBOX = {
    "id": int,
    "avatar_url": str,
    "channel_id": int,
    "name": str,
    "channel_type": str,
    "provider": NoneType,
}


def assert_contact(body, with_inboxes=True):
    optional = {"last_activity_at": int}
    keys = dict(CONTACT_KEYS)
    if with_inboxes:
        keys["contact_inboxes"] = list
    assert_shape(body, keys, optional=optional)
    assert list(body) == [k for k in CONTACT_ORDER if k in body]
    assert "avatar" not in body and "updated_at" not in body
    for item in body.get("contact_inboxes", []):
        assert list(item) == ["source_id", "inbox"]
        assert isinstance(item["source_id"], str)
        assert_shape(item["inbox"], SLIM_INBOX)


def ids(response):
    return [c["id"] for c in response.json()["payload"]]


ENDPOINTS = [
    ("GET", C, None),
    ("GET", f"{C}/search?q=a", None),
    ("POST", f"{C}/filter", {"payload": []}),
    ("GET", f"{C}/active", None),
    ("POST", C, {"name": "X", "email": "x@x.test"}),
    ("GET", f"{C}/1", None),
    ("PATCH", f"{C}/1", {"name": "X"}),
    ("PUT", f"{C}/1", {"name": "X"}),
    ("DELETE", f"{C}/1", None),
    ("GET", f"{C}/1/contactable_inboxes", None),
    ("DELETE", f"{C}/1/avatar", None),
    ("POST", f"{C}/1/destroy_custom_attributes", {"custom_attributes": ["plan"]}),
    ("POST", f"{C}/import", None),
    ("POST", f"{C}/export", {}),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_contacts_refuse_strangers_and_other_accounts(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert fake.snapshot() == before


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [("DELETE", f"{C}/2", None), ("POST", f"{C}/export", {}), ("POST", f"{C}/import", None)],
)
def test_admin_only_actions_refuse_agents(client, fake, method, url, body):
    before = fake.snapshot()
    response = client.request(method, url, json=body, headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


# ---------------------------------------------------------------- list, search, active


def test_list_shape_pagination_and_resolved_only(client, fake):
    response = client.get(C, headers=AGENT)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["meta", "payload"]
    assert body["meta"] == {
        "count": 6,
        "current_page": 1,
    }  # 7 contacts; "Anonymous visitor" has no email/phone/id
    for contact in body["payload"]:
        assert_contact(contact)
    assert 7 not in ids(response)
    for i in range(20):
        fake.store.contacts.create(1, {"name": f"Bulk {i:02d}", "email": f"bulk{i:02d}@x.test"})
    page2 = client.get(f"{C}?page=2&sort=name", headers=AGENT).json()
    assert page2["meta"] == {"count": 26, "current_page": "2"}  # echoed as sent: a string from the query
    assert len(page2["payload"]) == 11
    past = client.get(f"{C}?page=9", headers=AGENT).json()
    assert (past["meta"]["count"], past["payload"]) == (26, [])
    zero = client.get(f"{C}?page=0", headers=AGENT).json()
    assert zero["meta"]["current_page"] == "0" and len(zero["payload"]) == 15


def test_list_sorting(client):
    by_name = client.get(f"{C}?sort=name", headers=ADMIN)
    assert [c["name"] for c in by_name.json()["payload"]] == sorted(
        [c["name"] for c in by_name.json()["payload"]], key=str.lower
    )
    desc = client.get(f"{C}?sort=-name", headers=ADMIN).json()["payload"]
    assert next(c["name"] for c in desc) == "Farid Haddad"
    # NULLs last in both directions for company/city/country
    company = [
        c["additional_attributes"].get("company_name")
        for c in client.get(f"{C}?sort=-company", headers=ADMIN).json()["payload"]
    ]
    assert company == ["Umbrella", "Initech", "Globex", None, None, None]
    country = [
        c["additional_attributes"].get("country")
        for c in client.get(f"{C}?sort=country", headers=ADMIN).json()["payload"]
    ]
    assert country[:4] == ["France", "Germany", "Spain", "United Kingdom"] and country[4:] == [None, None]
    # email: PostgreSQL's default NULL placement (first when descending)
    emails = [c["email"] for c in client.get(f"{C}?sort=-email", headers=ADMIN).json()["payload"]]
    assert emails[:2] == [None, None] and emails[2] == "farid@customer.test"
    multi = client.get(f"{C}?sort=-blocked_unknown,name", headers=ADMIN).json()["payload"]
    assert next(c["name"] for c in multi) == "Alice Johnson"


def test_list_by_labels_any_and_include_contact_inboxes(client):
    response = client.get(f"{C}?labels[]=vip&labels[]=billing", headers=ADMIN)
    assert sorted(ids(response)) == [1, 2]
    assert sorted(ids(client.get(f"{C}?labels=support", headers=ADMIN))) == [1, 5]
    without = client.get(f"{C}?include_contact_inboxes=false", headers=ADMIN).json()["payload"]
    assert all("contact_inboxes" not in c for c in without)
    assert all(
        "contact_inboxes" in c
        for c in client.get(f"{C}?include_contact_inboxes=", headers=ADMIN).json()["payload"]
    )


def test_include_contact_inboxes_and_page_in_a_json_body(client):
    """`include_contact_inboxes.present? ? value == 'true' : true` and `params[:page] || 1` with JSON
    values: `true` is present but not the string "true" (off), `false` is not present (on); an
    empty `page` string is echoed as sent."""
    for flag, shown in ((True, False), (False, True), ("true", True), ("  ", True), ("yes", False)):
        body = {"payload": [], "include_contact_inboxes": flag}
        rows = client.post(f"{C}/filter", json=body, headers=ADMIN).json()["payload"]
        assert all(("contact_inboxes" in c) is shown for c in rows), flag
    assert client.get(f"{C}?page=", headers=ADMIN).json()["meta"]["current_page"] == ""
    assert (
        client.post(f"{C}/filter", json={"payload": [], "page": None}, headers=ADMIN).json()["meta"][
            "current_page"
        ]
        == 1
    )


def test_contact_inboxes_and_last_activity_in_shape(client):
    alice = client.get(f"{C}/1", headers=ADMIN).json()["payload"]
    assert next((ci["source_id"], ci["inbox"]["channel_type"]) for ci in alice["contact_inboxes"]) == (
        "alice-api-1",
        "Channel::Api",
    )
    assert alice["last_activity_at"] == 1704067200
    assert "last_activity_at" not in client.get(f"{C}/2", headers=ADMIN).json()["payload"]


def test_search_fields_case_rules_and_meta(client, fake):
    def found(q):
        response = client.get(f"{C}/search", params={"q": q}, headers=AGENT)
        assert response.status_code == 200
        return sorted(ids(response))

    assert found("ALICE") == [1]  # name, case-insensitive
    assert found("CUSTOMER.TEST") == [1, 2, 5, 6]  # email, case-insensitive
    assert found("55550101") == [1]  # phone
    assert found("cus_d") == [4]  # identifier, case-sensitive
    assert found("CUS_D") == []
    assert found("visitor") == []  # resolved contacts only (contacts_controller.rb#search at v4.10)
    assert found("initech") == [1]  # additional_attributes.company_name, case-insensitive
    assert found("a_i") == [1, 6]  # `_` is a LIKE wildcard (not escaped upstream): "ALIce", "fARId"
    assert found("cus_") == [1, 2, 4, 5, 6]  # ... so "cus_" also matches "customer.test" emails
    # a backslash escapes it (PostgreSQL's default ESCAPE): the identifiers cus_alice and cus_dmitri only
    assert found("cus\\_") == [1, 4]
    body = client.get(f"{C}/search?q=customer", headers=AGENT).json()
    assert body["meta"] == {"count": 4, "current_page": 1}  # the total; no has_more upstream
    for contact in body["payload"]:
        assert_contact(contact)


def test_search_pages_count_the_total(client, fake):
    for i in range(17):
        fake.store.contacts.create(1, {"name": f"Zed {i}", "email": f"zed{i}@x.test"})
    first = client.get(f"{C}/search?q=zed", headers=AGENT).json()
    assert first["meta"] == {"count": 17, "current_page": 1}
    assert len(first["payload"]) == 15
    second = client.get(f"{C}/search?q=zed&page=2", headers=AGENT).json()
    assert second["meta"] == {"count": 17, "current_page": "2"}
    assert len(second["payload"]) == 2


def test_search_with_a_blank_q_is_200_with_no_rows(client):
    """The 422 upstream means to send is unreachable (`render ... if q.blank? && return`)."""
    for url, page in ((f"{C}/search", 1), (f"{C}/search?q=", 1), (f"{C}/search?q=%20%20&page=3", "3")):
        response = client.get(url, headers=AGENT)
        assert (response.status_code, response.json()) == (
            200,
            {"meta": {"count": None, "current_page": page}, "payload": []},
        )


def test_active_lists_contacts_online_by_presence(client, fake):
    assert client.get(f"{C}/active", headers=AGENT).json() == {
        "meta": {"count": 0, "current_page": 1},
        "payload": [],
    }
    fake.store.presence.heartbeat(1, "Contact", 7)  # unresolved contacts count too
    fake.store.presence.heartbeat(1, "Contact", 2)
    body = client.get(f"{C}/active", headers=AGENT).json()
    assert body["meta"]["count"] == 2 and sorted(c["id"] for c in body["payload"]) == [2, 7]
    assert {c["availability_status"] for c in body["payload"]} == {"online"}


# ---------------------------------------------------------------- filter


def run_filter(client, payload, **extra):
    return client.post(f"{C}/filter", json={"payload": payload, **extra}, headers=AGENT)


def cond(key, op, values, query_operator=None):
    return {"attribute_key": key, "filter_operator": op, "values": values, "query_operator": query_operator}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ([cond("name", "equal_to", ["alice johnson"])], [1]),
        ([cond("name", "not_equal_to", ["alice johnson"])], [2, 3, 4, 5, 6]),
        ([cond("email", "contains", ["BOB", "emma"])], [2, 5]),
        ([cond("email", "does_not_contain", ["bob"])], [1, 5, 6]),  # NULL emails drop out
        ([cond("phone_number", "equal_to", ["15555550101"])], [1]),  # a + is prefixed
        ([cond("phone_number", "starts_with", ["+1555"])], []),  # starts_with acts as equality upstream
        ([cond("identifier", "equal_to", ["CUS_ALICE"])], [1]),
        ([cond("country_code", "equal_to", ["de"])], [1]),
        ([cond("city", "contains", ["ar"])], [2]),
        ([cond("company", "equal_to", ["initech"])], []),  # the literal key `company`, not company_name
        ([cond("labels", "equal_to", ["VIP"])], [1]),
        ([cond("labels", "not_equal_to", ["support"])], [2, 3, 4, 6]),
        ([cond("labels", "is_present", [])], [1, 2, 5]),
        ([cond("labels", "is_not_present", [])], [3, 4, 6]),
        ([cond("blocked", "equal_to", ["true"])], [6]),
        ([cond("created_at", "is_greater_than", ["2023-12-31"])], [1, 2, 3, 4, 5, 6]),
        ([cond("created_at", "is_less_than", ["2023-12-31"])], []),
        # past Python's date range (upstream: a PostgreSQL date error, 500): nothing, or everything, is that old
        ([cond("created_at", "days_before", ["99999999"])], []),
        ([cond("created_at", "days_before", ["-99999999"])], [1, 2, 3, 4, 5, 6]),
        ([cond("customer_type", "equal_to", ["Customer"])], [1, 3]),
        ([cond("customer_type", "not_equal_to", ["customer"])], [2, 4, 5, 6]),  # absent custom attrs included
        ([cond("seats", "is_greater_than", ["10"])], [1, 3]),
        ([cond("signup_date", "is_less_than", ["2024-01-01"])], [1]),
        ([cond("is_premium", "equal_to", ["false"])], [3]),
        ([cond("plan", "is_present", [])], [1, 2, 3]),
        (
            [
                cond("city", "equal_to", ["paris"], "OR"),
                cond("labels", "equal_to", ["vip"], "and"),
                cond("seats", "is_greater_than", ["100"]),
            ],
            [2],
        ),  # A OR (B AND C)
        (
            [cond("email", "contains", ["customer"], "and"), cond("labels", "equal_to", ["support"], "and")],
            [1, 5],
        ),
    ],
)
def test_filter_semantics(client, payload, expected):
    response = run_filter(client, payload)
    assert response.status_code == 200, response.text
    assert sorted(ids(response)) == expected
    assert response.json()["meta"] == {"count": len(expected), "current_page": 1}


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ([cond("name", "equal_to", ["a"], "xor")], MSG_QUERY_OPERATOR),
        (
            [cond("country_code", "contains", ["d"])],
            MSG_INVALID_OPERATOR.format(key="country_code", operators="equal_to,not_equal_to"),
        ),
        ([cond("name", "equal_to", [])], MSG_INVALID_VALUE.format(key="name")),
        (
            [cond("nickname", "equal_to", ["x"])],
            MSG_INVALID_KEY.format(
                key="nickname",
                keys="name,phone_number,email,identifier,country_code,city,company,labels,created_at,"
                "last_activity_at,blocked",
            ),
        ),
        (
            [cond("order_id", "equal_to", ["x"])],
            MSG_INVALID_KEY.format(
                key="order_id",
                keys="name,phone_number,email,identifier,country_code,city,company,labels,created_at,"
                "last_activity_at,blocked",
            ),
        ),  # a conversation attribute is not a contact key
        ([cond("created_at", "is_greater_than", ["yesterday"])], MSG_INVALID_VALUE.format(key="created_at")),
    ],
)
def test_filter_errors(client, fake, payload, error):
    response = run_filter(client, payload)
    assert (response.status_code, response.json()) == (422, {"error": error})


def test_filter_exact_spec_messages():
    assert MSG_QUERY_OPERATOR == 'Query operator must be either "AND" or "OR".'
    assert MSG_INVALID_OPERATOR.format(key="country_code", operators="equal_to,not_equal_to") == (
        "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to]."
    )


def test_filter_ignores_a_trailing_query_operator_and_pages(client):
    response = run_filter(client, [cond("email", "contains", ["customer"], "and")], page=1)
    assert response.status_code == 200 and sorted(ids(response)) == [1, 2, 5, 6]
    assert response.json()["meta"]["current_page"] == 1


def test_filter_payload_must_be_an_array(client):
    """Upstream calls `payload.each`: missing, null, a string or an object is a 500 there; never a 200
    with every contact here."""
    for body in ({}, {"payload": None}, {"payload": "x"}, {"payload": {"a": 1}}, {"payload": 1}):
        response = client.post(f"{C}/filter", json=body, headers=AGENT)
        assert (response.status_code, response.json()) == (
            422,
            {"error": "param is missing or the value is empty: payload"},
        )
    everything = client.post(f"{C}/filter", json={"payload": []}, headers=AGENT).json()
    assert everything["meta"]["count"] == 6  # no condition: every resolved contact
    assert client.post(f"{C}/filter", json={"payload": [1, None]}, headers=AGENT).status_code == 422


def test_get_filter_import_export_route_to_show(client):
    """Rails routes GET /contacts/filter to `show` with id "filter": authentication, then not found."""
    for word in ("filter", "import", "export"):
        assert client.get(f"{C}/{word}").status_code == 401
        response = client.get(f"{C}/{word}", headers=AGENT)
        assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


# ---------------------------------------------------------------- show, create, update, delete


def test_show(client):
    response = client.get(f"{C}/1", headers=AGENT)
    assert response.status_code == 200
    assert list(response.json()) == ["payload"]
    assert_contact(response.json()["payload"])
    for url in (f"{C}/999", f"{C}/8", f"{C}/abc"):  # contact 8 lives in account 2
        missing = client.get(url, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_create_with_inbox_returns_contact_and_raw_inbox(client, fake, events):
    body = {
        "name": "Zoe",
        "email": "ZOE@x.test",
        "phone_number": "+15555550199",
        "inbox_id": 1,
        "custom_attributes": {"plan": "pro"},
        "additional_attributes": {"city": "Rome"},
        "contact": {"x": 1},
    }
    response = client.post(C, json=body, headers=AGENT)
    assert response.status_code == 200
    payload = response.json()["payload"]
    assert list(payload) == ["contact", "contact_inbox"]
    assert_contact(payload["contact"])
    assert payload["contact"]["email"] == "zoe@x.test"
    assert list(payload["contact_inbox"]) == ["inbox", "source_id"]
    inbox = payload["contact_inbox"]["inbox"]
    assert (inbox["id"], inbox["account_id"], inbox["channel_type"], inbox["sender_name_type"]) == (
        1,
        1,
        "Channel::Api",
        "friendly",
    )
    assert inbox["created_at"].endswith("Z")
    assert payload["contact_inbox"]["source_id"] == payload["contact"]["contact_inboxes"][0]["source_id"]
    assert [e.name for e in events] == ["contact.created"]


def test_create_without_inbox_and_name_only(client):
    response = client.post(C, json={"name": "Only a name"}, headers=AGENT)
    assert response.status_code == 200
    assert response.json()["payload"]["contact_inbox"] == {"inbox": None, "source_id": None}
    contact_id = response.json()["payload"]["contact"]["id"]
    assert contact_id not in ids(client.get(f"{C}?page=1", headers=AGENT))  # not resolved, not listed
    assert client.get(f"{C}/{contact_id}", headers=AGENT).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            {"email": "ALICE@customer.test"},
            422,
            {"message": "Email has already been taken", "attributes": ["email"]},
        ),
        ({"email": "not-an-email"}, 422, {"message": "Email Invalid email", "attributes": ["email"]}),
        (
            {"phone_number": "5555550100"},
            422,
            {"message": "Phone number should be in e164 format", "attributes": ["phone_number"]},
        ),
        (
            {"phone_number": "+1 555 555"},
            422,
            {"message": "Phone number should be in e164 format", "attributes": ["phone_number"]},
        ),
        (  # Ruby's \d is ASCII-only: Arabic-Indic digits are not E.164
            {"phone_number": "+\u0661\u0662\u0663\u0664"},
            422,
            {"message": "Phone number should be in e164 format", "attributes": ["phone_number"]},
        ),
        (
            {"phone_number": "+15555550101"},
            422,
            {"message": "Phone number has already been taken", "attributes": ["phone_number"]},
        ),
        (
            {"identifier": "cus_alice"},
            422,
            {"message": "Identifier has already been taken", "attributes": ["identifier"]},
        ),
        (
            {"name": "n" * 256},
            422,
            {"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]},
        ),
        (
            {"email": "bad", "phone_number": "1"},
            422,
            {
                "message": "Email Invalid email, Phone number should be in e164 format",
                "attributes": ["email", "phone_number"],
            },
        ),
        ({"name": "X", "inbox_id": 999}, 404, {"error": MSG_NOT_FOUND}),
        ({"name": "X", "inbox_id": 3}, 404, {"error": MSG_NOT_FOUND}),  # inbox of another account
    ],
)
def test_create_refusals_change_nothing(client, fake, body, status, expected):
    before = fake.snapshot()
    response = client.post(C, json=body, headers=AGENT)
    assert (response.status_code, response.json()) == (status, expected)
    assert fake.snapshot() == before


def test_email_whitespace_is_ruby_s_ascii_whitespace(client):
    # Devise.email_regexp's \s is ASCII-only in Ruby: a no-break space passes, a tab does not
    ok = client.post(C, json={"email": "no\u00a0break@x.test"}, headers=AGENT)
    assert ok.status_code == 200, ok.text
    bad = client.post(C, json={"email": "tab\tbad@x.test"}, headers=AGENT)
    assert bad.json() == {"message": "Email Invalid email", "attributes": ["email"]}


def test_update_merges_attributes_and_overwrites_fields(client, fake):
    response = client.patch(
        f"{C}/1",
        json={
            "name": "Alice J.",
            "email": "",
            "custom_attributes": {"plan": "team", "new": 1},
            "additional_attributes": {"city": None},
        },
        headers=AGENT,
    )
    assert response.status_code == 200
    contact = response.json()["payload"]
    assert_contact(contact)
    assert (contact["name"], contact["email"]) == ("Alice J.", None)
    assert contact["custom_attributes"] == {
        "customer_type": "customer",
        "plan": "team",
        "seats": 12,
        "signup_date": "2023-06-01",
        "is_premium": True,
        "new": 1,
    }
    assert contact["additional_attributes"]["city"] is None
    assert contact["additional_attributes"]["company_name"] == "Initech"
    put = client.put(f"{C}/2", json={"phone_number": "+15555550123"}, headers=AGENT)
    assert put.json()["payload"]["phone_number"] == "+15555550123"
    # the freed email can be taken by another contact now
    assert client.patch(f"{C}/2", json={"email": "alice@customer.test"}, headers=AGENT).status_code == 200


def test_phone_format_is_anchored_at_the_end_only(client):
    r"""Contact's `/\+[1-9]\d{1,14}\z/` at v4.10 has no start anchor."""
    for phone, status in (("abc+15555550177", 200), ("1+15555550178", 200), ("+15555550179x", 422)):
        response = client.patch(f"{C}/2", json={"phone_number": phone}, headers=AGENT)
        assert response.status_code == status, phone


def test_avatar_upload(client, fake):
    png = ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")
    response = client.patch(f"{C}/2", files={"avatar": png}, headers=AGENT)
    assert response.status_code == 200
    assert response.json()["payload"]["thumbnail"].endswith("/a.png")
    before = fake.snapshot()
    text = client.patch(f"{C}/2", files={"avatar": ("a.txt", b"hi", "text/plain")}, headers=AGENT)
    assert (text.status_code, text.json()) == (
        422,
        {"message": "Avatar filetype not supported", "attributes": ["avatar"]},
    )
    assert fake.snapshot() == before


def test_create_with_a_source_id_another_contact_holds(client, fake):
    before = fake.snapshot()
    body = {"name": "Dup", "inbox_id": 1, "source_id": "alice-api-1"}
    response = client.post(C, json=body, headers=AGENT)
    assert (response.status_code, response.json()) == (422, {"error": "source_id should be unique"})
    assert fake.snapshot() == before  # the transaction rolls back: no contact either


def test_update_refusals(client, fake):
    before = fake.snapshot()
    dup = client.patch(
        f"{C}/2", json={"email": "alice@customer.test", "phone_number": "+15555550101"}, headers=AGENT
    )
    assert dup.status_code == 422
    assert dup.json()["attributes"] == ["email", "phone_number"]
    assert client.patch(f"{C}/999", json={"name": "x"}, headers=AGENT).status_code == 404
    assert fake.snapshot() == before


def test_delete_contact(client, fake):
    response = client.delete(f"{C}/2", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert client.get(f"{C}/2", headers=ADMIN).status_code == 404
    assert fake.store.conversations.of_contact(1, 2) == []


def test_delete_online_contact_is_refused(client, fake):
    fake.store.contacts.update(fake.store.contacts.get(1, 1), {"name": "alice JOHNSON"})
    fake.store.presence.heartbeat(1, "Contact", 1)
    before = fake.snapshot()
    response = client.delete(f"{C}/1", headers=ADMIN)
    assert (response.status_code, response.json()) == (
        422,
        {"message": "Alice johnson is Online, please try again later"},
    )
    assert fake.snapshot() == before


# ---------------------------------------------------------------- member routes


def test_contactable_inboxes(client, fake):
    response = client.get(f"{C}/1/contactable_inboxes", headers=ADMIN)
    assert response.status_code == 200
    payload = response.json()["payload"]
    assert [(p["inbox"]["id"], p["source_id"]) for p in payload] == [
        (1, "alice-api-1")
    ]  # widget inbox has a conversation
    assert list(payload[0]) == ["inbox", "source_id"]
    # the slim inbox (#10888), never the full one with its secrets (v4.10 contactable_inboxes.json.jbuilder)
    assert list(payload[0]["inbox"]) == ["id", "avatar_url", "channel_id", "name", "channel_type", "provider"]
    # an agent sees only member inboxes; an API inbox with no contact inbox gets a UUID
    agent = client.get(f"{C}/3/contactable_inboxes", headers=AGENT).json()["payload"]
    assert [p["inbox"]["id"] for p in agent] == [1] and "hmac_token" not in agent[0]["inbox"]
    fresh = client.get(f"{C}/5/contactable_inboxes", headers=AGENT).json()["payload"]
    again = client.get(f"{C}/5/contactable_inboxes", headers=AGENT).json()["payload"]
    assert len(fresh[0]["source_id"]) == 36 and fresh[0]["source_id"] != again[0]["source_id"]


def test_delete_avatar_returns_contact_without_inboxes(client, fake):
    fake.store.contacts.get(1, 1).avatar_url = "http://127.0.0.1/a.png"
    response = client.delete(f"{C}/1/avatar", headers=AGENT)
    assert response.status_code == 200
    contact = response.json()["payload"]
    assert_contact(contact, with_inboxes=False)
    assert contact["thumbnail"] == ""


def test_destroy_custom_attributes(client):
    response = client.post(
        f"{C}/1/destroy_custom_attributes", json={"custom_attributes": ["plan", "nope"]}, headers=AGENT
    )
    assert response.status_code == 200
    contact = response.json()["payload"]
    assert_contact(contact)
    assert "plan" not in contact["custom_attributes"] and contact["custom_attributes"]["seats"] == 12
    unchanged = client.post(f"{C}/1/destroy_custom_attributes", json={}, headers=AGENT).json()["payload"]
    assert unchanged["custom_attributes"] == contact["custom_attributes"]


# ---------------------------------------------------------------- import, export


def test_import_csv_after_the_response(client, fake):
    csv = (
        b"name,email,phone_number,identifier,company,city,tier\n"
        b"Alice Updated,ALICE@customer.test,,,,,gold\n"
        b"New Person,new@x.test,15555550777,,Acme,Oslo,silver\n"
        b"Broken,broken-email,,,,,\n"
        b"\xff\xfeOdd bytes,odd@x.test,,,,,\n"
    )
    response = client.post(
        f"{C}/import", files={"import_file": ("contacts.csv", csv, "text/csv")}, headers=ADMIN
    )
    assert (response.status_code, response.content) == (200, b"")
    record = list(fake.store.state.accounts[1].data_imports)[-1]
    assert (record.status, record.total_records, record.processed_records) == ("completed", 4, 3)
    assert record.failed_records.splitlines()[1] == "Broken,broken-email,,,,,,Email Invalid email"
    alice = fake.store.contacts.get(1, 1)
    assert (alice.name, alice.custom_attributes["tier"]) == ("Alice Updated", "gold")
    new = fake.store.contacts.get(1, fake.store.state.accounts[1].contact_emails["new@x.test"])
    assert (new.phone_number, new.additional_attributes) == (
        "+15555550777",
        {"company": "Acme", "city": "Oslo"},  # only the `company` column, to the `company` key
    )
    assert any(
        m.template == "contact_import_complete" and m.to == "john@acme.inc"
        for m in fake.store.mailer.outbox()
    )


def test_import_without_file_is_422(client, fake):
    for kwargs in ({"json": {}}, {"data": {"import_file": "text"}}):
        response = client.post(f"{C}/import", headers=ADMIN, **kwargs)
        assert (response.status_code, response.json()) == (422, {"error": "File is blank"})


def test_import_malformed_csv_fails_the_import_not_the_request(client, fake):
    response = client.post(
        f"{C}/import",
        files={"import_file": ("c.csv", b'name,email\n"unterminated,x\n', "text/csv")},
        headers=ADMIN,
    )
    assert response.status_code == 200
    assert list(fake.store.state.accounts[1].data_imports)[-1].status == "failed"


def test_export_mails_the_csv(client, fake):
    response = client.post(
        f"{C}/export", json={"column_names": ["id", "email", "bogus"], "label": "vip"}, headers=ADMIN
    )
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["message"] == "We will notify you once contacts export file is ready to view."
    mail = fake.store.mailer.outbox(template="contact_export_complete")[-1]
    assert mail.to == "john@acme.inc"
    assert mail.data["attachment"]["content"].splitlines() == ["id,email", "1,alice@customer.test"]
    client.post(f"{C}/export", json={"payload": [cond("city", "equal_to", ["paris"])]}, headers=ADMIN)
    assert fake.store.mailer.outbox(template="contact_export_complete")[-1].data["attachment"][
        "content"
    ].splitlines() == ["id,name,email,phone_number", "2,Bob Smith,bob@customer.test,"]


def test_session_auth_works_on_contacts(client):
    assert client.get(C, headers=sign_in(client)).status_code == 200
