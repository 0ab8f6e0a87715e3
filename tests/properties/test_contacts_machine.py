"""A hypothesis state machine over the contacts API (create, update, delete, list pages, search,
filter) checked against a small reference model: no contact lost or duplicated across pages,
attribute merges, and the uniqueness rules for email (case-insensitive), phone and identifier."""

from __future__ import annotations

import re
from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from fakewoot import FakeChatwoot
from tests.conftest import PortalClient

BASE = "/api/v1/accounts/2/contacts"  # Globex: one seeded contact (id 8), so the model starts nearly empty
HEADERS = {"api_access_token": "fakewoot-globex-admin-token"}
E164 = re.compile(r"\A\+[1-9]\d{1,14}\Z")

names = st.sampled_from(["ann", "Ann Lee", "bob", "Bo", "carl", "", "Zed"])
emails = st.one_of(st.none(), st.sampled_from(["a@x.test", "A@X.test", "b@x.test", "c@y.test", "bad-email"]))
phones = st.one_of(st.none(), st.sampled_from(["+15550000001", "+15550000002", "+4930123", "12345"]))
identifiers = st.one_of(st.none(), st.sampled_from(["id-1", "ID-1", "id-2"]))
customs = st.dictionaries(
    st.sampled_from(["plan", "seats", "tier"]), st.sampled_from(["pro", 3, None]), max_size=2
)


class ContactsMachine(RuleBasedStateMachine):
    contacts = Bundle("contacts")

    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeChatwoot()
        self.portal_cm = start_blocking_portal()
        portal = self.portal_cm.__enter__()

        async def make() -> httpx.AsyncClient:
            return httpx.AsyncClient(
                transport=httpx.ASGITransport(app=self.fake.app), base_url="http://fakewoot"
            )

        self.client = PortalClient(portal, portal.call(make))
        self.model: dict[int, dict[str, Any]] = {
            8: {
                "name": "Gina Rossi",
                "email": "gina@globex-customer.test",
                "phone_number": None,
                "identifier": None,
                "custom_attributes": {},
            }
        }

    def teardown(self) -> None:
        self.portal_cm.__exit__(None, None, None)

    # --- the reference model's rules -------------------------------------------------------------

    def expected_errors(self, values: dict[str, Any], contact_id: int | None) -> list[str]:
        errors = []
        others = [c for cid, c in self.model.items() if cid != contact_id]
        email = values.get("email")
        if email is not None:
            email = email.lower()
            if "@" not in email:
                errors.append("email")
            if any(c["email"] == email for c in others):
                errors.append("email")
        phone = values.get("phone_number")
        if phone:
            if not E164.match(phone):
                errors.append("phone_number")
            if any(c["phone_number"] == phone for c in others):
                errors.append("phone_number")
        identifier = values.get("identifier")
        if identifier is not None and any(c["identifier"] == identifier for c in others):
            errors.append("identifier")
        return list(dict.fromkeys(errors))

    # --- rules -------------------------------------------------------------------------------------

    @rule(target=contacts, name=names, email=emails, phone=phones, identifier=identifiers, custom=customs)
    def create(
        self, name: str, email: str | None, phone: str | None, identifier: str | None, custom: dict[str, Any]
    ) -> int:
        body = {
            "name": name,
            "email": email,
            "phone_number": phone,
            "identifier": identifier,
            "custom_attributes": custom,
        }
        response = self.client.post(BASE, json=body, headers=HEADERS)
        expected = self.expected_errors(body, None)
        if expected:
            assert response.status_code == 422, response.text
            assert response.json()["attributes"] == expected
            return -1
        assert response.status_code == 200, response.text
        contact = response.json()["payload"]["contact"]
        assert contact["id"] not in self.model
        self.model[contact["id"]] = {
            "name": name,
            "email": email.lower() if email else None,
            "phone_number": phone,
            "identifier": identifier,
            "custom_attributes": dict(custom),
        }
        return int(contact["id"])

    @rule(contact_id=contacts, name=st.one_of(st.none(), names), email=emails, custom=customs)
    def update(self, contact_id: int, name: str | None, email: str | None, custom: dict[str, Any]) -> None:
        body: dict[str, Any] = {"custom_attributes": custom}
        if name is not None:
            body["name"] = name
        if email is not None:
            body["email"] = email
        response = self.client.patch(f"{BASE}/{contact_id}", json=body, headers=HEADERS)
        if contact_id not in self.model:
            assert response.status_code == 404
            return
        expected = self.expected_errors(body, contact_id)
        if expected:
            assert response.status_code == 422 and response.json()["attributes"] == expected
            return
        assert response.status_code == 200, response.text
        record = self.model[contact_id]
        if name is not None:
            record["name"] = name
        if email is not None:
            record["email"] = email.lower()
        record["custom_attributes"] = {**record["custom_attributes"], **custom}
        assert response.json()["payload"]["custom_attributes"] == record["custom_attributes"]

    @rule(contact_id=consumes(contacts))
    def delete(self, contact_id: int) -> None:
        response = self.client.delete(f"{BASE}/{contact_id}", headers=HEADERS)
        assert response.status_code == (200 if contact_id in self.model else 404)
        self.model.pop(contact_id, None)

    @rule(
        sort=st.sampled_from(
            ["name", "-name", "email", "-email", "phone_number", "-created_at", "name,-email"]
        )
    )
    def list_every_page(self, sort: str) -> None:
        resolved = {
            cid for cid, c in self.model.items() if c["email"] or c["phone_number"] or c["identifier"]
        }
        seen: list[int] = []
        page = 1
        while True:
            body = self.client.get(BASE, params={"page": page, "sort": sort}, headers=HEADERS).json()
            assert body["meta"]["count"] == len(resolved)
            if not body["payload"]:
                break
            assert len(body["payload"]) <= 15
            seen.extend(c["id"] for c in body["payload"])
            page += 1
        assert len(seen) == len(set(seen)), "a contact appeared on two pages"
        assert set(seen) == resolved, "a contact was lost between pages"

    @rule(q=st.sampled_from(["a", "An", "x.test", "5550", "id-", "ID", "zed"]))
    def search(self, q: str) -> None:
        expected = {
            cid
            for cid, c in self.model.items()
            if (c["email"] or c["phone_number"] or c["identifier"])  # resolved contacts only
            and (
                any(v and q.lower() in v.lower() for v in (c["name"], c["email"], c["phone_number"]))
                or (c["identifier"] and q in c["identifier"])
            )
        }
        found: list[int] = []
        page = 1
        while True:
            body = self.client.get(f"{BASE}/search", params={"q": q, "page": page}, headers=HEADERS).json()
            assert body["meta"]["count"] == len(expected)  # the total, on every page
            found.extend(c["id"] for c in body["payload"])
            if not body["payload"]:
                break
            page += 1
        assert len(found) == len(set(found)), "a contact appeared on two pages"
        assert set(found) == expected

    @rule(needle=st.sampled_from(["a@", "x.test", "y"]))
    def filter_by_email(self, needle: str) -> None:
        payload = [
            {
                "attribute_key": "email",
                "filter_operator": "contains",
                "values": [needle],
                "query_operator": None,
            }
        ]
        body = self.client.post(f"{BASE}/filter", json={"payload": payload}, headers=HEADERS).json()
        expected = {cid for cid, c in self.model.items() if c["email"] and needle in c["email"]}
        assert body["meta"]["count"] == len(expected)
        assert {c["id"] for c in body["payload"]} <= expected

    @invariant()
    def store_matches_model(self) -> None:
        account = self.fake.store.state.accounts[2]
        assert set(account.contacts.rows) == set(self.model)
        emails_in_store = [c.email for c in account.contacts if c.email]
        assert len(emails_in_store) == len(set(emails_in_store))


ContactsMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestContactsMachine = ContactsMachine.TestCase
