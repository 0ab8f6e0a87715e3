"""Captain scenarios of an assistant, as an unlicensed v4.10 install keeps them.

Source at e13e3c87: enterprise/app/models/captain/scenario.rb and concerns/captain_tools_helpers.rb:
title, description and instruction required; every `[Name](tool://id)` in the instruction must name an
available tool ("Instruction contains invalid tools: a, b"); before_save, `tools` becomes the ids the
instruction references (unique, in order), or nil when it references none, whatever was sent.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.row_changes import save_changes
from fakewoot.store.validation import MSG_BLANK, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

TOOL_REFERENCE = re.compile(r"\[[^\]]+\]\(tool://([^/)]+)\)")  # Concerns::CaptainToolsHelpers
MSG_INVALID_TOOLS = "{attr} contains invalid tools: {tools}"
FIELDS = ("title", "description", "instruction", "enabled")


@dataclass(slots=True)
class Scenario:
    id: int
    account_id: int
    assistant_id: int
    title: str
    description: str
    instruction: str
    created_at: float
    updated_at: float
    tools: list[str] | None = None
    enabled: bool = True


def tool_ids(text: str | None) -> list[str]:
    """extract_tool_ids_from_text: the referenced ids, unique, in order."""
    if blank(text):
        return []
    assert text is not None
    return list(dict.fromkeys(TOOL_REFERENCE.findall(text)))


class CaptainScenarios:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int, assistant_id: int) -> list[Scenario]:
        """assistant.scenarios.enabled (no order clause: id order)."""
        rows = self._store.account(account_id).captain_scenarios.values()
        return sorted((s for s in rows if s.assistant_id == assistant_id and s.enabled), key=lambda s: s.id)

    def get(self, account_id: int, assistant_id: int, scenario_id: int | None) -> Scenario | None:
        scenario = self._store.account(account_id).captain_scenarios.get(scenario_id or 0)
        return scenario if scenario is not None and scenario.assistant_id == assistant_id else None

    def _validate(self, account_id: int, values: dict[str, Any]) -> None:
        errors = Errors()
        for key in ("title", "description", "instruction"):
            if blank(values.get(key)):
                errors.add(key, MSG_BLANK)
        available = {tool["id"] for tool in self._store.captain_assistants.available_tools(account_id)}
        invalid = [tool for tool in tool_ids(values.get("instruction")) if tool not in available]
        if invalid:
            errors.add("instruction", MSG_INVALID_TOOLS, tools=", ".join(invalid))
        errors.raise_if_any()

    def create(
        self, account_id: int, assistant_id: int, values: dict[str, Any], created_at: float | None = None
    ) -> Scenario:
        """`values`: title, description, instruction, enabled (cast; nil is refused by the NOT NULL
        column upstream, so it falls back to the default here)."""
        self._validate(account_id, values)
        account = self._store.account(account_id)
        now = self._store.clock.now() if created_at is None else created_at
        scenario = Scenario(
            id=account.captain_scenarios.next_id(),
            account_id=account_id,
            assistant_id=assistant_id,
            title=values["title"],
            description=values["description"],
            instruction=values["instruction"],
            created_at=now,
            updated_at=now,
            tools=tool_ids(values["instruction"]) or None,
            enabled=values.get("enabled") is not False,
        )
        account.captain_scenarios.add(scenario)
        return scenario

    def update(self, scenario: Scenario, values: dict[str, Any]) -> None:
        merged = {key: getattr(scenario, key) for key in FIELDS} | values
        if merged["enabled"] is None:
            merged["enabled"] = scenario.enabled
        self._validate(scenario.account_id, merged)
        merged["tools"] = tool_ids(merged["instruction"]) or None
        save_changes(scenario, merged, self._store.clock.now())

    def delete(self, scenario: Scenario) -> None:
        self._store.account(scenario.account_id).captain_scenarios.remove(scenario.id)
