"""Issue 11 item 1 (and 2): validation at the edge. Every time, number and id that reaches the store
is checked for range before anything changes; a refused request changes nothing (the snapshot's
bytes are equal before and after), and no request leaves state a later read cannot serialise.
Each case here is one the fuzzer (tests/properties/test_fuzz.py, bench/fuzz.py) found or the issue
named. Where Chatwoot itself answers 500, fakewoot's 4xx is listed in docs/fidelity.md ("Deliberate
deviations").

Sources: Chatwoot v4.10 (e13e3c87) `request_exception_handler.rb` (ActiveModel::RangeError and
PostgreSQL errors are not rescued: a 500), `date_range_helper.rb#parse_date_time`
(`DateTime.strptime(value.to_s, '%s')`), Rails' JSON.parse max_nesting (100) and Rack 3's
param_depth_limit (32): ParseError / ParamsTooDeepError answer 400.
"""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.store.ranges import MSG_OUT_OF_RANGE
from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
A = "/api/v1/accounts/1"
C = f"{A}/conversations"
BAD_REQUEST = {"status": 400, "error": "Bad Request"}
READS = [
    f"{C}?status=all",
    f"{C}/meta?status=all",
    f"{C}/1",
    f"{C}/1/messages",
    f"{A}/contacts",
    f"{A}/contacts/1",
    f"{A}/inboxes",
    f"{A}/webhooks",
    f"{A}/agent_bots",
    "/api/v1/profile",
    "/_fakewoot/state",
    "/_fakewoot/requests",
    "/_fakewoot/timeline",
    "/_fakewoot/webhooks",
]


def out_of_range(attr: str, human: str) -> dict[str, Any]:
    return {"message": MSG_OUT_OF_RANGE.format(attr=human), "attributes": [attr]}


def refused(client, fake: FakeChatwoot, method: str, path: str, **kwargs: Any) -> Any:
    """Send a request that must be refused; the state must be byte-for-byte what it was."""
    before = fake.snapshot()
    response = client.request(method, path, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert fake.snapshot() == before
    return response


def assert_every_read_serialises(client) -> None:
    for path in READS:
        response = client.get(path, headers=ADMIN)
        assert response.status_code == 200, (path, response.text)


# --- times ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("until", [1e20, -1e20, 253402300800, "1e20", "99999999999999999999", "inf", "-nan"])
def test_a_snooze_past_what_a_timestamp_holds_is_refused(client, fake, until):
    response = refused(
        client,
        fake,
        "POST",
        f"{C}/1/toggle_status",
        json={"status": "snoozed", "snoozed_until": until},
        headers=ADMIN,
    )
    assert (response.status_code, response.json()) == (422, out_of_range("snoozed_until", "Snoozed until"))
    assert_every_read_serialises(client)


def test_a_snooze_at_the_last_second_of_9999_is_kept_and_readable(client, fake):
    last = 253402300799
    response = client.post(
        f"{C}/1/toggle_status", json={"status": "snoozed", "snoozed_until": last}, headers=ADMIN
    )
    assert (
        response.json()["payload"]["snoozed_until"] == "9999-12-31T23:59:59.000Z"
    )  # the view renders a time
    assert client.get(f"{C}/1", headers=ADMIN).json()["snoozed_until"] == "9999-12-31T23:59:59.000Z"
    assert_every_read_serialises(client)


def test_a_new_conversation_snoozed_out_of_range_is_refused_before_its_contact_inbox(client, fake):
    body = {"inbox_id": 1, "contact_id": 4, "status": "snoozed", "snoozed_until": 1e20}
    response = refused(client, fake, "POST", C, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, out_of_range("snoozed_until", "Snoozed until"))


def test_junk_snooze_times_are_nil_as_activerecord_casts_them(client):
    response = client.post(
        f"{C}/1/toggle_status", json={"status": "snoozed", "snoozed_until": "soon"}, headers=ADMIN
    )
    assert response.json()["payload"]["snoozed_until"] is None


# --- ids and numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("huge", ["9223372036854775808", "99999999999999999999999", "-9223372036854775809"])
def test_a_path_id_past_a_bigint_finds_nothing_and_the_journal_still_reads(client, fake, huge):
    for path in (f"/api/v1/accounts/{huge}/contacts", f"{A}/contacts/{huge}", f"{C}/{huge}/messages"):
        response = refused(client, fake, "GET", path, headers=ADMIN)
        assert response.status_code in (401, 404)
    rows = client.get("/_fakewoot/requests").json()
    assert rows[0]["account_id"] is None and rows[1]["account_id"] == 1
    assert client.get("/_fakewoot/timeline").status_code == 200


@pytest.mark.parametrize("inbox_id", [2**31, "99999999999999999999", -(2**31) - 1])
def test_a_webhook_inbox_id_past_the_integer_column_is_refused(client, fake, inbox_id):
    body = {"url": "https://crm.test/hook", "subscriptions": ["message_created"], "inbox_id": inbox_id}
    response = refused(client, fake, "POST", f"{A}/webhooks", json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, out_of_range("inbox_id", "Inbox"))
    form = refused(
        client,
        fake,
        "POST",
        f"{A}/webhooks",
        data={**body, "subscriptions[]": "message_created"},
        headers=ADMIN,
    )
    assert form.status_code == 422
    created = client.post(f"{A}/webhooks", json={**body, "inbox_id": 2**31 - 1}, headers=ADMIN)
    assert created.status_code == 200
    webhook_id = created.json()["payload"]["webhook"]["id"]
    refused(client, fake, "PATCH", f"{A}/webhooks/{webhook_id}", json={"inbox_id": inbox_id}, headers=ADMIN)
    assert_every_read_serialises(client)


def test_the_range_error_comes_after_the_validation_errors(client, fake):
    body = {"url": "not a url", "subscriptions": ["message_created"], "inbox_id": 2**40}
    response = refused(client, fake, "POST", f"{A}/webhooks", json=body, headers=ADMIN)
    assert response.json() == {
        "message": "Url is invalid, Inbox is out of range",
        "attributes": ["url", "inbox_id"],
    }


# --- bodies Rails refuses before any controller -------------------------------------------------------


def nested(levels: int) -> Any:
    """A contact update nested `levels` deep (the root object is level one)."""
    value: Any = 1
    for _ in range(levels - 2):
        value = [value]
    return {"custom_attributes": {"a": value}}


def test_json_nested_past_rails_max_nesting_is_400_and_changes_nothing(client, fake):
    body = nested(101)  # JSON.parse's max_nesting is 100: the root object counts as one level
    response = refused(client, fake, "PATCH", f"{A}/contacts/1", json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (400, BAD_REQUEST)
    for path in (f"{C}/1/custom_attributes", "/platform/api/v1/users", "/_fakewoot/cable/emit"):
        assert refused(client, fake, "POST", path, json=body, headers=ADMIN).status_code == 400
    kept = client.patch(f"{A}/contacts/1", json=nested(100), headers=ADMIN)
    assert kept.status_code == 200
    assert_every_read_serialises(client)


def test_form_keys_nested_past_racks_depth_limit_are_400(client, fake):
    key = "contact" + "[a]" * 32
    response = refused(client, fake, "PATCH", f"{A}/contacts/1", data={key: "x"}, headers=ADMIN)
    assert (response.status_code, response.json()) == (400, BAD_REQUEST)
    response = refused(client, fake, "GET", f"{A}/contacts?{key}=x", headers=ADMIN)
    assert response.status_code == 400
    assert client.patch(f"{A}/contacts/1", data={"name" + "[a]" * 30: "x"}, headers=ADMIN).status_code == 200


# --- filters and background jobs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "values", "count"), [("equal_to", [1], 0), ("is_present", [], 0), ("is_not_present", [], 3)]
)
def test_the_campaign_id_filter_key_is_null_everywhere(client, fake, operator, values, count):
    """campaign_id is a standard conversation filter key; campaigns are not modelled, so it is null."""
    payload = [
        {
            "attribute_key": "campaign_id",
            "filter_operator": operator,
            "values": values,
            "query_operator": None,
        }
    ]
    response = client.post(f"{C}/filter", json={"payload": payload}, headers=ADMIN)
    assert response.status_code == 200
    assert response.json()["meta"]["all_count"] == count


def test_an_export_with_a_bad_filter_fails_in_its_job_only(client, fake):
    """Chatwoot answers 200 and its job fails in Sidekiq: no CSV is mailed, nothing breaks."""
    before = len(fake.store.state.outbox)
    response = client.post(f"{A}/contacts/export", json={"payload": [None]}, headers=ADMIN)
    assert response.status_code == 200
    assert len(fake.store.state.outbox) == before and not fake.server_errors


# --- the control API ---------------------------------------------------------------------------------


def clock_and_faults(fake: FakeChatwoot) -> tuple[Any, ...]:
    hub, dispatcher = fake.hub, fake.deliveries.dispatcher
    return (
        fake.clock.now() if isinstance(fake.clock, FrozenClock) else None,
        type(fake.clock).__name__,
        len(fake.faults.active),
        (hub.hold, hub.delay, hub.copies, fake.cable_pings),
        (dispatcher.hold, dispatcher.delay, dispatcher.copies, dispatcher.drop_next),
    )


def control_refused(client, fake: FakeChatwoot, path: str, body: Any) -> str:
    before, state = clock_and_faults(fake), fake.snapshot()
    response = client.post(path, json=body)
    assert response.status_code == 422, (body, response.text)
    assert set(response.json()) == {"error"}
    assert clock_and_faults(fake) == before and fake.snapshot() == state
    return str(response.json()["error"])


@pytest.mark.parametrize(
    "body",
    [
        {"freeze": 1e20},
        {"freeze": -1},
        {"freeze": "10000-01-01T00:00:00Z"},
        {"freeze": "1969-12-31T23:59:59Z"},
        {"freeze": True},
        {"freeze": {}},
        {"freeze": "2024-06-01T00:00:00Z", "advance": 1e20},
        {"freeze": "9999-12-31T23:59:00Z", "advance": 120},
        {"advance": "nan"},
        {"advance": "inf"},
        {"advance": -1},
        {"freeze": "2024-06-01T00:00:00Z", "unfreeze": True, "advance": 0},
    ],
)
def test_the_clock_refuses_moments_outside_1970_to_9999(client, fake, body):
    control_refused(client, fake, "/_fakewoot/clock", body)  # a wall clock stays one
    try:
        client.post("/_fakewoot/clock", json={"freeze": "2024-06-01T00:00:00Z"})
        control_refused(client, fake, "/_fakewoot/clock", body)  # a frozen one stays where it was
    finally:
        client.post("/_fakewoot/clock", json={"unfreeze": True})


def test_the_clock_freezes_at_the_edges_and_every_create_still_reads(client, fake):
    try:
        for moment in ("9999-12-31T23:59:59Z", 0):
            assert client.post("/_fakewoot/clock", json={"freeze": moment}).status_code == 200
            created = client.post(
                f"{A}/contacts", json={"name": "Edge", "email": f"e{moment!s:.1}@x.test"}, headers=ADMIN
            )
            assert created.status_code == 200, created.text
            conversation = client.post(f"{C}", json={"inbox_id": 1, "contact_id": 1}, headers=ADMIN)
            assert conversation.status_code == 200, conversation.text
            assert_every_read_serialises(client)
    finally:
        client.post("/_fakewoot/clock", json={"unfreeze": True})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"path": "*", "latency": 61}, "latency"),
        ({"path": "*", "latency": -1}, "latency"),
        ({"path": "*", "latency": "nan"}, "latency"),
        ({"path": "*", "times": -2}, "times"),
        ({"path": "*", "times": 1_000_001}, "times"),
        ({"path": "*", "times": 1e30}, "times"),
        ({"path": "*", "status": 99}, "status"),
        ({"path": "*", "status": 600}, "status"),
        ({"path": "*", "status": 2**70}, "status"),
        ({"path": "*", "status": "teapot"}, "status"),
    ],
)
def test_faults_refuse_out_of_range_values(client, fake, body, message):
    assert message in control_refused(client, fake, "/_fakewoot/faults", body)


@pytest.mark.parametrize(
    "body",
    [
        {"delay": 61},
        {"delay": -1},
        {"delay": "inf"},
        {"copies": 101},
        {"copies": 0},
        {"copies": 1e30},
        {"hold": True, "copies": 101},
    ],
)
def test_the_cable_emitter_refuses_out_of_range_values(client, fake, body):
    control_refused(client, fake, "/_fakewoot/cable/faults", body)
    assert client.post("/_fakewoot/cable/faults", json={"delay": 60, "copies": 100}).status_code == 200
    client.post("/_fakewoot/cable/faults", json={"hold": False, "delay": 0, "copies": 1})


@pytest.mark.parametrize(
    "body",
    [
        {"drop_next": 1e30},
        {"drop_next": 1_000_001},
        {"hold": True, "copies": 1e30},
        {"hold": True, "delay": 61},
    ],
)
def test_delivery_faults_refuse_out_of_range_values_before_any_applies(client, fake, body):
    control_refused(client, fake, "/_fakewoot/webhooks/faults", body)


@pytest.mark.parametrize("timeout", ["soon", [], "nan", -1, 31])
def test_a_delivery_wait_refuses_a_timeout_it_cannot_read(client, fake, timeout):
    assert "timeout" in control_refused(
        client, fake, "/_fakewoot/webhooks/wait", {"event": "x", "timeout": timeout}
    )


@pytest.mark.parametrize("fixtures", [{"a": 1}, ["minimal"], "y" * 300, 12])
def test_a_load_of_something_that_is_no_folder_name_is_refused(client, fake, fixtures):
    control_refused(client, fake, "/_fakewoot/load", {"fixtures": fixtures})


# --- uploaded files -----------------------------------------------------------------------------------


def test_after_a_contact_import_the_whole_state_still_reads(client, fake):
    csv = b"name,email\nImported,imported@x.test\n"
    response = client.post(
        f"{A}/contacts/import", files={"import_file": ("c.csv", csv, "text/csv")}, headers=ADMIN
    )
    assert response.status_code == 200
    state = client.get("/_fakewoot/state").json()
    assert state["accounts"][0]["data_imports"][0]["content"] == csv.decode()
    assert_every_read_serialises(client)


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("PATCH", f"{A}/contacts/1", "custom_attributes[plan]"),
        ("POST", f"{C}/1/custom_attributes", "custom_attributes[plan]"),
        ("PATCH", A, "industry"),
        ("PATCH", "/api/v1/profile", "profile[ui_settings][theme]"),
    ],
)
def test_a_file_where_a_json_column_value_goes_is_kept_as_its_name(client, fake, method, path, field):
    response = client.request(method, path, files={field: ("plan.txt", b"gold", "text/plain")}, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert "plan.txt" in client.get("/_fakewoot/state").text
    assert_every_read_serialises(client)


def test_a_page_sent_as_a_file_echoes_as_its_name(client):
    response = client.request(
        "GET", f"{A}/contacts", files={"page": ("2", b"x", "text/plain")}, headers=ADMIN
    )
    assert response.json()["meta"]["current_page"] == "2"
