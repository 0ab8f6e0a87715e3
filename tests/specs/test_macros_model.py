"""Port of spec/models/macro_spec.rb (v4.10) over HTTP: validation through create, set_visibility
through create/update, with_visibility through index, and User#remove_macros through the platform
API's user deletion."""

from __future__ import annotations

from fakewoot.store.macros import MSG_ACTIONS_UNSUPPORTED
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, PLATFORM, new_user, ok

SPEC = "spec/models/macro_spec.rb"
UPSTREAM_ITS = 6
URL = "/api/v1/accounts/1/macros"


def _macro(http, headers: dict[str, str], visibility: str = "personal") -> dict:
    body = {"name": "m", "visibility": visibility, "actions": []}
    return ok(http.post(URL, json=body, headers=headers))["payload"]


@ports("validations > validation action name")
def test_an_unsupported_action_is_refused(http):
    body = {"name": "m", "actions": [{"action_name": "update_last_seen"}]}
    response = http.post(URL, json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json() == {
        "error": {"actions": [MSG_ACTIONS_UNSUPPORTED.format(names="update_last_seen")]}
    }


@ports("#set_visibility > when user is administrator > set visibility with params")
def test_an_administrator_sets_the_visibility(http):
    admin = new_user(http, role="administrator")
    macro = _macro(http, admin["headers"])
    assert macro["visibility"] == "personal"
    url = f"{URL}/{macro['id']}"
    assert (
        ok(http.put(url, json={"visibility": "global"}, headers=admin["headers"]))["payload"]["visibility"]
        == "global"
    )
    body = ok(http.put(url, json={"visibility": "personal"}, headers=admin["headers"]))
    assert body["payload"]["visibility"] == "personal"


@ports("#set_visibility > when user is agent > set visibility always to agent")
def test_an_agent_cannot_make_a_macro_global(http):
    agent = new_user(http)
    macro = _macro(http, agent["headers"])
    body = ok(http.put(f"{URL}/{macro['id']}", json={"visibility": "global"}, headers=agent["headers"]))
    assert body["payload"]["visibility"] == "personal"


def _nine(http) -> dict[str, dict]:
    admin, agent_1, agent_2 = new_user(http, role="administrator"), new_user(http), new_user(http)
    for visibility in ("global", "global", "personal", "personal"):
        _macro(http, admin["headers"], visibility)
    for user, count in ((agent_1, 2), (agent_2, 3)):
        for _ in range(count):
            _macro(http, user["headers"])
    return {"admin": admin, "agent_1": agent_1, "agent_2": agent_2}


@ports("#with_visibility > when user is administrator > return all macros in account")
def test_an_administrator_sees_global_and_own_macros(http):
    users = _nine(http)
    assert len(ok(http.get(URL, headers=users["admin"]["headers"]))["payload"]) == 4


@ports("#with_visibility > when user is agent > return all macros in account and created_by user")
def test_agents_see_global_and_own_macros(http):
    users = _nine(http)
    assert len(ok(http.get(URL, headers=users["agent_2"]["headers"]))["payload"]) == 2 + 3
    assert len(ok(http.get(URL, headers=users["agent_1"]["headers"]))["payload"]) == 2 + 2


@ports("#associations > when you delete the author > nullify the created_by column")
def test_deleting_the_author(http):
    """Over HTTP only an administrator makes a global macro, so the author is one."""
    author = new_user(http, role="administrator")
    shared = _macro(http, author["headers"], "global")
    personal = _macro(http, author["headers"])
    assert shared["created_by"]["id"] == author["id"]
    assert shared["updated_by"]["id"] == author["id"]
    assert http.delete(f"/platform/api/v1/users/{author['id']}", headers=PLATFORM).status_code == 200
    kept = ok(http.get(f"{URL}/{shared['id']}", headers=ADMIN))["payload"]
    assert "created_by" not in kept
    assert "updated_by" not in kept
    assert http.get(f"{URL}/{personal['id']}", headers=ADMIN).status_code == 404
