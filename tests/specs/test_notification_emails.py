"""Ports (v4.10) of spec/services/notification/email_notification_service_spec.rb and
spec/mailers/agent_notifications/conversation_notifications_mailer_spec.rb: the e-mail each
notification sends lands in the fake's outbox (template, recipient, subject). The notifications are
the real ones (a creation, an assignment, a mention, new messages) caused over the API.
"""

from __future__ import annotations

from typing import Any

from fakewoot.notifications.emails import SUBJECTS
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.test_notification_listener import assign, set_flags
from tests.specs.test_notifications_controller import A, new_inbox, new_open_conversation

SERVICE = "spec/services/notification/email_notification_service_spec.rb"
MAILER = "spec/mailers/agent_notifications/conversation_notifications_mailer_spec.rb"
SPEC = {SERVICE: SERVICE, MAILER: MAILER}
UPSTREAM_ITS = {SERVICE: 4, MAILER: 14}
_BODY = "not implemented: mail bodies (the outbox keeps the template, recipient, subject and data)"
SKIPPED = {
    SERVICE: {
        "#perform > when notification is read > does not send email": (
            "internal: the job's read_at check; fakewoot mails as the notification is created, before anyone "
            "can read it"
        ),
    },
    MAILER: {
        "conversation_mention > renders the senders name": _BODY,
        "conversation_mention > renders Customer if contacts name not available in the conversation": _BODY,
    },
}


def mails(fake: Any, user: dict[str, Any]) -> list[Any]:
    return [m for m in fake.store.mailer.outbox(to=user["email"]) if m.template in SUBJECTS]


def _inbox_name(http: Any, inbox_id: int) -> str:
    name: str = ok(http.get(f"{A}/inboxes/{inbox_id}", headers=ADMIN))["name"]
    return name


# --- Notification::EmailNotificationService -----------------------------------------------------


def _creation_setup(http: Any) -> tuple[dict[str, Any], int]:
    agent = new_user(http)
    set_flags(http, agent, ["email_conversation_creation"], [])
    return agent, new_inbox(http, agent["id"])


@ports("#perform > when agent is not confirmed > does not send email", spec=SERVICE)
def test_an_unconfirmed_agent_gets_no_mail(http, fake):
    agent, inbox_id = _creation_setup(http)
    fake.store.users.get(agent["id"]).confirmed_at = None  # agent.update!(confirmed_at: nil)
    new_open_conversation(http, inbox_id)
    assert mails(fake, agent) == []


@ports("#perform > when agent is confirmed > sends email", spec=SERVICE)
def test_a_confirmed_agent_gets_the_creation_mail(http, fake):
    agent, inbox_id = _creation_setup(http)
    conversation = new_open_conversation(http, inbox_id)
    [mail] = mails(fake, agent)
    assert mail.template == "conversation_creation" and mail.data["conversation_id"] == conversation["id"]


@ports("#perform > when user is not subscribed to notification type > does not send email", spec=SERVICE)
def test_an_unsubscribed_agent_gets_no_mail(http, fake):
    agent, inbox_id = _creation_setup(http)
    set_flags(http, agent, [], ["push_conversation_creation"])  # still notified, not mailed
    new_open_conversation(http, inbox_id)
    assert mails(fake, agent) == []
    assert len(fake.store.notifications.of_user(agent["id"])) == 1


# --- AgentNotifications::ConversationNotificationsMailer ----------------------------------------


def _agent(http: Any, *flags: str) -> tuple[dict[str, Any], int]:
    agent = new_user(http)
    set_flags(http, agent, [f"email_{flag}" for flag in flags], [])
    return agent, new_inbox(http, agent["id"])


@ports(
    "conversation_creation > renders the subject",
    "conversation_creation > renders the receiver email",
    spec=MAILER,
)
def test_creation_mail(http, fake):
    agent, inbox_id = _agent(http, "conversation_creation")
    conversation = new_open_conversation(http, inbox_id)
    [mail] = mails(fake, agent)
    name = _inbox_name(http, inbox_id)  # "Spec notifications inbox": nothing to sanitize
    expected = f"{agent['available_name']}, A new conversation [ID - {conversation['id']}] has been created in {name}."
    assert mail.subject == expected and mail.to == agent["email"]


@ports(
    "conversation_assignment > renders the subject",
    "conversation_assignment > renders the receiver email",
    spec=MAILER,
)
def test_assignment_mail(http, fake):
    agent, inbox_id = _agent(http, "conversation_assignment")
    conversation = new_open_conversation(http, inbox_id)
    assign(http, conversation, agent)
    [mail] = mails(fake, agent)
    expected = (
        f"{agent['available_name']}, A new conversation [ID - {conversation['id']}] has been assigned to you."
    )
    assert mail.subject == expected and mail.to == agent["email"]


@ports(
    "conversation_mention > renders the subject",
    "conversation_mention > renders the receiver email",
    spec=MAILER,
)
def test_mention_mail(http, fake):
    agent, inbox_id = _agent(http, "conversation_mention")
    conversation = new_open_conversation(http, inbox_id)
    content = f"look [@{agent['name']}](mention://user/{agent['id']}/{agent['name']})"
    ok(
        http.post(
            f"{A}/conversations/{conversation['id']}/messages",
            json={"content": content, "private": True},
            headers=ADMIN,
        )
    )
    [mail] = mails(fake, agent)
    expected = (
        f"{agent['available_name']}, You have been mentioned in conversation [ID - {conversation['id']}]"
    )
    assert mail.subject == expected and mail.to == agent["email"]


def _new_message(http: Any, fake: Any, kind: str, online: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """john writes in a conversation the agent is assigned to or participates in."""
    agent, inbox_id = _agent(http, kind)
    conversation = new_open_conversation(http, inbox_id)
    if kind == "assigned_conversation_new_message":
        assign(http, conversation, agent)
    else:
        ref = f"[@x](mention://user/{agent['id']}/x)"  # a mention makes the agent a participant
        ok(
            http.post(
                f"{A}/conversations/{conversation['id']}/messages",
                json={"content": ref, "private": True},
                headers=ADMIN,
            )
        )
    if online:
        fake.store.presence.heartbeat(1, "User", agent["id"])  # OnlineStatusTracker.update_presence
    ok(http.post(f"{A}/conversations/{conversation['id']}/messages", json={"content": "news"}, headers=ADMIN))
    return agent, conversation


AN = "assigned_conversation_new_message > "
PN = "participating_conversation_new_message > "


@ports(AN + "renders the subject", AN + "renders the receiver email", spec=MAILER)
def test_assigned_new_message_mail(http, fake):
    agent, conversation = _new_message(http, fake, "assigned_conversation_new_message", online=False)
    [mail] = mails(fake, agent)
    expected = (
        f"{agent['available_name']}, New message in your assigned conversation [ID - {conversation['id']}]."
    )
    assert mail.subject == expected and mail.to == agent["email"]


@ports(AN + "will not send email if agent is online", spec=MAILER)
def test_assigned_new_message_mail_skips_an_online_agent(http, fake):
    agent, _ = _new_message(http, fake, "assigned_conversation_new_message", online=True)
    assert mails(fake, agent) == []
    assert [n.notification_type for n in fake.store.notifications.of_user(agent["id"])] == [
        "assigned_conversation_new_message"
    ]


@ports(PN + "renders the subject", PN + "renders the receiver email", spec=MAILER)
def test_participating_new_message_mail(http, fake):
    agent, conversation = _new_message(http, fake, "participating_conversation_new_message", online=False)
    [mail] = mails(fake, agent)
    expected = f"{agent['available_name']}, New message in your participating conversation [ID - {conversation['id']}]."
    assert mail.subject == expected and mail.to == agent["email"]


@ports(PN + "will not send email if agent is online", spec=MAILER)
def test_participating_new_message_mail_skips_an_online_agent(http, fake):
    agent, _ = _new_message(http, fake, "participating_conversation_new_message", online=True)
    assert mails(fake, agent) == []
