"""/api/v1/accounts/:id/captain/assistant_responses (FAQs) and .../assistants/:id/scenarios as the
unlicensed standard image answers them at v4.10 (enterprise/app/controllers/api/v1/accounts/captain/
assistant_responses_controller.rb, scenarios_controller.rb, models/captain/assistant_response.rb,
scenario.rb, views/api/v1/models/captain/_assistant_response and _scenario.json.jbuilder)."""

from __future__ import annotations

import pytest

from fakewoot.api.captain_responses import MSG_ENABLED_NULL, PER_PAGE
from fakewoot.errors import (
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.captain_responses import MSG_INVALID_STATUS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token
from tests.contract.captain_support import assert_outsiders_refused
from tests.contract.shapes import assert_shape

ASSISTANTS = "/api/v1/accounts/1/captain/assistants"
URL = "/api/v1/accounts/1/captain/assistant_responses"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
RESPONSE_KEYS = {
    "account_id": int,
    "answer": str,
    "assistant": dict,
    "created_at": int,
    "documentable": dict,
    "id": int,
    "question": str,
    "updated_at": int,
    "status": str,
}
SCENARIO_KEYS = {
    "id": int,
    "title": str,
    "description": str,
    "instruction": str,
    "tools": (list, type(None)),
    "enabled": bool,
    "assistant_id": int,
    "account_id": int,
    "created_at": str,
    "updated_at": str,
    "assistant": dict,
}


def _assistant(client, name: str = "Helper") -> dict:
    body = {"assistant": {"name": name, "description": "d", "config": {"product_name": "Acme"}}}
    answer = client.post(ASSISTANTS, json=body, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _faq(client, assistant_id: int, question: str = "How much?", **extra) -> dict:
    body = {
        "assistant_response": {"question": question, "answer": "Ten", "assistant_id": assistant_id, **extra}
    }
    answer = client.post(URL, json=body, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_create_shape_documentable_user_and_default_status(client):
    assistant = _assistant(client)
    faq = _faq(client, assistant["id"])
    assert_shape(faq, RESPONSE_KEYS)
    assert list(faq) == list(RESPONSE_KEYS)
    assert faq["status"] == "approved"
    assert faq["assistant"] == client.get(f"{ASSISTANTS}/{assistant['id']}", headers=ADMIN).json()
    me = client.get("/api/v1/profile", headers=ADMIN).json()
    assert faq["documentable"] == {
        "type": "User",
        "id": me["id"],
        "email": me["email"],
        "available_name": me["available_name"],
    }
    assert client.get(f"{URL}/{faq['id']}", headers=AGENT).json() == faq


def test_create_validations_and_refusals_change_nothing(client):
    refused = client.post(URL, json={"assistant_response": {"question": "q"}}, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (
        422,
        {
            "message": "Assistant must exist, Account must exist, Answer can't be blank",
            "attributes": ["assistant", "account", "answer"],
        },
    )
    assistant = _assistant(client)
    bad = {
        "assistant_response": {"question": "q", "answer": "a", "assistant_id": assistant["id"], "status": "x"}
    }
    wrong = client.post(URL, json=bad, headers=ADMIN)
    assert (wrong.status_code, wrong.json()) == (422, {"error": MSG_INVALID_STATUS.format(value="x")})
    missing = client.post(URL, data={"x": "1"}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="assistant_response")},
    )
    assert client.get(URL, headers=ADMIN).json()["meta"]["total_count"] == 0


def test_index_filters_pages_and_counts(client, fake):
    one, two = _assistant(client, "One"), _assistant(client, "Two")
    first = _faq(client, one["id"], "Where is the Office?")
    _faq(client, two["id"], "Refund policy", status="pending")
    fake.store.account(1).captain_assistant_responses.get(first["id"]).created_at -= 10
    listed = client.get(URL, headers=AGENT).json()
    assert [r["question"] for r in listed["payload"]] == ["Refund policy", "Where is the Office?"]
    assert listed["meta"] == {"total_count": 2, "page": 1}
    for query, questions in (
        (f"assistant_id={one['id']}", ["Where is the Office?"]),
        ("status=pending", ["Refund policy"]),
        ("search=office", ["Where is the Office?"]),
        ("search=ten", ["Refund policy", "Where is the Office?"]),  # the answer matches too
        ("assistant_id=abc", []),
        ("document_id=1", []),
    ):
        answer = client.get(f"{URL}?{query}", headers=AGENT).json()
        assert [r["question"] for r in answer["payload"]] == questions, query
        assert answer["meta"]["total_count"] == len(questions)
    for n in range(PER_PAGE):
        _faq(client, one["id"], f"q{n}")
    second = client.get(f"{URL}?page=2", headers=AGENT).json()
    assert second["meta"] == {"total_count": PER_PAGE + 2, "page": "2"}  # params[:page] as sent
    assert len(second["payload"]) == 2


def test_update_and_destroy(client):
    assistant = _assistant(client)
    faq = _faq(client, assistant["id"])
    url = f"{URL}/{faq['id']}"
    updated = client.patch(
        url, json={"assistant_response": {"status": "pending", "answer": "Eleven"}}, headers=ADMIN
    )
    assert (updated.json()["status"], updated.json()["answer"], updated.json()["question"]) == (
        "pending",
        "Eleven",
        "How much?",
    )
    blank = client.put(url, json={"assistant_response": {"question": ""}}, headers=ADMIN)
    assert (blank.status_code, blank.json()) == (
        422,
        {"message": "Question can't be blank", "attributes": ["question"]},
    )
    gone = client.delete(url, headers=ADMIN)
    assert (gone.status_code, gone.content) == (204, b"")
    assert client.get(url, headers=ADMIN).status_code == 404


FAQ_ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"assistant_response": {"question": "q", "answer": "a", "assistant_id": 1}}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"assistant_response": {"answer": "b"}}),
    ("DELETE", f"{URL}/1", None),
]
SCENARIOS = f"{ASSISTANTS}/1/scenarios"
SCENARIO_BODY = {"scenario": {"title": "Refunds", "description": "d", "instruction": "Refund politely"}}
SCENARIO_ROUTES = [
    ("GET", SCENARIOS, None),
    ("POST", SCENARIOS, SCENARIO_BODY),
    ("GET", f"{SCENARIOS}/1", None),
    ("PATCH", f"{SCENARIOS}/1", SCENARIO_BODY),
    ("DELETE", f"{SCENARIOS}/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), FAQ_ROUTES + SCENARIO_ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    _faq(client, _assistant(client)["id"])
    client.post(SCENARIOS, json=SCENARIO_BODY, headers=ADMIN)
    assert_outsiders_refused(client, method, url, body)
    assert [r["answer"] for r in client.get(URL, headers=ADMIN).json()["payload"]] == ["Ten"]
    assert [s["title"] for s in client.get(SCENARIOS, headers=ADMIN).json()["payload"]] == ["Refunds"]


@pytest.mark.parametrize(
    ("method", "url", "body"), [r for r in FAQ_ROUTES + SCENARIO_ROUTES if r[0] != "GET"]
)
def test_agents_may_not_write_and_the_policy_comes_before_the_404(client, method, url, body):
    answer = client.request(method, url, json=body, headers=AGENT)
    assert (answer.status_code, answer.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_scenarios_shape_tools_from_the_instruction_and_validation(client):
    assistant = _assistant(client)
    url = f"{ASSISTANTS}/{assistant['id']}/scenarios"
    body = {
        "scenario": {
            "title": "Escalate",
            "description": "When angry",
            "instruction": "Use [Note](tool://add_private_note) then [Go](tool://handoff) and [Note](tool://add_private_note)",
            "tools": ["update_priority"],
        }
    }
    created = client.post(url, json=body, headers=ADMIN)
    assert created.status_code == 200
    scenario = created.json()
    assert_shape(scenario, SCENARIO_KEYS)
    assert list(scenario) == list(SCENARIO_KEYS)
    assert scenario["tools"] == ["add_private_note", "handoff"]
    assert scenario["assistant"] == {"id": assistant["id"], "name": "Helper"}
    assert scenario["created_at"].endswith("Z") and scenario["enabled"] is True
    plain = client.patch(
        f"{url}/{scenario['id']}", json={"scenario": {"instruction": "Just talk"}}, headers=ADMIN
    )
    assert plain.json()["tools"] is None
    invalid = {"scenario": {"instruction": "[A](tool://nope) [B](tool://gone) [C](tool://handoff)"}}
    refused = client.patch(f"{url}/{scenario['id']}", json=invalid, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (
        422,
        {"message": "Instruction contains invalid tools: nope, gone", "attributes": ["instruction"]},
    )
    null = client.patch(f"{url}/{scenario['id']}", json={"scenario": {"enabled": None}}, headers=ADMIN)
    assert (null.status_code, null.json()) == (422, {"error": MSG_ENABLED_NULL})
    empty = client.post(url, json={"scenario": {"enabled": True}}, headers=ADMIN)
    assert empty.json() == {
        "message": "Title can't be blank, Description can't be blank, Instruction can't be blank",
        "attributes": ["title", "description", "instruction"],
    }
    assert client.get(f"{url}/{scenario['id']}", headers=AGENT).json()["instruction"] == "Just talk"


def test_scenario_index_lists_enabled_ones_and_destroy(client):
    assistant = _assistant(client)
    url = f"{ASSISTANTS}/{assistant['id']}/scenarios"
    on = client.post(url, json=SCENARIO_BODY, headers=ADMIN).json()
    off_body = {"scenario": {**SCENARIO_BODY["scenario"], "title": "Off", "enabled": False}}
    off = client.post(url, json=off_body, headers=ADMIN).json()
    listed = client.get(url, headers=AGENT).json()
    assert [s["id"] for s in listed["payload"]] == [on["id"]]
    assert listed["meta"] == {"total_count": 1, "page": 1}
    assert client.get(f"{url}/{off['id']}", headers=AGENT).json()["enabled"] is False
    other = _assistant(client, "Other")
    elsewhere = client.get(f"{ASSISTANTS}/{other['id']}/scenarios/{on['id']}", headers=AGENT)
    assert (elsewhere.status_code, elsewhere.json()) == (404, {"error": MSG_NOT_FOUND})
    assert client.delete(f"{url}/{on['id']}", headers=ADMIN).status_code == 204
    assert client.get(url, headers=AGENT).json()["payload"] == []
    assert client.get(f"{ASSISTANTS}/99/scenarios", headers=AGENT).status_code == 404
