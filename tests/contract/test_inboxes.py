"""/api/v1/accounts/:account_id/inboxes.
Source: ../shared/reference/inboxes-conversations-messages.md 2; inboxes_controller.rb, inbox_policy.rb,
app/views/api/v1/models/_inbox.json.jbuilder, inboxes spec."""

from __future__ import annotations

import pytest

from fakewoot.api.inboxes import MSG_INBOX_LIMIT
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
I = "/api/v1/accounts/1/inboxes"  # noqa: E741
COMMON = [
    "id",
    "avatar_url",
    "channel_id",
    "name",
    "channel_type",
    "greeting_enabled",
    "greeting_message",
    "working_hours_enabled",
    "enable_email_collect",
    "csat_survey_enabled",
    "csat_config",
    "enable_auto_assignment",
    "auto_assignment_config",
    "out_of_office_message",
    "working_hours",
    "timezone",
    "callback_webhook_url",
    "allow_messages_after_resolved",
    "lock_to_single_conversation",
    "sender_name_type",
    "business_name",
    "allowed_domains",
    "widget_color",
    "website_url",
    "hmac_mandatory",
    "welcome_title",
    "welcome_tagline",
    "web_widget_script",
    "website_token",
    "selected_feature_flags",
    "reply_time",
]
API_ADMIN = [
    *COMMON,
    "messaging_service_sid",
    "phone_number",
    "hmac_token",
    "secret",  # newest upstream: the callback signing secret (webhooks-bots.md 5)
    "webhook_url",
    "inbox_identifier",
    "additional_attributes",
    "provider",
]
WIDGET_ADMIN = [
    *COMMON,
    "hmac_token",
    "pre_chat_form_enabled",
    "pre_chat_form_options",
    "continuity_via_email",
    "messaging_service_sid",
    "phone_number",
    "provider",
]


def test_inbox_endpoints_refuse_strangers(client, fake):
    before = fake.snapshot()
    for method, url, body in (
        ("GET", I, None),
        ("POST", I, {"name": "x", "channel": {"type": "api"}}),
        ("GET", f"{I}/1", None),
        ("PATCH", f"{I}/1", {"name": "x"}),
        ("DELETE", f"{I}/1", None),
    ):
        assert_refuses_strangers(client, method, url, json=body)
        assert client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN)).status_code == 401
    assert fake.snapshot() == before


def test_list_by_role(client):
    admin = client.get(I, headers=ADMIN)
    assert admin.status_code == 200
    assert list(admin.json()) == ["payload"]
    assert [i["id"] for i in admin.json()["payload"]] == [1, 2]
    agent = client.get(I, headers=AGENT).json()["payload"]
    assert [i["id"] for i in agent] == [1]  # member inboxes only
    assert "hmac_token" not in agent[0] and "secret" not in agent[0]


def test_api_inbox_shape_admin_and_agent(client):
    admin = client.get(f"{I}/1", headers=ADMIN).json()
    assert list(admin) == API_ADMIN
    assert admin["channel_type"] == "Channel::Api" and admin["hmac_mandatory"] is False
    assert len(admin["hmac_token"]) == 24 and len(admin["inbox_identifier"]) == 24
    assert len(admin["secret"]) == 24 and admin["secret"] != admin["hmac_token"]
    assert [d["day_of_week"] for d in admin["working_hours"]] == list(range(7))
    assert admin["working_hours"][1] == {
        "day_of_week": 1,
        "closed_all_day": False,
        "open_hour": 9,
        "open_minutes": 0,
        "close_hour": 17,
        "close_minutes": 0,
        "open_all_day": False,
    }
    agent = client.get(f"{I}/1", headers=AGENT).json()
    assert list(agent) == [k for k in API_ADMIN if k not in ("hmac_token", "secret")]


def test_widget_inbox_shape_and_agent_refusal(client):
    widget = client.get(f"{I}/2", headers=ADMIN).json()
    assert list(widget) == WIDGET_ADMIN
    assert (widget["widget_color"], widget["website_url"], widget["reply_time"]) == (
        "#1f93ff",
        "https://acme.example",
        "in_a_few_minutes",
    )
    assert widget["website_token"] in widget["web_widget_script"]
    assert widget["selected_feature_flags"] == ["attachments", "emoji_picker", "end_conversation"]
    response = client.get(f"{I}/2", headers=AGENT)  # Jane is not a member of inbox 2
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    missing = client.get(f"{I}/3", headers=ADMIN)  # inbox 3 belongs to account 2
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_create_api_and_widget_inboxes(client, fake):
    api = client.post(
        I + "/",
        json={
            "name": "CRM bridge",
            "channel": {"type": "api", "webhook_url": "http://h/x", "hmac_mandatory": True},
        },
        headers=ADMIN,
    )
    assert api.status_code == 200
    body = api.json()
    assert list(body) == API_ADMIN
    assert (body["name"], body["webhook_url"], body["hmac_mandatory"]) == ("CRM bridge", "http://h/x", True)
    widget = client.post(
        I,
        json={
            "name": "Site",
            "greeting_enabled": True,
            "greeting_message": "Hello",
            "channel": {"type": "web_widget", "website_url": "https://x.test", "widget_color": "#000000"},
        },
        headers=ADMIN,
    ).json()
    assert list(widget) == WIDGET_ADMIN
    assert (widget["greeting_enabled"], widget["greeting_message"], widget["widget_color"]) == (
        True,
        "Hello",
        "#000000",
    )
    cache = client.get("/api/v1/accounts/1/cache_keys", headers=ADMIN).json()["cache_keys"]["inbox"]
    assert cache != "0000000000"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # v4.10's Inbox validates only the name's presence (no format rule; inbox_spec.rb)
        (
            {"name": "", "channel": {"type": "api"}},
            {"message": "Name can't be blank", "attributes": ["name"]},
        ),
        (
            {"name": "X", "channel": {"type": "fax"}},
            {"message": "Channel must exist", "attributes": ["channel"]},
        ),
        ({"name": "X"}, {"message": "Channel must exist", "attributes": ["channel"]}),
        (
            {"name": "X", "channel": {"type": "web_widget"}},
            {"message": "Website url can't be blank", "attributes": ["website_url"]},
        ),
    ],
)
def test_create_validation(client, fake, body, expected):
    before = fake.snapshot()
    response = client.post(I, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (422, expected)
    assert fake.snapshot() == before


def test_create_accepts_any_non_blank_name(client):
    """No format rule at v4.10 (`validates :name, presence: true` only)."""
    for name in ("bad@name", "-dash-", "a/b<c>"):
        response = client.post(I, json={"name": name, "channel": {"type": "api"}}, headers=ADMIN)
        assert (response.status_code, response.json()["name"]) == (200, name)


def test_create_as_agent_is_401(client, fake):
    response = client.post(I, json={"name": "x", "channel": {"type": "api"}}, headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_update_inbox_and_channel(client):
    response = client.patch(
        f"{I}/1",
        json={
            "name": "Renamed",
            "enable_auto_assignment": False,
            "channel": {"webhook_url": "http://new/hook", "website_url": "ignored"},
            "working_hours": [
                # a whole day: WorkingHour validates the hours of a day that is not closed
                {
                    "day_of_week": 6,
                    "closed_all_day": False,
                    "open_hour": 10,
                    "open_minutes": 0,
                    "close_hour": 14,
                    "close_minutes": 0,
                }
            ],
        },
        headers=ADMIN,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["enable_auto_assignment"], body["webhook_url"], body["website_url"]) == (
        "Renamed",
        False,
        "http://new/hook",
        None,
    )
    assert body["working_hours"][6]["open_hour"] == 10
    agent = client.patch(f"{I}/1", json={"name": "x"}, headers=AGENT)
    assert agent.status_code == 401


def test_delete_inbox_is_processed_after_the_response(client, fake):
    response = client.delete(f"{I}/2", headers=ADMIN)
    assert (response.status_code, response.json()) == (
        200,
        {"message": "Your inbox deletion request will be processed in some time."},
    )
    assert client.get(f"{I}/2", headers=ADMIN).status_code == 404
    assert client.delete(f"{I}/1", headers=AGENT).status_code == 401


def test_create_past_the_inbox_limit_is_402(client, fake):
    """validate_limit (before the policy): `inboxes.count >= usage_limits[:inboxes]` -> 402
    `{"error": "Account limit exceeded. Upgrade to a higher plan"}`; the OSS limit is 100 000."""
    fake.store.account(1).limits["inboxes"] = 2  # account 1 has two inboxes
    for headers in (ADMIN, AGENT):
        response = client.post(I, json={"name": "x", "channel": {"type": "api"}}, headers=headers)
        assert (response.status_code, response.json()) == (402, {"error": MSG_INBOX_LIMIT})
    fake.store.account(1).limits["inboxes"] = 3
    assert client.post(I, json={"name": "x", "channel": {"type": "api"}}, headers=ADMIN).status_code == 200
    assert fake.store.inboxes.limit(2) == 100_000


def test_inbox_and_channel_validations(client, fake):
    """inbox.rb: timezone in the tz database, greeting/out-of-office messages up to 10 000 characters;
    Channel::Email: a unique email across the installation; Channel::Api: a positive
    agent_reply_time_window when given. Refused updates change nothing."""
    before = fake.snapshot()
    for body, message in (
        ({"timezone": "Mars/Olympus"}, "Timezone is not included in the list"),
        ({"greeting_message": "x" * 10_001}, "Greeting message is too long (maximum is 10000 characters)"),
        (
            {"out_of_office_message": "x" * 10_001},
            "Out of office message is too long (maximum is 10000 characters)",
        ),
        (
            {"channel": {"additional_attributes": {"agent_reply_time_window": "0"}}},
            "Agent reply time window agent_reply_time_window must be greater than 0",
        ),
    ):
        response = client.patch(f"{I}/1", json=body, headers=ADMIN)
        assert (response.status_code, response.json()["message"]) == (422, message), body
    assert fake.snapshot() == before
    ok = client.patch(
        f"{I}/1",
        json={
            "timezone": "Asia/Kolkata",
            "channel": {"additional_attributes": {"agent_reply_time_window": 12}},
        },
        headers=ADMIN,
    )
    assert ok.json()["timezone"] == "Asia/Kolkata"
    email = {"name": "Mail", "channel": {"type": "email", "email": "help@acme.test"}}
    first = client.post(I, json=email, headers=ADMIN)
    assert first.status_code == 200
    again = client.post(I, json=email, headers=ADMIN)
    assert (again.status_code, again.json()) == (
        422,
        {"message": "Email has already been taken", "attributes": ["email"]},
    )
    other = client.post(
        I, json={**email, "channel": {"type": "email", "email": "sales@acme.test"}}, headers=ADMIN
    )
    renamed = client.patch(
        f"{I}/{other.json()['id']}", json={"channel": {"email": "help@acme.test"}}, headers=ADMIN
    )
    assert renamed.status_code == 422


def test_pre_chat_form_options_are_permitted_and_default_without_fields(client):
    """WebWidget EDITABLE_ATTRS permit pre_chat_message, require_email and the listed field keys;
    validate_pre_chat_options puts the default form back whole when no pre_chat_fields remain."""
    field = {"field_type": "standard", "label": "Email", "name": "emailAddress", "type": "email", "x": 1}
    body = {
        "channel": {
            "pre_chat_form_options": {"pre_chat_message": "Hi", "junk": 1, "pre_chat_fields": [field]}
        }
    }
    options = client.patch(f"{I}/2", json=body, headers=ADMIN).json()["pre_chat_form_options"]
    assert options == {
        "pre_chat_message": "Hi",
        "pre_chat_fields": [
            {"field_type": "standard", "label": "Email", "name": "emailAddress", "type": "email"}
        ],
    }
    reset = {"channel": {"pre_chat_form_options": {"pre_chat_message": "Custom"}}}
    options = client.patch(f"{I}/2", json=reset, headers=ADMIN).json()["pre_chat_form_options"]
    assert options["pre_chat_message"] == "Share your queries or comments here."
    assert len(options["pre_chat_fields"]) == 3


def test_a_null_name_is_blank(client, fake):
    before = fake.snapshot()
    for name in (None, "null"):
        response = client.patch(f"{I}/1", json={"name": name}, headers=ADMIN)
        assert (response.status_code, response.json()["message"]) == (422, "Name can't be blank")
    assert fake.snapshot() == before


def test_deleting_an_inbox_takes_its_conversations_messages_and_webhooks(client, fake):
    """DeleteObjectJob: conversations (and their messages) go first, then inbox.destroy! with
    `has_many :webhooks, dependent: :destroy_async`; other webhooks stay."""
    W = "/api/v1/accounts/1/webhooks"
    mine = client.post(W, json={"url": "https://a.test/hook", "inbox_id": 2}, headers=ADMIN).json()
    other = client.post(W, json={"url": "https://b.test/hook", "inbox_id": 1}, headers=ADMIN).json()
    conversations = [c for c in fake.store.account(1).conversations if c.inbox_id == 2]
    assert conversations
    messages = [m for c in conversations for m in c.message_ids]
    assert client.delete(f"{I}/2", headers=ADMIN).status_code == 200
    ids = [w["id"] for w in client.get(W, headers=ADMIN).json()["payload"]["webhooks"]]
    assert other["payload"]["webhook"]["id"] in ids
    assert mine["payload"]["webhook"]["id"] not in ids
    for conversation in conversations:
        url = f"/api/v1/accounts/1/conversations/{conversation.display_id}"
        assert client.get(url, headers=ADMIN).status_code == 404
    assert all(fake.store.account(1).messages.get(m) is None for m in messages)


def test_an_email_channel_needs_its_address(client, fake):
    """channel_email.email is NOT NULL without a presence validation (PostgreSQL refuses the row, a
    500 upstream): a 422 here, on create and update, and nothing changes."""
    before = fake.snapshot()
    for email in (None, "", "  "):
        response = client.post(
            I, json={"name": "Mail", "channel": {"type": "email", "email": email}}, headers=ADMIN
        )
        assert (response.status_code, response.json()) == (
            422,
            {"message": "Email can't be blank", "attributes": ["email"]},
        )
    assert (
        client.post(I, json={"name": "Mail", "channel": {"type": "email"}}, headers=ADMIN).status_code == 422
    )
    assert fake.snapshot() == before
    created = client.post(
        I, json={"name": "Mail", "channel": {"type": "email", "email": "a@b.test"}}, headers=ADMIN
    )
    response = client.patch(f"{I}/{created.json()['id']}", json={"channel": {"email": ""}}, headers=ADMIN)
    assert response.status_code == 422


def test_column_lengths(client, fake):
    """ApplicationRecord#validates_column_content_length: string columns 255, text 20 000."""
    before = fake.snapshot()
    for url, body, message in (
        (f"{I}/1", {"business_name": "b" * 256}, "Business name is too long (maximum is 255 characters)"),
        (
            f"{I}/2",
            {"channel": {"welcome_title": "t" * 256}},
            "Welcome title is too long (maximum is 255 characters)",
        ),
        (
            f"{I}/2",
            {"channel": {"allowed_domains": "d" * 20_001}},
            "Allowed domains is too long (maximum is 20000 characters)",
        ),
    ):
        response = client.patch(url, json=body, headers=ADMIN)
        assert (response.status_code, response.json()["message"]) == (422, message)
    assert fake.snapshot() == before
    assert (
        client.patch(f"{I}/2", json={"channel": {"allowed_domains": "d" * 20_000}}, headers=ADMIN).status_code
        == 200
    )


def test_inbox_updated_events_follow_the_saves(client, fake, events):
    """update!: the inbox row's changes, then the channel's update! touches the inbox (only
    updated_at); a save that changes nothing publishes nothing."""

    def updates() -> list[dict]:
        found = [e.data["changed"] for e in events if e.name == "inbox.updated"]
        events.clear()
        return found

    assert client.patch(f"{I}/2", json={"name": "Acme Website"}, headers=ADMIN).status_code == 200
    assert updates() == []  # the same name: nothing saved
    client.patch(f"{I}/2", json={"channel": {"widget_color": "#000000"}}, headers=ADMIN)
    assert [list(c) for c in updates()] == [["updated_at"]]
    client.patch(f"{I}/2", json={"name": "Site", "channel": {"widget_color": "#ffffff"}}, headers=ADMIN)
    assert [list(c) for c in updates()] == [["name", "updated_at"], ["updated_at"]]


def test_working_hours_follow_the_working_hour_rules(client):
    """WorkingHour#update (no bang): an invalid day is skipped silently, the answer is still 200;
    open_all_day sets 00:00-23:59."""
    bad = [
        {"day_of_week": 1, "open_hour": 18, "close_hour": 9},  # closing before opening
        {"day_of_week": 2, "open_hour": 24},  # out of 0..23
        {"day_of_week": 3, "open_all_day": True, "closed_all_day": True},
        {"day_of_week": 4, "open_hour": None},  # missing while open
    ]
    response = client.patch(f"{I}/1", json={"working_hours": bad}, headers=ADMIN)
    assert response.status_code == 200
    days = {d["day_of_week"]: d for d in response.json()["working_hours"]}
    for day in (1, 2, 3, 4):
        assert (days[day]["open_hour"], days[day]["close_hour"], days[day]["closed_all_day"]) == (
            9,
            17,
            False,
        )
    good = [
        {"day_of_week": 5, "open_all_day": True},
        {
            "day_of_week": 0,
            "closed_all_day": False,
            "open_hour": 8,
            "open_minutes": 30,
            "close_hour": 12,
            "close_minutes": 0,
        },
    ]
    days = {
        d["day_of_week"]: d
        for d in client.patch(f"{I}/1", json={"working_hours": good}, headers=ADMIN).json()["working_hours"]
    }
    assert (
        days[5]["open_all_day"],
        days[5]["open_hour"],
        days[5]["close_hour"],
        days[5]["close_minutes"],
    ) == (True, 0, 23, 59)
    assert (days[0]["closed_all_day"], days[0]["open_hour"], days[0]["open_minutes"]) == (False, 8, 30)


def test_inbox_member_writes_need_a_user_ids_array(client, fake):
    """create/update subtract the current ids from params[:user_ids]: without an array Chatwoot
    raises (500); fakewoot answers 422 and changes nothing. DELETE without ids removes nothing."""
    M = "/api/v1/accounts/1/inbox_members"
    before = fake.snapshot()
    for method in ("POST", "PATCH"):
        for body in ({"inbox_id": 1}, {"inbox_id": 1, "user_ids": None}, {"inbox_id": 1, "user_ids": 2}):
            response = client.request(method, M, json=body, headers=ADMIN)
            assert (response.status_code, response.json()) == (
                422,
                {"error": "param is missing or the value is empty: user_ids"},
            )
    assert client.request("DELETE", M, json={"inbox_id": 1}, headers=ADMIN).status_code == 200
    assert fake.snapshot() == before
