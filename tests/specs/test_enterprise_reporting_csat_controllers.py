"""Ports of two enterprise request specs whose endpoints have no licence gate, so an unlicensed install
answers as they expect: spec/enterprise/controllers/api/v1/accounts/reporting_events_controller_spec.rb
and spec/enterprise/controllers/enterprise/api/v1/accounts/csat_survey_responses_controller_spec.rb
(v4.10). Records the factories build directly are made with the store's verbs (reporting events with
a chosen created_at, CSAT responses on a plain message)."""

from __future__ import annotations

from fakewoot.store.csat_survey_responses import CsatSurveyResponse
from tests.specs.ledger import ports
from tests.specs.support import API_INBOX, WEB_INBOX, new_conversation, new_message, new_user, ok

EVENTS_SPEC = "spec/enterprise/controllers/api/v1/accounts/reporting_events_controller_spec.rb"
CSAT_SPEC = "spec/enterprise/controllers/enterprise/api/v1/accounts/csat_survey_responses_controller_spec.rb"
SPEC = [EVENTS_SPEC, CSAT_SPEC]
UPSTREAM_ITS = {EVENTS_SPEC: 10, CSAT_SPEC: 5}
CSAT = "PATCH /api/v1/accounts/{account.id}/csat_survey_responses/:id"
SKIPPED = {
    EVENTS_SPEC: {},
    CSAT_SPEC: {
        CSAT + " > when it is an agent with report_manage permission > updates the csat survey response "
        "review notes": "not implemented: custom roles (report_manage) are not modelled",
    },
}
EVENTS = "GET /api/v1/accounts/{account.id}/reporting_events"
ADMIN_CTX = " > when it is an authenticated admin user > "
URL = "/api/v1/accounts/1/reporting_events"
DAY, HOUR = 86400, 3600
NOTES = "Customer was very satisfied with the resolution"


def _event(fake, conversation_id, inbox_id, user_id, name, value=0.0, ago=0.0):
    """create(:reporting_event, ..., created_at: ago seconds before now)."""
    store = fake.store
    event = store.reporting_events.create(
        1,
        name,
        value=value,
        value_in_business_hours=0,
        inbox_id=inbox_id,
        user_id=user_id,
        conversation_id=conversation_id,
        event_start_time=store.clock.now(),
        event_end_time=store.clock.now(),
    )
    event.created_at = event.updated_at = store.clock.now() - ago
    return event


def _setup(http, fake):
    """The spec's admin, agent, inbox, conversation (assigned to the agent) and three events."""
    admin = new_user(http, role="administrator")
    agent = new_user(http)
    conversation = new_conversation(http, assignee_id=agent["id"])
    db_id = fake.store.conversations.by_display_id(1, conversation["id"]).id
    for name, value, days in (("first_response", 120, 3), ("resolution", 300, 2), ("reply_time", 45, 1)):
        _event(fake, db_id, API_INBOX, agent["id"], name, value, days * DAY)
    return admin["headers"], agent, db_id


@ports(EVENTS + " > when it is an unauthenticated user > returns unauthorized", spec=EVENTS_SPEC)
def test_events_unauthenticated(http):
    assert http.get(URL).status_code == 401


@ports(EVENTS + " > when it is an authenticated normal agent user > returns unauthorized", spec=EVENTS_SPEC)
def test_events_agent(http):
    assert http.get(URL, headers=new_user(http)["headers"]).status_code == 401


@ports(EVENTS + ADMIN_CTX + "fetches reporting events with pagination", spec=EVENTS_SPEC)
def test_events_index(http, fake):
    admin, _, _ = _setup(http, fake)
    body = ok(http.get(URL, headers=admin))
    assert {"payload", "meta"} <= set(body) and body["meta"]["count"] == 3
    names = [e["name"] for e in body["payload"]]
    assert len(names) == 3 and (names[0], names[-1]) == ("reply_time", "first_response")


@ports(EVENTS + ADMIN_CTX + "filters reporting events by date range using since and until", spec=EVENTS_SPEC)
def test_events_range(http, fake):
    admin, _, _ = _setup(http, fake)
    now = fake.store.clock.now()
    params = {"since": str(int(now - 2.5 * DAY)), "until": str(int(now - 1.5 * DAY))}
    body = ok(http.get(URL, params=params, headers=admin))
    assert body["meta"]["count"] == 1 and body["payload"][0]["name"] == "resolution"


@ports(EVENTS + ADMIN_CTX + "filters reporting events by inbox_id", spec=EVENTS_SPEC)
def test_events_inbox(http, fake):
    admin, agent, _ = _setup(http, fake)
    other = new_conversation(http, inbox_id=WEB_INBOX)
    other_id = fake.store.conversations.by_display_id(1, other["id"]).id
    _event(fake, other_id, WEB_INBOX, agent["id"], "other_inbox_event")
    body = ok(http.get(URL, params={"inbox_id": API_INBOX}, headers=admin))
    assert body["meta"]["count"] == 3 and "other_inbox_event" not in [e["name"] for e in body["payload"]]


@ports(EVENTS + ADMIN_CTX + "filters reporting events by user_id (agent)", spec=EVENTS_SPEC)
def test_events_user(http, fake):
    admin, agent, db_id = _setup(http, fake)
    _event(fake, db_id, API_INBOX, new_user(http)["id"], "other_agent_event")
    body = ok(http.get(URL, params={"user_id": agent["id"]}, headers=admin))
    assert body["meta"]["count"] == 3 and "other_agent_event" not in [e["name"] for e in body["payload"]]


@ports(EVENTS + ADMIN_CTX + "filters reporting events by name", spec=EVENTS_SPEC)
def test_events_name(http, fake):
    admin, _, _ = _setup(http, fake)
    body = ok(http.get(URL, params={"name": "first_response"}, headers=admin))
    assert body["meta"]["count"] == 1 and body["payload"][0]["name"] == "first_response"


@ports(EVENTS + ADMIN_CTX + "supports combining multiple filters", spec=EVENTS_SPEC)
def test_events_combined(http, fake):
    admin, agent, _ = _setup(http, fake)
    other = new_conversation(http, assignee_id=agent["id"])
    other_id = fake.store.conversations.by_display_id(1, other["id"]).id
    _event(fake, other_id, API_INBOX, agent["id"], "first_response", 90, 2 * DAY)
    now = fake.store.clock.now()
    params = {
        "inbox_id": API_INBOX,
        "user_id": agent["id"],
        "name": "first_response",
        "since": str(int(now - 4 * DAY)),
        "until": str(int(now)),
    }
    body = ok(http.get(URL, params=params, headers=admin))
    assert body["meta"]["count"] == 2 and {e["name"] for e in body["payload"]} == {"first_response"}


def _thirty_more(fake, agent_id, db_id):
    for i in range(30):
        _event(fake, db_id, API_INBOX, agent_id, f"event_{i}", ago=i * HOUR)


@ports(EVENTS + ADMIN_CTX + "with pagination > returns 25 events per page by default", spec=EVENTS_SPEC)
def test_events_first_page(http, fake):
    admin, agent, db_id = _setup(http, fake)
    _thirty_more(fake, agent["id"], db_id)
    body = ok(http.get(URL, headers=admin))
    assert (len(body["payload"]), body["meta"]["count"], body["meta"]["current_page"]) == (25, 33, 1)


@ports(EVENTS + ADMIN_CTX + "with pagination > supports page navigation", spec=EVENTS_SPEC)
def test_events_second_page(http, fake):
    admin, agent, db_id = _setup(http, fake)
    _thirty_more(fake, agent["id"], db_id)
    body = ok(http.get(URL, params={"page": 2}, headers=admin))
    assert (len(body["payload"]), body["meta"]["current_page"]) == (8, 2)


# --- CSAT review notes ------------------------------------------------------------------------------


def _csat(http, fake) -> CsatSurveyResponse:
    conversation = new_conversation(http)
    message = new_message(http, conversation)
    store = fake.store
    record = store.conversations.by_display_id(1, conversation["id"])
    now = store.clock.now()
    return store.csat_survey_responses.seed(
        CsatSurveyResponse(
            id=store.account(1).csat_survey_responses.next_id(),
            account_id=1,
            conversation_id=record.id,
            message_id=message["id"],
            rating=1,
            contact_id=record.contact_id,
            created_at=now,
            updated_at=now,
            feedback_message="Here's looking at you, kid.",
        )
    )


def _url(record_id: int) -> str:
    return f"/api/v1/accounts/1/csat_survey_responses/{record_id}"


@ports(CSAT + " > when it is an unauthenticated user > returns unauthorized", spec=CSAT_SPEC)
def test_csat_unauthenticated(http, fake):
    record = _csat(http, fake)
    assert http.patch(_url(record.id), json={"csat_review_notes": NOTES}).status_code == 401
    assert record.csat_review_notes is None


@ports(
    CSAT + " > when it is an authenticated agent without permissions > returns unauthorized", spec=CSAT_SPEC
)
def test_csat_agent(http, fake):
    record = _csat(http, fake)
    answer = http.patch(_url(record.id), json={"csat_review_notes": NOTES}, headers=new_user(http)["headers"])
    assert answer.status_code == 401 and record.csat_review_notes is None


@ports(
    CSAT + " > when it is an authenticated administrator > updates the csat survey response review notes",
    spec=CSAT_SPEC,
)
def test_csat_admin(http, fake):
    record = _csat(http, fake)
    admin = new_user(http, role="administrator")
    before = fake.store.clock.now()
    ok(http.patch(_url(record.id), json={"csat_review_notes": NOTES}, headers=admin["headers"]))
    after = fake.store.clock.now()
    assert record.csat_review_notes == NOTES and record.review_notes_updated_by_id == admin["id"]
    assert record.review_notes_updated_at is not None and before <= record.review_notes_updated_at <= after


@ports(CSAT + " > when csat survey response does not exist > returns not found", spec=CSAT_SPEC)
def test_csat_missing(http, fake):
    _csat(http, fake)
    admin = new_user(http, role="administrator")["headers"]
    assert http.patch(_url(0), json={"csat_review_notes": NOTES}, headers=admin).status_code == 404
