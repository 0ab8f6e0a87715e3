"""Run a scenario, step by step in file order, against a fake.

Every step talks to the fake the way a client would: HTTP requests (the Chatwoot API as some user,
and the /_fakewoot control API for the clock, emitted events and state), and /cable sockets. Only
the transport differs:

- a URL (the CLI; a running `fakewoot serve`): httpx over TCP and `websockets` sockets;
- a FakeChatwoot from Python: started on a ServerThread for the run, then as a URL;
- in process (the admin endpoint, on the server's own event loop): httpx's ASGITransport into the
  fake's app and /cable sessions driven through the same ASGI app, so nothing waits on itself.

`clock: virtual` freezes the fake's clock for the run (at `start`, or now) and moves it only on
`advance`/`wait`; it is unfrozen afterwards if it was running before. `within` on frame
expectations is always wall time (the network's).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from fakewoot.cable.channels import CHANNEL
from fakewoot.scenarios.matching import lookup, mismatch, short, substitute
from fakewoot.scenarios.model import (
    AdvanceStep,
    EmitStep,
    ExpectFrameStep,
    ExpectNoFrameStep,
    FrameSpec,
    RequestStep,
    Scenario,
    StateStep,
    Step,
    SubscribeStep,
    WaitStep,
    load_scenario,
    parse_scenario,
    step_kind,
)
from fakewoot.scenarios.results import ScenarioResult, StepFailure, StepResult
from fakewoot.scenarios.transport import (
    CableSession,
    Target,
    asgi_target,
    broadcast_matches,
    url_target,
)

if TYPE_CHECKING:
    import httpx

    from fakewoot.control import FakeChatwoot
    from fakewoot.server import ServerThread


CLOCK = "/_fakewoot/clock"


class _Run:
    def __init__(self, scenario: Scenario, target: Target) -> None:
        self.scenario = scenario
        self.target = target
        self.saved: dict[str, Any] = {}
        self.sockets: dict[str, CableSession] = {}

    async def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.target.http.request(method, path, json=body)
        payload = _body(response)
        if response.status_code >= 400:
            raise StepFailure(f"{method} {path} answered {response.status_code}: {short(payload)}")
        return payload

    async def run(self) -> ScenarioResult:
        scenario = self.scenario
        result = ScenarioResult(scenario.name, scenario.source)
        unfreeze = False
        try:
            if scenario.reset:
                await self.control("POST", "/_fakewoot/reset")
            if scenario.virtual:
                state = await self.control("GET", CLOCK)
                unfreeze = not state.get("frozen")
                start = scenario.start if scenario.start is not None else state.get("now")
                await self.control("POST", CLOCK, {"freeze": start})
            for index, step in enumerate(scenario.steps):
                began = time.monotonic()
                kind = step_kind(step)
                try:
                    message = await self.step(step)
                    ok = True
                except StepFailure as failure:
                    message, ok = str(failure), False
                except Exception as exc:  # a transport error: still a per-step message, no traceback
                    message, ok = f"{type(exc).__name__}: {exc}", False
                result.steps.append(
                    StepResult(index + 1, kind, step.name, ok, message, time.monotonic() - began)
                )
                if not ok:
                    break
        except StepFailure as failure:
            result.error = f"setup: {failure}"
        except Exception as exc:
            result.error = f"setup: {type(exc).__name__}: {exc}"
        finally:
            for session in self.sockets.values():
                await session.close()
            if unfreeze:
                with contextlib.suppress(Exception):
                    await self.control("POST", CLOCK, {"unfreeze": True})
        return result

    async def step(self, step: Step) -> str:
        if isinstance(step, RequestStep):
            return await self.request(step)
        if isinstance(step, EmitStep):
            spec = substitute(step.emit.model_dump(), self.saved)
            await self.control("POST", "/_fakewoot/cable/emit", spec)
            return f"emitted {spec['event']}"
        if isinstance(step, AdvanceStep):
            await self.control("POST", CLOCK, {"advance": step.advance})
            return f"clock advanced {step.advance:g}s"
        if isinstance(step, WaitStep):
            if self.scenario.virtual:
                await self.control("POST", CLOCK, {"advance": step.wait})
                return f"waited {step.wait:g}s of virtual time"
            await asyncio.sleep(step.wait)
            return f"waited {step.wait:g}s"
        if isinstance(step, StateStep):
            return await self.state(step)
        if isinstance(step, SubscribeStep):
            return await self.subscribe(step)
        if isinstance(step, ExpectFrameStep):
            return await self.expect_frame(step)
        if isinstance(step, ExpectNoFrameStep):
            return await self.expect_no_frame(step)
        raise StepFailure(f"unknown step {step!r}")  # pragma: no cover

    async def request(self, step: RequestStep) -> str:
        spec = step.request
        path = substitute(spec.path, self.saved)
        headers = {k: str(v) for k, v in substitute(spec.headers, self.saved).items()}
        if step.as_ is not None:
            headers.setdefault("api_access_token", self.scenario.token(substitute(step.as_, self.saved)))
        kwargs: dict[str, Any] = {"headers": headers}
        if "json_body" in spec.model_fields_set:
            kwargs["json"] = substitute(spec.json_body, self.saved)
        if spec.query:
            kwargs["params"] = substitute(spec.query, self.saved)
        response = await self.target.http.request(spec.method, path, **kwargs)
        body = _body(response)
        what = f"{spec.method} {path} -> {response.status_code}"
        expect = step.expect
        wanted = [expect.status] if isinstance(expect.status, int) else expect.status
        if wanted is None and not 200 <= response.status_code < 300:
            raise StepFailure(f"{what}: expected a 2xx status: {short(body)}")
        if wanted is not None and response.status_code not in wanted:
            shown = " or ".join(map(str, wanted))
            raise StepFailure(f"{what}: expected status {shown}, got {response.status_code}: {short(body)}")
        for name, value in substitute(expect.headers, self.saved).items():
            if response.headers.get(name) != str(value):
                raise StepFailure(
                    f"{what}: header {name}: expected {value!r}, got {response.headers.get(name)!r}"
                )
        if expect.checks_json:
            problem = mismatch(substitute(expect.json_body, self.saved), body)
            if problem is not None:
                raise StepFailure(f"{what}: {problem}")
        self.save(step.save, body)
        return what

    def save(self, wanted: dict[str, str], source: Any) -> None:
        for name, path in wanted.items():
            self.saved[name] = lookup(source, path)

    async def state(self, step: StateStep) -> str:
        spec = step.state
        if spec.reset:
            await self.control("POST", "/_fakewoot/reset")
            return "reset to the seeded state"
        if spec.snapshot is not None:
            await self.control("POST", f"/_fakewoot/snapshots/{substitute(spec.snapshot, self.saved)}")
            return f"saved snapshot {spec.snapshot}"
        if spec.restore is not None:
            await self.control("POST", f"/_fakewoot/snapshots/{substitute(spec.restore, self.saved)}/restore")
            return f"restored snapshot {spec.restore}"
        if spec.load is not None:
            await self.control("POST", "/_fakewoot/load", {"fixtures": substitute(spec.load, self.saved)})
            return f"loaded fixtures {spec.load}"
        if spec.fault is not None:
            await self.control("POST", "/_fakewoot/faults", substitute(spec.fault.model_dump(), self.saved))
            return f"fault on {spec.fault.method} {spec.fault.path}"
        await self.control("DELETE", "/_fakewoot/faults")
        return "faults cleared"

    async def subscribe(self, step: SubscribeStep) -> str:
        spec = step.subscribe
        name = substitute(spec.as_, self.saved)
        if name in self.sockets:
            raise StepFailure(f"a socket named {name!r} is already open")
        if spec.pubsub_token is not None:
            token = substitute(spec.pubsub_token, self.saved)
            identifier: dict[str, Any] = {"channel": CHANNEL, "pubsub_token": token}
            if spec.account_id is not None:
                identifier["account_id"] = spec.account_id
        else:
            response = await self.target.http.get(
                "/api/v1/profile", headers={"api_access_token": self.scenario.token(name)}
            )
            profile = _body(response)
            if response.status_code != 200 or not isinstance(profile, dict):
                raise StepFailure(
                    f"GET /api/v1/profile as {name} -> {response.status_code}: {short(profile)}"
                )
            identifier = {
                "channel": CHANNEL,
                "pubsub_token": profile.get("pubsub_token"),
                "account_id": spec.account_id or profile.get("account_id"),
                "user_id": profile.get("id"),
            }
        text = orjson.dumps(identifier).decode()
        session = CableSession(name, await self.target.open_socket())
        self.sockets[name] = session
        await session.socket.send(orjson.dumps({"command": "subscribe", "identifier": text}).decode())
        confirmed = await session.wait_for(
            lambda f: (
                f.get("type") in ("confirm_subscription", "reject_subscription")
                and f.get("identifier") == text
            ),
            spec.within,
        )
        if confirmed is None or confirmed.get("type") != "confirm_subscription":
            answer = (
                "rejected" if confirmed is not None else f"no confirm_subscription within {spec.within:g}s"
            )
            raise StepFailure(f"/cable subscription as {name}: {answer} (identifier {text})")
        return f"subscribed {name} to {CHANNEL}"

    def session(self, name: str) -> CableSession:
        session = self.sockets.get(name)
        if session is None:
            opened = ", ".join(self.sockets) or "none"
            raise StepFailure(f"no socket named {name!r}: subscribe first (open: {opened})")
        return session

    async def expect_frame(self, step: ExpectFrameStep) -> str:
        spec = _resolved_frame(step.expect_frame, self.saved)
        session = self.session(spec.as_)
        frame = await session.wait_for(lambda f: broadcast_matches(spec, f), spec.within)
        what = spec.event or "a broadcast"
        if frame is None:
            raise StepFailure(f"no {what} frame on {spec.as_} within {spec.within:g}s" + _near(spec, session))
        self.save(step.save, frame["message"].get("data"))
        return f"{spec.as_} received {frame['message'].get('event')}"

    async def expect_no_frame(self, step: ExpectNoFrameStep) -> str:
        spec = _resolved_frame(step.expect_no_frame, self.saved)
        session = self.session(spec.as_)
        frame = await session.wait_for(lambda f: broadcast_matches(spec, f), spec.within)
        if frame is not None:
            raise StepFailure(f"{spec.as_} received an unexpected frame: {short(frame['message'])}")
        return f"no {spec.event or 'broadcast'} on {spec.as_} for {spec.within:g}s"


def _resolved_frame(spec: FrameSpec, saved: dict[str, Any]) -> FrameSpec:
    values = {"as": substitute(spec.as_, saved), "within": spec.within}
    if spec.event is not None:
        values["event"] = substitute(spec.event, saved)
    if spec.checks_data:
        values["data"] = substitute(spec.data, saved)
    return type(spec).model_validate(values, strict=False)


def _near(spec: FrameSpec, session: CableSession) -> str:
    """What did arrive: the events not yet matched, and why the nearest one differs."""
    events = session.unconsumed_events()
    text = f"; unmatched frames: {', '.join(events) if events else 'none'}"
    if spec.checks_data:
        for index, frame in enumerate(session.frames):
            message = frame.get("message")
            if index in session.consumed or not isinstance(message, dict):
                continue
            if spec.event is None or message.get("event") == spec.event:
                return text + f"; nearest {message.get('event')}: {mismatch(spec.data, message.get('data'))}"
    return text


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return response.text


# --- entry points -----------------------------------------------------------------------------------


def _scenario(scenario: Scenario | dict[str, Any] | str | Path) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return parse_scenario(scenario)
    return load_scenario(scenario)


async def run_on(target: Target, scenario: Scenario) -> ScenarioResult:
    """Run on a Target and close its HTTP client."""
    try:
        return await _Run(scenario, target).run()
    finally:
        await target.http.aclose()
        target.cleanup()


async def arun_scenario(
    where: str | FakeChatwoot | ServerThread,
    scenario: Scenario | dict[str, Any] | str | Path,
    *,
    control_token: str | None = None,
) -> ScenarioResult:
    """From async code. `where` is a URL, a running ServerThread, or a FakeChatwoot (run in process,
    on this event loop: the fake must not be served by another loop at the same time)."""
    parsed = _scenario(scenario)
    if isinstance(where, str):
        return await run_on(url_target(where, control_token), parsed)
    from fakewoot.server import ServerThread

    if isinstance(where, ServerThread):
        return await run_on(url_target(where.url, where.fake.settings.control_token), parsed)
    return await run_on(asgi_target(where), parsed)


def run_scenario(
    where: str | FakeChatwoot | ServerThread,
    scenario: Scenario | dict[str, Any] | str | Path,
    *,
    control_token: str | None = None,
) -> ScenarioResult:
    """Run a scenario (a file, a parsed mapping or a Scenario) and return its step results.

    `where`: a URL (a running `fakewoot serve`), a ServerThread, or a FakeChatwoot, which is served
    on a ServerThread for the run (pass the ServerThread instead when it is already being served).
    `control_token`: the server's FAKEWOOT_CONTROL_TOKEN, when a URL's server has one.
    Raises ScenarioError for a bad file; a failed expectation is in the result (`.ok`,
    `.failure`, `.raise_for_failure()`)."""
    parsed = _scenario(scenario)
    from fakewoot.server import ServerThread

    if isinstance(where, str | ServerThread):
        return asyncio.run(arun_scenario(where, parsed, control_token=control_token))
    with ServerThread(where) as server:
        return asyncio.run(arun_scenario(server, parsed))
