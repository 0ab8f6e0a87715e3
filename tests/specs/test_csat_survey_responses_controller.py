"""Port of spec/controllers/api/v1/accounts/csat_survey_responses_controller_spec.rb (v4.10).

The spec's factory builds a response on a plain message with a chosen created_at; the port builds
the conversation and message over HTTP and the record with the store's fixture verb (seed), which is
what the factory does in the database."""

from __future__ import annotations

import csv
import io

from fakewoot.store.csat_survey_responses import CsatSurveyResponse
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, new_message, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/csat_survey_responses_controller_spec.rb"
UPSTREAM_ITS = 14
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/csat_survey_responses"
INDEX = "GET /api/v1/accounts/{account.id}/csat_survey_responses"
METRICS = "GET /api/v1/accounts/{account.id}/csat_survey_responses/metrics"
DOWNLOAD = "GET /api/v1/accounts/{account.id}/csat_survey_responses/download"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
DAY = 86400


def _csat(http, fake, days_ago: float = 0, assigned_agent: int | None = None) -> CsatSurveyResponse:
    """create(:csat_survey_response, rating 1, a feedback quote, created_at, assigned_agent)."""
    conversation = new_conversation(http)
    message = new_message(http, conversation)
    store = fake.store
    record = store.account(1).conversations.get(store.conversations.by_display_id(1, conversation["id"]).id)
    created = store.clock.now() - days_ago * DAY
    return store.csat_survey_responses.seed(
        CsatSurveyResponse(
            id=store.account(1).csat_survey_responses.next_id(),
            account_id=1,
            conversation_id=record.id,
            message_id=message["id"],
            rating=1,
            contact_id=record.contact_id,
            created_at=created,
            updated_at=created,
            feedback_message="I'll be back.",
            assigned_agent_id=assigned_agent,
        )
    )


def _today(fake) -> int:
    """Time.zone.today.to_time.to_i: today's midnight (UTC)."""
    return int(fake.store.clock.now() // DAY * DAY)


def _window(fake, since_days: int, until: int) -> dict[str, str]:
    return {"since": str(int(fake.store.clock.now() - since_days * DAY)), "until": str(until)}


@ports(INDEX + UNAUTH, METRICS + UNAUTH, DOWNLOAD + UNAUTH)
def test_unauthenticated(http, fake):
    _csat(http, fake)
    for path in ("", "/metrics", "/download"):
        assert http.get(URL + path).status_code == 401


@ports(
    INDEX + AUTHED + "returns unauthorized for agents",
    METRICS + AUTHED + "returns unauthorized for agents",
    DOWNLOAD + AUTHED + "returns unauthorized for agents",
)
def test_agents_refused(http, fake):
    _csat(http, fake)
    agent = new_user(http)["headers"]
    window = _window(fake, 5, _today(fake) + DAY)
    for path, params in (("", None), ("/metrics", None), ("/download", window)):
        assert http.get(URL + path, params=params, headers=agent).status_code == 401


@ports(INDEX + AUTHED + "returns all the csat survey responses for administrators")
def test_index(http, fake):
    record = _csat(http, fake)
    admin = new_user(http, role="administrator")["headers"]
    assert ok(http.get(URL, headers=admin))[0]["feedback_message"] == record.feedback_message


@ports(INDEX + AUTHED + "filters csat responses based on a date range")
def test_index_date_range(http, fake):
    _csat(http, fake)
    old, recent = _csat(http, fake, 10), _csat(http, fake, 3)
    ids = [r["id"] for r in ok(http.get(URL, params=_window(fake, 5, _today(fake)), headers=ADMIN))]
    assert recent.id in ids and old.id not in ids


@ports(INDEX + AUTHED + "filters csat responses based on a date range and agent ids")
def test_index_date_range_and_agents(http, fake):
    _csat(http, fake)
    one, two = new_user(http), new_user(http)
    _csat(http, fake, 10, one["id"])
    _csat(http, fake, 3, two["id"])
    _csat(http, fake, 5)
    params = {**_window(fake, 11, _today(fake)), "user_ids[]": [str(one["id"]), str(two["id"])]}
    assert len(ok(http.get(URL, params=params, headers=ADMIN))) == 2


@ports(INDEX + AUTHED + "returns csat responses even if the agent is deleted from account")
def test_index_deleted_agent(http, fake):
    _csat(http, fake)
    agent = new_user(http)
    _csat(http, fake, assigned_agent=agent["id"])
    fake.store.account(1).members.pop(agent["id"])  # account_users.destroy_all: the user stays
    rows = ok(http.get(URL, headers=ADMIN))
    assert rows[-1]["assigned_agent"]["id"] == agent["id"] and rows[-1]["assigned_agent"]["role"] is None


@ports(METRICS + AUTHED + "returns csat metrics for administrators")
def test_metrics(http, fake):
    _csat(http, fake)
    data = ok(http.get(URL + "/metrics", headers=ADMIN))
    assert (data["total_count"], data["total_sent_messages_count"], data["ratings_count"]) == (1, 0, {"1": 1})


@ports(METRICS + AUTHED + "filters csat metrics based on a date range")
def test_metrics_date_range(http, fake):
    _csat(http, fake, 10)
    _csat(http, fake, 3)
    data = ok(http.get(URL + "/metrics", params=_window(fake, 5, _today(fake)), headers=ADMIN))
    assert (data["total_count"], data["total_sent_messages_count"], data["ratings_count"]) == (1, 0, {"1": 1})


@ports(METRICS + AUTHED + "filters csat metrics based on a date range and agent ids")
def test_metrics_date_range_and_agents(http, fake):
    _csat(http, fake)
    one, two = new_user(http), new_user(http)
    _csat(http, fake, 10, one["id"])
    _csat(http, fake, 3, two["id"])
    _csat(http, fake, 5)
    params = {**_window(fake, 11, _today(fake)), "user_ids[]": [str(one["id"]), str(two["id"])]}
    data = ok(http.get(URL + "/metrics", params=params, headers=ADMIN))
    assert (data["total_count"], data["total_sent_messages_count"], data["ratings_count"]) == (2, 0, {"1": 2})


@ports(DOWNLOAD + AUTHED + "returns summary")
def test_download(http, fake):
    _csat(http, fake)
    params = _window(fake, 5, _today(fake) + DAY)
    answer = http.get(URL + "/download", params=params, headers=ADMIN)
    assert answer.status_code == 200
    content = list(csv.reader(io.StringIO(answer.text)))
    assert content[1][1] == "1" and len(content) == 3
