"""What a scenario run gives back: one StepResult per step run, and the ScenarioResult around them."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from fakewoot.records import dataclass


class StepFailure(Exception):
    """One step's expectation failed, or it could not run; the message says where and how."""


class ScenarioFailed(AssertionError):
    """raise_for_failure(): the run stopped at a failing step (or could not set up)."""


@dataclass(frozen=True)
class StepResult:
    index: int  # 1-based, as in error messages
    kind: str  # the step's action: request, subscribe, expect_frame, ...
    name: str | None
    ok: bool
    message: str  # what happened, or why it failed
    elapsed: float  # wall seconds

    @property
    def label(self) -> str:
        """`step 3 (Jane replies)`, or `step 3 (expect_frame)` for an unnamed step."""
        return f"step {self.index} ({self.name or self.kind})"

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "name": self.name,
            "ok": self.ok,
            "message": self.message,
            "elapsed": round(self.elapsed, 4),
        }


@dataclass
class ScenarioResult:
    name: str
    source: str
    steps: list[StepResult] = field(default_factory=list)
    error: str | None = None  # set when the run failed outside a step (reset, clock setup)

    @property
    def ok(self) -> bool:
        return self.error is None and all(step.ok for step in self.steps)

    @property
    def failure(self) -> str | None:
        """`<file>: step 2 (name): <why>` for the first failing step; None when the run passed."""
        if self.error is not None:
            return f"{self.source}: {self.error}"
        for step in self.steps:
            if not step.ok:
                return f"{self.source}: {step.label}: {step.message}"
        return None

    def raise_for_failure(self) -> ScenarioResult:
        """Raise ScenarioFailed naming the failing step; return self when the run passed."""
        failure = self.failure
        if failure is not None:
            raise ScenarioFailed(failure)
        return self

    def report(self) -> str:
        """One line per step run (ok/FAIL, label, message, time) and a closing verdict."""
        lines = [f"scenario {self.name} ({self.source})"]
        for step in self.steps:
            mark = "ok  " if step.ok else "FAIL"
            lines.append(f"  {mark} {step.label}: {step.message} [{step.elapsed * 1000:.0f} ms]")
        if self.error is not None:
            lines.append(f"  FAIL {self.error}")
        verdict = "passed" if self.ok else "failed"
        lines.append(f"{verdict}: {sum(step.ok for step in self.steps)}/{len(self.steps)} steps ok")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "ok": self.ok,
            "failure": self.failure,
            "steps": [step.to_json() for step in self.steps],
        }
