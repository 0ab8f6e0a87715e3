"""Real third-party Chatwoot clients, unmodified, driving a realistic contacts flow against fakewoot.

Clients (pinned in the `test` extra / tests/realclient/js/package-lock.json):

* `chatwoot-sdk` (import `chatwoot`): Chatwoot's own hand-written httpx + pydantic SDK.
* `chatwoot-python-client` (import `chatwoot_client`): the swagger-codegen client of Chatwoot's OpenAPI.
* `@figuro/chatwoot-sdk` (npm): a generated TypeScript/axios client, run with node.

The flow runs on the built-in `minimal` fixture set (an account with no contacts), so 17 new contacts
give exactly the pages 15 + 2. Where a client's own model does not match what Chatwoot sends, the test
asserts the client's current behaviour and says so; each of those matches real Chatwoot (see
shared/reference/contacts.md), so the same happens against a real server.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chatwoot_client as swagger
import pytest
from chatwoot import ChatwootClient
from chatwoot.exceptions import ChatwootAPIError, ChatwootNotFoundError, ChatwootValidationError
from chatwoot_client.rest import ApiException

from fakewoot import FakeChatwoot
from fakewoot.server import ServerThread
from fakewoot.settings import DEFAULT_FIXTURES

MINIMAL_FIXTURES = DEFAULT_FIXTURES.parent / "minimal"
TOKEN = "minimal-admin-token"  # administrator of account 1 in the minimal set
ACCOUNT = 1
SEEDED_INBOX = 1  # the minimal set's API inbox
JS_DIR = Path(__file__).parent / "js"
MERGED = {
    "plan": "gold",
    "seats": 5,
    "region": "eu",
}  # {"plan": "gold", "seats": 3} updated with seats and region
DUPLICATE_EMAIL = {"message": "Email has already been taken", "attributes": ["email"]}


def people(prefix: str) -> list[dict[str, Any]]:
    """17 contacts with e-mails and E.164 phones; the first has custom attributes."""
    rows: list[dict[str, Any]] = [
        {
            "name": f"{prefix} Person {i:02d}",
            "email": f"{prefix.lower()}.person{i:02d}@example.com",
            "phone_number": f"+1415555{i:04d}",
        }
        for i in range(17)
    ]
    rows[0]["custom_attributes"] = {"plan": "gold", "seats": 3}
    return rows


@pytest.fixture(scope="module")
def minimal_fake() -> FakeChatwoot:
    return FakeChatwoot(fixtures=MINIMAL_FIXTURES)


@pytest.fixture(scope="module")
def minimal_server(minimal_fake: FakeChatwoot) -> Iterator[ServerThread]:
    with ServerThread(minimal_fake) as running:
        yield running


@pytest.fixture
def base_url(minimal_fake: FakeChatwoot, minimal_server: ServerThread) -> Iterator[str]:
    minimal_fake.reset()
    yield minimal_server.url
    errors = list(minimal_fake.server_errors)
    minimal_fake.server_errors.clear()
    if errors:
        raise errors[0]


# --------------------------------------------------------------------------------------------------
# chatwoot-sdk


def test_chatwoot_sdk_contacts_flow(base_url: str) -> None:
    with ChatwootClient(base_url=base_url, api_token=TOKEN) as client:
        inbox = client.inboxes.create(account_id=ACCOUNT, name="SDK inbox", channel_type="api")
        assert (inbox.name, inbox.channel_type) == ("SDK inbox", "Channel::Api")

        rows = people("SDK")
        ids = []
        for row in rows:
            created = client.contacts.create(account_id=ACCOUNT, inbox_id=inbox.id, **row)
            assert created.contact.email == row["email"]
            assert created.contact.phone_number == row["phone_number"]
            assert created.contact.custom_attributes == row.get("custom_attributes", {})
            assert created.contact_inbox.source_id
            ids.append(created.contact.id)
        first, second, last = ids[0], ids[1], ids[-1]

        page1 = client.contacts.list(account_id=ACCOUNT, page=1)
        page2 = client.contacts.list(account_id=ACCOUNT, page=2)
        assert (len(page1), len(page2)) == (15, 2)
        assert sorted(c.id for c in page1 + page2) == sorted(ids)
        # The SDK's ContactInbox model reads `inbox_id`; Chatwoot's contact_inboxes items are
        # {source_id, inbox: {...}} with no `inbox_id` (reference 1.5), so it stays None on real Chatwoot too.
        assert all(ci.inbox_id is None and ci.source_id for c in page1 for ci in c.contact_inboxes)

        found = client.contacts.search(account_id=ACCOUNT, query="sdk.person0")
        assert sorted(c.email for c in found) == [f"sdk.person{i:02d}@example.com" for i in range(10)]

        # chatwoot-sdk 0.2.0 has no filter, notes or contact-inbox methods: see the next test.

        labels = client.contacts.labels.add(account_id=ACCOUNT, contact_id=first, labels=["vip", "billing"])
        assert sorted(labels) == ["billing", "vip"]
        assert sorted(client.contacts.labels.list(account_id=ACCOUNT, contact_id=first)) == ["billing", "vip"]

        contactable = client.contacts.contactable_inboxes(account_id=ACCOUNT, contact_id=second)
        assert sorted(item["inbox"]["id"] for item in contactable) == sorted([SEEDED_INBOX, inbox.id])

        updated = client.contacts.update(
            account_id=ACCOUNT, contact_id=first, custom_attributes={"seats": 5, "region": "eu"}
        )
        assert updated.custom_attributes == MERGED
        assert client.contacts.get(account_id=ACCOUNT, contact_id=first).custom_attributes == MERGED

        with pytest.raises(ChatwootAPIError) as duplicate:
            client.contacts.create(
                account_id=ACCOUNT, inbox_id=inbox.id, name="Dup", email="SDK.Person00@example.com"
            )
        # The SDK maps only 400 to ChatwootValidationError and reads `errors`; Chatwoot's 422 body is
        # {"message", "attributes"} (reference 1.3), so on real Chatwoot too it is a plain ChatwootAPIError.
        assert not isinstance(duplicate.value, ChatwootValidationError)
        assert duplicate.value.status_code == 422
        assert duplicate.value.description == DUPLICATE_EMAIL["message"]
        assert duplicate.value.errors == []

        client.contacts.delete(account_id=ACCOUNT, contact_id=last)
        with pytest.raises(ChatwootNotFoundError) as gone:
            client.contacts.get(account_id=ACCOUNT, contact_id=last)
        # Chatwoot's 404 body is {"error": "Resource could not be found"}; the SDK reads only
        # `description`/`message`, so its text is its fallback, against real Chatwoot as well.
        assert (gone.value.status_code, gone.value.description) == (404, "Unknown error")
        assert len(client.contacts.list(account_id=ACCOUNT, page=2)) == 1


def test_chatwoot_sdk_endpoints_without_public_methods(base_url: str) -> None:
    """Filter, notes and contact inboxes have no SDK methods; the SDK's own HTTP layer still drives them."""
    with ChatwootClient(base_url=base_url, api_token=TOKEN) as client:
        row = {"name": "Raw", "email": "raw@example.com", "phone_number": "+14155550999"}
        contact = client.contacts.create(account_id=ACCOUNT, inbox_id=SEEDED_INBOX, **row).contact
        http = client._http  # the SDK's transport: api_access_token header, payload unwrapping, error mapping
        base = f"/api/v1/accounts/{ACCOUNT}/contacts/{contact.id}"
        note = http.post(f"{base}/notes", json={"content": "Called."})
        assert isinstance(note, dict) and note["content"] == "Called."

        inbox = client.inboxes.create(account_id=ACCOUNT, name="Second", channel_type="api")
        made = http.post(f"{base}/contact_inboxes", json={"inbox_id": inbox.id})
        assert isinstance(made, dict) and made["inbox"]["id"] == inbox.id and made["source_id"]
        shown = client.contacts.get(account_id=ACCOUNT, contact_id=contact.id)
        assert made["source_id"] in {ci.source_id for ci in shown.contact_inboxes}

        client.contacts.create(
            account_id=ACCOUNT, inbox_id=SEEDED_INBOX, name="Other", email="raw2@example.com"
        )
        conditions = [
            {
                "attribute_key": "email",
                "filter_operator": "contains",
                "values": ["raw"],
                "query_operator": "and",
            },
            {"attribute_key": "phone_number", "filter_operator": "equal_to", "values": [row["phone_number"]]},
        ]
        filtered = http.post(f"/api/v1/accounts/{ACCOUNT}/contacts/filter", json={"payload": conditions})
        assert [c["id"] for c in filtered] == [contact.id]  # the SDK unwraps `payload` and drops `meta`


# --------------------------------------------------------------------------------------------------
# chatwoot-python-client (swagger-codegen)


@pytest.fixture
def swagger_api(base_url: str) -> Iterator[swagger.ApiClient]:
    configuration = swagger.Configuration()
    configuration.host = base_url  # no trailing slash: the generated paths start with "/"
    configuration.api_key["api_access_token"] = TOKEN
    api = swagger.ApiClient(configuration)
    yield api
    api.pool.close()  # the generated ApiClient starts a ThreadPool in __init__
    api.pool.join()


def raw(response: Any) -> Any:
    """The JSON body of a call made with `_preload_content=False` (the client's own escape hatch)."""
    return json.loads(response.data)


def test_chatwoot_python_client_contacts_flow(swagger_api: swagger.ApiClient) -> None:
    api = swagger_api
    contacts = swagger.ContactsApi(api)
    contact_api = swagger.ContactApi(api)
    inboxes = swagger.InboxesApi(api)

    # The generated channel model only allows type "web_widget"; a plain dict body is sent as is.
    with pytest.raises(ValueError, match="web_widget"):
        swagger.Apiv1accountsaccountIdinboxesChannel(type="api")
    inbox = inboxes.inbox_creation({"name": "Swagger inbox", "channel": {"type": "api"}}, ACCOUNT)
    assert (inbox.name, inbox.channel_type) == ("Swagger inbox", "Channel::Api")

    rows = people("Swagger")
    ids = []
    for row in rows:
        created = contacts.contact_create(swagger.ContactCreate(inbox_id=inbox.id, **row), ACCOUNT)
        contact = created.payload.contact
        assert (contact.email, contact.phone_number) == (row["email"], row["phone_number"])
        assert contact.custom_attributes == row.get("custom_attributes", {})
        assert contact.contact_inboxes[0].inbox.id == inbox.id
        ids.append(contact.id)
    first, second, last = ids[0], ids[1], ids[-1]

    # ContactList has no properties, so the client hands back the JSON object as a dict.
    page1 = contacts.contact_list(ACCOUNT, page=1)
    page2 = contacts.contact_list(ACCOUNT, page=2)
    assert (len(page1["payload"]), len(page2["payload"])) == (15, 2)
    # meta.current_page echoes the query-string value, a string, as Chatwoot does (reference 1.6).
    assert page1["meta"] == {"count": 17, "current_page": "1"}
    assert page2["meta"] == {"count": 17, "current_page": "2"}
    assert sorted(c["id"] for c in page1["payload"] + page2["payload"]) == sorted(ids)

    found = contacts.contact_search(ACCOUNT, q="swagger.person0")
    assert sorted(c["email"] for c in found.payload) == [
        f"swagger.person{i:02d}@example.com" for i in range(10)
    ]

    # e-mail contains "person1" AND name is not "Swagger Person 16" (condition: key, operator, values, query op)
    condition = swagger.Apiv1accountsaccountIdcontactsfilterPayload
    email_has = condition("email", "contains", ["person1"], "AND")
    name_is_not = condition("name", "not_equal_to", ["Swagger Person 16"])
    filtered = contacts.contact_filter(swagger.ContactsFilterBody(payload=[email_has, name_is_not]), ACCOUNT)
    assert filtered["meta"]["count"] == 6
    assert sorted(c["email"] for c in filtered["payload"]) == [
        f"swagger.person{i}@example.com" for i in range(10, 16)
    ]

    # Labels and notes have no generated methods; the client's generic call_api does the request.
    def call(method: str, path: str, body: Any = None) -> Any:
        return api.call_api(
            "/api/v1/accounts/{account_id}/contacts/{id}/" + path,
            method,
            {"account_id": ACCOUNT, "id": first},
            body=body,
            response_type="object",
            auth_settings=["userApiKey"],
            _return_http_data_only=True,
        )

    labels = call("POST", "labels", {"labels": ["vip", "billing"]})
    assert sorted(labels["payload"]) == ["billing", "vip"]
    assert sorted(call("GET", "labels")["payload"]) == ["billing", "vip"]
    note = call("POST", "notes", {"content": "Called about the renewal."})
    assert note["content"] == "Called about the renewal."

    made = contact_api.contact_inbox_creation(
        swagger.IdContactInboxesBody(inbox_id=SEEDED_INBOX), ACCOUNT, second
    )
    assert made.inbox.id == SEEDED_INBOX and made.source_id
    # The generated ContactableInboxes model is one {source_id, inbox}; Chatwoot answers
    # {"payload": [...]} (reference #36), so the typed result is empty against real Chatwoot too.
    typed = contact_api.contactable_inboxes_get(ACCOUNT, second)
    assert (typed.source_id, typed.inbox) == (None, None)
    contactable = raw(contact_api.contactable_inboxes_get(ACCOUNT, second, _preload_content=False))
    assert sorted(item["inbox"]["id"] for item in contactable["payload"]) == sorted([SEEDED_INBOX, inbox.id])

    # Update (PATCH) merges custom attributes. The generated ContactBase/ExtendedContact models expect
    # {"payload": {"contact": {...}}}, but update and show answer {"payload": <contact>} (reference #32,
    # #34), so the typed `payload.contact` is None against real Chatwoot too; the raw body has the data.
    update = swagger.ContactUpdate(custom_attributes={"seats": 5, "region": "eu"})
    assert contacts.contact_update(update, ACCOUNT, first).payload.contact is None
    assert contacts.contact_details(ACCOUNT, first).payload.contact is None
    shown = raw(contacts.contact_details(ACCOUNT, first, _preload_content=False))
    assert shown["payload"]["custom_attributes"] == MERGED

    with pytest.raises(ApiException) as duplicate:
        contacts.contact_create(
            swagger.ContactCreate(inbox_id=inbox.id, name="Dup", email="Swagger.Person00@example.com"),
            ACCOUNT,
        )
    assert duplicate.value.status == 422
    assert json.loads(duplicate.value.body) == DUPLICATE_EMAIL

    assert contacts.contact_delete(ACCOUNT, last) is None
    with pytest.raises(ApiException) as gone:
        contacts.contact_details(ACCOUNT, last)
    assert gone.value.status == 404
    assert json.loads(gone.value.body) == {"error": "Resource could not be found"}
    assert contacts.contact_list(ACCOUNT, page=2)["meta"]["count"] == 16


# --------------------------------------------------------------------------------------------------
# @figuro/chatwoot-sdk (npm), run with node


def test_figuro_chatwoot_sdk_contacts_flow(base_url: str, js_client_dir: Path) -> None:
    done = subprocess.run(
        ["node", str(js_client_dir / "contacts_flow.mjs"), base_url, TOKEN, str(ACCOUNT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"contacts_flow.mjs failed:\n{done.stdout}\n{done.stderr}"
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"ok": True, "inbox": 2, "contacts": 17}
