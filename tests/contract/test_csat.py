"""CSAT (v4.10): the survey message a resolved conversation gets, the public survey page answering it,
the responses index (filters, pagination), metrics, CSV download, the enterprise review-notes update,
the inbox csat_template for non-WhatsApp inboxes, and the auth matrix. Source:
csat_survey_responses_controller.rb, csat_survey_response_policy.rb, csat_survey_service.rb,
csat_surveys/response_builder.rb, public/api/v1/csat_survey_controller.rb, their views."""

from __future__ import annotations

import csv
import io

import pytest

from fakewoot.api.csat import (
    CSV_CONTENT_TYPE,
    CSV_DISPOSITION,
    MSG_CSAT_LOCKED,
    MSG_CSAT_TEMPLATE_CHANNELS,
    MSG_INVALID_DATE,
    MSG_PERIOD_REQUIRED,
)
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from fakewoot.serializers.csat import CSV_HEADERS
from fakewoot.store.csat_survey_responses import CSAT_INPUT_MESSAGE_BODY
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

A = "/api/v1/accounts/1"
URL = A + "/csat_survey_responses"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
RESPONSE_KEYS = {
    "id": int,
    "rating": int,
    "feedback_message": (str, type(None)),
    "csat_review_notes": type(None),
    "review_notes_updated_at": type(None),
    "account_id": int,
    "message_id": int,
    "contact": dict,
    "conversation_id": int,
    "assigned_agent": dict,
    "created_at": int,
}
SURVEY_KEYS = [
    "id",
    "csat_survey_response",
    "display_type",
    "content",
    "inbox_avatar_url",
    "inbox_name",
    "locale",
    "conversation_id",
    "created_at",
]


def _resolved(client, fake, inbox_id=1, csat=True, labels=()):
    """A conversation of a new contact, assigned to john, resolved in an inbox with CSAT on."""
    client.patch(f"{A}/inboxes/{inbox_id}", json={"csat_survey_enabled": csat}, headers=ADMIN)
    contact = client.post(
        A + "/contacts", json={"name": "Csat Customer", "inbox_id": inbox_id}, headers=ADMIN
    )
    contact_id = contact.json()["payload"]["contact"]["id"]
    body = {"inbox_id": inbox_id, "contact_id": contact_id, "assignee_id": 1}
    conversation = client.post(A + "/conversations", json=body, headers=ADMIN).json()
    if labels:
        client.post(
            f"{A}/conversations/{conversation['id']}/labels", json={"labels": list(labels)}, headers=ADMIN
        )
    url = f"{A}/conversations/{conversation['id']}/toggle_status"
    assert client.post(url, json={"status": "resolved"}, headers=ADMIN).status_code == 200
    return fake.store.conversations.by_display_id(1, conversation["id"])


def _answer(client, conversation, rating=5, feedback="Great help"):
    body = {
        "message": {
            "submitted_values": {"csat_survey_response": {"rating": rating, "feedback_message": feedback}}
        }
    }
    return client.patch(f"/public/api/v1/csat_survey/{conversation.uuid}", json=body)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/metrics"), ("GET", "/download?since=0&until=1"), ("PATCH", "/1")],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path):
    assert_refuses_strangers(client, method, URL + path, json={"csat_review_notes": "x"})
    bot = client.request(method, URL + path, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL + path, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_agents_are_refused(client):
    for path in ("", "/metrics", "/download?since=0&until=1"):
        answer = client.get(URL + path, headers=AGENT)
        assert (answer.status_code, answer.json()) == DENIED


def test_resolving_sends_one_survey_and_the_customer_answers_it(client, fake):
    conversation = _resolved(client, fake)
    survey = fake.store.csat_survey_responses.survey_message(conversation)
    assert survey is not None and survey.content == CSAT_INPUT_MESSAGE_BODY
    assert (survey.message_type, survey.content_attributes) == (3, {"display_type": "emoji"})
    page = client.get(f"/public/api/v1/csat_survey/{conversation.uuid}")
    assert page.status_code == 200 and list(page.json()) == SURVEY_KEYS
    assert page.json()["csat_survey_response"] is None and page.json()["id"] == survey.id
    answered = _answer(client, conversation)
    assert answered.status_code == 200
    record = answered.json()["csat_survey_response"]
    assert (record["rating"], record["feedback_message"], record["message_id"]) == (
        5,
        "Great help",
        survey.id,
    )
    assert record["assigned_agent_id"] == 1 and record["conversation_id"] == conversation.id
    again = _answer(client, conversation, rating=4, feedback=None).json()["csat_survey_response"]
    assert (again["id"], again["rating"], again["feedback_message"]) == (record["id"], 4, None)
    url = f"{A}/conversations/{conversation.display_id}/toggle_status"
    client.post(url, json={"status": "open"}, headers=ADMIN)
    client.post(url, json={"status": "resolved"}, headers=ADMIN)
    messages = fake.store.account(1).messages.values()
    assert (
        sum(1 for m in messages if m.conversation_id == conversation.id and m.content_type == "input_csat")
        == 1
    )


def test_no_survey_without_csat_or_when_the_label_rules_refuse(client, fake):
    off = _resolved(client, fake, csat=False)
    assert fake.store.csat_survey_responses.survey_message(off) is None
    assert client.get(f"/public/api/v1/csat_survey/{off.uuid}").status_code == 404
    rules = {"survey_rules": {"operator": "contains", "values": ["vip"]}, "message": "Rate us"}
    client.patch(f"{A}/inboxes/1", json={"csat_config": rules}, headers=ADMIN)
    plain = _resolved(client, fake)
    assert fake.store.csat_survey_responses.survey_message(plain) is None
    client.post(A + "/labels", json={"title": "vip"}, headers=ADMIN)
    vip = _resolved(client, fake, labels=["vip"])
    survey = fake.store.csat_survey_responses.survey_message(vip)
    assert survey is not None and survey.content == "Rate us"
    missing = client.get("/public/api/v1/csat_survey/not-a-uuid")
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_invalid_rating_keeps_no_response_and_old_surveys_are_locked(client, fake):
    conversation = _resolved(client, fake)
    bad = _answer(client, conversation, rating=9)
    assert bad.status_code == 200 and bad.json()["csat_survey_response"] is None
    survey = fake.store.csat_survey_responses.survey_message(conversation)
    survey.created_at -= 15 * 86400
    locked = _answer(client, conversation)
    assert (locked.status_code, locked.json()) == (422, {"error": MSG_CSAT_LOCKED})
    assert fake.store.csat_survey_responses.of(1) == []


def test_index_shape_filters_and_pages(client, fake):
    first = _resolved(client, fake)
    _answer(client, first, rating=2, feedback="Slow")
    second = _resolved(client, fake)
    _answer(client, second, rating=5)
    rows = client.get(URL, headers=ADMIN).json()
    assert [r["rating"] for r in rows] == [2, 5]
    for row in rows:
        assert_shape(row, RESPONSE_KEYS)
        assert list(row) == list(RESPONSE_KEYS)
    assert rows[0]["conversation_id"] == first.display_id and rows[0]["assigned_agent"]["id"] == 1
    assert [r["rating"] for r in client.get(URL, params={"rating": "5"}, headers=ADMIN).json()] == [5]
    assert client.get(URL, params={"user_ids[]": ["2"]}, headers=ADMIN).json() == []
    assert client.get(URL, params={"inbox_id": "2"}, headers=ADMIN).json() == []
    assert [r["rating"] for r in client.get(URL, params={"sort": "-created_at"}, headers=ADMIN).json()] == [
        5,
        2,
    ]
    assert client.get(URL, params={"page": "2"}, headers=ADMIN).json() == []
    latest = max(r.created_at for r in fake.store.csat_survey_responses.of(1))
    window = {"since": str(int(latest) + 1), "until": str(int(latest) + 100)}
    assert client.get(URL, params=window, headers=ADMIN).json() == []
    bad = client.get(URL, params={"since": "yesterday", "until": "1"}, headers=ADMIN)
    assert (bad.status_code, bad.json()) == (422, {"error": MSG_INVALID_DATE})


def test_metrics_count_ratings_and_sent_surveys(client, fake):
    empty = client.get(URL + "/metrics", headers=ADMIN).json()
    assert empty == {"total_count": 0, "ratings_count": {}, "total_sent_messages_count": 0}
    for rating in (5, 1, 5):
        _answer(client, _resolved(client, fake), rating=rating)
    _resolved(client, fake)  # sent, not answered
    metrics = client.get(URL + "/metrics", headers=ADMIN).json()
    assert metrics == {"total_count": 3, "ratings_count": {"1": 1, "5": 2}, "total_sent_messages_count": 4}


def test_download_is_a_csv_report(client, fake):
    _answer(client, _resolved(client, fake), rating=3, feedback='Fine, "ok"')
    missing = client.get(URL + "/download", headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PERIOD_REQUIRED})
    report = client.get(URL + "/download", params={"since": "0", "until": "4102444800"}, headers=ADMIN)
    assert report.status_code == 200 and report.headers["content-type"] == CSV_CONTENT_TYPE
    assert report.headers["content-disposition"] == CSV_DISPOSITION
    rows = list(csv.reader(io.StringIO(report.text)))
    assert rows[0] == list(CSV_HEADERS) and len(rows) == 3
    assert rows[1][1:4] == ["3", 'Fine, "ok"', "Csat Customer"] and rows[1][0].endswith("(john@acme.inc)")
    assert rows[2] == ["Reporting period 1970-01-01 to 2100-01-01"]


def test_update_review_notes_for_administrators(client, fake):
    _answer(client, _resolved(client, fake))
    record_id = fake.store.csat_survey_responses.of(1)[0].id
    refused = client.patch(f"{URL}/{record_id}", json={"csat_review_notes": "x"}, headers=AGENT)
    assert (refused.status_code, refused.json()) == DENIED
    missing = client.patch(f"{URL}/999", json={"csat_review_notes": "x"}, headers=AGENT)
    assert missing.status_code == 404
    done = client.patch(f"{URL}/{record_id}", json={"csat_review_notes": "Called back"}, headers=ADMIN).json()
    assert done["csat_review_notes"] == "Called back" and isinstance(done["review_notes_updated_at"], int)
    assert done["review_notes_updated_by"] == {"id": 1, "name": done["review_notes_updated_by"]["name"]}
    assert list(done)[:7] == [*list(RESPONSE_KEYS)[:5], "review_notes_updated_by", "account_id"]


def test_csat_template_is_whatsapp_only(client):
    for method in ("GET", "POST"):
        answer = client.request(method, f"{A}/inboxes/2/csat_template", json={"template": {}}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (400, {"error": MSG_CSAT_TEMPLATE_CHANNELS})
        missing = client.request(method, f"{A}/inboxes/999/csat_template", headers=ADMIN)
        assert missing.status_code == 404
    refused = client.get(f"{A}/inboxes/2/csat_template", headers=AGENT)  # jane is not in inbox 2
    assert (refused.status_code, refused.json()) == DENIED
