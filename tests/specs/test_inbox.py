"""Port of spec/models/inbox_spec.rb (Chatwoot v4.10): what of the Inbox model shows over HTTP
(validations through the inboxes API, members, cache keys, the inbox.updated event).

The spec's shared examples `out_of_offisable` are ported (4 its, counted); `avatarable` is not
ported, so not counted."""

from __future__ import annotations

from typing import Any

from fakewoot.events.types import ACCOUNT_CACHE_INVALIDATED
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_inboxes import inboxes_url, new_inbox

SPEC = "spec/models/inbox_spec.rb"
UPSTREAM_ITS = 54  # 50 + the 4 of out_of_offisable
OOO = "concerns > out_of_offisable"

ASSOCIATION = "internal: an association matcher"
PREDICATE = "internal: a channel predicate and `inbox_type`, used by Rails code only"
SANITIZED = "not implemented: email replies (sanitized_name is the From name of outgoing channel emails)"
SN = "#sanitized_name"
SKIPPED = {
    "validations > is_expected.to validate_presence_of(:account_id)": (
        "internal: every inbox is created in the path's account"
    ),
    **{
        f"associations > is_expected.to {matcher}": ASSOCIATION
        for matcher in (
            "belong_to(:account)",
            "belong_to(:channel)",
            "have_many(:contact_inboxes).dependent(:destroy_async)",
            "have_many(:contacts).through(:contact_inboxes)",
            "have_many(:inbox_members).dependent(:destroy_async)",
            "have_many(:members).through(:inbox_members).source(:user)",
            "have_many(:conversations).dependent(:destroy_async)",
            "have_many(:messages).dependent(:destroy_async)",
            "have_one(:agent_bot_inbox)",
            "have_many(:webhooks).dependent(:destroy_async)",
            "have_many(:reporting_events)",
            "have_many(:hooks)",
        )
    },
    "#facebook? > when the channel type is Channel::FacebookPage > it": PREDICATE,
    "#facebook? > when the channel type is not Channel::FacebookPage > it": PREDICATE,
    "#web_widget? > when the channel type is Channel::WebWidget > it": PREDICATE,
    "#web_widget? > when the channel is not Channel::WebWidget > it": PREDICATE,
    "#api? > when the channel type is Channel::Api > it": PREDICATE,
    "#api? > when the channel is not Channel::Api > it": PREDICATE,
    "#validations > when validating inbox name > when special characters allowed for some channel > "
    "does allow special chacters like /\\@<> for Facebook Channel": "not implemented: Twitter channels",
    f"{OOO} > is working on monday 10am": (
        "not implemented: out-of-office auto replies (working_now? and out_of_office? have no other effect)"
    ),
    f"{OOO} > is out of office on sunday 1pm": (
        "not implemented: out-of-office auto replies (working_now? and out_of_office? have no other effect)"
    ),
    "#update > updates the cache key after touch": (
        "internal: Inbox#touch has no route of its own (the channel update's touch is ported)"
    ),
    **{
        f"{SN} > {it}": SANITIZED
        for it in (
            "when inbox name contains forbidden characters > removes forbidden and spam-trigger characters",
            "when inbox name has leading/trailing non-word characters > removes leading and trailing symbols",
            "when inbox name has leading/trailing non-word characters > handles mixed leading/trailing characters",
            "when inbox name has multiple spaces > normalizes multiple spaces to single space",
            "when inbox name has multiple spaces > handles tabs and other whitespace",
            "when inbox name has leading/trailing whitespace > strips whitespace",
            "when inbox name becomes empty after sanitization > with email channel > falls back to email local part",
            "when inbox name becomes empty after sanitization > with email channel > "
            "handles email with complex local part",
            "when inbox name becomes empty after sanitization > with non-email channel > "
            "returns empty string when name becomes blank",
            "when inbox name is blank initially > with email channel > uses email local part as fallback",
            "when inbox name is blank initially > with non-email channel > returns empty string",
            "when inbox name contains valid characters > preserves valid characters like hyphens, underscores, and dots",
            "when inbox name contains valid characters > preserves alphanumeric characters and spaces",
            "when inbox name contains valid characters > "
            "preserves balanced safe characters but removes spam-trigger symbols",
            "when inbox name contains valid characters > keeps commonly used safe characters",
            "when inbox name contains problematic characters for email headers > "
            "preserves Unicode symbols (trademark, etc.)",
            "with edge cases > handles nil name gracefully",
            "with edge cases > handles very long names",
            "with edge cases > handles unicode characters and preserves emojis",
        )
    },
}

M = "/api/v1/accounts/1/inbox_members"


def _invalidations(events: list[Any]) -> list[Any]:
    return [e for e in events if e.name == ACCOUNT_CACHE_INVALIDATED and e.data["account"].id == 1]


@ports(
    "validations > is_expected.to validate_presence_of(:name)",
    "#validations > when validating inbox name > does not allow empty string",
)
def test_a_blank_name_is_refused(http):
    inbox = new_inbox(http)
    response = http.patch(f"{inboxes_url()}/{inbox['id']}", json={"name": ""}, headers=ADMIN)
    assert (response.status_code, response.json()["message"]) == (422, "Name can't be blank")
    created = http.post(inboxes_url(), json={"name": "", "channel": {"type": "api"}}, headers=ADMIN)
    assert (created.status_code, created.json()["message"]) == (422, "Name can't be blank")


@ports("#validations > when validating inbox name > does allow special characters except /\\@<> in between")
def test_names_with_dashes_underscores_and_dots_are_valid(http):
    inbox = new_inbox(http)
    for name in ("inbox-name", "inbox_name.and_1"):
        response = http.patch(f"{inboxes_url()}/{inbox['id']}", json={"name": name}, headers=ADMIN)
        assert (response.status_code, response.json()["name"]) == (200, name)


@ports("#add_members > handles adds all members and resets cache keys")
def test_adding_members_bumps_the_inbox_cache_key(http, events):
    inbox = new_inbox(http)
    users = [new_user(http) for _ in range(3)]
    seen = len(_invalidations(events))
    body = {"inbox_id": inbox["id"], "user_ids": [u["id"] for u in users]}
    assert len(ok(http.post(M, json=body, headers=ADMIN))["payload"]) == 3
    assert len(_invalidations(events)) > seen


@ports("#remove_members > removes the members and resets cache keys")
def test_removing_members_bumps_the_inbox_cache_key(http, events):
    inbox = new_inbox(http)
    users = [new_user(http) for _ in range(3)]
    ids = [u["id"] for u in users]
    ok(http.post(M, json={"inbox_id": inbox["id"], "user_ids": ids}, headers=ADMIN))
    seen = len(_invalidations(events))
    response = http.request("DELETE", M, json={"inbox_id": inbox["id"], "user_ids": ids}, headers=ADMIN)
    assert response.status_code == 200
    assert ok(http.get(f"{M}/{inbox['id']}", headers=ADMIN))["payload"] == []
    assert len(_invalidations(events)) > seen


@ports("#update > set portal id in inbox")
def test_portal_id_is_kept(http, fake):
    inbox = new_inbox(http)
    ok(http.patch(f"{inboxes_url()}/{inbox['id']}", json={"portal_id": 7}, headers=ADMIN))
    assert fake.store.account(1).inboxes.get(inbox["id"]).settings["portal_id"] == 7  # no portals API


@ports("#update > sends the inbox_created event if ENABLE_INBOX_EVENTS is false")
def test_no_inbox_webhook_without_enable_inbox_events(http, fake, receiver):
    """ENABLE_INBOX_EVENTS unset (Chatwoot's default): an inbox webhook subscriber hears nothing."""
    hook = {"url": receiver.url("/hook"), "subscriptions": ["inbox_created", "inbox_updated"]}
    ok(http.post("/api/v1/accounts/1/webhooks", json=hook, headers=ADMIN))
    inbox = new_inbox(http)
    ok(http.patch(f"{inboxes_url()}/{inbox['id']}", json={"name": "Renamed"}, headers=ADMIN))
    assert [d for d in fake.deliveries.find() if d.event.startswith("inbox_")] == []


@ports("#update > sends the inbox_created event if ENABLE_INBOX_EVENTS is true")
def test_a_channel_update_dispatches_inbox_updated(http, events, fake, monkeypatch, receiver):
    monkeypatch.setattr(fake.settings, "enable_inbox_events", True)
    hook = {"url": receiver.url("/hook"), "subscriptions": ["inbox_updated"]}
    ok(http.post("/api/v1/accounts/1/webhooks", json=hook, headers=ADMIN))
    inbox = new_inbox(http)
    ok(
        http.patch(
            f"{inboxes_url()}/{inbox['id']}", json={"channel": {"widget_color": "#fff"}}, headers=ADMIN
        )
    )
    updated = [e for e in events if e.name == "inbox.updated" and e.data["inbox"].id == inbox["id"]]
    assert len(updated) == 1
    assert "changed" in updated[0].data
    assert [d.event for d in fake.deliveries.find("inbox_updated")] == ["inbox_updated"]


@ports("#update > resets cache key if there is an update in the channel")
def test_a_channel_update_bumps_the_inbox_cache_key(http, events):
    inbox = new_inbox(http)
    seen = len(_invalidations(events))
    ok(
        http.patch(
            f"{inboxes_url()}/{inbox['id']}", json={"channel": {"widget_color": "#fff"}}, headers=ADMIN
        )
    )
    assert len(_invalidations(events)) > seen


@ports("#update > updates the cache key after update")
def test_a_rename_bumps_the_inbox_cache_key(http, events):
    inbox = new_inbox(http)
    seen = len(_invalidations(events))
    ok(http.patch(f"{inboxes_url()}/{inbox['id']}", json={"name": "New Name"}, headers=ADMIN))
    assert len(_invalidations(events)) > seen


@ports(f"{OOO} > has after create callback")
def test_a_new_inbox_has_seven_working_days(http):
    inbox = ok(
        http.post(
            inboxes_url(),
            json={
                "name": "Hours",
                "working_hours_enabled": True,
                "out_of_office_message": "Message",
                "channel": {"type": "api"},
            },
            headers=ADMIN,
        )
    )
    assert sorted(day["day_of_week"] for day in inbox["working_hours"]) == list(range(7))
    assert (inbox["working_hours_enabled"], inbox["out_of_office_message"]) == (True, "Message")


@ports(f"{OOO} > updates the office hours via a hash")
def test_working_hours_update_by_day(http):
    inbox = new_inbox(http)
    hours = [{"day_of_week": 1, "open_hour": 10, "open_minutes": 0, "close_hour": 17, "close_minutes": 0}]
    ok(http.patch(f"{inboxes_url()}/{inbox['id']}", json={"working_hours": hours}, headers=ADMIN))
    shown = ok(http.get(f"{inboxes_url()}/{inbox['id']}", headers=ADMIN))["working_hours"]
    monday = next(day for day in shown if day["day_of_week"] == 1)
    assert monday["open_hour"] == 10
    assert next(day for day in shown if day["day_of_week"] == 2)["open_hour"] == 9  # others unchanged
