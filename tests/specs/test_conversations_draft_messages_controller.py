"""Port of spec/controllers/api/v1/accounts/conversations/draft_messages_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import add_inbox_member, new_conversation, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/conversations/draft_messages_controller_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}
BASE = "POST /api/v1/accounts/{account.id}/conversations/<id>/draft_messages"
MEMBER = " > when it is an authenticated user with access to the inbox > "
MESSAGE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit."


def _url(conversation: dict) -> str:
    return f"/api/v1/accounts/1/conversations/{conversation['id']}/draft_messages"


def _agent_with_access(http, conversation: dict) -> dict:
    agent = new_user(http, role="agent")
    add_inbox_member(http, conversation["inbox_id"], agent["id"])
    return agent["headers"]


@ports(BASE + " > when it is an unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    assert http.get(_url(new_conversation(http))).status_code == 401


@ports(BASE + MEMBER + "saves the draft message for the conversation")
def test_saves_the_draft(http, fake):
    conversation = new_conversation(http)
    agent = _agent_with_access(http, conversation)
    answer = http.patch(_url(conversation), json={"draft_message": {"message": MESSAGE}}, headers=agent)
    assert answer.status_code == 200
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    assert fake.store.drafts.get(record.id) == MESSAGE


@ports(BASE + MEMBER + "gets the draft message for the conversation")
def test_gets_the_draft(http, fake):
    conversation = new_conversation(http)
    agent = _agent_with_access(http, conversation)
    fake.store.drafts.set(fake.store.conversations.by_display_id(1, conversation["id"]).id, MESSAGE)
    answer = http.get(_url(conversation), headers=agent)
    assert answer.status_code == 200 and MESSAGE in answer.text


@ports(BASE + MEMBER + "removes the draft messages for the conversation")
def test_removes_the_draft(http, fake):
    conversation = new_conversation(http)
    agent = _agent_with_access(http, conversation)
    record_id = fake.store.conversations.by_display_id(1, conversation["id"]).id
    fake.store.drafts.set(record_id, MESSAGE)
    assert fake.store.drafts.get(record_id) == MESSAGE
    assert http.delete(_url(conversation), headers=agent).status_code == 200
    assert fake.store.drafts.get(record_id) is None
    assert ok(http.get(_url(conversation), headers=agent)) == {"has_draft": False}
