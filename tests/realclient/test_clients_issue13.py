"""Teams, canned responses and contact merge through the real third-party Chatwoot clients.

The same clients and the same `minimal` fixture set (an account with an administrator, an agent and
an API inbox; no teams, canned responses or contacts) as tests/realclient/test_chatwoot_clients.py,
whose server fixtures these tests share. What each client offers:

| call | chatwoot-sdk 0.2 | chatwoot-python-client (swagger) | @figuro/chatwoot-sdk (npm) |
|---|---|---|---|
| teams CRUD | yes | yes | yes |
| team members | list / add / remove | list / add / update / remove | four methods, all at a path without `/api/v1` (404, on Chatwoot too) |
| canned responses | none | list / create / update / delete | list / create / update / delete |
| contact merge | `contacts.merge` | none | none |

Where a client's own model differs from what Chatwoot sends, the test asserts the client's
behaviour and says why; each such case happens against a real Chatwoot as well.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import chatwoot_client as swagger
import pytest
from chatwoot import ChatwootClient
from chatwoot.exceptions import (
    ChatwootAPIError,
    ChatwootAuthError,
    ChatwootNotFoundError,
    ChatwootValidationError,
)

from tests.realclient.test_chatwoot_clients import (  # noqa: F401 (pytest fixtures)
    ACCOUNT,
    SEEDED_INBOX,
    TOKEN,
    base_url,
    minimal_fake,
    minimal_server,
    swagger_api,
)

ADMIN_ID, AGENT_ID = 1, 2  # the minimal set's users
AGENT_TOKEN = "minimal-agent-token"
TAKEN = "Name has already been taken"


# --------------------------------------------------------------------------------------------------
# chatwoot-sdk


def test_chatwoot_sdk_teams_flow(base_url: str) -> None:  # noqa: F811
    with ChatwootClient(base_url=base_url, api_token=TOKEN) as client:
        team = client.teams.create(
            account_id=ACCOUNT, name="Billing Desk", description="Invoices", allow_auto_assign=False
        )
        # Team#name is lower-cased before validation (app/models/team.rb)
        assert (team.name, team.description, team.allow_auto_assign) == ("billing desk", "Invoices", False)
        assert (team.account_id, team.is_member) == (ACCOUNT, False)
        # The SDK's Team has created_at/updated_at; Chatwoot's team partial has neither
        assert team.created_at is None and team.updated_at is None
        assert [t.id for t in client.teams.list(account_id=ACCOUNT)] == [team.id]
        assert client.teams.get(account_id=ACCOUNT, team_id=team.id).name == "billing desk"

        renamed = client.teams.update(account_id=ACCOUNT, team_id=team.id, name="Billing")
        assert (renamed.name, renamed.description) == ("billing", "Invoices")

        with pytest.raises(ChatwootAPIError) as duplicate:
            client.teams.create(account_id=ACCOUNT, name="BILLING")
        # 422 {"message", "attributes"}: the SDK maps only 400 to ChatwootValidationError and reads
        # `errors`, so it is a plain ChatwootAPIError with the message (on real Chatwoot too)
        assert not isinstance(duplicate.value, ChatwootValidationError)
        assert (duplicate.value.status_code, duplicate.value.description) == (422, TAKEN)

        with pytest.raises(ChatwootAuthError) as stranger:
            client.teams.agents.add(account_id=ACCOUNT, team_id=team.id, agent_ids=[AGENT_ID, 99])
        # team_members_controller#validate_member_id_params: 401 {"error": "Invalid User IDs"}; the SDK
        # maps 401 to its auth error and reads only description/message, as against Chatwoot
        assert (stranger.value.status_code, stranger.value.description) == (401, "Unknown error")
        assert client.teams.agents.list(account_id=ACCOUNT, team_id=team.id) == []
        with ChatwootClient(base_url=base_url, api_token=AGENT_TOKEN) as agent:
            assert [t.id for t in agent.teams.list(account_id=ACCOUNT)] == [team.id]  # TeamPolicy#index?
            with pytest.raises(ChatwootAuthError):  # TeamPolicy#create? is for administrators: Pundit's 401
                agent.teams.create(account_id=ACCOUNT, name="Agents only")

        client.teams.agents.add(account_id=ACCOUNT, team_id=team.id, agent_ids=[ADMIN_ID, AGENT_ID])
        members = client.teams.agents.list(account_id=ACCOUNT, team_id=team.id)
        assert sorted(agent.id for agent in members) == [ADMIN_ID, AGENT_ID]
        assert client.teams.get(account_id=ACCOUNT, team_id=team.id).is_member is True
        client.teams.agents.remove(account_id=ACCOUNT, team_id=team.id, agent_ids=[ADMIN_ID])
        assert [a.id for a in client.teams.agents.list(account_id=ACCOUNT, team_id=team.id)] == [AGENT_ID]
        assert client.teams.get(account_id=ACCOUNT, team_id=team.id).is_member is False

        client.teams.delete(account_id=ACCOUNT, team_id=team.id)
        with pytest.raises(ChatwootNotFoundError) as gone:
            client.teams.get(account_id=ACCOUNT, team_id=team.id)
        # {"error": "Resource could not be found"}: the SDK reads only description/message
        assert (gone.value.status_code, gone.value.description) == (404, "Unknown error")
        assert client.teams.list(account_id=ACCOUNT) == []


def test_chatwoot_sdk_contact_merge(base_url: str) -> None:  # noqa: F811
    with ChatwootClient(base_url=base_url, api_token=TOKEN) as client:
        base = client.contacts.create(
            account_id=ACCOUNT, inbox_id=SEEDED_INBOX, name="Ann", email="ann@example.com"
        ).contact
        mergee = client.contacts.create(
            account_id=ACCOUNT,
            inbox_id=SEEDED_INBOX,
            name="Ann B",
            phone_number="+14155550100",
            custom_attributes={"plan": "gold"},
        ).contact
        http = client._http  # the SDK has no notes methods; its transport drives them
        http.post(f"/api/v1/accounts/{ACCOUNT}/contacts/{mergee.id}/notes", json={"content": "Called."})

        merged = client.contacts.merge(
            account_id=ACCOUNT, base_contact_id=base.id, mergee_contact_id=mergee.id
        )
        # ContactMergeAction: the mergee's non-blank attributes deep-merged under the base's
        assert (merged.id, merged.name, merged.email) == (base.id, "Ann", "ann@example.com")
        assert (merged.phone_number, merged.custom_attributes) == ("+14155550100", {"plan": "gold"})
        # the merge answers the contact partial without contact_inboxes: the SDK's default []
        assert merged.contact_inboxes == []

        with pytest.raises(ChatwootNotFoundError):
            client.contacts.get(account_id=ACCOUNT, contact_id=mergee.id)
        shown = client.contacts.get(account_id=ACCOUNT, contact_id=base.id)
        assert len(shown.contact_inboxes) == 2  # the mergee's contact inbox moved over
        notes = http.get(f"/api/v1/accounts/{ACCOUNT}/contacts/{base.id}/notes")
        assert [note["content"] for note in notes] == ["Called."]
        assert [c.id for c in client.contacts.list(account_id=ACCOUNT)] == [base.id]

        with pytest.raises(ChatwootNotFoundError) as missing:
            client.contacts.merge(account_id=ACCOUNT, base_contact_id=base.id, mergee_contact_id=999)
        assert missing.value.status_code == 404
        same = client.contacts.merge(account_id=ACCOUNT, base_contact_id=base.id, mergee_contact_id=base.id)
        assert (same.id, same.email) == (base.id, "ann@example.com")


# --------------------------------------------------------------------------------------------------
# chatwoot-python-client (swagger-codegen)


def test_chatwoot_python_client_teams_flow(swagger_api: swagger.ApiClient) -> None:  # noqa: F811
    teams = swagger.TeamsApi(swagger_api)
    payload = swagger.TeamCreateUpdatePayload(name="Sales", description="Deals", allow_auto_assign=True)
    team = teams.create_a_team(payload, ACCOUNT)
    assert (team.name, team.description, team.allow_auto_assign, team.is_member) == (
        "sales",
        "Deals",
        True,
        False,
    )
    assert [t.id for t in teams.list_all_teams(ACCOUNT)] == [team.id]
    assert teams.get_details_of_a_single_team(ACCOUNT, team.id).account_id == ACCOUNT
    renamed = teams.update_a_team(swagger.TeamCreateUpdatePayload(name="Sales EU"), ACCOUNT, team.id)
    assert (renamed.name, renamed.description) == ("sales eu", "Deals")

    with pytest.raises(swagger.rest.ApiException) as duplicate:
        teams.create_a_team(swagger.TeamCreateUpdatePayload(name="sales eu"), ACCOUNT)
    assert duplicate.value.status == 422
    assert json.loads(duplicate.value.body) == {"message": TAKEN, "attributes": ["name"]}

    added = teams.add_new_agent_to_team(swagger.TeamIdTeamMembersBody(user_ids=[AGENT_ID]), ACCOUNT, team.id)
    assert [(a.id, a.role) for a in added] == [(AGENT_ID, "agent")]
    assert [a.id for a in teams.get_team_members(ACCOUNT, team.id)] == [AGENT_ID]
    # PATCH team_members replaces the members with the given ids and answers the new list
    replaced = teams.update_agents_in_team(
        swagger.TeamIdTeamMembersBody2(user_ids=[ADMIN_ID]), ACCOUNT, team.id
    )
    assert [a.id for a in replaced] == [ADMIN_ID]
    teams.delete_agent_in_team(swagger.TeamIdTeamMembersBody1(user_ids=[ADMIN_ID]), ACCOUNT, team.id)
    assert teams.get_team_members(ACCOUNT, team.id) == []

    teams.delete_a_team(ACCOUNT, team.id)
    with pytest.raises(swagger.rest.ApiException) as gone:
        teams.get_details_of_a_single_team(ACCOUNT, team.id)
    assert (gone.value.status, json.loads(gone.value.body)) == (404, {"error": "Resource could not be found"})


def test_chatwoot_python_client_canned_responses_flow(swagger_api: swagger.ApiClient) -> None:  # noqa: F811
    canned = swagger.CannedResponsesApi(swagger_api)
    one = swagger.CannedResponseApi(swagger_api)  # the generator put update in its own class
    made = canned.add_new_canned_response_to_account(
        swagger.CannedResponseCreateUpdatePayload(content="Thanks {{contact.name}}!", short_code="thanks"),
        ACCOUNT,
    )
    assert (made.short_code, made.content, made.account_id) == ("thanks", "Thanks {{contact.name}}!", ACCOUNT)
    other = canned.add_new_canned_response_to_account(
        swagger.CannedResponseCreateUpdatePayload(content="Goodbye", short_code="bye"), ACCOUNT
    )
    assert [c.id for c in canned.get_account_canned_response(ACCOUNT)] == [made.id, other.id]

    edited = one.update_canned_response_in_account(
        swagger.CannedResponseCreateUpdatePayload(content="Thank you!"), ACCOUNT, made.id
    )
    assert (edited.id, edited.short_code, edited.content) == (made.id, "thanks", "Thank you!")

    with pytest.raises(swagger.rest.ApiException) as taken:
        canned.add_new_canned_response_to_account(
            swagger.CannedResponseCreateUpdatePayload(content="Again", short_code="thanks"), ACCOUNT
        )
    assert taken.value.status == 422

    canned.delete_canned_response_from_account(ACCOUNT, other.id)
    assert [(c.id, c.content) for c in canned.get_account_canned_response(ACCOUNT)] == [
        (made.id, "Thank you!")
    ]


# --------------------------------------------------------------------------------------------------
# @figuro/chatwoot-sdk (npm), run with node


def test_figuro_chatwoot_sdk_teams_and_canned_responses(base_url: str, js_client_dir: Path) -> None:  # noqa: F811
    done = subprocess.run(
        ["node", str(js_client_dir / "teams_canned_flow.mjs"), base_url, TOKEN, str(ACCOUNT), str(AGENT_ID)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"teams_canned_flow.mjs failed:\n{done.stdout}\n{done.stderr}"
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"ok": True, "team": 1, "canned": [1, 2]}
