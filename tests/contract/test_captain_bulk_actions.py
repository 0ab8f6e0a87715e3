"""POST /api/v1/accounts/:id/captain/bulk_actions as the unlicensed standard image answers it at v4.10
(enterprise/app/controllers/api/v1/accounts/captain/bulk_actions_controller.rb): administrators only,
`{"success": false}` refusals, approve answers the selected FAQs, delete answers []."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/captain/bulk_actions"
FAQS = "/api/v1/accounts/1/captain/assistant_responses"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


def _faqs(client) -> list[dict]:
    body = {"assistant": {"name": "Bulk", "description": "d"}}
    assistant = client.post("/api/v1/accounts/1/captain/assistants", json=body, headers=ADMIN).json()
    made = []
    for n, status in enumerate(("pending", "pending", "approved")):
        faq = {
            "assistant_response": {
                "question": f"q{n}",
                "answer": "a",
                "assistant_id": assistant["id"],
                "status": status,
            }
        }
        made.append(client.post(FAQS, json=faq, headers=ADMIN).json())
    return made


def _statuses(client) -> dict[int, str]:
    return {r["id"]: r["status"] for r in client.get(FAQS, headers=ADMIN).json()["payload"]}


def test_approve_answers_the_selected_responses(client):
    one, two, three = _faqs(client)
    body = {
        "type": "AssistantResponse",
        "ids": [three["id"], one["id"], 999],
        "fields": {"status": "approve"},
    }
    answer = client.post(URL, json=body, headers=ADMIN)
    assert answer.status_code == 200
    assert [(r["id"], r["status"]) for r in answer.json()] == [
        (one["id"], "approved"),
        (three["id"], "approved"),
    ]
    assert answer.json()[0] == client.get(f"{FAQS}/{one['id']}", headers=ADMIN).json()
    assert _statuses(client)[two["id"]] == "pending"


def test_delete_answers_an_empty_list(client):
    one, two, _ = _faqs(client)
    body = {"type": "AssistantResponse", "ids": [one["id"], two["id"]], "fields": {"status": "delete"}}
    answer = client.post(URL, json=body, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (200, [])
    assert len(_statuses(client)) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"type": "Conversation", "ids": [1], "fields": {"status": "approve"}},
        {"type": "AssistantResponse", "fields": {"status": "approve"}},
        {"type": "AssistantResponse", "ids": [1], "fields": "approve"},
        {"ids": [1], "fields": {"status": "approve"}},
    ],
)
def test_refusals_are_success_false(client, body):
    _faqs(client)
    answer = client.post(URL, json=body, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, {"success": False})
    assert sorted(_statuses(client).values()) == ["approved", "pending", "pending"]


def test_unknown_ids_or_status_answer_an_empty_list(client):
    one, _, _ = _faqs(client)
    for body in (
        {"type": "AssistantResponse", "ids": [999], "fields": {"status": "approve"}},
        {"type": "AssistantResponse", "ids": [one["id"]], "fields": {"status": "archive"}},
    ):
        assert client.post(URL, json=body, headers=ADMIN).json() == []
    assert _statuses(client)[one["id"]] == "pending"


BODY = {"type": "AssistantResponse", "ids": [1], "fields": {"status": "approve"}}


def test_strangers_bots_agents_and_other_accounts_are_refused(client):
    _faqs(client)
    assert_refuses_strangers(client, "POST", URL, json=BODY)
    for headers, message in (
        (token(BOT_TOKEN), MSG_BOTS_NOT_AUTHORIZED),
        (token(OTHER_ADMIN_TOKEN), MSG_NOT_AUTHORIZED_ACCOUNT),
        (AGENT, MSG_NOT_AUTHORIZED_ACTION),
    ):
        answer = client.post(URL, json=BODY, headers=headers)
        assert (answer.status_code, answer.json()) == (401, {"error": message})
    assert sorted(_statuses(client).values()) == ["approved", "pending", "pending"]
