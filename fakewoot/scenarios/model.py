"""The scenario file format: a name, a clock mode and an ordered list of steps (README "Scenarios").

Every step is a mapping with exactly one action key (`request`, `emit`, `advance`, `wait`, `subscribe`,
`expect_frame`, `expect_no_frame`, `expect_webhook`, `expect_no_webhook`, `state`) plus an optional
`name`; models are strict (unknown fields are errors) and an error names the file, the step (index
and name) and the field.
"""

from __future__ import annotations

import json
from dataclasses import field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from fakewoot.deliveries import wire
from fakewoot.deliveries.journal import DELIVERED, DROPPED, FAILED, HELD, QUEUED, RETRYING, SENDING
from fakewoot.records import dataclass

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# `as:` shortcuts for the default fixture set's tokens (a scenario's `users:` adds or overrides)
DEFAULT_USERS = {
    "admin": "fakewoot-admin-token",
    "agent": "fakewoot-agent-token",
    "globex_admin": "fakewoot-globex-admin-token",
    "platform": "fakewoot-platform-token",
    "bot": "fakewoot-bot-token",
}
DEFAULT_WITHIN = 2.0
DEFAULT_QUIET = 0.5
DELIVERY_STATES = (QUEUED, HELD, SENDING, RETRYING, DELIVERED, FAILED, DROPPED)


class ScenarioError(Exception):
    """A scenario that cannot be loaded; str() names file, step and field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


# --- request ----------------------------------------------------------------------------------------


class HttpRequest(_Model):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str = Field(pattern=r"^/")
    json_body: Any = Field(default=None, alias="json")
    query: dict[str, str | int | float | bool] = Field(default_factory=dict)
    headers: dict[str, str] = Field(default_factory=dict)

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class ResponseExpectation(_Model):
    """`status` (one or a list), `json` (a subset match: extra keys in the response are fine),
    `headers` (exact values, names case-insensitive). Without `status`, any 2xx passes."""

    status: int | list[int] | None = None
    json_body: Any = Field(default=None, alias="json")
    headers: dict[str, str] = Field(default_factory=dict)

    @property
    def checks_json(self) -> bool:
        return "json_body" in self.model_fields_set


class RequestStep(_Model):
    name: str | None = None
    as_: str | None = Field(default=None, alias="as")
    request: HttpRequest
    expect: ResponseExpectation = Field(default_factory=ResponseExpectation)
    save: dict[str, str] = Field(default_factory=dict)


# --- events, time, state ----------------------------------------------------------------------------


class EmitSpec(_Model):
    event: str = Field(min_length=1)
    data: dict[str, Any] = Field(default_factory=dict)
    to: str | int | None = None


class EmitStep(_Model):
    name: str | None = None
    emit: EmitSpec


class AdvanceStep(_Model):
    name: str | None = None
    advance: float = Field(ge=0)


class WaitStep(_Model):
    name: str | None = None
    wait: float = Field(ge=0)


class FaultSpec(_Model):
    method: str = "*"
    path: str = Field(min_length=1)
    status: int | None = None
    body: Any = None
    latency: float = Field(default=0.0, ge=0)
    drop: bool = False
    times: int = 1


class StateSpec(_Model):
    """Control-API state changes: exactly one of these keys."""

    reset: bool | None = None
    snapshot: str | None = Field(default=None, min_length=1)
    restore: str | None = Field(default=None, min_length=1)
    load: str | None = Field(default=None, min_length=1)
    fault: FaultSpec | None = None
    clear_faults: bool | None = None

    @model_validator(mode="after")
    def _one(self) -> StateSpec:
        chosen = [key for key in self.model_fields_set if getattr(self, key) is not None]
        if len(chosen) != 1:
            raise ValueError("give exactly one of reset, snapshot, restore, load, fault, clear_faults")
        return self


class StateStep(_Model):
    name: str | None = None
    state: StateSpec


# --- /cable -----------------------------------------------------------------------------------------


class SubscribeSpec(_Model):
    """Open a /cable socket named `as`. Without `pubsub_token`, `as` is a user (shortcut or token)
    whose profile gives the pubsub token, user id and account; with it, a contact subscription."""

    as_: str = Field(alias="as", min_length=1)
    pubsub_token: str | None = Field(default=None, min_length=1)
    account_id: int | None = None
    within: float = Field(default=DEFAULT_WITHIN, gt=0)


class SubscribeStep(_Model):
    name: str | None = None
    subscribe: SubscribeSpec


class FrameSpec(_Model):
    """A broadcast on socket `as`: its `event` and a subset of its `data`; `within` wall seconds."""

    as_: str = Field(alias="as", min_length=1)
    event: str | None = None
    data: Any = None
    within: float = Field(default=DEFAULT_WITHIN, gt=0)

    @property
    def checks_data(self) -> bool:
        return "data" in self.model_fields_set


class ExpectFrameStep(_Model):
    name: str | None = None
    expect_frame: FrameSpec
    save: dict[str, str] = Field(default_factory=dict)


class NoFrameSpec(FrameSpec):
    within: float = Field(default=DEFAULT_QUIET, gt=0)


class ExpectNoFrameStep(_Model):
    name: str | None = None
    expect_no_frame: NoFrameSpec


# --- outgoing calls (webhooks, agent bots, API-inbox callbacks) --------------------------------------


class NoWebhookSpec(_Model):
    """Deliveries fakewoot makes: the webhook `event` (`message_created`), a subset of the payload
    (`data`, as for frames), the target `kind` and `url`; `within` wall seconds."""

    event: str | None = Field(default=None, min_length=1)
    data: dict[str, Any] | None = None
    kind: str | None = None
    url: str | None = Field(default=None, min_length=1)
    within: float = Field(default=DEFAULT_QUIET, gt=0)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value not in wire.KINDS:
            raise ValueError(f"kind must be one of {', '.join(wire.KINDS)}")
        return value

    @property
    def checks_data(self) -> bool:
        return self.data is not None


class WebhookSpec(NoWebhookSpec):
    """The first not-yet-matched delivery like this, once finished (delivered, failed or dropped), or
    in `state`; with `secret`, its X-Chatwoot-Signature must verify over the body sent."""

    state: str | None = None
    secret: str | None = Field(default=None, min_length=1)
    within: float = Field(default=DEFAULT_WITHIN, gt=0)

    @field_validator("state")
    @classmethod
    def _known_state(cls, value: str | None) -> str | None:
        if value is not None and value not in DELIVERY_STATES:
            raise ValueError(f"state must be one of {', '.join(DELIVERY_STATES)}")
        return value


class ExpectWebhookStep(_Model):
    name: str | None = None
    expect_webhook: WebhookSpec
    save: dict[str, str] = Field(default_factory=dict)


class ExpectNoWebhookStep(_Model):
    name: str | None = None
    expect_no_webhook: NoWebhookSpec


Step = (
    RequestStep
    | EmitStep
    | AdvanceStep
    | WaitStep
    | StateStep
    | SubscribeStep
    | ExpectFrameStep
    | ExpectNoFrameStep
    | ExpectWebhookStep
    | ExpectNoWebhookStep
)
STEP_KINDS: dict[str, type[_Model]] = {
    "request": RequestStep,
    "emit": EmitStep,
    "advance": AdvanceStep,
    "wait": WaitStep,
    "state": StateStep,
    "subscribe": SubscribeStep,
    "expect_frame": ExpectFrameStep,
    "expect_no_frame": ExpectNoFrameStep,
    "expect_webhook": ExpectWebhookStep,
    "expect_no_webhook": ExpectNoWebhookStep,
}


def step_kind(step: Step) -> str:
    for kind, model in STEP_KINDS.items():
        if isinstance(step, model):
            return kind
    raise TypeError(step)  # pragma: no cover


# --- the file ---------------------------------------------------------------------------------------


class ScenarioHeader(_Model):
    name: str = Field(min_length=1)
    description: str | None = None
    clock: Literal["virtual", "wall"] = "wall"
    start: str | int | float | None = None  # virtual: freeze here (ISO-8601 or Unix); default: now
    reset: bool = False  # POST /_fakewoot/reset before the first step
    users: dict[str, str] = Field(default_factory=dict)
    # `${name}` values known before the first step (a run's `variables` override them)
    variables: dict[str, Any] = Field(default_factory=dict, alias="vars")
    steps: list[Any] = Field(min_length=1)


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: list[Step]
    source: str = "<scenario>"
    description: str | None = None
    clock: Literal["virtual", "wall"] = "wall"
    start: str | int | float | None = None
    reset: bool = False
    users: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def virtual(self) -> bool:
        return self.clock == "virtual"

    def token(self, who: str) -> str:
        """`as:` value -> api_access_token: a scenario alias, a default shortcut, or the raw token."""
        return self.users.get(who) or DEFAULT_USERS.get(who) or who

    def step_label(self, index: int) -> str:
        """`step 3 (Jane replies)`: 1-based, with the step's name when it has one."""
        step = self.steps[index]
        return f"step {index + 1}" + (f" ({step.name})" if step.name else f" ({step_kind(step)})")


def resolve_path(path: str | Path) -> Path:
    """A scenario file, or the name of a built-in example (`customer_chat`)."""
    candidate = Path(path)
    if candidate.is_file():
        return candidate
    for name in (candidate.name, candidate.name + ".yaml"):
        builtin = BUILTIN_DIR / name
        if builtin.is_file() and candidate.parent == Path("."):
            return builtin
    raise ScenarioError(f"{path}: no such scenario file")


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (YAML or JSON)."""
    file = resolve_path(path)
    try:
        text = file.read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = json.loads(text) if file.suffix.lower() == ".json" else yaml.load(text, Loader=loader)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScenarioError(f"{file}: cannot be read: {first}") from None
    return parse_scenario(raw, source=str(file))


def parse_scenario(raw: Any, source: str = "<scenario>") -> Scenario:
    """Validate a parsed scenario (a mapping, as YAML or JSON gives it)."""
    if isinstance(raw, Scenario):
        return raw
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: the top level must be a mapping (name, clock, steps)")
    try:
        header = ScenarioHeader.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_describe(source, "", exc)) from None
    steps: list[Step] = []
    problems: list[str] = []
    for index, item in enumerate(header.steps):
        try:
            steps.append(_parse_step(item, header.clock))
        except _StepProblem as problem:
            problems.append(f"{source}: {_where(index, item)}: {problem}")
        except ValidationError as exc:
            problems.append(_describe(source, _where(index, item) + ": ", exc))
    if problems:
        raise ScenarioError("\n".join(problems))
    return Scenario(
        name=header.name,
        steps=steps,
        source=source,
        description=header.description,
        clock=header.clock,
        start=header.start,
        reset=header.reset,
        users=dict(header.users),
        variables=dict(header.variables),
    )


class _StepProblem(Exception):
    pass


def _where(index: int, item: Any) -> str:
    name = item.get("name") if isinstance(item, dict) else None
    return f"steps[{index}]" + (f" ({name})" if isinstance(name, str) and name else "")


def _parse_step(item: Any, clock: str) -> Step:
    if not isinstance(item, dict):
        raise _StepProblem("a step must be a mapping with one action key: " + ", ".join(STEP_KINDS))
    kinds = [key for key in item if key in STEP_KINDS]
    if len(kinds) != 1:
        found = "none" if not kinds else " and ".join(kinds)
        raise _StepProblem(f"a step takes exactly one of {', '.join(STEP_KINDS)} (found {found})")
    if kinds[0] == "advance" and clock != "virtual":
        raise _StepProblem("field 'advance': moving the clock needs `clock: virtual`")
    step: Step = STEP_KINDS[kinds[0]].model_validate(item)  # type: ignore[assignment]
    return step


def _describe(source: str, where: str, exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "(step)"
        lines.append(f"{source}: {where}field '{loc}': {error['msg']}")
    return "\n".join(lines)
