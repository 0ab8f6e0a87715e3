"""Port of spec/services/contacts/filter_service_spec.rb (v4.10) through POST /contacts/filter.

The service's `result[:count]` is the answer's `meta.count`, `result[:contacts]` its `payload`.
Setup as the spec's: three contacts with e-mails and country codes (one with a phone number), labels,
three contact custom attribute definitions and custom attribute values, all over the API;
`last_activity_at` has no API and is set in the fake's store, relative to the fake's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fakewoot.store.contact_filters import MSG_QUERY_OPERATOR
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import fresh_account

SPEC = "spec/services/contacts/filter_service_spec.rb"
UPSTREAM_ITS = 16
SKIPPED: dict[str, str] = {}

P = "#perform"
LABEL = f"{P} > with standard attributes - label"
ACTIVITY = f"{P} > with standard attributes - last_activity_at"
CUSTOM = f"{P} > with custom attributes"


class World:
    def __init__(self, http: Any) -> None:
        acc = self.acc = fresh_account(http)
        inbox = acc.inbox()
        first_user, _ = acc.user()
        second_user, _ = acc.user()
        acc.add_member(inbox["id"], first_user)
        acc.add_member(inbox["id"], second_user)
        self.en = acc.contact(email="en@example.test", additional_attributes={"country_code": "uk"})
        self.el = acc.contact(email="el@example.test", additional_attributes={"country_code": "gr"})
        self.cs = acc.contact(
            email="cs@example.test",
            phone_number="+420601234567",
            additional_attributes={"country_code": "cz"},
        )
        for contact, assignee in ((self.en, first_user), (self.el, None)):
            body = {"inbox_id": inbox["id"], "contact_id": contact["id"], "assignee_id": assignee}
            ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
        for key, display, values in (
            ("contact_additional_information", "text", None),
            ("customer_type", "list", ["regular", "platinum", "gold"]),
            ("signed_in_at", "date", None),
        ):
            definition = {
                "attribute_key": key,
                "attribute_display_name": key,
                "attribute_model": "contact_attribute",
                "attribute_display_type": display,
                **({"attribute_values": values} if values else {}),
            }
            ok(http.post(f"{acc.url}/custom_attribute_definitions", json=definition, headers=acc.admin))
        self.labels(self.en, ["random_label", "support"])
        self.labels(self.cs, ["support"])
        self.custom(self.en, {"contact_additional_information": "test custom data"})
        self.custom(
            self.el, {"contact_additional_information": "test custom data", "customer_type": "platinum"}
        )
        self.custom(self.cs, {"customer_type": "platinum", "signed_in_at": "2022-01-19"})

    def labels(self, contact: dict[str, Any], labels: list[str]) -> None:
        url = f"{self.acc.url}/contacts/{contact['id']}/labels"
        ok(self.acc.http.post(url, json={"labels": labels}, headers=self.acc.admin))

    def custom(self, contact: dict[str, Any], values: dict[str, Any]) -> None:
        url = f"{self.acc.url}/contacts/{contact['id']}"
        ok(self.acc.http.patch(url, json={"custom_attributes": values}, headers=self.acc.admin))

    def run(self, *conditions: dict[str, Any]) -> Any:
        body = {"payload": list(conditions), "page": 1}
        return self.acc.http.post(f"{self.acc.url}/contacts/filter", json=body, headers=self.acc.admin)

    def result(self, *conditions: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        body = ok(self.run(*conditions))
        return body["meta"]["count"], body["payload"]

    def labels_of(self, contact: dict[str, Any]) -> list[str]:
        url = f"{self.acc.url}/contacts/{contact['id']}/labels"
        return list(ok(self.acc.http.get(url, headers=self.acc.admin))["payload"])


def cond(key: str, operator: str, values: Any, query_operator: str | None = None) -> dict[str, Any]:
    return {
        "attribute_key": key,
        "filter_operator": operator,
        "values": values,
        "query_operator": query_operator,
    }


@ports(f"{P} > with standard attributes - name > filter contacts by name")
def test_name(http):
    w = World(http)
    count, rows = w.result(cond("name", "equal_to", [w.en["name"]]))
    assert count == 1 and len(rows) == 1 and rows[0]["name"] == w.en["name"]


@ports(f"{P} > with standard attributes - phone > filter contacts by name")
def test_phone(http):
    w = World(http)
    count, rows = w.result(cond("phone_number", "equal_to", [w.cs["phone_number"]]))
    assert count == 1 and len(rows) == 1 and rows[0]["name"] == w.cs["name"]


@ports(f"{P} > with standard attributes - phone (without +) > filter contacts by name")
def test_phone_without_plus(http):
    w = World(http)
    count, rows = w.result(cond("phone_number", "equal_to", [w.cs["phone_number"][1:]]))
    assert count == 1 and len(rows) == 1 and rows[0]["name"] == w.cs["name"]


@ports(f"{P} > with standard attributes - blocked > filter contacts by blocked")
def test_blocked(http):
    w = World(http)
    blocked = w.acc.contact(blocked=True, email="blocked@example.test")
    count, rows = w.result(cond("blocked", "equal_to", ["true"]))
    assert count == 1 and rows[0]["id"] == blocked["id"]


@ports(f"{P} > with standard attributes - blocked > filter contacts by not_blocked")
def test_not_blocked(http):
    w = World(http)
    count, _ = w.result(cond("blocked", "equal_to", [False]))
    assert count == 3  # existing contacts are not blocked


@ports(f"{LABEL} > returns equal_to filter results properly")
def test_label_equal_to(http):
    w = World(http)
    _, rows = w.result(cond("labels", "equal_to", ["support"]))
    assert len(rows) == 2
    assert "support" in w.labels_of(rows[0]) and "support" in w.labels_of(rows[-1])


@ports(f"{LABEL} > returns not_equal_to filter results properly")
def test_label_not_equal_to(http):
    w = World(http)
    _, rows = w.result(cond("labels", "not_equal_to", ["support"]))
    assert len(rows) == 1 and rows[0]["id"] == w.el["id"]


@ports(f"{LABEL} > returns is_present filter results properly")
def test_label_is_present(http):
    w = World(http)
    _, rows = w.result(cond("labels", "is_present", []))
    assert len(rows) == 2
    assert "support" in w.labels_of(rows[0]) and "support" in w.labels_of(rows[-1])


@ports(f"{LABEL} > returns is_not_present filter results properly")
def test_label_is_not_present(http):
    w = World(http)
    _, rows = w.result(cond("labels", "is_not_present", []))
    assert len(rows) == 1 and rows[0]["id"] == w.el["id"]


@ports(f"{LABEL} > handles invalid query conditions")
def test_invalid_query_operator(http):
    w = World(http)
    response = w.run(cond("labels", "is_not_present", [], "INVALID"))
    assert (response.status_code, response.json()) == (422, {"error": MSG_QUERY_OPERATOR})


def days_ago(fake: Any, days: int) -> float:
    """`Time.zone.today - n.days` (midnight UTC) by the fake's clock."""
    today = datetime.fromtimestamp(fake.store.clock.now(), tz=UTC).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return (today - timedelta(days=days)).timestamp()


def activity(fake: Any, w: World) -> None:
    contacts = fake.store.account(w.acc.id).contacts
    for contact, days in ((w.el, 4), (w.cs, 5), (w.en, 2)):
        contacts.get(contact["id"]).last_activity_at = days_ago(fake, days)


@ports(f"{ACTIVITY} > filter by last_activity_at 3_days_before and custom_attributes")
def test_days_before_and_custom_attribute(http, fake):
    w = World(http)
    activity(fake, w)
    _, rows = w.result(
        cond("last_activity_at", "days_before", [3], "AND"),
        cond("contact_additional_information", "equal_to", ["test custom data"]),
    )
    # last activity before today-3 and the custom data: el only (en is 2 days ago, cs has no such data)
    assert len(rows) == 1 and rows[0]["id"] == w.el["id"]


@ports(f"{ACTIVITY} > filter by last_activity_at 2_days_before and custom_attributes")
def test_days_before(http, fake):
    w = World(http)
    activity(fake, w)
    _, rows = w.result(cond("last_activity_at", "days_before", [2]))
    ids = [row["id"] for row in rows]
    assert len(rows) == 2  # strictly before today-2: el (4 days) and cs (5 days)
    assert w.el["id"] in ids and w.cs["id"] in ids and w.en["id"] not in ids


@ports(f"{P} > with additional attributes > filter contacts by additional_attributes")
def test_additional_attribute(http):
    w = World(http)
    count, rows = w.result(cond("country_code", "equal_to", ["uk"]))
    assert count == 1 and rows[0]["id"] == w.en["id"]


@ports(f"{CUSTOM} > filter by custom_attributes and labels")
def test_custom_attributes_and_labels(http):
    w = World(http)
    _, rows = w.result(
        cond("customer_type", "equal_to", ["platinum"], "AND"),
        cond("labels", "equal_to", ["support"], "AND"),
        cond("signed_in_at", "is_less_than", ["2022-01-20"]),
    )
    assert len(rows) == 1 and rows[0]["id"] == w.cs["id"]


@ports(f"{CUSTOM} > filter by custom_attributes and additional_attributes")
def test_custom_and_additional_attributes(http):
    w = World(http)
    _, rows = w.result(
        cond("customer_type", "equal_to", ["platinum"], "AND"),
        cond("country_code", "equal_to", ["GR"], "AND"),
        cond("contact_additional_information", "equal_to", ["test custom data"]),
    )
    assert len(rows) == 1 and rows[0]["id"] == w.el["id"]


@ports(f"{CUSTOM} > filter by created_at and custom_attributes")
def test_created_at_and_custom_attribute(http, fake):
    w = World(http)
    tomorrow = datetime.fromtimestamp(fake.store.clock.now(), tz=UTC).date() + timedelta(days=1)
    _, rows = w.result(
        cond("customer_type", "equal_to", ["platinum"], "AND"),
        cond("created_at", "is_less_than", [tomorrow.isoformat()]),
    )
    ids = [row["id"] for row in rows]
    assert len(rows) == 2 and w.el["id"] in ids  # every platinum contact was created before tomorrow
