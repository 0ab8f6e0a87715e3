"""Port of spec/controllers/api/v1/accounts/search_controller_spec.rb (v4.10).

The spec's account is account 1 of the default fixtures, whose contacts already hold `test` in their
e-mails: the spec's search term `test` is made unique here (`zqtest`), the records keep its shape.
The `create(:contact, last_activity_at: ...)` factory columns and the `update_all(last_activity_at:)`
bypasses are written on the fake's records directly, as the spec writes the database; so is the
`create(:article, updated_at: ...)` column. The spec's portal and articles are made with the store
verbs the control API uses (the default fixtures have no articles)."""

from __future__ import annotations

import itertools
import secrets
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, add_inbox_member, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/search_controller_spec.rb"
UPSTREAM_ITS = 22
ARTICLES = "GET /api/v1/accounts/{account.id}/search/articles > when it is an authenticated user > "
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/search"
TERM = "zqtest"
DAY = 86_400
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
CONTACTS = "GET /api/v1/accounts/{account.id}/search/contacts > when it is an authenticated user > "
CONVERSATIONS = "GET /api/v1/accounts/{account.id}/search/conversations > when it is an authenticated user > "
ADVANCED = "with advanced_search feature enabled > "
ARTICLES = "GET /api/v1/accounts/{account.id}/search/articles > when it is an authenticated user > "
_sequence = itertools.count(1)


def _setup(http: Any, fake: Any) -> dict[str, Any]:
    """The spec's `before`: an agent, a contact with a conversation of two messages, the agent a member
    of the conversation's inbox, a portal with one published article by the agent."""
    agent = new_user(http)
    contact = ok(
        http.post(
            "/api/v1/accounts/1/contacts",
            json={"email": f"{TERM}@example.com", "inbox_id": API_INBOX},
            headers=ADMIN,
        )
    )["payload"]["contact"]
    conversation = _conversation(http, contact["id"])
    for content in (f"{TERM}1", f"{TERM}2"):
        ok(
            http.post(
                f"/api/v1/accounts/1/conversations/{conversation['id']}/messages",
                json={"content": content},
                headers=ADMIN,
            )
        )
    add_inbox_member(http, API_INBOX, agent["id"])
    title, content = f"{TERM.title()} Article Guide", f"This is a {TERM} article content"
    _article(fake, agent, _portal(fake), title, content=content)
    return agent["headers"]


def _portal(fake: Any) -> Any:
    """create(:portal, account:): a portal of its own each time (the factory's sequence of slugs)."""
    slug = f"portal-{next(_sequence)}"
    return fake.store.portals.create(1, name=slug, slug=slug)


def _article(fake: Any, agent: dict[str, Any], portal: Any, title: str, **values: Any) -> Any:
    """create(:article, title:, account:, portal:, author: agent, status: 'published', ...)."""
    factory = {"content": "MyText", "description": "MyDescrption", "slug": f"article-{next(_sequence)}"}
    body = {**factory, "title": title, "author_id": agent["id"], "status": "published", **values}
    return fake.store.articles.create(portal, body)


def _articles_updated(fake: Any, agent: dict[str, Any], days: dict[str, int]) -> dict[str, int]:
    """`<Name> Article <term>` articles in a new portal, their updated_at `days` ago; name -> id."""
    portal, now = _portal(fake), fake.clock.now()
    made = {name: _article(fake, agent, portal, f"{name} Article {TERM}") for name in days}
    for name, ago in days.items():
        made[name].updated_at = now - ago * DAY
    return {name: article.id for name, article in made.items()}


def _conversation(http: Any, contact_id: int) -> dict[str, Any]:
    body = {"inbox_id": API_INBOX, "contact_id": contact_id}
    return ok(http.post("/api/v1/accounts/1/conversations", json=body, headers=ADMIN))


def _contact(http: Any, email: str) -> dict[str, Any]:
    return ok(http.post("/api/v1/accounts/1/contacts", json={"email": email}, headers=ADMIN))["payload"][
        "contact"
    ]


def _advanced_search(fake: Any) -> None:
    """account.enable_features!('advanced_search') (the account 1 is no platform app's resource)."""
    fake.store.accounts.set_features(fake.store.account(1), {"advanced_search": True})


def _search(http: Any, kind: str, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    return ok(http.get(f"{URL}{kind}", params=params, headers=headers))["payload"]


@ports(
    *(
        f"GET /api/v1/accounts/{{account.id}}/search{kind}{UNAUTH}"
        for kind in ("", "/contacts", "/conversations", "/messages", "/articles")
    )
)
def test_every_search_refuses_unauthenticated_calls(http, fake):
    _setup(http, fake)
    for kind in ("", "/contacts", "/conversations", "/messages", "/articles"):
        answer = http.get(f"{URL}{kind}", params={"q": TERM})
        assert answer.status_code == 401, kind


@ports(
    "GET /api/v1/accounts/{account.id}/search > when it is an authenticated user > "
    "returns all conversations with messages containing the search query"
)
def test_index_finds_every_kind(http, fake):
    agent = _setup(http, fake)
    payload = _search(http, "", agent, q=TERM)
    assert set(payload) == {"contacts", "conversations", "messages", "articles"}
    assert payload["messages"][0]["content"] == f"{TERM}2"
    assert len(payload["messages"]) == 2
    assert len(payload["conversations"]) == 1
    assert len(payload["contacts"]) == 1
    assert len(payload["articles"]) == 1


@ports(CONTACTS + "returns all conversations with messages containing the search query")
def test_contacts_search(http, fake):
    payload = _search(http, "/contacts", _setup(http, fake), q=TERM)
    assert list(payload) == ["contacts"]
    assert len(payload["contacts"]) == 1


@ports(CONTACTS + "returns last_activity_at in contact search results")
def test_contact_results_carry_last_activity_at(http, fake):
    agent = _setup(http, fake)
    contact = _contact(http, "activity@zq.example")
    record = fake.store.account(1).contacts.get(contact["id"])
    record.last_activity_at = fake.clock.now() - 3 * DAY
    found = _search(http, "/contacts", agent, q="activity@zq")["contacts"][0]
    assert found["last_activity_at"] == int(record.last_activity_at)
    assert "created_at" not in found


def _contacts_at(http: Any, fake: Any, days: dict[str, int]) -> None:
    for name, ago in days.items():
        contact = _contact(http, f"{name}@{TERM}.com")
        fake.store.account(1).contacts.get(contact["id"]).last_activity_at = fake.clock.now() - ago * DAY


def _emails(http: Any, agent: dict[str, str], **params: Any) -> list[str]:
    return [c["email"] for c in _search(http, "/contacts", agent, q=TERM, **params)["contacts"]]


@ports(CONTACTS + ADVANCED + "filters contacts by since parameter")
def test_contacts_since(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    _contacts_at(http, fake, {"old": 10, "recent": 2})
    emails = _emails(http, agent, since=int(fake.clock.now() - 5 * DAY))
    assert f"recent@{TERM}.com" in emails
    assert f"old@{TERM}.com" not in emails


@ports(CONTACTS + ADVANCED + "filters contacts by until parameter")
def test_contacts_until(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    _contacts_at(http, fake, {"old": 10, "recent": 2})
    emails = _emails(http, agent, until=int(fake.clock.now() - 5 * DAY))
    assert f"old@{TERM}.com" in emails
    assert f"recent@{TERM}.com" not in emails


@ports(CONTACTS + ADVANCED + "filters contacts by both since and until parameters")
def test_contacts_since_and_until(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    _contacts_at(http, fake, {"veryold": 20, "old": 10, "recent": 2})
    now = fake.clock.now()
    emails = _emails(http, agent, since=int(now - 15 * DAY), until=int(now - 5 * DAY))
    assert f"old@{TERM}.com" in emails
    assert f"veryold@{TERM}.com" not in emails
    assert f"recent@{TERM}.com" not in emails


@ports(CONVERSATIONS + "returns all conversations with messages containing the search query")
def test_conversations_search(http, fake):
    payload = _search(http, "/conversations", _setup(http, fake), q=TERM)
    assert list(payload) == ["conversations"]
    assert len(payload["conversations"]) == 1


def _conversations_at(http: Any, fake: Any, unique: str, days: dict[str, int]) -> dict[str, int]:
    """Conversations of `<name>-<unique>@test.com` contacts, each with a message, last active `days` ago."""
    display_ids = {}
    for n, name in enumerate(days, start=1):
        contact = _contact(http, f"{name}-{unique}@test.com")
        conversation = _conversation(http, contact["id"])
        url = f"/api/v1/accounts/1/conversations/{conversation['id']}/messages"
        ok(http.post(url, json={"content": f"message {n}"}, headers=ADMIN))
        display_ids[name] = conversation["id"]
    account = fake.store.account(1)
    for name, ago in days.items():
        record = account.conversations.get(account.conversation_ids[display_ids[name]])
        record.last_activity_at = fake.clock.now() - ago * DAY
    return display_ids


@ports(CONVERSATIONS + ADVANCED + "filters conversations by since parameter")
def test_conversations_since(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    unique = secrets.token_hex(8)
    ids = _conversations_at(http, fake, unique, {"old": 10, "recent": 2})
    found = _search(http, "/conversations", agent, q=unique, since=int(fake.clock.now() - 5 * DAY))
    assert [c["id"] for c in found["conversations"]] == [ids["recent"]]


@ports(CONVERSATIONS + ADVANCED + "filters conversations by until parameter")
def test_conversations_until(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    unique = secrets.token_hex(8)
    ids = _conversations_at(http, fake, unique, {"old": 10, "recent": 2})
    found = _search(http, "/conversations", agent, q=unique, until=int(fake.clock.now() - 5 * DAY))
    assert [c["id"] for c in found["conversations"]] == [ids["old"]]


@ports(CONVERSATIONS + ADVANCED + "filters conversations by both since and until parameters")
def test_conversations_since_and_until(http, fake):
    agent = _setup(http, fake)
    _advanced_search(fake)
    unique = secrets.token_hex(8)
    ids = _conversations_at(http, fake, unique, {"veryold": 20, "old": 10, "recent": 2})
    now = fake.clock.now()
    found = _search(
        http, "/conversations", agent, q=unique, since=int(now - 15 * DAY), until=int(now - 5 * DAY)
    )
    assert [c["id"] for c in found["conversations"]] == [ids["old"]]


@ports(
    "GET /api/v1/accounts/{account.id}/search/messages > when it is an authenticated user > "
    "returns all conversations with messages containing the search query"
)
def test_messages_search(http, fake):
    payload = _search(http, "/messages", _setup(http, fake), q=TERM)
    assert list(payload) == ["messages"]
    assert len(payload["messages"]) == 2


@ports(ARTICLES + "returns all articles containing the search query")
def test_articles_search(http, fake):
    payload = _search(http, "/articles", _setup(http, fake), q=TERM)
    assert list(payload) == ["articles"]
    assert len(payload["articles"]) == 1
    assert payload["articles"][0]["title"] == f"{TERM.title()} Article Guide"


@ports(ARTICLES + "returns empty results when no articles match the search query")
def test_articles_search_without_a_match(http, fake):
    payload = _search(http, "/articles", _setup(http, fake), q="nonexistent")
    assert payload == {"articles": []}


@ports(ARTICLES + "supports pagination")
def test_articles_search_pages_by_fifteen(http, fake):
    agent = _setup(http, fake)
    portal = _portal(fake)
    author = _author(http, agent)
    for i in range(16):
        _article(fake, author, portal, f"{TERM.title()} Article {i}")
    assert len(_search(http, "/articles", agent, q=TERM, page=1)["articles"]) == 15
    assert len(_search(http, "/articles", agent, q=TERM, page=2)["articles"]) == 2  # 17 in all


def _author(http: Any, agent: dict[str, str]) -> dict[str, Any]:
    """The spec's agent (`author: agent`), from its own profile."""
    return {"id": ok(http.get("/api/v1/profile", headers=agent))["id"]}


def _articles_in_window(http: Any, fake: Any, days: dict[str, int], **days_ago: int) -> dict[str, bool]:
    """With advanced_search: articles updated `days` ago, searched with since/until `days_ago`;
    name -> whether it was found."""
    agent = _setup(http, fake)
    _advanced_search(fake)
    ids = _articles_updated(fake, _author(http, agent), days)
    bounds = {key: int(fake.clock.now() - ago * DAY) for key, ago in days_ago.items()}
    found = [a["id"] for a in _search(http, "/articles", agent, q=TERM, **bounds)["articles"]]
    return {name: article_id in found for name, article_id in ids.items()}


@ports(ARTICLES + ADVANCED + "filters articles by since parameter")
def test_articles_since(http, fake):
    assert _articles_in_window(http, fake, {"Old": 10, "Recent": 2}, since=5) == {
        "Old": False,
        "Recent": True,
    }


@ports(ARTICLES + ADVANCED + "filters articles by until parameter")
def test_articles_until(http, fake):
    assert _articles_in_window(http, fake, {"Old": 10, "Recent": 2}, until=5) == {
        "Old": True,
        "Recent": False,
    }


@ports(ARTICLES + ADVANCED + "filters articles by both since and until parameters")
def test_articles_since_and_until(http, fake):
    days = {"Very Old": 20, "Old": 10, "Recent": 2}
    found = _articles_in_window(http, fake, days, since=15, until=5)
    assert found == {"Very Old": False, "Old": True, "Recent": False}
