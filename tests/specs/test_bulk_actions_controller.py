"""Port of spec/controllers/api/v1/accounts/bulk_actions_controller_spec.rb (v4.10). The job runs right
after the response here, so every check reads the result with the next request."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_contact, new_conversation, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/bulk_actions_controller_spec.rb"
UPSTREAM_ITS = 13
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/bulk_actions"
C = "/api/v1/accounts/1/conversations"
BULK = "POST /api/v1/accounts/{account.id}/bulk_action > when it is an authenticated user > "
BULK2 = "POST /api/v1/accounts/{account.id}/bulk_actions > when it is an authenticated user > "
CONTACTS = "POST /api/v1/accounts/{account.id}/bulk_actions (contacts) > when it is an authenticated user > "


def _setup(http) -> tuple[dict, list[int], dict]:
    """Four open conversations (the first two in team 1), an agent to act, the team."""
    team = ok(http.post("/api/v1/accounts/1/teams", json={"name": "Team Bulk"}, headers=ADMIN))
    ids = []
    for n in range(4):
        body = {"status": "open", **({"team_id": team["id"]} if n < 2 else {})}
        ids.append(new_conversation(http, inbox_id=2, **body)["id"])  # inbox 2 has no agent bot
    return new_user(http, role="agent"), ids, team


def _show(http, display_id: int) -> dict:
    return ok(http.get(f"{C}/{display_id}", headers=ADMIN))


def _post(http, agent: dict, body: dict) -> None:
    assert http.post(URL, json=body, headers=agent["headers"]).status_code == 200


@ports(
    "POST /api/v1/accounts/{account.id}/bulk_action > when it is an unauthenticated user > returns unauthorized"
)
def test_unauthenticated(http):
    _, ids, _ = _setup(http)
    answer = http.post(URL, json={"type": "Conversation", "fields": {"status": "snoozed"}, "ids": ids})
    assert answer.status_code == 401
    assert _show(http, ids[0])["status"] == "open"


@ports(BULK + "Ignores bulk_actions for wrong type")
def test_wrong_type(http):
    agent, ids, _ = _setup(http)
    answer = http.post(
        URL, json={"type": "Test", "fields": {"status": "snoozed"}, "ids": ids}, headers=agent["headers"]
    )
    assert (answer.status_code, answer.json()) == (422, {"success": False})


@ports(BULK + "Bulk update conversation status")
def test_status(http):
    agent, ids, _ = _setup(http)
    _post(http, agent, {"type": "Conversation", "fields": {"status": "snoozed"}, "ids": ids[:3]})
    assert [_show(http, i)["status"] for i in ids] == ["snoozed", "snoozed", "snoozed", "open"]
    assert _show(http, ids[0])["meta"].get("assignee") is None


@ports(BULK + "Bulk update conversation team id to none")
def test_team_to_none(http):
    agent, ids, team = _setup(http)
    _post(http, agent, {"type": "Conversation", "fields": {"team_id": 0}, "ids": ids[:1]})
    assert _show(http, ids[0])["meta"].get("team") is None
    messages = ok(http.get(f"{C}/{ids[0]}/messages", headers=ADMIN))["payload"]
    assert messages[-1]["content"] == f"Unassigned from {team['name']} by {agent['name']}"


@ports(BULK + "Bulk update conversation team id to team")
def test_team_to_team(http):
    agent, ids, team = _setup(http)
    _post(http, agent, {"type": "Conversation", "fields": {"team_id": team["id"]}, "ids": ids[2:]})
    assert _show(http, ids[3])["meta"]["team"]["id"] == team["id"]
    messages = ok(http.get(f"{C}/{ids[3]}/messages", headers=ADMIN))["payload"]
    assert messages[-1]["content"] == f"Assigned to {team['name']} by {agent['name']}"


@ports(BULK + "Bulk update conversation assignee id")
def test_assignee(http):
    agent, ids, _ = _setup(http)
    other = new_user(http, role="agent")
    _post(http, agent, {"type": "Conversation", "fields": {"assignee_id": other["id"]}, "ids": ids[:3]})
    assert [_show(http, i)["meta"]["assignee"]["id"] for i in ids[:2]] == [other["id"], other["id"]]
    assert _show(http, ids[0])["status"] == "open"


@ports(BULK + "Bulk remove assignee id from conversations")
def test_remove_assignee(http):
    agent, ids, _ = _setup(http)
    other = new_user(http, role="agent")
    _post(http, agent, {"type": "Conversation", "fields": {"assignee_id": other["id"]}, "ids": ids[:3]})
    _post(http, agent, {"type": "Conversation", "fields": {"assignee_id": None}, "ids": ids[:3]})
    assert [_show(http, i)["meta"].get("assignee") for i in ids[:2]] == [None, None]
    assert _show(http, ids[0])["status"] == "open"


@ports(BULK + "Do not bulk update status to nil")
def test_status_nil_is_dropped(http):
    agent, ids, _ = _setup(http)
    _post(http, agent, {"type": "Conversation", "fields": {"status": None}, "ids": ids[:3]})
    assert _show(http, ids[0])["status"] == "open"


@ports(BULK + "Bulk update conversation status and assignee id")
def test_status_and_assignee(http):
    agent, ids, _ = _setup(http)
    other = new_user(http, role="agent")
    body = {
        "type": "Conversation",
        "fields": {"assignee_id": other["id"], "status": "snoozed"},
        "ids": ids[:3],
    }
    _post(http, agent, body)
    for i in ids[:2]:
        shown = _show(http, i)
        assert (shown["meta"]["assignee"]["id"], shown["status"]) == (other["id"], "snoozed")


@ports(BULK + "Bulk update conversation labels")
def test_add_labels(http):
    agent, ids, _ = _setup(http)
    _post(
        http,
        agent,
        {"type": "Conversation", "ids": ids[:3], "labels": {"add": ["support", "priority_customer"]}},
    )
    assert [sorted(_show(http, i)["labels"]) for i in ids[:2]] == [["priority_customer", "support"]] * 2


@ports(BULK2 + "Bulk delete conversation labels")
def test_remove_labels(http):
    agent, ids, _ = _setup(http)
    _post(
        http,
        agent,
        {"type": "Conversation", "ids": ids[:3], "labels": {"add": ["support", "priority_customer"]}},
    )
    _post(http, agent, {"type": "Conversation", "ids": ids[:3], "labels": {"remove": ["support"]}})
    assert [_show(http, i)["labels"] for i in ids[:2]] == [["priority_customer"]] * 2


@ports(CONTACTS + "enqueues Contacts::BulkActionJob with permitted params")
def test_contact_labels(http):
    agent = new_user(http, role="agent")
    one, two = new_contact(http), new_contact(http)
    body = {
        "type": "Contact",
        "ids": [one["id"], two["id"]],
        "labels": {"add": ["vip", "support"]},
        "extra": "x",
    }
    _post(http, agent, body)
    for contact in (one, two):
        labels = ok(http.get(f"/api/v1/accounts/1/contacts/{contact['id']}/labels", headers=ADMIN))["payload"]
        assert sorted(labels) == ["support", "vip"]


@ports(CONTACTS + "returns unauthorized for delete action when user is not admin")
def test_contact_delete_needs_an_administrator(http):
    agent = new_user(http, role="agent")
    contact = new_contact(http)
    answer = http.post(
        URL,
        json={"type": "Contact", "ids": [contact["id"]], "action_name": "delete"},
        headers=agent["headers"],
    )
    assert answer.status_code == 401
    assert http.get(f"/api/v1/accounts/1/contacts/{contact['id']}", headers=ADMIN).status_code == 200
    admin = new_user(http, role="administrator")
    _post(http, admin, {"type": "Contact", "ids": [contact["id"]], "action_name": "delete"})
    assert http.get(f"/api/v1/accounts/1/contacts/{contact['id']}", headers=ADMIN).status_code == 404
