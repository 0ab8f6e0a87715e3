"""/api/v1/accounts/:id/captain/copilot_threads and .../copilot_messages as the unlicensed standard image
answers them at v4.10 (enterprise/app/controllers/api/v1/accounts/captain/copilot_threads_controller.rb,
copilot_messages_controller.rb, models/copilot_thread.rb, copilot_message.rb, views/api/v1/models/
captain/_copilot_thread and _copilot_message): every member, own threads only, no LLM reply."""

from __future__ import annotations

import pytest

from fakewoot.api.copilot import MSG_MESSAGE_REQUIRED, THREADS_PER_PAGE
from fakewoot.errors import MSG_NOT_FOUND
from fakewoot.events.cable_listener import cable_message
from fakewoot.events.types import COPILOT_MESSAGE_CREATED
from fakewoot.serializers.captain_records import ASSISTANT_LOGO
from fakewoot.store.copilot import MSG_COPILOT_LIMIT
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token
from tests.contract.captain_support import assert_outsiders_refused
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/captain/copilot_threads"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
THREAD_KEYS = {"id": int, "title": str, "created_at": int, "user": dict, "assistant": dict, "account_id": int}
MESSAGE_KEYS = {
    "id": int,
    "message": dict,
    "message_type": str,
    "created_at": int,
    "copilot_thread": dict,
    "account_id": int,
}
USER_KEYS = ["id", "name", "available_name", "avatar_url", "type", "availability_status", "thumbnail"]


def _assistant(client) -> dict:
    body = {"assistant": {"name": "Copilot", "description": "helps"}}
    return client.post("/api/v1/accounts/1/captain/assistants", json=body, headers=ADMIN).json()


def _thread(client, assistant_id: int, headers=AGENT, message: str = "Summarise #12") -> dict:
    answer = client.post(URL, json={"message": message, "assistant_id": assistant_id}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_create_thread_shape_and_first_message(client):
    assistant = _assistant(client)
    thread = _thread(client, assistant["id"])
    assert_shape(thread, THREAD_KEYS)
    assert list(thread) == list(THREAD_KEYS)
    assert thread["title"] == "Summarise #12"
    assert list(thread["user"]) == USER_KEYS and thread["user"]["type"] == "user"
    assert list(thread["assistant"]) == ["id", "name", "avatar_url", "description", "created_at", "type"]
    assert thread["assistant"]["type"] == "captain_assistant"
    assert thread["assistant"]["avatar_url"].endswith(ASSISTANT_LOGO)
    assert thread["assistant"]["created_at"].endswith("Z")
    messages = client.get(f"{URL}/{thread['id']}/copilot_messages", headers=AGENT).json()
    assert list(messages) == ["payload"]
    (first,) = messages["payload"]  # no reply: the LLM job is not run
    assert_shape(first, MESSAGE_KEYS)
    assert list(first) == list(MESSAGE_KEYS)
    assert (first["message"], first["message_type"]) == ({"content": "Summarise #12"}, "user")
    assert list(first["copilot_thread"]) == ["id", "title", "created_at", "user", "account_id"]


def test_create_refusals_message_first_then_assistant(client):
    blank = client.post(URL, json={"message": " ", "assistant_id": 999}, headers=AGENT)
    assert (blank.status_code, blank.json()) == (422, {"error": MSG_MESSAGE_REQUIRED})
    unknown = client.post(URL, json={"message": "hi", "assistant_id": 0}, headers=AGENT)
    assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})
    assert client.get(URL, headers=AGENT).json() == {"payload": []}


def test_out_of_credits_adds_the_assistant_notice(client, fake):
    assistant = _assistant(client)
    account = fake.store.account(1)
    account.limits["captain_responses"] = 2
    account.custom_attributes["captain_responses_usage"] = 2
    thread = _thread(client, assistant["id"])
    messages = client.get(f"{URL}/{thread['id']}/copilot_messages", headers=AGENT).json()["payload"]
    assert [(m["message_type"], m["message"]["content"]) for m in messages] == [
        ("user", "Summarise #12"),
        ("assistant", MSG_COPILOT_LIMIT),
    ]


def test_index_lists_own_threads_newest_first_five_a_page(client, fake):
    assistant = _assistant(client)
    mine = [_thread(client, assistant["id"], message=f"q{n}") for n in range(THREADS_PER_PAGE + 1)]
    _thread(client, assistant["id"], headers=ADMIN)
    for n, thread in enumerate(mine):
        fake.store.account(1).copilot_threads.get(thread["id"]).created_at -= 100 - n
    first = client.get(URL, headers=AGENT).json()["payload"]
    assert [t["title"] for t in first] == ["q5", "q4", "q3", "q2", "q1"]
    assert [t["title"] for t in client.get(f"{URL}?page=2", headers=AGENT).json()["payload"]] == ["q0"]


def test_messages_of_another_users_thread_are_404_and_create_appends(client):
    assistant = _assistant(client)
    thread = _thread(client, assistant["id"])
    url = f"{URL}/{thread['id']}/copilot_messages"
    for method in ("GET", "POST"):
        other = client.request(method, url, json={"message": "x"}, headers=ADMIN)
        assert (other.status_code, other.json()) == (404, {"error": MSG_NOT_FOUND})
    created = client.post(url, json={"message": "And #13?"}, headers=AGENT)
    assert created.status_code == 200
    assert (created.json()["message"], created.json()["message_type"]) == ({"content": "And #13?"}, "user")
    assert len(client.get(url, headers=AGENT).json()["payload"]) == 2


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"message": "hi", "assistant_id": 1}),
    ("GET", f"{URL}/1/copilot_messages", None),
    ("POST", f"{URL}/1/copilot_messages", {"message": "hi"}),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    _thread(client, _assistant(client)["id"])
    assert_outsiders_refused(client, method, url, body)
    assert len(client.get(f"{URL}/1/copilot_messages", headers=AGENT).json()["payload"]) == 1


def test_destroying_the_assistant_takes_its_threads(client):
    assistant = _assistant(client)
    _thread(client, assistant["id"])
    client.delete(f"/api/v1/accounts/1/captain/assistants/{assistant['id']}", headers=ADMIN)
    assert client.get(URL, headers=AGENT).json() == {"payload": []}


def test_each_message_is_broadcast_to_the_threads_user(client, fake, events):
    """CopilotMessage after_create_commit -> COPILOT_MESSAGE_CREATED -> the enterprise ActionCableListener
    broadcasts push_event_data (+ account_id, performer: Current.user) to the thread user's token."""
    assistant = _assistant(client)
    thread = _thread(client, assistant["id"])
    more = client.post(f"{URL}/{thread['id']}/copilot_messages", json={"message": "and #13?"}, headers=AGENT)
    assert more.status_code == 200
    created = [e for e in events if e.name == COPILOT_MESSAGE_CREATED]
    assert [e.data["copilot_message"].message for e in created] == [
        {"content": "Summarise #12"},
        {"content": "and #13?"},
    ]
    agent = fake.store.users.get(2)
    streams, message = cable_message(fake.store, created[-1])
    assert streams == [agent.pubsub_token]
    assert message["event"] == "copilot.message.created"
    data = message["data"]
    assert list(data) == [
        "id",
        "message",
        "message_type",
        "created_at",
        "copilot_thread",
        "account_id",
        "performer",
    ]
    assert (data["id"], data["message_type"], data["account_id"]) == (more.json()["id"], "user", 1)
    assert list(data["copilot_thread"]) == ["id", "title", "created_at", "user", "account_id"]
    assert data["performer"]["id"] == 2 and list(data["performer"]) == USER_KEYS
