"""/api/v1/accounts/:id/search and search/{conversations,contacts,messages,articles} (v4.10, without
the enterprise search engine): every member of the account, bots refused; `{"payload": {...}}` with the
search views' own partials; ILIKE '%q%' (wildcards kept), 15 a page; agents see their inboxes only."""

from __future__ import annotations

import pytest

from fakewoot.api.search import MSG_NIL_MESSAGE, MSG_TSQUERY_SYNTAX
from fakewoot.clock import FrozenClock, SystemClock
from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACCOUNT
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/search"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
KINDS = ("", "/conversations", "/contacts", "/messages", "/articles")
NULLABLE_STR = (str, type(None))
CONTACT_KEYS = {
    "email": NULLABLE_STR,
    "id": int,
    "name": NULLABLE_STR,
    "phone_number": NULLABLE_STR,
    "identifier": NULLABLE_STR,
    "additional_attributes": dict,
    "last_activity_at": (int, type(None)),
}
RESULT_KEYS = {
    "id": int,
    "account_id": int,
    "created_at": int,
    "message": dict,
    "contact": dict,
    "inbox": dict,
    "agent": dict,
}
INBOX_KEYS = {"id": int, "channel_id": int, "name": str, "channel_type": str}
AGENT_KEYS = {"id": int, "available_name": str, "email": str, "name": str, "role": NULLABLE_STR}
MESSAGE_KEYS = {
    "id": int,
    "content": NULLABLE_STR,
    "inbox_id": int,
    "conversation_id": int,
    "message_type": int,
    "content_type": str,
    "status": str,
    "content_attributes": dict,
    "created_at": int,
    "private": bool,
    "source_id": NULLABLE_STR,
    "sender": dict,
}


def _search(client, kind="", headers=ADMIN, **params):
    answer = client.get(URL + kind, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["payload"]


def _say(client, display_id, content, headers=ADMIN, **extra):
    url = f"/api/v1/accounts/1/conversations/{display_id}/messages"
    answer = client.post(url, json={"content": content, **extra}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize("kind", KINDS)
def test_strangers_bots_and_other_accounts_are_refused(client, kind):
    assert_refuses_strangers(client, "GET", URL + kind, params={"q": "a"})
    bot = client.get(URL + kind, params={"q": "a"}, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.get(URL + kind, params={"q": "a"}, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_index_wraps_the_four_kinds_in_order(client):
    _say(client, 1, "alice needs help")
    payload = _search(client, q="alice")
    assert list(payload) == ["conversations", "contacts", "messages", "articles"]
    result = payload["conversations"][0]
    assert list(result) == list(RESULT_KEYS)  # no additional_attributes in the index's partial
    assert_shape(result, RESULT_KEYS)
    assert result["id"] == 1 and result["message"]["id"] == 1  # the conversation's first message
    assert_shape(result["message"], MESSAGE_KEYS)
    assert list(result["contact"]) == list(CONTACT_KEYS)
    assert list(result["inbox"]) == list(INBOX_KEYS)
    assert_shape(result["inbox"], INBOX_KEYS)
    assert list(result["agent"]) == list(AGENT_KEYS)
    assert result["agent"] == {
        "id": 2,
        "available_name": "Jane",
        "email": "jane@acme.inc",
        "name": "Jane",
        "role": "agent",
    }
    assert [c["id"] for c in payload["conversations"]] == [1, 3]  # Alice's: same created_at, id order
    assert [c["name"] for c in payload["contacts"]] == ["Alice Johnson"]
    assert_shape(payload["contacts"][0], CONTACT_KEYS)
    assert [m["content"] for m in payload["messages"]] == ["alice needs help"]
    assert payload["articles"] == []


def test_each_kind_alone(client):
    _say(client, 1, "Refund please")
    conversations = _search(client, "/conversations", q="bob")
    assert list(conversations) == ["conversations"]
    found = conversations["conversations"][0]
    assert list(found) == [*RESULT_KEYS, "additional_attributes"]
    assert found["agent"] == {}  # unassigned: an empty jbuilder block
    assert found["contact"]["name"] == "Bob Smith"
    assert _search(client, "/contacts", q="bob") == {"contacts": [_search(client, q="bob")["contacts"][0]]}
    messages = _search(client, "/messages", q="REFUND")["messages"]
    assert [m["content"] for m in messages] == ["Refund please"]
    assert _search(client, "/articles", q="anything") == {"articles": []}


def test_conversations_match_display_id_and_contact_fields_case_insensitively(client):
    by_id = _search(client, "/conversations", q="2")["conversations"]
    assert [c["id"] for c in by_id] == [2]  # display_id as text; no contact holds a 2
    assert [c["id"] for c in _search(client, "/conversations", q="CUS_ALICE")["conversations"]] == [1, 3]
    assert [c["id"] for c in _search(client, "/conversations", q="+1555")["conversations"]] == [1, 3]


def test_agents_only_search_their_inboxes(client):
    _say(client, 1, "needle in inbox one")
    _say(client, 2, "needle in inbox two")
    assert [c["id"] for c in _search(client, "/conversations", AGENT, q="alice")["conversations"]] == [1]
    assert [m["conversation_id"] for m in _search(client, "/messages", AGENT, q="needle")["messages"]] == [1]
    admin = _search(client, "/messages", ADMIN, q="needle")["messages"]
    assert [m["conversation_id"] for m in admin] == [2, 1]  # newest first
    # contacts are the whole account's, whoever asks
    assert (
        _search(client, "/contacts", AGENT, q="o")["contacts"]
        == _search(client, "/contacts", q="o")["contacts"]
    )


def test_contacts_are_resolved_only_and_ordered_on_last_activity(client, fake):
    created = client.post("/api/v1/accounts/1/contacts", json={"name": "Zed Anonymous"}, headers=ADMIN)
    assert created.status_code == 200
    assert _search(client, "/contacts", q="zed anon")["contacts"] == []  # no email, phone or identifier
    contacts = fake.store.account(1).contacts
    contacts.get(5).last_activity_at = fake.clock.now()
    names = [c["name"] for c in _search(client, "/contacts", q="m")["contacts"]]
    # last_activity_at desc, NULLs last (in id order)
    assert names == [
        "Emma Brown",
        "Alice Johnson",
        "Bob Smith",
        "Carla Gomez",
        "Dmitri Ivanov",
        "Farid Haddad",
    ]


def test_like_wildcards_and_escapes(client):
    assert [c["name"] for c in _search(client, "/contacts", q="a_ice")["contacts"]] == ["Alice Johnson"]
    assert [c["name"] for c in _search(client, "/contacts", q="bob%smith")["contacts"]] == ["Bob Smith"]
    assert _search(client, "/contacts", q="a\\_ice")["contacts"] == []  # an escaped _ is literal
    _say(client, 1, "100% sure")
    _say(client, 1, "1000 times")
    assert [m["content"] for m in _search(client, "/messages", q="100\\%")["messages"]] == ["100% sure"]


def test_blank_query_matches_everything_with_content_and_pages_by_15(client):
    for n in range(17):
        _say(client, 1, f"line {n:02}")
    page1 = _search(client, "/messages", q="  ")["messages"]
    page2 = _search(client, "/messages", q="", page="2")["messages"]
    assert len(page1) == 15 and len(page2) == 2
    contents = [m["content"] for m in page1 + page2]
    assert sorted(contents, reverse=True) == contents  # created_at desc, ties by id... newest ids last
    assert _search(client, "/messages", q="line", page="junk")["messages"] == page1
    assert _search(client, "/messages", q="LINE", page="2")["messages"] == page2  # the indexed path
    assert _search(client, "/messages", q="line", page="0")["messages"] == page1
    assert _search(client, "/messages", q="line", page="9")["messages"] == []


def test_messages_older_than_three_months_are_not_searched(client, fake):
    # the default fixtures' messages date from 2024
    assert _search(client, "/messages", q="charged")["messages"] == []
    message = _say(client, 2, "charged again")
    assert [m["id"] for m in _search(client, "/messages", q="charged")["messages"]] == [message["id"]]
    fake.set_clock(FrozenClock(fake.clock.now() + 95 * 86_400))
    try:
        assert _search(client, "/messages", q="charged")["messages"] == []
    finally:
        fake.set_clock(SystemClock())


def test_time_and_sender_filters_need_advanced_search(client, fake):
    agent_note = _say(client, 1, "filter me")
    now = int(fake.clock.now())
    later = {"q": "filter", "since": now + 3600, "from": "contact:1", "inbox_id": 2}
    assert [m["id"] for m in _search(client, "/messages", **later)["messages"]] == [agent_note["id"]]
    fake.store.accounts.set_features(fake.store.account(1), {"advanced_search": True})
    assert _search(client, "/messages", **later)["messages"] == []
    assert [m["id"] for m in _search(client, "/messages", q="filter", **{"from": "agent:1"})["messages"]] == [
        agent_note["id"]
    ]
    assert _search(client, "/messages", q="filter", **{"from": "agent:2"})["messages"] == []
    # an inbox the agent cannot see is ignored, an inbox they can see narrows
    assert _search(client, "/messages", AGENT, q="filter", inbox_id=2)["messages"] != []
    assert _search(client, "/messages", ADMIN, q="filter", inbox_id=2)["messages"] == []


def test_a_matching_conversation_without_messages_is_a_422_not_a_500(client):
    created = client.post(
        "/api/v1/accounts/1/conversations", json={"inbox_id": 1, "contact_id": 4}, headers=ADMIN
    )
    assert created.status_code == 200
    for kind in ("", "/conversations"):
        answer = client.get(URL + kind, params={"q": "dmitri"}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"error": MSG_NIL_MESSAGE})
    assert _search(client, "/contacts", q="dmitri")["contacts"][0]["name"] == "Dmitri Ivanov"


def test_gin_search_matches_phrases_and_refuses_tsquery_syntax(client, fake):
    _say(client, 1, "Please reset my password now")
    fake.store.accounts.set_features(fake.store.account(1), {"search_with_gin": True})
    assert [m["content"] for m in _search(client, "/messages", q="reset my")["messages"]] == [
        "Please reset my password now"
    ]
    assert _search(client, "/messages", q="reset password")["messages"] == []  # not adjacent
    assert _search(client, "/messages", q="eset")["messages"] == []  # whole words, unlike ILIKE
    answer = client.get(URL + "/messages", params={"q": "reset & password"}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, {"error": MSG_TSQUERY_SYNTAX})


def test_array_page_is_a_422(client):
    answer = client.get(URL + "/contacts", params=[("q", "a"), ("page[]", "1")], headers=ADMIN)
    assert answer.status_code == 422
    assert set(answer.json()) == {"error"}


def test_the_text_index_follows_writes(client):
    """Searches answer from a derived index: edits, deletions and new rows show at once."""
    assert [c["id"] for c in _search(client, "/contacts", q="alice")["contacts"]] == [1]
    renamed = client.patch("/api/v1/accounts/1/contacts/1", json={"name": "Alicia Keyes"}, headers=ADMIN)
    assert renamed.status_code == 200
    assert [c["name"] for c in _search(client, "/contacts", q="keyes")["contacts"]] == ["Alicia Keyes"]
    assert [c["name"] for c in _search(client, "/contacts", q="johnson")["contacts"]] == []
    assert [c["id"] for c in _search(client, "/conversations", q="keyes")["conversations"]] == [1, 3]
    first = _say(client, 1, "ephemeral words")
    assert [m["id"] for m in _search(client, "/messages", q="ephemeral")["messages"]] == [first["id"]]
    second = _say(client, 2, "more ephemeral words")  # appended after the index was built
    assert [m["id"] for m in _search(client, "/messages", q="ephemeral")["messages"]] == [
        second["id"],
        first["id"],
    ]
    deleted = client.delete(f"/api/v1/accounts/1/conversations/1/messages/{first['id']}", headers=ADMIN)
    assert deleted.status_code == 200
    assert [m["id"] for m in _search(client, "/messages", q="ephemeral")["messages"]] == [second["id"]]
    gone = client.delete("/api/v1/accounts/1/conversations/2", headers=ADMIN)
    assert gone.status_code == 200
    assert _search(client, "/messages", q="ephemeral")["messages"] == []
