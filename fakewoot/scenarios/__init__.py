"""Scenarios: YAML files of ordered steps (HTTP calls as a user, control-API state changes, emitted
/cable events, clock moves, waits, expectations on responses and frames), run against a fake.

    from fakewoot.scenarios import run_scenario
    run_scenario(fake, "fakewoot/fixtures/scenarios/customer_chat.yaml").raise_for_failure()

The format is in model.py and README.md ("Scenarios"); the runner in runner.py
(transport.py: HTTP and /cable over TCP or ASGI; matching.py: `${var}` and subset checks; results.py).
"""

from __future__ import annotations

from fakewoot.scenarios.model import BUILTIN_DIR, Scenario, ScenarioError, load_scenario, parse_scenario
from fakewoot.scenarios.results import ScenarioFailed, ScenarioResult, StepResult
from fakewoot.scenarios.runner import arun_scenario, run_scenario

__all__ = [
    "BUILTIN_DIR",
    "Scenario",
    "ScenarioError",
    "ScenarioFailed",
    "ScenarioResult",
    "StepResult",
    "arun_scenario",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
]
