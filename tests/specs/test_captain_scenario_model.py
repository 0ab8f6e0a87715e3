"""Port of spec/enterprise/models/captain/scenario_spec.rb (v4.10) through the scenarios API.

Every record goes through POST/PATCH .../captain/assistants/:id/scenarios (and custom tools through
their API: a title "Fetch-order" makes the spec's slug `custom_fetch-order`). The agent side (the
resolved tools and tool instances an assistant's LLM loop runs) is not run by fakewoot.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SPEC = "spec/enterprise/models/captain/scenario_spec.rb"
UPSTREAM_ITS = 33
AGENT_LOOP = "not implemented: building an assistant's agent tools (runs inside the LLM loop)"
CI = "custom tool integration > "
SKIPPED = {
    "associations > is_expected.to belong_to(:assistant).class_name('Captain::Assistant')": "internal: an association matcher",
    "associations > is_expected.to belong_to(:account)": "internal: an association matcher",
    "validations > is_expected.to validate_presence_of(:assistant_id)": (
        "internal: the controller always sets the assistant from the path (an unknown one is a 404)"
    ),
    "validations > is_expected.to validate_presence_of(:account_id)": "internal: the controller always sets the account",
    "callbacks > before_save :resolve_tool_references > calls resolve_tool_references before saving": (
        "internal: a message expectation on a private method (its effect is ported under resolve_tool_references)"
    ),
    **{
        CI + it: AGENT_LOOP
        for it in (
            "#resolved_tools > includes custom tool metadata",
            "#resolved_tools > includes both static and custom tools",
            "#resolved_tools > excludes disabled custom tools",
            "#resolve_tool_instance > returns HttpTool instance for custom tools",
            "#resolve_tool_instance > returns nil for disabled custom tools",
            "#resolve_tool_instance > returns static tool instance for non-custom tools",
            "#agent_tools > returns array of tool instances including custom tools",
            "#agent_tools > excludes disabled custom tools from execution",
            "#agent_tools > returns mixed static and custom tool instances",
        )
    },
}
A = "/api/v1/accounts/1/captain"
TV = "tool validation and population > validate_instruction_tools > "
RT = "tool validation and population > resolve_tool_references > "
_n = iter(range(1, 10_000))


def _scenarios_url(http: Any) -> str:
    body = {"assistant": {"name": f"Assistant {next(_n)}", "description": "d"}}
    return f"{A}/assistants/{ok(http.post(f'{A}/assistants', json=body, headers=ADMIN))['id']}/scenarios"


def _body(**fields: Any) -> dict[str, Any]:
    """The captain_scenario factory."""
    n = next(_n)
    return {
        "scenario": {
            "title": f"Scenario {n}",
            "description": f"Description {n}",
            "instruction": f"Instruction {n}",
            **fields,
        }
    }


def _post(http: Any, url: str, **fields: Any) -> Any:
    return http.post(url, json=_body(**fields), headers=ADMIN)


def _fetch_order_tool(
    http: Any, url: str = f"{A}/custom_tools", headers: dict[str, str] = ADMIN, **fields: Any
) -> None:
    body = {"title": "Fetch-order", "endpoint_url": "https://api.example.com/orders", **fields}
    assert ok(http.post(url, json={"custom_tool": body}, headers=headers))["slug"] == "custom_fetch-order"


@ports(
    "validations > is_expected.to validate_presence_of(:title)",
    "validations > is_expected.to validate_presence_of(:description)",
    "validations > is_expected.to validate_presence_of(:instruction)",
    TV + "is valid with blank instruction",
)
def test_title_description_and_instruction_are_required(http):
    url = _scenarios_url(http)
    for key in ("title", "description", "instruction"):
        answer = _post(http, url, **{key: ""})
        assert (answer.status_code, answer.json()["attributes"]) == (422, [key])
        assert "contains invalid tools" not in answer.json()["message"]


@ports("scopes > .enabled > returns only enabled scenarios")
def test_only_enabled_scenarios_are_listed(http):
    url = _scenarios_url(http)
    enabled, disabled = ok(_post(http, url, enabled=True)), ok(_post(http, url, enabled=False))
    ids = [s["id"] for s in ok(http.get(url, headers=ADMIN))["payload"]]
    assert enabled["id"] in ids and disabled["id"] not in ids


@ports(
    TV + "is valid with valid tool references",
    TV + "is valid with no tool references",
    TV + "is invalid with invalid tool references",
    TV + "is invalid with multiple invalid tools",
)
def test_instruction_tool_references_must_be_available(http):
    url = _scenarios_url(http)
    assert (
        _post(
            http, url, instruction="Use [@Add Contact Note](tool://add_contact_note) to document"
        ).status_code
        == 200
    )
    assert _post(http, url, instruction="Just respond politely to the customer").status_code == 200
    one = _post(http, url, instruction="Use [@Invalid Tool](tool://invalid_tool) to process")
    assert (one.status_code, one.json()["message"]) == (
        422,
        "Instruction contains invalid tools: invalid_tool",
    )
    two = _post(
        http,
        url,
        instruction="Use [@Invalid Tool](tool://invalid_tool) and [@Another Invalid](tool://another_invalid)",
    )
    assert two.json()["message"] == "Instruction contains invalid tools: invalid_tool, another_invalid"


@ports(
    TV + "is valid with custom tool references", TV + "is valid with mixed static and custom tool references"
)
def test_enabled_custom_tools_may_be_referenced(http):
    _fetch_order_tool(http)
    url = _scenarios_url(http)
    assert (
        _post(
            http, url, instruction="Use [@Fetch Order](tool://custom_fetch-order) to get order details"
        ).status_code
        == 200
    )
    mixed = "Use [@Add Note](tool://add_contact_note) and [@Fetch Order](tool://custom_fetch-order)"
    assert ok(_post(http, url, instruction=mixed))["tools"] == ["add_contact_note", "custom_fetch-order"]


@ports(TV + "is invalid with custom tool from different account", TV + "is invalid with disabled custom tool")
def test_other_accounts_and_disabled_custom_tools_are_not_available(http):
    _fetch_order_tool(http, "/api/v1/accounts/2/captain/custom_tools", token(OTHER_ADMIN_TOKEN))
    url = _scenarios_url(http)
    instruction = "Use [@Fetch Order](tool://custom_fetch-order) to get order details"
    elsewhere = _post(http, url, instruction=instruction)
    assert (elsewhere.status_code, elsewhere.json()["message"]) == (
        422,
        "Instruction contains invalid tools: custom_fetch-order",
    )
    _fetch_order_tool(http, enabled=False)
    disabled = _post(http, url, instruction=instruction)
    assert (disabled.status_code, disabled.json()["message"]) == (
        422,
        "Instruction contains invalid tools: custom_fetch-order",
    )


@ports(
    RT + "populates tools array with referenced tool IDs",
    RT + "sets tools to nil when no tools are referenced",
    RT + "handles duplicate tool references",
    RT + "updates tools when instruction changes",
)
def test_tools_follow_the_instruction(http):
    url = _scenarios_url(http)
    both = (
        "First [@Add Contact Note](tool://add_contact_note) then [@Update Priority](tool://update_priority)"
    )
    assert ok(_post(http, url, instruction=both))["tools"] == ["add_contact_note", "update_priority"]
    assert ok(_post(http, url, instruction="Just respond politely to the customer"))["tools"] is None
    twice = "Use [@Add Contact Note](tool://add_contact_note) and [@Add Contact Note](tool://add_contact_note) again"
    assert ok(_post(http, url, instruction=twice))["tools"] == ["add_contact_note"]
    scenario = ok(_post(http, url, instruction="Use [@Add Contact Note](tool://add_contact_note)"))
    assert scenario["tools"] == ["add_contact_note"]
    changed = {"scenario": {"instruction": "Use [@Update Priority](tool://update_priority) instead"}}
    assert ok(http.patch(f"{url}/{scenario['id']}", json=changed, headers=ADMIN))["tools"] == [
        "update_priority"
    ]


@ports(
    "factory > creates a valid scenario with associations",
    "factory > creates a scenario with all required attributes",
)
def test_the_factory_makes_a_valid_scenario(http):
    url = _scenarios_url(http)
    scenario = ok(_post(http, url))
    assert scenario["assistant_id"] == int(url.split("/")[-2]) and scenario["account_id"] == 1
    assert all(scenario[key] for key in ("title", "description", "instruction"))
