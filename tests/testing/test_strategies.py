"""fakewoot.testing against the fake itself: the strategies' bodies are accepted or refused exactly as
documented, and the contacts state machine runs green with the default httpx client and with a user's
own client, and fails on a wrong one."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fakewoot import pytest_plugin
from fakewoot.store.contacts import PHONE_RE
from fakewoot.store.validation import EMAIL_RE
from fakewoot.testing import (
    DEFAULT_TOKENS,
    ChatwootContactsMachine,
    Credentials,
    contact_payloads,
    credentials,
    filter_payloads,
    invalid_contact_payloads,
)
from fakewoot.testing.strategies import ADMIN_TOKEN, BOT_TOKEN, GLOBEX_ADMIN_TOKEN, PLATFORM_TOKEN

CONTACTS = "/api/v1/accounts/1/contacts"
# the plugin's fixture is function-scoped; each example resets the fake itself when it writes
EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MACHINE = settings(max_examples=8, stateful_step_count=15, deadline=None, database=None)


def test_default_tokens_are_the_plugin_s():
    assert ADMIN_TOKEN == pytest_plugin.ADMIN_TOKEN
    assert PLATFORM_TOKEN == pytest_plugin.PLATFORM_TOKEN
    assert BOT_TOKEN == pytest_plugin.BOT_TOKEN
    assert set(DEFAULT_TOKENS) == {pytest_plugin.ADMIN_TOKEN, pytest_plugin.AGENT_TOKEN, GLOBEX_ADMIN_TOKEN}


@EXAMPLES
@given(payload=contact_payloads())
def test_contact_payloads_are_accepted(fakewoot, payload):
    fakewoot.fake.reset()
    if "email" in payload:
        assert EMAIL_RE.match(payload["email"]) and len(payload["email"]) <= 255
    if "phone_number" in payload:
        assert PHONE_RE.match(payload["phone_number"])
    response = fakewoot.client.post(CONTACTS, json=payload)
    assert response.status_code == 200, response.text
    contact = response.json()["payload"]["contact"]
    assert contact["email"] == (payload["email"].lower() if "email" in payload else None)
    assert contact["phone_number"] == payload.get("phone_number")
    assert contact["identifier"] == payload.get("identifier")
    assert contact["name"] == payload.get("name", "")
    assert contact["custom_attributes"] == payload.get("custom_attributes", {})
    assert contact["additional_attributes"] == payload.get("additional_attributes", {})


@EXAMPLES
@given(payload=contact_payloads(resolved=True))
def test_resolved_payloads_are_listed(fakewoot, payload):
    fakewoot.fake.reset()
    contact_id = fakewoot.client.post(CONTACTS, json=payload).json()["payload"]["contact"]["id"]
    listed = fakewoot.client.get(CONTACTS, params={"page": 1, "sort": "-created_at"}).json()
    assert listed["meta"]["count"] == 7  # six seeded resolved contacts + this one
    assert contact_id in [c["id"] for c in fakewoot.client.get(CONTACTS).json()["payload"]]


@given(payload=contact_payloads(resolved=False))
def test_unresolved_payloads_have_no_unique_field(payload):
    assert not {"email", "phone_number", "identifier"} & set(payload)


@EXAMPLES
@given(case=invalid_contact_payloads())
def test_invalid_contact_payloads_are_refused_naming_the_attribute(fakewoot, case):
    payload, attribute = case
    fakewoot.fake.reset()
    response = fakewoot.client.post(CONTACTS, json=payload)
    assert response.status_code == 422, response.text
    assert response.json()["attributes"] == [attribute]
    assert len(fakewoot.store.account(1).contacts) == 7  # nothing saved


@EXAMPLES
@given(conditions=filter_payloads())
def test_filter_payloads_are_accepted(fakewoot, conditions):
    assert conditions[-1]["query_operator"] is None
    assert all(c["query_operator"].lower() in ("and", "or") for c in conditions[:-1])
    response = fakewoot.client.post(f"{CONTACTS}/filter", json={"payload": conditions})
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["count"] <= 6


@EXAMPLES
@given(case=filter_payloads(valid=False))
def test_invalid_filter_payloads_are_refused_with_the_exact_message(fakewoot, case):
    response = fakewoot.client.post(f"{CONTACTS}/filter", json={"payload": case.payload})
    assert response.status_code == 422, response.text
    assert response.json() == {"error": case.message}


def test_invalid_filter_messages_cover_every_kind():
    seen: set[str] = set()

    @settings(max_examples=200, database=None)
    @given(case=filter_payloads(valid=False))
    def collect(case):
        seen.add(re.sub(r"\[.*|for \w+.*", "", case.message))

    collect()
    assert seen == {
        'Query operator must be either "AND" or "OR".',
        "Invalid operator. The allowed operators ",
        "Invalid value. The values provided ",
        "Invalid attribute key - ",
    }


@EXAMPLES
@given(data=st.data())
def test_credentials_get_200_or_the_documented_401(fakewoot, data):
    signed_in = fakewoot.client.post(
        "/auth/sign_in", json={"email": "john@acme.inc", "password": "Password1!"}, headers={}
    )
    devise = {name: signed_in.headers[name] for name in ("access-token", "client", "uid")}
    creds: Credentials = data.draw(credentials(devise=devise))
    response = httpx.get(fakewoot.url + "/api/v1/profile", headers=creds.headers, params=creds.params)
    if creds.valid:
        assert response.status_code == 200, (creds, response.text)
        assert response.json()["email"] == creds.uid
    else:
        assert response.status_code == 401, (creds, response.text)
        assert response.json() == creds.expected_body


@given(creds=credentials(valid=True))
def test_valid_credentials_without_devise_are_tokens(creds):
    assert creds.valid and creds.kind == "api_access_token" and creds.uid in DEFAULT_TOKENS.values()


@given(creds=credentials(valid=False))
def test_invalid_credentials_never_carry_a_known_token(creds):
    assert not creds.valid and creds.expected_body is not None
    if creds.kind == "bogus_token":
        assert creds.headers["api_access_token"] not in DEFAULT_TOKENS


# --------------------------------------------------------------------------- the state machine


def test_machine_with_the_default_httpx_client(fakewoot):
    ChatwootContactsMachine.run(fakewoot, settings=MACHINE)


class UrllibClientMachine(ChatwootContactsMachine):
    """A user's own client (the standard library, not httpx) behind the hooks."""

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"api_access_token": self.token, "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def reset(self):
        assert self.call("POST", "/_fakewoot/reset")[0] == 200

    def create_contact(self, payload):
        status, body = self.call("POST", self.contacts_path, payload)
        return body["payload"]["contact"]["id"] if status == 200 else None

    def update_contact(self, contact_id, payload):
        return self.call("PATCH", f"{self.contacts_path}/{contact_id}", payload)[0] == 200

    def delete_contact(self, contact_id):
        return self.call("DELETE", f"{self.contacts_path}/{contact_id}")[0] == 200

    def get_contact(self, contact_id):
        status, body = self.call("GET", f"{self.contacts_path}/{contact_id}")
        return body["payload"] if status == 200 else None

    def list_contacts(self):
        records, page = [], 1
        while rows := self.call("GET", f"{self.contacts_path}?page={page}")[1]["payload"]:
            records.extend(rows)
            page += 1
        return records


def test_machine_with_a_subclassed_client(fakewoot):
    UrllibClientMachine.run(fakewoot.url, settings=MACHINE)


class ForgetsContactsWithoutEmail(UrllibClientMachine):
    def list_contacts(self):
        return [c for c in super().list_contacts() if c["email"]]


class UpsertsOnConflict(UrllibClientMachine):
    """Answers a refused create with the id of the contact already holding the value."""

    def create_contact(self, payload):
        created = super().create_contact(payload)
        if created is None:
            for contact in super().list_contacts():
                if any(
                    contact.get(k) and contact[k] == payload.get(k) for k in ("phone_number", "identifier")
                ):
                    return contact["id"]
                if contact.get("email") and contact["email"] == str(payload.get("email", "")).lower():
                    return contact["id"]
        return created


@pytest.mark.parametrize("machine", [ForgetsContactsWithoutEmail, UpsertsOnConflict])
def test_machine_catches_a_wrong_client(fakewoot, machine):
    found = settings(
        MACHINE, max_examples=50, stateful_step_count=10, phases=[Phase.generate]
    )  # no shrinking
    with pytest.raises(AssertionError):
        machine.run(fakewoot.server, settings=found)
