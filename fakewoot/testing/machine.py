"""A hypothesis state machine that drives YOUR contacts client against a fake (or real) Chatwoot.

`ChatwootContactsMachine` creates, updates, deletes and reads contacts through six hook methods and
checks what the client reports against a reference model: no contact lost or listed twice, the
unique fields (email case-insensitively, phone number, identifier) never shared, a duplicate refused,
each contact's fields as last written. The hooks' default implementations use httpx against
`base_url` with `token`; subclass and override them to put your own client under test:

    from fakewoot.testing import ChatwootContactsMachine
    from hypothesis import settings

    class MyClientMachine(ChatwootContactsMachine):
        def create_contact(self, payload):            # -> the new id, or None when refused (422)
            try:
                return my_client(self.base_url, self.token).contacts.create(self.account_id, **payload).id
            except my_client.ValidationError:
                return None

        def list_contacts(self):                      # -> [{"id", "email", "phone_number", "identifier"}]
            return [c.to_dict() for c in my_client(self.base_url, self.token).contacts.all(self.account_id)]

    def test_my_client(fakewoot):                     # the pytest plugin's fixture
        MyClientMachine.run(fakewoot, settings=settings(max_examples=25))

`run(target)` binds the machine to `target` (the `fakewoot` fixture, a `ServerThread`, or a base URL)
and runs it as a test. For a server that is already up, set the class attributes instead and collect
`TestMyClient = MyClientMachine.TestCase`. Each run starts from the seeded state
(`POST /_fakewoot/reset`; set `reset_before_run = False` against a real Chatwoot) and reads the
existing contacts through `list_contacts()` to seed the model.

Hooks (all take and return plain Python values):

| hook | default (httpx) | returns |
|---|---|---|
| `create_contact(payload)` | `POST .../contacts` | the new contact id, or None when refused (422) |
| `update_contact(contact_id, payload)` | `PATCH .../contacts/:id` | True, or False when refused (422) |
| `delete_contact(contact_id)` | `DELETE .../contacts/:id` | True when deleted |
| `get_contact(contact_id)` | `GET .../contacts/:id` | a dict of its fields, or None when not found |
| `list_contacts()` | every page of `GET .../contacts` | dicts with at least `id` |
| `list_contact_ids()` | the ids of `list_contacts()` | ids as listed, in order |

Anything other than the statuses above is an error (raise it). `GET .../contacts` lists only
contacts with an email, a phone number or an identifier, so the model expects exactly those; the
token must be an administrator's of `account_id` (only administrators may delete). Fields missing
from the dicts a client returns are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from fakewoot.errors import HEADER_CONTROL_TOKEN
from fakewoot.records import dataclass
from fakewoot.testing.strategies import ADMIN_TOKEN, RESOLVING_FIELDS, contact_payloads

if TYPE_CHECKING:
    import httpx
    from hypothesis.stateful import MultipleResults

__all__ = ["DEFAULT_SETTINGS", "ChatwootContactsMachine"]

DEFAULT_SETTINGS = settings(
    max_examples=20,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
MAX_PAGES = 1000


class HasUrl(Protocol):
    @property
    def url(self) -> str: ...


@dataclass
class ModelContact:
    """What the model knows of one contact: its unique fields (email lower-cased) and name."""

    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    name: str = ""

    @property
    def resolved(self) -> bool:
        return bool(self.email or self.phone_number or self.identifier)

    def apply(self, payload: dict[str, Any]) -> None:
        if "email" in payload:
            email = payload["email"]
            self.email = email.strip().lower() if isinstance(email, str) and email.strip() else None
        if "phone_number" in payload:
            self.phone_number = payload["phone_number"] or None
        if "identifier" in payload:
            self.identifier = payload["identifier"]
        if "name" in payload:
            self.name = payload["name"] or ""

    def value(self, key: str) -> str | None:
        found: str | None = getattr(self, key)
        return found


def _unique_key(key: str, value: Any) -> Any:
    return value.lower() if key == "email" and isinstance(value, str) else value


class ChatwootContactsMachine(RuleBasedStateMachine):
    """The contacts API through your client, checked against a reference model (see the module doc)."""

    base_url: ClassVar[str] = "http://127.0.0.1:3000"
    token: ClassVar[str] = ADMIN_TOKEN
    account_id: ClassVar[int] = 1
    reset_before_run: ClassVar[bool] = True
    control_token: ClassVar[str | None] = None  # the server's FAKEWOOT_CONTROL_TOKEN, if it has one

    contacts = Bundle("contacts")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, ModelContact] = {}
        self._ready = False
        self._http: httpx.Client | None = None
        self._version = 0
        self._listing: tuple[int, list[dict[str, Any]]] | None = None

    # ------------------------------------------------------------------ binding and running

    @classmethod
    def for_target(
        cls, target: str | HasUrl, *, token: str | None = None, account_id: int | None = None
    ) -> type[ChatwootContactsMachine]:
        """A subclass bound to `target`: the `fakewoot` fixture, a ServerThread, or a base URL."""
        url = target if isinstance(target, str) else target.url
        attributes: dict[str, Any] = {"base_url": url.rstrip("/")}
        # the fixture and a ServerThread know their fake, and so its control token
        control_token = getattr(
            getattr(getattr(target, "fake", None), "settings", None), "control_token", None
        )
        if control_token:
            attributes["control_token"] = control_token
        if token is not None:
            attributes["token"] = token
        if account_id is not None:
            attributes["account_id"] = account_id
        bound: type[ChatwootContactsMachine] = type(cls.__name__, (cls,), attributes)
        bound.__module__ = cls.__module__
        return bound

    @classmethod
    def run(
        cls,
        target: str | HasUrl,
        *,
        token: str | None = None,
        account_id: int | None = None,
        settings: settings | None = None,
    ) -> None:
        """Run the machine against `target` (failing with the shrunk steps when the client is wrong)."""
        bound = cls.for_target(target, token=token, account_id=account_id)
        # typed only in newer hypothesis releases: called through Any so mypy passes on both
        run: Any = run_state_machine_as_test
        run(bound, settings=settings or DEFAULT_SETTINGS)

    # ------------------------------------------------------------------ the default client (httpx)

    @property
    def contacts_path(self) -> str:
        return f"/api/v1/accounts/{self.account_id}/contacts"

    @property
    def http(self) -> httpx.Client:
        """An httpx client on `base_url`, sending `token` as `api_access_token`."""
        if self._http is None:
            import httpx

            self._http = httpx.Client(
                base_url=self.base_url, headers={"api_access_token": self.token}, timeout=30
            )
        return self._http

    def reset(self) -> None:
        """Back to the seeded state before a run (`reset_before_run`); default: POST /_fakewoot/reset."""
        headers = {HEADER_CONTROL_TOKEN: self.control_token} if self.control_token else {}
        self.http.post("/_fakewoot/reset", headers=headers).raise_for_status()

    def create_contact(self, payload: dict[str, Any]) -> int | None:
        response = self.http.post(self.contacts_path, json=payload)
        if response.status_code == 422:
            return None
        response.raise_for_status()
        return int(response.json()["payload"]["contact"]["id"])

    def update_contact(self, contact_id: int, payload: dict[str, Any]) -> bool:
        response = self.http.patch(f"{self.contacts_path}/{contact_id}", json=payload)
        if response.status_code == 422:
            return False
        response.raise_for_status()
        return True

    def delete_contact(self, contact_id: int) -> bool:
        response = self.http.delete(f"{self.contacts_path}/{contact_id}")
        if response.status_code == 404:
            return False
        response.raise_for_status()
        return True

    def get_contact(self, contact_id: int) -> dict[str, Any] | None:
        response = self.http.get(f"{self.contacts_path}/{contact_id}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        found: dict[str, Any] = response.json()["payload"]
        return found

    def list_contacts(self) -> list[dict[str, Any]]:
        """Every page of GET .../contacts (cached until the next change made by a rule)."""
        if self._listing is not None and self._listing[0] == self._version:
            return self._listing[1]
        records: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            response = self.http.get(
                self.contacts_path, params={"page": page, "include_contact_inboxes": "false"}
            )
            response.raise_for_status()
            rows = response.json()["payload"]
            if not rows:
                break
            records.extend(rows)
        self._listing = (self._version, records)
        return records

    def list_contact_ids(self) -> list[int]:
        return [int(record["id"]) for record in self.list_contacts()]

    def teardown(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    # ------------------------------------------------------------------ the model's rules

    def clashes(self, payload: dict[str, Any], contact_id: int | None) -> list[str]:
        """The unique fields of `payload` another contact of the model already holds."""
        probe = ModelContact()
        probe.apply(payload)
        found = []
        for key in RESOLVING_FIELDS:
            if key not in payload:
                continue
            value = probe.value(key)
            if value is None:
                continue
            if any(other.value(key) == value for cid, other in self.model.items() if cid != contact_id):
                found.append(key)
        return found

    def _changed(self) -> None:
        self._version += 1

    def _holders(self) -> Iterator[tuple[int, str, str]]:
        for cid, contact in self.model.items():
            for key in RESOLVING_FIELDS:
                value = contact.value(key)
                if value is not None:
                    yield cid, key, value

    # ------------------------------------------------------------------ rules

    @initialize(target=contacts)
    def start(self) -> MultipleResults[int]:
        if self.reset_before_run:
            self.reset()
        self._changed()
        for record in self.list_contacts():
            contact = ModelContact()
            contact.apply({k: record[k] for k in (*RESOLVING_FIELDS, "name") if k in record})
            self.model[int(record["id"])] = contact
        self._ready = True
        return multiple(*self.model)

    @rule(target=contacts, payload=contact_payloads())
    def create(self, payload: dict[str, Any]) -> MultipleResults[int]:
        clashes = self.clashes(payload, None)
        new_id = self.create_contact(payload)
        self._changed()
        if clashes:
            assert new_id is None, f"created contact {new_id} although {clashes} already taken: {payload!r}"
            return multiple()
        assert new_id is not None, f"a valid, unique contact was refused: {payload!r}"
        assert new_id not in self.model, f"create returned the id of an existing contact: {new_id}"
        contact = ModelContact()
        contact.apply(payload)
        self.model[new_id] = contact
        return multiple(new_id)

    @precondition(lambda self: any(True for _ in self._holders()))
    @rule(data=st.data())
    def create_duplicate(self, data: st.DataObject) -> None:
        """A new contact reusing another's email (any case), phone number or identifier is refused."""
        _, key, value = data.draw(st.sampled_from(sorted(self._holders())), label="taken")
        if key == "email":
            value = data.draw(st.sampled_from([value, value.upper(), value.title()]), label="email")
        payload = {**data.draw(contact_payloads(resolved=False), label="payload"), key: value}
        new_id = self.create_contact(payload)
        self._changed()
        assert new_id is None, f"created contact {new_id} with a {key} already taken: {payload!r}"

    @rule(contact_id=contacts, payload=contact_payloads())
    def update(self, contact_id: int, payload: dict[str, Any]) -> None:
        clashes = self.clashes(payload, contact_id)
        ok = self.update_contact(contact_id, payload)
        self._changed()
        if clashes:
            assert not ok, f"contact {contact_id} took {clashes} already held by another: {payload!r}"
            return
        assert ok, f"a valid, unique update of contact {contact_id} was refused: {payload!r}"
        self.model[contact_id].apply(payload)

    @precondition(lambda self: len(self.model) > 1 and any(True for _ in self._holders()))
    @rule(contact_id=contacts, data=st.data())
    def update_to_a_taken_value(self, contact_id: int, data: st.DataObject) -> None:
        """Taking another contact's email (any case), phone number or identifier is refused."""
        others = sorted((cid, key, value) for cid, key, value in self._holders() if cid != contact_id)
        if not others:
            return
        _, key, value = data.draw(st.sampled_from(others), label="taken")
        if key == "email":
            value = data.draw(st.sampled_from([value, value.upper()]), label="email")
        ok = self.update_contact(contact_id, {key: value})
        self._changed()
        assert not ok, f"contact {contact_id} took the {key} {value!r} another contact holds"

    @rule(contact_id=consumes(contacts))
    def delete(self, contact_id: int) -> None:
        deleted = self.delete_contact(contact_id)
        self._changed()
        assert deleted, f"contact {contact_id} could not be deleted"
        del self.model[contact_id]

    @rule(contact_id=contacts)
    def read_back(self, contact_id: int) -> None:
        record = self.get_contact(contact_id)
        assert record is not None, f"contact {contact_id} is gone"
        expected = self.model[contact_id]
        for key in (*RESOLVING_FIELDS, "name"):
            if key in record:
                want = expected.name if key == "name" else expected.value(key)
                assert _unique_key(key, record[key]) == want, (
                    f"contact {contact_id}: {key} is {record[key]!r}, the model has {want!r}"
                )

    # ------------------------------------------------------------------ invariants

    @precondition(lambda self: self._ready)
    @invariant()
    def no_lost_or_duplicated_contacts(self) -> None:
        ids = self.list_contact_ids()
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert not twice, f"listed more than once: {twice}"
        expected = {cid for cid, contact in self.model.items() if contact.resolved}
        assert set(ids) == expected, (
            f"lost: {sorted(expected - set(ids))}, unexpected: {sorted(set(ids) - expected)}"
        )

    @precondition(lambda self: self._ready)
    @invariant()
    def unique_fields_match_the_model(self) -> None:
        seen: dict[tuple[str, Any], int] = {}
        for record in self.list_contacts():
            cid = int(record["id"])
            for key in RESOLVING_FIELDS:
                value = record.get(key)
                if value is None:
                    continue
                marker = (key, _unique_key(key, value))
                assert marker not in seen, f"contacts {seen[marker]} and {cid} share the {key} {value!r}"
                seen[marker] = cid
                if cid in self.model:
                    assert marker[1] == self.model[cid].value(key), (
                        f"contact {cid}: {key} is {value!r}, the model has {self.model[cid].value(key)!r}"
                    )
