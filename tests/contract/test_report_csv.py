"""The CSV reports (v4.10): /api/v2/accounts/:id/reports/{agents,inboxes,labels,teams,conversations_summary}.
The frozen-clock timeline of test_reports.py (first response 120 s by john, reply 30 s, resolved
after 300 s, API inbox). Sources: app/controllers/api/v2/accounts/reports_controller.rb#generate_csv,
app/helpers/api/v2/accounts/reports_helper.rb, app/views/api/v2/accounts/reports/*.csv.erb,
app/presenters/reports/time_format_presenter.rb, config/locales/en.yml (reports.*, time_units)."""

from __future__ import annotations

import pytest

from fakewoot.api.reports import MSG_INVALID_DATE
from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT, MSG_NOT_AUTHORIZED_ACTION
from fakewoot.reporting.csv_reports import time_format
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_reports import ADMIN, AGENT, DAY, OTHER, T0, _timeline

URL = "/api/v2/accounts/1/reports"
PARAMS = {"since": str(T0), "until": str(T0 + DAY)}
PERIOD = "Reporting period 2024-06-01 to 2024-06-02\n\n\n"  # ERB: the tag's newline, a blank line


@pytest.fixture
def frozen(fake, freeze):
    freeze(T0)
    return fake


def _csv(client, name: str) -> str:
    response = client.get(f"{URL}/{name}", params=PARAMS, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == f"attachment; filename={name}_report.csv"
    return response.text


def _rows(client, name: str) -> list[str]:
    """The lines after the period line and its two blank lines."""
    text = _csv(client, name)
    assert text.startswith(PERIOD) and not text.startswith(PERIOD + "\n")
    return text[len(PERIOD) :].splitlines()


def test_time_format_two_largest_units():
    assert [time_format(v) for v in (None, 0, "0.4", 1, 60, 3725, 90061, "300.0")] == [
        "N/A",
        "N/A",
        "N/A",
        "1 second",
        "1 minute",
        "1 hour 2 minutes",
        "1 day 1 hour",
        "5 minutes",
    ]


def test_agents_csv(client, frozen):
    _timeline(client, frozen)
    text = _csv(client, "agents")
    lines = text[len(PERIOD) :].splitlines()
    assert text.startswith(PERIOD)
    assert (
        lines[0]
        == "Agent name,Assigned conversations,Avg first response time,Avg resolution time,Avg customer waiting time,Resolution Count"
    )
    members = list(frozen.store.state.accounts[1].members)
    names = [frozen.store.users.get(user_id).name for user_id in members]
    assert [line.split(",")[0] for line in lines[1:]] == names  # every account user, in member order
    john = lines[1 + members.index(1)]
    assert (
        john == f"{frozen.store.users.get(1).name},0,2 minutes,N/A,N/A,0"
    )  # first response 120 s, nothing assigned


def test_inboxes_csv_has_the_channel_name(client, frozen):
    _timeline(client, frozen)
    lines = _rows(client, "inboxes")
    assert (
        lines[0] == "Inbox name,Inbox type,No. of conversations,Avg first response time,Avg resolution time"
    )
    assert lines[1] == "Acme API,API,1,2 minutes,5 minutes,30 seconds,1"
    assert lines[2] == "Acme Website,Website,0,N/A,N/A,N/A,0"


def test_teams_and_labels_csv(client, frozen):
    _timeline(client, frozen)
    teams = _rows(client, "teams")
    assert (
        teams[0]
        == "Team name,Conversations count,Avg first response time,Avg resolution time,Avg customer waiting time,Resolution Count"
    )
    assert teams[1:] == ["sales,0,N/A,N/A,N/A,0", "support-tier-2,0,N/A,N/A,N/A,0"]
    labels = _rows(client, "labels")
    assert (
        labels[0]
        == "Label,No. of conversations,Avg first response time,Avg resolution time,Avg reply time,Resolution Count"
    )
    assert all(line.endswith(",0,N/A,N/A,N/A,0") for line in labels[1:])


def test_conversations_summary_csv(client, frozen):
    _timeline(client, frozen)
    lines = _rows(client, "conversations_summary")
    assert lines[0] == (
        "Conversations,Messages received,Messages sent,Avg first response time,Avg resolution time,"
        "Resolution count,Avg customer waiting time"
    )
    assert lines[1] == "1,2,2,2 minutes,5 minutes,1,30 seconds"


def test_lines_are_html_escaped_as_rails_writes_text_csv_templates(client, frozen):
    """`<%= %>` in a text/csv template escapes & < > " ' (chatwoot/chatwoot#10310): a quoted cell's
    quotes and CSVSafe's leading ' arrive as entities."""
    for user_id, name in ((1, 'O\'Brien & "Co", <x>'), (2, "%pct|x")):
        renamed = client.patch(f"/api/v1/accounts/1/agents/{user_id}", json={"name": name}, headers=ADMIN)
        assert renamed.status_code == 200, renamed.text
    rows = _rows(client, "agents")
    assert rows[0].startswith("Agent name,")  # nothing to escape
    names = [row.split(",0,")[0] for row in rows[1:3]]
    assert names == [
        "&quot;O&#39;Brien &amp; &quot;&quot;Co&quot;&quot;, &lt;x&gt;&quot;",
        "&#39;%pct|x",
    ]  # csv-safe 3.3.1 also guards % | CR TAB


def test_a_missing_range_is_a_422(client, frozen):
    response = client.get(f"{URL}/agents", headers=ADMIN)
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_DATE})


NAMES = ["agents", "inboxes", "labels", "teams", "conversations_summary"]


@pytest.mark.parametrize("name", NAMES)
def test_strangers_and_bots_are_refused(client, name):
    assert_refuses_strangers(client, "GET", f"{URL}/{name}", params=PARAMS)


@pytest.mark.parametrize("name", NAMES)
def test_agents_and_other_accounts_are_refused(client, name):
    agent = client.get(f"{URL}/{name}", params=PARAMS, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    other = client.get(f"{URL}/{name}", params=PARAMS, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
