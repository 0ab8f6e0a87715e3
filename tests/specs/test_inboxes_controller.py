"""Port of spec/controllers/api/v1/accounts/inboxes_controller_spec.rb (Chatwoot v4.10).

fakewoot implements API, web widget and email inboxes; the its about other channels (WhatsApp,
Twilio, Twitter, Line, SMS) and the endpoints fakewoot lacks are skipped with their reason. Email
inboxes keep their IMAP/SMTP settings; the fake opens no connection to check them (the spec stubs
the check to succeed).
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.inboxes import MSG_DELETED, MSG_HEALTH_WHATSAPP_CLOUD_ONLY, MSG_TEMPLATE_SYNC_WHATSAPP_ONLY
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_inboxes import OTHER_ADMIN, inboxes_url, new_admin, new_agent, new_inbox

SPEC = "spec/controllers/api/v1/accounts/inboxes_controller_spec.rb"
UPSTREAM_ITS = 81

INDEX = "GET /api/v1/accounts/{account.id}/inboxes"
SHOW = "GET /api/v1/accounts/{account.id}/inboxes/{inbox.id}"
AGENTS = "GET /api/v1/accounts/{account.id}/inboxes/{inbox.id}/assignable_agents"
CAMPAIGNS = "GET /api/v1/accounts/{account.id}/inboxes/{inbox.id}/campaigns"
AVATAR = "DELETE /api/v1/accounts/{account.id}/inboxes/{inbox.id}/avatar"
DESTROY = "DELETE /api/v1/accounts/{account.id}/inboxes/:id"
CREATE = "POST /api/v1/accounts/{account.id}/inboxes"
UPDATE = "PATCH /api/v1/accounts/{account.id}/inboxes/:id"
BOT = "GET /api/v1/accounts/{account.id}/inboxes/{inbox.id}/agent_bot"
SET_BOT = "POST /api/v1/accounts/{account.id}/inboxes/:id/set_agent_bot"
SYNC = "POST /api/v1/accounts/{account.id}/inboxes/:id/sync_templates"
HEALTH = "GET /api/v1/accounts/{account.id}/inboxes/{inbox.id}/health"
AUTH = "when it is an authenticated user"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
CSAT = f"{UPDATE} > when handling CSAT configuration"
SMTP = f"{UPDATE} > when an authenticated user updates email inbox"
WA = "not implemented: WhatsApp channels"

SKIPPED = {
    f"{INDEX} > {AUTH} > when provider_config > returns provider config attributes for admin": WA,
    f"{INDEX} > {AUTH} > when provider_config > will not return provider config for agent": WA,
    f"{SHOW} > {AUTH} > when it is a Twilio inbox > returns auth_token and account_sid for admin": (
        "not implemented: Twilio channels"
    ),
    f"{SHOW} > {AUTH} > when it is a Twilio inbox > doesn't return auth_token and account_sid for agent": (
        "not implemented: Twilio channels"
    ),
    f"{CREATE} > {AUTH} > creates a line inbox when administrator": "not implemented: Line channels",
    f"{CREATE} > {AUTH} > creates a sms inbox when administrator": "not implemented: SMS channels",
    f"{UPDATE} > {AUTH} > updates whatsapp inbox when administrator": WA,
    f"{UPDATE} > {AUTH} > updates twitter inbox when administrator": "not implemented: Twitter channels",
    f"{UPDATE} > {AUTH} > updates twilio sms inbox when administrator": "not implemented: Twilio channels",
    f"{SYNC} > when it is an authenticated administrator > with WhatsApp inbox > successfully initiates template sync": WA,
    f"{SYNC} > when it is an authenticated administrator > with WhatsApp inbox > handles job errors gracefully": WA,
    f"{HEALTH} > {AUTH} > with WhatsApp inbox > returns health data for administrator": WA,
    f"{HEALTH} > {AUTH} > with WhatsApp inbox > returns health data for agent with inbox access": WA,
    f"{HEALTH} > {AUTH} > with WhatsApp inbox > calls the health service with correct channel": WA,
    f"{HEALTH} > {AUTH} > with WhatsApp inbox > handles service errors gracefully": WA,
    f"{HEALTH} > {AUTH} > with WhatsApp non-cloud inbox > returns bad request error for non-cloud provider": WA,
}


def _inbox(http: Any, inbox_id: int, headers: dict[str, str] = ADMIN, account_id: int = 1) -> Any:
    return http.get(f"{inboxes_url(account_id)}/{inbox_id}", headers=headers)


# --- index ------------------------------------------------------------------------------------


@ports(
    f"{INDEX} > {UNAUTH}",
    f"{SHOW} > {UNAUTH}",
    f"{DESTROY} > {UNAUTH}",
    f"{CREATE} > {UNAUTH}",
    f"{UPDATE} > {UNAUTH}",
    f"{BOT} > {UNAUTH}",
    f"{SET_BOT} > {UNAUTH}",
    f"{SYNC} > {UNAUTH}",
    f"{HEALTH} > {UNAUTH}",
    f"{AGENTS} > {UNAUTH}",
    f"{AVATAR} > {UNAUTH}",
    f"{CAMPAIGNS} > {UNAUTH}",
)
def test_every_inbox_route_refuses_an_unauthenticated_caller(http):
    base = inboxes_url()
    for method, url in (
        ("GET", base),
        ("GET", f"{base}/1"),
        ("DELETE", f"{base}/1"),
        ("POST", base),
        ("PATCH", f"{base}/1"),
        ("GET", f"{base}/1/agent_bot"),
        ("POST", f"{base}/1/set_agent_bot"),
        ("POST", f"{base}/1/sync_templates"),
        ("GET", f"{base}/1/health"),
        ("GET", f"{base}/1/assignable_agents"),
        ("DELETE", f"{base}/1/avatar"),
        ("GET", f"{base}/1/campaigns"),
    ):
        assert http.request(method, url).status_code == 401, (method, url)
    assert ok(_inbox(http, 1))["name"] == "Acme API"  # nothing was deleted or changed


@ports(
    f"{INDEX} > {AUTH} > returns all inboxes of current_account as administrator",
    f"{INDEX} > {AUTH} > returns only assigned inboxes of current_account as agent",
)
def test_index_lists_every_inbox_for_administrators_and_member_inboxes_for_agents(http):
    # account 2 starts with one inbox ("Globex API"); the spec's account has the two it creates
    inbox = new_inbox(http, account_id=2, name="Globex Site")
    agent = new_agent(http, account_id=2, inbox_id=inbox["id"])
    admin = ok(http.get(inboxes_url(2), headers=OTHER_ADMIN))["payload"]
    assert len(admin) == 2
    mine = ok(http.get(inboxes_url(2), headers=agent["headers"]))["payload"]
    assert [i["id"] for i in mine] == [inbox["id"]]


# --- show -------------------------------------------------------------------------------------


@ports(
    f"{SHOW} > {AUTH} > returns unauthorized for an agent who is not assigned",
    f"{SHOW} > {AUTH} > returns the inbox if administrator",
    f"{SHOW} > {AUTH} > returns the inbox if assigned inbox is assigned as agent",
)
def test_show_for_administrators_and_member_agents_only(http):
    inbox = new_inbox(http)
    agent = new_agent(http)
    assert _inbox(http, inbox["id"], agent["headers"]).status_code == 401
    assert ok(_inbox(http, inbox["id"]))["id"] == inbox["id"]
    new_member = new_agent(http, inbox_id=inbox["id"])
    data = ok(_inbox(http, inbox["id"], new_member["headers"]))
    assert data["id"] == inbox["id"]
    assert data.get("hmac_token") is None


@ports(
    f"{SHOW} > {AUTH} > returns empty imap details in inbox when agent",
    f"{SHOW} > {AUTH} > returns imap details in inbox when admin",
)
def test_imap_details_are_for_administrators_only(http):
    inbox = new_inbox(http, "email", imap_enabled=True, imap_login="test@test.com")
    agent = new_agent(http, inbox_id=inbox["id"])
    seen_by_agent = ok(_inbox(http, inbox["id"], agent["headers"]))
    assert seen_by_agent.get("imap_enabled") is None
    assert seen_by_agent.get("imap_login") is None
    seen_by_admin = ok(_inbox(http, inbox["id"]))
    assert seen_by_admin["imap_enabled"] is True
    assert seen_by_admin["imap_login"] == "test@test.com"


@ports(f"{SHOW} > {AUTH} > fetch API inbox without hmac token when agent")
def test_api_inbox_hides_the_hmac_token_from_agents(http):
    inbox = new_inbox(http, "api")
    agent = new_agent(http, inbox_id=inbox["id"])
    assert ok(_inbox(http, inbox["id"]))["hmac_token"]  # an administrator sees it
    assert ok(_inbox(http, inbox["id"], agent["headers"])).get("hmac_token") is None


# --- assignable agents and avatar -------------------------------------------------------------


@ports(f"{AGENTS} > {AUTH} > returns all assignable inbox members along with administrators")
def test_assignable_agents_are_the_members_and_the_administrators(http):
    # account 2: hank is its only administrator, like the spec's fresh account and its admin
    inbox = new_inbox(http, account_id=2)
    agent = new_agent(http, account_id=2, inbox_id=inbox["id"])
    response = http.get(f"{inboxes_url(2)}/{inbox['id']}/assignable_agents", headers=OTHER_ADMIN)
    payload = ok(response)["payload"]
    assert len(payload) == 2
    assert {a["role"] for a in payload} == {"agent", "administrator"}
    assert payload[0]["id"] == agent["id"]


def _with_avatar(http: Any) -> dict[str, Any]:
    inbox = new_inbox(http)
    files = {"avatar": ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    ok(_patch(http, inbox["id"], data={"name": inbox["name"]}, files=files))
    assert ok(_inbox(http, inbox["id"]))["avatar_url"] != ""
    return inbox


@ports(f"{AVATAR} > {AUTH} > delete inbox avatar for administrator user")
def test_delete_avatar_as_administrator(http):
    inbox = _with_avatar(http)
    response = http.delete(f"{inboxes_url()}/{inbox['id']}/avatar", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert ok(_inbox(http, inbox["id"]))["avatar_url"] == ""


@ports(f"{AVATAR} > {AUTH} > returns unauthorized for agent user")
def test_delete_avatar_as_agent_is_401(http):
    inbox = _with_avatar(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    assert http.delete(f"{inboxes_url()}/{inbox['id']}/avatar", headers=agent["headers"]).status_code == 401
    assert ok(_inbox(http, inbox["id"]))["avatar_url"] != ""


def _campaign(http: Any, inbox_id: int) -> dict[str, Any]:
    """create(:campaign, inbox:, trigger_rules: {url: 'https://test.com'}) through the campaigns API."""
    body = {
        "inbox_id": inbox_id,
        "title": "Campaign",
        "message": "hello",
        "trigger_rules": {"url": "https://test.com"},
    }
    campaign: dict[str, Any] = ok(http.post("/api/v1/accounts/1/campaigns", json=body, headers=ADMIN))
    return campaign


@ports(f"{CAMPAIGNS} > {AUTH} > returns unauthorized for agents")
def test_inbox_campaigns_as_agent_is_401(http):
    inbox = new_inbox(http)
    _campaign(http, inbox["id"])
    agent = new_agent(http, inbox_id=inbox["id"])
    assert http.get(f"{inboxes_url()}/{inbox['id']}/campaigns", headers=agent["headers"]).status_code == 401


@ports(f"{CAMPAIGNS} > {AUTH} > returns all campaigns belonging to the inbox to administrators")
def test_inbox_campaigns_lists_the_inboxs_campaigns(http):
    inbox = new_inbox(http)
    campaign = _campaign(http, inbox["id"])
    _campaign(http, new_inbox(http, name="Other Site")["id"])  # a campaign of another inbox
    body = ok(http.get(f"{inboxes_url()}/{inbox['id']}/campaigns", headers=new_admin(http)["headers"]))
    assert body[0]["id"] == campaign["id"]
    assert len(body) == 1


# --- destroy ----------------------------------------------------------------------------------


@ports(f"{DESTROY} > {AUTH} > deletes inbox")
def test_destroy_answers_the_deletion_message_and_deletes_the_inbox(http):
    inbox = new_inbox(http)
    admin = new_admin(http)
    response = http.delete(f"{inboxes_url()}/{inbox['id']}", headers=admin["headers"])
    assert ok(response) == {"message": MSG_DELETED}
    assert _inbox(http, inbox["id"]).status_code == 404  # DeleteObjectJob ran


@ports(f"{DESTROY} > {AUTH} > is unable to delete inbox of another account")
def test_destroy_of_another_accounts_inbox_is_404(http):
    other = new_inbox(http, account_id=2)
    assert http.delete(f"{inboxes_url()}/{other['id']}", headers=ADMIN).status_code == 404
    assert ok(_inbox(http, other["id"], OTHER_ADMIN, account_id=2))["id"] == other["id"]


@ports(f"{DESTROY} > {AUTH} > is unable to delete inbox as agent")
def test_destroy_as_agent_is_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http)
    assert http.delete(f"{inboxes_url()}/{inbox['id']}", headers=agent["headers"]).status_code == 401
    assert ok(_inbox(http, inbox["id"]))["id"] == inbox["id"]


# --- create -----------------------------------------------------------------------------------

WIDGET = {"name": "test", "channel": {"type": "web_widget", "website_url": "test.com"}}


@ports(f"{CREATE} > {AUTH} > will not create inbox for agent")
def test_create_as_agent_is_401(http):
    agent = new_agent(http)
    before = len(ok(http.get(inboxes_url(), headers=ADMIN))["payload"])
    assert http.post(inboxes_url(), json=WIDGET, headers=agent["headers"]).status_code == 401
    assert len(ok(http.get(inboxes_url(), headers=ADMIN))["payload"]) == before


@ports(
    f"{CREATE} > {AUTH} > creates a webwidget inbox when administrator",
    f"{CREATE} > {AUTH} > creates the webwidget inbox that allow messages after conversation is resolved",
)
def test_create_web_widget_inbox(http):
    response = http.post(inboxes_url(), json=WIDGET, headers=ADMIN)
    assert response.status_code == 200
    assert "test.com" in response.text
    assert response.json()["allow_messages_after_resolved"] is True


@ports(f"{CREATE} > {AUTH} > creates a email inbox when administrator")
def test_create_email_inbox(http):
    body = {"name": "test", "channel": {"type": "email", "email": "test@test.com"}}
    response = http.post(inboxes_url(), json=body, headers=ADMIN)
    assert response.status_code == 200
    assert "test@test.com" in response.text


@ports(f"{CREATE} > {AUTH} > creates an api inbox when administrator")
def test_create_api_inbox(http):
    body = {"name": "API Inbox", "channel": {"type": "api", "webhook_url": "http://test.com"}}
    response = http.post(inboxes_url(), json=body, headers=ADMIN)
    assert response.status_code == 200
    assert "API Inbox" in response.text


# --- update -----------------------------------------------------------------------------------

VALID_UPDATE = {"name": "new test inbox", "enable_auto_assignment": False, "portal_id": 1}


def _patch(http: Any, inbox_id: int, headers: dict[str, str] = ADMIN, **kwargs: Any) -> Any:
    return http.patch(f"{inboxes_url()}/{inbox_id}", headers=headers, **kwargs)


def _stored(fake: Any, inbox_id: int) -> Any:
    return fake.store.account(1).inboxes.get(inbox_id)


@ports(f"{UPDATE} > {AUTH} > will not update inbox for agent")
def test_update_as_agent_is_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    assert _patch(http, inbox["id"], agent["headers"], json=VALID_UPDATE).status_code == 401
    assert ok(_inbox(http, inbox["id"]))["name"] == "Spec Inbox"


@ports(f"{UPDATE} > {AUTH} > updates inbox when administrator")
def test_update_inbox_as_administrator(http, fake):
    inbox = new_inbox(http)
    body = ok(_patch(http, inbox["id"], json=VALID_UPDATE))
    assert body["name"] == "new test inbox"
    assert ok(_inbox(http, inbox["id"]))["enable_auto_assignment"] is False
    assert _stored(fake, inbox["id"]).settings["portal_id"] == 1  # no portals API: read the record


@ports(f"{UPDATE} > {AUTH} > updates api inbox when administrator")
def test_update_api_inbox_channel(http):
    inbox = new_inbox(http, "api")
    channel = {"webhook_url": "webhook.test", "selected_feature_flags": []}
    ok(_patch(http, inbox["id"], json={"enable_auto_assignment": False, "channel": channel}))
    after = ok(_inbox(http, inbox["id"]))
    assert after["enable_auto_assignment"] is False
    assert after["webhook_url"] == "webhook.test"


@ports(f"{UPDATE} > {AUTH} > updates email inbox when administrator")
def test_update_email_inbox_channel(http):
    inbox = new_inbox(http, "email")
    body = {"enable_auto_assignment": False, "channel": {"email": "emailtest@email.test"}}
    ok(_patch(http, inbox["id"], json=body))
    after = ok(_inbox(http, inbox["id"]))
    assert after["enable_auto_assignment"] is False
    assert after["email"] == "emailtest@email.test"


@ports(f"{UPDATE} > {AUTH} > updates email inbox with imap when administrator")
def test_update_email_inbox_imap(http):
    inbox = new_inbox(http, "email")
    channel = {
        "imap_enabled": True,
        "imap_address": "imap.gmail.com",
        "imap_port": 993,
        "imap_login": "imaptest@gmail.com",
    }
    ok(_patch(http, inbox["id"], json={"channel": channel}))
    after = ok(_inbox(http, inbox["id"]))
    assert after["imap_enabled"] is True
    assert after["imap_address"] == "imap.gmail.com"
    assert after["imap_port"] == 993


@ports(f"{UPDATE} > {AUTH} > updates avatar when administrator")
def test_update_avatar_by_multipart(http):
    inbox = new_inbox(http)
    assert inbox["avatar_url"] == ""
    form = {"name": "new test inbox", "enable_auto_assignment": "false", "portal_id": "1"}
    files = {"avatar": ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    response = _patch(http, inbox["id"], data=form, files=files)
    assert response.status_code == 200
    assert ok(_inbox(http, inbox["id"]))["avatar_url"] != ""


@ports(f"{UPDATE} > {AUTH} > updates working hours when administrator")
def test_update_working_hours_by_form(http):
    inbox = new_inbox(http)
    form = {
        "name": "new test inbox",
        "enable_auto_assignment": "false",
        "working_hours[][day_of_week]": "0",
        "working_hours[][open_hour]": "9",
        "working_hours[][open_minutes]": "0",
        "working_hours[][close_hour]": "17",
        "working_hours[][close_minutes]": "0",
        "working_hours_enabled": "true",
        "out_of_office_message": "hello",
    }
    response = _patch(http, inbox["id"], data=form)
    assert response.status_code == 200
    sunday = next(d for d in ok(_inbox(http, inbox["id"]))["working_hours"] if d["day_of_week"] == 0)
    assert sunday["open_hour"] == 9


@ports(
    f"{UPDATE} > {AUTH} > updates the webwidget inbox to disallow the messages after conversation is resolved"
)
def test_update_disallows_messages_after_resolved(http):
    inbox = new_inbox(http)
    ok(_patch(http, inbox["id"], json={**VALID_UPDATE, "allow_messages_after_resolved": False}))
    assert ok(_inbox(http, inbox["id"]))["allow_messages_after_resolved"] is False


@ports(f"{SMTP} > updates smtp configuration with starttls encryption")
def test_update_smtp_with_starttls(http):
    inbox = new_inbox(http, "email")
    channel = {
        "smtp_enabled": True,
        "smtp_address": "smtp.gmail.com",
        "smtp_port": 587,
        "smtp_login": "smtptest@gmail.com",
        "smtp_enable_starttls_auto": True,
        "smtp_openssl_verify_mode": "peer",
    }
    ok(_patch(http, inbox["id"], json={"channel": channel}))
    after = ok(_inbox(http, inbox["id"]))
    assert after["smtp_enabled"] is True
    assert after["smtp_address"] == "smtp.gmail.com"
    assert after["smtp_port"] == 587
    assert after["smtp_enable_starttls_auto"] is True
    assert after["smtp_openssl_verify_mode"] == "peer"


@ports(f"{SMTP} > updates smtp configuration with ssl/tls encryption")
def test_update_smtp_with_ssl_tls(http):
    inbox = new_inbox(http, "email")
    channel = {
        "smtp_enabled": True,
        "smtp_address": "smtp.gmail.com",
        "smtp_login": "smtptest@gmail.com",
        "smtp_port": 587,
        "smtp_enable_ssl_tls": True,
        "smtp_openssl_verify_mode": "none",
    }
    ok(_patch(http, inbox["id"], json={"channel": channel}))
    after = ok(_inbox(http, inbox["id"]))
    assert after["smtp_enabled"] is True
    assert after["smtp_address"] == "smtp.gmail.com"
    assert after["smtp_port"] == 587
    assert after["smtp_enable_ssl_tls"] is True
    assert after["smtp_openssl_verify_mode"] == "none"


@ports(f"{SMTP} > updates smtp configuration with authentication mechanism")
def test_update_smtp_authentication(http):
    inbox = new_inbox(http, "email")
    channel = {
        "smtp_enabled": True,
        "smtp_address": "smtp.gmail.com",
        "smtp_port": 587,
        "smtp_email": "smtptest@gmail.com",  # not an editable attribute: dropped
        "smtp_authentication": "plain",
    }
    ok(_patch(http, inbox["id"], json={"channel": channel}))
    after = ok(_inbox(http, inbox["id"]))
    assert after["smtp_enabled"] is True
    assert after["smtp_address"] == "smtp.gmail.com"
    assert after["smtp_port"] == 587
    assert after["smtp_authentication"] == "plain"


# --- CSAT configuration -----------------------------------------------------------------------

CSAT_CONFIG = {
    "display_type": "emoji",
    "message": "How would you rate your experience?",
    "survey_rules": {"operator": "contains", "values": ["support", "help"]},
}
TEMPLATE = {"name": "custom_survey_template", "template_id": "123456789", "language": "en"}


def _configure_csat(http: Any, inbox_id: int, config: dict[str, Any]) -> Any:
    return _patch(http, inbox_id, json={"csat_survey_enabled": True, "csat_config": config})


@ports(f"{CSAT} > successfully updates the inbox with CSAT configuration")
def test_csat_configuration_update_succeeds(http):
    inbox = new_inbox(http)
    assert _configure_csat(http, inbox["id"], CSAT_CONFIG).status_code == 200


@ports(
    f"{CSAT} > when CSAT is configured > returns configured CSAT settings in inbox details",
    f"{CSAT} > when CSAT is configured > returns configured CSAT message",
    f"{CSAT} > when CSAT is configured > returns configured CSAT survey rules",
)
def test_configured_csat_in_inbox_details(http):
    inbox = new_inbox(http)
    ok(_configure_csat(http, inbox["id"], CSAT_CONFIG))
    body = ok(_inbox(http, inbox["id"]))
    assert body["csat_survey_enabled"] is True
    saved = body["csat_config"]
    assert saved
    assert saved["display_type"] == "emoji"
    assert saved["message"] == "How would you rate your experience?"
    assert saved["survey_rules"]["operator"] == "contains"
    assert sorted(saved["survey_rules"]["values"]) == ["help", "support"]


@ports(f"{CSAT} > when CSAT is configured > includes CSAT configuration in inbox list")
def test_configured_csat_in_inbox_list(http):
    inbox = new_inbox(http)
    ok(_configure_csat(http, inbox["id"], CSAT_CONFIG))
    found = next(i for i in ok(http.get(inboxes_url(), headers=ADMIN))["payload"] if i["id"] == inbox["id"])
    assert found["csat_survey_enabled"] is True
    assert found["csat_config"]
    assert found["csat_config"]["display_type"] == "emoji"


@ports(
    f"{CSAT} > successfully updates inbox with template configuration",
    f"{CSAT} > returns template configuration in inbox details",
)
def test_csat_template_configuration_is_kept_and_shown(http):
    inbox = new_inbox(http)
    template = {**TEMPLATE, "created_at": "2026-01-01T00:00:00Z"}
    ok(_configure_csat(http, inbox["id"], {**CSAT_CONFIG, "template": template}))
    saved = ok(_inbox(http, inbox["id"]))["csat_config"]["template"]
    assert saved["name"] == "custom_survey_template"
    assert saved["template_id"] == "123456789"
    assert saved["language"] == "en"
    assert saved["created_at"]


@ports(f"{CSAT} > removes template configuration when not provided in update")
def test_csat_template_removed_when_not_sent_again(http):
    inbox = new_inbox(http)
    ok(_configure_csat(http, inbox["id"], {**CSAT_CONFIG, "template": TEMPLATE}))
    ok(_configure_csat(http, inbox["id"], {**CSAT_CONFIG, "message": "Updated message"}))
    config = ok(_inbox(http, inbox["id"]))["csat_config"]
    assert config["message"] == "Updated message"
    assert config.get("template") is None


# --- agent bot --------------------------------------------------------------------------------


def _bot_url(inbox_id: int) -> str:
    return f"{inboxes_url()}/{inbox_id}/agent_bot"


@ports(f"{BOT} > {AUTH} > returns empty when no agent bot is present")
def test_inbox_agent_bot_is_empty_without_a_bot(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    body = ok(http.get(_bot_url(inbox["id"]), headers=agent["headers"]))
    assert not body.get("agent_bot")


@ports(f"{BOT} > {AUTH} > returns the agent bot attached to the inbox")
def test_inbox_agent_bot_answers_the_attached_bot(http, fake):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    bot = fake.store.agent_bots.create(name="Spec Global Bot")  # create(:agent_bot): no account
    ok(http.post(f"{inboxes_url()}/{inbox['id']}/set_agent_bot", json={"agent_bot": bot.id}, headers=ADMIN))
    body = ok(http.get(_bot_url(inbox["id"]), headers=agent["headers"]))
    assert body["agent_bot"]["name"] == "Spec Global Bot"


def _set_bot(http: Any, inbox_id: int, body: Any, headers: dict[str, str] = ADMIN) -> Any:
    return http.post(f"{inboxes_url()}/{inbox_id}/set_agent_bot", json=body, headers=headers)


@ports(f"{SET_BOT} > {AUTH} > sets the agent bot")
def test_set_agent_bot(http, fake):
    inbox = new_inbox(http)
    bot = fake.store.agent_bots.create(name="Spec Bot")
    assert _set_bot(http, inbox["id"], {"agent_bot": bot.id}).status_code == 200
    assert ok(http.get(_bot_url(inbox["id"]), headers=ADMIN))["agent_bot"]["id"] == bot.id


@ports(f"{SET_BOT} > {AUTH} > throw error when invalid agent bot id")
def test_set_agent_bot_with_an_unknown_id_is_404(http):
    inbox = new_inbox(http)
    assert _set_bot(http, inbox["id"], {"agent_bot": 0}).status_code == 404


@ports(f"{SET_BOT} > {AUTH} > disconnects the agent bot")
def test_set_agent_bot_null_disconnects(http, fake):
    inbox = new_inbox(http)
    bot = fake.store.agent_bots.create(name="Spec Bot")
    ok(_set_bot(http, inbox["id"], {"agent_bot": bot.id}))
    assert _set_bot(http, inbox["id"], {"agent_bot": None}).status_code == 200
    assert ok(http.get(_bot_url(inbox["id"]), headers=ADMIN)) == {}


@ports(f"{SET_BOT} > {AUTH} > will not update agent bot when its an agent")
def test_set_agent_bot_as_agent_is_401(http, fake):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    bot = fake.store.agent_bots.create(name="Spec Bot")
    assert _set_bot(http, inbox["id"], {"agent_bot": bot.id}, agent["headers"]).status_code == 401
    assert ok(http.get(_bot_url(inbox["id"]), headers=ADMIN)) == {}


# --- sync_templates and health (no WhatsApp channels in fakewoot) -----------------------------


@ports(f"{SYNC} > when it is an authenticated agent > returns unauthorized for agent")
def test_sync_templates_as_agent_is_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    response = http.post(f"{inboxes_url()}/{inbox['id']}/sync_templates", headers=agent["headers"])
    assert response.status_code == 401


@ports(
    f"{SYNC} > when it is an authenticated administrator > with non-WhatsApp inbox > returns unprocessable entity error"
)
def test_sync_templates_of_a_non_whatsapp_inbox_is_422(http):
    inbox = new_inbox(http)
    response = http.post(f"{inboxes_url()}/{inbox['id']}/sync_templates", headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["error"] == MSG_TEMPLATE_SYNC_WHATSAPP_ONLY


@ports(
    f"{SYNC} > when it is an authenticated administrator > with non-existent inbox > returns not found error"
)
def test_sync_templates_of_an_unknown_inbox_is_404(http):
    assert http.post(f"{inboxes_url()}/999999/sync_templates", headers=ADMIN).status_code == 404


@ports(f"{HEALTH} > {AUTH} > with WhatsApp inbox > returns unauthorized for agent without inbox access")
def test_health_for_an_agent_outside_the_inbox_is_401(http):
    inbox = new_inbox(http)
    agent = new_agent(http)
    assert http.get(f"{inboxes_url()}/{inbox['id']}/health", headers=agent["headers"]).status_code == 401


@ports(
    f"{HEALTH} > {AUTH} > with non-WhatsApp inbox > returns bad request error for administrator",
    f"{HEALTH} > {AUTH} > with non-WhatsApp inbox > returns bad request error for agent",
)
def test_health_of_a_non_whatsapp_inbox_is_400(http):
    inbox = new_inbox(http)
    agent = new_agent(http, inbox_id=inbox["id"])
    for headers in (ADMIN, agent["headers"]):
        response = http.get(f"{inboxes_url()}/{inbox['id']}/health", headers=headers)
        assert response.status_code == 400
        assert response.json()["error"] == MSG_HEALTH_WHATSAPP_CLOUD_ONLY


@ports(f"{HEALTH} > {AUTH} > with non-existent inbox > returns not found error")
def test_health_of_an_unknown_inbox_is_404(http):
    assert http.get(f"{inboxes_url()}/999999/health", headers=ADMIN).status_code == 404
